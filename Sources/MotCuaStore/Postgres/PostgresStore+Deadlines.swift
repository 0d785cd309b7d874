public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

extension PostgresStore {
    /// Marks overdue and due-soon steps once each (the mark's primary key makes a repeat a
    /// no-op on any instance, even two scanning at once: only the one whose insert made the
    /// row queues the notices); returns the marks made now.
    public func scanDeadlines(at now: Date, dueSoonSeconds: Int, calendar: WorkingCalendar,
                              catalog: WorkflowCatalog? = nil) async throws -> [DeadlineWarning] {
        try await DeadlinePage.scan(
            read: { cursor in try await deadlinePage(after: cursor, at: now, dueSoonSeconds: dueSoonSeconds, calendar: calendar, catalog: catalog) },
            mark: { candidates in try await markDeadlines(candidates, at: now) })
    }

    /// Reads one page of steps not yet marked with the kind they would get now, with their
    /// notices.
    private func deadlinePage(after cursor: DeadlinePage.Cursor, at now: Date, dueSoonSeconds: Int, calendar: WorkingCalendar,
                              catalog: WorkflowCatalog?) async throws -> DeadlinePage {
        let horizon = now.addingTimeInterval(30 * 86_400).timeIntervalSince1970
        let (router, cache, logger, time, size) = (self.router, self.cache, self.logger, now.timeIntervalSince1970, DeadlinePage.size)
        let people = router == nil || catalog == nil ? nil : try await self.people.people(database)
        return try await database.read { c in
            let rows = try await c.rows("""
                SELECT code, state, version, step_seq, step_due_at, department, assignee_id FROM dossiers d
                WHERE clock = 'running' AND step_due_at IS NOT NULL AND step_due_at <= \(horizon)
                  AND step_due_at >= \(cursor.due) AND (step_due_at, code) > (\(cursor.due), \(cursor.code))
                  AND NOT EXISTS (SELECT 1 FROM deadline_marks m WHERE m.dossier_code = d.code AND m.step_seq = d.step_seq
                                  AND m.kind = CASE WHEN d.step_due_at <= \(time) THEN 'overdue' ELSE 'due_soon' END)
                ORDER BY step_due_at, code LIMIT \(size)
                """, logger: logger)
            var page = DeadlinePage()
            for row in rows {
                let due = Date(timeIntervalSince1970: try row.value("step_due_at"))
                guard let kind = DeadlinePage.kind(now: now, due: due, dueSoonSeconds: dueSoonSeconds, calendar: calendar) else {
                    return page
                }
                let warning = DeadlineWarning(dossierCode: try row.value("code"), stepSeq: try row.value("step_seq"),
                                              state: try row.value("state"), kind: kind, dueAt: due,
                                              department: try row.optional("department"), assigneeID: try row.optional("assignee_id"))
                var messages: [OutboxMessage] = []
                if let router, let catalog,
                   let dossier = try await Self.head(c, code: warning.dossierCode, cache: cache, logger: logger)?.dossier,
                   let workflow = catalog.workflow(id: dossier.workflowID, version: dossier.workflowVersion) {
                    messages = router.messages(warning: kind.rawValue, stepSeq: warning.stepSeq, dossier: dossier, workflow: workflow,
                                               calendar: calendar, people: people)
                }
                page.candidates.append(.init(warning: warning, version: try row.value("version"), messages: messages))
            }
            if let last = rows.last {
                page.next = DeadlinePage.next(after: rows.count, due: try last.value("step_due_at"), code: try last.value("code"))
            }
            return page
        }
    }

    /// Records the marks in transactions of `markBatch`: each holds its dossiers' rows until
    /// it commits, and one transaction for a whole day's marks (thousands at once after a
    /// holiday) kept commands on those dossiers waiting for seconds. A scan cut short leaves
    /// the rest to the next, as a moved dossier is.
    private func markDeadlines(_ candidates: [DeadlinePage.Candidate], at now: Date) async throws -> [DeadlineWarning] {
        let (logger, time) = (self.logger, now.timeIntervalSince1970)
        var recorded: [DeadlineWarning] = []
        for start in stride(from: 0, to: candidates.count, by: Self.markBatch) {
            let batch = Array(candidates[start..<min(start + Self.markBatch, candidates.count)])
            recorded += try await database.transaction { c in
                var marked: [DeadlineWarning] = []
                for candidate in batch {
                    let warning = candidate.warning
                    // Only if the dossier is still where it was read (one that moved on is looked
                    // at again by the next scan); the row lock holds it there until commit.
                    guard try await c.rows("SELECT version FROM dossiers WHERE code = \(warning.dossierCode) FOR SHARE",
                                           logger: logger).first?.value("version") == candidate.version else { continue }
                    guard try await c.rows("""
                        INSERT INTO deadline_marks (dossier_code, step_seq, kind, state, due_at, at)
                        VALUES (\(warning.dossierCode), \(warning.stepSeq), \(warning.kind.rawValue), \(warning.state),
                                \(warning.dueAt.timeIntervalSince1970), \(time))
                        ON CONFLICT DO NOTHING RETURNING step_seq
                        """, logger: logger).count == 1 else { continue }
                    marked.append(warning)
                    try await Self.enqueue(c, candidate.messages, dossier: warning.dossierCode, seq: candidate.version, at: now, logger: logger)
                }
                return marked
            }
        }
        return recorded
    }

    /// Marks per transaction of a deadline scan.
    static let markBatch = 100

    /// The warnings recorded for a dossier, in order.
    public func deadlineWarnings(_ code: String) async throws -> [(stepSeq: Int, kind: String, state: String)] {
        let logger = self.logger
        let rows = try await database.read { c in
            try await c.rows("SELECT step_seq, kind, state FROM deadline_marks WHERE dossier_code = \(code) ORDER BY at, step_seq, kind",
                             logger: logger)
        }
        return try rows.map { (try $0.value("step_seq"), try $0.value("kind"), try $0.value("state")) }
    }
}
