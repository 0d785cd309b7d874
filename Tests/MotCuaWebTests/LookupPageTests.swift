import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The public lookup page: no sign-in, no personal data, a limit per client address.
@Suite("Web console public lookup")
struct LookupPageTests {
    @Test("anyone finds a dossier by code and sees its step and appointment, never the applicant's personal data")
    func lookup() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let d = try await console.log("Hoàng Thị Riêng Tư", at: Timestamp.parse("2027-03-01T09:00:00+07:00")!)
        try await console.application().test(.router) { client in
            let empty = try await console.send(client, .get, "/lookup")
            #expect(empty.status == .ok && empty.html.contains("<label for=\"code\">") && empty.html.contains("lang=\"vi\""))
            let found = try await console.send(client, .get, "/lookup?code=\(d.code)")
            #expect(found.status == .ok)
            #expect(found.html.contains("class=\"state\">Đã tiếp nhận<"))
            #expect(found.html.contains("class=\"appointment\">\(vietnamTime(try #require(d.dueAt)))<"))
            for secret in ["Hoàng Thị Riêng Tư", "062090001234", "0905123456", "nguoi.nop@example.vn", "Trần Phú"] {
                #expect(!found.html.contains(secret), "\(secret)")
            }
            #expect(found.cookie("motcua_session") == nil && console.cookies.isEmpty)
            let missing = try await console.send(client, .get, "/lookup?code=000.00.01.H22-270301-9999")
            #expect(missing.status == .notFound && missing.html.contains("Không tìm thấy hồ sơ"))
            let hostile = try await console.send(client, .get, "/lookup?code=%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(hostile.status == .notFound && !hostile.html.contains("<script>alert(1)"))
        }
    }

    @Test("beyond the limit per minute the client gets 429 with Retry-After, and may look up again a minute later")
    func rateLimited() async throws {
        let console = try await Console(lookupsPerMinute: 3)
        defer { console.cleanUp() }
        let d = try await console.log("Ngô Văn F", at: Timestamp.parse("2027-03-01T09:00:00+07:00")!)
        try await console.application().test(.router) { client in
            for _ in 0..<3 { #expect(try await console.send(client, .get, "/lookup?code=\(d.code)").status == .ok) }
            let limited = try await console.send(client, .get, "/lookup?code=\(d.code)")
            #expect(limited.status == .tooManyRequests)
            #expect((1...60).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0))
            #expect(!limited.html.contains("class=\"state\""))
            console.clock.advance(61)
            #expect(try await console.send(client, .get, "/lookup?code=\(d.code)").status == .ok)
        }
    }

    @Test("an unknown address is an HTML 404 page in Vietnamese; the API keeps its JSON 404 and its 405s")
    func unknownAddress() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let page = try await console.send(client, .get, "/khong-co-trang-nay")
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.html.contains("<html lang=\"vi\">") && page.html.contains("Không tìm thấy trang"))
            let api = try await console.send(client, .get, "/api/v1/khong-co")
            // (Unauthenticated: the API says so first, in its own JSON.)
            #expect([.notFound, .unauthorized].contains(api.status) && api.headers[.contentType]?.hasPrefix("application/") == true)
            let wrongMethod = try await console.send(client, .delete, "/inbox")
            #expect(wrongMethod.status == .methodNotAllowed)
        }
    }
}
