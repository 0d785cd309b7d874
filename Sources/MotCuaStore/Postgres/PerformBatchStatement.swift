import Foundation
import MotCuaCore
import PostgresNIO

/// Several commands' writes as one prepared statement (`PostgresActions`): each command's
/// version-checked `UPDATE`, events and outbox rows, fed by arrays and tied together by the
/// command's place in the batch (`n`). Only the commands whose `UPDATE` found the dossier at
/// the version they were decided on write their events and messages; the statement returns
/// their places, and the others are decided again.
///
/// Arrays cannot carry NULL through postgres-nio's encoders, so a missing text is sent as
/// '' and a missing number as NaN, and turned back into NULL by `NULLIF` (PostgreSQL
/// compares NaN equal to NaN). No real value is either: codes and queue keys are never
/// empty (nor are department codes), times are never NaN.
struct PerformBatchStatement: PostgresPreparedStatement {
    typealias Row = Int

    static let name = "motcua_perform_batch_v1"
    static let sql = """
        WITH i AS (
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[],
                                 $9::float8[], $10::float8[], $11::bigint[], $12::float8[], $13::text[], $14::float8[], $15::text[],
                                 $16::float8[])
                AS t(n, code, base, version, snapshot, state, department, assignee_id, due_at, step_due_at, step_seq, finished_at,
                     clock, received_at, queue, queue_due)),
        u AS (
            UPDATE dossiers d SET version = i.version, snapshot = i.snapshot, state = i.state, department = NULLIF(i.department, ''),
                assignee_id = NULLIF(i.assignee_id, ''), due_at = NULLIF(i.due_at, 'NaN'), step_due_at = NULLIF(i.step_due_at, 'NaN'),
                step_seq = i.step_seq, finished_at = NULLIF(i.finished_at, 'NaN'), clock = i.clock,
                received_at = NULLIF(i.received_at, 'NaN'), queue = NULLIF(i.queue, ''), queue_due = i.queue_due
            FROM i WHERE d.code = i.code AND d.version = i.base RETURNING i.n),
        e AS (
            INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
            SELECT v.code, v.seq, v.kind, v.action, v.at, v.payload, v.prev_hash, v.hash
            FROM unnest($17::bigint[], $18::text[], $19::bigint[], $20::text[], $21::text[], $22::float8[], $23::text[], $24::text[],
                        $25::text[]) AS v(n, code, seq, kind, action, at, payload, prev_hash, hash)
            WHERE v.n IN (SELECT n FROM u)),
        o AS (
            INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
            SELECT m.id, m.code, m.event_seq, m.channel, m.target, m.payload, m.at, m.at
            FROM unnest($26::bigint[], $27::text[], $28::text[], $29::bigint[], $30::text[], $31::text[], $32::text[], $33::float8[])
                AS m(n, id, code, event_seq, channel, target, payload, at)
            WHERE m.n IN (SELECT n FROM u))
        SELECT n FROM u
        """

    /// One command of the batch.
    struct Item: Sendable {
        let command: PreparedCommand
        let messages: [OutboxMessage]
        let now: Date
    }

    let items: [Item]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 33)
        let places = Array(items.indices)
        let ds = items.map(\.command.dossier)
        func time(_ date: Date?) -> Double { date?.timeIntervalSince1970 ?? .nan }
        b.append(places)
        b.append(ds.map(\.code))
        b.append(items.map(\.command.baseVersion))
        b.append(ds.map(\.version))
        b.append(items.map(\.command.snapshot))
        b.append(ds.map(\.state))
        b.append(ds.map { $0.department ?? "" })
        b.append(ds.map { $0.assignee?.id ?? "" })
        b.append(ds.map { time($0.dueAt) })
        b.append(ds.map { time($0.stepDueAt) })
        b.append(ds.map(\.stepSeq))
        b.append(ds.map { time($0.finishedAt) })
        b.append(ds.map(\.clock.rawValue))
        b.append(ds.map { time($0.receivedAt) })
        b.append(items.map { $0.command.queue ?? "" })
        b.append(items.map(\.command.queueDue))
        let events = places.flatMap { n in items[n].command.rows.map { (n, items[n].command.dossier.code, $0) } }
        b.append(events.map(\.0))
        b.append(events.map(\.1))
        b.append(events.map(\.2.event.seq))
        b.append(events.map(\.2.event.kind.rawValue))
        b.append(events.map(\.2.event.action))
        b.append(events.map { $0.2.event.at.timeIntervalSince1970 })
        b.append(events.map(\.2.payload))
        b.append(events.map(\.2.previous))
        b.append(events.map(\.2.hash))
        let messages = places.flatMap { n in items[n].messages.map { (n, items[n], $0) } }
        b.append(messages.map(\.0))
        b.append(messages.map(\.2.id))
        b.append(messages.map(\.1.command.dossier.code))
        b.append(messages.map { $0.1.command.rows.last?.event.seq ?? 0 })
        b.append(messages.map(\.2.channel.rawValue))
        b.append(messages.map(\.2.target))
        b.append(messages.map(\.2.payload))
        b.append(messages.map { $0.1.now.timeIntervalSince1970 })
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
