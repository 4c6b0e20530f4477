# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Failover and converge figures for the container lab (make lab) or the molecule/default scenario.

  failover (default): N sessions through mod_jk on one web host; a client in the outsider container
      hammers one session whose node is then killed with SIGKILL; reports the time from the kill to the
      first good response (served by the other node, counter intact), the failed requests in between,
      and how many of the N sessions lost their counter. Baseline: the median request latency measured
      in the same run before the kill (printed as a ratio).
  converge: wall time of `ansible-playbook playbooks/site.yml` on the lab twice: the first converge
      (with --fresh: on new containers, `scripts/lab.sh destroy` + containers started like the lab does)
      and the idempotent rerun (changed=0 is checked).

  python3 benchmarks/failover_bench.py failover [--prefix mol-] [--sessions 20] [--site a]
  python3 benchmarks/failover_bench.py converge [--fresh | --inventory <molecule inventory>]

Run from the repository root after `. scripts/env.sh`; the lab must be up for `failover`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, ".cache", "collections"))

from ansible_collections.webtier.tomcat_cluster.tests.support import load  # noqa: E402
from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook  # noqa: E402

SITES = {"a": ("a-site.example", "a-was"), "b": ("b-site.example", "b-was")}
PAGE = "/sessionTest.jsp"
# the shared client (tests/support/load_client.py) in the outsider container: one request per connection, so
# every request goes through mod_jk's worker selection
CLIENT = "/tmp/webtier-load-client.py"


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)


def client(outsider, cfg):
    try:
        return load.one_by_one(load.in_container(outsider), CLIENT, cfg)
    except subprocess.CalledProcessError as exc:
        sys.exit(f"client failed: {exc.stderr}")


def main_pid(container, unit):
    return int(sh(["docker", "exec", container, "systemctl", "show", "-p", "MainPID", "--value", unit]).stdout.strip() or 0)


def cpong(web, host, port):
    probe = f"printf '\\022\\064\\000\\001\\012' | nc -w 2 {host} {port} | head -c 5 | od -An -tx1"
    return sh(["docker", "exec", web, "sh", "-c", probe]).stdout.split() == ["41", "42", "00", "01", "09"]


def rejoin_by_traffic(outsider, base, victim_node, t_kill, deadline=240, batch=4):
    """Seconds from the kill until a new session through mod_jk lands on the restarted member again.

    New sessions are created in batches about every half second; also returned: how many of those requests
    failed and the slowest one (a probe of a member that is still starting can hold a request)."""
    slowest, failed, requests = 0.0, 0, 0
    end = time.time() + deadline
    while time.time() < end:
        rs = client(outsider, dict(base, mode="create", n=batch))
        requests += len(rs)
        failed += sum(1 for r in rs if r["status"] != 200)
        slowest = max([slowest] + [(r["t1"] - r["t0"]) * 1000 for r in rs])
        back = [r for r in rs if r["status"] == 200 and r.get("node") == victim_node]
        if back:
            return {"rejoin_s": round(back[0]["t1"] - t_kill, 1), "rejoin_requests": requests,
                    "rejoin_failed": failed, "rejoin_slowest_ms": round(slowest, 1)}
        time.sleep(0.5)
    return {"rejoin_s": None, "rejoin_requests": requests, "rejoin_failed": failed,
            "rejoin_slowest_ms": round(slowest, 1)}


def kill_once(prefix="", web="web-01", site="a", n_sessions=20, hammer_s=4.0, rejoin="cpong"):
    """One kill -9 of the Tomcat instance serving a session, measured; the result as a dict.

    rejoin: "cpong" (the restarted instance answers CPing from the web host), "traffic" (a new session through
    mod_jk lands on it: rejoin_by_traffic) or None (do not wait)."""
    p = prefix
    web, outsider = f"{p}{web}", f"{p}outsider"
    was_hosts = [f"{p}was-01", f"{p}was-02"]
    host, instance = SITES[site]
    unit = f"tomcat-{instance}.service"
    base = {"web": web, "host": host, "page": PAGE}
    load.install(load.in_container(outsider), CLIENT)

    # baseline: latency of ordinary requests in the same run
    sessions = client(outsider, dict(base, mode="create", n=n_sessions))
    bad = [s for s in sessions if s["status"] != 200]
    if bad:
        sys.exit(f"lab not healthy: {bad[:3]}")
    touch = client(outsider, dict(base, mode="touch", sessions=[s["session"] for s in sessions]))
    lat = [(r["t1"] - r["t0"]) * 1000 for r in sessions + touch]
    baseline = statistics.median(lat)
    expected = {s["session"].rsplit(".", 1)[0]: r["counter"] for s, r in zip(sessions, touch)}

    victim_node = sessions[0]["node"]
    victim = was_hosts[int(victim_node[-1]) - 1]
    on_victim = sum(1 for s in sessions if s["node"] == victim_node)
    pid = main_pid(victim, unit)

    # hammer the first session from the outsider while the node is killed
    hammer = subprocess.Popen(
        ["docker", "exec", outsider, "python3", CLIENT,
         json.dumps(dict(base, mode="hammer", seconds=hammer_s, session=sessions[0]["session"]))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    # the moment of the kill is taken inside the container, right before it (one kernel clock): the
    # docker exec that carries the kill takes 100-300 ms itself on a loaded machine
    t_exec = time.time()
    killed = sh(["docker", "exec", victim, "sh", "-c", f"date +%s.%N; kill -9 {pid}"])
    try:
        t_kill = float(killed.stdout.split()[0])
    except (IndexError, ValueError):
        t_kill = t_exec
    out, err = hammer.communicate()
    if hammer.returncode != 0:
        sys.exit(f"hammer failed: {err}")
    log = json.loads(out)
    after = [r for r in log if r["t0"] >= t_kill]
    first_good = next((r for r in after if r["status"] == 200 and r.get("node") and r["node"] != victim_node), None)
    failed_between = [r for r in after if r["status"] != 200 and (first_good is None or r["t0"] < first_good["t0"])]
    counters = [r["counter"] for r in log if r.get("counter") is not None]
    # lost = the counter went back (the session was re-created); a gap of 2 only means a request was
    # executed by the dying node (and replicated) but its answer never arrived
    continuity = all(b > a for a, b in zip(counters, counters[1:]))
    gaps = sum(1 for a, b in zip(counters, counters[1:]) if b > a + 1)

    # every other session once more: the counter must continue (expected + 1; session 0 was hammered)
    touch2 = client(outsider, dict(base, mode="touch", sessions=[s["session"] for s in sessions[1:]]))
    lost = 0 if continuity else 1
    for s, r in zip(sessions[1:], touch2):
        if r["status"] != 200 or r["counter"] != expected[s["session"].rsplit(".", 1)[0]] + 1:
            lost += 1

    failover_ms = (first_good["t1"] - t_kill) * 1000 if first_good else None
    result = {
        "web": web, "site": site, "killed": f"{victim_node} on {victim} (pid {pid})",
        "sessions": n_sessions, "sessions_on_killed_node": on_victim,
        "baseline_median_request_ms": round(baseline, 1),
        "kill_to_first_good_response_ms": round(failover_ms, 1) if failover_ms is not None else None,
        "ratio_to_baseline": round(failover_ms / baseline, 1) if failover_ms else None,
        "kill_exec_delay_ms": round((t_kill - t_exec) * 1000, 1),
        "failed_requests_during_failover": len(failed_between),
        "failed_request_details": [{"status": r["status"], "error": r.get("error"),
                                    "started_ms_after_kill": round((r["t0"] - t_kill) * 1000, 1),
                                    "took_ms": round((r["t1"] - r["t0"]) * 1000, 1)} for r in failed_between],
        "hammered_requests": len(log), "hammered_counter_kept": continuity, "hammered_counter_gaps": gaps,
        "lost_sessions": lost,
    }

    if rejoin == "traffic":
        result.update(rejoin_by_traffic(outsider, base, victim_node, t_kill))
    elif rejoin == "cpong":
        # wait for systemd to restart the victim and for it to answer CPing again
        t_back = None
        addr = sh(["docker", "exec", victim, "hostname", "-I"]).stdout.split()[0]
        port = 8009 if site == "a" else 8019
        end = time.time() + 300
        while time.time() < end:
            if main_pid(victim, unit) not in (0, pid) and cpong(web, addr, port):
                t_back = time.time() - t_kill
                break
            time.sleep(1)
        result["killed_node_cpong_again_after_s"] = round(t_back, 1) if t_back else None
    return result


def failover(args):
    result = kill_once(args.prefix, args.web, args.site, args.sessions, args.hammer,
                       "cpong" if args.wait_rejoin else None)
    print(json.dumps(result, indent=2))
    return 0 if result["kill_to_first_good_response_ms"] is not None and result["lost_sessions"] == 0 else 1


def start_lab_containers():
    """Same options as scripts/lab.sh (containers only, no playbooks)."""
    sh(["docker", "network", "create", "--label", "webtier.lab=1", "webtier-lab"])
    ports = {"web-01": "8081", "web-02": "8082"}
    for h in ["was-01", "was-02", "web-01", "web-02", "outsider"]:
        cmd = ["docker", "run", "-d", "--name", h, "--hostname", h, "--network", "webtier-lab", "--label", "webtier.lab=1",
               "--cap-add", "SYS_ADMIN", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
               "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
               "--cgroupns", "host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "--tmpfs", "/run", "--tmpfs", "/run/lock"]
        if h in ports:
            cmd += ["-p", f"127.0.0.1:{ports[h]}:80"]
        res = sh(cmd + ["webtier/debian12-systemd:latest"])
        if res.returncode != 0:
            sys.exit(res.stderr)
    for h in ["was-01", "was-02", "web-01", "web-02", "outsider"]:
        sh(["docker", "exec", h, "systemctl", "is-system-running", "--wait"])


def converge(args):
    secrets = os.path.join(ROOT, ".cache", "lab", "secrets.yml")
    lab = args.inventory is None
    if args.fresh:
        if not lab:
            sys.exit("--fresh only applies to the lab (no --inventory)")
        sh([os.path.join(ROOT, "scripts", "lab.sh"), "destroy"], cwd=ROOT)
        start_lab_containers()
    extra = []
    if lab:
        if not os.path.exists(secrets):
            sys.exit(f"{secrets} missing: run `make lab` once (it creates the lab secret)")
        extra = ["-e", "@" + secrets]
    times, recaps = [], []
    for _run in range(2):
        t = time.time()
        res = run_playbook(args.inventory or os.path.join(ROOT, "inventories", "lab"), "site.yml", *extra,
                           timeout=None)
        times.append(time.time() - t)
        if res.returncode != 0:
            print(res.stdout[-3000:], res.stderr[-2000:])
            sys.exit("site.yml failed")
        recaps.append(re.findall(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)", res.stdout, re.M))
    changed_rerun = sum(int(rec[2]) for rec in recaps[1])
    print(json.dumps({
        "first_converge_s": round(times[0], 1), "fresh_containers": args.fresh,
        "idempotent_rerun_s": round(times[1], 1), "rerun_changed": changed_rerun,
        "ratio_first_to_rerun": round(times[0] / times[1], 2),
    }, indent=2))
    return 0 if changed_rerun == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = ap.add_subparsers(dest="cmd")
    f = sub.add_parser("failover")
    f.add_argument("--prefix", default="", help="container name prefix ('' for make lab, 'mol-' for molecule/default)")
    f.add_argument("--web", default="web-01")
    f.add_argument("--site", default="a", choices=sorted(SITES))
    f.add_argument("--sessions", type=int, default=20)
    f.add_argument("--hammer", type=float, default=4.0, help="seconds of requests around the kill")
    f.add_argument("--no-wait-rejoin", dest="wait_rejoin", action="store_false")
    c = sub.add_parser("converge")
    c.add_argument("--fresh", action="store_true", help="destroy the lab and start new containers first")
    c.add_argument("--inventory", help="another inventory with the secret in it, e.g. molecule/default's "
                   "(after `molecule create -s default`); default: inventories/lab + .cache/lab/secrets.yml")
    args = ap.parse_args()
    if args.cmd == "converge":
        return converge(args)
    if args.cmd is None:
        args = ap.parse_args(["failover"] + sys.argv[1:])
    return failover(args)


if __name__ == "__main__":
    sys.exit(main())
