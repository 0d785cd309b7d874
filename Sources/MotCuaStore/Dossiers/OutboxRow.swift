public import Foundation
import GRDB
public import MotCuaCore

/// One notification waiting for, or done with, delivery. The delivery issue fills and
/// drains the table; this is its read side.
public struct OutboxRow: Sendable, Hashable {
    public var id: String
    /// Empty for agency-level notices (audit checkpoints).
    public var dossierCode: String
    public var eventSeq: Int
    public var channel: DeliveryChannel
    public var target: String
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    /// The recorded attempts, oldest first (filled by `outboxWithAttempts`).
    public var attemptLog: [DeliveryAttempt] = []

    static func from(_ row: Row) throws -> OutboxRow {
        let channelText: String = try row.decode("channel"), statusText: String = try row.decode("status")
        guard let channel = DeliveryChannel(rawValue: channelText) else { throw StoredRowError(column: "channel", found: channelText) }
        guard let status = OutboxStatus(rawValue: statusText) else { throw StoredRowError(column: "status", found: statusText) }
        return OutboxRow(id: try row.decode("id"), dossierCode: try row.decodeIfPresent("dossier_code") ?? "", eventSeq: try row.decode("event_seq"),
                  channel: channel, target: try row.decode("target"), status: status, attempts: try row.decode("attempts"),
                  nextAttemptAt: Date(timeIntervalSince1970: try row.decode("next_attempt_at")), lastError: try row.decodeIfPresent("last_error"))
    }
}

extension DossierStore {
    /// Deliveries of a dossier in order, each with its attempts: one query.
    public func outbox(dossier code: String) async throws -> [OutboxRow] {
        try await pool.reading { db in
            // Cached: the dossier page reads this on every view.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT o.*, a.at AS a_at, a.status_code AS a_status, a.error AS a_error, a.duration_ms AS a_ms
                FROM outbox o LEFT JOIN delivery_attempts a ON a.outbox_id = o.id
                WHERE o.dossier_code = ? ORDER BY o.event_seq, o.channel, o.rowid, a.attempt
                """), arguments: [code])
            var result: [OutboxRow] = []
            for row in rows {
                let id: String = try row.decode("id")
                if result.last?.id != id { result.append(try OutboxRow.from(row)) }
                if let at: Double = try row.decodeIfPresent("a_at") {
                    result[result.count - 1].attemptLog.append(
                        DeliveryAttempt(at: Date(timeIntervalSince1970: at), status: try row.decodeIfPresent("a_status"),
                                        error: try row.decodeIfPresent("a_error"), milliseconds: try row.decode("a_ms")))
                }
            }
            return result
        }
    }

    /// Deliveries by status (all when `nil`), oldest first, at most 500.
    public func outbox(status: OutboxStatus?) async throws -> [OutboxRow] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE (?1 IS NULL OR status = ?1) ORDER BY created_at LIMIT 500",
                             arguments: [status?.rawValue]).map(OutboxRow.from)
        }
    }

    /// Puts a dead (or delivered: a replay) message back in the queue with fresh attempts;
    /// `false` if there is no such message or it is already pending.
    public func retryOutbox(id: String, at now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND status != 'pending'",
                           arguments: [now.timeIntervalSince1970, id])
            return db.changesCount == 1
        }
    }
}

/// One recorded delivery attempt.
public struct DeliveryAttempt: Sendable, Hashable {
    /// When it ended.
    public var at: Date
    /// The receiver's status (HTTP) or reply code (SMTP), if it answered.
    public var status: Int?
    /// What went wrong, if anything.
    public var error: String?
    /// How long it took.
    public var milliseconds: Double
}
