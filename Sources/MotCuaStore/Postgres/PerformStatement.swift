import Foundation
import MotCuaCore
import PostgresNIO

/// A command's whole write as one prepared statement (`PostgresStore.commitAlone`): the
/// version-checked `UPDATE` of every column a command may change, its events and its outbox
/// rows as data-modifying CTEs fed by arrays. One text for every command, so each pooled
/// connection parses and plans it once; a statement built per command spent as long being
/// planned as being run.
struct PerformStatement: PostgresPreparedStatement {
    typealias Row = Int

    static let name = "motcua_perform_v1"
    static let sql = """
        WITH u AS (
            UPDATE dossiers SET version = $1, snapshot = $2, state = $3, department = $4, assignee_id = $5, due_at = $6,
                step_due_at = $7, step_seq = $8, finished_at = $9, clock = $10, received_at = $11, queue = $12, queue_due = $13
            WHERE code = $14 AND version = $15 RETURNING version),
        e AS (
            INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
            SELECT $14, v.* FROM unnest($16::bigint[], $17::text[], $18::text[], $19::float8[], $20::text[], $21::text[], $22::text[]) AS v
            WHERE EXISTS (SELECT 1 FROM u)),
        o AS (
            INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
            SELECT m.id, $14, $23, m.channel, m.target, m.payload, $24, $24
            FROM unnest($25::text[], $26::text[], $27::text[], $28::text[]) AS m(id, channel, target, payload)
            WHERE EXISTS (SELECT 1 FROM u))
        SELECT count(*)::bigint FROM u
        """

    let command: PreparedCommand
    let messages: [OutboxMessage]
    let now: Date

    func makeBindings() throws -> PostgresBindings {
        let d = command.dossier
        var b = PostgresBindings(capacity: 28)
        func optional<T: PostgresNonThrowingEncodable>(_ value: T?) {
            if let value { b.append(value) } else { b.appendNull() }
        }
        b.append(d.version)
        b.append(command.snapshot)
        b.append(d.state)
        b.append(d.department)
        optional(d.assignee?.id)
        optional(d.dueAt?.timeIntervalSince1970)
        optional(d.stepDueAt?.timeIntervalSince1970)
        b.append(d.stepSeq)
        optional(d.finishedAt?.timeIntervalSince1970)
        b.append(d.clock.rawValue)
        optional(d.receivedAt?.timeIntervalSince1970)
        optional(command.queue)
        b.append(command.queueDue)
        b.append(d.code)
        b.append(command.baseVersion)
        let rows = command.rows
        b.append(rows.map(\.event.seq))
        b.append(rows.map(\.event.kind.rawValue))
        b.append(rows.map(\.event.action))
        b.append(rows.map { $0.event.at.timeIntervalSince1970 })
        b.append(rows.map(\.payload))
        b.append(rows.map(\.previous))
        b.append(rows.map(\.hash))
        b.append(rows.last?.event.seq ?? 0)
        b.append(now.timeIntervalSince1970)
        b.append(messages.map(\.id))
        b.append(messages.map(\.channel.rawValue))
        b.append(messages.map(\.target))
        b.append(messages.map(\.payload))
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
