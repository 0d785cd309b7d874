public import Foundation
import GRDB

/// A message due for delivery, with what is needed to send it.
public struct DueMessage: Sendable, Hashable {
    public var id: String
    public var dossierCode: String
    public var channel: String
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
    public var newStatus: String
    public var nextAttemptAt: Date?

    public init(at: Date, statusCode: Int?, error: String?, milliseconds: Double, newStatus: String, nextAttemptAt: Date?) {
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.milliseconds = milliseconds
        self.newStatus = newStatus
        self.nextAttemptAt = nextAttemptAt
    }
}

extension DossierStore {
    /// Pending messages due now, oldest first, none of which has an earlier undelivered
    /// message of the same dossier and channel (per-dossier order: status 5 never overtakes
    /// status 4), skipping the dossiers and channels listed as busy.
    public func dueMessages(at now: Date, limit: Int, busy: Set<String>, channels: [String]) throws -> [DueMessage] {
        let rows = try pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT o.id, o.dossier_code, o.channel, o.target, o.payload, o.attempts FROM outbox o
                WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND o.channel IN (SELECT value FROM json_each(?))
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_code = o.dossier_code AND p.channel = o.channel
                                  AND p.status != 'delivered' AND p.rowid < o.rowid)
                ORDER BY o.rowid LIMIT ?
                """), arguments: [now.timeIntervalSince1970, "[" + channels.map { "\"\($0)\"" }.joined(separator: ",") + "]",
                                  limit + busy.count])
        }
        return rows.map {
            DueMessage(id: $0["id"], dossierCode: $0["dossier_code"], channel: $0["channel"], target: $0["target"],
                       payload: $0["payload"], attempts: $0["attempts"])
        }.filter { !busy.contains("\($0.dossierCode)|\($0.channel)") }.prefix(limit).map { $0 }
    }

    /// Records an attempt and the message's new status, in one transaction.
    public func record(_ attempt: AttemptRecord, for message: DueMessage) async throws {
        try await write { db in
            let number = (try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(attempt) FROM delivery_attempts WHERE outbox_id = ?"),
                                           arguments: [message.id]) ?? 0) + 1
            try db.cachedStatement(sql: """
                INSERT INTO delivery_attempts (outbox_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [message.id, number, attempt.at.timeIntervalSince1970, attempt.statusCode, attempt.error,
                                         attempt.milliseconds])
            try db.cachedStatement(sql: """
                UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ? WHERE id = ?
                """).execute(arguments: [attempt.newStatus, message.attempts + 1, attempt.nextAttemptAt?.timeIntervalSince1970,
                                         attempt.error ?? attempt.statusCode.map { "HTTP \($0)" }, message.id])
        }
    }

    /// Puts every dead message back in the queue; returns how many.
    public func retryAllDead(at now: Date) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'dead'",
                           arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
