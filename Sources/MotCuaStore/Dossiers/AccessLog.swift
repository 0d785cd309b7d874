public import Foundation
import GRDB
public import MotCuaCore

/// One read of a dossier's personal data: who, when, which dossier, through which view.
public struct AccessEntry: Sendable, Hashable {
    /// The dossier read.
    public var dossierCode: String
    /// The reader.
    public var reader: Actor
    /// The view: `dossier`, `list`, `inbox`, `events`, `deliveries`, `action`.
    public var view: String
    /// When.
    public var at: Date

    /// An entry.
    public init(dossierCode: String, reader: Actor, view: String, at: Date) {
        self.dossierCode = dossierCode
        self.reader = reader
        self.view = view
        self.at = at
    }
}

extension DossierStore {
    /// Appends reads to the access log (append-only: the database refuses UPDATE and
    /// DELETE). Batched: the caller is not held for a commit (see `AccessLogBuffer`).
    public func recordAccess(_ entries: [AccessEntry]) async throws {
        guard !entries.isEmpty else { return }
        await accessBuffer.add(entries)
    }

    /// Writes every read still waiting in the buffer (at shutdown; before the log is read).
    public func flushAccessLog() async throws {
        try await accessBuffer.flush()
    }

    /// Writes reads in one group-committed transaction.
    static func writeAccess(_ entries: [AccessEntry], committer: GroupCommitter) async throws {
        try await committer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO access_log (dossier_code, user_id, user_name, role, view, at) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for e in entries {
                try statement.execute(arguments: [e.dossierCode, e.reader.id, e.reader.name, e.reader.role.rawValue, e.view,
                                                  e.at.timeIntervalSince1970])
            }
        }
    }

    /// The reads of one dossier, oldest first, at most `limit`.
    public func accessLog(dossier code: String, limit: Int = 1000) async throws -> [AccessEntry] {
        try await flushAccessLog()
        return try await pool.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT user_id, user_name, role, department, view, at FROM access_log
                LEFT JOIN (SELECT id AS uid, department FROM users) u ON u.uid = access_log.user_id
                WHERE dossier_code = ? ORDER BY access_log.id LIMIT ?
                """, arguments: [code, limit]).map { row in
                let roleText: String = try row.decode("role")
                guard let role = Role(rawValue: roleText) else { throw StoredRowError(column: "role", found: roleText) }
                return AccessEntry(dossierCode: code,
                                   reader: Actor(id: try row.decode("user_id"), name: try row.decode("user_name"),
                                                 role: role, department: try row.decodeIfPresent("department")),
                                   view: try row.decode("view"), at: Date(timeIntervalSince1970: try row.decode("at")))
            }
        }
    }

    /// How many reads are logged in all (tests and metrics).
    public func accessLogCount() async throws -> Int {
        try await flushAccessLog()
        return try await pool.reading { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM access_log") ?? 0 }
    }
}

extension Row {
    /// A column's value, or a decoding error naming the column (never a trap on a NULL or
    /// a value of another type in a stored row).
    func decode<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = T.fromDatabaseValue(self[column] as DatabaseValue) else {
            throw StoredRowError(column: column, found: String(describing: (self[column] as DatabaseValue).storage))
        }
        return value
    }

    /// A nullable column's value: `nil` for NULL, a decoding error for a value of another type.
    func decodeIfPresent<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T? {
        let raw = self[column] as DatabaseValue
        if raw.isNull { return nil }
        return try decode(column, as: T.self)
    }
}

/// A stored row whose column does not hold what the code expects (a damaged database).
public struct StoredRowError: Error, CustomStringConvertible, Sendable {
    /// The column.
    public var column: String
    /// What it holds.
    public var found: String
    public var description: String { "stored row: column '\(column)' holds \(found.prefix(60))" }
}

extension DossierStore {
    /// Tries to delete from the access log as the application would (tests: the database
    /// must refuse it).
    public func tamperAccessLogForTests() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM access_log") }
    }
}
