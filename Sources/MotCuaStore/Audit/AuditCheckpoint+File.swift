import Foundation
import MotCuaCore

extension AuditCheckpoint {
    /// Signs `heads` and writes the checkpoint to a new file in `directory` (never over an
    /// earlier one); returns its path and the checkpoint.
    static func write(heads: [Head], agency: String, to directory: String, key: AuditKey, at now: Date, iso: String) throws
        -> (path: String, checkpoint: AuditCheckpoint) {
        let checkpoint = try AuditCheckpoint.sign(heads: heads, agency: agency, at: iso, key: key)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = String(Int(saturating: now.timeIntervalSince1970, rule: .down))
        var path = (directory as NSString).appendingPathComponent("checkpoint-\(stamp).json")
        var n = 1
        while FileManager.default.fileExists(atPath: path) {
            n += 1
            path = (directory as NSString).appendingPathComponent("checkpoint-\(stamp)-\(n).json")
        }
        guard FileManager.default.createFile(atPath: path, contents: checkpoint.json) else {
            throw AuditKey.Failure(description: "\(path): cannot write the checkpoint")
        }
        return (path, checkpoint)
    }

    /// The inspector's e-mail about this checkpoint: its outbox id and payload.
    func notice(file path: String, agencyName: String, iso: String, at now: Date) -> (id: String, payload: String) {
        let payload = MailContext.payload(template: "audit_checkpoint", vars: [
            ("agency", agencyName), ("at", iso), ("count", String(heads.count)), ("root", root),
            ("signature", signature), ("publicKey", publicKey), ("file", path),
        ])
        return ("checkpoint-\(root.prefix(16))-\(Int(saturating: now.timeIntervalSince1970, rule: .down))", payload)
    }

    /// Checks the database against every checkpoint in `directory`: each must be signed by
    /// `key`, and every head it lists must still be the hash of that dossier's event at that
    /// seq (`hashes` reads them, in the order asked). Returns the first mismatch and how
    /// many checkpoints were checked.
    static func verifyAll(in directory: String, key: AuditKey, hashes: ([Head]) async throws -> [String?]) async throws
        -> (checked: Int, mismatch: CheckpointMismatch?) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        for name in files {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let checkpoint = AuditCheckpoint.parse(data) else {
                return (files.count, CheckpointMismatch(file: path, code: nil, reason: "not a checkpoint file"))
            }
            guard checkpoint.isValid(for: key) else {
                return (files.count, CheckpointMismatch(file: path, code: nil,
                                                        reason: "the signature is not this installation's audit key (or the file was edited)"))
            }
            for (head, hash) in zip(checkpoint.heads, try await hashes(checkpoint.heads)) {
                guard let hash else { return (files.count, CheckpointMismatch(file: path, code: head.code, reason: "event \(head.seq) is gone")) }
                if hash != head.hash {
                    return (files.count, CheckpointMismatch(file: path, code: head.code,
                                                            reason: "history up to event \(head.seq) differs from the checkpoint of \(checkpoint.at)"))
                }
            }
        }
        return (files.count, nil)
    }
}
