import Foundation
import Hummingbird
import MotCuaCore
import MotCuaServer

/// `GET /lookup`: anyone (no sign-in) looks a dossier up by its code and sees where it is —
/// procedure, step, appointment, result date — and never the applicant's name, ID number,
/// phone, e-mail or address. Rate-limited per client address (429 beyond the limit).
struct LookupPage {
    let env: ServerEnvironment
    let pages: Pages
    let limiter: LookupLimiter

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        var values: [String: Any] = ["title": "Tra cứu hồ sơ", "agency": env.organization.agencyName]
        guard let raw = request.uri.queryParameters["code"].map(String.init) else { return pages.render("lookup", values) }
        let code = raw.trimmingCharacters(in: .whitespaces)
        values["code"] = String(code.prefix(100))
        if let wait = limiter.admit(context.clientAddress ?? "unknown", at: env.now()) {
            values["error"] = "Bạn tra cứu quá nhiều lần trong một phút. Hãy thử lại sau \(wait) giây."
            return pages.render("lookup", values, status: .tooManyRequests, headers: [.retryAfter: "\(wait)"])
        }
        guard !code.isEmpty, code.utf8.count <= 100, let d = try await env.dossiers.dossier(code) else {
            values["error"] = "Không tìm thấy hồ sơ có mã này. Hãy kiểm tra lại mã trên giấy tiếp nhận."
            return pages.render("lookup", values, status: code.isEmpty ? .badRequest : .notFound)
        }
        let workflow = env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)
        values["found"] = [
            "code": d.code, "procedure": workflow?.procedure?.name ?? d.procedureCode,
            "state": workflow?.states[d.state]?.label ?? d.state,
            "receivedAt": d.receivedAt.map { LocalTime.text($0, env.calendar) } ?? "—",
            "appointment": d.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—",
            "finishedAt": d.finishedAt.map { LocalTime.text($0, env.calendar) } ?? "Chưa có",
            "returnedAt": d.returnedAt.map { LocalTime.text($0, env.calendar) } ?? "Chưa trả",
        ]
        return pages.render("lookup", values)
    }
}
