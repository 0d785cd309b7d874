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
        let store = DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: "000.00.01.H22")
        var codes: [String] = []
        for _ in 0..<2 {
            let code = try await store.open(Fixture.submission, by: Fixture.desk, at: Fixture.vn("2027-03-01T08:00"), catalog: Fixture.catalog,
                                            calendar: Fixture.calendar).dossier.code
            _ = try await store.perform(Command(action: "forward"), on: code, by: Fixture.desk, at: Fixture.vn("2027-03-01T09:00"),
                                        catalog: Fixture.catalog, calendar: Fixture.calendar)
            _ = try await store.perform(Command(action: "assign", assignee: Fixture.specialist, assigneePosition: Fixture.specialistPosition), on: code, by: Fixture.head,
                                        at: Fixture.vn("2027-03-01T10:00"), catalog: Fixture.catalog, calendar: Fixture.calendar)
            codes.append(code)
        }
        await #expect(try store.verifyAudit().broken == nil)
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

    func verify(_ path: String) async throws -> (code: String, reason: String)? {
        try await DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: "x").verifyAudit().broken
    }

    @Test("the application cannot update or delete events")
    func appendOnly() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await populated(dir)
        _ = try await StoreDatabase.open(path: path)
        // Straight to the file, as an insider would, with the product's triggers in place.
        let pool = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) { try pool.write { try $0.execute(sql: "UPDATE events SET action = 'x'") } }
        #expect(throws: (any Error).self) { try pool.write { try $0.execute(sql: "DELETE FROM events WHERE dossier_code = ?", arguments: [codes[0]]) } }
    }

    @Test("an edited event is detected, naming the dossier")
    func edited() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await populated(dir)
        try tamper(path, "UPDATE events SET payload = replace(payload, 'forward', 'stop') WHERE dossier_code = '\(codes[1])' AND seq = 2")
        let broken = try await verify(path)
        #expect(broken?.code == codes[1])
        #expect(broken?.reason == "event 2 was altered")
    }

    @Test("a deleted event is detected")
    func deleted() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await populated(dir)
        try tamper(path, "DELETE FROM events WHERE dossier_code = '\(codes[0])' AND seq = 2")
        #expect(try await verify(path)?.code == codes[0])
        let dir2 = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir2) }
        let (path2, codes2) = try await populated(dir2)
        try tamper(path2, "DELETE FROM events WHERE dossier_code = '\(codes2[1])' AND seq = 3")
        #expect(try await verify(path2)?.reason.contains("version 3 but has 2 events") == true)
    }
}

@Suite("Idempotency keys expire")
struct IdempotencyExpiryTests {
    @Test("an expired key is free again and pruned in batches; a fresh one is kept")
    func expiry() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = DossierStore(database: try await StoreDatabase.open(path: dir.appendingPathComponent("m.sqlite").path), agencyCode: "x")
        let t0 = Fixture.vn("2027-03-01T08:00")
        func claim(_ key: String, notBefore: Date) -> IdempotencyClaim {
            IdempotencyClaim(user: "u", key: key, requestHash: "h", notBefore: notBefore)
        }
        func open(_ key: String, at: Date, notBefore: Date) async throws -> CommandAnswer {
            try await store.open(Fixture.submission, by: Fixture.desk, at: at, catalog: Fixture.catalog, calendar: Fixture.calendar,
                                 idempotency: claim(key, notBefore: notBefore))
        }
        var first: [String] = []
        for i in 0..<25 {
            guard case let .applied(r) = try await open("k\(i)", at: t0.addingTimeInterval(Double(i)), notBefore: t0) else {
                Issue.record("a fresh key was replayed")
                return
            }
            first.append(r.dossier.code)
        }
        guard case let .replayed(status, dossier, _) = try await open("k3", at: t0.addingTimeInterval(30), notBefore: t0) else {
            Issue.record("a kept key was not replayed")
            return
        }
        #expect(status == 201 && dossier?.code == first[3], "the first answer, the same dossier")
        // Older than the lifetime: forgotten, and the key can be used again for another request.
        guard case let .applied(again) = try await open("k3", at: t0.addingTimeInterval(100), notBefore: t0.addingTimeInterval(10)) else {
            Issue.record("an expired key was replayed")
            return
        }
        #expect(again.dossier.code != first[3])
        let pruned = try await store.pruneIdempotencyKeys(before: t0.addingTimeInterval(20), batch: 7)
        #expect(pruned == 19, "k0…k19 less k3 (renewed)")
        await #expect(try store.idempotencyKeyCount() == 6)
    }
}
