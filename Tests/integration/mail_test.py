"""E-mail end to end: the real server, a real SMTP server (aiosmtpd) on 127.0.0.1.

The applicant receives the receipt, supplement-request and result mails, whose decoded
subjects and bodies carry the dossier code and correct Vietnamese text; each has a stable
Message-ID. With the SMTP server refusing, mails retry then go dead, and `motcua outbox
retry --all-dead` delivers them once it accepts again. The SMTP password never reaches
the logs. Prints "N passed, N failed".
"""
import email
import email.policy
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

from aiosmtpd.controller import Controller

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop, wait_for  # noqa: E402

PASSWORD = "mật-khẩu-smtp-bí-mật-42"


t = Tally()
check = t.check



class Mailbox:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []
        self.refusing = False
        self.refused = 0
        self.unknown = set()  # addresses answered 550 at RCPT
        self.rcpt_refusals = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            with self.lock:
                self.rcpt_refusals += 1
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            with self.lock:
                self.refused += 1
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.content, list(envelope.rcpt_tos), message))
        return "250 OK"

    def for_code(self, code):
        with self.lock:
            return [m for _, _, m in self.messages if code in str(m["Subject"])]


def main():
    box = Mailbox()
    smtp_port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-mail-"))
    database = str(work / "motcua.sqlite")
    token, _ = seed(database, work)
    env = {"MOTCUA_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}", "MOTCUA_SMTP_FROM": "motcua@sokhcn.example.vn",
           "MOTCUA_SMTP_STARTTLS": "none", "MOTCUA_SMTP_USERNAME": "motcua", "MOTCUA_SMTP_PASSWORD": PASSWORD,
           "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "0.5", "MOTCUA_DELIVERY_MAXATTEMPTS": "3"}
    port = free_port()
    server = start(database, port, env)
    try:
        specialist = request(port, "GET", "/api/v1/users?role=specialist&department=QLCN", token["motcua.desk"])[1][0]["id"]
        status, d = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                            {"procedureCode": "1.000173", "summary": "Cấp chứng chỉ nhân viên bức xạ",
                             "applicant": {"name": "Nguyễn Thị Hằng", "email": "hang@example.vn"}})
        code = d["code"]

        def act(user, action, **fields):
            s, b = request(port, "POST", f"/api/v1/dossiers/{code}/actions", token[user], {"action": action, **fields})
            check(f"{action}", s == 200, str(b)[:200])

        act("motcua.desk", "forward")
        act("truong.phong.qlcn", "forward", assignee=specialist)
        act("chuyen.vien.qlcn", "request_supplement", reason="Thiếu phiếu khám sức khỏe", items=["Phiếu khám sức khỏe còn hạn"])
        act("motcua.desk", "submit_supplement")
        for user in ["chuyen.vien.qlcn", "truong.phong.qlcn", "giam.doc", "van.thu"]:
            act(user, "forward")
        check("four mails arrive", wait_for(lambda: len(box.for_code(code)) == 4), str(len(box.for_code(code))))
        officer = [m for m in box.for_code(code) if m["To"] != "hang@example.vn"]
        check("the assignee is told", len(officer) == 1 and officer[0]["To"] == "chuyen.vien.qlcn@motcua.example.vn"
              and str(officer[0]["Subject"]) == f"Hồ sơ {code} được giao cho Ông/Bà"
              and "Thẩm định hồ sơ" in officer[0].get_body(preferencelist=("plain",)).get_content(), str(officer))
        mails = [m for m in box.for_code(code) if m["To"] == "hang@example.vn"]
        subjects = [str(m["Subject"]) for m in mails]
        check("subjects decode to correct Vietnamese",
              subjects == [f"Tiếp nhận hồ sơ {code}", f"Yêu cầu bổ sung, hoàn thiện hồ sơ {code}", f"Hồ sơ {code} đã có kết quả"],
              str(subjects))
        with box.lock:
            raw = [c for c, _, m in box.messages if code in str(m["Subject"]) and m["To"] == "hang@example.vn"]
        check("non-ASCII subjects travel as RFC 2047 words, the message is 7-bit",
              all(b"\r\nSubject: =?UTF-8?B?" in r or r.startswith(b"Subject: =?UTF-8?B?") for r in raw)
              and all(max(r) < 128 for r in raw), str(raw[0][:300]))
        texts = [m.get_body(preferencelist=("plain",)).get_content() for m in mails]
        htmls = [m.get_body(preferencelist=("html",)).get_content() for m in mails]
        check("receipt body: code, procedure, appointment", code in texts[0] and "Ngày hẹn trả kết quả:" in texts[0]
              and "Kính gửi Nguyễn Thị Hằng" in texts[0] and "Cấp và cấp lại chứng chỉ nhân viên bức xạ" in texts[0], texts[0])
        check("supplement body: reason and items", "Thiếu phiếu khám sức khỏe" in texts[1] and "- Phiếu khám sức khỏe còn hạn" in texts[1],
              texts[1])
        check("HTML alternatives carry the code", all(code in h for h in htmls))
        ids = [m["Message-ID"] for m in mails]
        check("stable Message-IDs per message", ids[0] == f"<{code}.1.receipt-mail@motcua>" and len(set(ids)) == 3, str(ids))
        check("to the applicant, from the agency", len(mails) == 3 and all(m["From"] == "motcua@sokhcn.example.vn" for m in mails))

        # The SMTP server refuses: mails retry, then go dead; replay delivers them.
        box.refusing = True
        status, d2 = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                             {"procedureCode": "1.000173", "applicant": {"name": "Trần Văn Bình", "email": "binh@example.vn"}})
        code2 = d2["code"]
        check("refused mails are retried", wait_for(lambda: box.refused >= 3, timeout=15), str(box.refused))
        status, dead = request(port, "GET", "/api/v1/outbox?status=dead", token["quan.tri"])
        check("then dead", wait_for(lambda: any(x["id"].startswith(code2) for x in request(port, "GET", "/api/v1/outbox?status=dead",
                                                                                             token["quan.tri"])[1]), timeout=10))
        box.refusing = False
        retried = subprocess.run([BIN, "outbox", "retry", "--all-dead", "--database", database], cwd=ROOT, capture_output=True, text=True)
        check("outbox retry --all-dead", retried.returncode == 0, retried.stderr)
        check("delivered once the server accepts", wait_for(lambda: len(box.for_code(code2)) == 1, timeout=15))
        status, deliveries = request(port, "GET", f"/api/v1/dossiers/{code2}/deliveries", token["motcua.desk"])
        check("the deliveries endpoint shows the history", status == 200 and deliveries[0]["status"] == "delivered"
              and deliveries[0]["channel"] == "email" and len(deliveries[0]["attempts"]) >= 4
              and deliveries[0]["attempts"][0]["status"] == 451 and deliveries[0]["attempts"][-1]["status"] == 250, str(deliveries)[:600])
        # A 550 for the officer is final at once, and does not hold back the applicant's mails.
        box.unknown = {"chuyen.vien.qlcn@motcua.example.vn"}
        status, d3 = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                             {"procedureCode": "1.000173", "applicant": {"name": "Lê Thị Cúc", "email": "cuc@example.vn"}})
        code3 = d3["code"]
        for user, action, fields in [("motcua.desk", "forward", {}), ("truong.phong.qlcn", "forward", {"assignee": specialist}),
                                     ("chuyen.vien.qlcn", "request_supplement", {"reason": "Thiếu bản sao", "items": ["Bản sao CCCD"]})]:
            s3, b3 = request(port, "POST", f"/api/v1/dossiers/{code3}/actions", token[user], {"action": action, **fields})
            check(f"{action} on the third dossier", s3 == 200, str(b3)[:200])
        check("the applicant's receipt and supplement mails arrive although the officer's address is refused",
              wait_for(lambda: len([m for m in box.for_code(code3) if m["To"] == "cuc@example.vn"]) == 2, timeout=15),
              str([str(m["Subject"]) for m in box.for_code(code3)]))
        def officer_rows():
            return [x for x in request(port, "GET", f"/api/v1/dossiers/{code3}/deliveries", token["motcua.desk"])[1]
                    if x["channel"] == "email" and x["target"] == "chuyen.vien.qlcn@motcua.example.vn"]
        check("the officer's mail is dead after one attempt (SMTP 550 is permanent)",
              wait_for(lambda: any(x["status"] == "dead" for x in officer_rows()), timeout=10)
              and all(x["attemptCount"] == 1 and x["attempts"][0]["status"] == 550 for x in officer_rows() if x["status"] == "dead"),
              str(officer_rows())[:600])
        check("refused once, not retried", box.rcpt_refusals == 1, str(box.rcpt_refusals))
        # A signed audit checkpoint goes to the inspector through the outbox.
        published = work / "checkpoints"
        audit_env = {**os.environ, "MOTCUA_AUDIT_INSPECTOREMAIL": "thanh.tra@example.vn",
                     "MOTCUA_AUDIT_KEYFILE": str(work / "audit" / "checkpoint.key"), "MOTCUA_AUDIT_CHECKPOINTDIR": str(published)}
        made = subprocess.run([BIN, "audit", "checkpoint", "--database", database], cwd=ROOT, capture_output=True, text=True, env=audit_env)
        check("audit checkpoint writes a file and queues the inspector's mail", made.returncode == 0 and "thanh.tra@example.vn" in made.stdout,
              made.stdout + made.stderr)
        files = sorted(published.glob("*.json"))
        root = json.loads(files[0].read_text())["root"] if files else "?"
        def inspector_mails():
            with box.lock:
                return [m for _, _, m in box.messages if m["To"] == "thanh.tra@example.vn"]
        check("the inspector receives the checkpoint's root", wait_for(lambda: len(inspector_mails()) == 1, timeout=15)
              and str(inspector_mails()[0]["Subject"]).startswith("Điểm kiểm tra nhật ký hồ sơ")
              and root in inspector_mails()[0].get_body(preferencelist=("plain",)).get_content(), str(inspector_mails())[:300])
    finally:
        stop(server)
        log = server.stdout.read().decode(errors="replace")
        check("the SMTP password never reaches the log", PASSWORD not in log and "delivery" in log)
        controller.stop()
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
