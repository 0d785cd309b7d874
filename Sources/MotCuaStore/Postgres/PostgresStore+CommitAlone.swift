import Foundation
import Logging
import MotCuaCore
import PostgresNIO

/// A command with nothing to decide in the database (no Idempotency-Key to take, no
/// document to number) written as one statement: the version-checked `UPDATE`, its events
/// and its outbox rows as data-modifying CTEs of one `WITH`, which PostgreSQL runs as one
/// implicit transaction. One round trip per command instead of `BEGIN`, one per row and
/// `COMMIT`: the shape of pgbench's own one-statement transactions.
extension PostgresStore {
    /// Writes `p` with its `messages` if the dossier is still at the version it was decided
    /// on; `StaleDecision` (nothing written) when another command got there first.
    static func commitAlone(_ c: PostgresConnection, _ p: PreparedCommand, messages: [OutboxMessage], at now: Date,
                            logger: Logger) async throws {
        var s = PostgresStatement("WITH u AS (")
        s.append(sqlite: p.update.sql, p.update.arguments)
        s.append(" RETURNING version)")
        if !p.rows.isEmpty {
            s.append(", e AS (INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash) SELECT v.* FROM (VALUES ")
            for (i, row) in p.rows.enumerated() {
                let e = row.event
                s.append(i == 0 ? "(" : ", (")
                s.append(bind: p.dossier.code)
                s.append("::text, ")
                s.append(bind: e.seq)
                s.append("::bigint, ")
                s.append(bind: e.kind.rawValue)
                s.append("::text, ")
                s.append(bind: e.action)
                s.append("::text, ")
                s.append(bind: e.at.timeIntervalSince1970)
                s.append("::float8, ")
                s.append(bind: row.payload)
                s.append("::text, ")
                s.append(bind: row.previous)
                s.append("::text, ")
                s.append(bind: row.hash)
                s.append("::text)")
            }
            s.append(") AS v WHERE EXISTS (SELECT 1 FROM u))")
        }
        if !messages.isEmpty {
            let (time, seq) = (now.timeIntervalSince1970, p.rows.last?.event.seq ?? 0)
            s.append(", o AS (INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at) SELECT v.* FROM (VALUES ")
            for (i, m) in messages.enumerated() {
                s.append(i == 0 ? "(" : ", (")
                s.append(bind: m.id)
                s.append("::text, ")
                s.append(bind: p.dossier.code)
                s.append("::text, ")
                s.append(bind: seq)
                s.append("::bigint, ")
                s.append(bind: m.channel.rawValue)
                s.append("::text, ")
                s.append(bind: m.target)
                s.append("::text, ")
                s.append(bind: m.payload)
                s.append("::text, ")
                s.append(bind: time)
                s.append("::float8, ")
                s.append(bind: time)
                s.append("::float8)")
            }
            s.append(") AS v WHERE EXISTS (SELECT 1 FROM u))")
        }
        s.append(" SELECT count(*)::bigint AS n FROM u")
        guard try await c.rows(s.query, logger: logger).first?.value("n", as: Int.self) == 1 else { throw StaleDecision() }
    }
}
