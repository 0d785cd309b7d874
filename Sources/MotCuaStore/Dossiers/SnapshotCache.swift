import Foundation
import MotCuaCore

/// Recently written dossier snapshots, so a command need not decode the stored JSON again.
/// An entry is used only when its version equals the version column read in the same
/// transaction, so a stale entry (a batch that failed to commit) is never trusted.
final class SnapshotCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Dossier] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func get(_ code: String, version: Int) -> Dossier? {
        lock.withLock {
            guard let d = entries[code], d.version == version else { return nil }
            return d
        }
    }

    func put(_ dossier: Dossier) {
        lock.withLock {
            if entries.updateValue(dossier, forKey: dossier.code) == nil {
                order.append(dossier.code)
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
