import Foundation
import MotCuaCore
@testable import MotCuaStore
import PostgresNIO
import Testing

/// The PostgreSQL store writes unkeyed actions in batches (`PostgresActions`): what a batch
/// must not change about each action's outcome.
@Suite("PostgreSQL store: actions written in batches",
       .enabled(if: StoreBackend.all.contains { $0.description == "PostgreSQL" }))
struct PostgresBatchTests {
    let now = Fixture.vn("2027-03-01T09:00")

    @Test("an action the database refuses fails alone: the others of its batch are written, it writes nothing")
    func oneBadAction() async throws {
        let store = PostgresStore(database: try await PostgresDatabase.open(try await StoreBackend.freshDatabase()),
                                  agencyCode: StoreBackend.agency)
        var codes: [String] = []
        for _ in 0..<40 {
            codes.append(try await store.open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                              calendar: Fixture.calendar).dossier.code)
        }
        // The event the bad dossier's next action will append is already there: its insert
        // breaks the primary key, which fails the statement of whatever batch it is in.
        let bad = codes[17]
        let logger = store.database.logger
        try await store.database.read { c in
            try await c.query("""
                INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
                SELECT dossier_code, max(seq) + 1, 'transition', 'planted', 0, '{}', '', '' FROM events
                WHERE dossier_code = \(bad) GROUP BY dossier_code
                """, logger: logger)
        }
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for code in codes {
                group.addTask {
                    do {
                        _ = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                                    catalog: Fixture.catalog, calendar: Fixture.calendar)
                        return (code, true)
                    } catch { return (code, false) }
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { !$0.value }.map(\.key) == [bad])
        for code in codes {
            await #expect(try store.head(code, fresh: true)?.dossier.version == (code == bad ? 1 : 2))
        }
        let planted: [Int] = try await store.database.read { c in
            try await c.rows("SELECT count(*)::bigint AS n FROM events WHERE dossier_code = \(bad) AND action = 'planted'", logger: logger)
                .map { try $0.value("n") }
        }
        #expect(planted == [1])
    }

    @Test("a batch whose backend dies as it commits is not reported written: it is written again, once", .timeLimit(.minutes(1)))
    func backendDiesAtCommit() async throws {
        let store = PostgresStore(database: try await PostgresDatabase.open(try await StoreBackend.freshDatabase()),
                                  agencyCode: StoreBackend.agency)
        let code = try await store.open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                        calendar: Fixture.calendar).dossier.code
        // The first event inserted from here on ends its backend as the batch commits.
        try await DyingCommit.install(on: "events", after: "INSERT", in: store.database)
        let logger = store.database.logger
        let result = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                             catalog: Fixture.catalog, calendar: Fixture.calendar)
        #expect(result.dossier.version == 2)
        await #expect(try store.head(code, fresh: true)?.dossier.version == 2)
        let events: Int = try await store.database.read { c in
            try await c.rows("SELECT count(*)::bigint AS n FROM events WHERE dossier_code = \(code)", logger: logger)[0].value("n")
        }
        let dies = try await DyingCommit.fired(in: store.database)
        #expect(dies >= 2, "the trigger ended the first attempt's backend and let the second commit")
        #expect(events == 2)
        #expect(try await store.verifyAudit().broken == nil)
    }
}
