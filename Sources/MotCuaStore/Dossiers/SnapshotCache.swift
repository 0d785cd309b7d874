import Foundation
import MotCuaCore

/// Recently written dossiers with the hash of their last event, so a command need neither
/// read nor decode the stored JSON again. An entry is a guess, never the truth: the writer
/// applies a decision only if the row is still at the version the decision was made on
/// (`UPDATE … WHERE version = ?`), so a stale entry costs one re-decision, nothing more.
final class SnapshotCache: @unchecked Sendable {
    /// A dossier and the hash its next event chains to (`nil` when it came from a read,
    /// which does not fetch it: the write path then reads the head itself).
    struct Head: Sendable {
        var dossier: Dossier
        var hash: String?
    }

    private let lock = NSLock()
    private var entries: [String: Head] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func get(_ code: String) -> Head? {
        lock.withLock { entries[code] }
    }

    func put(_ head: Head) {
        lock.withLock {
            if entries.updateValue(head, forKey: head.dossier.code) == nil {
                order.append(head.dossier.code)
                if order.count > capacity * 2 { compact() }
            }
        }
    }

    /// The dossier at exactly `version`, decoding `snapshot` only when no copy is cached;
    /// a decoded copy is kept for the next reader (never replacing a write's entry).
    func dossier(_ code: String, version: Int, snapshot: () throws -> String) throws -> Dossier {
        if let hit = lock.withLock({ entries[code] }), hit.dossier.version == version { return hit.dossier }
        let d = try DossierStore.decode(try snapshot())
        lock.withLock {
            if let current = entries[code], current.dossier.version >= version { return }
            if entries.updateValue(Head(dossier: d, hash: nil), forKey: code) == nil {
                order.append(code)
                if order.count > capacity * 2 { compact() }
            }
        }
        return d
    }

    func remove(_ code: String) {
        _ = lock.withLock { entries.removeValue(forKey: code) }
    }

    /// Keeps the newest `capacity` codes (called under the lock).
    private func compact() {
        let keep = order.suffix(capacity)
        for code in order.dropLast(capacity) { entries.removeValue(forKey: code) }
        order = Array(keep)
    }
}
