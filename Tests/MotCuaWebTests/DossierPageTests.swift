import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The dossier page: what it shows, the action forms the engine allows, conflicts, CSRF and
/// officers of other departments.
@Suite("Web console dossier page")
struct DossierPageTests {
    let loggedAt = Timestamp.parse("2027-03-01T09:00:00+07:00")!

    func vn(_ date: Date) -> String { vietnamTime(date) }

    func forms(_ page: Page) -> [String] {
        page.html.components(separatedBy: "name=\"action\" value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("header, documents, the control slip and the desk's forms; forwarding moves the dossier on and is logged")
    func showAndAct() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let d = try await console.log("<script>alert(1)</script>", at: loggedAt)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            #expect(page.status == .ok)
            #expect(page.html.contains("<title>Hồ sơ \(d.code) — motcua</title>"))
            #expect(page.html.contains("class=\"appointment\">\(vn(d.dueAt!))<"))
            #expect(page.html.contains("class=\"state\">Đã tiếp nhận<"))
            #expect(!page.html.contains("<script>alert(1)</script>") && page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.html.contains("Phiếu kiểm soát quá trình giải quyết hồ sơ") && page.html.contains(vn(d.stepDueAt!)))
            #expect(forms(page).contains("forward") && forms(page).contains("request_supplement"))
            #expect(page.html.contains("id=\"reason-request_supplement\"") && page.html.contains("id=\"items-request_supplement\""))
            #expect(page.hidden("version") == "1")

            let moved = try await console.send(client, .post, "/dossiers/\(d.code)/actions",
                                               form: ["csrf": try #require(page.hidden("csrf")), "action": "forward", "version": "1"])
            #expect(moved.status == .seeOther && moved.headers[.location] == "/dossiers/\(d.code)")
            let after = try await console.send(client, .get, "/dossiers/\(d.code)")
            #expect(try await console.store.dossier(d.code)?.version == 2)
            // The next step is the department head's: the desk may no longer forward it.
            #expect(!forms(after).contains("forward"))
            #expect(after.html.contains("class=\"state\">Trưởng phòng phân công thụ lý<"))
            #expect(after.html.components(separatedBy: "<tr><td>").count - 1 == 2)  // two slip rows (no documents)
        }
        #expect(try await console.store.accessLog(dossier: d.code).contains { $0.view == "dossier-page" })
    }

    @Test("'why this appointment?' shows the counting start, the skipped weekend and a supplement round moving the appointment")
    func whyThisAppointment() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        // Friday 26 February 2027, 18:00: after hours.
        let d = try await console.log("Trần Thị B", at: Timestamp.parse("2027-02-26T18:00:00+07:00")!)
        let desk = console.desk.actor
        for (action, time) in [("request_supplement", "2027-03-02T09:00:00+07:00"), ("submit_supplement", "2027-03-04T10:00:00+07:00")] {
            let command = Command(action: action, reason: "Thiếu", items: ["Phiếu khám sức khỏe"])
            _ = try await console.store.perform(command, on: d.code, by: desk, at: Timestamp.parse(time)!, catalog: console.catalog,
                                                calendar: console.calendar)
        }
        let now = try #require(try await console.store.dossier(d.code))
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            #expect(page.html.contains("Vì sao hẹn trả ngày này?"))
            #expect(page.html.contains("Tiếp nhận ngoài giờ làm việc"))
            #expect(page.html.contains("Bắt đầu tính hạn: <strong>01/03/2027 07:30</strong>"))
            #expect(page.html.contains("Thứ Bảy 06/03/2027"))
            #expect(page.html.contains("Hẹn trả khi tiếp nhận: <strong>15/03/2027 07:30</strong>"))
            #expect(page.html.contains("(lần 1)") && page.html.contains("chờ 16 giờ trong giờ làm việc"))
            #expect(page.html.contains("Hẹn trả lùi từ 15/03/2027 07:30 sang \(vn(now.dueAt!))."))
            #expect(page.html.contains("Hẹn trả hiện nay: <strong class=\"appointment\">\(vn(now.dueAt!))</strong>"))
        }
    }

    @Test("a form sent twice on the same version: the second says the dossier changed (409) and nothing is applied twice")
    func conflict() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let d = try await console.log("Trần Văn B", at: loggedAt)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            let form = ["csrf": try #require(page.hidden("csrf")), "action": "forward", "version": "1"]
            #expect(try await console.send(client, .post, "/dossiers/\(d.code)/actions", form: form).status == .seeOther)
            let again = try await console.send(client, .post, "/dossiers/\(d.code)/actions", form: form)
            #expect(again.status == .conflict)
            #expect(again.html.contains("Hồ sơ vừa được cập nhật bởi người khác"))
            #expect(!again.html.contains("class=\"state\">Đã tiếp nhận<"))  // shown afresh
            #expect(try await console.store.events(d.code).count == 2)
        }
    }

    @Test("without the session's form token an action is refused with 403 and writes nothing; a missing field is said in Vietnamese")
    func csrfAndFields() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let d = try await console.log("Lê Thị C", at: loggedAt)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            for token in [nil, "forged", String(try #require(page.hidden("csrf")).reversed())] {
                var form = ["action": "forward", "version": "1"]
                form["csrf"] = token
                let refused = try await console.send(client, .post, "/dossiers/\(d.code)/actions", form: form)
                #expect(refused.status == .forbidden)
            }
            let missing = try await console.send(client, .post, "/dossiers/\(d.code)/actions",
                                                 form: ["csrf": try #require(page.hidden("csrf")), "action": "stop", "version": "1"])
            #expect(missing.status == .unprocessableContent && missing.html.contains("Còn thiếu thông tin: lý do."))
            #expect(try await console.store.events(d.code).count == 1)
        }
    }

    @Test("an officer of another department sees no page and gets 403 for an action, and nothing is written")
    func otherDepartment() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("khoa", role: .specialist, department: "QLKH")
        let d = try await console.log("Phạm Văn D", at: loggedAt)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "khoa")
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            #expect(page.status == .notFound && forms(page).isEmpty && !page.html.contains("Phạm Văn D"))
            let home = try await console.send(client, .get, "/")
            let act = try await console.send(client, .post, "/dossiers/\(d.code)/actions",
                                             form: ["csrf": try #require(home.hidden("csrf")), "action": "forward", "version": "1"])
            #expect(act.status == .forbidden)
            let unknown = try await console.send(client, .post, "/dossiers/NO-SUCH/actions",
                                                 form: ["csrf": try #require(home.hidden("csrf")), "action": "forward", "version": "1"])
            #expect(unknown.status == .forbidden)
            #expect(try await console.store.events(d.code).count == 1)
        }
    }

    @Test("the department head's assignment form lists only active officers who may handle the next step")
    func assigneePicker() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("hung", role: .departmentHead, department: "QLCN")
        let hoa = try await console.officer("hoa", role: .specialist, department: "QLCN")
        let gone = try await console.officer("gone", role: .specialist, department: "QLCN")
        _ = try await console.users.setActive(false, userID: gone.id)
        let other = try await console.officer("khoa", role: .specialist, department: "QLKH")
        let d = try await console.log("Võ Văn E", at: loggedAt)
        _ = try await console.store.perform(Command(action: "forward"), on: d.code, by: console.desk.actor, at: loggedAt,
                                            catalog: console.catalog, calendar: console.calendar)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "hung")
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            #expect(page.status == .ok)
            let select = try #require(page.html.range(of: "name=\"assignee\"").map { String(page.html[$0.upperBound...].prefix { $0 != "/" }) })
            #expect(select.contains("value=\"\(hoa.id)\""))
            #expect(!page.html.contains("value=\"\(gone.id)\"") && !page.html.contains("value=\"\(other.id)\""))
            let assign = try await console.send(client, .post, "/dossiers/\(d.code)/actions",
                                                form: ["csrf": try #require(page.hidden("csrf")), "action": try #require(forms(page).first),
                                                       "version": "2", "assignee": hoa.id])
            #expect(assign.status == .seeOther)
            #expect(try await console.store.dossier(d.code)?.assignee?.id == hoa.id)
        }
    }
}
