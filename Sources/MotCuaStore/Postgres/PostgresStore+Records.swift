public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

extension PostgresStore {
    /// Records reads of personal data (batched, as on SQLite).
    public func recordAccess(_ entries: [AccessEntry]) async throws {
        guard !entries.isEmpty else { return }
        await accessBuffer.add(entries)
    }

    /// Writes every read still waiting.
    public func flushAccessLog() async throws { try await accessBuffer.flush() }

    static func writeAccess(_ entries: [AccessEntry], database: PostgresDatabase) async throws {
        let logger = database.logger
        // A thousand rows a statement, from arrays: one statement per row wrote a few
        // thousand a second, fewer than a busy desk's lists read (50 dossiers a page).
        // Not COPY, though the server spends half the CPU per row on it: postgres-nio
        // 1.33.2 traps (preconditionFailure, the process exits) when the connection drops
        // during a COPY, which the 10-second outage test hit.
        try await database.transaction { c in
            for start in stride(from: 0, to: entries.count, by: 1000) {
                let chunk = entries[start..<min(start + 1000, entries.count)]
                try await c.query("""
                    INSERT INTO access_log (dossier_code, user_id, user_name, role, view, at)
                    SELECT * FROM unnest(\(chunk.map(\.dossierCode))::text[], \(chunk.map(\.reader.id))::text[],
                                         \(chunk.map(\.reader.name))::text[], \(chunk.map(\.reader.role.rawValue))::text[],
                                         \(chunk.map(\.view))::text[], \(chunk.map { $0.at.timeIntervalSince1970 })::float8[])
                    """, logger: logger)
            }
        }
    }

    /// A dossier's reads, oldest first.
    public func accessLog(dossier code: String, limit: Int) async throws -> [AccessEntry] {
        try await flushAccessLog()
        let logger = self.logger
        let rows = try await database.read { c in
            try await c.rows("""
                SELECT a.user_id, a.user_name, a.role, u.department, a.view, a.at FROM access_log a
                LEFT JOIN users u ON u.id = a.user_id WHERE a.dossier_code = \(code) ORDER BY a.id LIMIT \(limit)
                """, logger: logger)
        }
        return try rows.map { row in
            let roleText: String = try row.value("role")
            guard let role = Role(rawValue: roleText) else { throw StoredRowError(column: "role", found: roleText) }
            return AccessEntry(dossierCode: code, reader: Actor(id: try row.value("user_id"), name: try row.value("user_name"), role: role,
                                                                department: try row.optional("department")),
                               view: try row.value("view"), at: Date(timeIntervalSince1970: try row.value("at")))
        }
    }

    /// All reads logged.
    public func accessLogCount() async throws -> Int {
        try await flushAccessLog()
        let logger = self.logger
        return try await database.read { c in try await c.rows("SELECT COUNT(*) AS n FROM access_log", logger: logger).first?.value("n") ?? 0 }
    }

    /// Forgets idempotency keys older than `before`, in batches; also folds the queue-count
    /// deltas (the same periodic housekeeping, one instance at a time).
    public func pruneIdempotencyKeys(before: Date, batch: Int) async throws -> Int {
        let logger = self.logger
        try await foldQueueCounts()
        var total = 0
        while true {
            let removed = try await database.transaction { c in
                try await c.rows("""
                    DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
                        SELECT ctid FROM idempotency_keys WHERE created_at < \(before.timeIntervalSince1970) LIMIT \(batch)))
                    RETURNING key
                    """, logger: logger).count
            }
            total += removed
            if removed < batch { return total }
        }
    }

    /// Replaces the queue-count deltas by one row per queue and state, in one statement: rows
    /// appended meanwhile by other transactions are not in its snapshot and stay.
    func foldQueueCounts() async throws {
        let logger = self.logger
        _ = try await database.transaction { c in
            try await c.query("""
                WITH gone AS (DELETE FROM queue_count_deltas RETURNING queue, state, n)
                INSERT INTO queue_count_deltas (queue, state, n)
                SELECT queue, state, SUM(n) FROM gone GROUP BY queue, state HAVING SUM(n) <> 0
                """, logger: logger)
        }
    }

    /// Rows for the service report: received or finished in `[start, end)`, or overdue at `overdueAt`.
    public func reportRows(from start: Date, to end: Date, overdueAt: Date) async throws -> [ReportRow] {
        let (a, b, now, logger) = (start.timeIntervalSince1970, end.timeIntervalSince1970, overdueAt.timeIntervalSince1970, self.logger)
        let rows = try await database.read { c in
            try await c.rows("""
                SELECT code, procedure_code, state, channel, received_at, finished_at, due_at,
                       snapshot::jsonb ->> 'outcome' AS outcome, (snapshot::jsonb ->> 'pausedWorkingSeconds')::bigint AS paused
                FROM dossiers
                WHERE (received_at >= \(a) AND received_at < \(b)) OR (finished_at >= \(a) AND finished_at < \(b))
                   OR (finished_at IS NULL AND due_at IS NOT NULL AND due_at < \(now))
                """, logger: logger)
        }
        return try rows.map { row in
            func date(_ column: String) throws -> Date? { try row.optional(column, as: Double.self).map(Date.init(timeIntervalSince1970:)) }
            return ReportRow(code: try row.value("code"), procedureCode: try row.value("procedure_code"), department: nil,
                             state: try row.value("state"), channel: Channel(rawValue: try row.optional("channel") ?? "") ?? .direct,
                             receivedAt: try date("received_at"), finishedAt: try date("finished_at"), dueAt: try date("due_at"),
                             outcome: try row.optional("outcome", as: String.self).flatMap(Outcome.init(rawValue:)),
                             pausedWorkingSeconds: try row.optional("paused") ?? 0)
        }
    }

    /// The log book's dossiers: received in `[start, end)`, in order of receipt.
    public func received(from start: Date, to end: Date, scope: ReadPolicy.ListScope?, limit: Int) async throws -> [Dossier] {
        var filter = DossierStore.Filter()
        filter.scope = scope
        var s = PostgresStatement("SELECT code, version, snapshot FROM dossiers WHERE received_at >= ")
        s.append(bind: start.timeIntervalSince1970); s.append(" AND received_at < "); s.append(bind: end.timeIntervalSince1970)
        guard filter.appendConditions(to: &s) else { return [] }
        s.append(" ORDER BY received_at, code LIMIT "); s.append(bind: limit)
        let (query, logger, cache) = (s.query, self.logger, self.cache)
        return try await database.read { c in try await c.rows(query, logger: logger) }.map { row in
            try cache.dossier(try row.value("code"), version: try row.value("version"), snapshot: { try row.value("snapshot") })
        }
    }

    /// Who received each dossier (the actor of the first event that set a deadline).
    public func receivingOfficers(_ codes: [String]) async throws -> [String: Actor] {
        let logger = self.logger
        let rows = try await database.read { c in
            try await c.rows("""
                SELECT dossier_code, payload FROM events WHERE dossier_code = ANY(\(codes)) AND seq <= 4 ORDER BY dossier_code, seq
                """, logger: logger)
        }
        var officers: [String: Actor] = [:]
        for row in rows {
            let code: String = try row.value("dossier_code")
            guard officers[code] == nil else { continue }
            let event = try EventChain.event(from: try row.value("payload"))
            if event.dueAt != nil { officers[code] = event.actor }
        }
        return officers
    }

    /// Writes a signed checkpoint of every chain head (and queues the inspector's e-mail).
    public func publishCheckpoint(to directory: String, key: AuditKey, at now: Date, iso: String, agencyName: String,
                                  inspector: String?) async throws -> String {
        let logger = self.logger
        let heads = try await database.read { c in
            try await c.rows("""
                SELECT DISTINCT ON (dossier_code) dossier_code, seq, hash FROM events ORDER BY dossier_code, seq DESC
                """, logger: logger).map {
                AuditCheckpoint.Head(code: try $0.value("dossier_code"), seq: try $0.value("seq"), hash: try $0.value("hash"))
            }
        }
        let (path, checkpoint) = try AuditCheckpoint.write(heads: heads, agency: agencyCode, to: directory, key: key, at: now, iso: iso)
        if let inspector, !inspector.isEmpty {
            let notice = checkpoint.notice(file: path, agencyName: agencyName, iso: iso, at: now)
            try await enqueueNotice(id: notice.id, to: inspector, payload: notice.payload, at: now)
        }
        return path
    }

    /// Checks the database against every signed checkpoint in `directory`.
    public func verifyCheckpoints(in directory: String, key: AuditKey) async throws -> (checked: Int, mismatch: CheckpointMismatch?) {
        let logger = self.logger
        return try await AuditCheckpoint.verifyAll(in: directory, key: key) { heads in
            try await database.read { c in
                var found: [String?] = []
                for head in heads {
                    found.append(try await c.rows("SELECT hash FROM events WHERE dossier_code = \(head.code) AND seq = \(head.seq)",
                                                  logger: logger).first?.value("hash"))
                }
                return found
            }
        }
    }
}
