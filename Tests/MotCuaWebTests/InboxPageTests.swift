import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The console's inbox: the API's rule, most urgent step first, marks in colour and words,
/// filters, pages, escaping and the access log.
@Suite("Web console inbox")
struct InboxPageTests {
    /// The codes in the page's rows, in order.
    func codes(_ page: Page) -> [String] {
        page.html.components(separatedBy: "<td class=\"code\"><a href=\"/dossiers/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("rows come by step due time; overdue, due soon and on time are marked; names are escaped; reads are logged")
    func orderAndMarks() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let start = Timestamp.parse("2027-03-01T08:00:00+07:00")!
        var logged: [Dossier] = []
        // Logged on three working days, newest first, so logging order is not due order.
        for (i, day) in ["2027-03-03T09:00:00+07:00", "2027-03-02T09:00:00+07:00", "2027-03-01T09:00:00+07:00"].enumerated() {
            logged.append(try await console.log(i == 1 ? "<script>alert(1)</script>" : "Nguyễn Văn \(i)", at: Timestamp.parse(day)!))
        }
        _ = start
        let byDue = logged.sorted { ($0.stepDueAt!, $0.code) < ($1.stepDueAt!, $1.code) }
        #expect(byDue.map(\.code) != logged.map(\.code))
        // Just past the earliest step deadline: that one is overdue; the rest are judged by the calendar.
        console.clock.advance(byDue[0].stepDueAt!.timeIntervalSince(console.clock.now) + 60)
        let now = console.clock.now
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/inbox")
            #expect(page.status == .ok)
            #expect(page.html.contains("<title>Hộp việc — motcua</title>"))
            #expect(codes(page) == byDue.map(\.code))
            #expect(!page.html.contains("<script>alert(1)</script>") && page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let rows = page.html.components(separatedBy: "<tr class=\"").dropFirst()
            for (row, d) in zip(rows, byDue) {
                let due = d.stepDueAt!
                let expected = now >= due ? "Quá hạn" : console.calendar.workingTime(from: now, to: due) <= 4 * 3600 ? "Sắp đến hạn" : "Trong hạn"
                #expect(row.contains(">\(expected)</span>"), "\(d.code)")
            }
            #expect(rows.first?.hasPrefix("overdue") == true)
            #expect(rows.first?.contains("Quá hạn") == true)
        }
        for d in logged {
            #expect(try await console.store.accessLog(dossier: d.code).contains { $0.view == "inbox-page" && $0.reader.id == console.desk.id })
        }
    }

    @Test("search by exact code or part of the applicant's name; % and _ are plain characters")
    func search() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let at = Timestamp.parse("2027-03-01T08:00:00+07:00")!
        let lan = try await console.log("Nguyễn Thị Lan", at: at)
        let lam = try await console.log("Trần Văn Lâm", at: at.addingTimeInterval(60))
        let percent = try await console.log("Công ty 100% vốn", at: at.addingTimeInterval(120))
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            #expect(codes(try await console.send(client, .get, "/inbox?q=Th%E1%BB%8B%20Lan")) == [lan.code])  // "Thị Lan"
            #expect(codes(try await console.send(client, .get, "/inbox?q=\(lam.code)")) == [lam.code])
            #expect(Set(codes(try await console.send(client, .get, "/inbox?q=nguy"))) == [lan.code])  // ASCII letters in any case
            #expect(codes(try await console.send(client, .get, "/inbox?q=100%25")) == [percent.code])
            #expect(codes(try await console.send(client, .get, "/inbox?q=%25")) == [percent.code])
            #expect(codes(try await console.send(client, .get, "/inbox?q=_")).isEmpty)
            let kept = try await console.send(client, .get, "/inbox?q=L%C3%A2m")
            #expect(kept.html.contains("id=\"q\" name=\"q\" type=\"text\" value=\"Lâm\""))
        }
    }

    @Test("filters by procedure and state; pages of 50 with a next link and no row twice")
    func filtersAndPages() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        var at = Timestamp.parse("2027-03-01T08:00:00+07:00")!
        var codesLogged: [String] = []
        for i in 0..<55 {
            codesLogged.append(try await console.log("Người nộp \(i)", at: at).code)
            at = at.addingTimeInterval(600)
        }
        let all = codesLogged
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let first = try await console.send(client, .get, "/inbox")
            #expect(codes(first).count == 50)
            let nextLink = try #require(first.html.range(of: "href=\"/inbox?cursor=").map { first.html[$0.lowerBound...].dropFirst(6).prefix { $0 != "\"" } })
            let second = try await console.send(client, .get, String(nextLink).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(codes(second).count == 5)
            #expect(Set(codes(first) + codes(second)) == Set(all))
            #expect(second.html.contains("Trang đầu") && !second.html.contains("Trang sau"))

            let otherProcedure = try await console.send(client, .get, "/inbox?procedure=1.014393")
            #expect(codes(otherProcedure).isEmpty)
            #expect(otherProcedure.html.contains("Không có hồ sơ nào đang chờ."))
            #expect(otherProcedure.html.contains("<option value=\"1.014393\" selected>"))
            let sameProcedure = try await console.send(client, .get, "/inbox?procedure=1.000173&state=received")
            #expect(codes(sameProcedure).count == 50)
            let otherState = try await console.send(client, .get, "/inbox?state=approval")
            #expect(codes(otherState).isEmpty)

            let bad = try await console.send(client, .get, "/inbox?cursor=not-a-cursor")
            #expect(bad.status == .badRequest && bad.html.contains("Trang không hợp lệ"))
            let hostile = try await console.send(client, .get, "/inbox?procedure=%22%3E%3Cscript%3E&state=" + String(repeating: "x", count: 5000))
            #expect(hostile.status == .ok && !hostile.html.contains("\"><script>"))
        }
        // Not signed in: to the sign-in page.
        console.cookies = [:]
        try await console.application().test(.router) { client in
            let stranger = try await console.send(client, .get, "/inbox")
            #expect(stranger.headers[.location] == "/sign-in")
        }
    }
}
