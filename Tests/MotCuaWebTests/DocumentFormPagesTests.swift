import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaServer
import MotCuaStore
import Testing

/// The e-office's entry forms in the console: a specialist drafts an outgoing document
/// with attachments, the clerk registers a paper document with its scan (multipart forms).
@Suite("Web console document forms")
struct DocumentFormPagesTests {
    static let boundary = "----motcua-test-7d1f"

    /// A multipart/form-data body of `fields` (repeated names allowed) and `files`.
    static func multipart(_ fields: [(String, String)], files: [(field: String, name: String, type: String, bytes: [UInt8])] = []) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for f in files {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.name)\"\r\nContent-Type: \(f.type)\r\n\r\n".utf8)
            out += f.bytes + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    static let contentType = "multipart/form-data; boundary=\(boundary)"
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + [0x00, 0xFF, 0xFE, 0x0D, 0x0A] + Array("Kế hoạch\n".utf8)

    @Test("a specialist drafts with recipients and attachments; refusals keep what was typed; other roles are refused")
    func drafting() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("chuyenvien", role: .specialist, department: "QLKH")
        _ = try await console.officer("vanthu", role: .clerk, department: "VP")
        _ = try await console.store.syncAgencies([Agency(code: "000.00.32.H58", name: "Sở Tài chính"),
                                                  Agency(code: "000.00.33.H58", name: "Sở Nội vụ")], at: console.clock.now)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "chuyenvien")
            let form = try await console.send(client, .get, "/documents/new")
            #expect(form.status == .ok && form.html.contains("enctype=\"multipart/form-data\""))
            #expect(form.html.contains("<option value=\"QD\">Quyết định</option>") && form.html.contains("<option value=\"CV\" selected>Công văn</option>"))
            #expect(form.html.contains("<input type=\"checkbox\" name=\"recipients\" value=\"000.00.33.H58\"> Sở Nội vụ (000.00.33.H58)"))
            #expect(form.html.contains("<a href=\"/documents/new\">Soạn văn bản đi</a>"))
            let csrf = try #require(form.hidden("csrf"))
            // No recipient: the rules' refusal, in Vietnamese, with the subject kept.
            let none = try await console.send(client, .post, "/documents/new", bytes: Self.multipart(
                [("csrf", csrf), ("type", "CV"), ("subject", "Về việc <phối hợp>")]), contentType: Self.contentType)
            #expect(none.status == .unprocessableContent && none.html.contains("Văn bản đi cần ít nhất một nơi nhận"))
            #expect(none.html.contains(">Về việc &lt;phối hợp&gt;</textarea>"))
            let missing = try await console.send(client, .post, "/documents/new", bytes: Self.multipart(
                [("csrf", csrf), ("type", "CV"), ("recipients", "000.00.32.H58")]), contentType: Self.contentType)
            #expect(missing.status == .unprocessableContent && missing.html.contains("Trích yếu là bắt buộc."))
            let forged = try await console.send(client, .post, "/documents/new", bytes: Self.multipart(
                [("csrf", "x"), ("type", "CV"), ("subject", "s"), ("recipients", "000.00.32.H58")]), contentType: Self.contentType)
            #expect(forged.status == .forbidden)
            let garbled = try await console.send(client, .post, "/documents/new", rawBody: "--nope\r\n\r\n", contentType: Self.contentType)
            #expect(garbled.status == .badRequest || garbled.status == .forbidden)
            #expect(try await console.store.list(.init(), limit: 10, after: nil).items.isEmpty)

            let made = try await console.send(client, .post, "/documents/new", bytes: Self.multipart(
                [("csrf", csrf), ("type", "KH"), ("subject", "Kế hoạch kiểm tra an toàn bức xạ năm 2027"), ("content", "Nội dung kế hoạch"),
                 ("priority", "1"), ("recipients", "000.00.32.H58"), ("recipients", "000.00.33.H58")],
                files: [("attachments", "Kế hoạch 2027.pdf", "application/pdf", Self.pdf),
                        ("attachments", "C:\\Users\\cv\\phu-luc.txt", "text/plain", Array("Phụ lục".utf8))]), contentType: Self.contentType)
            #expect(made.status == .seeOther, "\(made.html)")
            let code = try #require(made.headers[.location]?.split(separator: "/").last.map(String.init))
            let d = try #require(try await console.store.dossier(code))
            #expect(d.state == "draft" && d.kind == .outgoingDocument && d.department == "QLKH")
            #expect(d.document?.header.to.map(\.organId) == ["000.00.32.H58", "000.00.33.H58"])
            #expect(d.document?.header.numberAndNotation == "KH-SKHCN" && d.document?.header.urgency == .urgent)
            #expect(d.document?.attachments.map(\.name) == ["Kế hoạch 2027.pdf", "phu-luc.txt"])
            let files = try await console.store.documentFiles(code)
            #expect(files.map(\.name) == ["01-Kế hoạch 2027.pdf", "02-phu-luc.txt"])
            #expect(files.first.map { Array($0.bytes) } == Self.pdf)
            let page = try await console.send(client, .get, "/dossiers/\(code)")
            #expect(page.html.contains("Kế hoạch 2027.pdf"))
        }
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            _ = try await console.signIn(client, username: "vanthu")
            #expect(try await console.send(client, .get, "/documents/new").status == .forbidden)
        }
    }

    @Test("the clerk registers a paper document with its scan: numbered at once; bad forms write nothing")
    func paper() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("vanthu", role: .clerk, department: "VP")
        _ = try await console.officer("chuyenvien", role: .specialist, department: "QLKH")
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "vanthu")
            let form = try await console.send(client, .get, "/documents/paper")
            #expect(form.status == .ok && form.html.contains("<input id=\"scan\" name=\"scan\" type=\"file\""))
            let csrf = try #require(form.hidden("csrf"))
            let fields: [(String, String)] = [("csrf", csrf), ("organName", "UBND huyện Đại Từ"), ("number", "125"), ("notation", "UBND-VP"),
                                              ("date", "2027-02-25"), ("typeName", "Công văn"), ("subject", "Về việc đề nghị hỗ trợ kinh phí"),
                                              ("priority", "0")]
            let bad = try await console.send(client, .post, "/documents/paper", bytes: Self.multipart(
                fields.filter { $0.0 != "subject" } + [("date", "ignored")]), contentType: Self.contentType)
            #expect(bad.status == .unprocessableContent && bad.html.contains("Trích yếu là bắt buộc."))
            #expect(bad.html.contains("value=\"UBND huyện Đại Từ\""))
            let badDate = try await console.send(client, .post, "/documents/paper", bytes: Self.multipart(
                fields.map { $0.0 == "date" ? ("date", "25/02/2027") : $0 }), contentType: Self.contentType)
            #expect(badDate.status == .unprocessableContent && badDate.html.contains("Ngày văn bản không hợp lệ."))
            let huge = try await console.send(client, .post, "/documents/paper", bytes: Self.multipart(
                fields, files: [("scan", "big.pdf", "application/pdf", [UInt8](repeating: 0x41, count: (25 << 20) + 1))]),
                contentType: Self.contentType)
            #expect(huge.status == .contentTooLarge)
            #expect(try await console.store.list(.init(), limit: 10, after: nil).items.isEmpty)

            let made = try await console.send(client, .post, "/documents/paper", bytes: Self.multipart(
                fields, files: [("scan", "125-UBND.pdf", "application/pdf", Self.pdf)]), contentType: Self.contentType)
            #expect(made.status == .seeOther, "\(made.html)")
            let code = try #require(made.headers[.location]?.split(separator: "/").last.map(String.init))
            let d = try #require(try await console.store.dossier(code))
            #expect(d.state == "registered" && d.document?.registerNumber == 1 && d.document?.book == "den")
            #expect(d.document?.header.numberAndNotation == "125/UBND-VP" && d.document?.source == .paper)
            #expect(try await console.store.documentFiles(code).map { Array($0.bytes) } == [Self.pdf])
            // The same paper document again: flagged as a duplicate (the rules say flag), numbered 2.
            let again = try await console.send(client, .post, "/documents/paper", bytes: Self.multipart(fields), contentType: Self.contentType)
            #expect(again.status == .seeOther)
        }
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            _ = try await console.signIn(client, username: "chuyenvien")
            #expect(try await console.send(client, .get, "/documents/paper").status == .forbidden)
        }
    }

    @Test("a reply drafted from an incoming document: linked both ways, named in ResponseFor, shown in the tracking register")
    func reply() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let clerk = try await console.officer("vanthu", role: .clerk, department: "VP")
        let director = try await console.officer("giamdoc", role: .director, department: nil)
        _ = try await console.officer("chuyenvien", role: .specialist, department: "QLKH")
        _ = try await console.officer("chuyenvienqlcn", role: .specialist, department: "QLCN")
        _ = try await console.store.syncAgencies([Agency(code: "000.00.32.H58", name: "Sở Tài chính"),
                                                  Agency(code: "000.00.33.H58", name: "Sở Nội vụ")], at: console.clock.now)
        let incoming = try await RegisterBookPageTests().received(console, clerk: clerk, number: "15", subject: "Về việc dự toán năm 2028")
        var instruct = Command(action: "instruct", note: "QLKH chủ trì")
        instruct.lead = "QLKH"
        _ = try await console.store.perform(instruct, on: incoming.code, by: director.actor, at: console.clock.now, catalog: console.catalog,
                                            calendar: console.calendar)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "chuyenvien")
            let page = try await console.send(client, .get, "/dossiers/\(incoming.code)")
            #expect(page.html.contains("<a href=\"/documents/new?replyTo=\(incoming.code)\">Soạn văn bản trả lời</a>"))
            let form = try await console.send(client, .get, "/documents/new?replyTo=\(incoming.code)")
            #expect(form.html.contains("<input type=\"hidden\" name=\"replyTo\" value=\"\(incoming.code)\">"))
            #expect(form.html.contains("15/STC-NS của Sở Tài chính: Về việc dự toán năm 2028"))
            #expect(form.html.contains("value=\"000.00.32.H58\" checked> Sở Tài chính"))
            #expect(!form.html.contains("value=\"000.00.33.H58\" checked>"))
            let made = try await console.send(client, .post, "/documents/new", bytes: Self.multipart(
                [("csrf", try #require(form.hidden("csrf"))), ("type", "CV"), ("subject", "Về việc trả lời dự toán năm 2028"),
                 ("recipients", "000.00.32.H58"), ("replyTo", incoming.code)]), contentType: Self.contentType)
            #expect(made.status == .seeOther, "\(made.html)")
            let code = try #require(made.headers[.location]?.split(separator: "/").last.map(String.init))
            let reply = try #require(try await console.store.dossier(code)?.document)
            #expect(reply.replyTo == incoming.code)
            #expect(reply.header.responseFor.map(\.documentId) == [incoming.document?.header.documentId])
            #expect(reply.header.responseFor.first?.code == "15/STC-NS")
            let after = try await console.send(client, .get, "/dossiers/\(incoming.code)")
            #expect(after.html.contains("<dt>Văn bản trả lời</dt><dd><a href=\"/dossiers/\(code)\">Dự thảo \(code)</a></dd>"))
        }
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            // Another department's specialist, who cannot read it, cannot reply to it either.
            _ = try await console.signIn(client, username: "chuyenvienqlcn")
            let page = try await console.send(client, .get, "/documents/new?replyTo=\(incoming.code)")
            #expect(!page.html.contains("name=\"replyTo\""))
            let forged = try await console.send(client, .post, "/documents/new", bytes: Self.multipart(
                [("csrf", try #require(page.hidden("csrf"))), ("type", "CV"), ("subject", "s"), ("recipients", "000.00.32.H58"),
                 ("replyTo", incoming.code)]), contentType: Self.contentType)
            #expect(forged.status == .unprocessableContent && forged.html.contains("Không có văn bản đến"))
        }
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            _ = try await console.signIn(client, username: "vanthu")
            let tracking = try await console.send(client, .get, "/registers/den?year=2027&view=tracking")
            #expect(tracking.html.contains("<td>Dự thảo "), "\(tracking.html)")
        }
    }
}
