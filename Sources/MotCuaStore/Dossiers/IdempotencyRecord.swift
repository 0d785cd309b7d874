public import GRDB
public import Foundation

/// The first answer to a request sent with an `Idempotency-Key`: a retry gets it again
/// and changes nothing. Keys are scoped to the user who sent them.
public struct IdempotencyRecord: Sendable, Equatable {
    /// HTTP status of the first answer.
    public var status: Int
    /// Body of the first answer.
    public var body: String
    /// Hash of the first request, to refuse reuse of a key for another request.
    public var requestHash: String

    /// A record.
    public init(status: Int, body: String, requestHash: String) {
        self.status = status
        self.body = body
        self.requestHash = requestHash
    }

    /// How long a key is remembered unless configured otherwise (`idempotency.ttlHours`).
    public static let defaultLifetime: TimeInterval = 24 * 3600

    /// The record for a key, if any and not older than `notBefore` (an expired key is free
    /// again: its old row is replaced).
    public static func find(_ db: Database, user: String, key: String, notBefore: Date) throws -> IdempotencyRecord? {
        try db.execute(sql: "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND created_at < ?",
                       arguments: [user, key, notBefore.timeIntervalSince1970])
        return try Row.fetchOne(db, sql: "SELECT status, body, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?",
                         arguments: [user, key]).map {
            IdempotencyRecord(status: try $0.decode("status"), body: try $0.decode("body"), requestHash: try $0.decode("request_hash"))
        }
    }

    /// Saves the first answer.
    public static func save(_ db: Database, user: String, key: String, record: IdempotencyRecord, at now: Date) throws {
        try db.execute(sql: """
            INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [user, key, record.requestHash, record.status, record.body, now.timeIntervalSince1970])
    }
}

extension DossierStore {
    /// Deletes idempotency records older than `before`, in batches so the writer is never
    /// held long; returns how many.
    public func pruneIdempotencyKeys(before: Date, batch: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let removed = try await write { db in
                try db.execute(sql: """
                    DELETE FROM idempotency_keys WHERE rowid IN
                      (SELECT rowid FROM idempotency_keys WHERE created_at < ? LIMIT ?)
                    """, arguments: [before.timeIntervalSince1970, batch])
                return db.changesCount
            }
            total += removed
            if removed < batch { return total }
        }
    }

    /// How many idempotency records are kept (tests, metrics).
    public func idempotencyKeyCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_keys") ?? 0 }
    }
}
