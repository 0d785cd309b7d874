public import Foundation
import GRDB

/// One notification waiting for, or done with, delivery. The delivery issue fills and
/// drains the table; this is its read side.
public struct OutboxRow: Sendable, Hashable {
    public var id: String
    public var dossierCode: String
    public var eventSeq: Int
    public var channel: String
    public var target: String
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    static func from(_ row: Row) -> OutboxRow {
        OutboxRow(id: row["id"], dossierCode: row["dossier_code"], eventSeq: row["event_seq"], channel: row["channel"],
                  target: row["target"], status: row["status"], attempts: row["attempts"],
                  nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]), lastError: row["last_error"])
    }
}

extension DossierStore {
    /// Deliveries of a dossier, in order.
    public func outbox(dossier code: String) throws -> [OutboxRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE dossier_code = ? ORDER BY event_seq, channel", arguments: [code]).map(OutboxRow.from)
        }
    }

    /// The recorded attempts of a message: time, status code, error, duration.
    public func attempts(of id: String) throws -> [(at: Date, status: Int?, error: String?, milliseconds: Double)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, status_code, error, duration_ms FROM delivery_attempts WHERE outbox_id = ? ORDER BY attempt",
                             arguments: [id]).map { (Date(timeIntervalSince1970: $0["at"]), $0["status_code"], $0["error"], $0["duration_ms"]) }
        }
    }

    /// Deliveries by status (all when `nil`), oldest first, at most 500.
    public func outbox(status: String?) throws -> [OutboxRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE (?1 IS NULL OR status = ?1) ORDER BY created_at LIMIT 500",
                             arguments: [status]).map(OutboxRow.from)
        }
    }

    /// Puts a dead (or delivered: a replay) message back in the queue with fresh attempts;
    /// `false` if there is no such message or it is already pending.
    public func retryOutbox(id: String, at now: Date) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND status != 'pending'",
                           arguments: [now.timeIntervalSince1970, id])
            return db.changesCount == 1
        }
    }
}
