import Foundation
import MotCuaCore

/// The statements behind `UserStore` and its sign-in, one implementation per database
/// (`SQLiteUserRecords`, `PostgresUserRecords`); the rules stay in `UserStore`.
protocol UserRecords: Sendable {
    /// Inserts a user and its first token; `UserError.duplicateUsername` if the name is taken.
    func insert(_ user: User, tokenHash: String, at time: Double) async throws
    /// Stores another token of a user.
    func insertToken(_ hash: String, userID: String, at time: Double) async throws
    /// One user.
    func find(_ lookup: UserLookup) async throws -> User?
    /// Users by name, filtered.
    func list(role: String?, department: String?, activeOnly: Bool) async throws -> [User]
    /// Deletes a user's tokens; returns how many.
    func deleteTokens(of userID: String) async throws -> Int
    /// Sets the active flag; `false` if there is no such user.
    func updateActive(_ active: Bool, userID: String) async throws -> Bool
    /// Stores a password hash; `false` if there is no such user.
    func updatePasswordHash(_ hash: String, userID: String) async throws -> Bool
    /// The failures of `username` after `since`, and (when `plausible`) its row.
    func signInState(username: String, since: Double, plausible: Bool) async throws -> (StoredUser?, failures: [Double])
    /// Records a failed sign-in and forgets failures at or before `forgetBefore`, for everyone.
    func recordFailure(username: String, at time: Double, forgetBefore: Double) async throws
}

/// How a single user is looked up.
enum UserLookup: Sendable {
    /// By the hash of a bearer token (active users only).
    case token(String)
    /// By id.
    case id(String, activeOnly: Bool)
    /// By username.
    case username(String)
}

/// A user as stored, with what only sign-in reads.
struct StoredUser: Sendable {
    let user: User
    let active: Bool
    let passwordHash: String?
}
