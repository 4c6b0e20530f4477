"""playbooks/rolling_restart.yml on the real lab, under load.

mol-outsider runs the shared load generator, tests/support/load_client.py (short GET/POST requests and 4-second
POSTs, each client keeping its session) through both web hosts while the playbook restarts site a's instances
on both WAS hosts, one at a time, drained through mod_jk. The assertion is the one the issue asks for: 0 failed
requests, 0 lost sessions. Then the failure paths: a refused preflight changes nothing; a failing step stops the
roll, names instance and step, and leaves the instance STP.
"""

import json
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import (
    OK_STATES, list_members, main_pid, run_playbook, set_activation, wait_for)
from ansible_collections.webtier.tomcat_cluster.tests.support.load import Load, in_host

WEB_HOSTS = ["mol-web-01", "mol-web-02"]
WAS_HOSTS = ["mol-was-01", "mol-was-02"]
PLAYBOOK = "rolling_restart.yml"


def state(host):
    """{member: {activation, state, busy}} of this web host's httpd (mime=prop: the lab's member names are unique)."""
    out = list_members(host, r"[ab]-was\d")
    assert len(out) == 4, out
    return out


def healthy(get):
    """Every member ACT and OK on every web host; new sessions through each web host wake members in ERR/REC."""
    outsider = get("mol-outsider")
    for web in WEB_HOSTS:
        for site in ("a", "b"):
            outsider.run(f"curl -s -o /dev/null -m 10 -H 'Host: {site}-site.example' http://{web}/sessionTest.jsp")
    return all(m["activation"] == "ACT" and m["state"] in OK_STATES
               for web in WEB_HOSTS for m in state(get(web)).values())


@pytest.fixture
def lab_healthy(get):
    # the failover test of test_lab.py may have left a member in error for mod_jk's recover_time
    wait_for(lambda: healthy(get), 240, "every member ACT and OK on every web host")


def test_rolling_restart_under_load_loses_nothing(get, inventory, lab_healthy):
    outsider = get("mol-outsider")
    pids = {h: main_pid(get(h), "tomcat-a-was.service") for h in WAS_HOSTS}
    cfg = {"webs": WEB_HOSTS, "server_name": "a-site.example", "uri": "/sessionTest.jsp", "short_clients": 6,
           "long_clients": 8, "long_seconds": 4, "max_seconds": 1500}
    load = Load(in_host(outsider), "/tmp/rolling-load", {"": cfg})
    res = None
    try:
        load.start(120)
        t0 = time.time()
        # the sticky sessions keep a DIS member busy under this load: 10 s of grace, then STP (the default policy)
        extra = {"tomcat_roll_sites": ["a"], "tomcat_restart_drain_timeout": 10}
        res = run_playbook(inventory, PLAYBOOK, "-e", json.dumps(extra), timeout=1800)
        t1 = time.time()
    finally:
        load.stop()
        if res is None or res.returncode != 0:
            for web in WEB_HOSTS:  # a failed roll leaves its instance STP
                for name in ("a-was1", "a-was2"):
                    set_activation(get(web), "a-loadbalancer", name, "a")
    totals = load.totals(300)[""]
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
        extra = {"tomcat_roll_sites": ["a"], "tomcat_roll_hosts": ["mol-was-02"]}
        res = run_playbook(inventory, PLAYBOOK, "-e", json.dumps(extra), timeout=1800)
        out = res.stdout + res.stderr
        assert res.returncode != 0
        # refused on the web host that sees a-was1 DIS; every web host stops before anything changes
        assert 'Rolling restart stopped at a-was2, step "roll_wave | Preflight' in out, out[-4000:]
        assert "a-loadbalancer/a-was1 is not ACT and OK" in out and "Nothing was changed." in out
        for web in WEB_HOSTS:
            assert state(get(web))["a-was2"]["activation"] == "ACT"
        assert main_pid(get("mol-was-02"), "tomcat-a-was.service") == pid
    finally:
        set_activation(web2, "a-loadbalancer", "a-was1", "a")


def test_failed_step_stops_the_roll_and_leaves_the_instance_stopped(get, inventory, lab_healthy):
    pid = main_pid(get("mol-was-02"), "tomcat-b-was.service")
    try:
        # a wrong AJP secret for this run only: Tomcat answers 403 to the roll's requests
        extra = {"tomcat_roll_sites": ["b"], "tomcat_roll_hosts": ["mol-was-02"],
                 "tomcat_ajp_secret": "WrongSecret0123456789"}
        res = run_playbook(inventory, PLAYBOOK, "-e", json.dumps(extra), timeout=1800)
        out = res.stdout + res.stderr
        assert res.returncode != 0
        assert 'Rolling restart stopped at b-was2, step "roll_leader | Check | start a session on a peer' in out, out[-4000:]
        assert "The instances are left STP" in out
        assert "WrongSecret0123456789" not in out
        for web in WEB_HOSTS:
            assert state(get(web))["b-was2"]["activation"] == "STP"
        # stopped before the restart: the instance runs on, only out of routing
        assert main_pid(get("mol-was-02"), "tomcat-b-was.service") == pid
    finally:
        for web in WEB_HOSTS:
            set_activation(get(web), "b-loadbalancer", "b-was2", "a")
