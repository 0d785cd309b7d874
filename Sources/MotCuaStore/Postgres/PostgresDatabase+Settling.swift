import Foundation
import Logging
import PostgresNIO

extension PostgresDatabase {
    /// `transaction` for work whose caller cannot read its outcome back from the rows (a
    /// batch of new dossiers: another submission of the same form looks the same). The
    /// transaction's id is taken first; when the connection is lost during the `COMMIT`, the
    /// server is asked what became of that transaction (`pg_xact_status`, on another
    /// connection): committed gives the work's value, aborted runs the work again (nothing
    /// of it was kept; up to three times), and one still unknown after `patience` is
    /// `PostgresCommitUnknown` as before.
    func settledTransaction<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        var attempt = 1
        while true {
            let record = SettlingRecord<T>()
            do {
                return try await transaction { c in
                    let xid: String = try await c.rows("SELECT pg_current_xact_id()::text AS xid", logger: logger)[0].value("xid")
                    record.began(xid)
                    let value = try await work(c)
                    record.finished(value)
                    return value
                }
            } catch let unknown as PostgresCommitUnknown {
                guard let (xid, value) = record.outcome else { throw unknown }
                let status = try await status(ofTransaction: xid)
                notices.warning("postgres: the connection was lost during a COMMIT; the server says the transaction \(status)")
                switch status {
                case "committed":
                    return value
                case "aborted" where attempt < 3:
                    attempt += 1
                default:
                    throw unknown
                }
            }
        }
    }

    /// `committed`, `aborted` or `in progress` (only once `patience` has run out), or
    /// `unknown` for a transaction the server no longer remembers.
    func status(ofTransaction xid: String) async throws -> String {
        let logger = self.logger
        let deadline = ContinuousClock.now + patience
        while true {
            let status: String? = try await read { c in
                try await c.rows("SELECT pg_xact_status(\(xid)::xid8)::text AS status", logger: logger)[0].optional("status")
            }
            guard let status else { return "unknown" }
            // A backend ended by the server finishes its transaction as it exits.
            if status != "in progress" || ContinuousClock.now >= deadline { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// What one attempt of a settled transaction got to: its transaction id, and the work's
/// value once the work had run (the `COMMIT` was then sent or about to be).
private final class SettlingRecord<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var xid: String?
    private var value: T?

    func began(_ xid: String) { lock.withLock { (self.xid, self.value) = (xid, nil) } }
    func finished(_ value: T) { lock.withLock { self.value = value } }
    var outcome: (String, T)? {
        lock.withLock {
            guard let xid, let value else { return nil }
            return (xid, value)
        }
    }
}
