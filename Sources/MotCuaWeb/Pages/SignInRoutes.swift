import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// Signing in and out. The sign-in form carries a token that must match a cookie set with
/// it (no session exists yet to hold one); every later form carries the session's token.
struct SignInRoutes {
    let env: ServerEnvironment
    let pages: Pages
    let settings: WebSettings

    func form(_ request: Request, _ context: AppContext) -> Response {
        if context.user != nil { return Pages.seeOther("/") }
        return page(username: "", error: nil, status: .ok)
    }

    func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        let form: FormBody
        do {
            form = try await FormBody.read(request, limit: 8 * 1024)
        } catch FormBody.Failure.tooLarge {
            return pages.message("Yêu cầu quá lớn", "Biểu mẫu gửi lên quá lớn.", status: .contentTooLarge)
        } catch {
            return pages.message("Yêu cầu không hợp lệ", "Hãy mở lại trang đăng nhập và thử lại.", status: .badRequest)
        }
        guard FormToken.matches(form[FormToken.field], request.cookies[FormToken.cookie]?.value) else {
            context.logger.notice("sign-in refused: form token missing or wrong")
            return pages.forgedForm(hint: "Trang đăng nhập đã cũ hoặc không được mở từ hệ thống. Hãy tải lại trang và đăng nhập lại.")
        }
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        let now = env.now()
        let outcome = try await env.users.signIn(username: username, password: password, at: now, throttle: settings.throttle)
        // Logged without the password (and the username cut short: it is typed by anyone).
        let who = String(username.prefix(64))
        switch outcome {
        case let .accepted(user):
            context.logger.info("sign-in accepted", metadata: ["username": "\(who)", "userId": "\(user.id)"])
            context.sessions.createSession(WebSession(userID: user.id, csrf: FormToken.make(), signedInAt: now), expiresIn: settings.idle)
            return Pages.seeOther("/", headers: [.setCookie: expiredFormCookie])
        case .refused:
            context.logger.notice("sign-in refused", metadata: ["username": "\(who)"])
            return page(username: username, error: "Sai tên đăng nhập hoặc mật khẩu.", status: .unauthorized)
        case let .throttled(until):
            context.logger.warning("sign-in throttled", metadata: ["username": "\(who)", "until": "\(until.timeIntervalSince1970)"])
            let wait = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            let minutes = (wait + 59) / 60
            return page(username: username,
                        error: "Đăng nhập sai quá nhiều lần. Tài khoản này tạm khoá, hãy thử lại sau \(minutes) phút.",
                        status: .tooManyRequests, headers: [.retryAfter: "\(wait)"])
        }
    }

    func signOut(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let form = try? await FormBody.read(request, limit: 8 * 1024)
        guard FormToken.matches(form?[FormToken.field], session.csrf) else {
            return pages.forgedForm(hint: "Hãy tải lại trang rồi thử lại.")
        }
        context.logger.info("signed out", metadata: ["userId": "\(session.userID)"])
        context.sessions.clearSession()
        return Pages.seeOther("/sign-in")
    }

    /// The form with a fresh token, in the page and in its cookie.
    private func page(username: String, error: String?, status: HTTPResponse.Status, headers extra: HTTPFields = [:]) -> Response {
        let token = FormToken.make()
        var headers: HTTPFields = [.setCookie: Cookie(name: FormToken.cookie, value: token, path: "/sign-in", secure: settings.secureCookies,
                                                      httpOnly: true, sameSite: .strict).description]
        headers.append(contentsOf: extra)
        var values: [String: Any] = ["title": "Đăng nhập", "csrf": token, "username": username, "agency": env.organization.agencyName]
        if let error { values["error"] = error }
        return pages.render("sign_in", values, status: status, headers: headers)
    }

    private var expiredFormCookie: String {
        Cookie(name: FormToken.cookie, value: "", maxAge: 0, path: "/sign-in", secure: settings.secureCookies, httpOnly: true,
               sameSite: .strict).description
    }
}
