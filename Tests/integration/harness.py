"""Shared pieces of the integration tests: the motcua binary, free ports, JSON requests,
starting the server, seeding demo users, waiting, and the pass/fail tally that prints the
closing "N passed, N failed" line CI reads."""
import http.client
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("MOTCUA_BIN") or str(ROOT / ".build" / "debug" / "motcua")


class Tally:
    """Counts checks; a failed one prints its name and detail at once."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}", flush=True)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=20, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def request(port, method, path, token=None, body=None, headers=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def call(port, method, path, token, body=None, headers=None, timeout=30):
    """(status, parsed body, headers) for the tests that kill servers or the database under
    load: status 0 when the connection failed or broke off mid-answer (a server killed after
    its head went out: the body is short, http.client raises IncompleteRead, which is not an
    OSError), and a body that is not JSON (a proxy's error page) comes back as text instead
    of raising."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null"), dict(r.headers)
    except urllib.error.HTTPError as e:
        try:
            raw = e.read()
        except (OSError, http.client.HTTPException) as broken:
            return 0, f"{type(broken).__name__}: {broken}", {}
        try:
            parsed = json.loads(raw or b"null")
        except ValueError:
            parsed = raw.decode(errors="replace")
        return e.code, parsed, dict(e.headers)
    except (OSError, http.client.HTTPException) as e:
        return 0, f"{type(e).__name__}: {e}", {}


def start(database, port, env=None, log=None):
    """Starts `motcua serve` on `port` (through MOTCUA_SERVER_PORT) and waits for /healthz.
    Its output goes to `log` (an open file) when given: a pipe nobody reads fills up after
    some thousand log lines and then blocks the server."""
    proc = subprocess.Popen([BIN, "serve", "--database", database], cwd=ROOT, stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "MOTCUA_SERVER_PORT": str(port), **(env or {})})
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if request(port, "GET", "/healthz", timeout=1)[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    output = proc.stdout.read().decode(errors="replace") if proc.stdout else pathlib.Path(log.name).read_text(errors="replace")
    raise RuntimeError("the server did not start: " + output[-2000:])


def seed(database, directory):
    """Seeds the demo users into `database`; returns (tokens by username, the raw user list)."""
    out = pathlib.Path(directory) / "tokens.json"
    result = subprocess.run([BIN, "demo", "seed", "--database", database, "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("demo seed failed: " + result.stderr)
    users = json.loads(out.read_text())
    return {u["username"]: u["token"] for u in users}, users


def stop(server, timeout=15):
    """Stops a server started by `start` with SIGTERM (SIGKILL if it will not go); returns its exit status."""
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


def instances_on_postgres(prefix, count=2):
    """A new database on the throwaway cluster (scripts/with-postgres.sh), the demo users
    seeded, and `count` servers on it, their logs in the work directory:
    (work directory, Database, tokens by username, ports, server processes)."""
    from database import Database
    work = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["MOTCUA_TEST_BACKEND"] = "postgres"
    db = Database(work)
    token, _ = seed(db.target, work)
    ports = [free_port() for _ in range(count)]
    servers = [start(db.target, p, log=open(work / f"server{i}.log", "w")) for i, p in enumerate(ports)]
    return work, db, token, ports, servers
