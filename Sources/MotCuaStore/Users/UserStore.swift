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

/// Users and their API tokens. Tokens are random and stored only as SHA-256 hashes. The
/// rules live here; the statements for each database in `UserStore+SQLite` and
/// `UserStore+Postgres`.
public struct UserStore: Sendable {
    let records: any UserRecords

    /// A user store over an open SQLite database.
    public init(database: StoreDatabase) { self.records = SQLiteUserRecords(pool: database.pool) }

    /// A user store over an open PostgreSQL database.
    public init(database: PostgresDatabase) { self.records = PostgresUserRecords(database: database) }

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
        try await records.insert(user, tokenHash: Self.hash(token), at: now.timeIntervalSince1970)
        return (user, token)
    }

    /// Issues another API token for an existing user (tokens are shown once, stored hashed).
    public func issueToken(for userID: String, at now: Date = Date()) async throws -> String {
        let token = "mct_" + Self.randomHex(24)
        try await records.insertToken(Self.hash(token), userID: userID, at: now.timeIntervalSince1970)
        return token
    }

    /// The user a bearer token belongs to (active users only).
    public func user(forToken token: String) async throws -> User? {
        guard token.utf8.count <= 200 else { return nil }
        return try await records.find(.token(Self.hash(token)))
    }

    /// Revokes every token of a user; returns how many.
    public func revokeTokens(of userID: String) async throws -> Int { try await records.deleteTokens(of: userID) }

    /// Activates or deactivates a user (a deactivated user's tokens and password stop
    /// working; their name stays in the history). `false` if there is no such user.
    public func setActive(_ active: Bool, userID: String) async throws -> Bool { try await records.updateActive(active, userID: userID) }

    /// A user by id, active or not (history shows everyone).
    public func user(id: String) async throws -> User? { try await records.find(.id(id, activeOnly: false)) }

    /// An active user by id.
    public func activeUser(id: String) async throws -> User? { try await records.find(.id(id, activeOnly: true)) }

    /// A user by username.
    public func user(username: String) async throws -> User? { try await records.find(.username(username)) }

    /// Users, by name, optionally of one role and department, optionally only active ones.
    public func users(role: Role? = nil, department: String? = nil, activeOnly: Bool = false) async throws -> [User] {
        try await records.list(role: role?.rawValue, department: department, activeOnly: activeOnly)
    }

    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
