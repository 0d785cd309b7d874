import Foundation
import GRDB
import MotCuaCore
@testable import MotCuaStore

/// A store implementation under test. The contract suites run against each: SQLite always,
/// PostgreSQL when `scripts/with-postgres.sh` started a cluster (`make test` does), and
/// under `CI=true` always — there a missing cluster fails the suite instead of skipping it.
struct StoreBackend: CustomStringConvertible, Sendable {
    /// An opened store with its users and sessions, ways to open them again as a restarted
    /// process would, and the raw stored password hash of a user (to check how it is kept).
    struct Opened: Sendable {
        let store: any DossierRepository
        let users: UserStore
        let sessions: SessionRecords
        let reopen: @Sendable () async throws -> any DossierRepository
        let reopenUsers: @Sendable () async throws -> UserStore
        let storedPasswordHash: @Sendable (_ userID: String) async throws -> String?
        /// Runs a query written with `?` placeholders whose one column is named `v` (text) on
        /// the store's database: what a test checks beyond the port (rows left, payloads).
        let texts: @Sendable (_ sql: String, _ arguments: [String]) async throws -> [String]

        /// `SELECT COUNT(*)` of a table.
        func count(_ table: String) async throws -> Int {
            Int(try await texts("SELECT CAST(COUNT(*) AS TEXT) AS v FROM \(table)", []).first ?? "") ?? -1
        }

        /// Creates a user with an address (deadline mails go to users' addresses).
        func addUser(_ username: String, _ role: Role, _ department: String?, _ email: String?) async throws {
            _ = try await users.create(username: username, name: username, role: role, department: department, email: email)
        }
    }

    let description: String
    let open: @Sendable (_ directory: URL, _ router: NotificationRouter?) async throws -> Opened

    /// Opens a fresh store (in `directory` for SQLite; a new database for PostgreSQL).
    func open(_ directory: URL, router: NotificationRouter? = nil) async throws -> Opened { try await open(directory, router) }

    static let sqlite = StoreBackend(description: "SQLite") { dir, router in
        let path = dir.appendingPathComponent("motcua.sqlite").path
        let pool = try await StoreDatabase.open(path: path)
        return Opened(store: DossierStore(database: pool, agencyCode: agency, router: router), users: UserStore(database: pool),
                      sessions: SessionRecords(database: pool),
                      reopen: { DossierStore(database: try await StoreDatabase.open(path: path), agencyCode: agency, router: router) },
                      reopenUsers: { UserStore(database: try await StoreDatabase.open(path: path)) },
                      storedPasswordHash: { id in
                          try await pool.pool.read { db in
                              try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE id = ?", arguments: [id])
                          }
                      },
                      texts: { sql, arguments in
                          try await pool.pool.read { db in try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
                      })
    }

    static let postgres = StoreBackend(description: "PostgreSQL") { _, router in
        let location = try await freshDatabase()
        let database = try await PostgresDatabase.open(location)
        return Opened(store: PostgresStore(database: database, agencyCode: agency, router: router), users: UserStore(database: database),
                      sessions: SessionRecords(database: database),
                      reopen: { PostgresStore(database: try await PostgresDatabase.open(location), agencyCode: agency, router: router) },
                      reopenUsers: { UserStore(database: try await PostgresDatabase.open(location)) },
                      storedPasswordHash: { id in
                          let logger = database.logger
                          return try await database.read { c in
                              try await c.rows("SELECT password_hash FROM users WHERE id = \(id)", logger: logger).first?.optional("password_hash")
                          }
                      },
                      texts: { sql, arguments in
                          let logger = database.logger
                          let statement = PostgresStatement(sqlite: sql, arguments.map { .text($0) })
                          return try await database.read { c in try await c.rows(statement.query, logger: logger).map { try $0.value("v", as: String.self) } }
                      })
    }

    static let agency = "000.00.01.H22"

    /// The cluster `scripts/with-postgres.sh` started, if any.
    static let postgresURL = ProcessInfo.processInfo.environment["MOTCUA_TEST_POSTGRES_URL"]

    /// A new, empty database on the test cluster.
    static func freshDatabase() async throws -> PostgresLocation {
        guard let url = postgresURL else { throw MissingCluster() }
        let server = try PostgresLocation(url: url)
        var location = server
        location.database = "motcua_t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        // Small pools: the suites run in parallel, every case with its own instances.
        location.poolSize = 4
        // The product's 15 s is for a statement the server will never answer; here ~50 cases
        // share two cores, often with half of them stolen by the host, and a transaction
        // waiting behind another whose client is starved between statements passed it (in the
        // CI of 43f38f0, 19 at once). The limit itself is tested with its own location.
        location.workLimit = .seconds(60)
        try await PostgresDatabase.create(database: location.database, at: server)
        return location
    }

    struct MissingCluster: Error, CustomStringConvertible {
        var description: String { "MOTCUA_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh (make test does)" }
    }

    static let all: [StoreBackend] = postgresURL != nil || ProcessInfo.processInfo.environment["CI"] == "true" ? [.sqlite, .postgres] : [.sqlite]
}
