import Foundation
import Logging
import MotCuaCore
import PostgresNIO

/// `UserRecords` on PostgreSQL.
struct PostgresUserRecords: UserRecords {
    let database: PostgresDatabase
    var logger: Logger { database.logger }

    func insert(_ user: User, tokenHash: String, at time: Double) async throws {
        let logger = self.logger
        try await database.transaction { c in
            // The unique username decides between two instances creating the same name at once.
            guard try await c.rows("""
                INSERT INTO users (id, username, name, role, department, email, created_at)
                VALUES (\(user.id), \(user.username), \(user.name), \(user.role.rawValue), \(user.department), \(user.email), \(time))
                ON CONFLICT (username) DO NOTHING RETURNING id
                """, logger: logger).count == 1 else { throw UserError.duplicateUsername(user.username) }
            try await c.query("INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (\(tokenHash), \(user.id), \(time))",
                              logger: logger)
        }
    }

    func insertToken(_ hash: String, userID: String, at time: Double) async throws {
        let logger = self.logger
        try await database.transaction { c in
            try await c.query("INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (\(hash), \(userID), \(time))", logger: logger)
        }
    }

    func find(_ lookup: UserLookup) async throws -> User? {
        let logger = self.logger
        let rows = try await database.read { c in
            switch lookup {
            case let .token(hash):
                try await c.rows("""
                    SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(hash) AND u.active = 1
                    """, logger: logger)
            case let .id(id, activeOnly):
                try await c.rows("SELECT * FROM users WHERE id = \(id) AND (NOT \(activeOnly) OR active = 1)", logger: logger)
            case let .username(name):
                try await c.rows("SELECT * FROM users WHERE username = \(name)", logger: logger)
            }
        }
        return try rows.first.map(Self.user)
    }

    func list(role: String?, department: String?, activeOnly: Bool) async throws -> [User] {
        let logger = self.logger
        return try await database.read { c in
            try await c.rows("""
                SELECT * FROM users WHERE (\(role)::text IS NULL OR role = \(role)::text)
                  AND (\(department)::text IS NULL OR department = \(department)::text) AND (NOT \(activeOnly) OR active = 1)
                ORDER BY name COLLATE "C", id
                """, logger: logger).map(Self.user)
        }
    }

    func deleteTokens(of userID: String) async throws -> Int {
        let logger = self.logger
        return try await database.transaction { c in
            try await c.rows("DELETE FROM api_tokens WHERE user_id = \(userID) RETURNING token_hash", logger: logger).count
        }
    }

    func updateActive(_ active: Bool, userID: String) async throws -> Bool {
        let logger = self.logger
        return try await database.transaction { c in
            try await c.rows("UPDATE users SET active = \(active ? 1 : 0) WHERE id = \(userID) RETURNING id", logger: logger).count == 1
        }
    }

    func updatePasswordHash(_ hash: String, userID: String) async throws -> Bool {
        let logger = self.logger
        return try await database.transaction { c in
            try await c.rows("UPDATE users SET password_hash = \(hash) WHERE id = \(userID) RETURNING id", logger: logger).count == 1
        }
    }

    func signInState(username: String, since: Double, plausible: Bool) async throws -> (StoredUser?, failures: [Double]) {
        let logger = self.logger
        return try await database.read { c in
            let failures = try await c.rows("SELECT at FROM sign_in_failures WHERE username = \(username) AND at > \(since)", logger: logger)
                .map { try $0.value("at", as: Double.self) }
            guard plausible, let row = try await c.rows("SELECT * FROM users WHERE username = \(username)", logger: logger).first else {
                return (nil, failures)
            }
            return (StoredUser(user: try Self.user(row), active: try row.value("active", as: Int.self) == 1,
                               passwordHash: try row.optional("password_hash")), failures)
        }
    }

    func recordFailure(username: String, at time: Double, forgetBefore: Double) async throws {
        let logger = self.logger
        try await database.transaction { c in
            try await c.query("DELETE FROM sign_in_failures WHERE at <= \(forgetBefore)", logger: logger)
            try await c.query("INSERT INTO sign_in_failures (username, at) VALUES (\(username), \(time))", logger: logger)
        }
    }

    static func user(_ row: PostgresRandomAccessRow) throws -> User {
        let roleText: String = try row.value("role")
        guard let role = Role(rawValue: roleText) else { throw StoredRowError(column: "role", found: roleText) }
        return User(id: try row.value("id"), username: try row.value("username"), name: try row.value("name"), role: role,
                    department: try row.optional("department"), email: try row.optional("email"))
    }
}
