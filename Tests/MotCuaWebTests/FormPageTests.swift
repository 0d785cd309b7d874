import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// Printed forms filled from the dossier's history.
@Suite("Web console printed forms")
struct FormPageTests {
    @Test("supplement request, apology with the new appointment, stop notice and control slip say what the events recorded")
    func forms() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let at = Timestamp.parse("2027-03-01T09:00:00+07:00")!
        let d = try await console.log("Võ Thị <i>H</i>", at: at)
        let director = Actor(id: "u-director", name: "Phạm Minh Đức", role: .director)
        _ = try await console.store.perform(Command(action: "request_supplement", reason: "Thiếu bản sao <b>CCCD</b>",
                                                    items: ["Bản sao căn cước công dân", "Ảnh 3x4"]),
                                            on: d.code, by: console.desk.actor, at: at.addingTimeInterval(600), catalog: console.catalog,
                                            calendar: console.calendar)
        let newDue = Timestamp.parse("2027-03-25T16:00:00+07:00")!
        let rescheduled = try await console.store.perform(Command(action: "reschedule", reason: "Chờ ý kiến liên ngành", newDueAt: newDue),
                                                          on: d.code, by: director, at: at.addingTimeInterval(1200), catalog: console.catalog,
                                                          calendar: console.calendar).dossier
        let other = try await console.log("Lý Văn K", at: at)
        _ = try await console.store.perform(Command(action: "stop", reason: "Người nộp đề nghị dừng"), on: other.code, by: console.desk.actor,
                                            at: at.addingTimeInterval(600), catalog: console.catalog, calendar: console.calendar)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/dossiers/\(d.code)")
            #expect(page.html.contains("/dossiers/\(d.code)/forms/supplement") && page.html.contains("/dossiers/\(d.code)/forms/apology"))
            #expect(!page.html.contains("/dossiers/\(d.code)/forms/refusal") && !page.html.contains("/dossiers/\(d.code)/forms/stop"))

            let supplement = try await console.send(client, .get, "/dossiers/\(d.code)/forms/supplement")
            #expect(supplement.status == .ok && supplement.html.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"))
            #expect(supplement.html.contains("<li>Bản sao căn cước công dân</li><li>Ảnh 3x4</li>"))
            #expect(supplement.html.contains("Thiếu bản sao &lt;b&gt;CCCD&lt;/b&gt;") && !supplement.html.contains("<b>CCCD"))
            #expect(supplement.html.contains("Võ Thị &lt;i&gt;H&lt;/i&gt;") && supplement.html.contains(console.desk.name))

            let apology = try await console.send(client, .get, "/dossiers/\(d.code)/forms/apology")
            #expect(apology.html.contains("class=\"appointment\">\(vietnamTime(newDue))<"))
            #expect(apology.html.contains("<strong>\(vietnamTime(try #require(d.dueAt)))</strong>") && apology.html.contains("Chờ ý kiến liên ngành"))
            #expect(rescheduled.dueAt == newDue)

            let slip = try await console.send(client, .get, "/dossiers/\(d.code)/forms/slip")
            #expect(slip.html.contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"))
            #expect(slip.html.components(separatedBy: "<tr><td>").count - 1 == 3)  // logged, supplement, reschedule

            let stop = try await console.send(client, .get, "/dossiers/\(other.code)/forms/stop")
            #expect(stop.status == .ok && stop.html.contains("Người nộp đề nghị dừng"))
            let none = try await console.send(client, .get, "/dossiers/\(other.code)/forms/refusal")
            #expect(none.status == .notFound && none.html.contains("Chưa có phiếu này"))
            #expect(try await console.send(client, .get, "/dossiers/\(d.code)/forms/unknown").status == .notFound)
        }
        #expect(try await console.store.accessLog(dossier: d.code).contains { $0.view == "form" })
    }

    @Test("an officer who may not see the dossier gets no form")
    func otherDepartment() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("khoa", role: .specialist, department: "QLKH")
        let d = try await console.log("Đinh Văn L", at: Timestamp.parse("2027-03-01T09:00:00+07:00")!)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "khoa")
            let slip = try await console.send(client, .get, "/dossiers/\(d.code)/forms/slip")
            #expect(slip.status == .notFound && !slip.html.contains("Đinh Văn L"))
        }
    }
}
