import Foundation
import MotCuaCore

/// Recently written dossiers with the hash of their last event, so a command need neither
/// read nor decode the stored JSON again. An entry is a guess, never the truth: the writer
/// applies a decision only if the row is still at the version the decision was made on
/// (`UPDATE … WHERE version = ?`), so a stale entry costs one re-decision, nothing more.
final class SnapshotCache: @unchecked Sendable {
    /// A dossier and the hash its next event chains to.
    struct Head: Sendable {
        var dossier: Dossier
        var hash: String
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
