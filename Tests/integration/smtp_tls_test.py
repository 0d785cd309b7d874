"""SMTP with STARTTLS and login: a real aiosmtpd that requires STARTTLS and AUTH, with a
certificate made by openssl for this test; motcua must upgrade, verify the certificate
(through smtp.caFile), log in and deliver. A wrong password is refused and retried, never
logged. Prints "N passed, N failed".
"""
import json
import pathlib
import ssl
import subprocess
import sys
import tempfile
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop, wait_for  # noqa: E402
from mail_test import Mailbox  # noqa: E402

PASSWORD = "đúng-mật-khẩu-7"


t = Tally()
check = t.check


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = getattr(auth_data, "login", b"") == b"motcua" and getattr(auth_data, "password", b"") == PASSWORD.encode()
    return AuthResult(success=ok)


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-smtps-"))
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)], capture_output=True, check=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    box = Mailbox()
    smtp_port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port, tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True)
    controller.start()
    database = str(work / "motcua.sqlite")
    token, _ = seed(database, work)
    base = {"MOTCUA_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}", "MOTCUA_SMTP_FROM": "motcua@sokhcn.example.vn",
            "MOTCUA_SMTP_STARTTLS": "required", "MOTCUA_SMTP_USERNAME": "motcua", "MOTCUA_SMTP_CAFILE": str(cert),
            "MOTCUA_SMTP_TIMEOUTMS": "3000", "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "0.3", "MOTCUA_DELIVERY_MAXATTEMPTS": "1000"}
    port = free_port()
    log = ""
    # 1. A wrong password: refused, retried, not delivered, not logged.
    server = start(database, port, {**base, "MOTCUA_SMTP_PASSWORD": "sai-mật-khẩu"})
    try:
        code = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                       {"procedureCode": "1.000173", "applicant": {"name": "Phạm Thị D", "email": "d@example.vn"}})[1]["code"]
        deadline = time.time() + 20
        while True:
            status, deliveries = request(port, "GET", f"/api/v1/dossiers/{code}/deliveries", token["motcua.desk"])
            if time.time() > deadline or (deliveries and len(deliveries[0]["attempts"]) >= 2):
                break
            time.sleep(0.2)
        check("a failed login is not delivered and is retried", not box.messages and deliveries
              and len(deliveries[0]["attempts"]) >= 2 and deliveries[0]["status"] == "pending", str(deliveries)[:400])
    finally:
        stop(server)
        log += server.stdout.read().decode(errors="replace")
    # 2. The right password: STARTTLS, verified certificate, login, delivered.
    server = start(database, port, {**base, "MOTCUA_SMTP_PASSWORD": PASSWORD})
    try:
        deadline = time.time() + 20
        while time.time() < deadline and not any(m["To"] == "d@example.vn" for m in box.for_code(code)):
            time.sleep(0.1)
        time.sleep(1)
        status, deliveries = request(port, "GET", f"/api/v1/dossiers/{code}/deliveries", token["motcua.desk"])
        # Only the applicant's receipt counts: depending on the hour, deadline warnings to the
        # officers may also be due.
        receipts = [m for m in box.for_code(code) if m["To"] == "d@example.vn"]
        check("delivered over STARTTLS after login", len(receipts) == 1, f"{len(box.messages)} {str(deliveries)[-600:]}")
    finally:
        stop(server)
        log += server.stdout.read().decode(errors="replace")
        controller.stop()
    check("no password in the logs", PASSWORD not in log and "sai-mật-khẩu" not in log and "delivery" in log)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
