import Foundation
@testable import MotCuaStore
import PostgresNIO
import Testing

/// A connection the server ends under a transaction: the transaction runs again on another
/// connection, and the server's own record of a transaction (`pg_xact_status`) is what a
/// lost `COMMIT` is settled by. The many-connections form of this, under HTTP load, is
/// `Tests/integration/postgres_connection_loss_test.py`.
@Suite("PostgreSQL store: connections lost under a transaction",
       .enabled(if: StoreBackend.all.contains { $0.description == "PostgreSQL" }))
struct PostgresConnectionLossTests {
    @Test("the server ends the connection in the middle of a transaction: it runs again, and its row is written once")
    func endedMidTransaction() async throws {
        let database = try await PostgresDatabase.open(try await StoreBackend.freshDatabase())
        defer { database.close() }
        let logger = database.logger
        try await database.read { c in try await c.query("CREATE TABLE t (n int)", logger: logger) }
        let attempts = Counter()
        try await database.transaction { c in
            try await c.query("INSERT INTO t VALUES (1)", logger: logger)
            if attempts.next() == 1 {
                // The backend may finish this statement before it acts on its own signal; it
                // is gone by the next one, still before the COMMIT.
                try await c.query("SELECT pg_terminate_backend(pg_backend_pid())", logger: logger)
                try await c.query("SELECT 1", logger: logger)
            }
        }
        #expect(attempts.value == 2)
        let rows = try await database.read { c in try await c.rows("SELECT count(*)::int AS n FROM t", logger: logger) }
        #expect(try rows[0].value("n", as: Int.self) == 1)
    }

    @Test("the server's word on a transaction: committed, aborted, and an error for one from the future")
    func transactionStatus() async throws {
        let database = try await PostgresDatabase.open(try await StoreBackend.freshDatabase())
        defer { database.close() }
        let logger = database.logger
        let committed = try await database.transaction { c in
            try await c.rows("SELECT pg_current_xact_id()::text AS xid", logger: logger)[0].value("xid", as: String.self)
        }
        #expect(try await database.status(ofTransaction: committed) == "committed")
        let aborted = Box()
        await #expect(throws: Refused.self) {
            try await database.transaction { c in
                aborted.xid = try await c.rows("SELECT pg_current_xact_id()::text AS xid", logger: logger)[0].value("xid")
                throw Refused()
            }
        }
        #expect(try await database.status(ofTransaction: #require(aborted.xid)) == "aborted")
        // A transaction id from the future: the server refuses to guess.
        await #expect(throws: (any Error).self) { try await database.status(ofTransaction: "99999999999") }
    }

    @Test("a settled transaction answers with its value when nothing goes wrong")
    func settledPlain() async throws {
        let database = try await PostgresDatabase.open(try await StoreBackend.freshDatabase())
        defer { database.close() }
        let logger = database.logger
        let n = try await database.settledTransaction { c in
            try await c.rows("SELECT 41 + 1 AS n", logger: logger)[0].value("n", as: Int.self)
        }
        #expect(n == 42)
    }

    @Test("a COMMIT whose answer never came: the server's word settles it (committed, after waiting while in progress); not run twice")
    func lostCommitAnswer() async throws {
        let database = try await PostgresDatabase.open(try await StoreBackend.freshDatabase())
        defer { database.close() }
        let logger = database.logger
        // The COMMIT takes half a second on the server (a deferred trigger), and the client
        // closes its end while it runs: the server commits, the client never hears it.
        try await database.read { c in
            try await c.query("CREATE TABLE t (n int)", logger: logger)
            try await c.query("""
                CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$
                """, logger: logger)
            try await c.query("""
                CREATE CONSTRAINT TRIGGER t_slow AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION slow_commit()
                """, logger: logger)
        }
        let attempts = Counter()
        let n = try await database.settledTransaction { c in
            _ = attempts.next()
            try await c.query("INSERT INTO t VALUES (7)", logger: logger)
            Task {
                try? await Task.sleep(for: .milliseconds(150))
                try? await c.close()
            }
            return 7
        }
        #expect(n == 7)
        #expect(attempts.value == 1)
        let rows = try await database.read { c in try await c.rows("SELECT count(*)::int AS n FROM t", logger: logger) }
        #expect(try rows[0].value("n", as: Int.self) == 1)
    }

    private struct Refused: Error {}

    private final class Box: @unchecked Sendable { var xid: String? }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int { lock.withLock { n += 1; return n } }
        var value: Int { lock.withLock { n } }
    }
}
