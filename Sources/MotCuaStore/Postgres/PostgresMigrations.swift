import Foundation
import PostgresNIO

/// The PostgreSQL schema as named, append-only migrations (never edit a shipped one: add
/// one). The tables are SQLite's, in PostgreSQL's own terms: times as seconds since 1970
/// (`double precision`, as on SQLite, so both stores order and compare alike), a `seq`
/// column where SQLite used its rowid (logging order, cursors), triggers that make the
/// event log and the access log append-only in the database itself, and lease columns on
/// the outbox for several instances.
enum PostgresMigrations {
    /// Held while migrating, so that instances started together migrate once.
    static let lockKey: Int64 = 0x6D6F_7463_7561_0001

    static let all: [(name: String, statements: [String])] = [
        ("2026-12-05-initial", initial),
        ("2026-12-05-job-runs", ["CREATE TABLE job_runs (job text PRIMARY KEY, last_run double precision NOT NULL)"]),
        ("2026-12-06-queue-count-deltas", queueCountDeltas),
        ("2026-12-06-code-collation", codeCollation),
    ]

    /// Queue counts as appended deltas instead of one row per queue and state: a row per
    /// queue was updated by every command on that queue and held until its commit, which
    /// serialized those commands across instances and let two of them deadlock (each moving
    /// a dossier between the same two queues in opposite directions). The deltas are
    /// folded by the pruning job (`foldQueueCounts`).
    static let queueCountDeltas: [String] = [
        "CREATE TABLE queue_count_deltas (queue text NOT NULL, state text NOT NULL, n bigint NOT NULL)",
        "CREATE INDEX queue_count_deltas_queue ON queue_count_deltas(queue, state)",
        "INSERT INTO queue_count_deltas (queue, state, n) SELECT queue, state, n FROM queue_counts WHERE n <> 0",
        """
        CREATE OR REPLACE FUNCTION motcua_queue_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.queue IS NOT NULL THEN
                INSERT INTO queue_count_deltas (queue, state, n) VALUES (OLD.queue, OLD.state, -1);
            END IF;
            IF NEW.queue IS NOT NULL THEN
                INSERT INTO queue_count_deltas (queue, state, n) VALUES (NEW.queue, NEW.state, 1);
            END IF;
            RETURN NULL;
        END $$
        """,
        "DROP TABLE queue_counts",
    ]

    /// Every column holding a dossier code in `dossiers.code`'s collation ("C": byte order, as
    /// SQLite's BINARY). With the database's default collation on one side, `events.dossier_code
    /// = d.code` could not use the events' primary key: every uncached read of a dossier's head
    /// scanned the whole event log (2.8 ms at 8,500 events, seen in pg_stat_statements; seconds
    /// at a million dossiers). Only the indexes on these columns are rebuilt, not the tables.
    static let codeCollation: [String] = [
        ("events", "dossier_code"), ("outbox", "dossier_code"), ("access_log", "dossier_code"), ("deadline_marks", "dossier_code"),
        ("document_files", "case_code"), ("document_keys", "case_code"), ("document_register", "case_code"),
        ("document_replies", "outgoing_code"), ("document_replies", "incoming_code"),
    ].map { "ALTER TABLE \($0.0) ALTER COLUMN \($0.1) TYPE text COLLATE \"C\"" }

    /// Applies the migrations not yet recorded, each in its own transaction. Not bounded by
    /// the requests' work limit: rewriting a table of a million dossiers (a collation) takes
    /// longer than 15 s, and a limit would close the connection under it at every start.
    /// Run again on another connection when the first one leased turns out to be lost.
    static func migrate(_ database: PostgresDatabase) async throws {
        let logger = database.logger
        try await database.session { connection, _ in
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS motcua_migrations (name text PRIMARY KEY, applied_at double precision NOT NULL)
                    """, logger: logger)
                let applied = Set(try await connection.rows("SELECT name FROM motcua_migrations", logger: logger)
                    .map { try $0.value("name", as: String.self) })
                for migration in all where !applied.contains(migration.name) {
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query("""
                            INSERT INTO motcua_migrations (name, applied_at) VALUES (\(migration.name), \(Date().timeIntervalSince1970))
                            """, logger: logger)
                        try await connection.query("COMMIT", logger: logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw PostgresMigrationError(name: migration.name, underlying: String(reflecting: error))
                    }
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
        }
    }

    static let initial: [String] = [
        """
        CREATE TABLE users (
            id text PRIMARY KEY, username text NOT NULL UNIQUE, name text NOT NULL, role text NOT NULL, department text,
            password_hash text, created_at double precision NOT NULL, email text, active bigint NOT NULL DEFAULT 1)
        """,
        """
        CREATE TABLE api_tokens (
            token_hash text PRIMARY KEY, user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at double precision NOT NULL)
        """,
        "CREATE TABLE code_counters (agency text NOT NULL, day text NOT NULL, value bigint NOT NULL, PRIMARY KEY (agency, day))",
        """
        CREATE TABLE dossiers (
            seq bigserial UNIQUE, code text COLLATE "C" PRIMARY KEY, procedure_code text NOT NULL, workflow_id text NOT NULL,
            workflow_version bigint NOT NULL, state text NOT NULL, version bigint NOT NULL, department text, assignee_id text,
            due_at double precision, step_due_at double precision, step_seq bigint NOT NULL, finished_at double precision,
            clock text NOT NULL, snapshot text NOT NULL, channel text, queue text, queue_due double precision,
            received_at double precision)
        """,
        "CREATE INDEX dossiers_state ON dossiers(state)",
        "CREATE INDEX dossiers_department ON dossiers(department)",
        "CREATE INDEX dossiers_procedure ON dossiers(procedure_code)",
        "CREATE INDEX dossiers_channel ON dossiers(channel)",
        "CREATE INDEX dossiers_due ON dossiers(due_at) WHERE finished_at IS NULL",
        "CREATE INDEX dossiers_step_due ON dossiers(step_due_at) WHERE clock = 'running'",
        "CREATE INDEX dossiers_queue ON dossiers(queue, queue_due, code) WHERE queue IS NOT NULL",
        "CREATE INDEX dossiers_received ON dossiers(received_at) WHERE received_at IS NOT NULL",
        "CREATE INDEX dossiers_finished ON dossiers(finished_at) WHERE finished_at IS NOT NULL",
        """
        CREATE TABLE events (
            dossier_code text NOT NULL REFERENCES dossiers(code), seq bigint NOT NULL, kind text NOT NULL, action text NOT NULL,
            at double precision NOT NULL, payload text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL,
            PRIMARY KEY (dossier_code, seq))
        """,
        """
        CREATE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the % is append-only', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
        END $$
        """,
        """
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION motcua_append_only('event log')
        """,
        "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only('event log')",
        """
        CREATE TABLE idempotency_keys (
            user_id text NOT NULL, key text NOT NULL, request_hash text NOT NULL, status bigint NOT NULL, body text NOT NULL,
            created_at double precision NOT NULL, dossier_snapshot text, PRIMARY KEY (user_id, key))
        """,
        "CREATE INDEX idempotency_created ON idempotency_keys(created_at)",
        """
        CREATE TABLE outbox (
            seq bigserial UNIQUE, id text PRIMARY KEY, dossier_code text REFERENCES dossiers(code), event_seq bigint NOT NULL,
            channel text NOT NULL, target text NOT NULL, payload text NOT NULL, attempts bigint NOT NULL DEFAULT 0,
            next_attempt_at double precision NOT NULL,
            status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
            last_error text, created_at double precision NOT NULL, claimed_until double precision, claimed_by text)
        """,
        "CREATE INDEX outbox_due ON outbox(status, next_attempt_at)",
        "CREATE INDEX outbox_dossier ON outbox(dossier_code, channel, event_seq)",
        "CREATE INDEX outbox_open ON outbox(dossier_code, channel, seq) WHERE status != 'delivered'",
        """
        CREATE TABLE deadline_marks (
            dossier_code text NOT NULL REFERENCES dossiers(code), step_seq bigint NOT NULL,
            kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')), state text NOT NULL, due_at double precision NOT NULL,
            at double precision NOT NULL, PRIMARY KEY (dossier_code, step_seq, kind))
        """,
        """
        CREATE TABLE delivery_attempts (
            outbox_id text NOT NULL REFERENCES outbox(id), attempt bigint NOT NULL, at double precision NOT NULL,
            status_code bigint, error text, duration_ms double precision NOT NULL, PRIMARY KEY (outbox_id, attempt))
        """,
        """
        CREATE TABLE access_log (
            id bigserial PRIMARY KEY, dossier_code text NOT NULL, user_id text NOT NULL, user_name text NOT NULL,
            role text NOT NULL, view text NOT NULL, at double precision NOT NULL)
        """,
        "CREATE INDEX access_log_dossier ON access_log(dossier_code, id)",
        """
        CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
            FOR EACH ROW EXECUTE FUNCTION motcua_append_only('access log')
        """,
        """
        CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
            FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only('access log')
        """,
        "CREATE TABLE queue_counts (queue text NOT NULL, state text NOT NULL, n bigint NOT NULL, PRIMARY KEY (queue, state))",
        """
        CREATE FUNCTION motcua_queue_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.queue IS NOT NULL THEN
                UPDATE queue_counts SET n = n - 1 WHERE queue = OLD.queue AND state = OLD.state;
            END IF;
            IF NEW.queue IS NOT NULL THEN
                INSERT INTO queue_counts (queue, state, n) VALUES (NEW.queue, NEW.state, 1)
                    ON CONFLICT (queue, state) DO UPDATE SET n = queue_counts.n + 1;
            END IF;
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER queue_counts_insert AFTER INSERT ON dossiers FOR EACH ROW EXECUTE FUNCTION motcua_queue_counts()",
        """
        CREATE TRIGGER queue_counts_update AFTER UPDATE OF queue, state ON dossiers FOR EACH ROW
            WHEN (OLD.queue IS DISTINCT FROM NEW.queue OR OLD.state IS DISTINCT FROM NEW.state)
            EXECUTE FUNCTION motcua_queue_counts()
        """,
        "CREATE TABLE sign_in_failures (username text NOT NULL, at double precision NOT NULL)",
        "CREATE INDEX sign_in_failures_username ON sign_in_failures(username, at)",
        "CREATE TABLE web_sessions (key_hash text PRIMARY KEY, value bytea NOT NULL, expires_at double precision)",
        "CREATE INDEX web_sessions_expiry ON web_sessions(expires_at)",
        "CREATE TABLE register_counters (book text NOT NULL, year bigint NOT NULL, value bigint NOT NULL, PRIMARY KEY (book, year))",
        """
        CREATE TABLE document_keys (
            case_code text PRIMARY KEY REFERENCES dossiers(code), document_id text NOT NULL, organ_key text NOT NULL)
        """,
        "CREATE INDEX document_keys_id ON document_keys(document_id)",
        "CREATE INDEX document_keys_organ ON document_keys(organ_key)",
        """
        CREATE TABLE document_register (
            book text NOT NULL, year bigint NOT NULL, number bigint NOT NULL, case_code text NOT NULL UNIQUE REFERENCES dossiers(code),
            registered_at double precision NOT NULL, PRIMARY KEY (book, year, number))
        """,
        """
        CREATE TABLE document_files (
            case_code text NOT NULL REFERENCES dossiers(code), name text NOT NULL, content_type text NOT NULL, sha256 text NOT NULL,
            bytes bytea NOT NULL, PRIMARY KEY (case_code, name))
        """,
        "CREATE TABLE agencies (code text PRIMARY KEY, name text NOT NULL, mail text, synced_at double precision NOT NULL)",
        """
        CREATE TABLE document_opinions (
            asked_of text NOT NULL, opinion_due double precision NOT NULL, case_code text COLLATE "C" NOT NULL REFERENCES dossiers(code),
            PRIMARY KEY (asked_of, opinion_due, case_code))
        """,
        "CREATE INDEX document_opinions_case ON document_opinions(case_code)",
        """
        CREATE TABLE document_replies (
            outgoing_code text PRIMARY KEY REFERENCES dossiers(code), incoming_code text NOT NULL REFERENCES dossiers(code))
        """,
        "CREATE INDEX document_replies_incoming ON document_replies(incoming_code)",
    ]
}

/// A migration failed; nothing of it was applied.
public struct PostgresMigrationError: Error, CustomStringConvertible, Sendable {
    /// The migration's name.
    public var name: String
    /// The database's error.
    public var underlying: String
    /// What failed.
    public var description: String { "migration \(name) failed: \(underlying)" }
}
