import GRDB
public import MotCuaCore
import Crypto
public import Foundation

/// Why a user cannot be created.
public enum UserError: Error, Equatable, CustomStringConvertible {
    /// The username is taken.
    case duplicateUsername(String)
    /// A departmental role without a department, or an agency-wide role with one.
    case department(String)
    /// The username is not usable.
    case invalidUsername(String)
    /// The e-mail address is not usable.
    case invalidEmail(String)

    public var description: String {
        switch self {
        case let .duplicateUsername(u): "the username '\(u)' is taken"
        case let .department(m): m
        case let .invalidUsername(u): "'\(u)' is not a usable username (letters, digits, '.', '-', '_'; up to 64)"
        case let .invalidEmail(e): "'\(e)' is not an e-mail address"
        }
    }
}

/// Users and their API tokens. Tokens are random and stored only as SHA-256 hashes.
public struct UserStore: Sendable {
    let pool: DatabasePool

    /// A user store over an open database.
    public init(database: StoreDatabase) { self.pool = database.pool }

    /// Creates a user and returns it with a new API token (shown once).
    public func create(username: String, name: String, role: Role, department: String?, email: String? = nil,
                       at now: Date = Date()) async throws -> (User, token: String) {
        guard !username.isEmpty, username.utf8.count <= 64,
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else { throw UserError.invalidUsername(username) }
        if role.isAgencyWide && department != nil {
            throw UserError.department("the role \(role.rawValue) belongs to no department")
        }
        if !role.isAgencyWide && (department ?? "").isEmpty {
            throw UserError.department("the role \(role.rawValue) needs a department (--department)")
        }
        if let email, !(email.contains("@") && !email.contains(where: { $0.isWhitespace }) && email.utf8.count <= 254) {
            throw UserError.invalidEmail(email)
        }
        let user = User(id: "u-" + Self.randomHex(8), username: username, name: name, role: role, department: department, email: email)
        let token = "mct_" + Self.randomHex(24)
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [username]) == true {
                throw UserError.duplicateUsername(username)
            }
            try db.execute(sql: "INSERT INTO users (id, username, name, role, department, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [user.id, username, name, role.rawValue, department, email, now.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
                           arguments: [Self.hash(token), user.id, now.timeIntervalSince1970])
        }
        return (user, token)
    }

    /// Issues another API token for an existing user (tokens are shown once, stored hashed).
    public func issueToken(for userID: String, at now: Date = Date()) async throws -> String {
        let token = "mct_" + Self.randomHex(24)
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
                           arguments: [Self.hash(token), userID, now.timeIntervalSince1970])
        }
        return token
    }

    /// The user a bearer token belongs to.
    public func user(forToken token: String) async throws -> User? {
        guard token.utf8.count <= 200 else { return nil }
        return try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.active = 1
                """, arguments: [Self.hash(token)]).map(Self.user)
        }
    }

    /// Revokes every API token of a user; returns how many.
    public func revokeTokens(of userID: String) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_tokens WHERE user_id = ?", arguments: [userID])
            return db.changesCount
        }
    }

    /// Deactivates (or reactivates) a user: a deactivated user's tokens and password are
    /// refused; the user stays in the history. Returns whether the user exists.
    public func setActive(_ active: Bool, userID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE users SET active = ? WHERE id = ?", arguments: [active ? 1 : 0, userID])
            return db.changesCount == 1
        }
    }

    /// A user by id.
    public func user(id: String) async throws -> User? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user) }
    }

    /// A user by id if still active (a deactivated user's console session ends at once).
    public func activeUser(id: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ? AND active = 1", arguments: [id]).map(Self.user)
        }
    }

    /// A user by username.
    public func user(username: String) async throws -> User? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(Self.user) }
    }

    /// Users, optionally filtered by role and department, by name.
    public func users(role: Role? = nil, department: String? = nil, activeOnly: Bool = false) async throws -> [User] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM users WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR department = ?2) AND (?3 = 0 OR active = 1)
                ORDER BY name, id
                """, arguments: [role?.rawValue, department, activeOnly]).map(Self.user)
        }
    }

    static func user(_ row: Row) throws -> User {
        let roleText: String = try row.decode("role")
        guard let role = Role(rawValue: roleText) else { throw StoredRowError(column: "role", found: roleText) }
        return User(id: try row.decode("id"), username: try row.decode("username"), name: try row.decode("name"), role: role,
                    department: try row.decodeIfPresent("department"), email: try row.decodeIfPresent("email"))
    }

    /// Hex SHA-256 of a token.
    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
