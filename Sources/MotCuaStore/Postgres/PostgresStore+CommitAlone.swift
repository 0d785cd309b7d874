import Foundation
import Logging
import MotCuaCore
import PostgresNIO

/// A command with nothing to decide in the database (no Idempotency-Key to take, no
/// document to number) written as one prepared statement (`PerformStatement`): the
/// version-checked `UPDATE`, its events and its outbox rows, which PostgreSQL runs as one
/// implicit transaction. One round trip per command instead of `BEGIN`, one per row and
/// `COMMIT`, and no planning after a connection's first: the shape of pgbench's own
/// one-statement transactions.
extension PostgresStore {
    /// Writes `p` with its `messages` if the dossier is still at the version it was decided
    /// on; `StaleDecision` (nothing written) when another command got there first.
    static func commitAlone(_ c: PostgresConnection, _ p: PreparedCommand, messages: [OutboxMessage], at now: Date,
                            logger: Logger) async throws {
        var updated = 0
        for try await n in try await c.execute(PerformStatement(command: p, messages: messages, now: now), logger: logger) { updated = n }
        guard updated == 1 else { throw StaleDecision() }
    }
}
