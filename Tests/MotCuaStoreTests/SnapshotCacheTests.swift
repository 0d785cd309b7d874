import Foundation
import GRDB
import MotCuaCore
@testable import MotCuaStore
import Testing

/// Reads answered from the cache must never hide a write this process acknowledged, and
/// must see another process's write within a second.
@Suite("Store: cached reads")
struct SnapshotCacheTests {
    @Test("every acknowledged write is read back at once, also under racing commands on one dossier")
    func readYourWrites() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        let now = Fixture.vn("2027-03-01T09:00")
        let code = try await Fixture.logged(in: store, at: now)
        #expect(try await store.dossier(code)?.version == 1)
        let forwarded = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now,
                                                catalog: Fixture.catalog, calendar: Fixture.calendar)
        #expect(try await store.dossier(code)?.version == forwarded.dossier.version)
        // Racing commands without If-Match on one dossier (a stale one is decided again, and
        // may then be refused): the read after them all shows the last version stored, not an
        // older one put back by a command that finished late.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    _ = try? await store.perform(Command(action: "forward", assignee: Fixture.specialist,
                                                         assigneePosition: Fixture.specialistPosition), on: code,
                                                 by: Fixture.head, at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)
                }
            }
            try await group.waitForAll()
        }
        let stored = try await store.events(code).count
        #expect(stored == 3, "one of the racing commands applied")
        #expect(try await store.dossier(code)?.version == stored)
    }

    @Test("a write from another process is read within a second")
    func outsideWriteSeenWithinASecond() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        let now = Fixture.vn("2027-03-01T09:00")
        let code = try await Fixture.logged(in: store, at: now)
        // Another process (the same schema, its own store) moves the dossier on.
        let other = try await Fixture.sqliteStore(dir)
        _ = try await other.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                    calendar: Fixture.calendar)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await store.dossier(code)?.version == 2)
    }

    @Test("an entry never goes back to an older version")
    func monotonic() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        var d = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T09:00"), catalog: Fixture.catalog,
                                     calendar: Fixture.calendar).dossier
        let cache = SnapshotCache()
        d.code = "X"
        d.version = 3
        cache.put(.init(dossier: d, hash: "h3"))
        var older = d
        older.version = 2
        cache.put(.init(dossier: older, hash: "h2"))
        #expect(cache.get("X")?.dossier.version == 3)
        #expect(cache.recent("X", within: .seconds(1))?.version == 3)
        #expect(cache.recent("X", within: .zero) == nil)
    }

    @Test("a read at the cached version is answered from the entry: not decoded, the entry confirmed and its hash completed")
    func hitAtVersion() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        var d = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T09:00"), catalog: Fixture.catalog,
                                     calendar: Fixture.calendar).dossier
        d.code = "X"
        let cache = SnapshotCache()
        cache.put(.init(dossier: d, hash: nil, confirmed: .now - .seconds(5)))
        #expect(cache.recent("X", within: .seconds(1)) == nil, "confirmed too long ago")
        let hit = try cache.dossier("X", version: d.version, hash: "h1") { throw CancellationError() }
        #expect(hit == d)
        #expect(cache.get("X")?.hash == "h1")
        #expect(cache.recent("X", within: .seconds(1)) == d, "confirmed again by the read")
        // A hash already kept is not replaced by a read that fetched none.
        _ = try cache.dossier("X", version: d.version) { throw CancellationError() }
        #expect(cache.get("X")?.hash == "h1")
        // Another version is no hit: the snapshot is decoded.
        #expect(throws: CancellationError.self) { try cache.dossier("X", version: d.version + 1) { throw CancellationError() } }
    }

    @Test("while a write is under way (committed, not yet put), the cached copy is no answer")
    func noAnswerWhileWriting() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        let d = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T09:00"), catalog: Fixture.catalog,
                                     calendar: Fixture.calendar).dossier
        let cache = SnapshotCache()
        cache.put(.init(dossier: d, hash: "h1"))
        #expect(cache.recent(d.code, within: .seconds(1))?.version == 1)
        try await cache.whileWriting(d.code) {
            #expect(cache.recent(d.code, within: .seconds(1)) == nil)
            // Nested writes to one code (racing commands): still none until both end.
            try await cache.whileWriting(d.code) { #expect(cache.recent(d.code, within: .seconds(1)) == nil) }
            #expect(cache.recent(d.code, within: .seconds(1)) == nil)
            #expect(cache.recent("other", within: .seconds(1)) == nil && cache.get(d.code) != nil)
        }
        #expect(cache.recent(d.code, within: .seconds(1))?.version == 1)
    }

    @Test("a reader led to a dossier by a committed outbox row sees the version that queued it")
    func outboxReaderSeesItsVersion() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let routes = NotificationRoute.decodeAll(yaml: "routes:\n  - {name: moved, when: {actions: [forward]}, channel: portal}\n",
                                                 file: "routes.yaml").routes!
        let store = DossierStore(database: try await StoreDatabase.open(path: Fixture.databasePath(dir)), agencyCode: "000.00.01.H22",
                                 router: NotificationRouter(routes: routes, enabledChannels: [.portal], organization: Fixture.organization))
        let now = Fixture.vn("2027-03-01T09:00")
        // Many dossiers moved on at once while a dispatcher-like reader claims their messages
        // the moment they are committed and reads each dossier: it must never get a copy older
        // than the event that queued the message (the window between commit and cache put).
        var logged: [String] = []
        for _ in 0..<40 { logged.append(try await Fixture.logged(in: store, at: now)) }
        let codes = logged
        for code in codes { _ = try await store.dossier(code) }
        let reader = Task {
            var stale: [String] = []
            var seen = Set<String>()
            let deadline = ContinuousClock.now + .seconds(20)
            while seen.count < codes.count && ContinuousClock.now < deadline {
                for m in try await store.dueMessages(at: now.addingTimeInterval(3600), limit: 500, busy: [], channels: [.portal])
                where !seen.contains(m.id) {
                    seen.insert(m.id)
                    // Ids are {dossier}.{event seq}.{route}; the forward is event 2, version 2.
                    let seq = Int(m.id.split(separator: ".").dropLast().last ?? "") ?? 0
                    let version = try await store.dossier(m.dossierCode)?.version ?? 0
                    if seq < 2 || version < seq { stale.append("\(m.id): version \(version)") }
                }
            }
            return (stale, seen.count)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for code in codes {
                group.addTask {
                    _ = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: now, catalog: Fixture.catalog,
                                                calendar: Fixture.calendar)
                }
            }
            try await group.waitForAll()
        }
        let (stale, seen) = try await reader.value
        #expect(seen == codes.count)
        #expect(stale.isEmpty, "\(stale.prefix(5))")
    }
}
