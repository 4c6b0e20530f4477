"""What a session keeps (docs/sessions.md), with an application nobody here wrote: Tomcat's examples webapp.

The WAR is the fixture scripts/build-fixtures.sh builds from Debian's tomcat10-examples package of the scenario's
Tomcat (10.1.60), with the overrides a user needs behind mod_jk (no RemoteAddrValve limiting it to 127.0.0.0/8)
and a session-timeout of 1 minute, deployed through playbooks/deploy.yml.
- The SessionExample servlet stores each value with setAttribute: it survives a kill -9 of the instance that
  holds the session, and the (default) failover drain of rolling_restart.yml.
- The shopping cart (jsp/sessions/carts.jsp) keeps a DummyCart that is set once and then changed in place: the
  failover drain loses what changed since (the documented limit; asserted, so a change in Tomcat is noticed).
- With tomcat_roll_drain=sessions the roll waits for the sessions that stick to the instance (the cart's among
  them, which keeps every item while its user goes on), under load with 0 failed requests and 0 lost sessions.
"""

import html
import json
import os
import re
import threading
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook, wait_for
from ansible_collections.webtier.tomcat_cluster.tests.support.rolling import (
    SITE, UNIT, count_changes, members, roll_under_load
)
from scenario import WAS_HOSTS, WEB

WAR = os.path.join(os.environ.get("WEBTIER_FIXTURES", ""), "tomcat10-examples-10.1.60.war")
ROUTES = {"a-was1": WAS_HOSTS[0], "a-was2": WAS_HOSTS[1]}
CART = "/examples/jsp/sessions/carts.jsp"
SESSION_EXAMPLE = "/examples/servlets/servlet/SessionExample"
# jsp/sessions/Item.java's titles by itemId, as carts.jsp lists them (tests/integration/test_examples_fixture_tomcat.py)
TITLES = ["Beavis & Butt-head Video collection", "X-files movie", "Twin peaks tapes", "NIN CD", "JSP Book",
          "Concert tickets"]
ITEMS = [0, 2, 4, 3, 5]  # the itemIds a user adds, in this order
STOP = "roll_restart | Change | restart"


class Browser:
    """One user through tc10-web's httpd + mod_jk, with a cookie jar (curl in the web container)."""

    def __init__(self, web, web_addr, name):
        self.web, self.web_addr, self.jar = web, web_addr, f"/tmp/{name}.cookies"
        web.run(f"rm -f {self.jar}")

    def get(self, uri):
        out = self.web.check_output(
            f"curl -sS -m 20 -b {self.jar} -c {self.jar} -H 'Host: {SITE}' 'http://{self.web_addr}{uri}'")
        return out

    def route(self):
        """The jvmRoute the session sticks to (the JSESSIONID's suffix)."""
        found = re.search(r"JSESSIONID\s+\S+?\.([\w-]+)\s*$", self.web.check_output(f"cat {self.jar}"), re.M)
        return found.group(1) if found else None

    def cart(self, item=None):
        """Add itemId item (or only look); the titles in the cart, sorted (the cart is a set)."""
        body = self.get(CART + (f"?itemId={item}&submit=add" if item is not None else ""))
        listed = body.split("<ol>", 1)[1].split("</ol>", 1)[0] if "<ol>" in body else ""
        return sorted(html.unescape(line.split("<li>", 1)[1]).strip() for line in listed.splitlines() if "<li>" in line)

    def session_data(self, name=None, value=None):
        query = f"?dataname={name}&datavalue={value}" if name else ""
        return dict(re.findall(r"([\w-]+) = ([\w-]+)", self.get(SESSION_EXAMPLE + query)))


def cpong(get, host):
    """The instance of host answers CPing (asked on the host itself, not through mod_jk)."""
    addr = get(host).check_output("hostname -I").split()[0]
    res = get(host).ansible("webtier.tomcat_cluster.ajp_ping",
                            f"targets={addr}:8009 timeout=2 fail_on_unhealthy=false", check=False)
    return res.get("healthy_count") == 1


def page_sessions(get, host):
    """Sessions of the session test page's context (/) on the instance of host: the roll's checks and preflight must
    leave none behind (a session drain would wait 30 minutes for it)."""
    addr = get(host).check_output("hostname -I").split()[0]
    res = get(host).ansible("webtier.tomcat_cluster.tomcat_status_info",
                            f"host={addr} port=8009 secret={{{{ tomcat_ajp_secret }}}}", check=False)
    return res["sessions"]["/"]["active"]


def titles(items):
    return sorted(TITLES[i] for i in items)


def wake(web, web_addr):
    """Both members ACT and OK in mod_jk, without leaving a session behind (the session test page's ?end=1)."""
    for _attempt in range(4):
        web.run(f"curl -s -o /dev/null -m 10 -H 'Host: {SITE}' 'http://{web_addr}/sessionTest.jsp?end=1'")
    state = members(web)
    return len(state) == 2 and all(m["activation"] == "ACT" and m["state"].startswith("OK") for m in state.values())


@pytest.fixture(scope="module")
def examples(get, inventory, web_addr):
    if not os.path.exists(WAR):
        pytest.fail(f"the examples fixture {WAR} is missing (scripts/build-fixtures.sh builds it)")
    res = run_playbook(inventory, "deploy.yml", "-e", json.dumps({"tomcat_webapps": [{"name": "examples", "src": WAR}]}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    # start from a cluster without sessions: the earlier tests' load left sessions of 30 minutes on both members,
    # which a session drain would wait for
    for host in WAS_HOSTS:
        get(host).run(f"systemctl stop {UNIT}")
    for host in WAS_HOSTS:
        get(host).check_output(f"systemctl start {UNIT}")
    wait_for(lambda: wake(get(WEB), web_addr), 240, "both members ACT and OK after the restart")


def test_setattribute_state_survives_kill_and_the_failover_drain(get, inventory, web_addr, examples):
    user = Browser(get(WEB), web_addr, "session-example")
    assert user.session_data("colour", "blue") == {"colour": "blue"}
    owner = ROUTES[user.route()]
    get(owner).run(f"systemctl kill -s KILL {UNIT}")
    # the other member answers with the replica
    assert user.session_data("size", "large") == {"colour": "blue", "size": "large"}
    assert ROUTES[user.route()] != owner
    get(owner).check_output(f"systemctl start {UNIT}")
    # the killed instance answers again, but no request went to it: mod_jk still marks it in error, and the
    # roll's preflight checks it over AJP and recovers it instead of refusing (jkstatus_member recover_others)
    wait_for(lambda: cpong(get, owner), 240, f"{owner} answers CPing after the kill")
    killed = next(route for route, host in ROUTES.items() if host == owner)
    assert members(get(WEB))[killed]["state"].startswith("ERR"), members(get(WEB))

    holder = ROUTES[user.route()]
    res = run_playbook(inventory, "rolling_restart.yml", "-e", json.dumps({"tomcat_roll_hosts": [holder]}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    assert user.session_data("shape", "round") == {"colour": "blue", "size": "large", "shape": "round"}
    # the roll (its preflight's recover of the killed member, its checks) left no session of its own on either
    # member: the session drain test below would wait for it
    assert {host: page_sessions(get, host) for host in WAS_HOSTS} == {host: 0 for host in WAS_HOSTS}


def test_the_failover_drain_loses_a_cart_changed_in_place(get, inventory, web_addr, examples):
    user = Browser(get(WEB), web_addr, "cart-failover")
    for count, item in enumerate(ITEMS[:3], 1):
        assert user.cart(item) == titles(ITEMS[:count])
    holder = ROUTES[user.route()]
    res = run_playbook(inventory, "rolling_restart.yml", "-e", json.dumps({"tomcat_roll_hosts": [holder]}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    # the DummyCart was handed to setAttribute once, with its first item; the items added in place since are lost
    assert user.cart() == titles(ITEMS[:1])


def test_the_session_drain_keeps_the_cart_under_load(get, inventory, web_addr, examples):
    wait_for(lambda: wake(get(WEB), web_addr), 240, "both members ACT and OK")
    user = Browser(get(WEB), web_addr, "cart-drain")
    for count, item in enumerate(ITEMS[:3], 1):
        assert user.cart(item) == titles(ITEMS[:count])
    route = user.route()
    seen = {}

    def shop():
        """While the roll waits with the cart's member DIS, the user goes on shopping there, then leaves."""
        try:
            wait_for(lambda: members(get(WEB)).get(route, {}).get("activation") == "DIS", 300, f"{route} DIS")
            for count, item in enumerate(ITEMS[3:], 4):
                seen[item] = (user.cart(item), user.route())
        except Exception as exc:  # pylint: disable=broad-except
            seen["error"] = repr(exc)

    shopper = threading.Thread(target=shop)
    shopper.start()
    started = time.time()
    res = roll_under_load(get(WEB), web_addr, inventory, "rolling_restart.yml",
                          {"tomcat_roll_hosts": [ROUTES[route]], "tomcat_roll_drain": "sessions",
                           "tomcat_roll_session_drain_timeout": 600,
                           # a wait that runs out would fail the roll: it passes only when the sessions ended
                           "tomcat_restart_on_drain_timeout": "fail"},
                          load={"session_requests": 10})
    shopper.join(60)
    assert "error" not in seen, seen
    # every item stayed in the cart, served by the same member, while the roll waited for the session to end
    assert seen == {item: (titles(ITEMS[:count]), route) for count, item in enumerate(ITEMS[3:], 4)}, seen
    assert count_changes(res.stdout, STOP) == 1
    out = res.stdout
    # the roll waited for the sessions (the cart's ends by its 1-minute session-timeout) before it stopped the member
    assert out.index("roll_drain | Drain | wait until no session sticks") < out.index(STOP), out[-6000:]
    print(f"session drain of {route}: roll {time.time() - started:.0f} s")
