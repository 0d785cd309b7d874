import Foundation
import MotCuaStore
import Testing

/// The product promises that an acknowledged commit is on disk: WAL with
/// `synchronous=FULL` on the connection that writes, however the database was opened.
@Suite("Durability settings on SQLite")
struct DurabilityTests {
    @Test("the writer runs WAL with synchronous=FULL on a new database and after reopening one")
    func writerIsFull() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = Fixture.databasePath(dir)
        let fresh = try await StoreDatabase.open(path: path)
        let first = try await fresh.writerDurability()
        #expect(first.journalMode == "wal")
        #expect(first.synchronous == 2, "synchronous must be FULL (2), not NORMAL (1): NORMAL syncs the WAL only at checkpoints")
        // A store that has written and is opened again (the WAL exists) keeps the setting.
        let store = DossierStore(database: fresh, agencyCode: "000.00.01.H22")
        _ = try await Fixture.logged(in: store, at: Fixture.vn("2027-03-01T09:00"))
        let again = try await StoreDatabase.open(path: path).writerDurability()
        #expect(again.journalMode == "wal")
        #expect(again.synchronous == 2)
    }
}
