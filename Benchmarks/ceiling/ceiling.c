// The write path's ceiling: the statements `motcua bench` makes its writer run, issued by
// plain C on one connection with nothing else around them (no engine, no JSON, no hashing,
// no Swift, no threads), on a database seeded by `motcua demo seed` (so the schema, its
// indexes and triggers are the store's own). WAL, synchronous=FULL, foreign keys on, as
// the store opens it.
//
// The mix is the bench's: per dossier one opening (the day's next code, the dossier row,
// its first event) and seven steps (an UPDATE of the columns a step moves, guarded by the
// version: the assignee once, the finish on the last step; and one event row), 64
// dossiers in flight at once, `batch` commands per transaction (the bench reports how many
// its group commit gathers). Row sizes are the bench's: a 769-byte snapshot, 364-byte
// event payloads, 64-character hashes.
//
// Usage: ceiling DATABASE BATCH DOSSIERS — prints one JSON line.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(sqlite3 *db, int rc, int expected, const char *what) {
    if (rc != expected) {
        fprintf(stderr, "ceiling: %s failed: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *s = NULL;
    check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL), SQLITE_OK, sql);
    return s;
}

static void run(sqlite3 *db, sqlite3_stmt *s, const char *what) {
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
    check(db, rc, SQLITE_DONE, what);
    sqlite3_reset(s);
}

enum { IN_FLIGHT = 64, STEPS = 7 };

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: ceiling DATABASE BATCH DOSSIERS\n");
        return 2;
    }
    int batch = atoi(argv[2]), dossiers = atoi(argv[3]);
    if (batch < 1 || dossiers < IN_FLIGHT || dossiers % IN_FLIGHT != 0) {
        fprintf(stderr, "ceiling: BATCH >= 1, DOSSIERS a multiple of %d\n", IN_FLIGHT);
        return 2;
    }
    sqlite3 *db;
    check(db, sqlite3_open(argv[1], &db), SQLITE_OK, "open");
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", 0, 0, 0),
          SQLITE_OK, "pragmas");

    char snapshot[770], payload[365], hash[65];
    memset(snapshot, 's', sizeof snapshot - 1); snapshot[sizeof snapshot - 1] = 0;
    memset(payload, 'p', sizeof payload - 1); payload[sizeof payload - 1] = 0;
    memset(hash, 'a', sizeof hash - 1); hash[sizeof hash - 1] = 0;
    static const char *states[STEPS] = {"assigned", "reviewing", "checked", "approving", "approved", "result_ready", "returned"};
    static const char *queues[STEPS] = {"user:u1", "user:u2", "dept:QLCN", "director", "desk", "desk", NULL};

    sqlite3_stmt *counter = prepare(db,
        "INSERT INTO code_counters (agency, day, value) VALUES ('000.00.01.H22', 'ceiling', 1) "
        "ON CONFLICT (agency, day) DO UPDATE SET value = value + 1 RETURNING value");
    sqlite3_stmt *insert = prepare(db,
        "INSERT INTO dossiers (code, procedure_code, workflow_id, workflow_version, state, version, department, "
        "assignee_id, due_at, step_due_at, step_seq, finished_at, clock, snapshot, channel, queue, queue_due, "
        "received_at) VALUES (?, '1.000173', 'chung-chi-nhan-vien-buc-xa', 1, 'received', 1, 'QLCN', NULL, ?, ?, 1, NULL, "
        "'running', ?, 'direct', 'desk', ?, 1.8e9)");
    // A step; the one that names the specialist; the last one, which finishes the dossier.
    sqlite3_stmt *steps[3] = {
        prepare(db, "UPDATE dossiers SET version = ?, snapshot = ?, state = ?, step_due_at = ?, step_seq = ?, queue = ?, "
                    "queue_due = ? WHERE code = ? AND version = ?"),
        prepare(db, "UPDATE dossiers SET version = ?, snapshot = ?, state = ?, step_due_at = ?, step_seq = ?, queue = ?, "
                    "queue_due = ?, assignee_id = 'bench-specialist' WHERE code = ? AND version = ?"),
        prepare(db, "UPDATE dossiers SET version = ?, snapshot = ?, state = ?, step_due_at = ?, step_seq = ?, queue = ?, "
                    "queue_due = ?, finished_at = 1.8e9, clock = 'stopped' WHERE code = ? AND version = ?"),
    };
    sqlite3_stmt *event = prepare(db,
        "INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *begin = prepare(db, "BEGIN IMMEDIATE"), *commit = prepare(db, "COMMIT");

    char codes[IN_FLIGHT][48];
    int total = dossiers * (1 + STEPS), done = 0, in_transaction = 0;
    double at = 1.8e9, started = seconds();
    // Commands in the bench's order: a wave of 64 dossiers is opened, then each step taken by
    // all 64 in turn, then the next wave.
    for (int wave = 0; wave < dossiers / IN_FLIGHT; wave++) {
        for (int step = -1; step < STEPS; step++) {
            for (int k = 0; k < IN_FLIGHT; k++, done++) {
                if (!in_transaction) { run(db, begin, "BEGIN"); in_transaction = 1; }
                at += 0.001;
                if (step < 0) {
                    check(db, sqlite3_step(counter), SQLITE_ROW, "code counter");
                    int value = sqlite3_column_int(counter, 0);
                    run(db, counter, "code counter");
                    snprintf(codes[k], sizeof codes[k], "000.00.01.H22-ceiling-%07d", value);
                    sqlite3_bind_text(insert, 1, codes[k], -1, SQLITE_TRANSIENT);
                    sqlite3_bind_double(insert, 2, at + 1e6);
                    sqlite3_bind_double(insert, 3, at + 1e5);
                    sqlite3_bind_text(insert, 4, snapshot, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_double(insert, 5, at + 1e5);
                    run(db, insert, "dossier insert");
                } else {
                    int version = step + 1;
                    sqlite3_stmt *update = steps[step == 1 ? 1 : step == STEPS - 1 ? 2 : 0];
                    sqlite3_bind_int(update, 1, version + 1);
                    sqlite3_bind_text(update, 2, snapshot, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_text(update, 3, states[step], -1, SQLITE_STATIC);
                    if (step == STEPS - 1) sqlite3_bind_null(update, 4);
                    else sqlite3_bind_double(update, 4, at + 1e5);
                    sqlite3_bind_int(update, 5, version + 1);
                    if (queues[step]) sqlite3_bind_text(update, 6, queues[step], -1, SQLITE_STATIC);
                    else sqlite3_bind_null(update, 6);
                    sqlite3_bind_double(update, 7, at + 1e5);
                    sqlite3_bind_text(update, 8, codes[k], -1, SQLITE_STATIC);
                    sqlite3_bind_int(update, 9, version);
                    run(db, update, "dossier update");
                    if (sqlite3_changes(db) != 1) { fprintf(stderr, "ceiling: %s not at version %d\n", codes[k], version); return 1; }
                }
                sqlite3_bind_text(event, 1, codes[k], -1, SQLITE_STATIC);
                sqlite3_bind_int(event, 2, step + 2);
                sqlite3_bind_text(event, 3, step < 0 ? "created" : "transition", -1, SQLITE_STATIC);
                sqlite3_bind_text(event, 4, step < 0 ? "create" : "forward", -1, SQLITE_STATIC);
                sqlite3_bind_double(event, 5, at);
                sqlite3_bind_text(event, 6, payload, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(event, 7, hash, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(event, 8, hash, -1, SQLITE_TRANSIENT);
                run(db, event, "event insert");
                if ((done + 1) % batch == 0 || done + 1 == total) { run(db, commit, "COMMIT"); in_transaction = 0; }
            }
        }
    }
    double elapsed = seconds() - started;
    printf("{\"name\":\"ceiling\",\"commands\":%d,\"batch\":%d,\"seconds\":%.3f,\"commands_per_sec\":%.0f}\n",
           total, batch, elapsed, total / elapsed);
    sqlite3_close(db);
    return 0;
}
