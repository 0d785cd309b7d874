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

extension PostgresJobTests {
    @Test("a round asked for just as the server ends the pool's connections runs on a new one, not reported unreachable",
          .timeLimit(.minutes(1)))
    func roundAfterEndedConnections() async throws {
        let location = try await StoreBackend.freshDatabase()
        let store = PostgresStore(database: try await PostgresDatabase.open(location), agencyCode: StoreBackend.agency)
        let admin = try await PostgresDatabase.open(location)
        defer { store.database.close(); admin.close() }
        let logger = admin.logger
        let rounds = Rounds()
        for round in 1...15 {
            // Every other backend on the database, the store's pool among them; the call
            // below comes before the pool has seen most of them close.
            let ended: Int = try await admin.read { c in
                try await c.rows("""
                    SELECT count(pg_terminate_backend(pid))::bigint AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """, logger: logger)[0].value("n")
            }
            #expect(ended >= 1)
            #expect(try await store.runJob("sweep", every: nil, at: start) { rounds.add() } == round)
        }
        #expect(rounds.count == 15)
    }
}

/// How many rounds ran.
private final class Rounds: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() -> Int { lock.withLock { n += 1; return n } }
    var count: Int { lock.withLock { n } }
}
