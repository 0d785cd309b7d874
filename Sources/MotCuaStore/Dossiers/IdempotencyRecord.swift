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

    /// The record for a key, if any.
    public static func find(_ db: Database, user: String, key: String) throws -> IdempotencyRecord? {
        try Row.fetchOne(db, sql: "SELECT status, body, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?",
                         arguments: [user, key]).map {
            IdempotencyRecord(status: $0["status"], body: $0["body"], requestHash: $0["request_hash"])
        }
    }

    /// Saves the first answer.
    public static func save(_ db: Database, user: String, key: String, record: IdempotencyRecord, at now: Date) throws {
        try db.execute(sql: """
            INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [user, key, record.requestHash, record.status, record.body, now.timeIntervalSince1970])
    }
}
