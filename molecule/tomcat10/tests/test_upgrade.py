"""playbooks/upgrade.yml on molecule/tomcat10, under load: 10.1.60 -> 10.1.55 and the rollback to 10.1.60.

tc10-web runs the shared load generator (tests/support/load_client.py) against its own httpd + mod_jk (tests/support/rolling.py) while the
playbook switches a-was on tc10-was-01, then on tc10-was-02, to the other CATALINA_HOME, drained through mod_jk.
Asserted: 0 failed requests, 0 lost sessions, each instance's running java has the new catalina.home, the second
instance went down only after the first was back, the old home is kept, and the rollback leaves the unit
byte-identical to the tomcat role's (so site.yml changes nothing). Last, a run on the release already there
switches nothing and, with upgrade_purge_old_homes, removes the releases no instance runs. Then an application that
does not work on 10.1.55 (its page answers 500 there) is deployed, and the upgrade to 10.1.55 under load must stop
at a-was1, whose health gate fails: a-was1 is back on 10.1.60 (its unit byte-identical) and ACT, a-was2 untouched.
"""

import json
import zipfile

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook, wait_for
from ansible_collections.webtier.tomcat_cluster.tests.support.rolling import (
    UNIT, count_changes, healthy, members, one_at_a_time, roll_under_load, running, stopped_roll
)
from scenario import WAS_HOSTS, WEB

INSTALL_ROOT = "/usr/local/tomcat"
CURRENT, OTHER = "10.1.60", "10.1.55"
STOP = "roll_release | Change | stop the instances gracefully"
# an application that does not run on 10.1.55: its page answers 500 there
PICKY_PAGE = """<%@ page contentType="text/plain; charset=UTF-8" %><%
  if (application.getServerInfo().contains("10.1.55")) {
    response.sendError(500, "this application does not run on " + application.getServerInfo());
    return;
  }
%>picky on <%= application.getServerInfo() %>
"""
PICKY_WEB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
  <display-name>picky</display-name>
</web-app>
"""


def home(version):
    return f"{INSTALL_ROOT}/apache-tomcat-{version}"


@pytest.fixture
def cluster_healthy(get, web_addr):
    was = [get(h) for h in WAS_HOSTS]
    wait_for(lambda: healthy(get(WEB), web_addr, was), 180, "both members ACT and OK on tc10-web")


def switch(get, inventory, web_addr, version):
    before = {h: running(get(h)) for h in WAS_HOSTS}
    res = roll_under_load(get(WEB), web_addr, inventory, "upgrade.yml", {"tomcat_version": version})
    out = res.stdout
    # the stage play unpacked the release (or found it) before any instance was touched
    assert out.index(f"Unpack the archive from the controller for Tomcat {version}") < out.index(STOP)
    assert count_changes(out, STOP) == 2
    assert one_at_a_time(out, STOP, WAS_HOSTS[1]), out[-6000:]
    for h in WAS_HOSTS:
        now = running(get(h))
        assert now["pid"] not in (0, before[h]["pid"]), f"a-was on {h} was not restarted"
        assert now["home"] == home(version), (h, now)
        unit = get(h).file(f"/etc/systemd/system/{UNIT}").content_string
        assert f'Environment="CATALINA_HOME={home(version)}"' in unit
        assert f"ExecStart={home(version)}/bin/catalina.sh run" in unit
        assert f"Description=Apache Tomcat {version} instance a-was" in unit


def test_upgrade_and_rollback_under_load_lose_nothing(get, inventory, web_addr, cluster_healthy):
    units = {h: get(h).file(f"/etc/systemd/system/{UNIT}").md5sum for h in WAS_HOSTS}
    assert all(running(get(h))["home"] == home(CURRENT) for h in WAS_HOSTS)

    switch(get, inventory, web_addr, OTHER)
    for h in WAS_HOSTS:
        assert get(h).file(home(CURRENT) + "/bin/catalina.sh").exists, "the old home was not kept"

    wait_for(lambda: healthy(get(WEB), web_addr), 120, "both members ACT and OK after the upgrade")
    switch(get, inventory, web_addr, CURRENT)
    # the rollback wrote the tomcat role's own unit: the converge's unit, byte for byte
    assert {h: get(h).file(f"/etc/systemd/system/{UNIT}").md5sum for h in WAS_HOSTS} == units


def test_no_switch_when_every_instance_runs_its_release_and_purge(get, inventory, cluster_healthy):
    before = {h: running(get(h)) for h in WAS_HOSTS}
    res = run_playbook(inventory, "upgrade.yml", "-e", json.dumps(
        {"tomcat_version": CURRENT, "upgrade_purge_old_homes": True}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    assert "Every selected instance already runs its release: nothing to switch." in res.stdout
    assert count_changes(res.stdout, STOP) == 0
    for h in WAS_HOSTS:
        host = get(h)
        assert running(host)["pid"] == before[h]["pid"], f"a-was on {h} was restarted"
        left = host.check_output(f"ls -1d {INSTALL_ROOT}/apache-tomcat-*").split()
        assert left == [home(CURRENT)], left


def test_an_application_that_fails_on_the_new_release_stops_the_upgrade_at_the_first_instance(
        get, inventory, web_addr, cluster_healthy, tmp_path):
    war = tmp_path / "picky.war"
    with zipfile.ZipFile(war, "w") as archive:
        archive.writestr("index.jsp", PICKY_PAGE)
        archive.writestr("WEB-INF/web.xml", PICKY_WEB_XML)
    webapps = {"tomcat_webapps": [{"name": "picky", "src": str(war)}]}
    res = run_playbook(inventory, "deploy.yml", "-e", json.dumps(webapps))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    wait_for(lambda: healthy(get(WEB), web_addr), 120, "both members ACT and OK after the deploy")
    units = {h: get(h).file(f"/etc/systemd/system/{UNIT}").md5sum for h in WAS_HOSTS}
    before = {h: running(get(h)) for h in WAS_HOSTS}

    res = roll_under_load(get(WEB), web_addr, inventory, "upgrade.yml", dict(webapps, tomcat_version=OTHER),
                          succeeds=False)
    out = stopped_roll(res, STOP)
    assert "Rolling upgrade stopped at a-was1" in out, out[-6000:]
    assert "The change was undone: the previous CATALINA_HOME of a-was1 passed the checks again" in out, out[-6000:]
    assert "webapp picky" in out and "500" in out, out[-6000:]
    for h in WAS_HOSTS:
        assert running(get(h))["home"] == home(CURRENT), h
        assert get(h).file(f"/etc/systemd/system/{UNIT}").md5sum == units[h], h
    assert running(get(WAS_HOSTS[0]))["pid"] not in (0, before[WAS_HOSTS[0]]["pid"])
    assert running(get(WAS_HOSTS[1]))["pid"] == before[WAS_HOSTS[1]]["pid"]
    assert {m["activation"] for m in members(get(WEB)).values()} == {"ACT"}
