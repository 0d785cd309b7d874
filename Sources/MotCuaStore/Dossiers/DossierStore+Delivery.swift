public import Foundation
import GRDB
public import MotCuaCore

/// Where a message is in its life.
public enum OutboxStatus: String, Sendable, CaseIterable {
    /// Waiting for its next attempt.
    case pending
    /// A receiver accepted it.
    case delivered
    /// Given up: permanent refusal or too many attempts; `outbox retry` replays it.
    case dead
}

/// A message due for delivery, with what is needed to send it.
public struct DueMessage: Sendable, Hashable {
    public var id: String
    public var dossierCode: String
    public var channel: DeliveryChannel
    public var target: String
    public var payload: String
    public var attempts: Int
}

/// How an attempt ended, as the dispatcher decided.
public struct AttemptRecord: Sendable {
    public var at: Date
    public var statusCode: Int?
    public var error: String?
    public var milliseconds: Double
    /// `delivered`, `pending` (retry at `nextAttemptAt`) or `dead`.
    public var newStatus: OutboxStatus
    public var nextAttemptAt: Date?

    public init(at: Date, statusCode: Int?, error: String?, milliseconds: Double, newStatus: OutboxStatus, nextAttemptAt: Date?) {
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.milliseconds = milliseconds
        self.newStatus = newStatus
        self.nextAttemptAt = nextAttemptAt
    }
}

extension DossierStore {
    /// The ordering key of a message: portal messages are ordered per dossier (status 5 never
    /// overtakes status 4); e-mails per dossier and recipient (a dead officer address does
    /// not silence the applicant).
    public static func orderKey(dossier: String, channel: DeliveryChannel, target: String) -> String {
        channel == .email ? "\(dossier)|email|\(target)" : "\(dossier)|\(channel.rawValue)"
    }

    /// Pending messages due now, oldest first, none of which has an earlier undelivered
    /// message with the same ordering key, skipping the keys listed as busy.
    public func dueMessages(at now: Date, limit: Int, busy: Set<String>, channels: [DeliveryChannel]) async throws -> [DueMessage] {
        let rows = try await pool.reading { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT o.id, o.dossier_code, o.channel, o.target, o.payload, o.attempts FROM outbox o
                WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND o.channel IN (SELECT value FROM json_each(?))
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_code IS o.dossier_code AND p.channel = o.channel
                                  AND (o.channel != 'email' OR p.target = o.target)
                                  AND p.status != 'delivered' AND p.rowid < o.rowid)
                ORDER BY o.rowid LIMIT ?
                """), arguments: [now.timeIntervalSince1970, "[" + channels.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]",
                                  limit + busy.count])
        }
        return try rows.map { row in
            let channelText: String = try row.decode("channel")
            guard let channel = DeliveryChannel(rawValue: channelText) else { throw StoredRowError(column: "channel", found: channelText) }
            return DueMessage(id: try row.decode("id"), dossierCode: try row.decodeIfPresent("dossier_code") ?? "", channel: channel,
                              target: try row.decode("target"), payload: try row.decode("payload"), attempts: try row.decode("attempts"))
        }.filter { !busy.contains(Self.orderKey(dossier: $0.dossierCode, channel: $0.channel, target: $0.target)) }.prefix(limit).map { $0 }
    }

    /// Records an attempt and the message's new status, in one transaction.
    public func record(_ attempt: AttemptRecord, for message: DueMessage) async throws {
        try await committer.write { db in
            let number = (try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(attempt) FROM delivery_attempts WHERE outbox_id = ?"),
                                           arguments: [message.id]) ?? 0) + 1
            try db.cachedStatement(sql: """
                INSERT INTO delivery_attempts (outbox_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [message.id, number, attempt.at.timeIntervalSince1970, attempt.statusCode, attempt.error,
                                         attempt.milliseconds])
            try db.cachedStatement(sql: """
                UPDATE outbox SET status = ?, attempts = attempts + 1, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?
                WHERE id = ?
                """).execute(arguments: [attempt.newStatus.rawValue, attempt.nextAttemptAt?.timeIntervalSince1970,
                                         attempt.error ?? attempt.statusCode.map { "HTTP \($0)" }, message.id])
        }
    }

    /// Queues an agency-level e-mail (no dossier), e.g. an audit checkpoint for the
    /// inspector; ordered per recipient like every e-mail. `false` if the id was queued before.
    @discardableResult
    public func enqueueNotice(id: String, to address: String, payload: String, at now: Date) async throws -> Bool {
        try await enqueueNotice(id: id, channel: .email, to: address, payload: payload, at: now)
    }

    /// Queues an agency-level message on any channel (an e-mail, or the 02 answer to an
    /// edXML package refused before it became a case); `false` if the id was queued before.
    @discardableResult
    public func enqueueNotice(id: String, channel: DeliveryChannel, to address: String, payload: String, at now: Date) async throws -> Bool {
        try await committer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
                VALUES (?, NULL, 0, ?, ?, ?, ?, ?)
                """, arguments: [id, channel.rawValue, address, payload, now.timeIntervalSince1970, now.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// Puts every dead message back in the queue; returns how many.
    public func retryAllDead(at now: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'dead'",
                           arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
