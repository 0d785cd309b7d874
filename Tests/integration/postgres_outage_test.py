"""PostgreSQL stopped for 10 s under load, then started again (run through
scripts/with-postgres.sh, which names the cluster's data directory and binaries).

While the database is down every answer is 503 `database_unavailable` in the contract's
error shape with Retry-After (the one 5xx the contract allows), never another 5xx and never
a dropped connection; no instance exits; both recover by themselves when it returns; nothing
acknowledged is lost and the hash chains verify. Prints "N passed, N failed".
"""
import os
import pathlib
import subprocess
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import BIN, ROOT, Tally, call, instances_on_postgres, stop  # noqa: E402

tally = Tally()
check = tally.check


def pg_ctl(*args):
    """pg_ctl on the test cluster, as its owner (postgres refuses to run as root)."""
    command = [os.path.join(os.environ["MOTCUA_TEST_POSTGRES_BIN"], "pg_ctl"), "-D", os.environ["MOTCUA_TEST_POSTGRES_DATA"], *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--"] + command
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def main():
    if not os.environ.get("MOTCUA_TEST_POSTGRES_DATA"):
        print("FAIL the outage test needs the cluster of scripts/with-postgres.sh")
        return 1
    _, db, token, ports, servers = instances_on_postgres("motcua-outage-")
    acked, answers, lock, stop_load = {}, [], threading.Lock(), threading.Event()

    def worker(port):
        while not stop_load.is_set():
            status, d, headers = call(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                                      {"procedureCode": "1.000173", "applicant": {"name": "Lê Văn Bền"}, "summary": "Thử sự cố"},
                                      timeout=20)
            with lock:
                answers.append((time.time(), status, d, headers))
            if status == 201:
                with lock:
                    acked[d["code"]] = d["version"]
                status, d2, headers = call(port, "POST", f"/api/v1/dossiers/{d['code']}/actions", token["motcua.desk"],
                                           {"action": "forward"}, {"If-Match": str(d["version"])}, timeout=20)
                with lock:
                    answers.append((time.time(), status, d2, headers))
                    if status == 200:
                        acked[d["code"]] = d2["version"]
            elif status in (0, 503):
                time.sleep(0.2)

    threads = [threading.Thread(target=worker, args=(ports[i % 2],)) for i in range(6)]
    for t in threads:
        t.start()
    time.sleep(2)
    before = len(acked)
    down_at = time.time()
    pg_ctl("stop", "-m", "fast", "-w")
    time.sleep(10)
    pg_ctl("start", "-w", "-t", "60", "-l", os.path.join(os.environ["MOTCUA_TEST_POSTGRES_DATA"], "..", "server.log"))
    up_at = time.time()
    recovered = {}
    deadline = time.time() + 30
    while time.time() < deadline and len(recovered) < 2:
        for i, port in enumerate(ports):
            if i not in recovered and call(port, "GET", "/api/v1/dossiers?limit=1", token["giam.doc"], timeout=20)[0] == 200:
                recovered[i] = time.time() - up_at
        time.sleep(0.2)
    time.sleep(2)
    stop_load.set()
    for t in threads:
        t.join(timeout=30)

    during = [a for a in answers if down_at + 1 < a[0] < up_at]
    unavailable = [a for a in during if a[1] == 503]
    check("load ran before the outage", before > 0, str(before))
    check("requests during the outage were answered 503", len(unavailable) > 0, str([a[1] for a in during][:20]))
    shapes = [a for a in unavailable if not (isinstance(a[2], dict) and a[2].get("error", {}).get("code") == "database_unavailable"
                                             and a[2]["error"].get("message") and a[3].get("Retry-After"))]
    check("every 503 is database_unavailable in the error shape with Retry-After", not shapes, str(shapes[:2]))
    other = [(a[1], a[2]) for a in answers if a[1] >= 500 and a[1] != 503]
    check("no other 5xx at any time", not other, str(other[:3]))
    dropped = [a[2] for a in answers if a[1] == 0]
    check("no connection dropped or refused by the instances", not dropped, str(dropped[:3]))
    check("no instance exited", all(s.poll() is None for s in servers), str([s.poll() for s in servers]))
    check("both instances recovered by themselves", len(recovered) == 2, str(recovered))
    check("acknowledgements resumed after the outage", len(acked) > before and any(a[1] == 201 and a[0] > up_at for a in answers),
          f"{before} → {len(acked)}")
    missing, behind = [], []
    for code, version in acked.items():
        status, d, _ = call(ports[0], "GET", f"/api/v1/dossiers/{code}", token["giam.doc"], timeout=20)
        if status != 200:
            missing.append((code, status))
        elif d["version"] < version:
            behind.append((code, version, d["version"]))
    check("every acknowledged dossier and action is there", not missing and not behind, str((missing[:3], behind[:3])))
    for s in servers:
        check("the instance stops cleanly", stop(s) == 0)
    audit = subprocess.run([BIN, "audit", "verify", "--database", db.target], cwd=ROOT, capture_output=True, text=True)
    check("audit verify passes", audit.returncode == 0, audit.stdout + audit.stderr)
    print(f"acknowledged {len(acked)} dossiers; {len(unavailable)} answers 503 during the outage; recovered after "
          + ", ".join(f"{v:.1f} s" for v in recovered.values()))
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
