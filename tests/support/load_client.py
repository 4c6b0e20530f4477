# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one HTTP client of the molecule tests and the benchmarks: session requests through httpd + mod_jk.

Python 3 standard library only: tests/support/load.py copies this file into a container of the lab (the
outsider, a web host), which has Debian's python3 and nothing else, and runs it there.

    python3 load_client.py '<json config>'

Every request goes on a new connection (so through mod_jk's worker selection) to a web host, with the site's
Host header and, once the client has a session, the newest JSESSIONID it was given; the page /sessionTest.jsp
answers with lines ``name=value`` (node, session, counter, ...).

mode "load" (the default): a bounded load of clients that each keep one session, as a browser does.
    Config: webs (host names), server_name, uri, short_clients, long_clients, long_seconds, stop_file, out,
    max_seconds. Short clients alternate GET and small POST requests, long clients send POST bodies of ~1 KB
    per half second for long_seconds (mod_reqtimeout's minimum rate is 500 bytes/s). All clients alternate
    between the web hosts. A failed request is anything but a complete 200 answer with a counter; a lost
    session is a counter that did not go up by exactly one (a new session counts as lost). When stop_file
    appears (or after max_seconds) every client finishes its request and the totals are written to out as
    JSON (atomically: a temporary file renamed): ok, short_ok, long_ok, failed, lost, failures and losses (the
    first 50 of each, "<started> <short|long> <client> via <web>: <what>"), first/last (when the first and
    the last successful request started, epoch seconds) and seconds. The file <out>.started appears after
    the first successful request. With session_requests N (default 0: never), a client ends its session after N
    answers (GET <uri>?end=1: the page invalidates it, as a user logs out) and starts a new one, so the sessions
    that stick to a member end, as real users' do (a session drain waits for that).
mode "create" / "touch" / "hammer": one request at a time, printed as a JSON list of
    {t0, t1, status, node, session, counter} (status 0 and error when there was no answer).
    Config: web, host (the site's server name), page, timeout (default 10). create: n new sessions; touch:
    one request for each of sessions (JSESSIONID values); hammer: requests on one session (keeping the newest
    JSESSIONID) for seconds, interval seconds apart (default 0.005).
"""

import http.client
import json
import os
import re
import sys
import threading
import time

VALUE = re.compile(r"^(\w+)=(.*)$", re.M)


def exchange(web, host, uri, cookie=None, method="GET", chunks=0, pause=0.0, timeout=10):
    """One request on a new connection; (status, body). A POST sends chunks x 1000 bytes, pause s apart."""
    conn = http.client.HTTPConnection(web, 80, timeout=timeout)
    try:
        conn.putrequest(method, uri, skip_host=True)
        conn.putheader("Host", host)
        if cookie:
            conn.putheader("Cookie", "JSESSIONID=" + cookie)
        if method == "POST":
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(chunks * 1000))
            conn.endheaders()
            for i in range(chunks):
                conn.send(b"x" * 1000)
                if pause and i < chunks - 1:
                    time.sleep(pause)
        else:
            conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def values(body):
    """The page's name=value lines; counter as a number (None when the page has none)."""
    found = dict(VALUE.findall(body))
    counter = found.get("counter", "")
    found["counter"] = int(counter) if counter.isdigit() else None
    return found


# --- mode "load" ---------------------------------------------------------------------------------------------

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


def session_client(idx, cfg, totals, long_body):
    kind = "long" if long_body else "short"
    cookie, counter, n = None, None, 0
    deadline = time.time() + cfg["max_seconds"]
    while not os.path.exists(cfg["stop_file"]) and time.time() < deadline:
        web = cfg["webs"][(idx + n) % len(cfg["webs"])]
        n += 1
        started = time.time()
        method = "POST" if long_body or cookie is None or int(started * 10) % 2 else "GET"
        chunks = (max(1, int(cfg["long_seconds"] * 2)) if long_body else 1) if method == "POST" else 0
        try:
            status, body = exchange(web, cfg["server_name"], cfg["uri"], cookie, method, chunks,
                                    0.5 if long_body else 0.0, timeout=120)
        except (OSError, http.client.HTTPException) as e:
            totals.add("failed", "%.1f %s %s via %s: %s" % (started, kind, idx, web, e))
            time.sleep(0.2)
            continue
        page = values(body)
        if status != 200 or page["counter"] is None:
            totals.add("failed", "%.1f %s %s via %s: HTTP %s %r" % (started, kind, idx, web, status, body[:120]))
            time.sleep(0.2)
            continue
        value = page["counter"]
        if counter is not None and value != counter + 1:
            totals.add("lost", "%.1f %s %s via %s: counter %d after %s" % (started, kind, idx, web, value, counter))
        totals.add("ok", kind=kind, started=started)
        if not os.path.exists(cfg["out"] + ".started"):
            with open(cfg["out"] + ".started", "w", encoding="utf-8"):
                pass
        counter = value
        cookie = page.get("session") or cookie
        if cfg.get("session_requests") and value >= cfg["session_requests"]:
            cookie, counter = end_session(idx, cfg, totals, kind, web, cookie), None
        if not long_body:
            time.sleep(0.05)


def end_session(idx, cfg, totals, kind, web, cookie):
    """GET <uri>?end=1 with the session: the page invalidates it. Returns the cookie to go on with (None)."""
    started = time.time()
    try:
        status, body = exchange(web, cfg["server_name"], cfg["uri"] + "?end=1", cookie, timeout=120)
    except (OSError, http.client.HTTPException) as e:
        totals.add("failed", "%.1f %s %s via %s: ending the session: %s" % (started, kind, idx, web, e))
        return None
    if status != 200 or "ended=" not in body:
        totals.add("failed", "%.1f %s %s via %s: ending the session: HTTP %s %r"
                   % (started, kind, idx, web, status, body[:120]))
    return None


def load(cfg):
    totals = Totals()
    threads = [threading.Thread(target=session_client, args=(i, cfg, totals, False))
               for i in range(cfg["short_clients"])]
    threads += [threading.Thread(target=session_client, args=(i, cfg, totals, True))
                for i in range(cfg["long_clients"])]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    totals.data["seconds"] = round(time.time() - start, 1)
    with open(cfg["out"] + ".tmp", "w", encoding="utf-8") as f:
        json.dump(totals.data, f)
    os.rename(cfg["out"] + ".tmp", cfg["out"])


# --- modes "create", "touch", "hammer" -----------------------------------------------------------------------

def timed(cfg, cookie=None):
    t = time.time()
    try:
        status, body = exchange(cfg["web"], cfg["host"], cfg["page"], cookie, timeout=cfg.get("timeout", 10))
    except Exception as exc:  # pylint: disable=broad-exception-caught  # every error is a failed request
        return {"t0": t, "t1": time.time(), "status": 0, "error": str(exc)}
    page = values(body)
    return {"t0": t, "t1": time.time(), "status": status, "node": page.get("node"), "session": page.get("session"),
            "counter": page["counter"]}


def one_by_one(cfg):
    mode = cfg["mode"]
    if mode == "create":
        return [timed(cfg) for dummy in range(cfg["n"])]
    if mode == "touch":
        return [timed(cfg, s) for s in cfg["sessions"]]
    out, end = [], time.time() + cfg["seconds"]
    cookie = cfg["session"]
    while time.time() < end:
        r = timed(cfg, cookie)
        out.append(r)
        if r.get("session"):
            cookie = r["session"]
        time.sleep(cfg.get("interval", 0.005))
    return out


def main():
    cfg = json.loads(sys.argv[1])
    if cfg.get("mode", "load") == "load":
        load(cfg)
    else:
        print(json.dumps(one_by_one(cfg)))


if __name__ == "__main__":
    main()
