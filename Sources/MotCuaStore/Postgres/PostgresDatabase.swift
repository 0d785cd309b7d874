public import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// An open PostgreSQL database: a pool of connections (postgres-nio's `PostgresClient`,
/// run by a task of its own), the named migrations applied, and transactions that are
/// retried when the connection is lost or the server asks for it (a serialization failure
/// or deadlock) before their `COMMIT` was sent. Waiting for a connection is bounded: a
/// database that cannot be reached is reported as unavailable (503 with `Retry-After` at
/// the API), never waited on forever.
public final class PostgresDatabase: Sendable {
    let client: PostgresClient
    let location: PostgresLocation
    let logger: Logger
    /// The store's own warnings about its connections (`logger`, given to postgres-nio, is
    /// kept to critical: its routine reconnection messages would flood the log).
    let notices = Logger(label: "motcua.postgres")
    private let runner: Task<Void, Never>
    /// How long a command may wait for a working connection, retries included.
    let patience: Duration
    /// How long a command may wait for a connection while the server is up but every
    /// connection of the pool is in use.
    let queueLimit: Duration = .seconds(30)
    /// How long a command's statements may take once it has a connection (the location's).
    let workLimit: Duration
    /// How long work may go on after its connection closed before it is given up: postgres-nio
    /// 1.33.2 fails the statement in flight at once, nearly always; when the server ends the
    /// connection (`pg_terminate_backend`, a restart) at the wrong moment, it never does.
    let closedGrace: Duration = .milliseconds(500)
    /// The connections in use: which one's work is committing (a `COMMIT`: losing one leaves
    /// the outcome unknown, losing any other statement does not), and whom to tell when one
    /// closes.
    let leased = LeasedConnections()
    /// The deadlines of leased requests, watched by `watch`.
    let deadlines = LeaseDeadlines()
    private let watch: Task<Void, Never>

    /// Opens a pool on `location` and migrates the database (one instance at a time: the
    /// migrations run under an advisory lock, so instances started together do not race).
    public static func open(_ location: PostgresLocation, patience: Duration = .seconds(3)) async throws -> PostgresDatabase {
        let database = PostgresDatabase(location, patience: patience)
        do {
            try await PostgresMigrations.migrate(database)
        } catch {
            database.close()
            throw error
        }
        return database
    }

    /// Creates an empty database called `name` on the server `location` points at (through
    /// its database, often `postgres`); an existing one is left as it is. For set-up
    /// scripts and tests: the name is checked to be a plain identifier.
    public static func create(database name: String, at location: PostgresLocation) async throws {
        let server = try serverConnection(for: name, at: location)
        defer { server.close() }
        let logger = server.logger
        let exists = try await server.read { c in
            try await c.rows("SELECT 1 AS one FROM pg_database WHERE datname = \(name)", logger: logger).count == 1
        }
        if !exists {
            try await server.read { c in try await c.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger) }
        }
    }

    /// Drops the database called `name` on the server `location` points at, closing its
    /// connections first (for benchmarks' and tests' throw-away databases).
    public static func drop(database name: String, at location: PostgresLocation) async throws {
        let server = try serverConnection(for: name, at: location)
        defer { server.close() }
        let logger = server.logger
        _ = try await server.read { c in
            try await c.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// A connection to the server for creating or dropping `name`, once the name is checked to
    /// be a plain identifier (it is spliced into the statement).
    private static func serverConnection(for name: String, at location: PostgresLocation) throws -> PostgresDatabase {
        guard (1...63).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw PostgresLocationError(url: location.description, reason: "'\(name)' is not a plain database name (a-z, 0-9, _)")
        }
        // `DROP DATABASE` waits for an immediate checkpoint, which on a server with many
        // databases (the test suites') fsyncs thousands of files: 20 s was seen.
        var server = location
        server.workLimit = .seconds(300)
        // Its statements run one after another: one connection, not the pool the URL asks
        // for (the test suites create ~100 databases).
        server.poolSize = 1
        return PostgresDatabase(server, patience: .seconds(30))
    }

    private init(_ location: PostgresLocation, patience: Duration) {
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: location.password, database: location.database, tls: .disable)
        configuration.options.maximumConnections = location.poolSize
        // postgres-nio's pool starts two timers each time a connection goes back to it idle
        // (the keep-alive ping, and the idle timeout of a connection above the minimum), each
        // a task group of two tasks and a sleep, cancelled again at the next lease; the
        // cancelled sleep stays in Dispatch's timer heap until it would have fired (30 and
        // 60 s later), and then wakes a thread for nothing. Without the keep-alive there is
        // one; a connection that died idle is found at its next statement, which runs again
        // on another (`retrying`). The minimum stays 0, postgres-nio's default: with the whole
        // pool as its minimum (no timer at all) 1.33.2 trapped after an outage, an instance
        // of the outage test gone (PoolStateMachine+ConnectionGroup.swift:163: connections
        // whose reconnection failed are dropped, the minimum is not restored, and the next
        // waiting request finds fewer connections than it and traps). See docs/postgres.md.
        configuration.options.keepAliveBehavior = nil
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.additionalStartupParameters = [("application_name", "motcua"), ("TimeZone", "UTC")]
        var logger = Logger(label: "motcua.postgres")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.location = location
        self.logger = logger
        self.patience = patience
        self.workLimit = location.workLimit
        self.runner = Task { await client.run() }
        let deadlines = self.deadlines
        self.watch = Task { await deadlines.run() }
    }

    /// The names of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        let logger = self.logger
        return try await read { c in
            try await c.rows("SELECT name FROM motcua_migrations ORDER BY applied_at, name", logger: logger).map { try $0.value("name") }
        }
    }

    /// Closes every connection; later calls fail.
    public func close() {
        runner.cancel()
        watch.cancel()
    }

    deinit {
        runner.cancel()
        watch.cancel()
    }

    /// Runs `work` in one transaction and commits it. A transient failure before the
    /// `COMMIT` (connection lost, serialization failure, deadlock) rolls back and runs
    /// `work` again, until `patience` runs out; a connection lost during the `COMMIT` itself
    /// leaves the outcome unknown and is reported as `PostgresCommitUnknown`.
    func transaction<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying { connection in try await self.inTransaction(on: connection, work) }
    }

    /// Runs `work` between `BEGIN` and `COMMIT` on `connection`, one already leased (a job's
    /// holds its session lock), and returns after the `COMMIT`'s reply. Not a statement left
    /// to commit on its own: postgres-nio reports a statement done at its CommandComplete,
    /// before the implicit commit at the `Sync`, and a backend ending in between loses it.
    /// A connection lost during the `COMMIT` is `PostgresCommitUnknown`.
    func inTransaction<T: Sendable>(on connection: PostgresConnection,
                                    _ work: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        try await connection.query("BEGIN", logger: logger)
        let value: T
        do {
            value = try await work(connection)
        } catch {
            // A connection the server ended (shutdown, a lost network) takes its
            // transaction with it; asking it to roll back would wait on a dead socket.
            if !Self.endsConnection(error) { _ = try? await connection.query("ROLLBACK", logger: logger) }
            throw error
        }
        leased.committing(connection, true)
        defer { leased.committing(connection, false) }
        do {
            try await connection.query("COMMIT", logger: logger)
        } catch let error as PSQLError where Self.endsConnection(error) {
            throw PostgresCommitUnknown(underlying: String(describing: error.code))
        }
        return value
    }

    /// Runs `work` on a pooled connection outside any transaction (reads of one statement,
    /// or statements that each commit on their own); again after a lost connection unless
    /// `retrying` is false (work with effects outside the database, such as a job's round).
    func read<T: Sendable>(retrying: Bool = true, _ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        if retrying { return try await self.retrying(work) }
        do {
            // Not retried, and not bounded: a job's round or a migration takes what it takes.
            return try await withLeaseDeadline(ContinuousClock.now + patience, workLimit: nil, work)
        } catch let error as PSQLError where Self.isConnectionLoss(error) {
            throw PostgresUnavailable(reason: "the database cannot be reached (\(error.code))")
        } catch let error as ConnectionVanished {
            throw PostgresUnavailable(reason: error.description)
        }
    }

    /// Leases a connection and runs `work`, again on a transient failure, within `patience`.
    private func retrying<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + patience
        var pause: Duration = .milliseconds(20)
        while true {
            do {
                return try await withLeaseDeadline(deadline, workLimit: workLimit, work)
            } catch where Self.mayRunAgain(error) && ContinuousClock.now + pause < deadline {
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            } catch let error as ConnectionVanished {
                throw PostgresUnavailable(reason: error.description)
            } catch let error as PSQLError where Self.isConnectionLoss(error) {
                throw PostgresUnavailable(reason: "the database cannot be reached (\(error.code))")
            } catch let error as PSQLError where Self.isTransient(error) {
                // Deadlocks or serialization failures all the way to the deadline: nothing was
                // committed, and the request may be sent again.
                throw PostgresUnavailable(reason: "the database kept refusing the transaction "
                    + "(SQLSTATE \(error.serverInfo?[.sqlState] ?? "?")); try again")
            }
        }
    }

    /// `work` on a leased connection, or `PostgresUnavailable` when no connection comes by
    /// `deadline` (the pool keeps trying to connect while the server is down, and a request
    /// waiting for a lease is not given up by it: the caller is answered at the deadline and
    /// the abandoned lease, when it comes, runs nothing and goes back to the pool), or when
    /// the work has not ended `workLimit` after that: its connection is then closed, which
    /// fails whatever waits on it (seen: a statement sent as the server shut down waited
    /// forever), and the pool replaces it.
    func withLeaseDeadline<T: Sendable>(_ deadline: ContinuousClock.Instant, workLimit: Duration?,
                                        _ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let (client, patience, notices, grace, leased, deadlines) = (self.client, self.patience, self.notices, self.closedGrace, self.leased,
                                                                  self.deadlines)
        let race = LeaseRace()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let lease = Task {
                do {
                    let value = try await client.withConnection { connection in
                        guard race.begin(connection) else { throw AbandonedLease() }
                        // A closed connection whose work has not ended soon after will not end.
                        leased.watch(connection) { wasCommitting in
                            Task {
                                try? await Task.sleep(for: grace)
                                guard race.giveUp(working: true) != nil else { return }
                                notices.warning("postgres: the connection closed under a statement that did not end; given up on it")
                                continuation.resume(throwing: wasCommitting
                                                    ? PostgresCommitUnknown(underlying: "connection closed during the commit")
                                                    : ConnectionVanished())
                            }
                        }
                        defer { leased.unwatch(connection) }
                        return try await work(connection)
                    }
                    if race.end() { continuation.resume(returning: value) }
                } catch {
                    if race.end() { continuation.resume(throwing: error) }
                }
            }
            // Nearly every request ends well before its deadline: the pool's one watch keeps it
            // until then, and only a deadline that passes starts a task of its own.
            let id = deadlines.add(deadline) {
                race.setOvertime(Task {
                    // Still waiting: a server that answers on its port is busy (every connection
                    // in use), and the wait goes on up to `queueLimit`; one that does not is down.
                    if race.isWaiting, await self.reachable() {
                        try? await Task.sleep(until: deadline + self.queueLimit, clock: .continuous)
                        if Task.isCancelled { return }
                    }
                    if race.giveUp(working: false) != nil {
                        lease.cancel()
                        continuation.resume(throwing: PostgresUnavailable(reason: "no connection to the database within \(patience)"))
                        return
                    }
                    guard let workLimit else { return }
                    try? await Task.sleep(until: deadline + workLimit, clock: .continuous)
                    if Task.isCancelled { return }
                    if let connection = race.giveUp(working: true) ?? nil {
                        notices.warning("postgres: a statement did not end in time; its connection is closed")
                        try? await connection.close()
                        continuation.resume(throwing: PostgresUnavailable(reason: "the database did not answer within \(workLimit)"))
                    }
                })
            }
            race.setDeadline(id, in: deadlines)
        }
    }

    /// Whether the server accepts a TCP connection within a second (it is up, whatever its load).
    private func reachable() async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: PostgresClient.defaultEventLoopGroup)
                .connectTimeout(.seconds(1))
                .connect(host: location.host, port: location.port).get()
            try? await channel.close().get()
            return true
        } catch {
            return false
        }
    }

    /// Whether the work that failed with `error` may simply run again: nothing of it was
    /// committed (a transient server refusal, a lost connection, or one given up on).
    static func mayRunAgain(_ error: any Error) -> Bool {
        if error is ConnectionVanished { return true }
        return (error as? PSQLError).map(isTransient) ?? false
    }

    /// A failure worth running the transaction again for: nothing was committed.
    static func isTransient(_ error: PSQLError) -> Bool {
        if isConnectionLoss(error) { return true }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        // serialization_failure, deadlock_detected, admin/crash shutdown, cannot_connect_now.
        return ["40001", "40P01", "57P01", "57P02", "57P03"].contains(state)
    }

    /// Whether `error` leaves the connection unusable.
    static func endsConnection(_ error: any Error) -> Bool {
        guard let e = error as? PSQLError else { return false }
        if isConnectionLoss(e) { return true }
        guard let state = e.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("57P") || state.hasPrefix("08")
    }

    /// The connection went away (the server stopped, the network failed).
    static func isConnectionLoss(_ error: PSQLError) -> Bool {
        [.connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed].contains(error.code)
    }
}

/// The database could not be reached in time: the command was not applied.
public struct PostgresUnavailable: Error, CustomStringConvertible, Sendable {
    /// What happened.
    public var reason: String
    /// The reason.
    public var description: String { reason }
}

/// The connection was lost while the `COMMIT` was on its way: the transaction may or may
/// not have committed. Callers that can tell (a dossier's version) look; others report it.
public struct PostgresCommitUnknown: Error, CustomStringConvertible, Sendable {
    /// The connection error.
    public var underlying: String
    /// What happened.
    public var description: String { "the connection was lost during the commit (\(underlying)); the outcome is unknown" }
}

/// A lease that came after its caller was answered.
private struct AbandonedLease: Error {}

/// The connection closed under work that never ended: nothing it did was committed (work
/// that was committing is reported as `PostgresCommitUnknown` instead), so it may run again.
struct ConnectionVanished: Error, CustomStringConvertible {
    var description: String { "the connection to the database closed under a statement" }
}

