import Foundation
import Hummingbird
import HummingbirdAuth
import MotCuaCore
import MotCuaServer
import MotCuaStore

/// `/reports`: the director's dashboard — the service report of a chosen period by
/// department and by procedure (the same `ServiceReports` as the API), received vs finished
/// per week as a chart, and the dossiers overdue now. Director and admin.
struct ReportsPage {
    let env: ServerEnvironment
    let pages: Pages

    /// How many overdue dossiers the page lists (the count above it says how many there are).
    static let overdueShown = 100

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let user = context.user, let session = context.sessions.session else { return Pages.seeOther("/sign-in") }
        var values = Layout.signedIn(user: user, session: session, organization: env.organization)
        guard user.role == .director || user.role == .admin else {
            return pages.refused("Báo cáo dành cho Lãnh đạo cơ quan và quản trị.", values)
        }
        values["title"] = "Báo cáo tình hình giải quyết hồ sơ"
        let query = request.uri.queryParameters
        let (fromText, toText) = (query["from"].map(String.init), query["to"].map(String.init))
        let reports = ServiceReports(env: env)
        let period: (from: CivilDate, to: CivilDate)
        do {
            period = try reports.period(from: fromText, to: toText)
        } catch {
            (values["error"], values["from"], values["to"]) = (LogBookPage.vietnamese(error), fromText ?? "", toText ?? "")
            return pages.render("reports", values, status: .badRequest)
        }
        let both = try await reports.summaries(from: period.from, to: period.to, groupings: [.department, .procedure])
        let (byDepartment, byProcedure) = (both[0], both[1])
        values["from"] = period.from.description
        values["to"] = period.to.description
        values["range"] = "Từ ngày \(LocalTime.day(period.from)) đến ngày \(LocalTime.day(period.to))"
        values["total"] = figures(byDepartment.total)
        values["departments"] = byDepartment.groups.map { figures($0.figures, name: reports.name(of: $0.key, grouping: .department)) }
        values["procedures"] = byProcedure.groups.map {
            figures($0.figures, name: "\($0.key) — \(reports.name(of: $0.key, grouping: .procedure))")
        }
        values["chart"] = WeekChart.svg(byDepartment.weeks)
        let overdue = try await overdueRows()
        (values["overdue"], values["overdueCount"], values["noOverdue"]) = (overdue, byDepartment.total.overdue, overdue.isEmpty)
        return pages.render("reports", values)
    }

    func figures(_ f: ServiceReport.Figures, name: String = "Toàn cơ quan") -> [String: Any] {
        func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        let average = f.averageProcessingDays(daySeconds: env.calendar.standardDaySeconds).map { String(format: "%.1f ngày làm việc", $0) } ?? "—"
        return ["name": name, "received": f.received, "online": percent(f.onlineShare), "finished": f.finished, "early": f.early,
                "onTime": f.onTime, "late": f.late, "rate": percent(f.onTimeRate), "average": average, "overdue": f.overdue]
    }

    /// Open dossiers past their appointment now, the longest overdue first (of those listed).
    func overdueRows() async throws -> [[String: Any]] {
        let now = env.now()
        let page = try await env.dossiers.list(DossierStore.Filter(overdueAt: now), limit: Self.overdueShown, after: nil)
        return page.items.sorted { ($0.dueAt ?? now) < ($1.dueAt ?? now) }.map { d in
            let workflow = env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)
            let late = d.dueAt.map { env.calendar.workingTime(from: $0, to: now) } ?? 0
            return ["code": d.code, "procedure": workflow?.procedure?.name ?? d.procedureCode,
                    "state": workflow?.states[d.state]?.label ?? d.state,
                    "department": d.department.flatMap { code in env.organization.departments.first { $0.code == code }?.name } ?? "—",
                    "due": d.dueAt.map { LocalTime.text($0, env.calendar) } ?? "—",
                    "late": String(format: "%.1f", Double(late) / Double(max(env.calendar.standardDaySeconds, 1)))]
        }
    }
}
