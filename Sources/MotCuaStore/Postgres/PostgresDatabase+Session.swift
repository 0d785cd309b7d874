import Foundation
import PostgresNIO

extension PostgresDatabase {
    /// Runs `work` on one leased connection, not bounded in time and not run again once it
    /// has begun (a job's round has effects outside the database). `work` calls `begun` once
    /// its first effect is on its way; a connection lost before that means nothing of it
    /// happened, and it runs again (as `retrying` does, within `patience`). The pool can hand
    /// out a connection the server has just ended, before it has seen the close: after a
    /// backend was terminated, the next job round failed with "cannot be reached" while
    /// the server was up.
    func session<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection, _ begun: @escaping @Sendable () -> Void) async throws -> T)
        async throws -> T {
        let deadline = ContinuousClock.now + patience
        var pause: Duration = .milliseconds(20)
        while true {
            let start = SessionStart()
            do {
                return try await withLeaseDeadline(deadline, workLimit: nil) { c in
                    try await work(c) { start.mark() }
                }
            } catch where !start.marked && Self.mayRunAgain(error) && ContinuousClock.now + pause < deadline {
                // Every connection of the pool may be one the server ended (a restart).
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            } catch let error as PSQLError where Self.isConnectionLoss(error) {
                throw PostgresUnavailable(reason: "the database cannot be reached (\(error.code))")
            } catch let error as ConnectionVanished {
                throw PostgresUnavailable(reason: error.description)
            }
        }
    }
}

/// Whether a session's work has begun (set from the work's task, read by its caller's).
private final class SessionStart: @unchecked Sendable {
    private let lock = NSLock()
    private var began = false
    func mark() { lock.withLock { began = true } }
    var marked: Bool { lock.withLock { began } }
}
