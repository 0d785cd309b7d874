import Foundation
@testable import MotCuaStore
import Testing

/// A scheduled job's round on PostgreSQL is run only once its mark (`job_runs`) is committed.
@Suite("PostgreSQL store: scheduled jobs", .enabled(if: StoreBackend.all.contains { $0.description == "PostgreSQL" }))
struct PostgresJobTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a round whose mark is lost as it commits is not run: the next call runs it, once", .timeLimit(.minutes(1)))
    func markLostAtCommit() async throws {
        let store = PostgresStore(database: try await PostgresDatabase.open(try await StoreBackend.freshDatabase()),
                                  agencyCode: StoreBackend.agency)
        defer { store.database.close() }
        #expect(try await store.runJob("scan", every: 60, at: start) { 0 } == nil, "the first period starts now")
        // The first update of the mark from here on ends its backend as it commits.
        try await DyingCommit.install(on: "job_runs", after: "UPDATE", in: store.database)
        let rounds = Rounds()
        await #expect(throws: (any Error).self, "the mark was not committed: the round must not be reported run") {
            _ = try await store.runJob("scan", every: 60, at: start.addingTimeInterval(60)) { rounds.add() }
        }
        #expect(rounds.count == 0, "the round ran although its mark was lost")
        #expect(try await store.runJob("scan", every: 60, at: start.addingTimeInterval(61)) { rounds.add() } == 1)
        #expect(try await store.runJob("scan", every: 60, at: start.addingTimeInterval(62)) { rounds.add() } == nil)
        #expect(rounds.count == 1)
        #expect(try await DyingCommit.fired(in: store.database) >= 2, "the trigger ended the first round's backend and let the second commit")
    }
}

/// How many rounds ran.
private final class Rounds: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() -> Int { lock.withLock { n += 1; return n } }
    var count: Int { lock.withLock { n } }
}
