import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `/admin/deliveries`: notifications that gave up (dead), with a retry button each — the
/// API's `POST /api/v1/outbox/{id}/retry`. Addresses masked as in the API. Admins only.
struct DeliveryRoutes {
    let env: ServerEnvironment
    let pages: Pages
    let accounts: AdminRoutes

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (admin, session) = AdminRoutes.admin(context) else { return accounts.refusal(context) }
        return try await page(admin: admin, session: session, notice: nil, status: .ok)
    }

    func retry(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let (admin, session) = AdminRoutes.admin(context) else { return accounts.refusal(context) }
        let form = try? await FormBody.read(request, limit: 8 * 1024)
        guard FormToken.matches(form?[FormToken.field], session.csrf) else {
            return pages.forgedForm(Layout.signedIn(user: admin, session: session, organization: env.organization))
        }
        guard let id = form?["id"], id.utf8.count <= 300, try await env.dossiers.retryOutbox(id: id, at: env.now()) else {
            return try await page(admin: admin, session: session, notice: ("Không có thông báo này.", true), status: .notFound)
        }
        context.logger.info("delivery retried from the console", metadata: ["by": "\(admin.id)", "outbox": "\(id)"])
        return try await page(admin: admin, session: session, notice: ("Đã đưa thông báo vào hàng gửi lại.", false), status: .ok)
    }

    func page(admin: User, session: WebSession, notice: (text: String, isError: Bool)?, status: HTTPResponse.Status) async throws -> Response {
        var values = Layout.signedIn(user: admin, session: session, organization: env.organization)
        values["title"] = "Thông báo gửi không được"
        let dead = try await env.dossiers.outbox(status: .dead)
        values["rows"] = dead.map { r in
            [
                "id": r.id, "dossier": r.dossierCode, "channel": r.channel == .portal ? "Cổng dịch vụ công" : "Thư điện tử",
                "target": DeliveryTarget.masked(r.target), "attempts": r.attempts, "error": r.lastError ?? "", "csrf": session.csrf,
            ] as [String: Any]
        }
        values["empty"] = dead.isEmpty
        if let notice { values[notice.isError ? "error" : "notice"] = notice.text }
        return pages.render("admin_deliveries", values, status: status)
    }
}
