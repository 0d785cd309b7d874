import Foundation
import PostgresNIO

/// Who answers a leased request: the work, once it has a connection, or the deadline,
/// whichever comes first; the other stands down.
final class LeaseRace: @unchecked Sendable {
    private enum State { case waiting, working(PostgresConnection), answered }
    private let lock = NSLock()
    private var state = State.waiting
    private var deadline: (watch: LeaseDeadlines, id: UInt64)?
    /// What the deadline started once it passed, cancelled when the race is decided.
    private var overtime: Task<Void, Never>?

    /// Keeps the deadline registered in `watch` as `id`, forgotten at once if the race is
    /// already decided.
    func setDeadline(_ id: UInt64, in watch: LeaseDeadlines) {
        let decided = lock.withLock {
            deadline = (watch, id)
            if case .answered = state { return true }
            return false
        }
        if decided { watch.cancel(id) }
    }

    /// Keeps the task the deadline started, cancelled at once if the race is already decided.
    func setOvertime(_ task: Task<Void, Never>) {
        lock.withLock {
            overtime = task
            if case .answered = state { task.cancel() }
        }
    }

    /// Whether the lease is still awaited.
    var isWaiting: Bool {
        lock.withLock {
            if case .waiting = state { return true }
            return false
        }
    }

    /// The lease came in time: the work runs on `connection`.
    func begin(_ connection: PostgresConnection) -> Bool {
        lock.withLock {
            guard case .waiting = state else { return false }
            state = .working(connection)
            return true
        }
    }

    /// The work (or the lease) ended: `true` if its outcome is the answer.
    func end() -> Bool {
        let (won, registered) = lock.withLock { () -> (Bool, (watch: LeaseDeadlines, id: UInt64)?) in
            if case .answered = state { return (false, nil) }
            state = .answered
            overtime?.cancel()
            return (true, deadline)
        }
        if let registered { registered.watch.cancel(registered.id) }
        return won
    }

    /// The deadline answers instead, if the race is still waiting (or, with `working`, still
    /// working): returns `.some` (the working connection, if any) when it does.
    func giveUp(working: Bool) -> PostgresConnection?? {
        lock.withLock {
            switch state {
            case .waiting where !working:
                state = .answered
                return .some(nil)
            case let .working(connection) where working:
                state = .answered
                return .some(connection)
            default:
                return nil
            }
        }
    }
}

