public import Foundation
import GRDB
public import MotCuaCore

/// Register numbers of official documents (số đến, số văn bản đi): one series per register
/// book and year, from 1 on 1 January, consecutive and unique. The counter row is bumped
/// inside the writing transaction, as the dossier codes are, so two clerks never get the
/// same number and a rolled-back registration leaves no gap.
extension DossierStore {
    /// The next number of `book` in the local year of `now`, inside `db`'s transaction.
    static func nextRegisterNumber(_ db: Database, book: String, at now: Date, calendar: WorkingCalendar) throws -> Int {
        let year = calendar.local(now).date.year
        return try HotStatement(db, sql: """
            INSERT INTO register_counters (book, year, value) VALUES (?, ?, 1)
            ON CONFLICT (book, year) DO UPDATE SET value = value + 1
            RETURNING value
            """).fetchInt([.text(book), .int(year)]) ?? 1
    }

    /// Allocates the next number of `book` in a transaction of its own (registration commands
    /// allocate inside theirs, with the document's events).
    public func allocateRegisterNumber(book: String, at now: Date, calendar: WorkingCalendar) async throws -> Int {
        try await committer.write { db in try Self.nextRegisterNumber(db, book: book, at: now, calendar: calendar) }
    }

    /// The last number given in `book` for `year` (0 when none yet).
    public func lastRegisterNumber(book: String, year: Int) async throws -> Int {
        try await pool.reading { db in
            try Int.fetchOne(db, sql: "SELECT value FROM register_counters WHERE book = ? AND year = ?", arguments: [book, year]) ?? 0
        }
    }
}
