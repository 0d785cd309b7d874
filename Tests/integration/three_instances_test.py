"""Three `motcua serve` on one PostgreSQL behind Debian's nginx (run through
scripts/with-postgres.sh), with a portal receiver and an SMTP server.

Eight clients drive full lifecycles through nginx for a bounded time; one instance is
SIGKILLed mid-load and restarted. A request whose answer was lost (the instance died, nginx
answered 502) is sent again with the same Idempotency-Key until it gets a definite answer.
Afterwards: every acknowledged action is in the history exactly once and nothing else is,
the hash chains verify, dossier codes are unique and consecutive per day, every portal
message arrived at least once and in order per dossier with the same webhook-id (and body)
on repeats, every mail arrived with a stable Message-ID, and no deadline mark was made
twice. Prints "N passed, N failed".
"""
import base64
import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from aiosmtpd.controller import Controller

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from database import Database  # noqa: E402
from harness import BIN, ROOT, Tally, call, free_port, request, seed, start, stop, wait_for  # noqa: E402
from mail_test import Mailbox  # noqa: E402
from receiver import Receiver  # noqa: E402

SECRET = "whsec_" + base64.b64encode(b"motcua-three-instances-secret-42").decode()
LOAD_SECONDS = 24
CLIENTS = 8
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

tally = Tally()
check = tally.check

# The README's example, with the test's ports and paths.
NGINX_CONF = """
daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    upstream motcua {{ {servers} keepalive 32; }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 2m;
        location / {{
            proxy_pass http://motcua;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""

LIFECYCLE = [("motcua.desk", "forward", {}), ("truong.phong.qlcn", "forward", {"assignee": None}),
             ("chuyen.vien.qlcn", "request_supplement", {"reason": "Thiếu phiếu khám sức khỏe", "items": ["Phiếu khám sức khỏe"]}),
             ("motcua.desk", "submit_supplement", {}), ("chuyen.vien.qlcn", "forward", {}), ("truong.phong.qlcn", "forward", {}),
             ("giam.doc", "forward", {}), ("van.thu", "forward", {}), ("motcua.desk", "deliver", {})]


class Load:
    """The clients: each runs whole lifecycles until told to stop, then finishes the one it is on."""

    def __init__(self, port, token, specialist):
        self.port, self.token, self.specialist = port, token, specialist
        self.lock = threading.Lock()
        self.acked = collections.defaultdict(list)   # code -> [(action, version)] acknowledged
        self.lost = []                                # requests never definitely answered
        self.refused = []                             # definite answers other than success
        self.retried = 0                              # answers lost and asked again
        self.statuses = collections.Counter()
        self.finished = []                            # codes driven to the end
        self.stopping = threading.Event()

    def send(self, method, path, user, body):
        """Sends until the answer is definite; the same key makes a repeat harmless."""
        key = str(uuid.uuid4())
        deadline = time.time() + 60
        while True:
            status, answer, _ = call(self.port, method, path, self.token[user], body, {"Idempotency-Key": key} if key else None)
            with self.lock:
                self.statuses[status] += 1
            if status not in (0, 502, 503, 504):
                return status, answer
            if time.time() > deadline:
                with self.lock:
                    self.lost.append((path, status, answer))
                return status, answer
            with self.lock:
                self.retried += 1
            time.sleep(0.2)

    def client(self, n):
        while not self.stopping.is_set():
            status, d = self.send("POST", "/api/v1/dossiers", "motcua.desk",
                                  {"procedureCode": "1.000173", "summary": "Cấp chứng chỉ nhân viên bức xạ",
                                   "applicant": {"name": f"Nguyễn Văn Khách {n}", "email": f"khach{n}@example.vn"}})
            if status != 201:
                with self.lock:
                    self.refused.append(("create", status, d))
                continue
            code = d["code"]
            with self.lock:
                self.acked[code].append(("create", d["version"]))
            for user, action, fields in LIFECYCLE:
                fields = {k: (self.specialist if k == "assignee" else v) for k, v in fields.items()}
                status, d = self.send("POST", f"/api/v1/dossiers/{code}/actions", user, {"action": action, **fields})
                if status != 200:
                    with self.lock:
                        self.refused.append((code, action, status, d))
                    break
                with self.lock:
                    self.acked[code].append((action, d["version"]))
            else:
                with self.lock:
                    self.finished.append(code)


def consecutive_per_day(codes):
    """Codes end in -YYMMDD-NNNN: per day the numbers must be exactly 1…n."""
    days = collections.defaultdict(list)
    for code in codes:
        prefix, day, number = code.rsplit("-", 2)
        days[(prefix, day)].append(int(number))
    return all(sorted(n) == list(range(1, len(n) + 1)) for n in days.values()), {k: len(v) for k, v in days.items()}


def main():
    if not os.environ.get("MOTCUA_TEST_POSTGRES_URL"):
        print("FAIL the three-instance test needs the cluster of scripts/with-postgres.sh")
        return 1
    if not os.path.exists(NGINX):
        print("FAIL nginx is not installed (scripts/install-deps.sh --test installs Debian's)")
        return 1
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-three-"))
    os.chmod(work, 0o755)
    os.environ["MOTCUA_TEST_BACKEND"] = "postgres"
    db = Database(work)
    token, _ = seed(db.target, work)
    receiver = Receiver(SECRET)
    receiver_port = receiver.start()
    box = Mailbox()
    smtp_port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {"MOTCUA_PORTAL_URL": f"http://127.0.0.1:{receiver_port}/push", "MOTCUA_PORTAL_SECRET": SECRET,
           "MOTCUA_PORTAL_TIMEOUTMS": "2000", "MOTCUA_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
           "MOTCUA_SMTP_FROM": "motcua@sokhcn.example.vn", "MOTCUA_SMTP_STARTTLS": "none", "MOTCUA_SMTP_TIMEOUTMS": "2000",
           "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "1",
           "MOTCUA_DELIVERY_LEASESECONDS": "5",
           # Every running step is "due soon" at once, so that all three instances compete to mark it.
           "MOTCUA_SCANNER_INTERVALSECONDS": "1", "MOTCUA_SCANNER_DUESOONHOURS": "100000",
           "MOTCUA_AUDIT_CHECKPOINTMINUTES": "0"}
    ports = [free_port() for _ in range(3)]
    logs = [open(work / f"server{i}.log", "w") for i in range(3)]
    servers = [start(db.target, p, env, log=logs[i]) for i, p in enumerate(ports)]
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "nginx-tmp" / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(work / "nginx-tmp" / sub, 0o777)  # nginx's workers run as an unprivileged user
    lb_port = free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, port=lb_port,
                                                       servers=" ".join(f"server 127.0.0.1:{p};" for p in ports)))
    nginx = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-e", str(work / "nginx-error.log")],
                             stdout=subprocess.DEVNULL, stderr=open(work / "nginx.out", "w"))
    try:
        check("nginx answers for the instances",
              wait_for(lambda: call(lb_port, "GET", "/healthz", "")[0] == 200, timeout=15),
              (work / "nginx.out").read_text() + (work / "nginx-error.log").read_text() if (work / "nginx-error.log").exists() else "")
        specialist = request(ports[0], "GET", "/api/v1/users?role=specialist&department=QLCN", token["motcua.desk"])[1][0]["id"]
        load = Load(lb_port, token, specialist)
        threads = [threading.Thread(target=load.client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(LOAD_SECONDS / 3)
        before_kill = sum(len(v) for v in load.acked.values())
        servers[1].kill()
        servers[1].wait()
        time.sleep(2)
        servers[1] = start(db.target, ports[1], env, log=open(work / "server1-restarted.log", "w"))
        time.sleep(LOAD_SECONDS * 2 / 3 - 2)
        load.stopping.set()
        for t in threads:
            t.join(timeout=120)
        check("the clients stopped", not any(t.is_alive() for t in threads))
        acked = dict(load.acked)
        actions = sum(len(v) for v in acked.values())
        check("load ran before the kill and after it", 0 < before_kill < actions, f"{before_kill} of {actions}")
        check("every request got a definite answer (502s asked again)", not load.lost, str(load.lost[:3]))
        check("no request refused", not load.refused, str(load.refused[:3]))
        check("no 5xx reached a client except the dead instance's 502", all(s < 500 or s in (502,) for s in load.statuses),
              str(load.statuses))
        check("whole lifecycles finished", len(load.finished) >= CLIENTS, f"{len(load.finished)} of {len(acked)} dossiers")
        check("all three instances serve after the restart", all(s.poll() is None for s in servers), str([s.poll() for s in servers]))

        # Every acknowledged action exactly once, and nothing else.
        wrong = []
        for code, done in acked.items():
            status, events, _ = call(ports[2], "GET", f"/api/v1/dossiers/{code}/events", token["giam.doc"])
            got = [(e["action"] or "create", e["seq"]) for e in events] if status == 200 else None
            if got is None or [a for a, _ in got][1:] != [a for a, _ in done][1:] or [s for _, s in got] != [v for _, v in done]:
                wrong.append((code, done, got))
        check("every acknowledged action is in the history exactly once, nothing else",
              not wrong and actions > 0, json.dumps(wrong[:2], ensure_ascii=False)[:600])
        audit = subprocess.run([BIN, "audit", "verify", "--database", db.target], cwd=ROOT, capture_output=True, text=True)
        check("hash chains verify", audit.returncode == 0, audit.stdout + audit.stderr)
        codes = [r[0] for r in db.query("SELECT code FROM dossiers")]
        ok, days = consecutive_per_day(codes)
        check("dossier codes unique and consecutive per day", ok and len(codes) == len(set(codes)) == len(acked), str(days))

        # The portal: every message at least once, in order per dossier, repeats with the same id and body.
        expected = {r[0]: r[1] for r in db.query("SELECT id, dossier_code FROM outbox WHERE channel = 'portal'")}
        arrived = lambda: {i for i, _ in receiver.delivered()}  # noqa: E731
        check("every portal message delivered at least once",
              wait_for(lambda: set(expected) <= arrived(), timeout=60), str(sorted(set(expected) - arrived())[:5]))
        per_dossier = collections.defaultdict(list)
        bodies, mismatched = {}, []
        for msg_id, body in receiver.delivered():
            per_dossier[body["MaHoSo"]].append((msg_id, body["TrangThaiHoSo"]))
            if bodies.setdefault(msg_id, body) != body:
                mismatched.append(msg_id)
        out_of_order, wrong_statuses = [], []
        for code in load.finished:
            seen = per_dossier[code]
            order = list(dict.fromkeys(i for i, _ in seen))
            if [order.index(i) for i, _ in seen] != sorted(order.index(i) for i, _ in seen):
                out_of_order.append((code, seen))
            if [dict(seen)[i] for i in order] != [2, 4, 5, 4, 9, 10]:
                wrong_statuses.append((code, seen))
        check("portal messages in order per dossier (a repeat never after a later message)", not out_of_order, str(out_of_order[:2]))
        check("each finished dossier's statuses 2, 4, 5, 4, 9, 10", not wrong_statuses, str(wrong_statuses[:2]))
        check("a repeat has the same webhook-id and the same body", not mismatched, str(mismatched[:3]))
        check("every push signed", receiver.all_signed())
        repeats = sum(len(v) for v in per_dossier.values()) - len({i for v in per_dossier.values() for i, _ in v})

        # Mail: every message at least once, with its stable Message-ID.
        mails = {r[0] for r in db.query("SELECT id FROM outbox WHERE channel = 'email'")}
        received = lambda: {m["Message-ID"].strip("<>").removesuffix("@motcua") for _, _, m in box.messages}  # noqa: E731
        check("every mail delivered at least once, Message-ID = the message's id",
              wait_for(lambda: mails <= received(), timeout=60), str(sorted(mails - received())[:5]))

        # Deadline marks: made while three instances scanned, none twice, each warned about once.
        marks = db.query("SELECT dossier_code, step_seq, kind FROM deadline_marks")
        check("deadline marks were made", len(marks) > 0, str(len(marks)))
        check("no deadline mark twice", len(marks) == len(set(marks)))
        warnings = [r[0] for r in db.query("SELECT id FROM outbox WHERE id LIKE '%.w%.due_soon.%'")]
        unmarked = [w for w in warnings if (w.split(".w", 1)[0], w.split(".w", 1)[1].split(".")[0], "due_soon") not in set(marks)]
        check("each warning mail comes from a mark", warnings and not unmarked, str((len(warnings), unmarked[:3])))

        for s in servers:
            check("the instance stops cleanly", stop(s) == 0)
        print(f"{len(acked)} dossiers, {actions} acknowledged actions ({before_kill} before the kill), {len(load.finished)} lifecycles "
              f"finished, {load.retried} answers lost and asked again, portal repeats {repeats}, {len(marks)} deadline marks, "
              f"answers {dict(load.statuses)}")
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for s in servers:
            if s.poll() is None:
                s.kill()
        controller.stop()
        receiver.stop()
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
