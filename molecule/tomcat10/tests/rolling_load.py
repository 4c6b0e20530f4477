"""Helpers of test_upgrade.py and test_deploy.py: a drained roll (playbooks/upgrade.yml, deploy.yml) under load.

The load is molecule/default/tests/load_client.py, copied to tc10-web and run there against its own httpd +
mod_jk: short GET/POST requests and 4-second POSTs, every client keeping its session (the newest JSESSIONID) and
checking that the page's counter went up by exactly one.
"""

import json
import os
import re
import subprocess
import time

WAS_HOSTS = ["tc10-was-01", "tc10-was-02"]
WEB = "tc10-web"
UNIT = "tomcat-a-was.service"
SITE = "a-site.example"
STATUS_URL = "http://127.0.0.1:8090/jkstatus"
OK_STATES = ("OK", "OK/IDLE", "OK/BUSY")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LOAD = os.path.join(ROOT, "molecule", "default", "tests", "load_client.py")
TAG = "/tmp/rolling-load"


def run_playbook(inventory, playbook, *extra):
    cmd = ["ansible-playbook", "-i", inventory, os.path.join(ROOT, "playbooks", playbook), *extra]
    return subprocess.run(cmd, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=900,
                          check=False)


def members(web):
    """{member: {activation, state, busy}} of tc10-web's httpd."""
    props = web.check_output(f"curl -sS -m 10 '{STATUS_URL}?cmd=list&mime=prop'")
    out = {}
    for name, key, value in re.findall(r"^worker\.(a-was\d)\.(activation|state|busy)=(.*)$", props, re.M):
        out.setdefault(name, {})[key] = value
    return out


def wait_for(pred, deadline, what):
    end = time.time() + deadline
    while time.time() < end:
        if pred():
            return
        time.sleep(2)
    raise AssertionError(f"timed out after {deadline} s waiting for {what}")


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


def roll_under_load(web, web_addr, inventory, playbook, extra, uri="/sessionTest.jsp"):
    """Run the playbook while the load runs; assert it passed with 0 failed requests and 0 lost sessions."""
    with open(LOAD, encoding="utf-8") as f:
        web.check_output(f"cat > {TAG}.py <<'EOF'\n{f.read()}\nEOF")
    cfg = {"webs": [web_addr], "server_name": SITE, "uri": uri, "short_clients": 4, "long_clients": 2,
           "long_seconds": 4, "stop_file": f"{TAG}.stop", "out": f"{TAG}.json", "max_seconds": 800}
    web.check_output(f"rm -f {TAG}.stop {TAG}.json {TAG}.json.tmp {TAG}.json.started")
    web.check_output(f"setsid nohup python3 {TAG}.py '{json.dumps(cfg)}' > {TAG}.log 2>&1 < /dev/null &")
    res, t0, t1 = None, time.time(), time.time()
    try:
        wait_for(lambda: web.file(f"{TAG}.json.started").exists, 60, "the load client's first answer")
        t0 = time.time()
        # the sticky sessions keep a DIS member busy under load: a short grace, then STP (which waits for the
        # requests in flight)
        res = run_playbook(inventory, playbook, "-e", json.dumps(dict(extra, rolling_restart_drain_timeout=2)))
        t1 = time.time()
    finally:
        web.run(f"touch {TAG}.stop")
        if res is None or res.returncode != 0:
            for name in ("a-was1", "a-was2"):  # a failed roll leaves its instance STP
                web.run(f"curl -sS -m 10 '{STATUS_URL}?cmd=update&mime=prop&w=a-loadbalancer&sw={name}&vwa=a'")
    wait_for(lambda: web.file(f"{TAG}.json").exists, 120, "the load client's totals")
    totals = json.loads(web.check_output(f"cat {TAG}.json"))
    print(f"{playbook} {json.dumps(extra)} under load: roll {t1 - t0:.0f} s; load "
          + json.dumps({k: totals[k] for k in ("ok", "short_ok", "long_ok", "failed", "lost", "seconds")}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    # the load ran through the whole roll
    assert totals["first"] < t0 and totals["last"] > t1 - 20, totals
    assert totals["long_ok"] >= 2 and totals["short_ok"] > 20, totals
    assert totals["failed"] == 0, totals["failures"]
    assert totals["lost"] == 0, totals["losses"]
    return res


def one_at_a_time(out, stop_task):
    """The second instance was stopped only after the first was back in service (the playbook's output)."""
    return (out.index("TASK [Back | the state is OK on every web host: a-was1]")
            < out.index(f"TASK [{stop_task}: tomcat-a-was on {WAS_HOSTS[1]}]"))
