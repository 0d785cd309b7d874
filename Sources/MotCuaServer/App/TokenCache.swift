import Crypto
import Foundation
import MotCuaStore

/// Recently checked bearer tokens, so that a burst of requests does not read the tokens
/// table for each one. An entry lives at most `lifetime` (one second by default): a revoked
/// token or a deactivated user is refused within that time on every instance, with no
/// invalidation message to lose. Only successes are kept (a new token works at once), keyed
/// by the token's SHA-256, never the token itself.
final class TokenCache: @unchecked Sendable {
    private struct Entry {
        let user: User
        let expires: ContinuousClock.Instant
    }

    private let lock = NSLock()
    private var entries: [SHA256Digest: Entry] = [:]
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The token's user, from the cache or from `lookup`.
    func user(forToken token: String, lookup: (String) async throws -> User?) async throws -> User? {
        let key = SHA256.hash(data: Data(token.utf8))
        let now = ContinuousClock.now
        if let hit = lock.withLock({ entries[key] }), hit.expires > now { return hit.user }
        guard let user = try await lookup(token) else {
            _ = lock.withLock { entries.removeValue(forKey: key) }
            return nil
        }
        lock.withLock {
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count < capacity { entries[key] = Entry(user: user, expires: now + lifetime) }
        }
        return user
    }
}
