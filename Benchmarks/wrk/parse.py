"""Turns wrk's --latency report into one JSON line: requests/s, p50, p99 (ms), errors, and
the CPU per request when MOTCUA_TICKS gives the run's busy clock ticks ("MACHINE SERVER HZ")."""
import json
import os
import re
import sys

text = sys.stdin.read()
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def pct(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, text, re.M)
    return round(float(m.group(1)) * unit[m.group(2)], 2) if m else None


rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
total = re.search(r"(\d+) requests in", text)
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
requests = int(total.group(1)) if total else 0
cpu_us = server_cpu_us = None
ticks = os.environ.get("MOTCUA_TICKS", "").split()
if len(ticks) == 3 and requests:
    machine, server, hz = (int(t) for t in ticks)
    cpu_us = round(machine / hz / requests * 1e6, 1)
    server_cpu_us = round(server / hz / requests * 1e6, 1) if server else None
print(json.dumps({
    "name": sys.argv[1],
    "rps": float(rps.group(1)) if rps else 0.0,
    "requests": requests,
    "p50_ms": pct(50), "p99_ms": pct(99),
    "non2xx": int(bad.group(1)) if bad else 0,
    "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
    "cpu_us": cpu_us, "server_cpu_us": server_cpu_us,
}))
