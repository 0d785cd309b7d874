import Crypto
public import Foundation
import GRDB

/// Why a session record was not written.
public enum SessionRecordError: Error, Equatable {
    /// `create` found the key taken.
    case duplicate
}

/// The web console's sessions, as opaque values with an expiry, in the store's database.
/// Keys are stored only as SHA-256 hashes: the table does not hold live cookie values.
public struct SessionRecords: Sendable {
    let pool: DatabasePool

    /// The session records of an open database.
    public init(database: StoreDatabase) { self.pool = database.pool }

    /// Stores a new record (and removes every expired one); `duplicate` if the key is taken by
    /// a live one.
    public func create(key: String, value: Data, expiresAt: Date?, now: Date = Date()) async throws {
        let hash = Self.hash(key)
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now.timeIntervalSince1970])
            do {
                try db.execute(sql: "INSERT INTO web_sessions (key_hash, value, expires_at) VALUES (?, ?, ?)",
                               arguments: [hash, value, expiresAt?.timeIntervalSince1970])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw SessionRecordError.duplicate
            }
        }
    }

    /// Stores a record, replacing any (and removes every expired one); a nil `expiresAt`
    /// keeps the expiry the record had.
    public func set(key: String, value: Data, expiresAt: Date?, now: Date = Date()) async throws {
        let hash = Self.hash(key)
        try await pool.write { db in
            // Sessions that ran out are forgotten here (through the expiry index): hummingbird-auth
            // stores new sessions and slid ones alike with `set`.
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now.timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO web_sessions (key_hash, value, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (key_hash) DO UPDATE SET value = excluded.value,
                    expires_at = CASE WHEN ?4 THEN excluded.expires_at ELSE web_sessions.expires_at END
                """, arguments: [hash, value, expiresAt?.timeIntervalSince1970, expiresAt != nil])
        }
    }

    /// A live record and its expiry (nil when it has none); nil when absent or expired.
    public func get(key: String, now: Date = Date()) async throws -> (value: Data, expiresAt: Date?)? {
        let hash = Self.hash(key)
        return try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM web_sessions WHERE key_hash = ?", arguments: [hash])
            else { return nil }
            let expires: Double? = row["expires_at"]
            if let expires, expires <= now.timeIntervalSince1970 { return nil }
            return (row["value"], expires.map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Removes a record (signing out).
    public func remove(key: String) async throws {
        let hash = Self.hash(key)
        try await pool.write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE key_hash = ?", arguments: [hash]) }
    }

    /// Removes every expired record; returns how many.
    @discardableResult
    public func removeExpired(now: Date = Date()) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func hash(_ key: String) -> String { Hex.string(SHA256.hash(data: Data(key.utf8))) }
}
