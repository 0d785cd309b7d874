"""A real HTTP receiver for portal pushes, on 127.0.0.1, for the integration tests.

It verifies the Standard Webhooks signature of every request and records what it got.
Its behaviour is set per test: answer 200, 500, 429 with Retry-After, 410, or hang.
"""
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, secret):
        self.key = base64.b64decode(secret[len("whsec_"):])
        self.lock = threading.Lock()
        self.received = []      # (webhook-id, body dict, signature ok, arrival time)
        self.mode = "ok"        # ok | fail500 | retry429 | gone410 | hang | slow (record, wait, then 200)
        self.hang_seconds = 3
        self.server = None

    def verify(self, msg_id, timestamp, body, signature):
        expected = base64.b64encode(hmac.new(self.key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
        return any(part == f"v1,{expected}" for part in signature.split(" "))

    def start(self, port=0):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                msg_id = self.headers.get("webhook-id", "")
                ok = receiver.verify(msg_id, self.headers.get("webhook-timestamp", ""), body, self.headers.get("webhook-signature", ""))
                mode = receiver.mode
                if mode == "slow":
                    with receiver.lock:
                        receiver.received.append((msg_id, json.loads(body), ok, time.time()))
                    time.sleep(0.3)
                    mode = "recorded"
                if mode == "hang":
                    time.sleep(receiver.hang_seconds)
                status, extra = {"ok": (200, {}), "fail500": (500, {}), "retry429": (429, {"Retry-After": "1"}),
                                 "gone410": (410, {}), "hang": (200, {}), "recorded": (200, {})}[mode]
                if mode == "recorded":
                    pass
                elif status == 200 and mode == "ok":
                    with receiver.lock:
                        receiver.received.append((msg_id, json.loads(body), ok, time.time()))
                else:
                    with receiver.lock:
                        receiver.received.append((msg_id, None, ok, time.time()))
                try:
                    self.send_response(status)
                    for k, v in extra.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender went away (killed mid-request)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server.server_address[1]

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def delivered(self):
        with self.lock:
            return [(i, b) for i, b, ok, _ in self.received if b is not None]

    def attempts(self, msg_id):
        with self.lock:
            return [t for i, _, _, t in self.received if i == msg_id]

    def all_signed(self):
        with self.lock:
            return all(ok for _, _, ok, _ in self.received)
