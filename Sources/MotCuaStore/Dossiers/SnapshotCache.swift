import Foundation
import MotCuaCore

/// Recently written dossiers with the hash of their last event, so a command need neither
/// read nor decode the stored JSON again. For a command an entry is a guess, never the
/// truth: the writer applies a decision only if the row is still at the version the
/// decision was made on (`UPDATE … WHERE version = ?`), so a stale entry costs one
/// re-decision, nothing more.
///
/// For a read, an entry confirmed within the last second (written by this store, or read
/// from the database) is the answer: every write of this process passes through here
/// before its caller is answered, and entries only move forward in version, so a reader
/// sees every write acknowledged before it asked. While a write is under way (committed but
/// not yet put here) the entry is not an answer (`whileWriting`). A write from another
/// process is seen within that second.
final class SnapshotCache: @unchecked Sendable {
    /// A dossier and the hash its next event chains to (`nil` when it came from a read,
    /// which does not fetch it: the write path then reads the head itself).
    struct Head: Sendable {
        var dossier: Dossier
        var hash: String?
        /// When the entry was last written or matched against the database.
        var confirmed = ContinuousClock.now
    }

    private let lock = NSLock()
    private var entries: [String: Head] = [:]
    private var order: [String] = []
    /// Writes under way, by code (see `whileWriting`).
    private var writing: [String: Int] = [:]
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func get(_ code: String) -> Head? {
        lock.withLock { entries[code] }
    }

    /// The dossier, if its entry was confirmed within `window` and no write to it is under
    /// way in this process.
    func recent(_ code: String, within window: Duration) -> Dossier? {
        let now = ContinuousClock.now
        return lock.withLock {
            guard writing[code] == nil else { return nil }
            return entries[code].flatMap { now - $0.confirmed < window ? $0.dossier : nil }
        }
    }

    /// Runs a write to `code` (its commit and the `put` after it). Until it ends, `recent`
    /// answers nothing for that code: between the commit and the `put` the entry is one
    /// version behind the database, and a reader led there by something the commit made
    /// visible (the outbox row a dispatcher claims, a list) must not get the older copy.
    func whileWriting<T>(_ code: String, _ body: () async throws -> T) async rethrows -> T {
        try await whileWriting([code], body)
    }

    /// `whileWriting` for a write to several dossiers at once.
    func whileWriting<T>(_ codes: [String], _ body: () async throws -> T) async rethrows -> T {
        lock.withLock { for code in codes { writing[code, default: 0] += 1 } }
        defer {
            lock.withLock {
                for code in codes {
                    if let n = writing[code], n > 1 { writing[code] = n - 1 } else { writing[code] = nil }
                }
            }
        }
        return try await body()
    }

    /// Records a dossier as written (never going back to an older version: two commands on
    /// one dossier may finish out of order).
    func put(_ head: Head) {
        lock.withLock { keep(head) }
    }

    /// The dossier at exactly `version`, decoding `snapshot` only when no copy is cached;
    /// a decoded copy is kept for the next reader (never replacing a newer entry). `hash`,
    /// when the read fetched it, is the head hash at that version and completes the entry.
    func dossier(_ code: String, version: Int, hash: String? = nil, snapshot: () throws -> String) throws -> Dossier {
        // In place, not copied out and back: an inbox page hits fifty entries, and the copies
        // of their dossiers were a visible part of its CPU (`perf`).
        let hit: Dossier? = lock.withLock {
            guard let i = entries.index(forKey: code), entries.values[i].dossier.version == version else { return nil }
            entries.values[i].confirmed = .now
            if entries.values[i].hash == nil { entries.values[i].hash = hash }
            return entries.values[i].dossier
        }
        if let hit { return hit }
        let d = try DossierStore.decode(try snapshot())
        lock.withLock { keep(Head(dossier: d, hash: hash)) }
        return d
    }

    func remove(_ code: String) {
        _ = lock.withLock { entries.removeValue(forKey: code) }
    }

    /// Stores `head` unless a newer version is kept already, or the same version with what
    /// `head` lacks, its hash (called under the lock).
    private func keep(_ head: Head) {
        let code = head.dossier.code
        if let current = entries[code], current.dossier.version > head.dossier.version
            || (current.dossier.version == head.dossier.version && head.hash == nil) { return }
        if entries.updateValue(head, forKey: code) == nil {
            order.append(code)
            if order.count > capacity * 2 { compact() }
        }
    }

    /// Keeps the newest `capacity` codes (called under the lock).
    private func compact() {
        let keep = order.suffix(capacity)
        for code in order.dropLast(capacity) { entries.removeValue(forKey: code) }
        order = Array(keep)
    }
}
