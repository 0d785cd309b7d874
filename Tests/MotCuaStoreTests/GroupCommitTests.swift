import Foundation
import GRDB
import MotCuaCore
import MotCuaStore
import Testing

/// The SQLite group committer runs a batch without savepoints first; these tests pin
/// down that a failing command still fails alone.
@Suite("Group commit on SQLite")
struct GroupCommitTests {
    @Test("a command that fails after writing rolls back alone; the rest of its batch lands once")
    func dirtyFailureFailsAlone() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = Fixture.databasePath(dir)
        let store = try await Fixture.sqliteStore(dir)
        let now = Fixture.vn("2027-03-01T09:00")
        var codes: [String] = []
        for _ in 0..<40 {
            codes.append(try await Fixture.logged(in: store, at: now))
        }
        // An insider takes the event number the victim's next command will append: its
        // UPDATE succeeds, then its event INSERT fails, after the row was written.
        let victim = codes[17]
        let insider = try DatabaseQueue(path: path)
        try await insider.write { db in
            try db.execute(sql: """
                INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
                VALUES (?, 2, 'transition', 'forward', 0, '{}', 'x', 'y')
                """, arguments: [victim])
        }
        try await insider.close()
        let before = store.writerStatistics
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
        #expect(outcomes.filter { !$0.value }.map(\.key) == [victim])
        #expect(store.writerStatistics.rerunBatches > before.rerunBatches)
        await #expect(try store.dossier(victim)?.version == 1)
        for code in codes where code != victim {
            await #expect(try store.dossier(code)?.version == 2)
            await #expect(try store.events(code).map(\.event.seq) == [1, 2])
        }
        // Everything else verifies; the victim's chain is broken by the insider's row only.
        let reopened = try await Fixture.sqliteStore(dir)
        await #expect(try reopened.verifyAudit().broken?.code == victim)
    }

    @Test("a stale decision fails without sending its batch back")
    func cleanFailureKeepsTheBatch() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Fixture.sqliteStore(dir)
        let now = Fixture.vn("2027-03-01T09:00")
        let code = try await Fixture.logged(in: store, at: now)
        let results = await withTaskGroup(of: Bool.self) { group in
            for action in ["forward", "stop", "forward", "stop"] {
                group.addTask {
                    (try? await store.perform(Command(action: action, reason: "r", expectedVersion: 1), on: code, by: Fixture.desk,
                                              at: now, catalog: Fixture.catalog, calendar: Fixture.calendar)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(store.writerStatistics.rerunBatches == 0)
        await #expect(try store.dossier(code)?.version == 2)
    }
}
