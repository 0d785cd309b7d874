import CSQLiteTuning
import Foundation
import GRDB

/// Opens the SQLite database with the durability settings of the product: WAL journal,
/// `synchronous=FULL` (a commit is on disk before it is acknowledged), foreign keys on,
/// and runs the named migrations. The handle is opaque: no GRDB type leaves the store.
public struct StoreDatabase: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it. The work blocks
    /// (files, and an fsync for each of 18 migrations): it runs on a thread of its own, not
    /// on one of Swift's few cooperative threads, which every other task needs meanwhile
    /// (the test suites open ~150 databases at once).
    public static func open(path: String) async throws -> StoreDatabase {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try openBlocking(path: path) }) }
        }
    }

    private static func openBlocking(path: String) throws -> StoreDatabase {
        _ = tuned
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: config)
        // Set on the writer (the only connection that commits) once the pool is built:
        // GRDB's pool switches its writer to WAL and then to synchronous=NORMAL, after any
        // `prepareDatabase`, and in WAL mode NORMAL syncs only at checkpoints, so a power cut
        // could lose acknowledged commits. Checked, not assumed.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let level = try durability(db).synchronous
            guard level == 2 else {
                throw DatabaseError(message: "could not set synchronous=FULL on \(path) (it is \(level))")
            }
        }
        try Migrations.migrator.migrate(pool)
        return StoreDatabase(pool: pool)
    }

    /// The names of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.reading { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// The journal mode and `synchronous` level of the connection that writes, as SQLite
    /// reports them (for tests and diagnostics: the product promises WAL and FULL).
    public func writerDurability() async throws -> (journalMode: String, synchronous: Int) {
        try await pool.writeWithoutTransaction { db in try Self.durability(db) }
    }

    private static func durability(_ db: Database) throws -> (journalMode: String, synchronous: Int) {
        (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
    }

    /// SQLite's process-wide settings, made once before the first connection opens (in
    /// `motcua bench`, about 6% more transitions/s, median of 4 alternating runs). If SQLite
    /// already started (a test opened a database another way), they are left as they
    /// were: they change speed, never behaviour.
    private static let tuned: Int32 = motcua_sqlite_tune()
}
