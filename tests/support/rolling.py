"""A drained roll (playbooks/rolling_restart.yml, upgrade.yml, deploy.yml, the role's own restart) under load, for the
scenarios whose site a (instance a-was, members a-was1 and a-was2) has one web host (molecule/tomcat10, tomcat11).

The load is the shared load generator (tests/support/load_client.py), run on the web host against its own httpd +
mod_jk: short GET/POST requests and 4-second POSTs, every client keeping its session (the newest JSESSIONID) and
checking that the page's counter went up by exactly one.
"""

import json
import re
import time

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import OK_STATES, STATUS_URL, list_members, run_playbook
from ansible_collections.webtier.tomcat_cluster.tests.support.load import SUMMARY, Load, in_host

UNIT = "tomcat-a-was.service"
SITE = "a-site.example"
TAG = "/tmp/rolling-load"


def page_values(text):
    """The name=value lines of the session test page (roles/tomcat/templates/sessionTest.jsp.j2) as a dict."""
    return dict(re.findall(r"^(\w+)=(.*)$", text, re.M))


def members(web):
    """{member: {activation, state, busy}} of the web host's httpd."""
    return list_members(web, r"a-was\d")


def healthy(web, web_addr, was=()):
    """Both members ACT and OK; new sessions wake a member in ERR/REC (the failover test kills one).

    was: testinfra hosts whose a-was is started first (a failed roll may have left it stopped)."""
    for host in was:
        host.run(f"systemctl start {UNIT}")
    for _attempt in range(4):
        web.run(f"curl -s -o /dev/null -m 10 -H 'Host: {SITE}' http://{web_addr}/sessionTest.jsp")
    state = members(web)
    return len(state) == 2 and all(m["activation"] == "ACT" and m["state"] in OK_STATES for m in state.values())


def running(host):
    """MainPID and the catalina.home of the running java of a-was on this host."""
    pid = host.check_output(f"systemctl show -p MainPID --value {UNIT}").strip()
    cmdline = host.check_output(f"tr '\\0' '\\n' < /proc/{pid}/cmdline") if pid != "0" else ""
    found = re.search(r"^-Dcatalina\.home=(.*)$", cmdline, re.M)
    return {"pid": int(pid), "home": found.group(1) if found else None}


def roll_under_load(web, web_addr, inventory, playbook, extra, uri="/sessionTest.jsp", succeeds=True, load=None):
    """Run the playbook while the load runs; assert it passed (or with succeeds=False: that it failed) with 0 failed
    requests and 0 lost sessions. load: more settings of the load generator (e.g. session_requests)."""
    cfg = dict({"webs": [web_addr], "server_name": SITE, "uri": uri, "short_clients": 4, "long_clients": 2,
                "long_seconds": 4, "max_seconds": 1200}, **(load or {}))
    load = Load(in_host(web), TAG, {"": cfg})
    res, t0, t1 = None, time.time(), time.time()
    try:
        load.start(60)
        t0 = time.time()
        # the sticky sessions keep a DIS member busy under load: a short grace, then STP (which waits for the
        # requests in flight)
        res = run_playbook(inventory, playbook, "-e", json.dumps(dict(extra, tomcat_restart_drain_timeout=2)))
        t1 = time.time()
    finally:
        load.stop()
        if res is None or (res.returncode != 0) == succeeds:
            for name in ("a-was1", "a-was2"):  # a failed roll leaves its instance STP
                web.run(f"curl -sS -m 10 '{STATUS_URL}?cmd=update&mime=prop&w=a-loadbalancer&sw={name}&vwa=a'")
    totals = load.totals(120)[""]
    print(f"{playbook} {json.dumps(extra)} under load: roll {t1 - t0:.0f} s; load "
          + json.dumps({k: totals[k] for k in SUMMARY}))
    assert (res.returncode == 0) == succeeds, res.stdout[-6000:] + res.stderr[-2000:]
    # the load ran through the whole roll
    assert totals["first"] < t0 and totals["last"] > t1 - 20, totals
    assert totals["long_ok"] >= 2 and totals["short_ok"] > 20, totals
    assert totals["failed"] == 0, totals["failures"]
    assert totals["lost"] == 0, totals["losses"]
    return res


def task_lines(out):
    """The playbook's output as (task name, line) pairs: each result line with the task it belongs to."""
    task, pairs = "", []
    for line in out.splitlines():
        found = re.match(r"^(?:TASK|RUNNING HANDLER) \[(?:[\w.]+ : )?(.*?)\] \**$", line)
        if found:
            task = found.group(1)
        else:
            pairs.append((task, line))
    return pairs


def first(out, task, pattern):
    """Index (in task_lines) of the first result line of a task whose name starts with `task` matching `pattern`."""
    for index, (name, line) in enumerate(task_lines(out)):
        if name.startswith(task) and re.search(pattern, line):
            return index
    raise AssertionError(f"no line {pattern!r} in task {task!r}")


def one_at_a_time(out, stop_task, second):
    """The second instance was stopped only after the first was back in service (the playbook's output): the
    roll (roles/tomcat/tasks/roll_wave.yml) set a-was1 ACT on the web host before `stop_task` ran on `second` (the
    second WAS host)."""
    back = first(out, "roll_wave | Back | ACT", r"a-loadbalancer/a-was1\)")
    stop = first(out, stop_task, rf"-> {second}\]")
    return back < stop


def count_changes(out, task):
    """How many result lines of tasks named `task` changed something."""
    return sum(1 for name, line in task_lines(out) if name.startswith(task) and line.startswith("changed:"))


def stopped_roll(res, task):
    """The output of a roll that failed after changing one instance (task `task` changed once), as one line of
    text: the failed tasks' results go to stderr, and the YAML callback wraps the messages anywhere."""
    out = res.stdout + res.stderr
    assert count_changes(out, task) == 1, out[-6000:]
    return " ".join(out.split())
