"""jkstatus_info and jkstatus_member against the real status workers of the lab's two httpd hosts.

mol-web-01 runs Debian's mod_jk 1.2.48, mol-web-02 the 1.2.50 source build. The modules run on the web host
as an operator's task would (ansible ad hoc through testinfra); traffic comes from mol-outsider through
mod_jk. Bad inputs are produced for real: a second, read-only status worker (and a balancer sharing a member)
added with JkWorkerProperty, a port nobody listens on, the site vhost's Tomcat 404 page and a text/plain page.
A request is kept in flight by a client on mol-outsider that uploads its body slowly until the test releases it.
Every test puts the members back to ACT; the read-only worker is removed again.
"""

import json
import os
import re
import subprocess
import tempfile

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import wait_for

WEB_VERSIONS = {"mol-web-01": "mod_jk/1.2.48", "mol-web-02": "mod_jk/1.2.50"}
WEB_HOSTS = sorted(WEB_VERSIONS)
WAS_HOSTS = ["mol-was-01", "mol-was-02"]
SITES = {"a": "a-site.example", "b": "b-site.example"}
BALANCERS = ["a-loadbalancer", "b-loadbalancer"]
PAGE = "/sessionTest.jsp"
OK_STATES = ("OK", "OK/IDLE", "OK/BUSY")
RO_CONF = "/etc/apache2/conf-enabled/zz-molecule-jkro.conf"
RO_URL = "http://127.0.0.1:8098/jkro"
STATUS_URL = "http://127.0.0.1:8090/jkstatus"

HOLDER = r'''
import os, socket, sys, time
web, vhost, flag, out = sys.argv[1:5]
with open(out + ".pid", "w") as f:
    f.write(str(os.getpid()))
total = 4000000
s = socket.create_connection((web, 80), timeout=120)
s.sendall(("POST /sessionTest.jsp HTTP/1.1\r\nHost: %s\r\nContent-Type: application/octet-stream\r\n"
           "Content-Length: %d\r\nConnection: close\r\n\r\n" % (vhost, total)).encode())
sent, end = 0, time.time() + 600
while sent < total and not os.path.exists(flag) and time.time() < end:
    s.sendall(b"x" * 700)  # 1400 bytes/s: above mod_reqtimeout's minrate=500, far below the body size
    sent += 700
    time.sleep(0.5)
while sent < total:
    n = min(65536, total - sent)
    s.sendall(b"x" * n)
    sent += n
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
with open(out + ".tmp", "wb") as f:
    f.write(data)
os.rename(out + ".tmp", out)
'''


def jk(host, module, check=False, **args):
    """Run webtier.tomcat_cluster.<module> on the host with ansible ad hoc; return its result, failed or not.

    (testinfra's host.ansible cannot tell a failed module from ansible-core 2.19 on: the --tree result has no
    "failed" key any more, so the exit status of ansible says it.)"""
    cmd = ["ansible", "-i", host.backend.ansible_inventory, host.backend.host, "-m", f"webtier.tomcat_cluster.{module}",
           "--tree", ""]
    if args:
        cmd += ["-a", json.dumps(args)]
    if check:
        cmd.append("--check")
    with tempfile.TemporaryDirectory() as tree:
        cmd[cmd.index("--tree") + 1] = tree
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
        files = os.listdir(tree)
        assert files, proc.stdout[-2000:] + proc.stderr[-2000:]
        with open(os.path.join(tree, files[0]), encoding="utf-8") as f:
            res = json.load(f)
    res["failed"] = proc.returncode != 0
    assert proc.returncode in (0, 2), proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Traceback" not in json.dumps(res) and "exception" not in res, res
    assert not str(res.get("msg", "")).startswith("Task failed: Action"), res  # ansible refused the arguments
    return res


def ok(res):
    assert not res.get("failed"), res
    return res


def state(host, url=STATUS_URL):
    """{(balancer, member): {attribute: value}} read with curl on the web host: an oracle independent of the
    modules' parser (and much cheaper than a module run)."""
    xml = host.check_output(f"curl -sS -m 10 '{url}?cmd=list&mime=xml'")
    out = {}
    for bal, body in re.findall(r'<jk:balancer\s+name="([^"]+)"(.*?)</jk:balancer>', xml, re.S):
        for attrs in re.findall(r"<jk:member\s(.*?)/>", body, re.S):
            m = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
            out[(bal, m["name"])] = m
    assert out, xml[:2000]
    return out


def page(outsider, web, site="a", cookie=None):
    cmd = f"curl -sS -m 20 -o - -w '\\nhttp_code=%{{http_code}}\\n' -H 'Host: {SITES[site]}'"
    if cookie:
        cmd += f" -H 'Cookie: JSESSIONID={cookie}'"
    out = outsider.run(cmd + f" http://{web}{PAGE}")
    return dict(re.findall(r"^(\w+)=(.*)$", out.stdout, re.M))


def session_on(outsider, web, node):
    """A new session that mod_jk placed on node (new sessions alternate between the members)."""
    for _attempt in range(20):
        p = page(outsider, web)
        if p.get("node") == node:
            return p
    raise AssertionError(f"no new session landed on {node} through {web}")


def all_active(host):
    """Cleanup: every member back to ACT (with curl; the lab's state for the other tests)."""
    for (bal, name), m in state(host).items():
        if m["activation"] != "ACT":
            host.check_output(f"curl -sS -m 10 '{STATUS_URL}?cmd=update&mime=xml&w={bal}&sw={name}&vwa=a'")
    assert all(m["activation"] == "ACT" for m in state(host).values())


# --- reading ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("web", WEB_HOSTS)
def test_info_reads_balancers_and_members(get, addr, web):
    host = get(web)
    res = ok(jk(host, "jkstatus_info"))
    assert res["changed"] is False
    assert res["jk_version"] == WEB_VERSIONS[web]
    assert [b["name"] for b in res["balancers"]] == BALANCERS
    assert res["members"] == [m for b in res["balancers"] for m in b["members"]]
    by_name = {m["name"]: m for m in res["members"]}
    assert set(by_name) == {"a-was1", "a-was2", "b-was1", "b-was2"}
    for name, m in by_name.items():
        assert m["route"] == name
        assert m["host"] == addr[WAS_HOSTS[int(name[-1]) - 1]]
        assert m["port"] == (8009 if name.startswith("a-") else 8019)
        assert m["activation"] == "ACT" and m["state"] in OK_STATES, m
        assert isinstance(m["busy"], int) and isinstance(m["sessions"], int) and isinstance(m["errors"], int)
    # the same routes as the workers.properties the role wrote
    props = host.check_output("cat /etc/apache2/webtier-modjk/live/workers.properties")
    assert dict(re.findall(r"^worker\.(\S+)\.route=(\S+)$", props, re.M)) == {n: m["route"] for n, m in by_name.items()}
    # one balancer only; check mode reads the same
    one = ok(jk(host, "jkstatus_info", check=True, balancer="b-loadbalancer"))
    assert [m["name"] for m in one["members"]] == ["b-was1", "b-was2"]


# --- changing activation ----------------------------------------------------------------------------

def test_disabled_member_keeps_its_sticky_sessions_only(get):
    web, other = get(WEB_HOSTS[0]), get(WEB_HOSTS[1])
    outsider = get("mol-outsider")
    first = session_on(outsider, WEB_HOSTS[0], "a-was1")
    cookie, count = first["session"], int(first["counter"])
    try:
        res = ok(jk(web, "jkstatus_member", balancer="a-loadbalancer", member="a-was1", activation="disabled"))
        assert res["changed"] is True and res["activation"] == "DIS"
        (row,) = res["members"]
        assert row["before"]["activation"] == "ACT" and row["after"]["activation"] == "DIS"
        # sticky requests still reach the disabled member
        for _hit in range(3):
            p = page(outsider, WEB_HOSTS[0], cookie=cookie)
            count += 1
            assert p.get("node") == "a-was1" and int(p["counter"]) == count, p
        # new sessions do not
        nodes = [page(outsider, WEB_HOSTS[0]).get("node") for _hit in range(6)]
        assert nodes == ["a-was2"] * 6, nodes
        # the change lives in this httpd only
        assert state(other)[("a-loadbalancer", "a-was1")]["activation"] == "ACT"
        # the preflight of a rolling restart: a-was2 is not taken out while a-was1 is DIS
        res = jk(web, "jkstatus_member", check=True, route="a-was2", activation="stopped", require_others_ok=True)
        assert res["failed"] and res["error"] == "others_not_ok", res
        assert "a-loadbalancer/a-was1 is not ACT and OK" in res["msg"]
        # idempotent
        again = ok(jk(web, "jkstatus_member", balancer="a-loadbalancer", member="a-was1", activation="disabled"))
        assert again["changed"] is False and again["msg"].startswith("already DIS")
        back = ok(jk(web, "jkstatus_member", balancer="a-loadbalancer", member="a-was1", activation="active"))
        assert back["changed"] is True and back["members"][0]["after"]["activation"] == "ACT"
        assert back["members"][0]["after"]["state"] in OK_STATES
    finally:
        all_active(web)


def test_stopped_member_gets_no_requests_sessions_fail_over(get):
    web = get(WEB_HOSTS[1])
    outsider = get("mol-outsider")
    first = session_on(outsider, WEB_HOSTS[1], "a-was1")
    cookie, count = first["session"], int(first["counter"])
    try:
        res = ok(jk(web, "jkstatus_member", route="a-was1", activation="stopped"))
        assert res["changed"] is True and [(m["balancer"], m["name"]) for m in res["members"]] == [
            ("a-loadbalancer", "a-was1")]
        p = page(outsider, WEB_HOSTS[1], cookie=cookie)
        count += 1
        assert p.get("node") == "a-was2", p
        assert int(p["counter"]) == count, "the replicated session was not used"
        assert p["session"].endswith(".a-was2")
        for _hit in range(4):
            assert page(outsider, WEB_HOSTS[1]).get("node") == "a-was2"
        back = ok(jk(web, "jkstatus_member", route="a-was1", activation="active"))
        assert back["changed"] is True and state(web)[("a-loadbalancer", "a-was1")]["activation"] == "ACT"
    finally:
        all_active(web)


def test_check_mode_reports_and_changes_nothing(get, addr):
    web = get(WEB_HOSTS[0])
    res = ok(jk(web, "jkstatus_member", check=True, was_host=addr["mol-was-02"], activation="stopped", drain=True))
    assert res["changed"] is True and res["drained"] is None
    assert {(m["balancer"], m["name"]) for m in res["members"]} == {("a-loadbalancer", "a-was2"),
                                                                    ("b-loadbalancer", "b-was2")}
    assert all(m["before"]["activation"] == "ACT" and m["after"]["activation"] == "STP" for m in res["members"])
    assert all(m["activation"] == "ACT" for m in state(web).values())


def test_was_host_selects_every_instance_by_address_or_name(get, addr):
    web = get(WEB_HOSTS[1])
    try:
        res = ok(jk(web, "jkstatus_member", was_host=addr["mol-was-01"], activation="disabled"))
        assert res["changed"] is True
        assert [(m["balancer"], m["name"]) for m in res["members"]] == [("a-loadbalancer", "a-was1"),
                                                                        ("b-loadbalancer", "b-was1")]
        now = state(web)
        assert [now[k]["activation"] for k in sorted(now)] == ["DIS", "ACT", "DIS", "ACT"]
        # the container name resolves (Docker's DNS) to the address mod_jk has
        back = ok(jk(web, "jkstatus_member", was_host="mol-was-01", balancer="b-loadbalancer", activation="active"))
        assert [(m["name"], m["after"]["activation"]) for m in back["members"]] == [("b-was1", "ACT")]
    finally:
        all_active(web)


# --- draining ---------------------------------------------------------------------------------------

def test_drain_waits_for_the_request_in_flight(get):
    """On the 1.2.50 host (test_rolling_restart.py drains on both under load)."""
    web = WEB_HOSTS[1]
    host, outsider = get(web), get("mol-outsider")
    tag = f"/tmp/jkhold-{web}"
    outsider.check_output(f"rm -f {tag}.flag {tag}.out {tag}.out.tmp {tag}.out.pid")
    outsider.check_output(f"cat > {tag}.py <<'EOF'\n{HOLDER}\nEOF")
    outsider.check_output(f"setsid nohup python3 {tag}.py {web} {SITES['a']} {tag}.flag {tag}.out "
                          f">{tag}.log 2>&1 < /dev/null &")
    try:
        busy = wait_for(lambda: [k for k, m in state(host).items() if k[0] == "a-loadbalancer" and m["busy"] != "0"],
                        90, "the slow upload to be in flight", interval=1)
        (bal, name), = busy
        args = dict(balancer=bal, member=name, activation="stopped", drain=True)
        # still busy: the drain times out, failing by default ...
        res = jk(host, "jkstatus_member", drain_timeout=3, **args)
        assert res.get("failed") and res.get("error") == "drain_timeout", (res, outsider.run(f"cat {tag}.out").stdout)
        assert f"{bal}/{name} busy=1" in res["msg"]
        assert res["changed"] is True and res["members"][0]["after"]["activation"] == "STP"
        assert res["members"][0]["after"]["busy"] == 1
        # ... or reporting drained=false
        res = ok(jk(host, "jkstatus_member", drain_timeout=1, fail_on_drain_timeout=False, **args))
        assert res["drained"] is False and res["changed"] is False
        assert "not drained after" in res["msg"], res  # also a warning (not in ansible's --tree result)
        # the stopped member still finishes what it has; released, the drain completes
        outsider.check_output(f"touch {tag}.flag")
        res = ok(jk(host, "jkstatus_member", drain_timeout=120, **args))
        assert res["drained"] is True and res["members"][0]["after"]["busy"] == 0
        answer = wait_for(lambda: outsider.run(f"cat {tag}.out").stdout if outsider.file(f"{tag}.out").exists
                          else None, 60, "the held request's answer", interval=1)
        assert answer.startswith("HTTP/1.1 200"), answer[:300]
        assert f"node={name}" in answer
    finally:
        outsider.run(f"touch {tag}.flag")
        pid = outsider.run(f"cat {tag}.out.pid").stdout.strip()
        if pid.isdigit():
            # the holder exits by itself once released; only if it is still there after a while
            outsider.run(f"for i in $(seq 30); do kill -0 {pid} 2>/dev/null || exit 0; sleep 1; done; kill {pid}")
        all_active(host)


# --- bad inputs, produced for real ------------------------------------------------------------------

def test_bad_inputs_fail_clearly(get):
    """Not a matter of mod_jk's version (the read-only worker is, below): on one web host."""
    host = get(WEB_HOSTS[1])
    cases = [
        (dict(balancer="c-loadbalancer", member="a-was1"), "unknown_balancer", "a-loadbalancer, b-loadbalancer"),
        (dict(balancer="a-loadbalancer", member="a-was9"), "unknown_member", "a-loadbalancer/a-was1 (route a-was1"),
        (dict(route="a-was1", url="http://127.0.0.1:8097/jkstatus"), "unreachable", "connection refused"),
        # a Host header that names no site: httpd's catch-all vhost answers with its own 404 page
        (dict(route="a-was1", url="http://127.0.0.1/jkstatus"), "not_status_worker", "HTML page titled '404 Not Found'"),
        # site a's vhost (a-site.example is 127.0.0.1 on this host for the test): Tomcat's 404 HTML page
        (dict(route="a-was1", url="http://a-site.example/jkstatus"), "not_status_worker",
         "HTML page titled 'HTTP Status 404"),
        # the site vhost's root: a 200 text/plain page
        (dict(route="a-was1", url="http://a-site.example/"), "not_status_worker", "instance=a-was"),
    ]
    mark = "a-site.example  # molecule test_jkstatus.py"
    host.check_output(f"grep -qF '{mark}' /etc/hosts || echo '127.0.0.1 {mark}' >> /etc/hosts")
    try:
        for args, kind, text in cases:
            res = jk(host, "jkstatus_member", activation="stopped", **args)
            assert res.get("failed") and res.get("error") == kind, (args, res)
            assert text in res["msg"], (args, res["msg"])
    finally:
        # /etc/hosts is bind-mounted by Docker: rewrite it in place
        host.run(f"grep -vF '{mark}' /etc/hosts > /tmp/hosts.test; cat /tmp/hosts.test > /etc/hosts")
    res = jk(host, "jkstatus_info", url="http://127.0.0.1:8097/jkstatus")
    assert res.get("failed") and res["error"] == "unreachable"
    assert all(m["activation"] == "ACT" for m in state(host).values())


def test_read_only_status_worker_and_shared_member(get):
    """A second status worker with read_only=true refuses updates; a member name in two balancers is told apart.

    Both are added to the running httpd with JkWorkerProperty (a status worker on 127.0.0.1:8098 and a balancer
    dup-lb sharing member a-was1 with a-loadbalancer), and removed again. On the 1.2.48 host (the refusal is the
    same code in 1.2.50: tests/unit/plugins/module_utils/fixtures/jkstatus/update-read-only-1.2.50.xml)."""
    host = get(WEB_HOSTS[0])
    conf = "\n".join([
        "# molecule test_jkstatus.py (removed by the test)",
        "JkWorkerProperty worker.list=jkro,dup-lb",
        "JkWorkerProperty worker.jkro.type=status",
        "JkWorkerProperty worker.jkro.read_only=true",
        "JkWorkerProperty worker.dup-lb.type=lb",
        "JkWorkerProperty worker.dup-lb.balance_workers=a-was1,b-was1",
        "Listen 127.0.0.1:8098",
        "<VirtualHost 127.0.0.1:8098>",
        "    JkMount /jkro jkro",
        "</VirtualHost>",
    ])
    host.check_output(f"cat > {RO_CONF} <<'EOF'\n{conf}\nEOF")
    try:
        host.check_output("apache2ctl configtest && systemctl reload apache2")
        wait_for(lambda: "dup-lb" in host.run(f"curl -sS -m 3 '{RO_URL}?cmd=list&mime=xml'").stdout, 60,
                 "the read-only status worker", interval=1)
        # read-only: it lists, but refuses the update, and says so
        info = ok(jk(host, "jkstatus_info", url=RO_URL))
        assert ("a-loadbalancer", "a-was1") in {(m["balancer"], m["name"]) for m in info["members"]}
        res = jk(host, "jkstatus_member", url=RO_URL, balancer="a-loadbalancer", member="a-was1", activation="disabled")
        assert res.get("failed") and res.get("error") == "read_only", res
        assert "read-only" in res["msg"] and "refuses to change" in res["msg"]
        # the shared member: both selected by name alone, only dup-lb's changed when the balancer is given
        res = ok(jk(host, "jkstatus_member", check=True, member="a-was1", activation="stopped"))
        assert {(m["balancer"], m["name"]) for m in res["members"]} == {("dup-lb", "a-was1"),
                                                                        ("a-loadbalancer", "a-was1")}
        res = ok(jk(host, "jkstatus_member", balancer="dup-lb", member="a-was1", activation="stopped"))
        assert [(m["balancer"], m["after"]["activation"]) for m in res["members"]] == [("dup-lb", "STP")]
        now = state(host)
        assert now[("dup-lb", "a-was1")]["activation"] == "STP"
        assert now[("a-loadbalancer", "a-was1")]["activation"] == "ACT"
    finally:
        host.run(f"rm -f {RO_CONF}")
        host.check_output("systemctl reload apache2")
        wait_for(lambda: host.run(f"curl -sS -m 3 '{RO_URL}'").rc != 0, 60, "the read-only status worker to go", interval=1)
        all_active(host)
    assert "dup-lb" not in {bal for bal, _member in state(host)}


# --- last: a reload (it also resets whatever the tests above may have left) ----------------------------

def test_graceful_reload_resets_activation(get):
    web = get(WEB_HOSTS[0])
    try:
        ok(jk(web, "jkstatus_member", route="b-was2", activation="stopped"))
        web.check_output("systemctl reload apache2")
        wait_for(lambda: state(web)[("b-loadbalancer", "b-was2")]["activation"] == "ACT", 60,
                 "the reload to put b-was2 back to ACT", interval=1)
    finally:
        all_active(web)
