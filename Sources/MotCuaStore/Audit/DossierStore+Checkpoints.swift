public import Foundation
import GRDB
import MotCuaCore

/// Where a history no longer matches a signed checkpoint.
public struct CheckpointMismatch: Sendable, Equatable {
    /// The checkpoint file.
    public var file: String
    /// The dossier, when one is to blame.
    public var code: String?
    /// What is wrong.
    public var reason: String
}

extension DossierStore {
    /// Every dossier's last event: code, seq and hash.
    public func chainHeads() async throws -> [AuditCheckpoint.Head] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT e.dossier_code, e.seq, e.hash FROM events e
                JOIN (SELECT dossier_code, MAX(seq) AS seq FROM events GROUP BY dossier_code) m
                  ON m.dossier_code = e.dossier_code AND m.seq = e.seq
                ORDER BY e.dossier_code
                """).map { AuditCheckpoint.Head(code: try $0.decode("dossier_code"), seq: try $0.decode("seq"), hash: try $0.decode("hash")) }
        }
    }

    /// Writes a signed checkpoint of every chain head to `directory` (one file each);
    /// returns its path.
    public func writeCheckpoint(to directory: String, key: AuditKey, at now: Date, iso: String) async throws -> String {
        try await writeSignedCheckpoint(to: directory, key: key, at: now, iso: iso).path
    }

    /// Writes a checkpoint file and, when an inspector address is given, queues an e-mail
    /// carrying its root and signature through the outbox (delivered, retried and
    /// replayable like every message); returns the file's path.
    public func publishCheckpoint(to directory: String, key: AuditKey, at now: Date, iso: String, agencyName: String,
                                  inspector: String?) async throws -> String {
        let (path, checkpoint) = try await writeSignedCheckpoint(to: directory, key: key, at: now, iso: iso)
        if let inspector, !inspector.isEmpty {
            let notice = checkpoint.notice(file: path, agencyName: agencyName, iso: iso, at: now)
            try await enqueueNotice(id: notice.id, to: inspector, payload: notice.payload, at: now)
        }
        return path
    }

    func writeSignedCheckpoint(to directory: String, key: AuditKey, at now: Date, iso: String) async throws -> (path: String, checkpoint: AuditCheckpoint) {
        try AuditCheckpoint.write(heads: try await chainHeads(), agency: agencyCode, to: directory, key: key, at: now, iso: iso)
    }

    /// Checks the database against every checkpoint in `directory`: each must be signed by
    /// `key`, and every head it lists must still be the hash of that dossier's event at
    /// that seq. Returns the first mismatch and how many checkpoints were checked.
    public func verifyCheckpoints(in directory: String, key: AuditKey) async throws -> (checked: Int, mismatch: CheckpointMismatch?) {
        let pool = self.pool
        return try await AuditCheckpoint.verifyAll(in: directory, key: key) { heads in
            try await pool.reading { db in
                let statement = try db.cachedStatement(sql: "SELECT hash FROM events WHERE dossier_code = ? AND seq = ?")
                return try heads.map { try String.fetchOne(statement, arguments: [$0.code, $0.seq]) }
            }
        }
    }
}
