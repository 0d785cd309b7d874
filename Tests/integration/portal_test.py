"""Portal push end to end: the real server, a real HTTP receiver, through libcurl.

A dossier driven through receipt → steps → supplement round → result → return makes the
portal receive statuses 2, 4, 5, 4, 9, 10 in order, each once, signed; failures (500, 429
with Retry-After, 410, timeouts, the receiver down) are retried or dead-lettered and
replayable; after SIGKILL during heavy delivery every message arrives, repeats with the
same webhook-id; the secret never reaches the logs. Prints "N passed, N failed".
"""
import base64
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from harness import BIN, ROOT, Tally, free_port, request, seed, start, stop, wait_for  # noqa: E402
from receiver import Receiver  # noqa: E402

SECRET = "whsec_" + base64.b64encode(b"motcua-test-portal-secret-0123456789").decode()


t = Tally()
check = t.check



def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="motcua-portal-"))
    database = str(work / "motcua.sqlite")
    token, _ = seed(database, work)
    receiver = Receiver(SECRET)
    receiver_port = receiver.start()
    env = {"MOTCUA_PORTAL_URL": f"http://127.0.0.1:{receiver_port}/push", "MOTCUA_PORTAL_SECRET": SECRET,
           "MOTCUA_PORTAL_TIMEOUTMS": "1000", "MOTCUA_DELIVERY_BACKOFFSECONDS": "0.2", "MOTCUA_DELIVERY_MAXBACKOFFSECONDS": "1",
           "MOTCUA_DELIVERY_MAXATTEMPTS": "4"}
    port = free_port()
    server = start(database, port, env)
    specialist = request(port, "GET", "/api/v1/users?role=specialist&department=QLCN", token["motcua.desk"])[1][0]["id"]

    def new_dossier():
        return request(port, "POST", "/api/v1/dossiers", token["motcua.desk"],
                       {"procedureCode": "1.000173", "applicant": {"name": "Nguyễn Văn A"}, "summary": "Cấp chứng chỉ"})[1]["code"]

    def act(code, user, action, **fields):
        status, body = request(port, "POST", f"/api/v1/dossiers/{code}/actions", token[user], {"action": action, **fields})
        check(f"{action} by {user}", status == 200, str(body)[:300])

    def lifecycle(code):
        act(code, "motcua.desk", "forward")
        act(code, "truong.phong.qlcn", "forward", assignee=specialist)
        act(code, "chuyen.vien.qlcn", "request_supplement", reason="Thiếu phiếu khám sức khỏe", items=["Phiếu khám sức khỏe"])
        act(code, "motcua.desk", "submit_supplement")
        for user in ["chuyen.vien.qlcn", "truong.phong.qlcn", "giam.doc", "van.thu"]:
            act(code, user, "forward")
        act(code, "motcua.desk", "deliver")

    def statuses(code):
        return [b["TrangThaiHoSo"] for _, b in receiver.delivered() if b["MaHoSo"] == code]

    try:
        # 1. The happy path.
        code = new_dossier()
        lifecycle(code)
        check("portal receives 2, 4, 5, 4, 9, 10", wait_for(lambda: statuses(code) == [2, 4, 5, 4, 9, 10]), str(statuses(code)))
        ids = [i for i, b in receiver.delivered() if b["MaHoSo"] == code]
        check("each status once (distinct webhook-ids)", len(ids) == len(set(ids)) == 6, str(ids))
        check("every request signed correctly", receiver.all_signed())
        first = next(b for _, b in receiver.delivered() if b["MaHoSo"] == code)
        check("contract fields and yyyyMMddHHmmss dates",
              first["MaTTHC"] == "1.000173" and first["KenhThucHien"] == 1 and first["ChuHoSo"] == "Nguyễn Văn A"
              and len(first["NgayTiepNhan"]) == 14 and first["NgayTiepNhan"].isdigit() and first["NgayKetThucXuLy"] is None
              and first["NguoiXuLy"] == "Nguyễn Thị Mai", json.dumps(first, ensure_ascii=False))
        last = [b for _, b in receiver.delivered() if b["MaHoSo"] == code][-1]
        check("the last push carries finish and return dates", last["NgayKetThucXuLy"] and last["NgayTra"], str(last))
        # The receiver records a push as it arrives; the sender marks its row delivered only
        # after the 200 comes back, so the last mark may still be on its way here.
        def listed():
            return request(port, "GET", f"/api/v1/dossiers/{code}/deliveries", token["motcua.desk"])
        wait_for(lambda: (lambda r: r[0] == 200 and all(d["status"] == "delivered" for d in r[1]))(listed()))
        status, deliveries = listed()
        check("deliveries endpoint lists them delivered", status == 200 and len(deliveries) == 6
              and all(d["status"] == "delivered" for d in deliveries), str([(d["id"], d["status"]) for d in deliveries]))

        # 1b. An online submission from the portal: its status flows back (1, then 2 on acceptance).
        status, online = request(port, "POST", "/api/v1/dossiers", token["cong.dvc"],
                                 {"procedureCode": "1.000173", "channel": "online", "submittedAt": "2026-11-20T21:30:00+07:00",
                                  "applicant": {"name": "Võ Văn E", "kind": "citizen"}, "summary": "Nộp trực tuyến"})
        check("the portal logs an online submission", status == 201 and online["state"] == "submitted", str(online)[:200])
        ocode = online["code"]
        check("status 1 flows back", wait_for(lambda: statuses(ocode) == [1]), str(statuses(ocode)))
        status, accepted = request(port, "POST", f"/api/v1/dossiers/{ocode}/actions", token["motcua.desk"], {"action": "accept"})
        check("the desk accepts it", status == 200, str(accepted)[:200])
        check("then status 2, with the online channel", wait_for(lambda: statuses(ocode) == [1, 2])
              and all(b["KenhThucHien"] == 2 for _, b in receiver.delivered() if b["MaHoSo"] == ocode), str(statuses(ocode)))

        # 2. 500 then recovery; 429 honours Retry-After.
        receiver.mode = "fail500"
        code2 = new_dossier()
        msg2 = f"{code2}.1.portal-status"
        check("500 is retried", wait_for(lambda: len(receiver.attempts(msg2)) >= 2, timeout=10), str(receiver.attempts(msg2)))
        receiver.mode = "retry429"
        n429 = len(receiver.attempts(msg2))
        wait_for(lambda: len(receiver.attempts(msg2)) >= n429 + 2, timeout=10)
        times = receiver.attempts(msg2)[n429:]
        check("429 with Retry-After: 1 waits at least a second", len(times) >= 2 and times[1] - times[0] >= 0.9, str(times))
        receiver.mode = "ok"
        _ = request(port, "POST", f"/api/v1/outbox/{msg2}/retry", token["quan.tri"])
        check("recovers and delivers", wait_for(lambda: statuses(code2) == [2], timeout=15), str(statuses(code2)))

        # 3. The receiver down for a while, then back: everything arrives, in order per dossier.
        receiver.stop()
        codes = [new_dossier() for _ in range(3)]
        for c in codes:
            act(c, "motcua.desk", "forward")
            act(c, "truong.phong.qlcn", "forward", assignee=specialist)
            act(c, "chuyen.vien.qlcn", "request_supplement", reason="r", items=["i"])
        time.sleep(1.5)
        receiver.start(receiver_port)
        subprocess.run([BIN, "outbox", "retry", "--all-dead", "--database", database], cwd=ROOT, capture_output=True)
        check("after an outage every message arrives, in order",
              wait_for(lambda: all(statuses(c) == [2, 4, 5] for c in codes), timeout=20), str([statuses(c) for c in codes]))

        # 4. 410 Gone stops at once; replay delivers.
        receiver.mode = "gone410"
        code4 = new_dossier()
        msg4 = f"{code4}.1.portal-status"
        wait_for(lambda: len(receiver.attempts(msg4)) >= 1, timeout=10)
        time.sleep(1.0)
        status, dead = request(port, "GET", "/api/v1/outbox?status=dead", token["quan.tri"])
        check("410 makes the message dead after one attempt",
              len(receiver.attempts(msg4)) == 1 and any(d["id"] == msg4 for d in dead), str(receiver.attempts(msg4)))
        receiver.mode = "ok"
        retried = subprocess.run([BIN, "outbox", "retry", "--all-dead", "--database", database], cwd=ROOT, capture_output=True, text=True)
        check("outbox retry --all-dead", retried.returncode == 0 and "queued again" in retried.stdout, retried.stderr)
        check("the replay is delivered", wait_for(lambda: statuses(code4) == [2], timeout=15), str(statuses(code4)))

        # 5. A receiver that hangs past the timeout is retried.
        receiver.mode = "hang"
        receiver.hang_seconds = 2
        code5 = new_dossier()
        msg5 = f"{code5}.1.portal-status"
        wait_for(lambda: len(receiver.attempts(msg5)) >= 1, timeout=10)
        receiver.mode = "ok"
        check("a timeout is retried and then delivered", wait_for(lambda: statuses(code5) == [2], timeout=20),
              str(receiver.attempts(msg5)))

        # 6. SIGKILL during heavy delivery: everything arrives after restart; repeats keep their webhook-id.
        receiver.mode = "slow"
        burst = [new_dossier() for _ in range(60)]
        wait_for(lambda: sum(1 for _, b in receiver.delivered() if b["MaHoSo"] in burst) >= 5, timeout=10)
        server.send_signal(signal.SIGKILL)
        server.wait()
        log = server.stdout.read().decode(errors="replace")
        check("the secret never reaches the log", SECRET not in log and SECRET[6:] not in log and "request" in log)
        receiver.mode = "ok"
        server = start(database, port, env)
        def arrived(c):  # distinct messages: repeats after the crash are expected and carry the same id
            return sorted({(i, b["TrangThaiHoSo"]) for i, b in receiver.delivered() if b["MaHoSo"] == c}) == [(f"{c}.1.portal-status", 2)]
        check("after SIGKILL every message of the burst arrives", wait_for(lambda: all(arrived(c) for c in burst), timeout=30),
              str([c for c in burst if not arrived(c)][:5]))
        ids_all = [i for i, _ in receiver.delivered()]
        dupes = {i for i in ids_all if ids_all.count(i) > 1}
        print(f"messages received: {len(ids_all)}, repeated after the crash (same webhook-id): {len(dupes)}")
        bodies = {}
        for i, b in receiver.delivered():
            bodies.setdefault(i, []).append(json.dumps(b, sort_keys=True))
        check("in-flight messages were repeated after the crash, with the same webhook-id and body",
              len(dupes) >= 1 and all(len(set(bodies[i])) == 1 for i in dupes), f"{len(dupes)} repeats")
    finally:
        stop(server)
        receiver.stop()
    bad = subprocess.run([BIN, "serve", "--database", database, "--port", str(free_port())], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "MOTCUA_PORTAL_URL": "http://127.0.0.1:9/x", "MOTCUA_PORTAL_SECRET": "whsec_not-base64!!"},
                         timeout=30)
    check("a bad secret refuses to start without echoing it", bad.returncode == 1 and "not-base64" not in bad.stderr + bad.stdout,
          bad.stderr)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
