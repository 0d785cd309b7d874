import Foundation
import GRDB
import MotCuaCore
import MotCuaStore
import Testing

/// Signed checkpoints catch what the hash chain alone cannot: an insider with the database
/// file who rewrites an event and recomputes every later hash.
@Suite("Audit: signed checkpoints")
struct CheckpointTests {
    let audit = AuditTests()

    /// Rewrites event 2 of `code` and recomputes the hashes of it and every later event,
    /// as an insider with the file and the source code could.
    func rewrite(_ path: String, _ code: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;")
            try db.execute(sql: "UPDATE events SET payload = replace(payload, 'forward', 'stop') WHERE dossier_code = ? AND seq = 2",
                           arguments: [code])
            var previous = EventChain.genesis
            for row in try Row.fetchAll(db, sql: "SELECT seq, payload FROM events WHERE dossier_code = ? ORDER BY seq", arguments: [code]) {
                let seq: Int = row["seq"], payload: String = row["payload"]
                let hash = EventChain.hash(previous: previous, code: code, seq: seq, payload: payload)
                try db.execute(sql: "UPDATE events SET prev_hash = ?, hash = ? WHERE dossier_code = ? AND seq = ?",
                               arguments: [previous, hash, code, seq])
                previous = hash
            }
        }
    }

    @Test("a rewrite with recomputed hashes passes plain verify and fails against the checkpoint, naming the dossier")
    func rewrittenHistory() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, codes) = try await audit.populated(dir)
        let keyPath = dir.appendingPathComponent("keys/checkpoint.key").path
        let key = try AuditKey.load(path: keyPath, create: true)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the key file is the owner's alone")
        let store = DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: "000.00.01.H22")
        let folder = dir.appendingPathComponent("checkpoints").path
        let file = try await store.writeCheckpoint(to: folder, key: key, at: Date(), iso: "2027-03-01T11:00:00+07:00")
        #expect(FileManager.default.fileExists(atPath: file))
        let clean = try await store.verifyCheckpoints(in: folder, key: try AuditKey.load(path: keyPath, create: false))
        #expect(clean.checked == 1 && clean.mismatch == nil)

        try rewrite(path, codes[1])
        let reopened = DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: "000.00.01.H22")
        await #expect(try reopened.verifyAudit().broken == nil, "the limit of the chain alone: a full recomputation is not detected")
        let caught = try await reopened.verifyCheckpoints(in: folder, key: key).mismatch
        #expect(caught?.code == codes[1])
        #expect(caught?.reason.contains("event 3") == true, "\(String(describing: caught))")
    }

    @Test("a checkpoint signed with another key, or edited, is refused")
    func foreignKey() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, _) = try await audit.populated(dir)
        let store = DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: "000.00.01.H22")
        let ours = try AuditKey.load(path: dir.appendingPathComponent("k").path, create: true)
        let forged = dir.appendingPathComponent("forged").path
        _ = try await store.writeCheckpoint(to: forged, key: AuditKey.ephemeral(), at: Date(), iso: "2027-03-01T11:00:00+07:00")
        let refused = try await store.verifyCheckpoints(in: forged, key: ours).mismatch
        #expect(refused?.code == nil && refused?.reason.contains("signature") == true)

        let edited = dir.appendingPathComponent("edited").path
        let file = try await store.writeCheckpoint(to: edited, key: ours, at: Date(), iso: "2027-03-01T11:00:00+07:00")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "2027-03-01T11:00:00+07:00", with: "2027-03-02T11:00:00+07:00")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        await #expect(try store.verifyCheckpoints(in: edited, key: ours).mismatch?.reason.contains("signature") == true)
        #expect(throws: (any Error).self) { try AuditKey.load(path: dir.appendingPathComponent("absent").path, create: false) }
    }
}
