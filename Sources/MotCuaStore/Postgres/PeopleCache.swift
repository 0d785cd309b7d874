import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The officers' addresses a command's notifications are routed to, read at most once a
/// second per instance instead of once per command: a changed address is used within a
/// second, as another instance's write is (`SnapshotCache`), and SQLite's store routes from
/// a read outside its writer in the same way.
final class PeopleCache: Sendable {
    private let held = Mutex<(at: ContinuousClock.Instant, people: PostgresPeople)?>(nil)

    /// The directory, read through `database` when the one held is older than a second.
    func people(_ database: PostgresDatabase) async throws -> PostgresPeople {
        let now = ContinuousClock.now
        if let held = held.withLock({ $0 }), now - held.at < .seconds(1) { return held.people }
        let logger = database.logger
        let people = try await database.read { c in try await PostgresPeople.load(c, logger: logger) }
        held.withLock { $0 = (now, people) }
        return people
    }
}
