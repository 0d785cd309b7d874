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
}
