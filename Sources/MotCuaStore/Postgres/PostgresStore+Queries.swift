public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

extension DossierStore.Filter {
    /// Appends ` AND …` for each condition, values bound; `false` when the scope admits nothing.
    func appendConditions(to s: inout PostgresStatement) -> Bool {
        if let v = state { s.append(" AND state = "); s.append(bind: v) }
        if let v = department { s.append(" AND department = "); s.append(bind: v) }
        if let v = procedure { s.append(" AND procedure_code = "); s.append(bind: v) }
        if let q = search {
            let pattern = "%" + q.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            s.append(" AND (code = "); s.append(bind: q)
            s.append(" OR (snapshot::jsonb #>> '{applicant,name}') ILIKE "); s.append(bind: pattern); s.append(")")
        }
        if let at = overdueAt {
            s.append(" AND finished_at IS NULL AND due_at IS NOT NULL AND due_at < "); s.append(bind: at.timeIntervalSince1970)
        }
        switch scope {
        case nil, .all?: break
        case .nothing?: return false
        case .onlineOnly?: s.append(" AND channel = 'online'")
        case let .procedures(codes)?:
            if codes.isEmpty { return false }
            s.append(" AND procedure_code = ANY("); s.append(bind: codes.sorted()); s.append(")")
        }
        return true
    }

    /// Whether the filter lets every dossier of a queue through (no condition, no scope).
    var narrowsNothing: Bool {
        guard state == nil, department == nil, procedure == nil, search == nil, overdueAt == nil else { return false }
        switch scope {
        case nil, .all?: return true
        default: return false
        }
    }
}

extension InboxRow {
    /// A row of an inbox statement.
    init(_ row: PostgresRandomAccessRow) throws {
        self.init(due: try row.value("queue_due"), code: try row.value("code"), version: try row.value("version"),
                  snapshot: try row.value("snapshot"))
    }
}

extension PostgresStore {
    /// One page of dossiers in logging order (the `seq` column), after `cursor`.
    public func list(_ filter: DossierStore.Filter, limit: Int, after cursor: Int64?) async throws -> (items: [Dossier], next: Int64?) {
        var s = PostgresStatement("SELECT seq, code, version, snapshot FROM dossiers WHERE seq > ")
        s.append(bind: Int(cursor ?? 0))
        guard filter.appendConditions(to: &s) else { return ([], nil) }
        s.append(" ORDER BY seq LIMIT "); s.append(bind: limit + 1)
        let (query, logger, cache) = (s.query, self.logger, self.cache)
        let rows = try await database.read { c in try await c.rows(query, logger: logger) }
        let page = rows.prefix(limit)
        let items = try page.map { row in
            try cache.dossier(try row.value("code"), version: try row.value("version"), snapshot: { try row.value("snapshot") })
        }
        let next: Int64? = rows.count > limit ? try page.last.map { Int64(try $0.value("seq", as: Int.self)) } : nil
        return (items, next)
    }

    /// The inbox: every queue's range of `dossiers_queue` in order (an opinion queue reads
    /// `document_opinions`), merged by the database in one statement, most urgent step first,
    /// then by code. Each range stops at `limit + 1` rows; a dossier found in two queues
    /// counts once, at its earlier due time (`DISTINCT ON`), as `inboxPage` would keep it; and
    /// only the page's rows cross the wire. One statement per queue cost a round trip each
    /// and sent up to four times the page's snapshots. The pages users open most are
    /// prepared statements instead (the same rows): one no filter narrows, without an
    /// opinion queue (`InboxPageStatement`: the desk, clerks, the director), and one only a
    /// procedure scope narrows (`ScopedInboxPageStatement`: heads and specialists).
    public func inbox(queues: [String], filter: DossierStore.Filter, limit: Int, after cursor: InboxCursor?) async throws
        -> (items: [Dossier], next: InboxCursor?) {
        try await inbox(queues: queues, filter: filter, limit: limit, after: cursor, prepared: true)
    }

    /// `inbox`, with `prepared` false building every page's statement (tests compare the two).
    func inbox(queues: [String], filter: DossierStore.Filter, limit: Int, after cursor: InboxCursor?, prepared: Bool) async throws
        -> (items: [Dossier], next: InboxCursor?) {
        guard !queues.isEmpty else { return ([], nil) }
        let after = cursor.map { ($0.due, $0.code) } ?? (-Double.greatestFiniteMagnitude, "")
        let keys = Set(queues).sorted()
        let (logger, cache) = (self.logger, self.cache)
        if prepared, let rows = try await preparedInbox(keys: keys, filter: filter, after: after, rows: limit + 1) {
            return try cache.inboxPage(rows, limit: limit)
        }
        let merged = keys.count > 1
        var s = PostgresStatement(merged ? "SELECT code, queue_due, version, snapshot FROM (SELECT DISTINCT ON (code) * FROM (" : "")
        for (i, queue) in keys.enumerated() {
            let opinions = queue.hasPrefix(WorkQueue.opinionPrefix)
            let key = opinions ? String(queue.dropFirst(WorkQueue.opinionPrefix.count)) : queue
            s.append(i == 0 ? "(" : " UNION ALL (")
            s.append(opinions
                ? "SELECT d.code, o.opinion_due AS queue_due, d.version, d.snapshot FROM document_opinions o JOIN dossiers d ON d.code = o.case_code WHERE o.asked_of = "
                : "SELECT code, queue_due, version, snapshot FROM dossiers d WHERE queue = ")
            s.append(bind: key)
            let due = opinions ? "o.opinion_due" : "queue_due", code = opinions ? "o.case_code" : "code"
            s.append(" AND (\(due), \(code)) > ("); s.append(bind: after.0); s.append(", "); s.append(bind: after.1); s.append(")")
            guard filter.appendConditions(to: &s) else { return ([], nil) }
            s.append(" ORDER BY \(due), \(code) LIMIT "); s.append(bind: limit + 1); s.append(")")
        }
        if merged {
            s.append(") AS ranges ORDER BY code, queue_due) AS firsts ORDER BY queue_due, code LIMIT "); s.append(bind: limit + 1)
        }
        let query = s.query
        let rows = try await database.read { c in try await c.rows(query, logger: logger).map(InboxRow.init) }
        return try cache.inboxPage(rows, limit: limit)
    }

    /// How many dossiers wait in `queues`, per state, from the counts the database keeps.
    public func inboxCounts(queues: [String]) async throws -> [String: Int] {
        guard !queues.isEmpty else { return [:] }
        let (keys, logger) = (Set(queues).sorted(), self.logger)
        return try await database.read { c in
            var counts: [String: Int] = [:]
            for row in try await c.rows("""
                SELECT state, SUM(n)::bigint AS n FROM queue_count_deltas WHERE queue = ANY(\(keys))
                GROUP BY state HAVING SUM(n) > 0
                """, logger: logger) {
                counts[try row.value("state"), default: 0] += try row.value("n") as Int
            }
            return counts
        }
    }

    /// Keys the queue of rows written before queues existed ('?'); none on a database
    /// created with queues, kept for the port and for copied databases.
    public func assignQueues(catalog: WorkflowCatalog, batch: Int = 500) async throws -> Int {
        let logger = self.logger
        var total = 0
        while true {
            let done = try await database.transaction { c -> Int in
                let rows = try await c.rows("SELECT code, snapshot FROM dossiers WHERE queue = '?' LIMIT \(batch) FOR UPDATE SKIP LOCKED",
                                            logger: logger)
                for row in rows {
                    let d = try DossierStore.decode(try row.value("snapshot"))
                    let w = catalog.workflow(id: d.workflowID, version: d.workflowVersion)
                    try await c.query("""
                        UPDATE dossiers SET queue = \(WorkQueue.key(of: d, in: w)), queue_due = \(PreparedCommand.queueDue(of: d))
                        WHERE code = \(d.code)
                        """, logger: logger)
                }
                return rows.count
            }
            total += done
            if done < batch { return total }
        }
    }

    /// Checks every dossier's hash chain; returns the first broken dossier with the reason.
    public func verifyAudit() async throws -> (checked: Int, broken: (code: String, reason: String)?) {
        let logger = self.logger
        return try await database.read { c in
            let codes = try await c.rows("SELECT code FROM dossiers ORDER BY seq", logger: logger).map { try $0.value("code", as: String.self) }
            for code in codes {
                let version: Int = try await c.rows("SELECT version FROM dossiers WHERE code = \(code)", logger: logger).first?.value("version") ?? 0
                let rows = try await c.rows("SELECT seq, payload, prev_hash, hash FROM events WHERE dossier_code = \(code) ORDER BY seq",
                                            logger: logger)
                if let reason = try EventChain.fault(code: code, version: version, rows: rows.map {
                    (try $0.value("seq"), try $0.value("payload"), try $0.value("prev_hash"), try $0.value("hash"))
                }) { return (codes.count, (code, reason)) }
            }
            return (codes.count, nil)
        }
    }
}

extension PostgresStore {
    /// The page's rows from the prepared statement that covers it, or nil when none does
    /// (a filter beyond the procedure scope, an opinion queue without a scope).
    func preparedInbox(keys: [String], filter: DossierStore.Filter, after: (Double, String), rows: Int) async throws -> [InboxRow]? {
        let opinions = keys.filter { $0.hasPrefix(WorkQueue.opinionPrefix) }
        let steps = keys.filter { !$0.hasPrefix(WorkQueue.opinionPrefix) }
        // What the filter asks beyond the reader's scope: the scoped statement takes nothing more.
        var beyondScope = filter
        beyondScope.scope = nil
        let logger = self.logger
        func read<S: PostgresPreparedStatement>(_ statement: S) async throws -> [InboxRow] where S.Row == PostgresRow {
            try await database.read { c in
                var rows: [InboxRow] = []
                for try await row in try await c.execute(statement, logger: logger) { rows.append(try InboxRow(row.makeRandomAccess())) }
                return rows
            }
        }
        switch filter.scope {
        case nil, .all?:
            guard filter.narrowsNothing, opinions.isEmpty else { return nil }
            return try await read(InboxPageStatement(queues: steps, after: after, limit: rows))
        case let .procedures(codes)? where !codes.isEmpty && beyondScope.narrowsNothing:
            let departments = opinions.map { String($0.dropFirst(WorkQueue.opinionPrefix.count)) }
            return try await read(ScopedInboxPageStatement(queues: steps, opinionsOf: departments, after: after, limit: rows,
                                                           procedures: codes.sorted()))
        default:
            return nil
        }
    }
}
