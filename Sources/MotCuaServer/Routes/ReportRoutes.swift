import Foundation
import Hummingbird
import MotCuaCore
import MotCuaStore

/// `GET /api/v1/reports/summary?from=&to=&groupBy=department|procedure` (director, admin).
struct ReportRoutes {
    let env: ServerEnvironment

    func register(on router: Router<AppContext>) {
        router.get("/api/v1/reports/summary") { request, context in try await self.summary(request, context) }
    }

    func summary(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.caller()
        guard user.role == .director || user.role == .admin else {
            throw APIError(.forbidden, "forbidden", "only the director and the admin read the reports")
        }
        let reports = ServiceReports(env: env)
        let grouping: ServiceReport.Grouping
        switch try request.query("groupBy") {
        case nil: grouping = .department
        case let text?:
            guard let g = ServiceReport.Grouping(rawValue: text) else { throw APIError.malformed("'groupBy' must be department or procedure") }
            grouping = g
        }
        let (from, to) = (try request.query("from"), try request.query("to"))
        let period: (from: CivilDate, to: CivilDate)
        do {
            period = try reports.period(from: from, to: to)
        } catch {
            // A date that is no date is malformed (400); a well-formed period that is refused
            // (backwards, too long) is unprocessable (422), as the schema cannot say it.
            throw error.malformed ? APIError.malformed(error.message) : APIError(.unprocessableContent, "invalid_period", error.message)
        }
        let report = try await reports.summary(from: period.from, to: period.to, grouping: grouping)
        let day = env.calendar.standardDaySeconds
        return JSONValue.ordered([
            ("from", .string(report.from.description)), ("to", .string(report.to.description)), ("groupBy", .string(grouping.rawValue)),
            ("total", Self.figures(report.total, daySeconds: day)),
            ("groups", .array(report.groups.map { group in
                .ordered([("key", .string(group.key)), ("name", .string(reports.name(of: group.key, grouping: grouping)))]
                    + Self.pairs(group.figures, daySeconds: day))
            })),
            ("weeks", .array(report.weeks.map { w in
                .ordered([("week", .string(w.monday.description)), ("received", .int(w.received)), ("finished", .int(w.finished))])
            })),
        ]).response()
    }

    static func figures(_ f: ServiceReport.Figures, daySeconds: Int) -> JSONValue { .ordered(pairs(f, daySeconds: daySeconds)) }

    static func pairs(_ f: ServiceReport.Figures, daySeconds: Int) -> [(String, JSONValue)] {
        func ratio(_ value: Double?) -> JSONValue { value.map { .double(($0 * 10_000).rounded() / 10_000) } ?? .null }
        return [
            ("received", .int(f.received)), ("receivedOnline", .int(f.receivedOnline)), ("onlineShare", ratio(f.onlineShare)),
            ("byState", .ordered(f.byState.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("finished", .int(f.finished)), ("early", .int(f.early)), ("onTime", .int(f.onTime)), ("late", .int(f.late)),
            ("onTimeRate", ratio(f.onTimeRate)),
            ("averageProcessingDays", f.averageProcessingDays(daySeconds: daySeconds).map { .double(($0 * 100).rounded() / 100) } ?? .null),
            ("overdue", .int(f.overdue)),
        ]
    }
}
