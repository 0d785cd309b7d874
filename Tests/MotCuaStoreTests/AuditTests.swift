import Foundation
import GRDB
import MotCuaCore
import MotCuaStore
import Testing

@Suite("Audit: the hash chain")
struct AuditTests {
    /// Two dossiers with a few events each; returns the database path.
    func populated(_ dir: URL) async throws -> (String, [String]) {
        let path = dir.appendingPathComponent("motcua.sqlite").path
        let store = DossierStore(pool: try StoreDatabase.open(path: path), agencyCode: "000.00.01.H22")
        var codes: [String] = []
        for _ in 0..<2 {
            let code = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T08:00"), catalog: Fixture.catalog,
                                            calendar: Fixture.calendar).dossier.code
            _ = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: Fixture.vn("2027-03-01T09:00"),
                                        catalog: Fixture.catalog, calendar: Fixture.calendar)
            _ = try await store.perform(Command(action: "assign", assignee: Fixture.specialist), on: code, by: Fixture.head,
                                        at: Fixture.vn("2027-03-01T10:00"), catalog: Fixture.catalog, calendar: Fixture.calendar)
            codes.append(code)
        }
        #expect(try store.verifyAudit().broken == nil)
        return (path, codes)
    }

    /// Tampering needs the triggers gone: someone with the file, not the application.
    func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;")
            try db.execute(sql: sql)
        }
    }

    func verify(_ path: String) throws -> (code: String, reason: String)? {
        try DossierStore(pool: try StoreDatabase.open(path: path), agencyCode: "x").verifyAudit().broken
    }

    @Test("the application cannot update or delete events")
    func appendOnly() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await populated(dir)
        let pool = try StoreDatabase.open(path: path)
        #expect(throws: (any Error).self) { try pool.write { try $0.execute(sql: "UPDATE events SET action = 'x'") } }
        #expect(throws: (any Error).self) { try pool.write { try $0.execute(sql: "DELETE FROM events WHERE dossier_code = ?", arguments: [codes[0]]) } }
    }

    @Test("an edited event is detected, naming the dossier")
    func edited() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await populated(dir)
        try tamper(path, "UPDATE events SET payload = replace(payload, 'forward', 'stop') WHERE dossier_code = '\(codes[1])' AND seq = 2")
        let broken = try verify(path)
        #expect(broken?.code == codes[1])
        #expect(broken?.reason == "event 2 was altered")
    }

    @Test("a deleted event is detected")
    func deleted() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await populated(dir)
        try tamper(path, "DELETE FROM events WHERE dossier_code = '\(codes[0])' AND seq = 2")
        #expect(try verify(path)?.code == codes[0])
        let dir2 = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir2) }
        let (path2, codes2) = try await populated(dir2)
        try tamper(path2, "DELETE FROM events WHERE dossier_code = '\(codes2[1])' AND seq = 3")
        #expect(try verify(path2)?.reason.contains("version 3 but has 2 events") == true)
    }
}
