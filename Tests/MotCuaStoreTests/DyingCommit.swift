@testable import MotCuaStore
import PostgresNIO

/// A deferred trigger that ends its own backend the first time it fires, that is, while the
/// transaction that fired it commits: after the statement's rows and its CommandComplete
/// have gone out, as `pg_terminate_backend` from outside can between a statement's end and
/// the implicit transaction's commit (seen under the connection-loss test). The sequence
/// `die_once` counts outside the transaction that dies.
enum DyingCommit {
    /// Installs it on `table`, firing `AFTER operation` (`INSERT`, `UPDATE`).
    static func install(on table: String, after operation: String, in database: MotCuaStore.PostgresDatabase) async throws {
        let logger = database.logger
        for sql in ["CREATE SEQUENCE die_once",
                    """
                    CREATE FUNCTION die_once() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF nextval('die_once') = 1 THEN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                        PERFORM pg_sleep(5);
                      END IF;
                      RETURN NULL;
                    END $$
                    """,
                    """
                    CREATE CONSTRAINT TRIGGER die_once AFTER \(operation) ON \(table) DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION die_once()
                    """] {
            try await database.read { c in try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
        }
    }

    /// How many times it has fired (the first ended its backend).
    static func fired(in database: MotCuaStore.PostgresDatabase) async throws -> Int {
        let logger = database.logger
        return try await database.read { c in
            try await c.rows("SELECT last_value::bigint AS n FROM die_once", logger: logger)[0].value("n")
        }
    }
}
