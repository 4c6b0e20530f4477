"""The tomcat role's own change-triggered restart on molecule/tomcat10, under load: drained through mod_jk.

playbooks/was.yml runs with a changed tomcat_catalina_opts (it is in the unit, so both a-was instances restart)
while tc10-web runs the load (tests/support/rolling.py: short requests and 4-second POSTs, each client keeping its
session). The role's handler finds tc10-web's status worker serving both members and, one instance at a time,
sets DIS, then STP (waiting for the requests in flight), restarts, checks CPong and an AJP 200 from the
jvmRoute, and sets ACT again. Asserted: 0 failed requests, 0 lost sessions, both instances restarted, the second
went down only after the first was back. A second run with the inventory's options puts the unit back, drained
the same way.
"""

import re

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import wait_for
from ansible_collections.webtier.tomcat_cluster.tests.support.rolling import (
    UNIT, count_changes, first, healthy, roll_under_load, running
)
from scenario import WAS_HOSTS, WEB

OPTS = "-Xms64m -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
# the handler runs the role's roll on the WAS hosts (roles/tomcat/tasks/roll_wave.yml)
DRAIN = "roll_wave | Drain | STP"
BACK = "roll_wave | Back | ACT"


@pytest.fixture
def cluster_healthy(get, web_addr):
    was = [get(h) for h in WAS_HOSTS]
    wait_for(lambda: healthy(get(WEB), web_addr, was), 180, "both members ACT and OK on tc10-web")


def restart_with(get, inventory, web_addr, opts):
    before = {h: running(get(h))["pid"] for h in WAS_HOSTS}
    # the sticky sessions keep a DIS member busy under load: a short grace, then STP
    res = roll_under_load(get(WEB), web_addr, inventory, "was.yml",
                          {"tomcat_catalina_opts": opts, "tomcat_restart_drain_timeout": 2})
    out = res.stdout
    for h in WAS_HOSTS:
        assert running(get(h))["pid"] not in (0, before[h]), f"a-was on {h} was not restarted"
        unit = get(h).file(f"/etc/systemd/system/{UNIT}").content_string
        assert re.search(rf'^Environment="CATALINA_OPTS=.* {re.escape(opts)}"$', unit, re.M), unit
    # each instance was set DIS then STP on tc10-web before its restart (one call) and ACT after it
    for h in WAS_HOSTS:
        route = "a-was%d" % (WAS_HOSTS.index(h) + 1)
        for task in (DRAIN, BACK):
            first(out, task, rf"^changed: \[{h} -> {WEB}\] => \(item={WEB}: a-loadbalancer/{route}\)")
    # one at a time: a-was on the second host was taken out only after the first was back (2 waves)
    first_back = first(out, BACK, rf"^changed: \[{WAS_HOSTS[0]} -> {WEB}\]")
    second_out = first(out, DRAIN, rf"^changed: \[{WAS_HOSTS[1]} -> {WEB}\]")
    assert count_changes(out, DRAIN) == 2 and first_back < second_out, out[-6000:]
    return res


def test_change_triggered_restart_under_load_loses_nothing(get, inventory, web_addr, cluster_healthy):
    restart_with(get, inventory, web_addr, OPTS + " -Dwebtier.test=drained")
    wait_for(lambda: healthy(get(WEB), web_addr), 120, "both members ACT and OK after the restart")
    # back to the inventory's options (the unit of the converge, byte for byte)
    restart_with(get, inventory, web_addr, OPTS)
