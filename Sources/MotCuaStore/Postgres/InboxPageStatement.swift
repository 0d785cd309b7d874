import PostgresNIO

/// An inbox page that no filter narrows and that has no opinion queue (the common case: the
/// page the web console opens on) as one statement prepared once per connection, for any
/// number of queues: each queue's range of `dossiers_queue` (`LATERAL`, at most `limit` rows
/// each), a dossier in two queues once at its earlier due time, most urgent first. The same
/// rows as the statement `PostgresStore.inbox` builds for other pages, which PostgreSQL
/// plans on every call: for a desk officer's four queues that planning cost more than the
/// reading (pgbench, 8 clients, 100,000 dossiers: 2,400–2,850 pages/s built and sent
/// unprepared, 5,200–5,400/s this statement prepared). The pages of the desk, clerks and the
/// director take this path; a head's or a specialist's (an opinion queue, a procedure scope)
/// is `ScopedInboxPageStatement`. At most 201 rows (a page is at most 200), well under what
/// postgres-nio's row sequence buffers, so `execute` streaming them is safe on a lost
/// connection (docs/postgres.md, "Lost connections").
struct InboxPageStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static let name = "motcua_inbox_page_v1"
    static let sql = """
        SELECT code, queue_due, version, snapshot FROM (
            SELECT DISTINCT ON (code) code, queue_due, version, snapshot
            FROM unnest($1::text[]) AS q(key),
                 LATERAL (SELECT code, queue_due, version, snapshot FROM dossiers d
                          WHERE queue = q.key AND (queue_due, code) > ($2::float8, $3::text)
                          ORDER BY queue_due, code LIMIT $4) AS r
            ORDER BY code, queue_due) AS firsts
        ORDER BY queue_due, code LIMIT $4
        """

    /// The queue keys, none an opinion queue.
    let queues: [String]
    /// The due time and code the page starts after.
    let after: (due: Double, code: String)
    /// At most this many rows (the page and one more, to tell whether another follows).
    let limit: Int

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 4)
        b.append(queues)
        b.append(after.due)
        b.append(after.code)
        b.append(limit)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
