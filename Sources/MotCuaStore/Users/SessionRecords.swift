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
    let pool: DatabasePool?
    let postgres: PostgresDatabase?

    /// The session records of an open SQLite database.
    public init(database: StoreDatabase) { (pool, postgres) = (database.pool, nil) }

    /// The session records of an open PostgreSQL database (`SessionRecords+Postgres`).
    public init(database: PostgresDatabase) { (pool, postgres) = (nil, database) }

    /// Stores a new record (and removes every expired one); `duplicate` if the key is taken by
    /// a live one.
    public func create(key: String, value: Data, expiresAt: Date?, now: Date = Date()) async throws {
        let hash = Self.hash(key)
        guard let pool else { return try await postgresCreate(hash: hash, value: value, expiresAt: expiresAt, now: now) }
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
        guard let pool else { return try await postgresSet(hash: hash, value: value, expiresAt: expiresAt, now: now) }
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
        guard let pool else { return try await postgresGet(hash: hash, now: now) }
        return try await pool.reading { db in
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
        guard let pool else { return try await postgresRemove(hash: hash) }
        try await pool.write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE key_hash = ?", arguments: [hash]) }
    }

    /// Removes every expired record; returns how many.
    @discardableResult
    public func removeExpired(now: Date = Date()) async throws -> Int {
        guard let pool else { return try await postgresRemoveExpired(now: now) }
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func hash(_ key: String) -> String { Hex.string(SHA256.hash(data: Data(key.utf8))) }
}
