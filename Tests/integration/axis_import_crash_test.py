"""Crash test of the national-axis import: 200 signed packages wait on the stand-in axis
(Tests/integration/axis_stub.py); `motcua serve` configured for the axis takes them in and is
SIGKILLed in the middle of the burst, then restarted. Afterwards every package must be
registered exactly once, with the incoming numbers 1…200, every package acknowledged `done`,
every sender answered 01 and 03 at least once, and `motcua audit verify` must pass.

The packages are made without motcua's code: the SDK's sample `edoc.edxml` (written by
others) with its number, document id and addresses changed and its signature replaced by one
that Debian's `xmlsec1 --sign` makes with a key openssl makes. Run by `make test`; prints
"N passed, N failed".
"""
import base64
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop, wait_for  # noqa: E402

tally = Tally()
check = tally.check

SENDER, SENDER_SYSTEM, SENDER_SECRET = "002.00.20.H13", "sys-vpcp", "secret-vpcp-0001"
US, US_SYSTEM, US_SECRET = "000.00.01.H22", "sys-skhcn", "secret-skhcn-0002"
COUNT = 200
TEMPLATE = ('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
            '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
            '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
            '<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms>'
            '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo>'
            '<SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature>')


def samples():
    env = os.environ.get("MOTCUA_SAMPLES")
    for candidate in [env, ROOT.parent / "shared" / "samples", "/work/shared/samples"]:
        if candidate and (pathlib.Path(candidate) / "edxml" / "edoc.edxml").exists():
            return pathlib.Path(candidate)
    raise RuntimeError("the shared samples are missing: set MOTCUA_SAMPLES")


def packages(work, key, cert):
    """COUNT signed packages, numbered 1…COUNT, from SENDER to US."""
    text = (samples() / "edxml" / "edoc.edxml").read_text(encoding="utf-8")
    text = re.sub(r"<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">.*?</Signature>", TEMPLATE, text, flags=re.S)
    text = text.replace("<edXML:OrganId>002.00.20.H13</edXML:OrganId>", f"<edXML:OrganId>{SENDER}</edXML:OrganId>", 1)
    text = text.replace("<edXML:OrganId>000.00.15.H51</edXML:OrganId>", f"<edXML:OrganId>{US}</edXML:OrganId>", 1)
    # The sample's attachment is a load-test tool's placeholder, not base64 (motcua refuses it
    # as attachment_not_base64): a real one instead.
    pdf = base64.b64encode("%PDF-1.4\nCông văn thử nghiệm\n".encode() * 40).decode()
    text = text.replace("${__StringFromFile(test.txt,,,)}", pdf)
    made = []
    for i in range(1, COUNT + 1):
        one = text.replace("<edXML:CodeNumber>12234555512</edXML:CodeNumber>", f"<edXML:CodeNumber>{i}</edXML:CodeNumber>")
        one = one.replace("9fbfbad2-f1f8-4256-a2eb-50fb1061cddb", f"{SENDER},2026/12/05,{i}/PRO-TEST-CASE1")
        source, signed = work / f"p{i}.xml", work / f"p{i}.signed.xml"
        source.write_text(one, encoding="utf-8")
        result = subprocess.run(["xmlsec1", "--sign", "--privkey-pem", f"{key},{cert}", "--output", str(signed), str(source)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("xmlsec1 --sign failed: " + result.stderr[-500:])
        made.append(signed.read_bytes())
    return made


def axis_call(port, path, body=b""):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def register_numbers(port, token):
    status, book = request(port, "GET", "/api/v1/registers/den", token)
    return [line["number"] for line in book["lines"]] if status == 200 else []


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-axis-crash-"))
    key, cert = work / "sender.key.pem", work / "sender.cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "30",
                    "-subj", "/C=VN/O=Van phong Chinh phu/CN=van thu"], check=True, capture_output=True)
    made = packages(work, key, cert)
    check("packages made and signed by xmlsec1", len(made) == COUNT)

    axis = subprocess.Popen([sys.executable, str(ROOT / "Tests" / "integration" / "axis_stub.py"), "--port", "0",
                             "--agency", f"{SENDER}={SENDER_SYSTEM}:{SENDER_SECRET}:Văn phòng Chính phủ",
                             "--agency", f"{US}={US_SYSTEM}:{US_SECRET}:Sở Khoa học và Công nghệ"], stdout=subprocess.PIPE, text=True)
    axis_port = int(axis.stdout.readline().split()[1])
    try:
        for body in made:
            axis_call(axis_port, f"/debug/inject?from={SENDER}&to={US}", body)
        database = str(work / "motcua.sqlite")
        token, _ = seed(database, work)
        clerk = token["van.thu"]
        env = {"MOTCUA_AXIS_URL": f"http://127.0.0.1:{axis_port}", "MOTCUA_AXIS_SYSTEMID": US_SYSTEM, "MOTCUA_AXIS_SECRET": US_SECRET,
               "MOTCUA_AXIS_POLLSECONDS": "1", "MOTCUA_DOCUMENTS_TRUSTEDCERTIFICATES": str(cert),
               "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "1"}
        port = free_port()
        log = open(work / "serve-1.log", "w")
        server = start(database, port, env=env, log=log)
        seen = []
        wait_for(lambda: len(seen.__setitem__(slice(None), register_numbers(port, clerk)) or seen) >= 1, timeout=60, step=0.01)
        server.send_signal(signal.SIGKILL)
        server.wait()
        print(f"SIGKILL with {len(seen)} of {COUNT} registered", flush=True)
        check("killed in the middle of the burst", 1 <= len(seen) < COUNT, f"{len(seen)} registered when killed")

        port = free_port()
        log = open(work / "serve-2.log", "w")
        server = start(database, port, env=env, log=log)
        done = wait_for(lambda: len(register_numbers(port, clerk)) >= COUNT, timeout=120, step=0.2)
        check("every package registered after the restart", done, f"{len(register_numbers(port, clerk))} of {COUNT}")
        wait_for(lambda: not [m for m in axis_call(axis_port, "/debug/state")["messages"]
                              if m["to"] == [US] and m["status"].get(US) == "pending"], timeout=30)
        time.sleep(2.5)  # one more poll: a package offered again must not make a second case
        numbers = register_numbers(port, clerk)
        check("numbers 1…200, each once", numbers == list(range(1, COUNT + 1)), str(numbers[:5]) + "…" + str(numbers[-5:]))
        status, book = request(port, "GET", "/api/v1/registers/den", clerk)
        notations = [line["numberAndNotation"] for line in book["lines"]]
        check("each package registered exactly once", sorted(notations) == sorted(f"{i}/PRO-TEST-CASE1" for i in range(1, COUNT + 1)),
              str(len(set(notations))))
        status, listed = request(port, "GET", "/api/v1/dossiers?limit=200", clerk)
        check("200 cases, no more", status == 200 and len(listed["items"]) == COUNT and listed["nextCursor"] is None,
              f"{status} {len(listed.get('items', []))}")
        state = axis_call(axis_port, "/debug/state")
        inbound = [m for m in state["messages"] if m["to"] == [US]]
        check("every package acknowledged done", all(m["status"][US] == "done" for m in inbound),
              str([m["status"][US] for m in inbound if m["status"][US] != "done"][:5]))
        check("no call refused by the axis (signed headers)", state["refused"] == [], str(state["refused"][:3]))
        answered = wait_for(lambda: len([m for m in axis_call(axis_port, "/debug/state")["messages"]
                                         if m["from"] == US and m["messageType"] == "status"]) >= 2 * COUNT, timeout=60, step=0.2)
        check("01 and 03 sent back for every package (at least once)", answered)
        stop(server)
        verify = subprocess.run([BIN, "audit", "verify", "--database", database], cwd=ROOT, capture_output=True, text=True)
        check("audit verify passes", verify.returncode == 0, verify.stdout[-300:] + verify.stderr[-300:])
    finally:
        axis.kill()
        axis.wait()
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
