# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""mod_jk's failover knobs compared in one run on the container lab (make lab), settings taken in turn.

  knobs (default): every setting of SETTINGS is rendered once by the httpd_modjk role (playbooks/web.yml on
      the web host under test with the setting's role variables as -e overrides) and its workers.properties
      kept; then, round after round, each setting in turn (the order rotated every round) is made live on that
      web host (the file into live/, apachectl graceful, checked in the status worker) and one kill -9 is
      measured with failover_bench.kill_once: kill -> first good response, failed requests, lost sessions, and
      the time until a new session lands on the restarted member again (the sites alternate between rounds).
      Then, per setting, the resilience checks (RESILIENCE below). Printed: per setting the median and worst
      ms, failed, lost, rejoin; ratios against the first setting (mod_jk's defaults) of the same run; the load
      average; the checks. The lab is left with the last setting's file until the next converge.
  reload-roll: the drained rolling restart (playbooks/rolling_restart.yml) under the shared load generator
      while both web hosts are reloaded (graceful) --reloads times; failed requests and lost sessions.

  python3 benchmarks/failover_knobs_bench.py knobs [--rounds 5] [--settings a,b] [--web web-01] [--json f]
  python3 benchmarks/failover_knobs_bench.py reload-roll [--reloads 3]

Run from the repository root after `. scripts/env.sh`, the lab up and converged, nobody else using it.

RESILIENCE (per setting, on the member that serves a session of site a):
  stall: the member's JVM is stopped (SIGSTOP) for --stall-ms (a long garbage collection pause) while its
      session is hammered; the member must not go into error, no request may fail.
  slow: a JSP on the member sleeps longer than the CPing timeouts in force; it must answer 200 and the
      member must not go into error.
  drop-rst: every AJP connection of the web host to the member is reset (ss -K); the next requests of the
      session must be answered by the member, none may fail, the member must not go into error.
  drop-silent: the same connections are made to lose every packet (nftables on the web host, as a firewall
      that forgot them); same conditions, requests time out after --drop-timeout s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import failover_bench as fb  # noqa: E402  (puts .cache/collections on sys.path)

from ansible_collections.webtier.tomcat_cluster.tests.support import lab, load  # noqa: E402

ROOT = fb.ROOT
INVENTORY = os.path.join(ROOT, "inventories", "lab")
SECRETS = os.path.join(ROOT, ".cache", "lab", "secrets.yml")
LIVE = "/etc/apache2/webtier-modjk/live/workers.properties"
SLEEP_JSP = "webtier-bench-sleep.jsp"
NFT_TABLE = "webtier_bench_drop"

# mod_jk's own values of the knobs (tomcat-connectors 1.2.50: JK_RETRIES 2, JK_SLEEP_DEF 100 ms,
# WAIT_BEFORE_RECOVER 60 s, AJP_CPING_NONE, connect/prepost timeouts 0, socket_connect_timeout 0); what every
# other setting keeps from the role (recovery_options 19, keepalive, pool and reply timeouts) stays as it is
MODJK = {"httpd_modjk_ping_mode": "", "httpd_modjk_ping_timeout": 10000, "httpd_modjk_socket_connect_timeout": 0,
         "httpd_modjk_retries": 2, "httpd_modjk_retry_interval": 100, "httpd_modjk_recover_time": 60}
# the role before issue 26: ping_mode A, 3 s CPing and connect timeouts, recover_time 10, mod_jk's retries
ROLE01 = {"httpd_modjk_ping_mode": "A", "httpd_modjk_ping_timeout": 3000, "httpd_modjk_socket_connect_timeout": 3000,
          "httpd_modjk_retries": 2, "httpd_modjk_retry_interval": 100, "httpd_modjk_recover_time": 10}
SETTINGS = {
    "modjk-defaults": MODJK,
    "role-0.1": ROLE01,
    "retries1": dict(ROLE01, httpd_modjk_retries=1),
    "interval10": dict(ROLE01, httpd_modjk_retry_interval=10),
    "retries1-C": dict(ROLE01, httpd_modjk_retries=1, httpd_modjk_ping_mode="C"),
    "retries1-P": dict(ROLE01, httpd_modjk_retries=1, httpd_modjk_ping_mode="P"),
    "retries1-A1000": dict(ROLE01, httpd_modjk_retries=1, httpd_modjk_ping_timeout=1000,
                           httpd_modjk_socket_connect_timeout=1000),
    "retries1-A-pre500-rec5": dict(ROLE01, httpd_modjk_retries=1, httpd_modjk_prepost_timeout=500,
                                   httpd_modjk_recover_time=5),
}


def sh(*args, check=False, timeout=None):
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=timeout)


def dexec(container, command, check=False, timeout=None):
    return sh("docker", "exec", container, "sh", "-c", command, check=check, timeout=timeout)


def status(web):
    return dexec(web, "curl -sS -m 10 '%s?cmd=list&mime=prop'" % lab.STATUS_URL).stdout


def member_props(web, member, keys=("state", "activation", "retries", "ping_timeout", "connect_timeout",
                                    "prepost_timeout", "errors")):
    return lab.members(status(web), member, keys).get(member, {})


def render(name, overrides, web):
    """workers.properties of one setting as the role renders it (converging the web host with the overrides)."""
    res = lab.run_playbook(INVENTORY, "web.yml", "-e", "@" + SECRETS, "-e", json.dumps(overrides),
                           "--limit", "was," + web, timeout=900)
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-4000:] + res.stderr[-2000:])
        sys.exit("rendering setting %s failed" % name)
    return dexec(web, "cat " + LIVE, check=True).stdout


def expected_props(overrides):
    """What the status worker shows of a setting on a member (the way mod_jk derives its timeouts)."""
    mode = overrides["httpd_modjk_ping_mode"]
    ping = overrides["httpd_modjk_ping_timeout"]
    pre = overrides.get("httpd_modjk_prepost_timeout", 0) or (ping if ("P" in mode or "A" in mode) else 0)
    con = overrides.get("httpd_modjk_connect_timeout", 0) or (ping if ("C" in mode or "A" in mode) else 0)
    return {"retries": str(overrides["httpd_modjk_retries"]), "ping_timeout": str(ping),
            "prepost_timeout": str(pre), "connect_timeout": str(con)}


def apply(name, text, overrides, web, site):
    """Make a rendered setting live on the web host and wait until the site's members are usable under it."""
    write = subprocess.run(["docker", "exec", "-i", web, "sh", "-c", "cat > %s.bench && mv %s.bench %s"
                            % (LIVE, LIVE, LIVE)], input=text, capture_output=True, text=True, check=False)
    if write.returncode != 0:
        sys.exit(write.stderr)
    dexec(web, "apachectl graceful", check=True)
    want = expected_props(overrides)
    members = ["%s-was1" % site, "%s-was2" % site]

    def ready():
        for m in members:
            props = member_props(web, m)
            if any(props.get(k) != v for k, v in want.items()):
                return False
            if props.get("activation") != "ACT" or props.get("state", "").startswith("ERR"):
                return False
        return True
    try:
        lab.wait_for(ready, 180, "setting %s live on %s with %s usable" % (name, web, members), interval=1)
    except AssertionError as exc:
        sys.exit("%s: %s" % (exc, {m: member_props(web, m) for m in members}))


def sticky_session(outsider, web, node, site="a", tries=10):
    """A new session of the site served by node (the route suffix of its id sticks it there)."""
    base = {"web": web, "host": fb.SITES[site][0], "page": fb.PAGE}
    for dummy in range(tries):
        for r in fb.client(outsider, dict(base, mode="create", n=6)):
            if r["status"] == 200 and r.get("node") == node:
                return r["session"]
    sys.exit("no session landed on %s" % node)


def touch(outsider, web, session, n=1, timeout=10, site="a"):
    base = {"web": web, "host": fb.SITES[site][0], "page": fb.PAGE, "timeout": timeout}
    out = []
    for dummy in range(n):
        r = fb.client(outsider, dict(base, mode="touch", sessions=[session]))[0]
        out.append(r)
        session = r.get("session") or session
    return out


def summary(rs, node):
    return {"requests": len(rs), "failed": sum(1 for r in rs if r["status"] != 200),
            "other_node": sum(1 for r in rs if r["status"] == 200 and r.get("node") != node),
            "slowest_ms": round(max((r["t1"] - r["t0"]) * 1000 for r in rs), 1) if rs else None}


def check_stall(web, outsider, stall_ms, node="a-was1", was="was-01"):
    session = sticky_session(outsider, web, node)
    touch(outsider, web, session, 2)          # pooled connections to the member
    pid = fb.main_pid(was, "tomcat-a-was.service")
    base = {"web": web, "host": fb.SITES["a"][0], "page": fb.PAGE}
    hammer = subprocess.Popen(["docker", "exec", outsider, "python3", fb.CLIENT,
                               json.dumps(dict(base, mode="hammer", seconds=2.0 + stall_ms / 1000.0,
                                               interval=0.05, session=session))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    dexec(was, "kill -STOP %d; sleep %.3f; kill -CONT %d" % (pid, stall_ms / 1000.0, pid))
    out, dummy = hammer.communicate()
    props = member_props(web, node)
    return dict(summary(json.loads(out), node), member_state=props.get("state"), member_errors=props.get("errors"))


def check_slow(web, outsider, sleep_ms, node="a-was1", was="was-01"):
    jsp = ("<%@ page contentType=\"text/plain\" session=\"false\" %><% Thread.sleep(Long.parseLong("
           "request.getParameter(\"ms\"))); %>slept=<%= request.getParameter(\"ms\") %>\nnode=" + node + "\n")
    path = "/usr/local/tomcat/a-was/webapps/ROOT/" + SLEEP_JSP
    subprocess.run(["docker", "exec", "-i", was, "sh", "-c", "cat > " + path], input=jsp, text=True, check=True)
    session = sticky_session(outsider, web, node)
    cookie = "Cookie: JSESSIONID=" + session    # a header: without the name curl sends no cookie (no stickiness)

    def slow(ms):
        t = time.time()
        res = dexec(outsider, "curl -s -m 60 -o /dev/null -w '%%{http_code}' -H 'Host: a-site.example' -H '%s' "
                    "'http://%s/%s?ms=%d'" % (cookie, web, SLEEP_JSP, ms))
        return res.stdout.strip(), round((time.time() - t) * 1000)
    slow(1)                                    # compiles the JSP
    code, took = slow(sleep_ms)
    # meanwhile-style check: a normal request of the session right after
    rs = touch(outsider, web, session, 3)
    props = member_props(web, node)
    dexec(was, "rm -f " + path)
    return dict(summary(rs, node), slow_status=code, slow_ms=took, member_state=props.get("state"),
                member_errors=props.get("errors"))


def ajp_sports(web, port, addr):
    out = dexec(web, "ss -Htn state established '( dport = :%d and dst %s )'" % (port, addr)).stdout
    return [int(line.split()[2].rsplit(":", 1)[1]) for line in out.splitlines() if line.strip()]


def check_drop(web, outsider, silent, timeout, node="a-was1", was="was-01"):
    session = sticky_session(outsider, web, node)
    touch(outsider, web, session, 4)          # pooled connections to the member
    addr = dexec(was, "hostname -I").stdout.split()[0]
    sports = ajp_sports(web, 8009, addr)
    if silent:
        rules = "".join("add rule inet %s out ip daddr %s tcp sport %d drop\n" % (NFT_TABLE, addr, p)
                        for p in sports)
        script = ("import nftables, sys\nn = nftables.Nftables()\nrc, out, err = n.cmd(sys.stdin.read())\n"
                  "sys.exit(err if rc else 0)\n")
        cmds = ("add table inet %s\nadd chain inet %s out { type filter hook output priority 0 ; }\n%s"
                % (NFT_TABLE, NFT_TABLE, rules))
        res = subprocess.run(["docker", "exec", "-i", web, "python3", "-c", script], input=cmds, text=True,
                             capture_output=True, check=False)
        if res.returncode != 0:
            return {"error": "nftables: " + res.stderr.strip()}
    else:
        dexec(web, "ss -K -tn state established '( dport = :8009 and dst %s )'" % addr)
    try:
        rs = touch(outsider, web, session, 3, timeout=timeout)
    finally:
        if silent:
            subprocess.run(["docker", "exec", "-i", web, "python3", "-c",
                            "import nftables, sys\nnftables.Nftables().cmd(sys.stdin.read())"],
                           input="delete table inet %s\n" % NFT_TABLE, text=True, capture_output=True, check=False)
    props = member_props(web, node)
    return dict(summary(rs, node), connections_dropped=len(sports), member_state=props.get("state"),
                member_errors=props.get("errors"))


def resilience(web, overrides, args):
    outsider = "outsider"
    ping = overrides["httpd_modjk_ping_timeout"] if overrides["httpd_modjk_ping_mode"] else 3000
    pre = overrides.get("httpd_modjk_prepost_timeout") or ping
    out = {"stall": check_stall(web, outsider, args.stall_ms),
           "slow": check_slow(web, outsider, max(ping, pre) + 1000),
           "drop-rst": check_drop(web, outsider, False, args.drop_timeout),
           "drop-silent": check_drop(web, outsider, True, args.drop_timeout)}
    for check in out.values():
        check["ok"] = (check.get("failed", 1) == 0 and check.get("other_node", 1) == 0
                       and not str(check.get("member_state", "")).startswith("ERR")
                       and check.get("slow_status", "200") == "200")
    return out


def knobs(args):
    names = args.settings.split(",") if args.settings else list(SETTINGS)
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        sys.exit("unknown settings %s (known: %s)" % (unknown, ", ".join(SETTINGS)))
    load.install(load.in_container("outsider"), fb.CLIENT)
    texts = {}
    for name in names:
        t = time.time()
        texts[name] = render(name, SETTINGS[name], args.web)
        print("rendered %s in %.0f s" % (name, time.time() - t), flush=True)
    runs = {name: [] for name in names}
    loads = []
    for rnd in range(args.rounds):
        order = names[rnd % len(names):] + names[:rnd % len(names)]
        site = "ab"[rnd % 2]
        for name in order:
            apply(name, texts[name], SETTINGS[name], args.web, site)
            load1 = os.getloadavg()[0]
            loads.append(load1)
            r = fb.kill_once("", args.web, site, args.sessions, args.hammer, "traffic")
            r.update(setting=name, round=rnd, load1=round(load1, 2))
            runs[name].append(r)
            print("round %d %-24s site %s %s: %s ms, failed %d, lost %d, rejoin %s s (slowest %s ms), load %.2f"
                  % (rnd, name, site, r["killed"], r["kill_to_first_good_response_ms"],
                     r["failed_requests_during_failover"], r["lost_sessions"], r["rejoin_s"],
                     r["rejoin_slowest_ms"], load1), flush=True)
    checks = {}
    if not args.no_resilience:
        for name in names:
            apply(name, texts[name], SETTINGS[name], args.web, "a")
            checks[name] = resilience(args.web, SETTINGS[name], args)
            print("resilience %-24s %s" % (name, json.dumps(checks[name])), flush=True)
    report(names, runs, checks, loads)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"runs": runs, "checks": checks, "loads": loads, "settings": {n: SETTINGS[n] for n in names}},
                      handle, indent=2)
    return 0


def report(names, runs, checks, loads):
    def med(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None
    base = med([r["kill_to_first_good_response_ms"] for r in runs[names[0]]]) or 1
    if loads:           # --rounds 0: only the resilience checks
        print("\nload average (1 min) at the kills: min %.2f, median %.2f, max %.2f"
              % (min(loads), statistics.median(loads), max(loads)))
    head = ("setting", "kills", "median ms", "worst ms", "x " + names[0], "failed", "lost", "med. req ms",
            "rejoin med s", "rejoin max s", "rejoin slowest ms")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name in names if loads else []:
        rs = runs[name]
        ms = [r["kill_to_first_good_response_ms"] for r in rs]
        known = [m for m in ms if m is not None]
        rejoin = [r["rejoin_s"] for r in rs if r["rejoin_s"] is not None]
        row = (name, str(len(rs)), "%.1f" % med(ms) if known else "-", "%.1f" % max(known) if known else "-",
               "%.2f" % (med(ms) / base) if known else "-",
               str(sum(r["failed_requests_during_failover"] for r in rs) + sum(1 for m in ms if m is None)),
               str(sum(r["lost_sessions"] for r in rs)),
               "%.1f" % med([r["baseline_median_request_ms"] for r in rs]),
               "%.1f" % med(rejoin) if rejoin else "-", "%.1f" % max(rejoin) if rejoin else "-",
               "%.0f" % max(r["rejoin_slowest_ms"] for r in rs))
        print("| " + " | ".join(row) + " |")
    if checks:
        kinds = ("stall", "slow", "drop-rst", "drop-silent")
        print("\n| setting | " + " | ".join(kinds) + " |")
        print("|---|" + "---|" * len(kinds))
        for name in names:
            cells = []
            for k in kinds:
                c = checks[name][k]
                if "error" in c:
                    cells.append(c["error"])
                    continue
                cells.append("%s: failed %d, other node %d, slowest %s ms, member %s%s"
                             % ("ok" if c["ok"] else "FAIL", c["failed"], c["other_node"], c["slowest_ms"],
                                c["member_state"], ", slow answer %s in %s ms" % (c["slow_status"], c["slow_ms"])
                                if "slow_status" in c else ""))
            print("| %s | %s |" % (name, " | ".join(cells)))


def reload_roll(args):
    """The drained rolling restart under load while both web hosts are reloaded (graceful) several times."""
    configs = {"-" + site: {"webs": ["web-01", "web-02"], "server_name": site + "-site.example",
                            "uri": "/sessionTest.jsp", "short_clients": 10, "long_clients": 4,
                            "long_seconds": 4, "max_seconds": 1800} for site in ("a", "b")}
    run = load.Load(load.in_container("outsider"), "/tmp/knobs-roll", configs)
    run.start(120)
    t0 = time.time()
    roll = subprocess.Popen(["ansible-playbook", "-i", INVENTORY, "-e", "@" + SECRETS,
                             os.path.join(ROOT, "playbooks", "rolling_restart.yml")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reloads = []
    time.sleep(args.first_reload)
    while len(reloads) < args.reloads and roll.poll() is None:
        for web in ("web-01", "web-02"):
            dexec(web, "apachectl graceful", check=True)
        reloads.append(round(time.time() - t0, 1))
        time.sleep(args.reload_every)
    out, dummy = roll.communicate()
    wall = time.time() - t0
    run.stop()
    totals = run.totals(300)
    keys = ("ok", "failed", "lost", "long_ok")
    sums = {k: sum(t[k] for t in totals.values()) for k in keys}
    print(json.dumps({"rolling_restart_rc": roll.returncode, "wall_s": round(wall, 1),
                      "reloads_of_both_web_hosts_at_s": reloads, "load": sums,
                      "failures": sum((t["failures"] for t in totals.values()), [])[:10],
                      "losses": sum((t["losses"] for t in totals.values()), [])[:10],
                      "load1": round(os.getloadavg()[0], 2)}, indent=2))
    if roll.returncode != 0:
        sys.stderr.write(out[-4000:])
    return 0 if roll.returncode == 0 and sums["failed"] == 0 and sums["lost"] == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = ap.add_subparsers(dest="cmd")
    k = sub.add_parser("knobs")
    k.add_argument("--rounds", type=int, default=5, help="kills per setting (one per round)")
    k.add_argument("--settings", help="comma-separated names of SETTINGS (default: all; the first is the baseline)")
    k.add_argument("--web", default="web-01", help="the web host under test (web-01: Debian's mod_jk 1.2.48)")
    k.add_argument("--sessions", type=int, default=20)
    k.add_argument("--hammer", type=float, default=4.0)
    k.add_argument("--stall-ms", type=int, default=2000, help="the JVM pause of the stall check")
    k.add_argument("--drop-timeout", type=float, default=20.0, help="client timeout (s) of the drop checks")
    k.add_argument("--no-resilience", action="store_true")
    k.add_argument("--json")
    r = sub.add_parser("reload-roll")
    r.add_argument("--reloads", type=int, default=3)
    r.add_argument("--first-reload", type=float, default=20.0, help="s after the roll's start")
    r.add_argument("--reload-every", type=float, default=25.0)
    args = ap.parse_args()
    if args.cmd == "reload-roll":
        return reload_roll(args)
    if args.cmd is None:
        args = ap.parse_args(["knobs"] + sys.argv[1:])
    return knobs(args)


if __name__ == "__main__":
    sys.exit(main())
