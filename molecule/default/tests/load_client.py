"""A bounded HTTP load through mod_jk, run on mol-outsider by test_rolling_restart.py (standard library only).

    python3 load_client.py '<json config>'

Config: webs (host names), server_name, uri, short_clients, long_clients, long_seconds, stop_file, out, max_seconds.
Every client keeps one session, as a browser does: it sends the newest JSESSIONID it was given and checks that
the counter of sessionTest.jsp went up by exactly one. Short clients alternate GET and small POST requests,
long clients send POST bodies of ~1 KB per half second for long_seconds (mod_reqtimeout's minimum rate is
500 bytes/s). All clients alternate between the web hosts. A failed request is anything but a complete
200 answer with a counter; a lost session is a counter that did not go up by one (a new session counts as lost).
When stop_file appears (or after max_seconds) every client finishes its request and the totals are written to
out as JSON (atomically: a temporary file renamed), with first/last: when the first and the last successful
request started (epoch seconds). The file <out>.started appears after the first successful request.
"""

import http.client
import json
import os
import re
import sys
import threading
import time

COUNTER = re.compile(r"^counter=(\d+)$", re.M)
SESSION = re.compile(r"^session=(\S+)$", re.M)


class Totals:
    def __init__(self):
        self.lock = threading.Lock()
        self.data = {"ok": 0, "failed": 0, "lost": 0, "short_ok": 0, "long_ok": 0, "failures": [], "losses": [],
                     "first": None, "last": None}

    def add(self, key, detail=None, kind=None, started=None):
        with self.lock:
            self.data[key] += 1
            if started is not None:
                self.data["first"] = min(self.data["first"] or started, started)
                self.data["last"] = max(self.data["last"] or started, started)
            if kind:
                self.data[kind + "_ok"] += 1
            if detail is not None:
                details = self.data["failures" if key == "failed" else "losses"]
                if len(details) < 50:
                    details.append(detail)


def request(web, cfg, cookie, long_body):
    conn = http.client.HTTPConnection(web, 80, timeout=120)
    try:
        method = "POST" if long_body or cookie is None or int(time.time() * 10) % 2 else "GET"
        conn.putrequest(method, cfg["uri"], skip_host=True)
        conn.putheader("Host", cfg["server_name"])
        if cookie:
            conn.putheader("Cookie", "JSESSIONID=" + cookie)
        if method == "POST":
            chunks = max(1, int(cfg["long_seconds"] * 2)) if long_body else 1
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(chunks * 1000))
            conn.endheaders()
            for i in range(chunks):
                conn.send(b"x" * 1000)
                if long_body and i < chunks - 1:
                    time.sleep(0.5)
        else:
            conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def client(idx, cfg, totals, long_body):
    kind = "long" if long_body else "short"
    cookie, counter, n = None, None, 0
    deadline = time.time() + cfg["max_seconds"]
    while not os.path.exists(cfg["stop_file"]) and time.time() < deadline:
        web = cfg["webs"][(idx + n) % len(cfg["webs"])]
        n += 1
        started = time.time()
        try:
            status, body = request(web, cfg, cookie, long_body)
        except (OSError, http.client.HTTPException) as e:
            totals.add("failed", "%.1f %s %s via %s: %s" % (started, kind, idx, web, e))
            time.sleep(0.2)
            continue
        found = COUNTER.search(body)
        if status != 200 or not found:
            totals.add("failed", "%.1f %s %s via %s: HTTP %s %r" % (started, kind, idx, web, status, body[:120]))
            time.sleep(0.2)
            continue
        value = int(found.group(1))
        if counter is not None and value != counter + 1:
            totals.add("lost", "%.1f %s %s via %s: counter %d after %s" % (started, kind, idx, web, value, counter))
        totals.add("ok", kind=kind, started=started)
        if not os.path.exists(cfg["out"] + ".started"):
            with open(cfg["out"] + ".started", "w", encoding="utf-8"):
                pass
        counter = value
        session = SESSION.search(body)
        cookie = session.group(1) if session else cookie
        if not long_body:
            time.sleep(0.05)


def main():
    cfg = json.loads(sys.argv[1])
    totals = Totals()
    threads = [threading.Thread(target=client, args=(i, cfg, totals, False)) for i in range(cfg["short_clients"])]
    threads += [threading.Thread(target=client, args=(i, cfg, totals, True)) for i in range(cfg["long_clients"])]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    totals.data["seconds"] = round(time.time() - start, 1)
    with open(cfg["out"] + ".tmp", "w", encoding="utf-8") as f:
        json.dump(totals.data, f)
    os.rename(cfg["out"] + ".tmp", cfg["out"])


if __name__ == "__main__":
    main()
