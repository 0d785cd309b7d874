import Foundation
import PostgresNIO

/// The connections in use, by identity: one close watch per connection for its whole life
/// (a watch per lease would pile up on a connection that serves millions), telling whoever
/// holds it when it closes, and whether that holder was committing.
final class LeasedConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var watched = Set<ObjectIdentifier>()
    private var holders: [ObjectIdentifier: @Sendable (Bool) -> Void] = [:]
    private var inCommit = Set<ObjectIdentifier>()

    /// `onClose` is called (with whether the work was committing) if `connection` closes
    /// before `unwatch`.
    func watch(_ connection: PostgresConnection, onClose: @escaping @Sendable (Bool) -> Void) {
        let id = ObjectIdentifier(connection)
        let first = lock.withLock {
            holders[id] = onClose
            return watched.insert(id).inserted
        }
        guard first else { return }
        connection.closeFuture.whenComplete { _ in
            let (holder, committing) = self.lock.withLock {
                self.watched.remove(id)
                return (self.holders.removeValue(forKey: id), self.inCommit.remove(id) != nil)
            }
            holder?(committing)
        }
    }

    /// The work on `connection` ended.
    func unwatch(_ connection: PostgresConnection) {
        let id = ObjectIdentifier(connection)
        lock.withLock { holders[id] = nil }
    }

    /// Marks the work on `connection` as committing, or no longer.
    func committing(_ connection: PostgresConnection, _ on: Bool) {
        let id = ObjectIdentifier(connection)
        lock.withLock {
            if on { inCommit.insert(id) } else { inCommit.remove(id) }
        }
    }
}
