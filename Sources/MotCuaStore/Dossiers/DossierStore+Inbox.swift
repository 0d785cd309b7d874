public import Foundation
import GRDB
public import MotCuaCore

/// Where an inbox page ended: the step due time and code of its last dossier.
public struct InboxCursor: Sendable, Equatable {
    /// Step due time in seconds since 1970 (`PreparedCommand.noDeadline` when none), exact.
    public var due: Double
    /// Dossier code.
    public var code: String

    /// A cursor.
    public init(due: Double, code: String) {
        self.due = due
        self.code = code
    }

    /// `due_code`, as `nextCursor` carries it.
    public var text: String { "\(due)_\(code)" }

    /// Parses `text`; `nil` for anything a previous page could not have produced.
    public init?(text: String) {
        guard text.utf8.count <= 120, let sep = text.firstIndex(of: "_") else { return nil }
        let digits = text[..<sep]
        let code = String(text[text.index(after: sep)...])
        guard Self.isNumber(digits), let due = Double(digits), due.isFinite,
              (1...64).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        else { return nil }
        self.init(due: due, code: code)
    }
}

extension InboxCursor {
    /// `digits[.digits][e[+]digits]`, as Swift prints a non-negative `Double` (and the
    /// OpenAPI document's pattern says): nothing else reaches `Double(_:)`.
    static func isNumber(_ text: Substring) -> Bool {
        let parts = text.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ s: Substring, _ range: ClosedRange<Int>) -> Bool { range.contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard digits(mantissa[0], 1...16), mantissa.count == 1 || digits(mantissa[1], 1...17) else { return false }
        guard parts.count == 2 else { return true }
        let exponent = parts[1].hasPrefix("+") ? parts[1].dropFirst() : parts[1]
        return digits(exponent, 1...2)
    }
}

extension DossierStore {
    /// The inbox: dossiers in any of `queues` (`WorkQueue.keys`), most urgent step first,
    /// then by code, after `cursor`. Each queue is one range of the `dossiers_queue` index
    /// read in order; the ranges are merged here, so a page costs `queues × (limit + 1)`
    /// rows whatever the table's size (filters aside, which only drop rows).
    public func inbox(queues: [String], filter: Filter, limit: Int, after cursor: InboxCursor?) async throws
        -> (items: [Dossier], next: InboxCursor?) {
        guard !queues.isEmpty, let (conditions, filterArguments) = filter.conditions else { return ([], nil) }
        let sql = Self.inboxSQL(conditions: conditions), opinionSQL = Self.opinionInboxSQL(conditions: conditions)
        let after = cursor.map { ($0.due, $0.code) } ?? (-Double.greatestFiniteMagnitude, "")
        let filterValues = filterArguments.map { $0?.databaseValue ?? .null }
        let rows = try await pool.reading { db in
            var rows: [InboxRow] = []
            for queue in Set(queues).sorted() {
                // An opinion queue is a department's awaited opinions, not a step's owner.
                let opinions = queue.hasPrefix(WorkQueue.opinionPrefix)
                let key = opinions ? String(queue.dropFirst(WorkQueue.opinionPrefix.count)) : queue
                let arguments = [key.databaseValue, after.0.databaseValue, after.0.databaseValue, after.1.databaseValue] + filterValues
                    + [(limit + 1).databaseValue]
                for row in try Row.fetchAll(db.cachedStatement(sql: opinions ? opinionSQL : sql), arguments: StatementArguments(arguments)) {
                    rows.append(InboxRow(due: try row.decode("queue_due"), code: try row.decode("code"), version: try row.decode("version"), snapshot: try row.decode("snapshot")))
                }
            }
            return rows
        }
        return try cache.inboxPage(rows, limit: limit)
    }

    /// How many dossiers wait in `queues`, per state (badges): read from the counts the
    /// database keeps, a handful of rows whatever the table's size.
    public func inboxCounts(queues: [String]) async throws -> [String: Int] {
        guard !queues.isEmpty else { return [:] }
        let keys = Set(queues).sorted()
        return try await pool.reading { db in
            var counts: [String: Int] = [:]
            let sql = "SELECT state, n FROM queue_counts WHERE queue IN (" + keys.map { _ in "?" }.joined(separator: ",") + ") AND n > 0"
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(keys)) {
                counts[try row.decode("state"), default: 0] += try row.decode("n") as Int
            }
            return counts
        }
    }

    /// One queue's page: keyset on (queue_due, code) so that SQLite walks `dossiers_queue` in order.
    static func inboxSQL(conditions: [String]) -> String {
        let extra = conditions.map { " AND " + $0 }.joined()
        return """
            SELECT code, queue_due, version, snapshot FROM dossiers INDEXED BY dossiers_queue
            WHERE queue = ? AND (queue_due > ? OR (queue_due = ? AND code > ?))\(extra)
            ORDER BY queue_due, code LIMIT ?
            """
    }

    /// SQLite's plan for an inbox page (tests: no full scan, no sort).
    func inboxPlan(filter: Filter) async throws -> [String] {
        let sql = Self.inboxSQL(conditions: filter.conditions?.clauses ?? [])
        let count = sql.filter { $0 == "?" }.count
        return try await pool.reading { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                             arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: count))).map { try $0.decode("detail") }
        }
    }

    /// Keys the inbox queue of dossiers written before queues existed (marked '?'), in
    /// batches; returns how many. Run at start-up, when the workflows are loaded.
    public func assignQueues(catalog: WorkflowCatalog, batch: Int = 500) async throws -> Int {
        var total = 0
        while true {
            let done = try await committer.write { db -> Int in
                let rows = try Row.fetchAll(db, sql: "SELECT code, snapshot FROM dossiers WHERE queue = '?' LIMIT ?", arguments: [batch])
                for row in rows {
                    let d = try Self.decode(try row.decode("snapshot"))
                    let w = catalog.workflow(id: d.workflowID, version: d.workflowVersion)
                    try db.execute(sql: "UPDATE dossiers SET queue = ?, queue_due = ? WHERE code = ?",
                                   arguments: [WorkQueue.key(of: d, in: w), PreparedCommand.queueDue(of: d),
                                               d.code])
                }
                return rows.count
            }
            total += done
            if done < batch { return total }
        }
    }
}
