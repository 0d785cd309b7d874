import GRDB
import Foundation

/// Opens the SQLite database with the durability settings of the product: WAL journal,
/// `synchronous=FULL` (a commit is on disk before it is acknowledged), foreign keys on,
/// and runs the named migrations. The handle is opaque: no GRDB type leaves the store.
public struct StoreDatabase: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it.
    public static func open(path: String) throws -> StoreDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator.migrate(pool)
        return StoreDatabase(pool: pool)
    }
}
