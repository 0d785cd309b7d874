import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The desk's intake: procedure choice, the form (the API's rule, errors next to their
/// field, input kept), the receipt.
@Suite("Web console desk intake and receipt")
struct DeskPageTests {
    func intakeForm(_ console: Console, _ client: some TestClientProtocol) async throws -> Page {
        let chooser = try await console.send(client, .get, "/desk")
        #expect(chooser.status == .ok && chooser.html.contains("href=\"/desk/new?procedure=1.000173\""))
        return try await console.send(client, .get, "/desk/new?procedure=1.000173")
    }

    func dossiers(_ console: Console) async throws -> Int { try await console.count("dossiers") }

    @Test("a refused form keeps what was typed and says why next to the field; nothing is written")
    func refusedKeepsInput() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let form = try await intakeForm(console, client)
            #expect(form.status == .ok)
            for (id, label) in [("applicant-name", "Họ và tên / tên tổ chức"), ("applicant-phone", "Số điện thoại"), ("applicant-email", "Thư điện tử"),
                                ("summary", "Trích yếu nội dung"), ("doc-0", "")] {
                #expect(form.html.contains("<label for=\"\(id)\">\(label)"), "\(id)")
            }
            let csrf = try #require(form.hidden("csrf"))
            var fields = ["csrf": csrf, "procedureCode": "1.000173", "applicant.kind": "citizen", "channel": "direct",
                          "applicant.name": "", "applicant.phone": "0905 123 456", "applicant.email": "thu@example.vn",
                          "summary": "Cấp chứng chỉ <b>gấp</b>", "doc.0": "1", "doc.0.copies": "2", "doc.0.form": "copy"]
            let noName = try await console.send(client, .post, "/desk/new", form: fields)
            #expect(noName.status == .unprocessableContent)
            #expect(noName.html.contains("id=\"applicant-name-error\">Thông tin này là bắt buộc."))
            #expect(noName.html.contains("value=\"0905 123 456\"") && noName.html.contains("value=\"thu@example.vn\""))
            #expect(noName.html.contains("Cấp chứng chỉ &lt;b&gt;gấp&lt;/b&gt;</textarea>"))
            #expect(noName.html.contains("name=\"doc.0.form\" value=\"copy\" checked"))

            fields["applicant.name"] = "Trần Thị Bình"
            fields["applicant.email"] = "not an address"
            let badEmail = try await console.send(client, .post, "/desk/new", form: fields)
            #expect(badEmail.status == .unprocessableContent && badEmail.html.contains("Địa chỉ thư điện tử không hợp lệ."))

            fields["applicant.email"] = "thu@example.vn"
            fields["doc.0.copies"] = "nhiều"
            let badCopies = try await console.send(client, .post, "/desk/new", form: fields)
            #expect(badCopies.status == .unprocessableContent && badCopies.html.contains("class=\"error\""))

            fields["doc.0.copies"] = "2"
            fields["csrf"] = "forged"
            #expect(try await console.send(client, .post, "/desk/new", form: fields).status == .forbidden)
            #expect(try await dossiers(console) == 0)
        }
    }

    @Test("an accepted form logs the dossier and opens its receipt with the appointment and the documents; names escaped")
    func receipt() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let form = try await intakeForm(console, client)
            let fields = ["csrf": try #require(form.hidden("csrf")), "procedureCode": "1.000173", "applicant.kind": "citizen",
                          "channel": "direct", "applicant.name": "\"><img src=x onerror=alert(1)>", "applicant.phone": "0905123456",
                          "summary": "Cấp chứng chỉ nhân viên bức xạ", "doc.0": "1", "doc.0.copies": "2", "doc.0.form": "copy"]
            let logged = try await console.send(client, .post, "/desk/new", form: fields)
            #expect(logged.status == .seeOther)
            let location = try #require(logged.headers[.location])
            #expect(location.hasPrefix("/dossiers/") && location.hasSuffix("/receipt"))
            let code = String(location.dropFirst("/dossiers/".count).dropLast("/receipt".count))
            let d = try #require(try await console.store.dossier(code))
            #expect(d.channel == .direct && d.documents == [SubmittedDocument(name: d.documents[0].name, copies: 2, form: .copy)])
            #expect(d.applicant.phone == "0905123456")

            let receipt = try await console.send(client, .get, location)
            #expect(receipt.status == .ok)
            #expect(receipt.html.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") && receipt.html.contains(code))
            #expect(receipt.html.contains("<svg") && receipt.html.contains("aria-label=\"Mã QR của hồ sơ \(code)\""))
            #expect(receipt.html.contains("class=\"appointment\">\(vietnamTime(try #require(d.dueAt)))<"))
            #expect(receipt.html.contains("<td>Bản sao</td><td class=\"num\">2</td>") && receipt.html.contains("10 ngày làm việc"))
            #expect(!receipt.html.contains("<img src=x") && receipt.html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            #expect(try await console.store.accessLog(dossier: code).contains { $0.view == "receipt" })
        }
    }

    @Test("the desk's lists: online submissions to accept, results to hand back, each a click from the list")
    func deskLists() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let at = Timestamp.parse("2027-03-01T09:00:00+07:00")!
        let online = try await console.submitOnline("Đặng Văn Trực Tuyến", at: at)
        #expect(online.state == "submitted")
        let walked = try await console.walkToResult(try await console.log("Bùi Thị Kết Quả", at: at).code, at: at)
        #expect(walked.state == "result_ready")
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let desk = try await console.send(client, .get, "/desk")
            let onlinePart = try #require(desk.html.components(separatedBy: "id=\"online\"").last?.components(separatedBy: "id=\"ready\"").first)
            let readyPart = try #require(desk.html.components(separatedBy: "id=\"ready\"").last)
            #expect(onlinePart.contains(online.code) && onlinePart.contains("Đặng Văn Trực Tuyến") && !onlinePart.contains(walked.code))
            #expect(onlinePart.contains("value=\"accept\"") && onlinePart.contains("Từ chối / thao tác khác"))
            #expect(readyPart.contains(walked.code) && readyPart.contains("value=\"deliver\""))

            let csrf = try #require(desk.hidden("csrf"))
            let accepted = try await console.send(client, .post, "/dossiers/\(online.code)/actions",
                                                  form: ["csrf": csrf, "action": "accept", "version": "\(online.version)", "back": "/desk"])
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/desk")
            #expect(try await console.store.dossier(online.code)?.state == "received")
            let delivered = try await console.send(client, .post, "/dossiers/\(walked.code)/actions",
                                                   form: ["csrf": csrf, "action": "deliver", "version": "\(walked.version)",
                                                          "back": "https://evil.example/"])
            // Anything but the desk as the way back is ignored: the dossier page, never another site.
            #expect(delivered.status == .seeOther && delivered.headers[.location] == "/dossiers/\(walked.code)")
            #expect(try await console.store.dossier(walked.code)?.state == "returned")
            let after = try await console.send(client, .get, "/desk")
            #expect(after.html.contains("Không có hồ sơ trực tuyến nào đang chờ.") && after.html.contains("Không có kết quả nào đang chờ trả."))
        }
    }

    @Test("only the desk logs dossiers from the console")
    func deskOnly() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("hung", role: .departmentHead, department: "QLCN")
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "hung")
            #expect(try await console.send(client, .get, "/desk").status == .forbidden)
            #expect(try await console.send(client, .get, "/desk/new?procedure=1.000173").status == .forbidden)
            let home = try await console.send(client, .get, "/")
            let post = try await console.send(client, .post, "/desk/new",
                                              form: ["csrf": try #require(home.hidden("csrf")), "procedureCode": "1.000173", "applicant.name": "X"])
            #expect(post.status == .forbidden)
            #expect(try await dossiers(console) == 0)
        }
    }
}
