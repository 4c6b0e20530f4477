"""Verifier for molecule/tomcat11: Debian 13 hosts, Tomcat 10.1.60 -> 11.0.22 under load, then 11.0.22 in service.

In order (pytest runs a module's tests top to bottom):
- the converge: Debian 13 with the openjdk role's default Java for trixie, a-was on 10.1.60 and 11.0.22 staged
  beside it, trixie's mod_jk package;
- upgrade.yml to 11.0.22 under load: while it rolls, a 10.1 member and an 11 member serve the site together, and the
  load's sessions move between them (state transfer at the start of the upgraded member, failover of the sessions of
  the member being stopped): 0 failed requests and 0 lost sessions say that they replicate both ways;
- site.yml with tomcat_version 11.0.22 then changes nothing (the upgrade left what a converge on 11 writes);
- on 11.0.22: an AJP request with the secret is served by Servlet 6.1, verify.yml passes, a kill -9 fails over with
  the session, and the drained rolling restart under load loses nothing.
"""

import json
import re

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook, wait_for
from ansible_collections.webtier.tomcat_cluster.tests.support.rolling import (
    SITE, UNIT, count_changes, first, healthy, one_at_a_time, page_values, roll_under_load, running
)
from scenario import WAS_HOSTS, WEB

OLD, NEW = "10.1.60", "11.0.22"
INSTALL_ROOT = "/usr/local/tomcat"
SECRET = "MoleculeTomcat11abcdef0123456789ABCDEF"
STOP = "roll_release | Change | stop the instances gracefully"


def home(version):
    return f"{INSTALL_ROOT}/apache-tomcat-{version}"


def through_web(get, web_addr, cookie=None):
    """One request to the session test page through tc11-web's httpd + mod_jk."""
    header = f" -H 'Cookie: JSESSIONID={cookie}'" if cookie else ""
    return page_values(get(WEB).check_output(f"curl -sS -m 20 -H 'Host: {SITE}'{header} http://{web_addr}/sessionTest.jsp"))


@pytest.fixture
def cluster_healthy(get, web_addr):
    was = [get(h) for h in WAS_HOSTS]
    wait_for(lambda: healthy(get(WEB), web_addr, was), 180, f"both members ACT and OK on {WEB}")


# --- the converge on Debian 13 ----------------------------------------------------------------------

@pytest.mark.parametrize("name", WAS_HOSTS + [WEB])
def test_the_hosts_are_debian_13(get, name):
    assert get(name).system_info.distribution == "debian"
    assert get(name).system_info.release.split(".")[0] == "13"


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_converged_on_10_1_with_11_staged_and_the_default_java_of_trixie(get, was_host):
    host = get(was_host)
    assert running(host)["home"] == home(OLD)
    assert host.file(home(NEW) + "/bin/catalina.sh").exists
    assert host.file(home(NEW) + "/lib/catalina.jar").exists
    java = host.run(f"{home(OLD)}/bin/version.sh").stdout
    # the openjdk role's default on trixie: OpenJDK 21 (docs/platforms.md)
    assert re.search(r"^JVM Version:\s+21\.", java, re.M), java
    assert host.check_output(f"ps -o user= -p {running(host)['pid']}") == "tomcat"


def test_the_web_host_runs_the_mod_jk_package_of_trixie(get):
    version = get(WEB).check_output("dpkg-query -W -f '${Version}' libapache2-mod-jk")
    assert version.startswith("1:1.2.50") or version.startswith("1.2.50"), version


# --- the rolling upgrade 10.1 -> 11 under load ------------------------------------------------------

def test_the_upgrade_from_10_1_to_11_under_load_loses_nothing(get, inventory, web_addr, cluster_healthy):
    before = {h: running(get(h)) for h in WAS_HOSTS}
    res = roll_under_load(get(WEB), web_addr, inventory, "upgrade.yml", {"tomcat_version": NEW})
    out = res.stdout
    assert count_changes(out, STOP) == 2
    assert one_at_a_time(out, STOP, WAS_HOSTS[1]), out[-6000:]
    # the health gate checked the examples webapp (a 10.1 Jakarta WAR) on each instance once it ran 11.0.22
    for route in ("a-was1", "a-was2"):
        assert first(out, "roll_check | Check | every webapp", rf"{route}: examples") >= 0
    for h in WAS_HOSTS:
        now = running(get(h))
        assert now["pid"] not in (0, before[h]["pid"]) and now["home"] == home(NEW), (h, now)
        log = get(h).run("cat /usr/local/tomcat/a-was/logs/catalina.*.log").stdout
        assert f"Server version number: {NEW}.0" in log


def test_the_examples_webapp_of_10_1_serves_its_sessions_on_11(get, web_addr):
    jar = "/tmp/tc11-examples.cookies"
    get(WEB).run(f"rm -f {jar}")
    for name, value in (("colour", "blue"), ("size", "large")):
        body = get(WEB).check_output(
            f"curl -sS -m 20 -b {jar} -c {jar} -H 'Host: {SITE}' "
            f"'http://{web_addr}/examples/servlets/servlet/SessionExample?dataname={name}&datavalue={value}'")
    assert "colour = blue" in body and "size = large" in body, body[-2000:]


def test_site_on_11_changes_nothing_after_the_upgrade(inventory):
    res = run_playbook(inventory, "site.yml", "-e", json.dumps({"tomcat_version": NEW}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    recap = re.findall(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)", res.stdout, re.M)
    assert recap and all(changed == "0" for _host, changed in recap), res.stdout[-8000:]


# --- Tomcat 11.0.22 in service -------------------------------------------------------------------------

@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_an_ajp_request_with_the_secret_is_served_by_servlet_6_1(get, addr, was_host):
    args = f"host={addr[was_host]} port=8009 uri=/sessionTest.jsp?end=1 return_content=true secret={SECRET} timeout=30"
    res = get(WEB).ansible("webtier.tomcat_cluster.ajp_request", args, check=False)
    assert res["status"] == 200 and res["jvm_route"] == f"a-was{WAS_HOSTS.index(was_host) + 1}", res
    assert page_values(res["content"])["servlet"] == "6.1", res["content"]  # Jakarta Servlet 6.1 = Tomcat 11.0


def test_verify_playbook_passes_on_11(inventory):
    res = run_playbook(inventory, "verify.yml")
    print(res.stdout[-3000:])
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]


def test_a_kill_fails_over_with_the_session(get, web_addr, cluster_healthy):
    first = through_web(get, web_addr)
    again = through_web(get, web_addr, first["session"])
    assert int(again["counter"]) == int(first["counter"]) + 1
    owner = WAS_HOSTS[int(again["node"][-1]) - 1]
    get(owner).run(f"systemctl kill -s KILL {UNIT}")
    after = through_web(get, web_addr, again["session"])
    assert after["node"] != again["node"], after
    assert int(after["counter"]) == int(again["counter"]) + 1, (again, after)
    get(owner).check_output(f"systemctl start {UNIT}")
    print(f"kill -9 of {again['node']}: the session went on on {after['node']} with counter {after['counter']}")


def test_the_drained_rolling_restart_on_11_under_load_loses_nothing(get, inventory, web_addr, cluster_healthy):
    before = {h: running(get(h)) for h in WAS_HOSTS}
    res = roll_under_load(get(WEB), web_addr, inventory, "rolling_restart.yml", {})
    assert one_at_a_time(res.stdout, "roll_restart | Change | restart", WAS_HOSTS[1]), res.stdout[-6000:]
    for h in WAS_HOSTS:
        now = running(get(h))
        assert now["pid"] not in (0, before[h]["pid"]) and now["home"] == home(NEW), (h, now)
