public import Foundation
public import Hummingbird
public import MotCuaStore
import MotCuaServer

/// Hummingbird's persist driver over the store's session table, so that hummingbird-auth's
/// session middleware keeps console sessions in the database (they survive a restart and
/// every instance sees them) rather than in one process's memory.
public struct StoreSessionDriver: PersistDriver {
    let records: SessionRecords
    let now: @Sendable () -> Date
    /// Session records read or written in the last second, by key.
    let recent = RecentReads<String, (data: Data, expiresAt: Date?)>()

    /// A driver over `records`; `now` is the clock that expiries are measured by.
    public init(records: SessionRecords, now: @escaping @Sendable () -> Date = { Date() }) {
        self.records = records
        self.now = now
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        do {
            let data = try JSONEncoder().encode(value)
            try await records.create(key: key, value: data, expiresAt: expiry(expires), now: now())
            recent.put((data, expiry(expires)), for: key)
        } catch SessionRecordError.duplicate {
            throw PersistError.duplicate
        }
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        recent.forget(key)
        try await records.set(key: key, value: data, expiresAt: expiry(expires), now: now())
        recent.put((data, expiry(expires)), for: key)
    }

    public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let at = now()
        guard let (data, expiresAt) = try await recent.value(for: key, read: {
            try await records.get(key: key, now: at).map { (data: $0.value, expiresAt: $0.expiresAt) }
        }),
              expiresAt.map({ $0 > at }) ?? true
        else { return nil }
        // A record that does not decode (written by another version) is as good as absent.
        guard let value = try? JSONDecoder().decode(Object.self, from: data) else { return nil }
        return (value, expiresAt.map { .milliseconds(Int64($0.timeIntervalSince(at) * 1000)) })
    }

    public func remove(key: String) async throws {
        recent.forget(key)
        try await records.remove(key: key)
    }

    public func shutdown() async throws {}

    private func expiry(_ duration: Duration?) -> Date? {
        duration.map { now().addingTimeInterval(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) }
    }
}
