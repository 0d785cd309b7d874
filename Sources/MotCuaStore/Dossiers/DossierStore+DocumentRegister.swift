public import Foundation
import GRDB
public import MotCuaCore

/// One line of a register book: the number given and the case it was given to.
public struct RegisterLine: Sendable {
    /// The number in the book's year.
    public var number: Int
    /// When it was given.
    public var registeredAt: Date
    /// The document's case as it is now.
    public var dossier: Dossier
}

extension DossierStore {
    /// The lines of a register book for one year, in number order, from `after` on
    /// (pages of `limit`).
    public func register(book: String, year: Int, after: Int = 0, limit: Int = 500) async throws -> [RegisterLine] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT r.number, r.registered_at, d.snapshot FROM document_register r JOIN dossiers d ON d.code = r.case_code
                WHERE r.book = ? AND r.year = ? AND r.number > ? ORDER BY r.number LIMIT ?
                """, arguments: [book, year, after, limit]).map { row in
                RegisterLine(number: row["number"], registeredAt: Date(timeIntervalSince1970: row["registered_at"]),
                             dossier: try Self.decode(row["snapshot"]))
            }
        }
    }
}

extension DossierStore {
    /// The outgoing documents drafted as replies to each of the incoming `codes`, in drafting
    /// order (the tracking register's reply column, the incoming document's page).
    public func replies(to codes: [String]) async throws -> [String: [Dossier]] {
        guard !codes.isEmpty else { return [:] }
        let cache = self.cache
        return try await pool.reading { db in
            var found: [String: [Dossier]] = [:]
            for chunk in stride(from: 0, to: codes.count, by: 500).map({ Array(codes[$0..<min($0 + 500, codes.count)]) }) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT r.incoming_code, d.code, d.version, d.snapshot FROM document_replies r JOIN dossiers d ON d.code = r.outgoing_code
                    WHERE r.incoming_code IN (\(chunk.map { _ in "?" }.joined(separator: ","))) ORDER BY d.rowid
                    """, arguments: StatementArguments(chunk))
                for row in rows {
                    let code: String = try row.decode("code")
                    let d = try cache.dossier(code, version: try row.decode("version"), snapshot: { try row.decode("snapshot") })
                    found[try row.decode("incoming_code"), default: []].append(d)
                }
            }
            return found
        }
    }
}
