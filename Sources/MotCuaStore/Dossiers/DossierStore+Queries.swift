public import Foundation
import GRDB
public import MotCuaCore

extension DossierStore {
    /// Filters of the dossier list and the inbox.
    public struct Filter: Sendable {
        public var state: String?
        public var department: String?
        public var procedure: String?
        /// Only dossiers past their appointment and not finished, as of this instant.
        public var overdueAt: Date?
        /// What the reader may list at all (`ReadPolicy.listScope`); every dossier when `nil`.
        public var scope: ReadPolicy.ListScope?
        /// A dossier code (exact) or part of the applicant's name (SQLite's LIKE: ASCII letters
        /// in any case, others as typed).
        public var search: String?

        /// A filter.
        public init(state: String? = nil, department: String? = nil, procedure: String? = nil, overdueAt: Date? = nil) {
            self.state = state
            self.department = department
            self.procedure = procedure
            self.overdueAt = overdueAt
        }

        /// The SQL conditions, or `nil` when the scope admits nothing.
        var conditions: (clauses: [String], arguments: [(any DatabaseValueConvertible)?])? {
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let s = state { clauses.append("state = ?"); arguments.append(s) }
            if let d = department { clauses.append("department = ?"); arguments.append(d) }
            if let p = procedure { clauses.append("procedure_code = ?"); arguments.append(p) }
            if let q = search {
                let pattern = "%" + q.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                clauses.append("(code = ? OR json_extract(snapshot, '$.applicant.name') LIKE ? ESCAPE '\\')")
                arguments.append(q)
                arguments.append(pattern)
            }
            if let at = overdueAt {
                clauses.append("finished_at IS NULL AND due_at IS NOT NULL AND due_at < ?")
                arguments.append(at.timeIntervalSince1970)
            }
            switch scope {
            case nil, .all?: break
            case .nothing?: return nil
            case .onlineOnly?: clauses.append("channel = 'online'")
            case let .procedures(codes)?:
                if codes.isEmpty { return nil }
                clauses.append("procedure_code IN (" + codes.map { _ in "?" }.joined(separator: ",") + ")")
                arguments += codes.sorted().map { $0 as (any DatabaseValueConvertible)? }
            }
            return (clauses, arguments)
        }
    }

    /// One page of dossiers in logging order, after `cursor`.
    public func list(_ filter: Filter, limit: Int, after cursor: Int64?) async throws -> (items: [Dossier], next: Int64?) {
        guard let (conditions, filterArguments) = filter.conditions else { return ([], nil) }
        let clauses = ["rowid > ?"] + conditions
        let arguments = ([cursor ?? 0] + filterArguments + [limit + 1]).map { $0?.databaseValue ?? .null }
        let sql = "SELECT rowid, code, version, snapshot FROM dossiers WHERE \(clauses.joined(separator: " AND ")) ORDER BY rowid LIMIT ?"
        let rows = try await pool.reading { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        }
        let page = rows.prefix(limit)
        let items = try page.map { row in
            try cache.dossier(try row.decode("code"), version: try row.decode("version"), snapshot: { try row.decode("snapshot") })
        }
        let next: Int64? = rows.count > limit ? try page.last?.decode("rowid") : nil
        return (items, next)
    }

    /// Checks every dossier's hash chain; returns the first broken dossier with the reason.
    public func verifyAudit() async throws -> (checked: Int, broken: (code: String, reason: String)?) {
        try await pool.reading { db in
            let codes = try String.fetchAll(db, sql: "SELECT code FROM dossiers ORDER BY rowid")
            for code in codes {
                let version = try Int.fetchOne(db, sql: "SELECT version FROM dossiers WHERE code = ?", arguments: [code]) ?? 0
                let rows = try Row.fetchAll(db, sql: "SELECT seq, payload, prev_hash, hash FROM events WHERE dossier_code = ? ORDER BY seq",
                                            arguments: [code])
                if let reason = EventChain.fault(code: code, version: version, rows: try rows.map {
                    (try $0.decode("seq"), try $0.decode("payload"), try $0.decode("prev_hash"), try $0.decode("hash"))
                }) { return (codes.count, (code, reason)) }
            }
            return (codes.count, nil)
        }
    }
}
