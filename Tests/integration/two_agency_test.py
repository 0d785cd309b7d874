"""Two agencies end to end, as two `motcua serve` processes on separate databases, exchanging
official documents through the stand-in national axis (Tests/integration/axis_stub.py, which
checks every call's signed headers).

Agency A (Sở Khoa học và Công nghệ) drafts, reviews, signs, numbers and issues a document to
agency B (Sở Tài chính); B's poller takes it in and registers it (01, 03 back to A); B's
director instructs, the lead department's head assigns, the specialist finishes (04, 05, 06
back); A sees each status for B. Then: the axis offers the same package again (not
registered twice); a copy of it with one byte of its Subject changed is refused (acknowledged
`fail`, 02 back to A naming the signature); A recalls a second document and B destroys its
copy's content (15 back). Last, A issues 200 documents in a burst and B is SIGKILLed in the
middle of taking them in; after B's restart every one is registered once, with consecutive
incoming numbers, and both audit chains verify.

Each agency has its own openssl key and certificate and trusts only the other's. Run by
`make test` twice: on SQLite, and with MOTCUA_TEST_BACKEND=postgres (each agency then on a
database of its own on the throwaway cluster, so documents, their numbers, the poller and
the crash in the middle of the burst are proven on PostgreSQL too); prints "N passed, N
failed".
"""
import concurrent.futures
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from database import Database  # noqa: E402
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop, wait_for  # noqa: E402

tally = Tally()
check = tally.check

A = {"code": "000.00.01.H22", "name": "Sở Khoa học và Công nghệ", "system": "sys-a", "secret": "secret-a-0001"}
B = {"code": "000.00.02.H22", "name": "Sở Tài chính", "system": "sys-b", "secret": "secret-b-0002"}
BURST = 200


class Agency:
    """One motcua serve process: its database, tokens, port and log."""

    def __init__(self, me, other, work, axis_port):
        self.me, self.work = me, work
        self.database = Database(work).target
        self.tokens, _ = seed(self.database, work)
        self.key, self.cert = work / "key.pem", work / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(self.key), "-out", str(self.cert),
                        "-days", "30", "-subj", f"/C=VN/O={me['system']}/CN=van thu"], check=True, capture_output=True)
        self.env = {"MOTCUA_AGENCY_CODE": me["code"], "MOTCUA_AGENCY_NAME": me["name"],
                    "MOTCUA_AXIS_URL": f"http://127.0.0.1:{axis_port}", "MOTCUA_AXIS_SYSTEMID": me["system"],
                    "MOTCUA_AXIS_SECRET": me["secret"], "MOTCUA_AXIS_POLLSECONDS": "1",
                    "MOTCUA_DOCUMENTS_SIGNINGKEY": str(self.key), "MOTCUA_DOCUMENTS_SIGNINGCERTIFICATE": str(self.cert),
                    "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "1",
                    "MOTCUA_AUDIT_KEYFILE": str(work / "audit.key"), "MOTCUA_AUDIT_CHECKPOINTDIR": str(work / "checkpoints")}
        self.other = other
        self.server = None
        self.port = None
        self.runs = 0

    def trust(self, other_cert):
        self.env["MOTCUA_DOCUMENTS_TRUSTEDCERTIFICATES"] = str(other_cert)

    def start(self):
        self.runs += 1
        self.port = free_port()
        self.server = start(self.database, self.port, env=self.env, log=open(self.work / f"serve-{self.runs}.log", "w"))

    def call(self, method, path, who, body=None):
        return request(self.port, method, path, self.tokens[who], body)

    def act(self, code, who, **body):
        return self.call("POST", f"/api/v1/dossiers/{code}/actions", who, body)

    def register(self, book):
        status, answer = self.call("GET", f"/api/v1/registers/{book}", "van.thu")
        return answer["lines"] if status == 200 else []

    def cases(self):
        """Every case's code, page by page."""
        codes, cursor = [], None
        while True:
            status, page = self.call("GET", "/api/v1/dossiers?limit=200" + (f"&cursor={cursor}" if cursor else ""), "van.thu")
            if status != 200:
                raise RuntimeError(f"list: {status} {page}")
            codes += [d["code"] for d in page["items"]]
            cursor = page["nextCursor"]
            if not cursor:
                return codes

    def answers(self, code):
        status, events = self.call("GET", f"/api/v1/dossiers/{code}/events", "van.thu")
        return [e["answer"] for e in events if "answer" in e] if status == 200 else []


def axis_state(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/debug/state", timeout=10) as r:
        return json.loads(r.read())


def axis_post(port, path, body=b""):
    with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST"), timeout=10) as r:
        return json.loads(r.read())


def axis_body(port, doc):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/debug/body?docId={doc}", timeout=10) as r:
        return r.read()


def issue(a, subject):
    """A's specialist drafts to B; the head approves, the director signs, the clerk numbers."""
    status, draft = a.call("POST", "/api/v1/documents/drafts", "chuyen.vien.qlkh",
                           {"type": "CV", "subject": subject, "content": "Kính gửi Sở Tài chính.", "recipients": [B["code"]]})
    if status != 201:
        raise RuntimeError(f"draft: {status} {draft}")
    code = draft["code"]
    for who, action in [("chuyen.vien.qlkh", "submit"), ("truong.phong.qlkh", "approve"), ("giam.doc", "sign"), ("van.thu", "number")]:
        status, reply = a.act(code, who, action=action)
        if status != 200:
            raise RuntimeError(f"{action}: {status} {reply}")
    return code


def inbound_to_b(axis_port):
    return [m for m in axis_state(axis_port)["messages"] if m["to"] == [B["code"]] and m["messageType"] == "edoc"]


def exchange(a, b, axis_port):
    """The first document's whole round trip, the duplicate, the tampered copy and the recall."""
    check("A's directory lists B", wait_for(lambda: B["code"] in [x["code"] for x in a.call("GET", "/api/v1/agencies", "van.thu")[1]], timeout=20))
    first = issue(a, "Về việc phối hợp thẩm định dự toán năm 2027")
    status, issued = a.call("GET", f"/api/v1/dossiers/{first}", "van.thu")
    notation = issued["document"]["numberAndNotation"]
    check("A numbered its document", status == 200 and issued["state"] == "issued" and notation.endswith("/SKHCN-QLKH"), str(issued)[:300])
    check("B registers it on arrival", wait_for(lambda: len(b.register("den")) == 1, timeout=30), str(b.register("den")))
    line = b.register("den")[0]
    check("B's register names A's number and notation", line["numberAndNotation"] == notation and line["number"] == 1, str(line))
    status, copy = b.call("GET", f"/api/v1/dossiers/{line['code']}", "van.thu")
    check("A's signature valid and trusted at B", copy["document"]["signature"].get("verdict") == "valid"
          and copy["document"]["signature"].get("trusted") is True, str(copy["document"]["signature"]))
    check("01 and 03 reach A", wait_for(lambda: [x["code"] for x in a.answers(first)] == ["01", "03"], timeout=30), str(a.answers(first)))

    me = request(b.port, "GET", "/api/v1/me", b.tokens["chuyen.vien.qlkh"])[1]
    for who, body in [("giam.doc", {"action": "instruct", "lead": "QLKH", "note": "Phòng QLKH chủ trì"}),
                      ("truong.phong.qlkh", {"action": "assign", "assignee": me["id"]}),
                      ("chuyen.vien.qlkh", {"action": "finish", "note": "Đã thẩm định, trả lời Sở KH&CN"})]:
        status, reply = b.act(line["code"], who, **body)
        check(f"B: {body['action']}", status == 200, str(reply)[:300])
    check("04, 05, 06 reach A in order", wait_for(lambda: [x["code"] for x in a.answers(first)] == ["01", "03", "04", "05", "06"], timeout=30),
          str(a.answers(first)))
    recipients = a.call("GET", f"/api/v1/dossiers/{first}", "van.thu")[1]["document"]["recipients"]
    check("A shows B's status per recipient", [(r["organId"], r["status"], r["statusLabel"]) for r in recipients]
          == [(B["code"], "06", "Hoàn thành")], str(recipients))

    # The axis offers A's package again (as after a lost acknowledgement): acknowledged, not registered twice.
    original = inbound_to_b(axis_port)[0]["docId"]
    axis_post(axis_port, f"/debug/redeliver?docId={original}&to={B['code']}")
    check("the package offered again is acknowledged again", wait_for(
        lambda: sum(1 for x in axis_state(axis_port)["acks"] if x["docId"] == original and x["status"] == "done") >= 2, timeout=20))
    check("and not registered twice", len(b.register("den")) == 1, str(b.register("den")))

    # A copy of it with one byte of the Subject changed: refused, answered 02.
    package = axis_body(axis_port, original)
    tampered = package.replace("thẩm định dự toán".encode(), "thẩm định dự toan".encode(), 1)
    check("the copy differs by one character of the Subject", tampered != package and len(tampered) == len(package) - 1)
    forged = axis_post(axis_port, f"/debug/inject?from={A['code']}&to={B['code']}", tampered)["DocId"]
    check("B acknowledges the tampered copy 'fail'", wait_for(
        lambda: [x["status"] for x in axis_state(axis_port)["acks"] if x["docId"] == forged] == ["fail"], timeout=20))
    check("02 reaches A, naming the signature", wait_for(
        lambda: any(x["code"] == "02" and "Chữ ký số" in (x["description"] or "") for x in a.answers(first)), timeout=30),
        str(a.answers(first)))
    check("nothing registered for it", len(b.register("den")) == 1)

    # A recalls a second document: B destroys its copy's content and answers 15.
    second = issue(a, "Về việc ban hành nhầm")
    check("B registers the second", wait_for(lambda: len(b.register("den")) == 2, timeout=30))
    status, reply = a.act(second, "giam.doc", action="recall", reason="Ban hành nhầm đối tượng")
    check("A recalls it", status == 200 and reply["state"] == "recalled", str(reply)[:300])
    copy_code = b.register("den")[1]["code"]
    check("B destroys its copy's content", wait_for(lambda: (lambda d: d["state"] == "recalled" and d["document"]["contentDestroyed"])(
        b.call("GET", f"/api/v1/dossiers/{copy_code}", "van.thu")[1]), timeout=30))
    check("15 reaches A", wait_for(lambda: "15" in [x["code"] for x in a.answers(second)], timeout=30), str(a.answers(second)))


def burst(a, b, axis_port):
    """A issues BURST documents while B takes them in; B is SIGKILLed in the middle."""
    before = len(b.register("den"))
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        jobs = [pool.submit(issue, a, f"Về việc số liệu thống kê quý {i}") for i in range(1, BURST + 1)]
        seen = []
        wait_for(lambda: len(seen.__setitem__(slice(None), b.register("den")) or seen) >= before + 3, timeout=120, step=0.02)
        b.server.send_signal(signal.SIGKILL)
        b.server.wait()
        codes = [j.result() for j in jobs]
    killed_at = len(seen) - before
    print(f"B SIGKILLed with {killed_at} of {BURST} registered", flush=True)
    check("B killed in the middle of the burst", 1 <= killed_at < BURST, f"{killed_at} registered when killed")
    check("A issued all of them", len(codes) == BURST)
    b.start()
    total = before + BURST
    check("every package registered after B's restart", wait_for(lambda: len(b.register("den")) >= total, timeout=180, step=0.5),
          f"{len(b.register('den'))} of {total}")
    check("nothing left pending for B", wait_for(lambda: not [m for m in inbound_to_b(axis_port)
                                                             if m["status"][B["code"]] in ("pending", "processing")], timeout=30))
    time.sleep(2.5)  # one more poll: a package offered again must not make a second case
    lines = b.register("den")
    check("incoming numbers consecutive, each once", [x["number"] for x in lines] == list(range(1, total + 1)),
          str([x["number"] for x in lines][-5:]))
    outgoing = [x["numberAndNotation"] for x in a.register("di")]
    check("each of A's documents registered once at B", sorted(x["numberAndNotation"] for x in lines) == sorted(outgoing),
          f"{len(lines)} lines at B, {len(outgoing)} issued by A")
    check("B holds one case per document", len(b.cases()) == total, str(len(b.cases())))
    check("03 reaches A for every burst document", wait_for(
        lambda: all("03" in [x["code"] for x in a.answers(code)] for code in codes[-20:]), timeout=90))


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-two-agencies-"))
    (work / "a").mkdir()
    (work / "b").mkdir()
    axis = subprocess.Popen([sys.executable, str(ROOT / "Tests" / "integration" / "axis_stub.py"), "--port", "0",
                             "--agency", f"{A['code']}={A['system']}:{A['secret']}:{A['name']}",
                             "--agency", f"{B['code']}={B['system']}:{B['secret']}:{B['name']}"], stdout=subprocess.PIPE, text=True)
    axis_port = int(axis.stdout.readline().split()[1])
    a = Agency(A, B, work / "a", axis_port)
    b = Agency(B, A, work / "b", axis_port)
    a.trust(b.cert)
    b.trust(a.cert)
    try:
        a.start()
        b.start()
        exchange(a, b, axis_port)
        burst(a, b, axis_port)
        state = axis_state(axis_port)
        check("no call refused by the axis (signed headers)", state["refused"] == [], str(state["refused"][:3]))
        for agency in (a, b):
            stop(agency.server)
            verify = subprocess.run([BIN, "audit", "verify", "--database", agency.database], cwd=ROOT, capture_output=True, text=True,
                                    env={**os.environ, **agency.env})
            check(f"audit verify passes at {agency.me['name']}", verify.returncode == 0, verify.stdout[-300:] + verify.stderr[-300:])
    finally:
        for agency in (a, b):
            if agency.server and agency.server.poll() is None:
                agency.server.kill()
        axis.kill()
        axis.wait()
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
