import Foundation

/// Values read from the store in the last second, so that a burst of page requests from one
/// officer does not read the session and the user rows again for each one. The rule is the
/// API's bearer-token cache's: an entry lives at most `lifetime` (one second), so a sign-out
/// or a deactivation made on another instance takes effect there within that time, with no
/// invalidation message to lose; a change made on this instance replaces the entry at once.
final class RecentReads<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value from the last second, or from `read` (kept only when there is one).
    func value(for key: Key, read: () async throws -> Value?) async throws -> Value? {
        let now = ContinuousClock.now
        if let hit = lock.withLock({ entries[key] }), hit.expires > now { return hit.value }
        guard let value = try await read() else {
            forget(key)
            return nil
        }
        put(value, for: key, now: now)
        return value
    }

    /// Keeps a value just written.
    func put(_ value: Value, for key: Key, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count < capacity { entries[key] = Entry(value: value, expires: now + lifetime) }
        }
    }

    /// Drops a value removed or changed.
    func forget(_ key: Key) { _ = lock.withLock { entries.removeValue(forKey: key) } }
}
