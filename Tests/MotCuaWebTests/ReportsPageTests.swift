import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The director's dashboard.
@Suite("Web console reports dashboard")
struct ReportsPageTests {
    @Test("totals, per department and procedure, the weekly chart and the overdue list, for the chosen period")
    func dashboard() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("hung", role: .director, department: nil)
        let start = console.clock.now  // Friday 19 February 2027, 08:20
        let late = try await console.log("Người Quá Hạn", at: start.addingTimeInterval(-40 * 86_400))
        let done = try await console.log("Người Xong Sớm", at: start.addingTimeInterval(-3 * 86_400))
        _ = try await console.walkToResult(done.code, at: start.addingTimeInterval(-2 * 86_400))
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "hung")
            let page = try await console.send(client, .get, "/reports?from=2027-02-01&to=2027-02-28")
            #expect(page.status == .ok)
            #expect(page.html.contains("<title>Báo cáo tình hình giải quyết hồ sơ — motcua</title>"))
            #expect(page.html.contains("<dd class=\"received\">1</dd>"))  // the overdue one was received in January
            #expect(page.html.contains("<dd class=\"finished\">1 (trước hạn 1, đúng hạn 0, trễ hạn 0)</dd>"))
            #expect(page.html.contains("<dd class=\"rate\">100.0%</dd>"))
            #expect(page.html.contains("<dd class=\"overdue-count\">1</dd>"))
            #expect(page.html.contains("<svg") && page.html.contains("role=\"img\""))
            #expect(page.html.contains("Tuần từ 15/02/2027: tiếp nhận 1") && page.html.contains("Tuần từ 15/02/2027: giải quyết xong 1"))
            #expect(page.html.contains("Tuần từ 01/02/2027: tiếp nhận 0"))
            #expect(page.html.contains("1.000173 — "))
            #expect(page.html.contains("href=\"/dossiers/\(late.code)\"") && !page.html.contains("href=\"/dossiers/\(done.code)\""))
            // No personal data on the dashboard.
            #expect(!page.html.contains("Người Quá Hạn") && !page.html.contains("0905123456"))
            let bad = try await console.send(client, .get, "/reports?from=2027-02-10&to=2027-02-01")
            #expect(bad.status == .badRequest && bad.html.contains("Khoảng ngày không hợp lệ"))
        }
    }

    @Test("the desk and specialists get 403")
    func refused() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let page = try await console.send(client, .get, "/reports")
            #expect(page.status == .forbidden && page.html.contains("Không có quyền"))
        }
    }
}
