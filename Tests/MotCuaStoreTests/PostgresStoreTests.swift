import Foundation
import MotCuaCore
@testable import MotCuaStore
import PostgresNIO
import Testing

/// What only the PostgreSQL store has to show: several instances (each a store with its own
/// pool, as separate processes have) on one database, the database's own refusals, and the
/// outbox's leases. The contract suites cover the rest on both backends.
@Suite("PostgreSQL store: several instances on one database",
       .enabled(if: StoreBackend.all.contains { $0.description == "PostgreSQL" }))
struct PostgresStoreTests {
    let now = Fixture.vn("2027-03-01T09:00")

    /// `count` instances on one new database.
    func instances(_ count: Int, router: NotificationRouter? = nil, lease: Double = 120) async throws -> [PostgresStore] {
        let location = try await StoreBackend.freshDatabase()
        var stores: [PostgresStore] = []
        for _ in 0..<count {
            stores.append(PostgresStore(database: try await PostgresDatabase.open(location), agencyCode: StoreBackend.agency,
                                        router: router, claimLease: lease))
        }
        return stores
    }

    @Test("three instances logging at once: codes unique and consecutive; racing actions on one dossier: one wins each race")
    func racingInstances() async throws {
        let stores = try await instances(3)
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<90 {
                group.addTask {
                    try await stores[i % 3].open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                                 calendar: Fixture.calendar).dossier.code
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(codes.sorted() == (1...90).map { "000.00.01.H22-270301-" + Digits.pad($0, 4) })
        // Every instance reads each dossier first (so each has it cached), then all three race.
        for code in codes.prefix(30) { for s in stores { _ = try await s.dossier(code) } }
        let wins = try await withThrowingTaskGroup(of: Int.self) { group in
            for code in codes.prefix(30) {
                for s in stores {
                    group.addTask {
                        do {
                            _ = try await s.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                                    catalog: Fixture.catalog, calendar: Fixture.calendar)
                            return 1
                        } catch StoreError.rejected { return 0 }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wins == 30)
        for code in codes.prefix(30) {
            for s in stores { await #expect(try s.head(code, fresh: true)?.dossier.version == 2) }
        }
        await #expect(try stores[0].verifyAudit().broken == nil)
    }

    @Test("a dossier written by one instance is read by another (the prepared head statement): the same dossier and head hash; an unknown code is nil")
    func headReadByAnotherInstance() async throws {
        let stores = try await instances(2)
        let code = try await stores[0].open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                            calendar: Fixture.calendar).dossier.code
        let written = try await stores[0].perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                                  catalog: Fixture.catalog, calendar: Fixture.calendar).dossier
        // Twice: the first read prepares the statement on the connection, the second reuses it.
        for _ in 0..<2 {
            let head = try #require(try await stores[1].head(code, fresh: true))
            #expect(head.dossier.version == 2)
            #expect(head.dossier == written)
            #expect(head.hash == (try await stores[0].events(code)).last?.hash)
        }
        #expect(try await stores[1].head("\(StoreBackend.agency)-270301-9999", fresh: true) == nil)
        #expect(try await stores[1].verifyAudit().broken == nil)
    }

    @Test("an instance whose cached copy is older is not refused by it: the stored dossier decides")
    func staleCacheDoesNotRefuse() async throws {
        let stores = try await instances(2)
        let code = try await stores[0].open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                            calendar: Fixture.calendar).dossier.code
        #expect(try await stores[0].dossier(code)?.state == "received")   // cached by the first instance
        _ = try await stores[1].perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                        catalog: Fixture.catalog, calendar: Fixture.calendar)
        // The head's forward is refused in 'received' (the first instance's copy) but allowed
        // where the dossier is now.
        let moved = try await stores[0].perform(Command(action: "forward", assignee: Fixture.specialist,
                                                        assigneePosition: Fixture.specialistPosition),
                                                on: code, by: Fixture.head, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)
        #expect(moved.dossier.version == 3)
        // A refusal that holds on the stored dossier is still a refusal.
        await #expect(throws: StoreError.self) {
            _ = try await stores[1].perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                            catalog: Fixture.catalog, calendar: Fixture.calendar)
        }
    }

    @Test("the same Idempotency-Key sent to two instances at once opens one dossier; both answer with it")
    func keyAcrossInstances() async throws {
        let stores = try await instances(2)
        let claim = IdempotencyClaim(user: "u-desk", key: "k-1", requestHash: "h", notBefore: now.addingTimeInterval(-3600))
        let answers = try await withThrowingTaskGroup(of: Dossier?.self) { group in
            for s in stores {
                group.addTask {
                    switch try await s.open(Fixture.submission, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                            calendar: Fixture.calendar, idempotency: claim) {
                    case let .applied(r): r.dossier
                    case let .replayed(_, dossier, _): dossier
                    }
                }
            }
            return try await group.reduce(into: [Dossier?]()) { $0.append($1) }
        }
        #expect(Set(answers.map { $0?.code }).count == 1)
        #expect(try await stores[0].list(.init(), limit: 10, after: nil).items.count == 1)
    }

    @Test("the event log and the access log refuse UPDATE, DELETE and TRUNCATE in the database itself")
    func appendOnly() async throws {
        let store = try await instances(1)[0]
        let code = try await Fixture.logged(in: store, at: now)
        try await store.recordAccess([AccessEntry(dossierCode: code, reader: Fixture.desk, view: "detail", at: now)])
        #expect(try await store.accessLogCount() == 1)
        let logger = store.logger
        for sql in ["UPDATE events SET action = 'x'", "DELETE FROM events", "TRUNCATE events CASCADE",
                    "UPDATE access_log SET view = 'x'", "DELETE FROM access_log", "TRUNCATE access_log"] {
            await #expect(throws: PSQLError.self, "\(sql)") {
                try await store.database.read { c in try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
            }
        }
        #expect(try await store.events(code).count == 1)
        #expect(try await store.accessLogCount() == 1)
        await #expect(try store.verifyAudit().broken == nil)
    }

    @Test("every column holding a dossier code has the codes' collation; joins, head reads and the prepared head and inbox statements use the indexes")
    func codeCollation() async throws {
        let store = try await instances(1)[0]
        let logger = store.logger
        // The referencing columns of every foreign key to dossiers(code), with their collations.
        let rows = try await store.database.read { c in
            try await c.rows("""
                SELECT k.conrelid::regclass::text AS t, a.attname::text AS col, coalesce(co.collname::text, '') AS coll
                FROM pg_constraint k
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
                LEFT JOIN pg_collation co ON co.oid = a.attcollation
                WHERE k.contype = 'f' AND k.confrelid = 'dossiers'::regclass
                """, logger: logger)
        }
        let columns = try rows.map { "\(try $0.value("t", as: String.self)).\(try $0.value("col", as: String.self)) \(try $0.value("coll", as: String.self))" }
        #expect(columns.count >= 9, "\(columns)")
        #expect(columns.allSatisfy { $0.hasSuffix(" C") }, "\(columns)")
        let code = try await Fixture.logged(in: store, at: now)
        // The prepared statements' own texts, as the server plans them: the head read through
        // both keys, an inbox page through the queue index (sequential scans discouraged, as
        // on a table of one row the planner would rather read it whole).
        let (head, inbox) = try await store.database.transaction { c in
            try await c.query("SET LOCAL enable_seqscan = off", logger: logger)
            try await c.query(PostgresQuery(unsafeSQL: "PREPARE head_check(text) AS " + DossierHeadStatement.sql), logger: logger)
            try await c.query(PostgresQuery(unsafeSQL: "PREPARE inbox_check(text[], float8, text, bigint) AS " + InboxPageStatement.sql),
                              logger: logger)
            // Values written out: a utility statement such as EXPLAIN takes no bound parameters.
            let head = try await c.rows(PostgresQuery(unsafeSQL: "EXPLAIN EXECUTE head_check('\(code)')"), logger: logger)
            let inbox = try await c.rows(PostgresQuery(unsafeSQL: "EXPLAIN EXECUTE inbox_check(ARRAY['desk', 'desk@MC'], 0, '', 51)"),
                                         logger: logger)
            // By name: `DEALLOCATE ALL` would also drop postgres-nio's own prepared statements,
            // which it believes still there.
            try await c.query("DEALLOCATE head_check", logger: logger)
            try await c.query("DEALLOCATE inbox_check", logger: logger)
            return try (head.map { try $0.value("QUERY PLAN", as: String.self) }.joined(separator: "\n"),
                        inbox.map { try $0.value("QUERY PLAN", as: String.self) }.joined(separator: "\n"))
        }
        #expect(head.contains("Index Scan using dossiers_pkey") && head.contains("Index Cond: (code = ")
                && head.contains("events_pkey") && head.contains("Index Cond: (dossier_code = "), "\(head)")
        #expect(inbox.contains("Index Scan using dossiers_queue") && inbox.contains("Index Cond: ((queue = q.key)"), "\(inbox)")
    }

    @Test("outbox claims: no message to two instances; a dossier's next waits for its first; a dead instance's claim is taken over")
    func claims() async throws {
        let routes = NotificationRoute.decodeAll(yaml: try String(contentsOfFile: Fixture.root + "/config/routes.yaml", encoding: .utf8),
                                                 file: "routes.yaml").routes!
        let router = NotificationRouter(routes: routes, enabledChannels: [.portal], organization: Fixture.organization)
        // A lease long enough for the steps before the take-over on a loaded machine (2 s
        // ran out there between the claims and the check that the dead instance's are kept).
        let lease = 20.0
        let stores = try await instances(2, router: router, lease: lease)
        var codes: [String] = []
        for _ in 0..<20 {
            let code = try await Fixture.logged(in: stores[0], at: now)
            _ = try await stores[0].perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                            calendar: Fixture.calendar)
            codes.append(code)
        }
        let later = now.addingTimeInterval(60)
        let portal = try await stores[0].outbox(status: .pending).filter { $0.channel == .portal }
        #expect(portal.count >= 40, "two portal messages per dossier")
        // Both instances claim at once, ten each at most: disjoint, one message per dossier (its first).
        async let a = stores[0].dueMessages(at: later, limit: 10, busy: [], channels: [.portal])
        async let b = stores[1].dueMessages(at: later, limit: 10, busy: [], channels: [.portal])
        let (first, second) = try await (a, b)
        let claimedBy = ContinuousClock.now
        #expect(first.count == 10 && second.count == 10)
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        let claimed = first + second
        #expect(Set(claimed.map(\.dossierCode)) == Set(codes))
        for m in claimed {
            let row = portal.filter { $0.dossierCode == m.dossierCode }.min { $0.eventSeq < $1.eventSeq }
            #expect(row?.id == m.id, "the dossier's first message is claimed first")
        }
        // Nothing more is due while they are claimed: each dossier's second waits for its first.
        #expect(try await stores[1].dueMessages(at: later, limit: 100, busy: [], channels: [.portal]).isEmpty)
        // Instance 0 delivers its messages; instance 1 "dies" holding its claims.
        let delivered = AttemptRecord(at: later, statusCode: 200, error: nil, milliseconds: 1, newStatus: .delivered, nextAttemptAt: nil)
        for m in first { try await stores[0].record(delivered, for: m) }
        let next = try await stores[0].dueMessages(at: later, limit: 100, busy: [], channels: [.portal])
        #expect(Set(next.map(\.dossierCode)) == Set(first.map(\.dossierCode)), "only the delivered dossiers' second messages")
        #expect(ContinuousClock.now - claimedBy < .seconds(lease), "checked while the dead instance's claims still held")
        for m in next { try await stores[0].record(delivered, for: m) }
        try await Task.sleep(until: claimedBy + .seconds(lease + 0.5))
        let takenOver = try await stores[0].dueMessages(at: later, limit: 100, busy: [], channels: [.portal])
        #expect(Set(takenOver.map(\.id)) == Set(second.map(\.id)), "the dead instance's claims, after the lease")
    }

    @Test("a database URL: parsed with its pool size; anything else refused with what to write")
    func locations() throws {
        let l = try PostgresLocation(url: "postgres://motcua:s3cret@db.example.vn:6543/motcua?pool=25", environment: [:])
        #expect([l.host, String(l.port), l.user, l.password, l.database, String(l.poolSize)]
            == ["db.example.vn", "6543", "motcua", "s3cret", "motcua", "25"])
        #expect(l.description == "postgres://motcua@db.example.vn:6543/motcua", "no password in messages")
        #expect(try PostgresLocation(url: "postgresql://a@h/d", environment: ["PGPASSWORD": "p"]).password == "p")
        #expect(try PostgresLocation(url: "postgresql://a@h/d", environment: [:]).port == 5432)
        for bad in ["postgres://", "postgres://h/d", "postgres://a@h", "postgres://a@h/", "postgres://a@h/d/e", "postgres://a@h/d?pool=0", "postgres://a@h/d?pool=3", "postgres://a@h/d?pool=501",
                    "postgres://a@h/d?pool=x", "postgres://a@h/d?sslmode=require", "mysql://a@h/d", "postgres://a:p@h/d?x=1",
                    "postgres://a@h/d?" + String(repeating: "p", count: 3000)] {
            #expect(throws: PostgresLocationError.self, "\(bad)") { try PostgresLocation(url: bad, environment: [:]) }
        }
        let error = try #require(throws: PostgresLocationError.self) { try PostgresLocation(url: "postgres://a:s3cret@h/d?x=1") }
        #expect(!error.description.contains("s3cret"), "the password is never echoed")
    }
}
