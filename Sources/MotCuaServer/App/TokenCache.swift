import Crypto
import Foundation
import MotCuaStore

/// Recently checked bearer tokens, so that a burst of requests does not read the tokens
/// table for each one. An entry lives at most `lifetime` (one second by default): a revoked
/// token or a deactivated user is refused within that time on every instance, with no
/// invalidation message to lose. Only successes are kept (a new token works at once), keyed
/// by the token's SHA-256, never the token itself.
final class TokenCache: Sendable {
    private let recent: RecentReads<Data, User>

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        recent = RecentReads(lifetime: lifetime, capacity: capacity)
    }

    /// The token's user, from the cache or from `lookup`.
    func user(forToken token: String, lookup: (String) async throws -> User?) async throws -> User? {
        try await recent.value(for: Data(SHA256.hash(data: Data(token.utf8)))) { try await lookup(token) }
    }
}
