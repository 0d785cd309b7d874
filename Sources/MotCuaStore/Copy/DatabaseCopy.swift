public import Foundation
import Crypto
import GRDB
import Logging
import PostgresNIO

/// Moves a SQLite installation to PostgreSQL: every table the two schemas share, row for
/// row, from one consistent snapshot of the SQLite file into one PostgreSQL transaction (all
/// or nothing), then checked — row counts, a digest of every event's hash in order, and the
/// PostgreSQL store's own audit of every hash chain.
public struct DatabaseCopy: Sendable {
    /// Tables in the order their foreign keys need. Queue counts are not copied: the
    /// target's trigger counts the dossiers as they are inserted.
    static let tables = ["users", "api_tokens", "sign_in_failures", "web_sessions", "code_counters", "register_counters", "agencies",
                         "dossiers", "events", "outbox", "delivery_attempts", "deadline_marks", "idempotency_keys", "access_log",
                         "document_keys", "document_register", "document_files", "document_opinions", "document_replies", "job_runs"]
    /// Target columns filled from the SQLite rowid (the logging order and cursors).
    static let rowidColumns = ["dossiers": "seq", "outbox": "seq", "access_log": "id"]

    let source: StoreDatabase
    let target: PostgresDatabase

    /// A copy from `source` (opened, migrated) to `target` (opened, migrated, empty).
    public init(from source: StoreDatabase, to target: PostgresDatabase) {
        self.source = source
        self.target = target
    }

    /// What was copied and checked.
    public struct Report: Sendable {
        /// Rows per table, as copied (and counted again in the target).
        public var rows: [(table: String, count: Int)]
        /// Dossiers whose hash chain the target's audit verified.
        public var verifiedChains: Int
    }

    /// Copies and verifies; `progress` is told each table's rows as they go.
    public func run(progress: @escaping @Sendable (String, Int) -> Void) async throws -> Report {
        // A broken chain is not carried over as if it were sound.
        let sourceAudit = try await DossierStore(database: source, agencyCode: "").verifyAudit()
        if let broken = sourceAudit.broken {
            throw DatabaseCopyError(reason: "the SQLite database's hash chain of \(broken.code) does not verify (\(broken.reason)); "
                + "nothing was copied: find out what changed it first (motcua audit verify)")
        }
        let snapshot = try source.pool.makeSnapshot()
        let logger = target.logger
        let rows = try await target.read(retrying: false) { c in
            for table in ["users", "dossiers"] {
                let n: Int = try await c.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM \(table)"), logger: logger)
                    .first?.value("n") ?? 0
                guard n == 0 else {
                    throw DatabaseCopyError(reason: "the target already holds \(n) \(table); db copy fills an empty database "
                        + "(create a new one, or drop this one)")
                }
            }
            try await c.query("BEGIN", logger: logger)
            do {
                var copied: [(table: String, count: Int)] = []
                for table in Self.tables {
                    copied.append((table, try await copy(table, from: snapshot, into: c, progress: progress)))
                }
                for (table, column) in Self.rowidColumns {
                    try await c.query(PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), GREATEST(1, (SELECT MAX(\(column)) FROM \(table))))
                        """), logger: logger)
                }
                try await c.query("COMMIT", logger: logger)
                return copied
            } catch {
                _ = try? await c.query("ROLLBACK", logger: logger)
                throw error
            }
        }
        return Report(rows: rows, verifiedChains: try await verify(rows, snapshot: snapshot))
    }

    /// Counts, the events' digest, and the chains.
    func verify(_ rows: [(table: String, count: Int)], snapshot: DatabaseSnapshot) async throws -> Int {
        let logger = target.logger
        for (table, count) in rows {
            let n: Int = try await target.read { c in
                try await c.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM \(table)"), logger: logger).first?.value("n") ?? 0
            }
            guard n == count else { throw DatabaseCopyError(reason: "\(table): \(count) rows read, \(n) in the target") }
        }
        let expected = try await snapshot.read { db in
            var digest = SHA256()
            let rows = try Row.fetchCursor(db, sql: "SELECT dossier_code, seq, hash FROM events ORDER BY dossier_code, seq")
            while let row = try rows.next() {
                digest.update(data: Data("\(row[0] as String)\t\(row[1] as Int64)\t\(row[2] as String)\n".utf8))
            }
            return Data(digest.finalize())
        }
        let found = try await target.read { c in
            var digest = SHA256()
            for try await (code, seq, hash) in try await c.query(
                "SELECT dossier_code, seq, hash FROM events ORDER BY dossier_code COLLATE \"C\", seq", logger: logger
            ).decode((String, Int64, String).self) {
                digest.update(data: Data("\(code)\t\(seq)\t\(hash)\n".utf8))
            }
            return Data(digest.finalize())
        }
        guard expected == found else { throw DatabaseCopyError(reason: "the events' hashes differ between the two databases") }
        let audit = try await PostgresStore(database: target, agencyCode: "").verifyAudit()
        if let broken = audit.broken {
            throw DatabaseCopyError(reason: "the hash chain of \(broken.code) does not verify in the target: \(broken.reason)")
        }
        return audit.checked
    }
}

/// Why a copy stopped (nothing was written to the target, or the check after it failed).
public struct DatabaseCopyError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, and what to do.
    public var reason: String
    /// The reason.
    public var description: String { reason }
}
