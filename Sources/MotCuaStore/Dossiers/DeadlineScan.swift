public import Foundation
import GRDB
public import MotCuaCore

/// A warning about a step's deadline, recorded once per dossier step.
public struct DeadlineWarning: Sendable, Hashable {
    /// `due_soon` or `overdue`.
    public enum Kind: String, Sendable { case dueSoon = "due_soon", overdue }

    public var dossierCode: String
    public var stepSeq: Int
    public var state: String
    public var kind: Kind
    public var dueAt: Date
    public var department: String?
    public var assigneeID: String?
}

extension DossierStore {
    /// Finds running steps that are overdue or due within `dueSoonSeconds` of working time
    /// and records a warning for each, once per dossier step and kind (the primary key
    /// makes a repeat, even after a restart, a no-op). Returns the warnings recorded now.
    public func scanDeadlines(at now: Date, dueSoonSeconds: Int, calendar: WorkingCalendar,
                              catalog: WorkflowCatalog? = nil) async throws -> [DeadlineWarning] {
        // Anything due within the next 30 calendar days can be "due soon" in working time.
        let horizon = now.addingTimeInterval(30 * 86_400).timeIntervalSince1970
        let (router, cache) = (self.router, self.cache)
        // Read side: steps not yet marked with the kind they would get now (filtered in SQL,
        // so a scan costs the unmarked candidates, not every running step), the calendar
        // arithmetic and the notices, all outside the writer.
        let candidates: [(DeadlineWarning, version: Int, messages: [OutboxMessage])] = try await pool.reading { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT code, state, version, step_seq, step_due_at, department, assignee_id FROM dossiers d
                WHERE clock = 'running' AND step_due_at IS NOT NULL AND step_due_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM deadline_marks m WHERE m.dossier_code = d.code AND m.step_seq = d.step_seq
                                  AND m.kind = CASE WHEN d.step_due_at <= ? THEN 'overdue' ELSE 'due_soon' END)
                """, arguments: [horizon, now.timeIntervalSince1970])
            var found: [(DeadlineWarning, version: Int, messages: [OutboxMessage])] = []
            for row in rows {
                let due = Date(timeIntervalSince1970: try row.decode("step_due_at"))
                let kind: DeadlineWarning.Kind
                if now >= due {
                    kind = .overdue
                } else if calendar.workingTime(from: now, to: due) <= dueSoonSeconds {
                    kind = .dueSoon
                } else {
                    continue
                }
                let warning = DeadlineWarning(dossierCode: try row.decode("code"), stepSeq: try row.decode("step_seq"), state: try row.decode("state"), kind: kind,
                                              dueAt: due, department: try row.decodeIfPresent("department"), assigneeID: try row.decodeIfPresent("assignee_id"))
                var messages: [OutboxMessage] = []
                if let router, let catalog, let dossier = try Self.head(db, code: warning.dossierCode, cache: cache)?.dossier,
                   let workflow = catalog.workflow(id: dossier.workflowID, version: dossier.workflowVersion) {
                    messages = router.messages(warning: kind.rawValue, stepSeq: warning.stepSeq, dossier: dossier, workflow: workflow,
                                               calendar: calendar, people: UserDirectory(db: db))
                }
                found.append((warning, try row.decode("version"), messages))
            }
            return found
        }
        guard !candidates.isEmpty else { return [] }
        // Write side: the mark and its notices, only if the dossier is still where it was read
        // (a dossier that moved on is looked at again by the next scan).
        return try await committer.write { db in
            var recorded: [DeadlineWarning] = []
            for (warning, version, messages) in candidates {
                guard try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM dossiers WHERE code = ?"),
                                       arguments: [warning.dossierCode]) == version else { continue }
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO deadline_marks (dossier_code, step_seq, kind, state, due_at, at) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [warning.dossierCode, warning.stepSeq, warning.kind.rawValue, warning.state,
                                             warning.dueAt.timeIntervalSince1970, now.timeIntervalSince1970])
                guard db.changesCount == 1 else { continue }
                recorded.append(warning)
                // The warning's notices leave with the mark, in the same transaction.
                try Self.enqueue(db, messages, dossier: warning.dossierCode, events: [], at: now, seq: version)
            }
            return recorded
        }
    }

    /// The warnings recorded for a dossier, in order.
    public func deadlineWarnings(_ code: String) async throws -> [(stepSeq: Int, kind: String, state: String)] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: "SELECT step_seq, kind, state FROM deadline_marks WHERE dossier_code = ? ORDER BY at, step_seq, kind",
                             arguments: [code]).map { (try $0.decode("step_seq"), try $0.decode("kind"), try $0.decode("state")) }
        }
    }
}
