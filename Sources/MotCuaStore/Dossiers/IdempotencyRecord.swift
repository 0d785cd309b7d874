public import Foundation
import GRDB

/// The first answer to a request sent with an `Idempotency-Key`: a retry gets it again
/// and changes nothing. Keys are scoped to the user who sent them.
public struct IdempotencyRecord: Sendable, Equatable {
    /// HTTP status of the first answer.
    public var status: Int
    /// Body of the first answer, for rows written before answers were kept as dossiers.
    public var body: String
    /// Hash of the first request, to refuse reuse of a key for another request.
    public var requestHash: String
    /// The dossier the first request produced, as stored JSON.
    var snapshot: String?

    init(status: Int, body: String, requestHash: String, snapshot: String?) {
        self.status = status
        self.body = body
        self.requestHash = requestHash
        self.snapshot = snapshot
    }

    /// How long a key is remembered unless configured otherwise (`idempotency.ttlHours`).
    public static let defaultLifetime: TimeInterval = 24 * 3600

    /// The record for a key, if any and not older than `notBefore`.
    static func find(_ db: Database, _ claim: IdempotencyClaim) throws -> IdempotencyRecord? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT status, body, request_hash, dossier_snapshot FROM idempotency_keys
            WHERE user_id = ? AND key = ? AND created_at >= ?
            """), arguments: [claim.user, claim.key, claim.notBefore.timeIntervalSince1970]).map {
            IdempotencyRecord(status: try $0.decode("status"), body: try $0.decode("body"), requestHash: try $0.decode("request_hash"),
                              snapshot: try $0.decodeIfPresent("dossier_snapshot"))
        }
    }

    /// Saves the first answer; an expired row for the same key is replaced (the key is free again).
    static func save(_ db: Database, _ claim: IdempotencyClaim, status: Int, snapshot: String, at now: Date) throws {
        try HotStatement(db, sql: """
            INSERT OR REPLACE INTO idempotency_keys (user_id, key, request_hash, status, body, dossier_snapshot, created_at)
            VALUES (?, ?, ?, ?, '', ?, ?)
            """).execute([.text(claim.user), .text(claim.key), .text(claim.requestHash), .int(status), .text(snapshot),
                          .real(now.timeIntervalSince1970)])
    }

    /// The answer to give again, or a refusal when the key came with another request.
    func replay(for claim: IdempotencyClaim) throws -> CommandAnswer {
        guard requestHash == claim.requestHash else { throw StoreError.idempotencyKeyReused }
        return .replayed(status: status, dossier: try snapshot.map(DossierStore.decode), body: body)
    }
}

/// A request's `Idempotency-Key`, whose it is and what request it came with.
public struct IdempotencyClaim: Sendable {
    /// The user who sent the key (keys are per user).
    public var user: String
    /// The key.
    public var key: String
    /// A hash of the request (method, path, body, If-Match): the same key with another request is refused.
    public var requestHash: String
    /// Keys older than this are forgotten.
    public var notBefore: Date

    /// A claim.
    public init(user: String, key: String, requestHash: String, notBefore: Date) {
        self.user = user
        self.key = key
        self.requestHash = requestHash
        self.notBefore = notBefore
    }
}

extension DossierStore {
    /// Deletes idempotency records older than `before`, in batches so the writer is never
    /// held long; returns how many.
    public func pruneIdempotencyKeys(before: Date, batch: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let removed = try await committer.write { db in
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
    public func idempotencyKeyCount() async throws -> Int {
        try await pool.reading { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_keys") ?? 0 }
    }
}
