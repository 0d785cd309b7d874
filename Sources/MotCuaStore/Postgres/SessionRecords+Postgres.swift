import Foundation
import PostgresNIO

extension SessionRecords {
    private var database: PostgresDatabase { postgres! }

    func postgresCreate(hash: String, value: Data, expiresAt: Date?, now: Date) async throws {
        let logger = database.logger
        let inserted = try await database.transaction { c in
            try await c.query("DELETE FROM web_sessions WHERE expires_at <= \(now.timeIntervalSince1970)", logger: logger)
            return try await c.rows("""
                INSERT INTO web_sessions (key_hash, value, expires_at) VALUES (\(hash), \(value), \(expiresAt?.timeIntervalSince1970))
                ON CONFLICT (key_hash) DO NOTHING RETURNING key_hash
                """, logger: logger).count == 1
        }
        if !inserted { throw SessionRecordError.duplicate }
    }

    func postgresSet(hash: String, value: Data, expiresAt: Date?, now: Date) async throws {
        let logger = database.logger
        try await database.transaction { c in
            try await c.query("DELETE FROM web_sessions WHERE expires_at <= \(now.timeIntervalSince1970)", logger: logger)
            try await c.query("""
                INSERT INTO web_sessions (key_hash, value, expires_at) VALUES (\(hash), \(value), \(expiresAt?.timeIntervalSince1970))
                ON CONFLICT (key_hash) DO UPDATE SET value = EXCLUDED.value,
                    expires_at = CASE WHEN \(expiresAt != nil) THEN EXCLUDED.expires_at ELSE web_sessions.expires_at END
                """, logger: logger)
        }
    }

    func postgresGet(hash: String, now: Date) async throws -> (value: Data, expiresAt: Date?)? {
        let logger = database.logger
        guard let row = try await database.read({ c in
            try await c.rows("SELECT value, expires_at FROM web_sessions WHERE key_hash = \(hash)", logger: logger).first
        }) else { return nil }
        let expires: Double? = try row.optional("expires_at")
        if let expires, expires <= now.timeIntervalSince1970 { return nil }
        return (try row.value("value", as: Data.self), expires.map(Date.init(timeIntervalSince1970:)))
    }

    func postgresRemove(hash: String) async throws {
        let logger = database.logger
        try await database.transaction { c in try await c.query("DELETE FROM web_sessions WHERE key_hash = \(hash)", logger: logger) }
    }

    func postgresRemoveExpired(now: Date) async throws -> Int {
        let logger = database.logger
        return try await database.transaction { c in
            try await c.rows("DELETE FROM web_sessions WHERE expires_at <= \(now.timeIntervalSince1970) RETURNING key_hash",
                             logger: logger).count
        }
    }
}
