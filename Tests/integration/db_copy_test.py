"""`motcua db migrate` and `motcua db copy` (run through scripts/with-postgres.sh).

A SQLite installation with dossiers at every stage, an idempotency key and a supplement
round is copied into an empty PostgreSQL database; then a server on PostgreSQL shows every
dossier at the same version with the same history and hashes, the users' tokens work, the
day's codes continue where SQLite stopped, and `audit verify` passes there. A second copy
into the now full database, a broken source chain, a missing file and bad URLs are refused
with a clear message and write nothing. Prints "N passed, N failed".
"""
import os
import pathlib
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from database import Database  # noqa: E402
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop  # noqa: E402

tally = Tally()
check = tally.check


def motcua(*args):
    return subprocess.run([BIN, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def main():
    if not os.environ.get("MOTCUA_TEST_POSTGRES_URL"):
        print("FAIL the copy test needs the cluster of scripts/with-postgres.sh")
        return 1
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-copy-"))
    sqlite_path = str(work / "motcua.sqlite")
    token, _ = seed(sqlite_path, work)
    port = free_port()
    server = start(sqlite_path, port, log=open(work / "sqlite.log", "w"))
    specialist = request(port, "GET", "/api/v1/users?role=specialist&department=QLCN", token["motcua.desk"])[1][0]["id"]
    codes = []
    for i in range(12):
        status, d = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                            {"procedureCode": "1.000173", "applicant": {"name": f"Phạm Thị Ngọc {i}", "email": f"ngoc{i}@example.vn"},
                             "summary": "Chuyển sang PostgreSQL"}, headers={"Idempotency-Key": f"copy-{i}"})
        check("a dossier is logged on SQLite", status == 201, str(d)[:200])
        codes.append(d["code"])
        steps = [("motcua.desk", {"action": "forward"}), ("truong.phong.qlcn", {"action": "forward", "assignee": specialist}),
                 ("chuyen.vien.qlcn", {"action": "request_supplement", "reason": "Thiếu bản sao", "items": ["Bản sao CCCD"]}),
                 ("motcua.desk", {"action": "submit_supplement"})][: i % 5]
        for user, body in steps:
            status, d = request(port, "POST", f"/api/v1/dossiers/{d['code']}/actions", token[user], body)
            check(f"{body['action']} on SQLite", status == 200, str(d)[:200])
    before = {c: request(port, "GET", f"/api/v1/dossiers/{c}", token["giam.doc"])[1] for c in codes}
    history = {c: request(port, "GET", f"/api/v1/dossiers/{c}/events", token["giam.doc"])[1] for c in codes}
    check("the SQLite server stops", stop(server) == 0)

    os.environ["MOTCUA_TEST_BACKEND"] = "postgres"
    target = Database(work).target

    # db migrate on an empty PostgreSQL database and on the SQLite file.
    migrated = motcua("db", "migrate", "--database", target)
    check("db migrate on PostgreSQL lists what it applied", migrated.returncode == 0 and "up to date" in migrated.stdout
          and "migrations applied" in migrated.stdout and "password" not in migrated.stdout, migrated.stdout + migrated.stderr)
    migrated = motcua("db", "migrate", "--database", sqlite_path)
    check("db migrate on SQLite too", migrated.returncode == 0 and "up to date" in migrated.stdout, migrated.stdout + migrated.stderr)

    # Refusals that write nothing.
    bad = motcua("db", "copy", "--from", "sqlite:" + str(work / "none.sqlite"), "--to", target)
    check("a missing source file is refused", bad.returncode == 1 and "no such SQLite file" in bad.stderr, bad.stderr)
    bad = motcua("db", "copy", "--from", sqlite_path, "--to", "mysql://x@y/z")
    check("a target that is not a PostgreSQL URL is a usage error", bad.returncode == 2 and "postgres://" in bad.stderr, bad.stderr)
    bad = motcua("db", "copy", "--from", sqlite_path, "--to", target + "?pool=abc")
    check("a malformed URL is a usage error naming the rule", bad.returncode == 2 and "pool" in bad.stderr, bad.stderr)
    tampered = work / "tampered.sqlite"
    con = sqlite3.connect(sqlite_path)
    con.execute(f"VACUUM INTO '{tampered}'")
    con.close()
    con = sqlite3.connect(tampered)
    con.execute("DROP TRIGGER events_no_update")
    changed = con.execute("UPDATE events SET payload = replace(payload, 'Nguyễn Thị Mai', 'Nguyen Thi Mai') "
                          "WHERE dossier_code = ? AND seq = 1 AND payload LIKE '%Nguyễn Thị Mai%'", (codes[3],)).rowcount
    con.commit()
    check("the tampered copy's event was changed", changed == 1, str(changed))
    con.close()
    bad = motcua("db", "copy", "--from", str(tampered), "--to", target)
    check("a source whose chain is broken is refused, naming the dossier", bad.returncode == 1 and codes[3] in bad.stderr, bad.stderr)

    # The copy.
    copied = motcua("db", "copy", "--from", "sqlite:" + sqlite_path, "--to", target)
    check("db copy succeeds and says what it verified", copied.returncode == 0 and "12 hash chains verify" in copied.stdout,
          copied.stdout + copied.stderr)
    check("progress per table on stderr", "dossiers: 12 rows" in copied.stderr and "events:" in copied.stderr, copied.stderr)
    again = motcua("db", "copy", "--from", sqlite_path, "--to", target)
    check("a second copy into the full database is refused", again.returncode == 1 and "already holds" in again.stderr, again.stderr)

    port = free_port()
    server = start(target, port, log=open(work / "postgres.log", "w"))
    try:
        after = {c: request(port, "GET", f"/api/v1/dossiers/{c}", token["giam.doc"])[1] for c in codes}
        check("every dossier at the same version, state and deadline",
              all(after[c]["version"] == before[c]["version"] and after[c]["state"] == before[c]["state"]
                  and after[c].get("dueAt") == before[c].get("dueAt") for c in codes),
              str([(c, before[c]["version"], after[c].get("version")) for c in codes][:4]))
        same = all(request(port, "GET", f"/api/v1/dossiers/{c}/events", token["giam.doc"])[1] == history[c] for c in codes)
        check("every history identical, hashes included", same)
        status, d = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                            {"procedureCode": "1.000173", "applicant": {"name": "Đặng Văn Mới"}})
        last = max(int(c.rsplit("-", 1)[1]) for c in codes if c.rsplit("-", 2)[1] == d["code"].rsplit("-", 2)[1])
        check("the day's codes continue after the copied ones (the tokens work)", status == 201
              and int(d["code"].rsplit("-", 1)[1]) == last + 1, str(d)[:200])
        status, replay = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                                 {"procedureCode": "1.000173", "applicant": {"name": "Phạm Thị Ngọc 0", "email": "ngoc0@example.vn"},
                                  "summary": "Chuyển sang PostgreSQL"}, headers={"Idempotency-Key": "copy-0"})
        check("an idempotency key given on SQLite still answers with its dossier", status == 201 and replay["code"] == codes[0],
              str(replay)[:200])
        status, _ = request(port, "POST", f"/api/v1/dossiers/{codes[1]}/actions", token["truong.phong.qlcn"],
                            {"action": "forward", "assignee": specialist})
        check("a copied dossier moves on, on PostgreSQL", status == 200)
    finally:
        check("the PostgreSQL server stops", stop(server) == 0)
    audit = motcua("audit", "verify", "--database", target)
    check("audit verify passes on PostgreSQL", audit.returncode == 0, audit.stdout + audit.stderr)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
