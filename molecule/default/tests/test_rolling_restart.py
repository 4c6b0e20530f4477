"""playbooks/rolling_restart.yml on the real lab, under load.

mol-outsider runs load_client.py (short GET/POST requests and 4-second POSTs, each client keeping its session)
through both web hosts while the playbook restarts site a's instances on both WAS hosts, one at a time, drained
through mod_jk. The assertion is the one the issue asks for: 0 failed requests, 0 lost sessions. Then the
failure paths: a refused preflight changes nothing; a failing step stops the roll, names instance and step, and
leaves the instance STP.
"""

import json
import os
import re
import subprocess
import time

import pytest
import testinfra

WEB_HOSTS = ["mol-web-01", "mol-web-02"]
WAS_HOSTS = ["mol-was-01", "mol-was-02"]
STATUS_URL = "http://127.0.0.1:8090/jkstatus"
OK_STATES = ("OK", "OK/IDLE", "OK/BUSY")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LOAD = os.path.join(os.path.dirname(__file__), "load_client.py")


@pytest.fixture(scope="module")
def inventory(pytestconfig):
    return pytestconfig.option.ansible_inventory


@pytest.fixture(scope="module")
def get(inventory):
    def _get(name):
        return testinfra.get_host(f"ansible://{name}", ansible_inventory=inventory)

    return _get


def run_playbook(inventory, *extra):
    cmd = ["ansible-playbook", "-i", inventory, os.path.join(ROOT, "playbooks", "rolling_restart.yml"), *extra]
    return subprocess.run(cmd, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=1800,
                          check=False)


def state(host):
    """{member: {activation, state, busy}} of this web host's httpd (mime=prop: the lab's member names are unique)."""
    props = host.check_output(f"curl -sS -m 10 '{STATUS_URL}?cmd=list&mime=prop'")
    out = {}
    for name, key, value in re.findall(r"^worker\.([ab]-was\d)\.(activation|state|busy)=(.*)$", props, re.M):
        out.setdefault(name, {})[key] = value
    assert len(out) == 4, props[:2000]
    return out


def set_activation(host, balancer, member, vwa):
    host.check_output(f"curl -sS -m 10 '{STATUS_URL}?cmd=update&mime=prop&w={balancer}&sw={member}&vwa={vwa}'")


def healthy(get):
    """Every member ACT and OK on every web host; new sessions through each web host wake members in ERR/REC."""
    outsider = get("mol-outsider")
    for web in WEB_HOSTS:
        for site in ("a", "b"):
            outsider.run(f"curl -s -o /dev/null -m 10 -H 'Host: {site}-site.example' http://{web}/sessionTest.jsp")
    return all(m["activation"] == "ACT" and m["state"] in OK_STATES
               for web in WEB_HOSTS for m in state(get(web)).values())


def wait_for(pred, deadline, what):
    end = time.time() + deadline
    while time.time() < end:
        if pred():
            return
        time.sleep(2)
    raise AssertionError(f"timed out after {deadline} s waiting for {what}")


def main_pid(host, unit):
    return int(host.check_output(f"systemctl show -p MainPID --value {unit}"))


@pytest.fixture
def lab_healthy(get):
    # the failover test of test_lab.py may have left a member in error for mod_jk's recover_time
    wait_for(lambda: healthy(get), 240, "every member ACT and OK on every web host")


def test_rolling_restart_under_load_loses_nothing(get, inventory, lab_healthy):
    outsider = get("mol-outsider")
    pids = {h: main_pid(get(h), "tomcat-a-was.service") for h in WAS_HOSTS}
    tag = "/tmp/rolling-load"
    with open(LOAD, encoding="utf-8") as f:
        outsider.check_output(f"cat > {tag}.py <<'EOF'\n{f.read()}\nEOF")
    cfg = {"webs": WEB_HOSTS, "server_name": "a-site.example", "uri": "/sessionTest.jsp", "short_clients": 6,
           "long_clients": 8, "long_seconds": 4, "stop_file": f"{tag}.stop", "out": f"{tag}.json",
           "max_seconds": 1500}
    outsider.check_output(f"rm -f {tag}.stop {tag}.json {tag}.json.tmp {tag}.json.started")
    outsider.check_output(f"setsid nohup python3 {tag}.py '{json.dumps(cfg)}' > {tag}.log 2>&1 < /dev/null &")
    res = None
    try:
        wait_for(lambda: outsider.file(f"{tag}.json.started").exists, 120, "the load client's first answer")
        t0 = time.time()
        # the sticky sessions keep a DIS member busy under this load: 10 s of grace, then STP (the default policy)
        extra = {"rolling_restart_sites": ["a"], "rolling_restart_drain_timeout": 10}
        res = run_playbook(inventory, "-e", json.dumps(extra))
        t1 = time.time()
    finally:
        outsider.run(f"touch {tag}.stop")
        if res is None or res.returncode != 0:
            for web in WEB_HOSTS:  # a failed roll leaves its instance STP
                for name in ("a-was1", "a-was2"):
                    set_activation(get(web), "a-loadbalancer", name, "a")
    wait_for(lambda: outsider.file(f"{tag}.json").exists, 300, "the load client's totals")
    totals = json.loads(outsider.check_output(f"cat {tag}.json"))
    print(f"rolling restart of site a under load: {t1 - t0:.0f} s; load: {totals}")
    assert res.returncode == 0, res.stdout[-5000:] + res.stderr[-2000:]
    # both instances of site a were restarted, one at a time (the playbook checked each before the next)
    for h in WAS_HOSTS:
        assert main_pid(get(h), "tomcat-a-was.service") not in (0, pids[h]), f"tomcat-a-was on {h} was not restarted"
    # the load ran through the whole roll
    assert totals["first"] is not None and totals["first"] < t0 and totals["last"] > t1 - 30, totals
    assert totals["long_ok"] >= 8 and totals["short_ok"] > 100, totals
    assert totals["failed"] == 0, totals["failures"]
    assert totals["lost"] == 0, totals["losses"]
    for web in WEB_HOSTS:
        assert all(m["activation"] == "ACT" for m in state(get(web)).values())


def test_preflight_refuses_when_another_member_is_not_active(get, inventory, lab_healthy):
    web2 = get(WEB_HOSTS[1])
    pid = main_pid(get("mol-was-02"), "tomcat-a-was.service")
    set_activation(web2, "a-loadbalancer", "a-was1", "d")
    try:
        extra = {"rolling_restart_sites": ["a"], "rolling_restart_hosts": ["mol-was-02"]}
        res = run_playbook(inventory, "-e", json.dumps(extra))
        out = res.stdout + res.stderr
        assert res.returncode != 0
        assert "Rolling restart stopped at a-was on mol-was-02" in out and 'step "Preflight' in out, out[-4000:]
        assert "a-loadbalancer/a-was1 is not ACT and OK" in out and "Nothing was changed." in out
        for web in WEB_HOSTS:
            assert state(get(web))["a-was2"]["activation"] == "ACT"
        assert main_pid(get("mol-was-02"), "tomcat-a-was.service") == pid
    finally:
        set_activation(web2, "a-loadbalancer", "a-was1", "a")


def test_failed_step_stops_the_roll_and_leaves_the_instance_stopped(get, inventory, lab_healthy):
    pid = main_pid(get("mol-was-02"), "tomcat-b-was.service")
    try:
        # a wrong AJP secret: Tomcat answers 403 to the check requests
        extra = {"rolling_restart_sites": ["b"], "rolling_restart_hosts": ["mol-was-02"],
                 "rolling_restart_ajp_secret": "WrongSecret0123456789"}
        res = run_playbook(inventory, "-e", json.dumps(extra))
        out = res.stdout + res.stderr
        assert res.returncode != 0
        assert "Rolling restart stopped at b-was on mol-was-02 (member b-was2 of b-loadbalancer)" in out, out[-4000:]
        assert 'step "Restart | first start a session on another member' in out
        assert "b-was2 is left STP on every web host" in out
        assert "WrongSecret0123456789" not in out
        for web in WEB_HOSTS:
            assert state(get(web))["b-was2"]["activation"] == "STP"
        # stopped before the restart: the instance runs on, only out of routing
        assert main_pid(get("mol-was-02"), "tomcat-b-was.service") == pid
    finally:
        for web in WEB_HOSTS:
            set_activation(get(web), "b-loadbalancer", "b-was2", "a")
