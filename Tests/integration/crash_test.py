"""Crash test: the real server under concurrent load is killed with SIGKILL and restarted.

Every acknowledged submission and action must still be there, nothing unacknowledged may
be half-applied (each dossier's event count equals its version, hash chains intact), and
`motcua audit verify` must pass. Also checks that environment overrides reach the server
and that /metrics answers. Run by `make test`; prints "N passed, N failed".
"""
import http.client
import json
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from database import Database  # noqa: E402
from harness import BIN, ROOT, Tally, free_port, request, seed, start  # noqa: E402

tally = Tally()
check = tally.check


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-crash-"))
    db = Database(work)
    database = db.target
    print(f"crash test on {db.label}")
    token, users = seed(database, work)
    ids = {}
    roles = {(u["role"], u["department"]) for u in users}
    check("demo users cover the contract", {("desk", "MC"), ("clerk", "VP"), ("director", None), ("portal", None), ("admin", None),
                                            ("department_head", "QLCN"), ("specialist", "QLCN"), ("department_head", "QLKH"),
                                            ("specialist", "QLKH")} <= roles, str(sorted(roles, key=str)))
    chain = [("forward", "motcua.desk", {}), ("forward", "truong.phong.qlcn", {"assignee": None}), ("forward", "chuyen.vien.qlcn", {}),
             ("forward", "truong.phong.qlcn", {}), ("forward", "giam.doc", {}), ("forward", "van.thu", {}), ("deliver", "motcua.desk", {})]
    acked = {}  # code -> highest acknowledged version
    lock = threading.Lock()
    for cycle in range(3):
        port = free_port()
        server = start(database, port)
        if not ids:
            status, specialists = request(port, "GET", "/api/v1/users?role=specialist&department=QLCN", token["motcua.desk"])
            ids["specialist"] = specialists[0]["id"]
        if cycle == 0:
            status, metrics = 0, None
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                text = r.read().decode()
            check("metrics answer", r.status == 200 and "# TYPE" in text, text[:200])
        stop = threading.Event()

        def worker():
            while not stop.is_set():
                try:
                    status, d = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                                        {"procedureCode": "1.000173", "applicant": {"name": "Nguyễn Văn Tải"}, "summary": "Thử tải"})
                    if status != 201:
                        continue
                    code, version = d["code"], d["version"]
                    with lock:
                        acked[code] = version
                    for action, user, fields in chain:
                        if stop.is_set():
                            return
                        body = {"action": action, **{k: (ids["specialist"] if v is None else v) for k, v in fields.items()}}
                        status, d = request(port, "POST", f"/api/v1/dossiers/{code}/actions", token[user], body,
                                            headers={"If-Match": str(version)})
                        if status != 200:
                            break
                        version = d["version"]
                        with lock:
                            acked[code] = max(acked[code], version)
                except (OSError, ValueError, http.client.HTTPException):
                    # The server was killed under this request (a short read is an
                    # HTTPException, not an OSError): this worker's part is over.
                    return

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(2.5)
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        log = server.stdout.read().decode(errors="replace")
        leaked = [t for t in token.values() if t in log] + [s for s in ("Nguyễn Văn Tải", "Thử tải") if s in log]
        check(f"cycle {cycle}: the log holds no token and no personal data", not leaked and "request" in log, log[-500:])
        for t in threads:
            t.join(timeout=15)
        check(f"cycle {cycle}: load ran", len(acked) > 0, str(len(acked)))

    port = free_port()
    server = start(database, port, env={"MOTCUA_LOG_LEVEL": "warning"})
    reads_from = time.time() - 1
    director_reads = 0
    try:
        missing, behind, chains = [], [], []
        for code, version in acked.items():
            status, d = request(port, "GET", f"/api/v1/dossiers/{code}", token["giam.doc"])
            director_reads += status == 200
            if status != 200:
                missing.append(code)
                continue
            if d["version"] < version:
                behind.append((code, version, d["version"]))
            status, events = request(port, "GET", f"/api/v1/dossiers/{code}/events", token["giam.doc"])
            director_reads += status == 200
            prev = "0" * 64
            ok = len(events) == d["version"] and [e["seq"] for e in events] == list(range(1, d["version"] + 1))
            for e in events:
                ok = ok and e["prevHash"] == prev
                prev = e["hash"]
            if not ok:
                chains.append(code)
        check("every acknowledged dossier survived", not missing, str(missing[:5]))
        check("every acknowledged action survived", not behind, str(behind[:5]))
        check("no half-applied command: events match versions, chains intact", not chains, str(chains[:5]))
        status, page = request(port, "GET", "/api/v1/dossiers?limit=200", token["giam.doc"])
        check("listing works after the crashes", status == 200, str(status))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
            check("SIGTERM shuts down gracefully", server.returncode == 0, str(server.returncode))
        except subprocess.TimeoutExpired:
            server.kill()
            check("SIGTERM shuts down gracefully", False, "timeout")
    # Reads are logged in batches without holding the answer; a clean stop writes every one.
    logged = int(db.query("SELECT COUNT(*) FROM access_log WHERE role = 'director' AND view IN ('dossier', 'events') AND at >= ?",
                          (reads_from,))[0][0])
    check("every read before a clean stop is in the access log", logged == director_reads and director_reads > 0,
          f"{logged} logged, {director_reads} reads")
    audit = subprocess.run([BIN, "audit", "verify", "--database", database], cwd=ROOT, capture_output=True, text=True)
    check("audit verify passes", audit.returncode == 0, audit.stdout + audit.stderr)
    print(f"acknowledged dossiers: {len(acked)}, acknowledged versions: {sum(acked.values())}")
    # Tampering is caught by the CLI, naming the dossier.
    victim = sorted(acked)[0]
    changed = db.tamper_event(victim, "Nguyễn", "Nguyen")
    audit = subprocess.run([BIN, "audit", "verify", "--database", database], cwd=ROOT, capture_output=True, text=True)
    check("audit verify names the tampered dossier", changed == 0 or (audit.returncode == 1 and victim in audit.stderr),
          f"{changed} {audit.returncode} {audit.stderr}")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
