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
        try await pool.read { db in
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
