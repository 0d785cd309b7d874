public import Foundation
import GRDB
public import MotCuaCore

/// What a command answered.
public enum CommandAnswer: Sendable {
    /// The command was applied now.
    case applied(DossierStore.Result)
    /// The same keyed request was answered before: its status and the dossier it produced
    /// then (or, for rows older than that, the body it answered).
    case replayed(status: Int, dossier: Dossier?, body: String)
}

extension DossierStore {
    /// Logs a new submission with a fresh dossier code. The engine decides outside the
    /// writer, on a placeholder code, and everything that does not contain the code (event
    /// payloads, the snapshot after its first field, the inbox key) is written there too;
    /// the writer takes the day's next code and completes the rows.
    public func open(_ submission: Submission, by actor: Actor, at now: Date, catalog: WorkflowCatalog, calendar: WorkingCalendar,
                     idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        if let claim, let previous = try await pool.reading({ db in try IdempotencyRecord.find(db, claim) }) {
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
        let (agency, router, cache) = (agencyCode, self.router, self.cache)
        let answer = try await committer.write { db -> CommandAnswer in
            if let claim, let previous = try IdempotencyRecord.find(db, claim) { return try previous.replay(for: claim) }
            let code = try Self.nextCode(db, agency: agency, at: now, calendar: calendar)
            let inserted = try Self.insert(db, opening, code: code)
            return try Self.opened(db, inserted, events: decision.events, router: router, workflow: workflow, calendar: calendar,
                                   claim: claim, at: now)
        }
        if case let .applied(result) = answer { cache.put(.init(dossier: result.dossier, hash: result.headHash)) }
        return answer
    }

    /// The end of every opening's transaction, once its rows are in: the new case's messages
    /// queued, the idempotency record kept, the answer.
    static func opened(_ db: Database, _ inserted: (Dossier, String, String), events: [DossierEvent], router: NotificationRouter?,
                       workflow: Workflow, calendar: WorkingCalendar, claim: IdempotencyClaim?, at now: Date) throws -> CommandAnswer {
        let (dossier, snapshot, hash) = inserted
        if let router {
            try enqueue(db, router.messages(previous: nil, after: dossier, events: events, workflow: workflow, calendar: calendar,
                                            people: UserDirectory(db: db)),
                        dossier: dossier.code, events: events, at: now)
        }
        if let claim { try IdempotencyRecord.save(db, claim, status: 201, snapshot: snapshot, at: now) }
        return .applied(Result(dossier: dossier, events: events, headHash: hash))
    }

    /// Inserts a prepared opening under its code: the dossier row, its events chained from
    /// the genesis hash; returns the dossier, its snapshot JSON and its head hash.
    static func insert(_ db: Database, _ o: PreparedOpening, code: String) throws -> (Dossier, String, String) {
        var dossier = o.dossier
        dossier.code = code
        let snapshot = String(decoding: RecordJSON.head(code: code) + o.snapshotTail, as: UTF8.self)
        let d = dossier
        try HotStatement(db, sql: """
            INSERT INTO dossiers (code, procedure_code, workflow_id, workflow_version, state, version, department, assignee_id,
                                  due_at, step_due_at, step_seq, finished_at, clock, snapshot, channel, queue, queue_due, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([.text(d.code), .text(d.procedureCode), .text(d.workflowID), .int(d.workflowVersion), .text(d.state),
                          .int(d.version), .text(d.department), .text(d.assignee?.id), .real(d.dueAt?.timeIntervalSince1970),
                          .real(d.stepDueAt?.timeIntervalSince1970), .int(d.stepSeq), .real(d.finishedAt?.timeIntervalSince1970),
                          .text(d.clock.rawValue), .text(snapshot), .text(d.channel.rawValue), .text(o.queue), .real(o.queueDue),
                          .real(d.receivedAt?.timeIntervalSince1970)])
        let rows = PreparedCommand.chain(o.events, payloads: o.payloads, code: code, previousHash: EventChain.genesis)
        for row in rows { try insertEvent(db, code: code, row) }
        return (dossier, snapshot, rows.last?.hash ?? EventChain.genesis)
    }

    /// Performs an action on a dossier. The engine decides outside the writer against the
    /// cached (or freshly read) dossier; the event payloads, their hashes, the snapshot JSON
    /// and the notifications are prepared there too. The writing transaction only checks
    /// that the dossier is still at the version decided on and appends. If another command
    /// got there first, the action is decided once more against the fresh dossier (a caller
    /// who sent If-Match then gets the engine's version conflict).
    public func perform(_ command: Command, on code: String, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                        calendar: WorkingCalendar, idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        if let claim, let previous = try await pool.reading({ db in try IdempotencyRecord.find(db, claim) }) {
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
            case .failure(.versionConflict) where !fresh:
                fresh = true
                continue
            case let .failure(rejection): throw StoreError.rejected(rejection)
            }
            let prepared = PreparedCommand(decision: decision, on: base.dossier, code: code, previousHash: base.hash ?? EventChain.genesis, workflow: workflow)
            let messages: [OutboxMessage] = if let router {
                try await pool.reading { db in
                    router.messages(previous: base.dossier, after: decision.dossier, events: decision.events, workflow: workflow,
                                    calendar: calendar, people: UserDirectory(db: db))
                }
            } else { [] }
            do {
                return try await cache.whileWriting(code) {
                    let answer = try await committer.write { db -> CommandAnswer in
                        if let claim, let previous = try IdempotencyRecord.find(db, claim) { return try previous.replay(for: claim) }
                        try Self.apply(db, prepared)
                        try Self.enqueue(db, messages, dossier: code, events: decision.events, at: now)
                        if let claim { try IdempotencyRecord.save(db, claim, status: 200, snapshot: prepared.snapshot, at: now) }
                        return .applied(Result(dossier: decision.dossier, events: decision.events, headHash: prepared.headHash))
                    }
                    if case .applied = answer { cache.put(.init(dossier: decision.dossier, hash: prepared.headHash)) }
                    return answer
                }
            } catch is StaleDecision {
                cache.remove(code)
                if fresh {
                    throw StoreError.rejected(.versionConflict(expected: command.expectedVersion ?? base.dossier.version,
                                                               actual: base.dossier.version + 1))
                }
                fresh = true
            } catch {
                cache.remove(code)
                throw error
            }
        }
    }

    /// The dossier and the hash its next event chains to: from the cache, or read.
    func head(_ code: String, fresh: Bool) async throws -> SnapshotCache.Head? {
        if !fresh, let cached = cache.get(code), cached.hash != nil { return cached }
        let cache = self.cache
        let head = try await pool.unsafeRead { db in try Self.head(db, code: code, cache: cache) }
        if let head { cache.put(head) }
        return head
    }

    /// Appends one event row of a dossier's chain.
    static func insertEvent(_ db: Database, code: String, _ row: PreparedCommand.EventRow) throws {
        try HotStatement(db, sql: """
            INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([.text(code), .int(row.event.seq), .text(row.event.kind.rawValue), .text(row.event.action),
                          .real(row.event.at.timeIntervalSince1970), .text(row.payload), .text(row.previous), .text(row.hash)])
    }

    /// Writes a prepared decision if the dossier is still at the version it was decided on.
    static func apply(_ db: Database, _ p: PreparedCommand) throws {
        try HotStatement(db, sql: p.update.sql).execute(p.update.arguments)
        guard db.changesCount == 1 else { throw StaleDecision() }
        for row in p.rows { try insertEvent(db, code: p.dossier.code, row) }
    }
}

extension CommandAnswer {
    /// The result of a command sent without a key (which is never a replay).
    func applied() throws -> DossierStore.Result {
        switch self {
        case let .applied(result): return result
        case .replayed: throw StoreError.idempotencyKeyReused
        }
    }
}
