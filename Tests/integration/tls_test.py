"""TLS for portal pushes: verification is on by default (a self-signed receiver is refused)
and `portal.caFile` makes that receiver trusted. A real HTTPS server on 127.0.0.1 with a
certificate made by openssl for this test. Prints "N passed, N failed".
"""
import base64
import json
import pathlib
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop, wait_for  # noqa: E402
from receiver import Receiver  # noqa: E402

SECRET = "whsec_" + base64.b64encode(b"tls-test-secret-0123456789abcdef").decode()


t = Tally()
check = t.check


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-tls-"))
    cert, key = work / "cert.pem", work / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                          capture_output=True, text=True)
    check("certificate made", made.returncode == 0, made.stderr)
    receiver = Receiver(SECRET)
    rport = receiver.start()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    database = str(work / "motcua.sqlite")
    token, _ = seed(database, work)
    env = {"MOTCUA_PORTAL_URL": f"https://127.0.0.1:{rport}/push", "MOTCUA_PORTAL_SECRET": SECRET,
           "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "0.3", "MOTCUA_DELIVERY_MAXATTEMPTS": "1000"}
    port = free_port()
    server = start(database, port, env)
    try:
        code = request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                       {"procedureCode": "1.000173", "applicant": {"name": "Lê Văn C"}})[1]["code"]
        time.sleep(2)
        status, deliveries = request(port, "GET", f"/api/v1/dossiers/{code}/deliveries", token["motcua.desk"])
        check("an untrusted certificate is refused (verification on by default)",
              not receiver.delivered() and deliveries and deliveries[0]["status"] != "delivered"
              and deliveries[0]["attempts"] and deliveries[0]["attempts"][0]["status"] is None, str(deliveries)[:400])
    finally:
        stop(server)
    server = start(database, port, {**env, "MOTCUA_PORTAL_CAFILE": str(cert)})
    try:
        deadline = time.time() + 20
        while time.time() < deadline and not receiver.delivered():
            time.sleep(0.1)
        got = receiver.delivered()
        check("with portal.caFile the receiver is trusted and the push arrives signed",
              len(got) == 1 and got[0][1]["MaHoSo"] == code and receiver.all_signed(), str(got))
    finally:
        stop(server)
        receiver.stop()
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
