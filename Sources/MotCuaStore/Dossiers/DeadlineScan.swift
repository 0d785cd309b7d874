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
        try await DeadlinePage.scan(
            read: { cursor in try await deadlinePage(after: cursor, at: now, dueSoonSeconds: dueSoonSeconds, calendar: calendar, catalog: catalog) },
            mark: { candidates in try await markDeadlines(candidates, at: now) })
    }

    /// Reads one page of steps not yet marked with the kind they would get now (filtered in
    /// SQL, so a scan costs the unmarked candidates, not every running step), with the
    /// calendar arithmetic and the notices, all outside the writer.
    private func deadlinePage(after cursor: DeadlinePage.Cursor, at now: Date, dueSoonSeconds: Int, calendar: WorkingCalendar,
                              catalog: WorkflowCatalog?) async throws -> DeadlinePage {
        // Anything due within the next 30 calendar days can be "due soon" in working time.
        let horizon = now.addingTimeInterval(30 * 86_400).timeIntervalSince1970
        let (router, cache) = (self.router, self.cache)
        return try await pool.reading { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT code, state, version, step_seq, step_due_at, department, assignee_id FROM dossiers d
                WHERE clock = 'running' AND step_due_at IS NOT NULL AND step_due_at <= ?
                  AND step_due_at >= ? AND (step_due_at > ? OR code > ?)
                  AND NOT EXISTS (SELECT 1 FROM deadline_marks m WHERE m.dossier_code = d.code AND m.step_seq = d.step_seq
                                  AND m.kind = CASE WHEN d.step_due_at <= ? THEN 'overdue' ELSE 'due_soon' END)
                ORDER BY step_due_at, code LIMIT ?
                """, arguments: [horizon, cursor.due, cursor.due, cursor.code, now.timeIntervalSince1970, DeadlinePage.size])
            var page = DeadlinePage()
            for row in rows {
                let due = Date(timeIntervalSince1970: try row.decode("step_due_at"))
                guard let kind = DeadlinePage.kind(now: now, due: due, dueSoonSeconds: dueSoonSeconds, calendar: calendar) else {
                    return page
                }
                let warning = DeadlineWarning(dossierCode: try row.decode("code"), stepSeq: try row.decode("step_seq"), state: try row.decode("state"), kind: kind,
                                              dueAt: due, department: try row.decodeIfPresent("department"), assigneeID: try row.decodeIfPresent("assignee_id"))
                var messages: [OutboxMessage] = []
                if let router, let catalog, let dossier = try Self.head(db, code: warning.dossierCode, cache: cache)?.dossier,
                   let workflow = catalog.workflow(id: dossier.workflowID, version: dossier.workflowVersion) {
                    messages = router.messages(warning: kind.rawValue, stepSeq: warning.stepSeq, dossier: dossier, workflow: workflow,
                                               calendar: calendar, people: UserDirectory(db: db))
                }
                page.candidates.append(.init(warning: warning, version: try row.decode("version"), messages: messages))
            }
            if let last = rows.last {
                page.next = DeadlinePage.next(after: rows.count, due: try last.decode("step_due_at"), code: try last.decode("code"))
            }
            return page
        }
    }

    /// Records the marks and their notices, only for dossiers still where they were read (a
    /// dossier that moved on is looked at again by the next scan).
    private func markDeadlines(_ candidates: [DeadlinePage.Candidate], at now: Date) async throws -> [DeadlineWarning] {
        guard !candidates.isEmpty else { return [] }
        return try await committer.write { db in
            var recorded: [DeadlineWarning] = []
            for candidate in candidates {
                let warning = candidate.warning
                guard try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM dossiers WHERE code = ?"),
                                       arguments: [warning.dossierCode]) == candidate.version else { continue }
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO deadline_marks (dossier_code, step_seq, kind, state, due_at, at) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [warning.dossierCode, warning.stepSeq, warning.kind.rawValue, warning.state,
                                             warning.dueAt.timeIntervalSince1970, now.timeIntervalSince1970])
                guard db.changesCount == 1 else { continue }
                recorded.append(warning)
                // The warning's notices leave with the mark, in the same transaction.
                try Self.enqueue(db, candidate.messages, dossier: warning.dossierCode, events: [], at: now, seq: candidate.version)
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
