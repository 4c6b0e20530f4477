# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end checks of the full lab: 2 WAS hosts (a-was + b-was each), 2 httpd + mod_jk hosts, an outsider.

Real traffic only: HTTP goes from mol-outsider (an ordinary client) through mod_jk on each web host to the
Tomcat instances; AJP/cluster/status ports are probed from mol-outsider; playbooks/verify.yml is run
as the operator would run it; failover kills a Tomcat JVM with SIGKILL.
"""

import re
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import main_pid, run_playbook

WAS_HOSTS = ["mol-was-01", "mol-was-02"]
WEB_HOSTS = ["mol-web-01", "mol-web-02"]
SITES = {"a": "a-site.example", "b": "b-site.example"}
INSTANCES = {"a": "a-was", "b": "b-was"}
AJP_PORTS = [8009, 8019]
CLUSTER_PORTS = [5000, 5001]
STATUS_PORT = 8090
PAGE = "/sessionTest.jsp"


def routes(site):
    return {f"{INSTANCES[site]}{i + 1}" for i in range(len(WAS_HOSTS))}


def was_host_of(route):
    return WAS_HOSTS[int(route[-1]) - 1]


class Client:
    """curl on the outsider container, one request at a time."""

    def __init__(self, host):
        self.host = host

    def get(self, web, site, cookie=None, timeout=10):
        cmd = f"curl -sS -m {timeout} -o - -w '\\nhttp_code=%{{http_code}}\\n' -H 'Host: {SITES[site]}'"
        if cookie:
            cmd += f" -H 'Cookie: JSESSIONID={cookie}'"
        cmd += f" http://{web}{PAGE}"
        out = self.host.run(cmd)
        values = dict(re.findall(r"^(\w+)=(.*)$", out.stdout, re.M))
        values["rc"] = out.rc
        values["stderr"] = out.stderr
        return values


@pytest.fixture(scope="module")
def client(get):
    return Client(get("mol-outsider"))


def ok(page):
    return page.get("http_code") == "200" and "counter" in page


# --- the operator's check -----------------------------------------------------------------------

def test_verify_playbook_passes(inventory):
    """playbooks/verify.yml: CPing matrix all healthy, AJP with secret, vhosts, session through every web host."""
    res = run_playbook(inventory, "verify.yml")
    print(res.stdout[-6000:])
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    # the matrix: 2 web hosts x 4 instances, all OK
    rows = re.findall(r"(mol-web-0\d)\s+([ab]-was\d)\s+(\S+)\s+(OK|\S+)\s", res.stdout)
    assert len(rows) == len(WEB_HOSTS) * len(WAS_HOSTS) * len(INSTANCES), rows
    assert all(r[3] == "OK" for r in rows), rows
    # the member status from every web host's status worker: 2 web hosts x 4 members, all active
    status = re.findall(r"(mol-web-0\d)\s+([ab])-loadbalancer/([ab]-was\d)\s+(ACT|DIS|STP)\s", res.stdout)
    assert len(status) == len(WEB_HOSTS) * len(WAS_HOSTS) * len(INSTANCES), status
    assert all(r[3] == "ACT" and r[2].startswith(r[1]) for r in status), status
    assert "All good" in res.stdout


# --- firewall -----------------------------------------------------------------------------------

@pytest.mark.parametrize("port", AJP_PORTS + CLUSTER_PORTS)
@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_was_ports_closed_to_outsider(get, addr, was_host, port):
    out = get("mol-outsider").run(f"nc -z -w 3 {addr[was_host]} {port}")
    assert out.rc != 0, f"outsider reached {was_host}:{port}"


@pytest.mark.parametrize("web", WEB_HOSTS)
def test_jkstatus_not_reachable_from_outsider_but_from_localhost(get, addr, web):
    assert get("mol-outsider").run(f"nc -z -w 3 {addr[web]} {STATUS_PORT}").rc != 0
    local = get(web).run(f"curl -sS -m 5 'http://127.0.0.1:{STATUS_PORT}/jkstatus?mime=prop'")
    assert local.rc == 0 and "worker.a-loadbalancer.type=lb" in local.stdout, local.stdout[:500]


@pytest.mark.parametrize("web", WEB_HOSTS)
def test_http_open_to_everybody(get, addr, web):
    assert get("mol-outsider").run(f"nc -z -w 3 {addr[web]} 80").rc == 0


# --- routing, stickiness, spreading ---------------------------------------------------------------

@pytest.mark.parametrize("site", sorted(SITES))
@pytest.mark.parametrize("web", WEB_HOSTS)
def test_site_reaches_own_instances_sticky(client, web, site):
    first = client.get(web, site)
    assert ok(first), first
    assert first["instance"] == INSTANCES[site]
    assert first["node"] in routes(site)
    assert first["session"].endswith("." + first["node"])
    cookie = first["session"]
    for n in range(2, 6):
        page = client.get(web, site, cookie)
        assert ok(page), page
        assert page["node"] == first["node"], "not sticky"
        assert int(page["counter"]) == n


@pytest.mark.parametrize("site", sorted(SITES))
@pytest.mark.parametrize("web", WEB_HOSTS)
def test_new_sessions_spread_over_both_was_hosts(client, web, site):
    # method=Request balances by request count, so sticky traffic of earlier tests may send the first
    # few new sessions to the less busy node; both nodes must show up within 20 new sessions.
    seen = []
    while len(seen) < 20 and set(seen) != routes(site):
        seen.append(client.get(web, site)["node"])
    assert set(seen) == routes(site), seen


def test_session_survives_hopping_between_web_hosts(client):
    page = client.get(WEB_HOSTS[0], "a")
    cookie, count = page["session"], int(page["counter"])
    for web in WEB_HOSTS * 2:
        page = client.get(web, "a", cookie)
        count += 1
        assert ok(page) and int(page["counter"]) == count, page


# --- a broken config never goes live --------------------------------------------------------------

def test_broken_httpd_config_is_refused(get, client, inventory):
    web = WEB_HOSTS[0]
    before = get(web).check_output("cat /etc/apache2/webtier-modjk/live/00-modjk.conf")
    res = run_playbook(inventory, "web.yml", "--limit", f"{web},was",
                       "-e", '{"httpd_modjk_extra_directives": ["ThisIsNoDirective on"]}')
    assert res.returncode != 0
    assert "was NOT activated" in res.stdout + res.stderr, res.stdout[-3000:] + res.stderr[-3000:]
    assert get(web).check_output("cat /etc/apache2/webtier-modjk/live/00-modjk.conf") == before
    assert get(web).service("apache2").is_running
    for site in SITES:
        assert ok(client.get(web, site))
    # the next good run only puts the candidate back in line: the live tree is untouched, no reload
    res = run_playbook(inventory, "web.yml", "--limit", f"{web},was")
    assert res.returncode == 0, res.stdout[-3000:]
    assert "RUNNING HANDLER" not in res.stdout, res.stdout[-3000:]
    assert get(web).check_output("cat /etc/apache2/webtier-modjk/live/00-modjk.conf") == before


# --- failover -------------------------------------------------------------------------------------

def wait_cpong(get, was_host, port, addr, deadline=240):
    """Wait until the instance answers HTTP through its AJP connector (CPing via nc from the web host)."""
    web = get(WEB_HOSTS[0])
    end = time.time() + deadline
    probe = (f"printf '\\022\\064\\000\\001\\012' | nc -w 2 {addr[was_host]} {port} | head -c 5 | od -An -tx1")
    while time.time() < end:
        if web.run(probe).stdout.split() == ["41", "42", "00", "01", "09"]:
            return True
        time.sleep(2)
    return False


def test_failover_kill9_and_rejoin(get, client, addr):
    web = WEB_HOSTS[0]
    page = client.get(web, "a")
    cookie, count, node = page["session"], int(page["counter"]), page["node"]
    for _warm in range(2):
        page = client.get(web, "a", cookie)
        count += 1
        assert int(page["counter"]) == count
    victim_host = get(was_host_of(node))
    unit = "tomcat-a-was.service"
    pid = main_pid(victim_host, unit)
    victim_host.check_output(f"kill -9 {pid}")
    t0 = time.time()
    page = client.get(web, "a", cookie)
    elapsed = time.time() - t0
    count += 1
    print(f"failover: first response {elapsed * 1000:.0f} ms after kill -9 of {node}: {page}")
    assert ok(page), page
    assert page["node"] != node and page["node"] in routes("a")
    assert int(page["counter"]) == count, "session lost on failover"
    cookie = page["session"]
    assert cookie.endswith("." + page["node"]), "JvmRouteBinderValve did not move the session"
    # the other web host also serves the moved session
    page = client.get(WEB_HOSTS[1], "a", cookie)
    count += 1
    assert int(page["counter"]) == count

    # systemd restarts the killed instance (Restart=on-failure); it must rejoin and get the sessions
    assert wait_cpong(get, was_host_of(node), 8009, addr), f"{node} did not come back"
    assert main_pid(victim_host, unit) not in (0, pid)
    # rejoin: new sessions reach it again through mod_jk (after mod_jk's recover_time)
    end = time.time() + 120
    seen = set()
    while time.time() < end and node not in seen:
        seen.add(client.get(web, "a")["node"])
        time.sleep(1)
    assert node in seen, f"{node} never received new sessions after the restart"
    # receives the sessions: kill the current owner; the session must come back to the restarted
    # node with the counter intact (state transfer + replication while it was up)
    owner = page["node"]
    owner_host = get(was_host_of(owner))
    owner_pid = main_pid(owner_host, unit)
    owner_host.check_output(f"kill -9 {owner_pid}")
    page = client.get(web, "a", cookie)
    count += 1
    assert ok(page), page
    assert page["node"] == node
    assert int(page["counter"]) == count, "the restarted node did not have the session"
    # leave the lab healthy
    assert wait_cpong(get, was_host_of(owner), 8009, addr), f"{owner} did not come back"
