import Foundation
import MotCuaCore
import MotCuaDefinitions
import MotCuaStore

/// The database a command works on: a SQLite file (the default, one instance) or a
/// PostgreSQL server (several instances), opened and migrated.
enum OpenDatabase: Sendable {
    case sqlite(StoreDatabase)
    case postgres(PostgresDatabase)

    /// Opens `target`: a `postgres://` URL, or else a SQLite file path. The pool's size is the
    /// URL's `?pool=N`, else `database.pool` in the configuration, else 10.
    static func open(_ target: String, settings: Settings) async throws -> OpenDatabase {
        guard PostgresLocation.isURL(target) else {
            do { return .sqlite(try await StoreDatabase.open(path: target)) } catch {
                throw UserFailure(message: "\(target): cannot open the database: \(error)")
            }
        }
        var location: PostgresLocation
        do { location = try PostgresLocation(url: target) } catch { throw UserFailure(message: "--database: \(error)") }
        if !target.contains("pool=") {
            let pool = try settings.int("database.pool", default: 10)
            guard PostgresLocation.poolSizes.contains(pool) else { throw UserFailure(message: "database.\(PostgresLocation.poolSizeRule)") }
            location.poolSize = pool
        }
        do { return .postgres(try await PostgresDatabase.open(location)) } catch {
            throw UserFailure(message: "\(location): cannot open the database: \(error); is the server running and the database created?")
        }
    }

    /// Users and tokens.
    var users: UserStore {
        switch self {
        case let .sqlite(d): UserStore(database: d)
        case let .postgres(d): UserStore(database: d)
        }
    }

    /// The console's sessions.
    var sessions: SessionRecords {
        switch self {
        case let .sqlite(d): SessionRecords(database: d)
        case let .postgres(d): SessionRecords(database: d)
        }
    }

    /// The dossier store. `claimLease`: how long an instance's claim on an outbox message
    /// holds before another instance may take it over (PostgreSQL; one process on SQLite).
    func dossiers(agency: String, router: NotificationRouter?, claimLease: Double = 120) -> any DossierRepository {
        switch self {
        case let .sqlite(d): DossierStore(database: d, agencyCode: agency, router: router)
        case let .postgres(d): PostgresStore(database: d, agencyCode: agency, router: router, claimLease: claimLease)
        }
    }
}
