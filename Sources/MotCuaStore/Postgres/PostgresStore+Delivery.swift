public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

extension PostgresStore {
    /// Claims the pending messages due now, oldest first, none of which has an earlier
    /// undelivered message with the same ordering key (per dossier and channel; per
    /// recipient for e-mail). Claimed rows are skipped by every other instance (`FOR UPDATE
    /// SKIP LOCKED`, then the lease) until `record` ends the attempt or the lease runs out;
    /// a message in flight here blocks its successors for everyone, so `busy` (this
    /// process's own order keys in flight) needs no separate filter.
    public func dueMessages(at now: Date, limit: Int, busy: Set<String>, channels: [DeliveryChannel]) async throws -> [DueMessage] {
        let (logger, names, lease, me) = (self.logger, channels.map(\.rawValue), claimLease, Self.instance)
        let rows = try await database.transaction { c in
            try await c.rows("""
                WITH due AS (
                    SELECT o.id FROM outbox o
                    WHERE o.status = 'pending' AND o.next_attempt_at <= \(now.timeIntervalSince1970) AND o.channel = ANY(\(names))
                      AND (o.claimed_until IS NULL OR o.claimed_until < extract(epoch FROM clock_timestamp()))
                      AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_code IS NOT DISTINCT FROM o.dossier_code
                                      AND p.channel = o.channel AND (o.channel != 'email' OR p.target = o.target)
                                      AND p.status != 'delivered' AND p.seq < o.seq)
                    ORDER BY o.seq LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                UPDATE outbox SET claimed_until = extract(epoch FROM clock_timestamp()) + \(lease), claimed_by = \(me)
                FROM due WHERE outbox.id = due.id
                RETURNING outbox.seq, outbox.id, outbox.dossier_code, outbox.channel, outbox.target, outbox.payload, outbox.attempts
                """, logger: logger)
        }
        return try rows.map { row -> (Int, DueMessage) in
            let text: String = try row.value("channel")
            guard let channel = DeliveryChannel(rawValue: text) else { throw StoredRowError(column: "channel", found: text) }
            return (try row.value("seq"), DueMessage(id: try row.value("id"), dossierCode: try row.optional("dossier_code") ?? "",
                                                     channel: channel, target: try row.value("target"), payload: try row.value("payload"),
                                                     attempts: try row.value("attempts")))
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// This process, as it signs its claims (host and process id: for diagnostics only).
    static let instance = "\(ProcessInfo.processInfo.hostName)#\(ProcessInfo.processInfo.processIdentifier)"

    /// Records an attempt and the message's new status, and ends the claim, in one transaction.
    public func record(_ attempt: AttemptRecord, for message: DueMessage) async throws {
        let logger = self.logger
        try await database.transaction { c in
            try await c.query("""
                INSERT INTO delivery_attempts (outbox_id, attempt, at, status_code, error, duration_ms)
                SELECT \(message.id), COALESCE(MAX(attempt), 0) + 1, \(attempt.at.timeIntervalSince1970), \(attempt.statusCode)::bigint,
                       \(attempt.error)::text, \(attempt.milliseconds)
                FROM delivery_attempts WHERE outbox_id = \(message.id)
                """, logger: logger)
            try await c.query("""
                UPDATE outbox SET status = \(attempt.newStatus.rawValue), attempts = attempts + 1,
                       next_attempt_at = COALESCE(\(attempt.nextAttemptAt?.timeIntervalSince1970)::double precision, next_attempt_at),
                       last_error = \(attempt.error ?? attempt.statusCode.map { "HTTP \($0)" }), claimed_until = NULL, claimed_by = NULL
                WHERE id = \(message.id)
                """, logger: logger)
        }
    }

    /// Queues an agency-level message (no dossier); `false` if the id was queued before.
    @discardableResult
    public func enqueueNotice(id: String, channel: DeliveryChannel, to address: String, payload: String, at now: Date) async throws -> Bool {
        let (logger, time) = (self.logger, now.timeIntervalSince1970)
        return try await database.transaction { c in
            try await c.rows("""
                INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
                VALUES (\(id), NULL, 0, \(channel.rawValue), \(address), \(payload), \(time), \(time))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger).count == 1
        }
    }

    /// Queues an agency-level e-mail; `false` if the id was queued before.
    @discardableResult
    public func enqueueNotice(id: String, to address: String, payload: String, at now: Date) async throws -> Bool {
        try await enqueueNotice(id: id, channel: .email, to: address, payload: payload, at: now)
    }

    /// Deliveries of a dossier in order, each with its attempts.
    public func outbox(dossier code: String) async throws -> [OutboxRow] {
        let logger = self.logger
        let rows = try await database.read { c in
            try await c.rows("""
                SELECT o.*, a.at AS a_at, a.status_code AS a_status, a.error AS a_error, a.duration_ms AS a_ms
                FROM outbox o LEFT JOIN delivery_attempts a ON a.outbox_id = o.id
                WHERE o.dossier_code = \(code) ORDER BY o.event_seq, o.channel, o.seq, a.attempt
                """, logger: logger)
        }
        var result: [OutboxRow] = []
        for row in rows {
            let id: String = try row.value("id")
            if result.last?.id != id { result.append(try Self.outboxRow(row)) }
            if let at: Double = try row.optional("a_at") {
                result[result.count - 1].attemptLog.append(
                    DeliveryAttempt(at: Date(timeIntervalSince1970: at), status: try row.optional("a_status"),
                                    error: try row.optional("a_error"), milliseconds: try row.value("a_ms")))
            }
        }
        return result
    }

    /// Deliveries by status (all when `nil`), oldest first, at most 500.
    public func outbox(status: OutboxStatus?) async throws -> [OutboxRow] {
        let logger = self.logger
        let rows = try await database.read { c in
            if let status {
                try await c.rows("SELECT * FROM outbox WHERE status = \(status.rawValue) ORDER BY created_at, seq LIMIT 500", logger: logger)
            } else {
                try await c.rows("SELECT * FROM outbox ORDER BY created_at, seq LIMIT 500", logger: logger)
            }
        }
        return try rows.map(Self.outboxRow)
    }

    /// Puts a dead (or delivered) message back in the queue with fresh attempts.
    public func retryOutbox(id: String, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await database.transaction { c in
            try await c.rows("""
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(now.timeIntervalSince1970),
                       claimed_until = NULL, claimed_by = NULL
                WHERE id = \(id) AND status != 'pending' RETURNING id
                """, logger: logger).count == 1
        }
    }

    /// Puts every dead message back in the queue; returns how many.
    public func retryAllDead(at now: Date) async throws -> Int {
        let logger = self.logger
        return try await database.transaction { c in
            try await c.rows("""
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(now.timeIntervalSince1970),
                       claimed_until = NULL, claimed_by = NULL
                WHERE status = 'dead' RETURNING id
                """, logger: logger).count
        }
    }

    static func outboxRow(_ row: PostgresRandomAccessRow) throws -> OutboxRow {
        let channelText: String = try row.value("channel"), statusText: String = try row.value("status")
        guard let channel = DeliveryChannel(rawValue: channelText) else { throw StoredRowError(column: "channel", found: channelText) }
        guard let status = OutboxStatus(rawValue: statusText) else { throw StoredRowError(column: "status", found: statusText) }
        return OutboxRow(id: try row.value("id"), dossierCode: try row.optional("dossier_code") ?? "", eventSeq: try row.value("event_seq"),
                         channel: channel, target: try row.value("target"), status: status, attempts: try row.value("attempts"),
                         nextAttemptAt: Date(timeIntervalSince1970: try row.value("next_attempt_at")),
                         lastError: try row.optional("last_error"))
    }
}
