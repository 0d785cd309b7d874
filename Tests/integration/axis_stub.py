#!/usr/bin/env python3
"""A stand-in for the national document axis (VDXP), for motcua's tests.

It implements the subset of the Government Office SDK's API that motcua uses, over HTTP on
127.0.0.1: sendEdoc, getReceivedEdocList, getEdoc, updateStatus, getAgenciesList. Every call
must carry the SDK's signed headers (XroadVnpt-<name>, sign-header-key, sign-header JSON,
hash-header = hex HMAC-SHA256 of that JSON with the system's secret); a call that does not
is answered 401 and counted. sendEdoc checks hash-file against the body.

    axis_stub.py --port 0 --agency 000.00.32.H58=sys-a:secret-a --agency 000.00.33.H58=sys-b:secret-b

prints "PORT <n>" on stdout once listening. Unsigned test helpers: GET or POST /debug/state (every
message, acknowledgement and refused call), GET /debug/body?docId=… (a message's bytes), POST /debug/redeliver?docId=…&to=… (the axis
offers a message again, as a real one does after a lost acknowledgement), POST
/debug/inject?from=…&to=…[&type=edoc|status] with the package as the body (a message put on the
axis as if its sender had sent it; answers {"DocId": …}).
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PREFIX = "xroadvnpt-"
LOCK = threading.Lock()
STATE = {"messages": [], "acks": [], "refused": [], "headers_seen": []}
AGENCIES = {}  # organ code -> {"system": id, "secret": str, "name": str}


def agency_of_system(system_id):
    for code, a in AGENCIES.items():
        if a["system"] == system_id:
            return code
    return None


class Axis(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def refuse(self, why):
        with LOCK:
            STATE["refused"].append({"path": self.path, "why": why})
        self.answer(401, {"ErrorCode": "401", "ErrorDesc": why})

    def params(self):
        """The signed parameters, or None after refusing."""
        headers = {k.lower(): v for k, v in self.headers.items()}
        with LOCK:
            STATE["headers_seen"].append(headers)
        keys = headers.get(PREFIX + "sign-header-key")
        signed = headers.get(PREFIX + "sign-header")
        mac = headers.get(PREFIX + "hash-header")
        if not keys or not signed or not mac:
            self.refuse("missing signature headers")
            return None
        try:
            pairs = json.loads(signed, object_pairs_hook=list)
        except ValueError:
            self.refuse("sign-header is not JSON")
            return None
        names = keys.split(";")
        if [k for k, _ in pairs] != names:
            self.refuse("sign-header does not list the sign-header-key names in order")
            return None
        values = dict(pairs)
        for name in names:
            if headers.get(PREFIX + name.lower()) != values[name]:
                self.refuse("header %s differs from its signed value" % name)
                return None
        code = agency_of_system(values.get("systemid"))
        if code is None:
            self.refuse("unknown systemid")
            return None
        expected = hmac.new(AGENCIES[code]["secret"].encode(), signed.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, mac.lower()):
            self.refuse("hash-header does not match")
            return None
        try:
            stamp = int(values.get("timestamp", "0")) / 1000
        except ValueError:
            stamp = 0
        if abs(time.time() - stamp) > 300:
            self.refuse("timestamp outside five minutes")
            return None
        values["_agency"] = code
        return values

    def do_GET(self):
        if urlparse(self.path).path == "/debug/state":
            with LOCK:
                state = {
                    "messages": [{k: v for k, v in m.items() if k != "body"} | {"size": len(m["body"])} for m in STATE["messages"]],
                    "acks": list(STATE["acks"]),
                    "refused": list(STATE["refused"]),
                    "headers_seen": list(STATE["headers_seen"]),
                }
            return self.answer(200, state)
        if urlparse(self.path).path == "/debug/body":
            q = parse_qs(urlparse(self.path).query)
            with LOCK:
                found = [m["body"] for m in STATE["messages"] if m["docId"] == q.get("docId", [""])[0]]
            if not found:
                return self.answer(404, {"ErrorCode": "404", "ErrorDesc": "no such message"})
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(found[0])))
            self.end_headers()
            self.wfile.write(found[0])
            return
        self.answer(404, {"ErrorCode": "404", "ErrorDesc": "no such call"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        if url.path == "/debug/state":
            return self.do_GET()
        if url.path == "/debug/inject":
            q = parse_qs(url.query)
            doc = str(uuid.uuid4())
            with LOCK:
                STATE["messages"].append({"docId": doc, "from": q["from"][0], "to": [q["to"][0]],
                                          "messageType": q.get("type", ["edoc"])[0],
                                          "created_time": time.strftime("%Y/%m/%d %H:%M:%S"), "body": body,
                                          "status": {q["to"][0]: "pending"}})
            return self.answer(200, {"ErrorCode": "0", "DocId": doc})
        if url.path == "/debug/redeliver":
            q = parse_qs(url.query)
            with LOCK:
                for m in STATE["messages"]:
                    if m["docId"] == q["docId"][0]:
                        m["status"][q["to"][0]] = "pending"
            return self.answer(200, {"ErrorCode": "0"})
        call = url.path.rstrip("/").rsplit("/", 1)[-1]
        p = self.params()
        if p is None:
            return
        me = p["_agency"]
        if call == "sendEdoc":
            if p.get("from") != me:
                return self.answer(200, {"status": "FAIL", "ErrorCode": "-1", "ErrorDesc": "from is not the caller's organ"})
            if p.get("hash-file") != hashlib.sha256(body).hexdigest():
                return self.answer(200, {"status": "FAIL", "ErrorCode": "-1", "ErrorDesc": "hash-file does not match the body"})
            try:
                to = json.loads(p.get("to", "[]"))
            except ValueError:
                to = None
            if not to or any(t not in AGENCIES for t in to):
                return self.answer(200, {"status": "FAIL", "ErrorCode": "-1", "ErrorDesc": "unknown or missing recipient"})
            doc = str(uuid.uuid4())
            with LOCK:
                STATE["messages"].append({"docId": doc, "from": me, "to": to, "messageType": p.get("messagetype", "edoc"),
                                          "created_time": time.strftime("%Y/%m/%d %H:%M:%S"), "body": body,
                                          "status": {t: "pending" for t in to}})
            return self.answer(200, {"status": "OK", "ErrorCode": "0", "ErrorDesc": "", "DocId": doc})
        if call == "getReceivedEdocList":
            with LOCK:
                data = [{"docId": m["docId"], "serviceType": "eDoc", "messageType": m["messageType"],
                         "created_time": m["created_time"], "updated_time": m["created_time"], "from": m["from"],
                         "to": me, "status": m["status"][me], "status_desc": ""}
                        for m in STATE["messages"] if me in m["status"] and m["status"][me] in ("pending", "processing")]
            return self.answer(200, {"ErrorCode": "0", "ErrorDesc": "", "data": data})
        if call == "getEdoc":
            with LOCK:
                found = [m for m in STATE["messages"] if m["docId"] == p.get("docId") and me in m["status"]]
            if not found:
                return self.answer(200, {"ErrorCode": "-1", "ErrorDesc": "no such document for this agency"})
            return self.answer(200, {"ErrorCode": "0", "ErrorDesc": "", "data": base64.b64encode(found[0]["body"]).decode()})
        if call == "updateStatus":
            status = p.get("status")
            if status not in ("done", "fail", "processing"):
                return self.answer(200, {"ErrorCode": "-1", "ErrorDesc": "status must be done, fail or processing"})
            with LOCK:
                found = [m for m in STATE["messages"] if m["docId"] == p.get("docid") and me in m["status"]]
                if found:
                    found[0]["status"][me] = status
                    STATE["acks"].append({"docId": p.get("docid"), "agency": me, "status": status})
            if not found:
                return self.answer(200, {"ErrorCode": "-1", "ErrorDesc": "no such document for this agency"})
            return self.answer(200, {"ErrorCode": "0", "ErrorDesc": ""})
        if call == "getAgenciesList":
            data = [{"code": code, "id": str(i + 1), "name": a["name"], "mail": a["name"].lower().replace(" ", "") + "@gov.vn",
                     "pid": "0"} for i, (code, a) in enumerate(sorted(AGENCIES.items()))]
            return self.answer(200, {"ErrorCode": "0", "ErrorDesc": "", "data": data})
        self.answer(404, {"ErrorCode": "404", "ErrorDesc": "no such call"})


class QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-call (a motcua SIGKILLed by a crash test) is expected here,
    not an error worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--agency", action="append", default=[], help="CODE=SYSTEMID:SECRET[:NAME]")
    args = parser.parse_args()
    for spec in args.agency:
        code, rest = spec.split("=", 1)
        parts = rest.split(":", 2)
        AGENCIES[code] = {"system": parts[0], "secret": parts[1], "name": parts[2] if len(parts) > 2 else code}
    server = QuietServer(("127.0.0.1", args.port), Axis)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
