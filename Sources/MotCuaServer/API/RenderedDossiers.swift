import Foundation
import MotCuaCore
import MotCuaStore

/// Dossier views already written as JSON bytes. A view is a pure function of the dossier at
/// one version, its workflow version, the reader's role and department (which decide the
/// available actions) and what the reader may see — nothing depends on the clock — so a
/// view keyed by exactly those is exact, and a new version is a new key. Bounded: when
/// full, it starts again empty (the next reads render afresh).
final class RenderedDossiers: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [UInt8]] = [:]
    private let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func bytes(_ d: Dossier, role: Role, department: String?, access: ReadAccess, render: () -> [UInt8]) -> [UInt8] {
        // `access.rawValue`, not `\(access)`: interpolating an enum goes through reflection.
        let key = "\(d.code)|\(d.version)|\(d.workflowID)@\(d.workflowVersion)|\(role.rawValue)|\(department ?? "")|\(access.rawValue)"
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let bytes = render()
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = bytes
        }
        return bytes
    }
}
