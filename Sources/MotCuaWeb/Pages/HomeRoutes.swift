import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaStore
import MotCuaServer

/// The first page after sign-in: who is signed in, and how much work waits for them per
/// state (the API's badge counts: the same queues, no personal data).
struct HomeRoutes {
    let env: ServerEnvironment
    let pages: Pages

    func home(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        let counts = try await env.dossiers.inboxCounts(queues: WorkQueue.keys(role: user.role, department: user.department, userID: user.id))
        let rows: [[String: Any]] = counts.sorted { $0.key < $1.key }.map { state, n in
            ["state": stateLabel(state), "count": n]
        }
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        values["title"] = "Trang làm việc"
        values["waiting"] = rows
        values["total"] = counts.values.reduce(0, +)
        values["nothing"] = counts.isEmpty
        return pages.render("home", values)
    }

    /// The officers' name of a state, from the first workflow that has it.
    func stateLabel(_ state: String) -> String {
        env.catalog.all.lazy.compactMap { $0.states[state]?.label }.first ?? state
    }
}

/// What the layout shows of the signed-in user (name, title, department, the sign-out form).
enum Layout {
    /// The signed-in user and session of a request, when there is one holding `role` (any role
    /// when nil).
    static func officer(_ context: AppContext, role: Role? = nil) -> (User, WebSession)? {
        guard let user = context.user, role == nil || user.role == role, let session = context.sessions.session else { return nil }
        return (user, session)
    }

    static func signedIn(user: User, session: WebSession, organization: Organization) -> [String: Any] {
        var values: [String: Any] = [
            "agency": organization.agencyName, "signedIn": true, "userName": user.name, "roleTitle": user.role.vietnameseTitle,
            "csrf": session.csrf, "isDesk": user.role == .desk, "isAdmin": user.role == .admin,
            "keepsLogBook": [.desk, .director, .admin].contains(user.role), "readsReports": [.director, .admin].contains(user.role),
            "keepsRegisters": [.clerk, .director].contains(user.role),
            "registersPaper": user.role == .clerk, "draftsDocuments": user.role == .specialist && user.department != nil,
        ]
        if let code = user.department {
            values["department"] = organization.departments.first { $0.code == code }?.name ?? code
        }
        return values
    }
}
