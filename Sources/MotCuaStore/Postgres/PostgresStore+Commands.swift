public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

extension PostgresStore {
    /// Logs a new submission under the day's next code (decided outside the transaction on
    /// a placeholder code, as on SQLite, and written with the openings waiting alongside it:
    /// `PostgresOpenings`); a repeated key replays the first answer.
    public func open(_ submission: Submission, by actor: Actor, at now: Date, catalog: WorkflowCatalog, calendar: WorkingCalendar,
                     idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        let logger = self.logger
        if let claim, let previous = try await database.read({ c in try await Self.findKey(c, claim, logger: logger) }) {
            return try previous.replay(for: claim)
        }
        guard let workflow = catalog.workflow(forProcedure: submission.procedureCode) else {
            throw StoreError.unknownProcedure(submission.procedureCode)
        }
        let decision: Decision
        switch Engine.open(submission, code: "", by: actor, at: now, workflow: workflow, calendar: calendar) {
        case let .failure(rejection): throw StoreError.rejected(rejection)
        case let .success(d): decision = d
        }
        let opening = PreparedOpening(decision: decision, workflow: workflow)
        let answer = try await openings.write { continuation in
            PostgresOpenings.Pending(opening: opening, decision: decision, workflow: workflow, claim: claim, now: now, calendar: calendar,
                                     answer: continuation)
        }
        if case let .applied(result) = answer { cache.put(.init(dossier: result.dossier, hash: result.headHash)) }
        return answer
    }

    /// Inserts a prepared opening under its code; returns the dossier, its snapshot and head hash.
    static func insert(_ c: PostgresConnection, _ o: PreparedOpening, code: String, logger: Logger) async throws
        -> (Dossier, String, String) {
        try await insert(c, [(o, code)], logger: logger)[0]
    }

    /// Inserts prepared openings under their codes, all dossiers in one statement and all
    /// their events in another (a batch of openings once cost a round trip per row); returns
    /// each dossier, its snapshot and head hash, in order. Missing values travel as '' and
    /// NaN, as in `PerformBatchStatement`.
    static func insert(_ c: PostgresConnection, _ openings: [(PreparedOpening, String)], logger: Logger) async throws
        -> [(Dossier, String, String)] {
        var out: [(Dossier, String, String)] = []
        var events: [(code: String, row: PreparedCommand.EventRow)] = []
        for (o, code) in openings {
            var d = o.dossier
            d.code = code
            let snapshot = String(decoding: RecordJSON.head(code: code) + o.snapshotTail, as: UTF8.self)
            let rows = PreparedCommand.chain(o.events, payloads: o.payloads, code: code, previousHash: EventChain.genesis)
            events += rows.map { (code, $0) }
            out.append((d, snapshot, rows.last?.hash ?? EventChain.genesis))
        }
        let ds = out.map(\.0)
        func time(_ date: Date?) -> Double { date?.timeIntervalSince1970 ?? .nan }
        try await c.query("""
            INSERT INTO dossiers (code, procedure_code, workflow_id, workflow_version, state, version, department, assignee_id,
                                  due_at, step_due_at, step_seq, finished_at, clock, snapshot, channel, queue, queue_due, received_at)
            SELECT code, procedure_code, workflow_id, workflow_version, state, version, NULLIF(department, ''), NULLIF(assignee_id, ''),
                   NULLIF(due_at, 'NaN'), NULLIF(step_due_at, 'NaN'), step_seq, NULLIF(finished_at, 'NaN'), clock, snapshot, channel,
                   NULLIF(queue, ''), queue_due, NULLIF(received_at, 'NaN')
            FROM unnest(\(ds.map(\.code))::text[], \(ds.map(\.procedureCode))::text[], \(ds.map(\.workflowID))::text[],
                        \(ds.map(\.workflowVersion))::bigint[], \(ds.map(\.state))::text[], \(ds.map(\.version))::bigint[],
                        \(ds.map { $0.department ?? "" })::text[], \(ds.map { $0.assignee?.id ?? "" })::text[],
                        \(ds.map { time($0.dueAt) })::float8[], \(ds.map { time($0.stepDueAt) })::float8[],
                        \(ds.map(\.stepSeq))::bigint[], \(ds.map { time($0.finishedAt) })::float8[], \(ds.map(\.clock.rawValue))::text[],
                        \(out.map(\.1))::text[], \(ds.map(\.channel.rawValue))::text[], \(openings.map { $0.0.queue ?? "" })::text[],
                        \(openings.map(\.0.queueDue))::float8[], \(ds.map { time($0.receivedAt) })::float8[])
                AS t(code, procedure_code, workflow_id, workflow_version, state, version, department, assignee_id, due_at, step_due_at,
                     step_seq, finished_at, clock, snapshot, channel, queue, queue_due, received_at)
            """, logger: logger)
        try await c.query("""
            INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
            SELECT * FROM unnest(\(events.map(\.code))::text[], \(events.map(\.row.event.seq))::bigint[],
                                 \(events.map(\.row.event.kind.rawValue))::text[], \(events.map(\.row.event.action))::text[],
                                 \(events.map { $0.row.event.at.timeIntervalSince1970 })::float8[], \(events.map(\.row.payload))::text[],
                                 \(events.map(\.row.previous))::text[], \(events.map(\.row.hash))::text[])
            """, logger: logger)
        return out
    }

    /// Performs an action: decided outside the database against the cached (or freshly read)
    /// dossier, its notifications routed there too; one statement then checks the version
    /// and appends, with the other actions waiting alongside it (`PostgresActions`), or
    /// alone inside a transaction when an Idempotency-Key must be taken with it
    /// (`commitAlone`). If another command — from this instance or another — got there first,
    /// the action is decided once more.
    public func perform(_ command: Command, on code: String, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                        calendar: WorkingCalendar, idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        let logger = self.logger
        if let claim, let previous = try await database.read({ c in try await Self.findKey(c, claim, logger: logger) }) {
            return try previous.replay(for: claim)
        }
        var fresh = false
        while true {
            guard let base = try await head(code, fresh: fresh) else { throw StoreError.dossierNotFound(code) }
            if base.dossier.document != nil {
                return try await performOnDocument(command, on: code, by: actor, at: now, catalog: catalog, calendar: calendar,
                                                   idempotency: claim)
            }
            guard let workflow = catalog.workflow(id: base.dossier.workflowID, version: base.dossier.workflowVersion) else {
                throw StoreError.workflowMissing(id: base.dossier.workflowID, version: base.dossier.workflowVersion)
            }
            let decision: Decision
            switch Engine.decide(base.dossier, command, by: actor, at: now, workflow: workflow, calendar: calendar) {
            case let .success(d): decision = d
            case .failure where !fresh:
                // A refusal decided on the cached copy may be the cache's: another instance
                // may have moved the dossier on. Only the stored row may refuse.
                fresh = true
                continue
            case let .failure(rejection): throw StoreError.rejected(rejection)
            }
            let prepared = PreparedCommand(decision: decision, on: base.dossier, code: code, previousHash: base.hash ?? EventChain.genesis,
                                           workflow: workflow)
            let messages = if let router {
                router.messages(previous: base.dossier, after: decision.dossier, events: decision.events, workflow: workflow,
                                calendar: calendar, people: try await people.people(database))
            } else { [OutboxMessage]() }
            let applied = CommandAnswer.applied(DossierStore.Result(dossier: decision.dossier, events: decision.events,
                                                                    headHash: prepared.headHash))
            do {
                let answer = try await cache.whileWriting(code) {
                    guard let claim else {
                        guard try await actions.write(.init(command: prepared, messages: messages, now: now)) else { throw StaleDecision() }
                        return applied
                    }
                    return try await database.transaction { c -> CommandAnswer in
                        if let previous = try await Self.claimKey(c, claim, logger: logger) { return try previous.replay(for: claim) }
                        try await Self.commitAlone(c, prepared, messages: messages, at: now, logger: logger)
                        try await Self.saveKey(c, claim, status: 200, snapshot: prepared.snapshot, at: now, logger: logger)
                        return applied
                    }
                }
                if case .applied = answer { cache.put(.init(dossier: decision.dossier, hash: prepared.headHash)) }
                return answer
            } catch is StaleDecision {
                cache.remove(code)
                if fresh {
                    throw StoreError.rejected(.versionConflict(expected: command.expectedVersion ?? base.dossier.version,
                                                               actual: base.dossier.version + 1))
                }
                fresh = true
            } catch is PostgresCommitUnknown {
                // The row tells: at the decided version with the decided head, it committed.
                cache.remove(code)
                let now = try await head(code, fresh: true)
                if now?.dossier.version == decision.dossier.version, now?.hash == prepared.headHash {
                    return .applied(DossierStore.Result(dossier: decision.dossier, events: decision.events, headHash: prepared.headHash))
                }
                fresh = true
            } catch {
                cache.remove(code)
                throw error
            }
        }
    }

    /// A keyed request's first answer, if kept and not older than the claim allows.
    static func findKey(_ c: PostgresConnection, _ claim: IdempotencyClaim, logger: Logger) async throws -> IdempotencyRecord? {
        try await c.rows("""
            SELECT status, body, request_hash, dossier_snapshot FROM idempotency_keys
            WHERE user_id = \(claim.user) AND key = \(claim.key) AND created_at >= \(claim.notBefore.timeIntervalSince1970)
            """, logger: logger).first.map {
            IdempotencyRecord(status: try $0.value("status"), body: try $0.value("body"), requestHash: try $0.value("request_hash"),
                              snapshot: try $0.optional("dossier_snapshot"))
        }
    }

    /// Takes the key for this transaction (a second request with the same key, on any
    /// instance, waits here until this one ends) and returns its first answer, if any.
    static func claimKey(_ c: PostgresConnection, _ claim: IdempotencyClaim, logger: Logger) async throws -> IdempotencyRecord? {
        let name = claim.user + "\u{1F}" + claim.key
        try await c.query("SELECT pg_advisory_xact_lock(hashtextextended(\(name), 7))", logger: logger)
        return try await findKey(c, claim, logger: logger)
    }

    /// Keeps a keyed request's answer (replacing an expired one under the same key).
    static func saveKey(_ c: PostgresConnection, _ claim: IdempotencyClaim, status: Int, snapshot: String, at now: Date,
                        logger: Logger) async throws {
        try await c.query("""
            INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, dossier_snapshot, created_at)
            VALUES (\(claim.user), \(claim.key), \(claim.requestHash), \(status), '', \(snapshot), \(now.timeIntervalSince1970))
            ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status,
                body = EXCLUDED.body, dossier_snapshot = EXCLUDED.dossier_snapshot, created_at = EXCLUDED.created_at
            """, logger: logger)
    }
}
