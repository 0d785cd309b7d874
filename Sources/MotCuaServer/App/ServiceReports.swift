public import Foundation
public import MotCuaCore
public import MotCuaStore

/// The service report and the period it covers, one copy for the API and the director's
/// page: local dates of the calendar, both included.
public struct ServiceReports: Sendable {
    let env: ServerEnvironment

    /// The longest period a report covers (two years): longer ones are refused, not slowed down.
    public static let longestPeriodDays = 731

    /// Reports over the server's store and definitions.
    public init(env: ServerEnvironment) { self.env = env }

    /// Why a period was refused, in the words the API and the page show.
    public struct PeriodError: Error, Sendable {
        /// What is wrong and what to write instead.
        public let message: String
        /// Whether a date is not a date at all (rather than a well-formed period that is refused).
        public let malformed: Bool
    }

    /// The period from the `from` and `to` texts (`YYYY-MM-DD`); by default from the first
    /// day of the current month to today.
    public func period(from: String?, to: String?) throws(PeriodError) -> (from: CivilDate, to: CivilDate) {
        let today = env.calendar.local(env.now()).date
        func parse(_ text: String?, _ name: String, _ fallback: CivilDate) throws(PeriodError) -> CivilDate {
            guard let text else { return fallback }
            guard let date = CivilDate(iso: text) else { throw PeriodError(message: "'\(name)' must be a date written YYYY-MM-DD", malformed: true) }
            return date
        }
        let end = try parse(to, "to", today)
        let c = end.components
        let start = try parse(from, "from", CivilDate(year: c.year, month: c.month, day: 1) ?? end)
        guard start <= end else { throw PeriodError(message: "'from' must not be after 'to'", malformed: false) }
        guard end.dayNumber - start.dayNumber < Self.longestPeriodDays else {
            throw PeriodError(message: "the period is longer than \(Self.longestPeriodDays) days; ask for a shorter one", malformed: false)
        }
        return (start, end)
    }

    /// The report of the period, grouped as asked.
    public func summary(from: CivilDate, to: CivilDate, grouping: ServiceReport.Grouping) async throws -> ServiceReport {
        try await summaries(from: from, to: to, groupings: [grouping])[0]
    }

    /// The reports of the period in each grouping, from one read of the store.
    public func summaries(from: CivilDate, to: CivilDate, groupings: [ServiceReport.Grouping]) async throws -> [ServiceReport] {
        let (start, end) = bounds(from: from, to: to)
        let now = env.now()
        let departments = Dictionary(env.catalog.all.compactMap { w in w.procedure.map { ($0.code, $0.department) } }) { a, _ in a }
        let rows = try await env.dossiers.reportRows(from: start, to: end, overdueAt: now).map { row in
            var row = row
            row.department = departments[row.procedureCode]
            return row
        }
        return groupings.map { ServiceReport.compute(rows, from: from, to: to, grouping: $0, calendar: env.calendar, now: now) }
    }

    /// The instants that bound the local days `from…to`: `[start of from, start of the day after to)`.
    public func bounds(from: CivilDate, to: CivilDate) -> (Date, Date) {
        (env.calendar.instant(from, 0), env.calendar.instant(to.adding(days: 1), 0))
    }

    /// The Vietnamese name of a group key (department or procedure).
    public func name(of key: String, grouping: ServiceReport.Grouping) -> String {
        switch grouping {
        case .department: env.organization.departments.first { $0.code == key }?.name ?? key
        case .procedure: env.catalog.all.first { $0.procedure?.code == key }?.procedure?.name ?? key
        }
    }
}
