import PostgresNIO

/// The inbox page of a department head or a specialist, prepared once per connection as
/// `InboxPageStatement` is for the desk: their step queues and their department's opinion
/// queue, within the procedures their department may read (`ReadPolicy.listScope`), and no
/// other filter. Each queue's range is read from its index (`LATERAL`, at most `limit` rows
/// each: `dossiers_queue` for a step queue, `document_opinions`' key for an opinion queue),
/// a dossier in two queues once at its earlier due time, most urgent first: the rows of the
/// statement `PostgresStore.inbox` builds for any other page, which PostgreSQL plans on
/// every call. At most 201 rows, as `InboxPageStatement`.
struct ScopedInboxPageStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static let name = "motcua_inbox_scoped_page_v1"
    static let sql = """
        SELECT code, queue_due, version, snapshot FROM (
            SELECT DISTINCT ON (code) code, queue_due, version, snapshot FROM (
                SELECT r.* FROM unnest($1::text[]) AS q(key),
                    LATERAL (SELECT code, queue_due, version, snapshot FROM dossiers d
                             WHERE queue = q.key AND (queue_due, code) > ($3::float8, $4::text) AND procedure_code = ANY($6::text[])
                             ORDER BY queue_due, code LIMIT $5) AS r
                UNION ALL
                SELECT r.* FROM unnest($2::text[]) AS a(asked_of),
                    LATERAL (SELECT d.code, o.opinion_due AS queue_due, d.version, d.snapshot
                             FROM document_opinions o JOIN dossiers d ON d.code = o.case_code
                             WHERE o.asked_of = a.asked_of AND (o.opinion_due, o.case_code) > ($3::float8, $4::text)
                                   AND d.procedure_code = ANY($6::text[])
                             ORDER BY o.opinion_due, o.case_code LIMIT $5) AS r
            ) AS ranges
            ORDER BY code, queue_due) AS firsts
        ORDER BY queue_due, code LIMIT $5
        """

    /// The step queues' keys.
    let queues: [String]
    /// The departments whose opinion queues are read (the part after `WorkQueue.opinionPrefix`).
    let opinionsOf: [String]
    /// The due time and code the page starts after.
    let after: (due: Double, code: String)
    /// At most this many rows (the page and one more, to tell whether another follows).
    let limit: Int
    /// The procedures (and document workflows) the reader may list; never empty.
    let procedures: [String]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 6)
        b.append(queues)
        b.append(opinionsOf)
        b.append(after.due)
        b.append(after.code)
        b.append(limit)
        b.append(procedures)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
