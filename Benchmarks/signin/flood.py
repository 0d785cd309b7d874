"""Posts the sign-in form in a loop from THREADS threads for SECONDS, each attempt with a
new unknown username (so the throttle, which counts per username, never stops the bcrypt
work), and prints how many attempts were answered and with which statuses, as JSON.
Usage: flood.py BASE_URL THREADS SECONDS"""
import http.client
import json
import re
import sys
import threading
import time
import uuid
from urllib.parse import urlencode, urlparse

base, threads, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
url = urlparse(base)
end = time.monotonic() + seconds
lock = threading.Lock()
statuses = {}


def flood():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn.request("GET", "/sign-in")
    page = conn.getresponse()
    body = page.read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
    cookie = "; ".join(c.split(";")[0] for c in page.headers.get_all("Set-Cookie") or [])
    while time.monotonic() < end:
        form = urlencode({"csrf": csrf, "username": "x" + uuid.uuid4().hex[:12], "password": "không phải mật khẩu"})
        conn.request("POST", "/sign-in", body=form,
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        response = conn.getresponse()
        response.read()
        with lock:
            statuses[response.status] = statuses.get(response.status, 0) + 1


workers = [threading.Thread(target=flood) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(json.dumps({"attempts": sum(statuses.values()), "per_sec": round(sum(statuses.values()) / seconds, 1),
                  "statuses": {str(k): v for k, v in statuses.items()}}))
