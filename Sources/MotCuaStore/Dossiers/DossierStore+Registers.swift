public import Foundation
import GRDB
public import MotCuaCore

extension DossierStore {
    /// The rows the service report counts: dossiers received or finished in `[start, end)`,
    /// and those open past their appointment at `overdueAt`. Columns only, except the verdict
    /// and the waited time, read from the snapshot. `department` is left for the caller
    /// (it is the procedure's, which the catalog knows).
    public func reportRows(from start: Date, to end: Date, overdueAt: Date) async throws -> [ReportRow] {
        let (a, b, now) = (start.timeIntervalSince1970, end.timeIntervalSince1970, overdueAt.timeIntervalSince1970)
        return try await pool.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT code, procedure_code, state, channel, received_at, finished_at, due_at,
                       json_extract(snapshot, '$.outcome') AS outcome, json_extract(snapshot, '$.pausedWorkingSeconds') AS paused
                FROM dossiers
                WHERE (received_at >= ? AND received_at < ?) OR (finished_at >= ? AND finished_at < ?)
                   OR (finished_at IS NULL AND due_at IS NOT NULL AND due_at < ?)
                """, arguments: [a, b, a, b, now]).map { row in
                func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
                return ReportRow(code: try row.decode("code"), procedureCode: try row.decode("procedure_code"), department: nil,
                                 state: try row.decode("state"), channel: Channel(rawValue: try row.decode("channel")) ?? .direct,
                                 receivedAt: date("received_at"), finishedAt: date("finished_at"), dueAt: date("due_at"),
                                 outcome: (row["outcome"] as String?).flatMap(Outcome.init(rawValue:)),
                                 pausedWorkingSeconds: row["paused"] as Int? ?? 0)
            }
        }
    }

    /// The log book's dossiers: received in `[start, end)`, in order of receipt, within what
    /// `scope` may list; at most `limit` (the caller says when there were more).
    public func received(from start: Date, to end: Date, scope: ReadPolicy.ListScope?, limit: Int) async throws -> [Dossier] {
        var filter = Filter()
        filter.scope = scope
        guard let (conditions, arguments) = filter.conditions else { return [] }
        let clauses = ["received_at >= ?", "received_at < ?"] + conditions
        let all: [(any DatabaseValueConvertible)?] = [start.timeIntervalSince1970, end.timeIntervalSince1970] + arguments + [limit]
        let values = StatementArguments(all.map { $0?.databaseValue ?? .null })
        let cache = self.cache
        return try await pool.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT code, version, snapshot FROM dossiers WHERE \(clauses.joined(separator: " AND "))
                ORDER BY received_at, code LIMIT ?
                """, arguments: values).map { row in
                try cache.dossier(try row.decode("code"), version: try row.decode("version"), snapshot: { try row.decode("snapshot") })
            }
        }
    }

    /// Who received each dossier: the actor of its first event that set an appointment
    /// (the desk's logging, or its acceptance of an online submission).
    public func receivingOfficers(_ codes: [String]) async throws -> [String: Actor] {
        try await pool.reading { db in
            let statement = try db.cachedStatement(sql: "SELECT payload FROM events WHERE dossier_code = ? ORDER BY seq LIMIT 4")
            var officers: [String: Actor] = [:]
            for code in codes {
                for payload in try String.fetchAll(statement, arguments: [code]) {
                    let event = try EventChain.event(from: payload)
                    if event.dueAt != nil { officers[code] = event.actor; break }
                }
            }
            return officers
        }
    }
}
