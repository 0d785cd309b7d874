import Foundation
import GRDB
import MotCuaCore

/// `UserRecords` on SQLite.
struct SQLiteUserRecords: UserRecords {
    let pool: DatabasePool

    func insert(_ user: User, tokenHash: String, at time: Double) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [user.username]) == true {
                throw UserError.duplicateUsername(user.username)
            }
            try db.execute(sql: "INSERT INTO users (id, username, name, role, department, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [user.id, user.username, user.name, user.role.rawValue, user.department, user.email, time])
            try db.execute(sql: "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
                           arguments: [tokenHash, user.id, time])
        }
    }

    func insertToken(_ hash: String, userID: String, at time: Double) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)", arguments: [hash, userID, time])
        }
    }

    func find(_ lookup: UserLookup) async throws -> User? {
        try await pool.reading { db in
            let row: Row? = switch lookup {
            case let .token(hash):
                try Row.fetchOne(db, sql: "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.active = 1",
                                 arguments: [hash])
            case let .id(id, activeOnly):
                try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ? AND (? = 0 OR active = 1)", arguments: [id, activeOnly])
            case let .username(name):
                try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [name])
            }
            return try row.map(Self.user)
        }
    }

    func list(role: String?, department: String?, activeOnly: Bool) async throws -> [User] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM users WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR department = ?2) AND (?3 = 0 OR active = 1)
                ORDER BY name, id
                """, arguments: [role, department, activeOnly]).map(Self.user)
        }
    }

    func deleteTokens(of userID: String) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_tokens WHERE user_id = ?", arguments: [userID])
            return db.changesCount
        }
    }

    func updateActive(_ active: Bool, userID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET active = ? WHERE id = ?", arguments: [active ? 1 : 0, userID])
            return db.changesCount == 1
        }
    }

    func updatePasswordHash(_ hash: String, userID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
            return db.changesCount == 1
        }
    }

    func signInState(username: String, since: Double, plausible: Bool) async throws -> (StoredUser?, failures: [Double]) {
        try await pool.reading { db in
            let failures = try Double.fetchAll(db, sql: "SELECT at FROM sign_in_failures WHERE username = ? AND at > ?",
                                               arguments: [username, since])
            guard plausible, let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]) else {
                return (nil, failures)
            }
            return (StoredUser(user: try Self.user(row), active: try row.decode("active") as Int == 1,
                               passwordHash: try row.decodeIfPresent("password_hash")), failures)
        }
    }

    func recordFailure(username: String, at time: Double, forgetBefore: Double) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE at <= ?", arguments: [forgetBefore])
            try db.execute(sql: "INSERT INTO sign_in_failures (username, at) VALUES (?, ?)", arguments: [username, time])
        }
    }

    static func user(_ row: Row) throws -> User {
        let roleText: String = try row.decode("role")
        guard let role = Role(rawValue: roleText) else { throw StoredRowError(column: "role", found: roleText) }
        return User(id: try row.decode("id"), username: try row.decode("username"), name: try row.decode("name"), role: role,
                    department: try row.decodeIfPresent("department"), email: try row.decodeIfPresent("email"))
    }

    /// Hex SHA-256 of a token.
}
