import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `/admin/users`: the administrator adds officers, deactivates those who leave (and
/// reactivates), and resets passwords (a random one, shown once). Admins only.
struct AdminRoutes {
    let env: ServerEnvironment
    let pages: Pages
    /// The signed-in users read in the last second: a deactivation here takes effect at once.
    let signedIn: RecentReads<String, User>

    func users(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (admin, session) = Self.admin(context) else { return refusal(context) }
        return try await page(admin: admin, session: session, notice: nil, error: nil, typed: [:], status: .ok)
    }

    func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (admin, session) = Self.admin(context) else { return refusal(context) }
        guard let form = try? await FormBody.read(request, limit: 16 * 1024) else {
            return try await page(admin: admin, session: session, notice: nil, error: "Biểu mẫu không đọc được.", typed: [:], status: .badRequest)
        }
        guard FormToken.matches(form[FormToken.field], session.csrf) else {
            return pages.forgedForm(Layout.signedIn(user: admin, session: session, organization: env.organization))
        }
        switch form["do"] {
        case "add":
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
            let department = form["department"].flatMap { $0.isEmpty ? nil : $0 }
            guard let role = form["role"].flatMap(Role.init(rawValue:)), !name.isEmpty, name.count <= 200 else {
                return try await page(admin: admin, session: session, notice: nil, error: "Cần họ tên (đến 200 ký tự) và vai trò.",
                                      typed: form.fields, status: .unprocessableContent)
            }
            if let department, !env.organization.hasDepartment(department) {
                return try await page(admin: admin, session: session, notice: nil, error: "Không có phòng ban này.", typed: form.fields,
                                      status: .unprocessableContent)
            }
            do {
                let (user, _) = try await env.users.create(username: username, name: name, role: role, department: department,
                                                           email: form["email"].flatMap { $0.isEmpty ? nil : $0 })
                let password = UserStore.randomPassword()
                try await env.users.setPassword(password, for: user.id)
                context.logger.info("user added from the console", metadata: ["by": "\(admin.id)", "user": "\(user.id)"])
                return try await page(admin: admin, session: session,
                                      notice: "Đã tạo tài khoản \(user.username). Mật khẩu (chỉ hiện một lần): \(password)",
                                      error: nil, typed: [:], status: .ok)
            } catch let error as UserError {
                return try await page(admin: admin, session: session, notice: nil, error: Self.vietnamese(error), typed: form.fields,
                                      status: .unprocessableContent)
            }
        case "deactivate", "reactivate":
            guard let id = form["user"], id != admin.id, try await env.users.setActive(form["do"] == "reactivate", userID: id) else {
                return try await page(admin: admin, session: session, notice: nil, error: "Không đổi được trạng thái tài khoản này.", typed: [:],
                                      status: .unprocessableContent)
            }
            signedIn.forget(id)
            return Pages.seeOther("/admin/users")
        case "reset":
            guard let id = form["user"], let user = try await env.users.user(id: id) else {
                return try await page(admin: admin, session: session, notice: nil, error: "Không có tài khoản này.", typed: [:],
                                      status: .unprocessableContent)
            }
            let password = UserStore.randomPassword()
            try await env.users.setPassword(password, for: user.id)
            context.logger.info("password reset from the console", metadata: ["by": "\(admin.id)", "user": "\(user.id)"])
            return try await page(admin: admin, session: session,
                                  notice: "Mật khẩu mới của \(user.username) (chỉ hiện một lần): \(password)", error: nil, typed: [:], status: .ok)
        default:
            return try await page(admin: admin, session: session, notice: nil, error: "Thao tác không hợp lệ.", typed: [:], status: .badRequest)
        }
    }

    func page(admin: User, session: WebSession, notice: String?, error: String?, typed: [String: String],
              status: HTTPResponse.Status) async throws -> Response {
        var values = Layout.signedIn(user: admin, session: session, organization: env.organization)
        values["title"] = "Quản lý tài khoản"
        let all = try await env.users.users()
        let active = try await Set(env.users.users(activeOnly: true).map(\.id))
        values["users"] = all.map { u in
            [
                "id": u.id, "username": u.username, "name": u.name, "role": u.role.vietnameseTitle,
                "department": u.department.flatMap { code in env.organization.departments.first { $0.code == code }?.name } ?? "—",
                "active": active.contains(u.id), "self": u.id == admin.id, "csrf": session.csrf,
            ] as [String: Any]
        }
        values["roles"] = Role.allCases.map { ["value": $0.rawValue, "label": $0.vietnameseTitle, "selected": typed["role"] == $0.rawValue] }
        values["departments"] = env.organization.departments.map { ["value": $0.code, "label": $0.name, "selected": typed["department"] == $0.code] }
        for key in ["name", "username", "email"] { values["typed_" + key] = typed[key] ?? "" }
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        return pages.render("admin_users", values, status: status)
    }

    static func vietnamese(_ e: UserError) -> String {
        switch e {
        case let .duplicateUsername(u): "Tên đăng nhập \(u) đã có người dùng."
        case .department: "Vai trò và phòng ban không khớp: vai trò theo phòng cần chọn phòng; lãnh đạo, cổng và quản trị không thuộc phòng nào."
        case .invalidUsername: "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (đến 64 ký tự)."
        case .invalidEmail: "Địa chỉ thư điện tử không hợp lệ."
        }
    }

    static func admin(_ context: AppContext) -> (User, WebSession)? { Layout.officer(context, role: .admin) }

    func refusal(_ context: AppContext) -> Response {
        guard let (user, session) = Layout.officer(context) else { return Pages.seeOther("/sign-in") }
        return pages.refused("Chỉ quản trị hệ thống quản lý tài khoản.", Layout.signedIn(user: user, session: session, organization: env.organization))
    }
}
