# SPDX-License-Identifier: GPL-3.0-or-later
"""Observability end to end (docs/observability.md): the exporters of every WAS and web host, scraped every 5 s by the
Prometheus of mol-monitoring (the monitoring role) with the collection's alert rules.

Real components only: the figures come from mod_jk's status worker and Tomcat's MBeans through the exporters; the
alert is the shipped rule file evaluated by Prometheus; the failure is a Tomcat JVM killed with SIGKILL.
"""

import time

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import wait_for
from ansible_collections.webtier.tomcat_cluster.tests.support.prometheus import Prometheus

WAS_HOSTS = ["mol-was-01", "mol-was-02"]
WEB_HOSTS = ["mol-web-01", "mol-web-02"]
PORTS = {"modjk": 9650, "tomcat": 9651}
SITES = {"a": "a-site.example", "b": "b-site.example"}


@pytest.fixture(scope="module")
def prom(addr):
    return Prometheus(f"http://{addr['mol-monitoring']}:9090")


def hosts_of(prom, expr):
    """{host label: value} of an instant query."""
    return {labels.get("host"): value for labels, value in prom.query(expr)}


def test_both_tiers_reach_prometheus(get, prom):
    # every target up, and each exporter read what it reads (the status worker; every instance's page)
    wait_for(lambda: all(t["health"] == "up" for t in prom.targets()) and len(prom.targets()) == 5, 90,
             "every target up (prometheus, 2 mod_jk and 2 Tomcat exporters)")
    wait_for(lambda: hosts_of(prom, "modjk_status_up") == {h: 1.0 for h in WEB_HOSTS}, 60, "modjk_status_up 1")
    wait_for(lambda: len(prom.query("webtier_tomcat_up == 1")) == 4, 60, "webtier_tomcat_up 1 for 4 instances")
    # each web host sees the 4 members of its 2 balancers, active and OK
    for labels, value in prom.query('modjk_member_activation{activation="ACT"}'):
        assert value == 1.0, labels
    routes = {(labels["host"], labels["route"]) for labels, dummy in prom.query("modjk_member_busy")}
    assert routes == {(w, r) for w in WEB_HOSTS for r in ("a-was1", "a-was2", "b-was1", "b-was2")}
    # each instance sees the other member of its cluster, as the inventory says (an instance that an earlier test
    # killed and systemd restarted may still be joining)
    peers = {(h, t): 1.0 for h in WAS_HOSTS for t in ("a-was", "b-was")}
    wait_for(lambda: {(labels["host"], labels["tomcat"]): value
                      for labels, value in prom.query("tomcat_cluster_members")} == peers, 120,
             f"tomcat_cluster_members {peers}")
    assert prom.query("tomcat_jvm_uptime_seconds > 0") and prom.query("tomcat_threads_max")

    # nothing fires on a healthy cluster. An earlier test's kill -9 can leave a member in error in mod_jk (ERR/REC)
    # until a request tries it again: new sessions through every web host recover it, then the alert resolves
    outsider = get("mol-outsider")

    def quiet():
        for web in WEB_HOSTS:
            for site in SITES:
                for dummy in range(3):
                    curl_site(outsider, web, site)
        return prom.alerts(state="firing") == []

    wait_for(quiet, 120, "no alert firing on the healthy cluster")


def test_exporters_run_unprivileged_and_answer_only_the_monitoring_host(get, addr):
    for name, tier in [(h, "modjk") for h in WEB_HOSTS] + [(h, "tomcat") for h in WAS_HOSTS]:
        host = get(name)
        unit = f"webtier-exporter-{tier}.service"
        assert host.service(unit).is_running and host.service(unit).is_enabled
        assert host.check_output(f"systemctl show -p User --value {unit}") == "webtier-exporter"
        # bound to the private address, not to every address
        assert host.socket(f"tcp://{addr[name]}:{PORTS[tier]}").is_listening
        assert not host.socket(f"tcp://0.0.0.0:{PORTS[tier]}").is_listening
        probe = f"curl -sS -m 5 -o /dev/null -w '%{{http_code}}' http://{addr[name]}:{PORTS[tier]}/metrics"
        assert get("mol-monitoring").check_output(probe) == "200", name
        assert get("mol-outsider").run(probe).rc != 0, f"{name}:{PORTS[tier]} answers the outsider"


def curl_site(outsider, web, site):
    return outsider.run(f"curl -sS -m 10 -o /dev/null -w '%{{http_code}}' -H 'Host: {SITES[site]}' "
                        f"http://{web}/sessionTest.jsp").stdout


def firing_on(prom, alert):
    """{(host, route)} of the firing alerts of that name."""
    return {(a["labels"].get("host"), a["labels"].get("route")) for a in prom.alerts(alert, "firing")}


def member_in_error_everywhere(outsider, prom, route):
    """New sessions meet the dead member on each web host, whose mod_jk marks it in error; none of them fails."""
    for web in WEB_HOSTS:
        for dummy in range(4):
            assert curl_site(outsider, web, "a") == "200", "a request failed while a member was down"
    return hosts_of(prom, f'modjk_member_error{{route="{route}"}}') == {w: 1.0 for w in WEB_HOSTS}


def test_kill9_fires_member_in_error_then_resolves(get, prom):
    victim, unit, route = get("mol-was-01"), "tomcat-a-was.service", "a-was1"
    outsider = get("mol-outsider")
    # SIGKILL, then stop: systemd would restart the JVM by itself (Restart=on-failure); the test brings it back
    victim.check_output(f"systemctl kill --signal=SIGKILL {unit}")
    victim.check_output(f"systemctl stop {unit}")
    t0 = time.time()
    try:
        wait_for(lambda: member_in_error_everywhere(outsider, prom, route), 90,
                 f"modjk_member_error 1 for {route} on both web hosts")
        expected = {(w, route) for w in WEB_HOSTS}
        wait_for(lambda: firing_on(prom, "ModJkMemberInError") == expected, 120,
                 f"ModJkMemberInError firing for {route} on both web hosts (and nothing else)")
        fired = time.time() - t0
        print(f"observability: ModJkMemberInError firing {fired:.0f} s after kill -9 of {route}")
    finally:
        # whatever happened above, the rest of the scenario needs the instance
        victim.check_output(f"systemctl start {unit}")
    t1 = time.time()

    def member_back():
        for web in WEB_HOSTS:
            curl_site(outsider, web, "a")
        return hosts_of(prom, f'modjk_member_error{{route="{route}"}}') == {w: 0.0 for w in WEB_HOSTS}

    wait_for(member_back, 240, f"{route} back in mod_jk on both web hosts")
    wait_for(lambda: not prom.alerts("ModJkMemberInError"), 60, "ModJkMemberInError resolved")
    print(f"observability: ModJkMemberInError resolved {time.time() - t1:.0f} s after {route} was started again")
    # the rest of the scenario finds a healthy cluster
    wait_for(lambda: len(prom.query("webtier_tomcat_up == 1")) == 4, 120, "every instance's page read again")
