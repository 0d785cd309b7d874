import Foundation

/// Values read from the store in the last second, so that a burst of requests does not read
/// the same rows again for each one (bearer tokens, console sessions, signed-in users). An
/// entry lives at most `lifetime` (one second by default), so a revocation, sign-out or
/// deactivation made on another instance takes effect here within that time, with no
/// invalidation message to lose; a change made on this instance replaces the entry at once.
/// Only values found are kept (a new one works at once).
public final class RecentReads<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private let lifetime: Duration
    private let capacity: Int

    /// An empty cache; at most `capacity` entries (expired ones are dropped first).
    public init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value from the last second, or from `read` (kept only when there is one).
    public func value(for key: Key, read: () async throws -> Value?) async throws -> Value? {
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
    public func put(_ value: Value, for key: Key, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count < capacity { entries[key] = Entry(value: value, expires: now + lifetime) }
        }
    }

    /// Drops a value removed or changed.
    public func forget(_ key: Key) { _ = lock.withLock { entries.removeValue(forKey: key) } }
}
