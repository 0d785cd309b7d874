import GRDB

/// Named, append-only schema migrations. Never edit a shipped one: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("2026-11-27-core") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    department TEXT,
                    password_hash TEXT,
                    created_at REAL NOT NULL
                );
                CREATE TABLE api_tokens (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL
                );
                CREATE TABLE code_counters (
                    agency TEXT NOT NULL,
                    day TEXT NOT NULL,
                    value INTEGER NOT NULL,
                    PRIMARY KEY (agency, day)
                );
                CREATE TABLE dossiers (
                    code TEXT PRIMARY KEY NOT NULL,
                    procedure_code TEXT NOT NULL,
                    workflow_id TEXT NOT NULL,
                    workflow_version INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    department TEXT,
                    assignee_id TEXT,
                    due_at REAL,
                    step_due_at REAL,
                    step_seq INTEGER NOT NULL,
                    finished_at REAL,
                    clock TEXT NOT NULL,
                    snapshot TEXT NOT NULL
                );
                CREATE INDEX dossiers_state ON dossiers(state);
                CREATE INDEX dossiers_department ON dossiers(department);
                CREATE INDEX dossiers_procedure ON dossiers(procedure_code);
                CREATE INDEX dossiers_due ON dossiers(due_at) WHERE finished_at IS NULL;
                CREATE INDEX dossiers_step_due ON dossiers(step_due_at) WHERE clock = 'running';
                CREATE TABLE events (
                    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
                    seq INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    action TEXT NOT NULL,
                    at REAL NOT NULL,
                    payload TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (dossier_code, seq)
                );
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TABLE idempotency_keys (
                    user_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (user_id, key)
                );
                CREATE TABLE outbox (
                    id TEXT PRIMARY KEY NOT NULL,
                    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
                    event_seq INTEGER NOT NULL,
                    channel TEXT NOT NULL,
                    target TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
                    last_error TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
                CREATE INDEX outbox_dossier ON outbox(dossier_code, channel, event_seq);
                CREATE TABLE deadline_marks (
                    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
                    step_seq INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
                    state TEXT NOT NULL,
                    due_at REAL NOT NULL,
                    at REAL NOT NULL,
                    PRIMARY KEY (dossier_code, step_seq, kind)
                );
                """)
        }
        m.registerMigration("2026-11-27-delivery-attempts") { db in
            try db.execute(sql: """
                CREATE TABLE delivery_attempts (
                    outbox_id TEXT NOT NULL REFERENCES outbox(id),
                    attempt INTEGER NOT NULL,
                    at REAL NOT NULL,
                    status_code INTEGER,
                    error TEXT,
                    duration_ms REAL NOT NULL,
                    PRIMARY KEY (outbox_id, attempt)
                );
                """)
        }
        m.registerMigration("2026-11-27-user-email") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN email TEXT")
        }
        m.registerMigration("2026-11-28-access-log") { db in
            // Who read which dossier's personal data, when and through which view
            // (13/2023/NĐ-CP): append-only like the event log.
            try db.execute(sql: """
                CREATE TABLE access_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dossier_code TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    view TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX access_log_dossier ON access_log(dossier_code, id);
                CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
                CREATE INDEX idempotency_created ON idempotency_keys(created_at);
                ALTER TABLE dossiers ADD COLUMN channel TEXT;
                UPDATE dossiers SET channel = json_extract(snapshot, '$.channel');
                CREATE INDEX dossiers_channel ON dossiers(channel);
                """)
        }
        m.registerMigration("2026-11-28-agency-notices") { db in
            // Agency-level notices (an audit checkpoint to the inspector) belong to no
            // dossier: the outbox is rebuilt with a nullable dossier_code, rows in order.
            try db.execute(sql: """
                CREATE TABLE outbox_new (
                    id TEXT PRIMARY KEY NOT NULL,
                    dossier_code TEXT REFERENCES dossiers(code),
                    event_seq INTEGER NOT NULL,
                    channel TEXT NOT NULL,
                    target TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
                    last_error TEXT,
                    created_at REAL NOT NULL
                );
                INSERT INTO outbox_new (id, dossier_code, event_seq, channel, target, payload, attempts, next_attempt_at, status,
                                        last_error, created_at)
                    SELECT id, dossier_code, event_seq, channel, target, payload, attempts, next_attempt_at, status, last_error, created_at
                    FROM outbox ORDER BY rowid;
                DROP TABLE outbox;
                ALTER TABLE outbox_new RENAME TO outbox;
                CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
                CREATE INDEX outbox_dossier ON outbox(dossier_code, channel, event_seq);
                """)
        }
        m.registerMigration("2026-11-29-idempotent-snapshots") { db in
            // A keyed request's first answer is kept as the dossier it produced (rendered
            // again on a retry, outside the writer); older rows keep their rendered body.
            try db.execute(sql: "ALTER TABLE idempotency_keys ADD COLUMN dossier_snapshot TEXT")
        }
        m.registerMigration("2026-11-29-user-deactivation") { db in
            // A user who leaves keeps their name in the history but signs in no more.
            try db.execute(sql: "ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1")
        }
        m.registerMigration("2026-11-29-work-queues") { db in
            // Each dossier's inbox (`WorkQueue.key`) and step due time (no deadline: last), so
            // an inbox page is a range of one index, whatever the table's size. Existing rows
            // are marked '?' and keyed at start-up, when the workflows are known.
            try db.execute(sql: """
                ALTER TABLE dossiers ADD COLUMN queue TEXT;
                ALTER TABLE dossiers ADD COLUMN queue_due REAL;
                UPDATE dossiers SET queue = '?';
                CREATE INDEX dossiers_queue ON dossiers(queue, queue_due, code) WHERE queue IS NOT NULL;
                """)
        }
        m.registerMigration("2026-11-29-queue-counts") { db in
            // Badges without scanning: how many dossiers wait in each queue and state, kept by
            // the database itself on every insert and every change of queue or state.
            try db.execute(sql: """
                CREATE TABLE queue_counts (
                    queue TEXT NOT NULL,
                    state TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (queue, state)
                ) WITHOUT ROWID;
                INSERT INTO queue_counts (queue, state, n)
                    SELECT queue, state, COUNT(*) FROM dossiers WHERE queue IS NOT NULL GROUP BY queue, state;
                CREATE TRIGGER queue_counts_insert AFTER INSERT ON dossiers WHEN NEW.queue IS NOT NULL BEGIN
                    INSERT INTO queue_counts (queue, state, n) VALUES (NEW.queue, NEW.state, 1)
                        ON CONFLICT (queue, state) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER queue_counts_update AFTER UPDATE OF queue, state ON dossiers
                    WHEN OLD.queue IS NOT NEW.queue OR OLD.state IS NOT NEW.state BEGIN
                    UPDATE queue_counts SET n = n - 1 WHERE OLD.queue IS NOT NULL AND queue = OLD.queue AND state = OLD.state;
                    INSERT INTO queue_counts (queue, state, n) SELECT NEW.queue, NEW.state, 1 WHERE NEW.queue IS NOT NULL
                        ON CONFLICT (queue, state) DO UPDATE SET n = n + 1;
                END;
                """)
        }
        m.registerMigration("2026-11-29-sign-in-failures") { db in
            // Failed sign-ins per username, for the throttle (in the database, so that every
            // instance sees the same count); rows older than the window are pruned.
            try db.execute(sql: """
                CREATE TABLE sign_in_failures (
                    username TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX sign_in_failures_username ON sign_in_failures(username, at);
                """)
        }
        m.registerMigration("2026-11-29-web-sessions") { db in
            // The web console's sessions: here, not in memory, so that they survive a restart
            // and every instance sees them. Keyed by the SHA-256 of the cookie's value.
            try db.execute(sql: """
                CREATE TABLE web_sessions (
                    key_hash TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL,
                    expires_at REAL
                ) WITHOUT ROWID;
                CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
                """)
        }
        m.registerMigration("2026-11-29-received-at") { db in
            // The log book and the reports select by receipt and finish date. The receipt
            // time was only in the snapshot (seconds since 2001, Date's own encoding).
            try db.execute(sql: """
                ALTER TABLE dossiers ADD COLUMN received_at REAL;
                UPDATE dossiers SET received_at = json_extract(snapshot, '$.receivedAt') + 978307200
                    WHERE json_extract(snapshot, '$.receivedAt') IS NOT NULL;
                CREATE INDEX dossiers_received ON dossiers(received_at) WHERE received_at IS NOT NULL;
                CREATE INDEX dossiers_finished ON dossiers(finished_at) WHERE finished_at IS NOT NULL;
                """)
        }
        m.registerMigration("2026-11-30-register-counters") { db in
            // Official documents' yearly number series, one per register book.
            try db.execute(sql: """
                CREATE TABLE register_counters (
                    book TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    value INTEGER NOT NULL,
                    PRIMARY KEY (book, year)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("2026-12-05-documents") { db in
            // Official documents: the keys a duplicate is recognised by, the registers (one
            // row per number given: the primary key makes a number unique in its book and
            // year), and the bytes received (the package and its attachments), which a
            // recall deletes while the metadata stays.
            try db.execute(sql: """
                CREATE TABLE document_keys (
                    case_code TEXT PRIMARY KEY NOT NULL REFERENCES dossiers(code),
                    document_id TEXT NOT NULL,
                    organ_key TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX document_keys_id ON document_keys(document_id);
                CREATE INDEX document_keys_organ ON document_keys(organ_key);
                CREATE TABLE document_register (
                    book TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    case_code TEXT NOT NULL UNIQUE REFERENCES dossiers(code),
                    registered_at REAL NOT NULL,
                    PRIMARY KEY (book, year, number)
                ) WITHOUT ROWID;
                CREATE TABLE document_files (
                    case_code TEXT NOT NULL REFERENCES dossiers(code),
                    name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    PRIMARY KEY (case_code, name)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("2026-12-05-agencies") { db in
            // The directory of agencies on the national axis (getAgenciesList), kept in sync by
            // the poller: the recipients an outgoing document can be addressed to.
            try db.execute(sql: """
                CREATE TABLE agencies (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    mail TEXT,
                    synced_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("2026-12-05-opinions") { db in
            // The cooperating departments' opinions still awaited: a document waits in each
            // such department's inbox (besides its own step's queue), ordered by the
            // opinion's deadline. Rows go when the opinion is given or the case closes.
            try db.execute(sql: """
                CREATE TABLE document_opinions (
                    asked_of TEXT NOT NULL,
                    opinion_due REAL NOT NULL,
                    case_code TEXT NOT NULL REFERENCES dossiers(code),
                    PRIMARY KEY (asked_of, opinion_due, case_code)
                ) WITHOUT ROWID;
                CREATE INDEX document_opinions_case ON document_opinions(case_code);
                """)
        }
        m.registerMigration("2026-12-05-replies") { db in
            // Outgoing documents drafted as replies to incoming ones: the tracking register's
            // "reply" column and the incoming document's page read it.
            try db.execute(sql: """
                CREATE TABLE document_replies (
                    outgoing_code TEXT PRIMARY KEY NOT NULL REFERENCES dossiers(code),
                    incoming_code TEXT NOT NULL REFERENCES dossiers(code)
                ) WITHOUT ROWID;
                CREATE INDEX document_replies_incoming ON document_replies(incoming_code);
                """)
        }
        m.registerMigration("2026-12-05-job-runs") { db in
            // When each scheduled job last ran, so that its schedule outlives a restart (and,
            // on PostgreSQL, is shared by every instance).
            try db.execute(sql: "CREATE TABLE job_runs (job TEXT PRIMARY KEY NOT NULL, last_run REAL NOT NULL) WITHOUT ROWID")
        }
        return m
    }
}
