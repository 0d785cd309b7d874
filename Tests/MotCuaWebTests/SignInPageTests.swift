import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaStore
import Testing

/// The console's sign-in: the page, CSRF, the session cookie, the throttle, sign-out, idle
/// expiry and sessions that outlive a restart.
@Suite("Web console sign-in")
struct SignInPageTests {
    @Test("the root sends a stranger to a Vietnamese sign-in page with labelled fields and a form token in a strict cookie")
    func signInPage() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let root = try await console.send(client, .get, "/")
            #expect(root.status == .seeOther && root.headers[.location] == "/sign-in")
            let page = try await console.send(client, .get, "/sign-in")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.html.contains("<html lang=\"vi\">") && page.html.contains("<title>Đăng nhập — motcua</title>"))
            #expect(page.html.contains("<label for=\"username\">Tên đăng nhập</label>") && page.html.contains("id=\"username\""))
            #expect(page.html.contains("<label for=\"password\">Mật khẩu</label>") && page.html.contains("id=\"password\""))
            let token = try #require(page.hidden("csrf"))
            #expect(token.count >= 40)
            let cookie = try #require(page.cookie("motcua_form"))
            #expect(cookie.contains("motcua_form=\(token)") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
            let css = try await console.send(client, .get, "/static/motcua.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8" && css.html.contains("@page { size: A4"))
        }
    }

    @Test("a sign-in without the form token, or with another, is refused with 403 and writes nothing")
    func csrfRefused() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let page = try await console.send(client, .get, "/sign-in")
            let token = try #require(page.hidden("csrf"))
            for form in [["username": "mai", "password": Console.password],
                         ["csrf": String(token.reversed()), "username": "mai", "password": Console.password],
                         ["csrf": "", "username": "mai", "password": Console.password]] {
                let refused = try await console.send(client, .post, "/sign-in", form: form)
                #expect(refused.status == .forbidden)
                #expect(refused.cookie("motcua_session") == nil)
                #expect(refused.html.contains("Phiên biểu mẫu không hợp lệ"))
            }
            // The right token in the form but no cookie (a form posted from another site).
            console.cookies = [:]
            let crossSite = try await console.send(client, .post, "/sign-in", form: ["csrf": token, "username": "mai", "password": Console.password])
            #expect(crossSite.status == .forbidden)
            #expect(try await console.count("web_sessions") == 0)
            #expect(try await console.count("sign_in_failures") == 0)
        }
    }

    @Test("the right password sets an HttpOnly, SameSite=Lax session cookie and opens the signed-in page")
    func signsIn() async throws {
        let console = try await Console(deskName: "<script>alert(1)</script> \"><img src=x onerror=alert(1)>")
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let accepted = try await console.signIn(client)
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/")
            let session = try #require(accepted.cookie("motcua_session"))
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && !session.contains("Secure"))
            #expect(try await console.count("web_sessions") == 1)
            let home = try await console.send(client, .get, "/")
            #expect(home.status == .ok)
            #expect(home.html.contains("Cán bộ Một cửa") && home.html.contains("Đăng xuất"))
            // The name is shown escaped: no injected element.
            #expect(!home.html.contains("<script>alert(1)</script>") && !home.html.contains("<img src=x"))
            #expect(home.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(home.hidden("csrf")?.isEmpty == false)
            // Signed in, the sign-in page sends the user home.
            #expect(try await console.send(client, .get, "/sign-in").headers[.location] == "/")
        }
    }

    @Test("over https the session cookie is Secure")
    func secureCookie() async throws {
        let console = try await Console(publicURL: "https://motcua.sokhcn.example.gov.vn")
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let accepted = try await console.signIn(client)
            #expect(try #require(accepted.cookie("motcua_session")).contains("Secure"))
        }
    }

    @Test("a wrong password keeps the typed username (escaped); the sixth attempt is throttled with 429 and Retry-After")
    func wrongPasswordAndThrottle() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let hostile = "mai\"><b>x"
            let wrong = try await console.signIn(client, username: hostile, password: "sai mật khẩu")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.html.contains("Sai tên đăng nhập hoặc mật khẩu."))
            #expect(wrong.html.contains("value=\"mai&quot;&gt;&lt;b&gt;x\"") && !wrong.html.contains("<b>x"))
            for _ in 0..<5 {
                #expect(try await console.signIn(client, password: "đoán thử").status == .unauthorized)
            }
            let sixth = try await console.signIn(client)
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.html.contains("tạm khoá"))
            #expect(Int(sixth.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(sixth.cookie("motcua_session") == nil)
            console.clock.advance(15 * 60 + 1)
            #expect(try await console.signIn(client).status == .seeOther)
        }
    }

    @Test("sign-out needs the session's form token; then the session is gone from the database")
    func signOut() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let home = try await console.send(client, .get, "/")
            let forged = try await console.send(client, .post, "/sign-out", form: ["csrf": "not-the-token"])
            #expect(forged.status == .forbidden)
            #expect(try await console.send(client, .get, "/").status == .ok)
            let out = try await console.send(client, .post, "/sign-out", form: ["csrf": try #require(home.hidden("csrf"))])
            #expect(out.status == .seeOther && out.headers[.location] == "/sign-in")
            #expect(try await console.count("web_sessions") == 0)
            #expect(try await console.send(client, .get, "/").headers[.location] == "/sign-in")
        }
    }

    @Test("a session ends after 8 idle hours, slides while used, survives a restart, and ends when the user is deactivated")
    func lifetime() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            console.clock.advance(7 * 3600)
            #expect(try await console.send(client, .get, "/").status == .ok)  // used: slides to 8 h from now
            console.clock.advance(7 * 3600)
            #expect(try await console.send(client, .get, "/").status == .ok)
            console.clock.advance(8 * 3600 + 60)
            #expect(try await console.send(client, .get, "/").headers[.location] == "/sign-in")
            #expect(try await console.count("web_sessions") == 1)  // expired, not yet forgotten
        }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
        }
        #expect(try await console.count("web_sessions") == 1)  // the next sign-in forgot the expired one
        try await console.restart()
        try await console.application().test(.router) { client in
            #expect(try await console.send(client, .get, "/").status == .ok)
            _ = try await console.users.setActive(false, userID: console.desk.id)
            // Deactivated elsewhere (another instance, the CLI): signed out within a second here.
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await console.send(client, .get, "/").headers[.location] == "/sign-in")
        }
    }

    @Test("hostile form bodies: oversized, not a form, broken encoding — a clear 4xx and no session")
    func hostileBodies() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.send(client, .get, "/sign-in")
            let huge = try await console.send(client, .post, "/sign-in", rawBody: "csrf=" + String(repeating: "a", count: 100_000))
            #expect(huge.status == .contentTooLarge)
            let json = try await console.send(client, .post, "/sign-in", rawBody: "{\"username\":\"mai\"}", contentType: "application/json")
            #expect(json.status == .badRequest)
            let broken = try await console.send(client, .post, "/sign-in", rawBody: "csrf=%ZZ&username=%&password=%E0%A4%A")
            #expect(broken.status == .forbidden)
            #expect(try await console.count("web_sessions") == 0)
        }
    }
}

/// Failures on pages answer as pages.
@Suite("Web console failures")
struct PageFailureTests {
    @Test("a database locked by someone else: the sign-in answers a Vietnamese 503 page with Retry-After and writes nothing")
    func busyDatabase() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            let form = try await console.send(client, .get, "/sign-in")
            let other = try DatabaseQueue(path: console.databasePath)
            let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            Thread {
                try? other.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN EXCLUSIVE")
                    locked.signal()
                    release.wait()
                    try db.execute(sql: "ROLLBACK")
                }
                locked.signal()
            }.start()
            locked.wait()
            let busy = try await console.send(client, .post, "/sign-in",
                                              form: ["csrf": form.hidden("csrf") ?? "", "username": "mai", "password": "sai mật khẩu"])
            release.signal()
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers[.contentType] == "text/html; charset=utf-8" && busy.html.contains("Hệ thống đang bận"))
            #expect(busy.headers[.retryAfter] != nil)
            #expect(try await console.count("sign_in_failures") == 0)
        }
    }
}
