# SPDX-License-Identifier: GPL-3.0-or-later
"""Verifier for molecule/was: real Tomcat 9 instances in systemd containers, checked over AJP.

Every AJP exchange goes through the collection's own ajp_ping / ajp_request modules, run on the
web-side test host (was-web) or on the outsider (was-outsider), so the firewall is on the path.
"""

import ipaddress
import json
import os
import re
import shlex
import time

import pytest

WAS_HOSTS = ["was-was-01", "was-was-02"]
# the Tomcat line under test (molecule.yml reads the same variable; default 9.0.70)
TOMCAT_VERSION = os.environ.get("WEBTIER_TOMCAT_VERSION") or "9.0.70"
INSTANCES = {"a-was": {"ajp": 8009, "cluster": 5000}, "b-was": {"ajp": 8019, "cluster": 5001}}
SECRET = "MoleculeWasTier0123456789abcdefABCDEF42"
PAGE = "/sessionTest.jsp"


def route(instance, was_host):
    return f"{instance}{WAS_HOSTS.index(was_host) + 1}"


def module_args(**kwargs):
    return " ".join(
        f"{k}={shlex.quote(json.dumps(v) if isinstance(v, (dict, list)) else str(v))}" for k, v in kwargs.items()
    )


def ajp_ping(host, targets, timeout=3):
    return host.ansible(
        "webtier.tomcat_cluster.ajp_ping",
        module_args(targets=",".join(targets), timeout=timeout, fail_on_unhealthy="false"),
        check=False,
    )


def ajp_get(host, target_addr, port, secret=SECRET, cookie=None, status=(200, 403)):
    args = {"host": target_addr, "port": port, "uri": PAGE, "return_content": "true",
            "status_code": ",".join(str(s) for s in status)}
    if secret:
        args["secret"] = secret
    if cookie:
        args["headers"] = {"Cookie": f"JSESSIONID={cookie}"}
    return host.ansible("webtier.tomcat_cluster.ajp_request", module_args(**args), check=False)


def page_values(result):
    return dict(re.findall(r"^(\w+)=(.*)$", result.get("content", ""), re.M))


def session_cookie(result, previous=None):
    cookies = result.get("cookies") or {}
    return cookies.get("JSESSIONID", previous)


@pytest.mark.parametrize("was_host", WAS_HOSTS)
@pytest.mark.parametrize("instance", sorted(INSTANCES))
def test_service_enabled_running_as_tomcat(get, was_host, instance):
    host = get(was_host)
    svc = host.service(f"tomcat-{instance}")
    assert svc.is_enabled
    assert svc.is_running
    pid = host.check_output(f"systemctl show -p MainPID --value tomcat-{instance}")
    assert pid != "0"
    assert host.check_output(f"ps -o user= -p {pid}") == "tomcat"
    assert "java" in host.check_output(f"ps -o comm= -p {pid}")


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_files_owned_and_protected(get, was_host):
    host = get(was_host)
    home = host.file(f"/usr/local/tomcat/apache-tomcat-{TOMCAT_VERSION}")
    assert home.user == "root" and home.group == "root" and home.mode == 0o755
    for instance in INSTANCES:
        server_xml = host.file(f"/usr/local/tomcat/{instance}/conf/server.xml")
        assert server_xml.user == "root" and server_xml.group == "tomcat" and server_xml.mode == 0o640
        assert 'secretRequired="true"' in server_xml.content_string
        logs = host.file(f"/usr/local/tomcat/{instance}/logs")
        assert logs.user == "tomcat"


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_ajp_bound_to_private_address_only(get, addr, was_host):
    host = get(was_host)
    for instance, ports in INSTANCES.items():
        assert host.socket(f"tcp://{addr[was_host]}:{ports['ajp']}").is_listening
        assert not host.socket(f"tcp://0.0.0.0:{ports['ajp']}").is_listening
        assert host.socket(f"tcp://{addr[was_host]}:{ports['cluster']}").is_listening


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_cluster_receiver_never_binds_a_wildcard_or_public_address(get, addr, was_host):
    """Tomcat's cluster receiver deserializes what it receives and authenticates no one (docs/security.md):
    every listening socket on a receiver port must be the host's own private address, nothing else."""
    host = get(was_host)
    private = ipaddress.ip_address(addr[was_host])
    assert private.is_private and not private.is_loopback
    listening = host.check_output("ss -Hltn").splitlines()
    for instance, ports in INSTANCES.items():
        local = sorted({line.split()[3].rsplit(":", 1)[0].strip("[]") for line in listening
                        if line.split()[3].rsplit(":", 1)[1] == str(ports["cluster"])})
        assert local == [str(private)], f"{instance} receiver on {was_host} listens on {local}"


def test_cping_from_web_host(get, addr):
    targets = [f"{addr[h]}:{p['ajp']}" for h in WAS_HOSTS for p in INSTANCES.values()]
    result = ajp_ping(get("was-web"), targets)
    assert result["healthy_count"] == 4, result["targets"]


def test_cping_refused_from_outsider(get, addr):
    targets = [f"{addr[h]}:{p['ajp']}" for h in WAS_HOSTS for p in INSTANCES.values()]
    result = ajp_ping(get("was-outsider"), targets, timeout=2)
    assert result["healthy_count"] == 0, result["targets"]
    assert result["unhealthy_count"] == 4


@pytest.mark.parametrize("was_host", WAS_HOSTS)
@pytest.mark.parametrize("instance", sorted(INSTANCES))
def test_request_with_secret_gets_200_and_route(get, addr, was_host, instance):
    result = ajp_get(get("was-web"), addr[was_host], INSTANCES[instance]["ajp"])
    assert result["status"] == 200, result
    assert result["jvm_route"] == route(instance, was_host)
    values = page_values(result)
    assert values["node"] == route(instance, was_host)
    assert values["counter"] == "1"


def test_request_without_secret_is_forbidden(get, addr):
    result = ajp_get(get("was-web"), addr["was-was-01"], 8009, secret=None)
    assert result["status"] == 403


def wait_for_log(host, path_glob, pattern, seconds=60):
    """Poll a log until `pattern` matches, with a deadline; returns the match or None."""
    deadline = time.time() + seconds
    while True:
        found = re.search(pattern, host.run(f"cat {path_glob}").stdout)
        if found or time.time() >= deadline:
            return found
        time.sleep(1)


@pytest.mark.parametrize("was_host", WAS_HOSTS)
@pytest.mark.parametrize("instance", sorted(INSTANCES))
def test_cluster_membership_formed(get, addr, was_host, instance):
    peer = [h for h in WAS_HOSTS if h != was_host][0]
    peer_ip = "{" + addr[peer].replace(".", ", ") + "}"
    port = INSTANCES[instance]["cluster"]
    # MemberImpl[...] with multicast membership, StaticMember[...] with static membership; an instance that
    # finds its peer already there at start logs the state transfer request instead of "member added".
    # The peer's heartbeat can arrive after the converge ended: poll the log instead of reading it once.
    pattern = (r"(Replication member added:|requesting session state from )"
               r"\[org\.apache\.catalina\.tribes\.membership\.\w+\[tcp://" + re.escape(f"{peer_ip}:{port}"))
    log = f"/usr/local/tomcat/{instance}/logs/catalina.*.log"
    assert wait_for_log(get(was_host), log, pattern), f"{instance} on {was_host} never saw {peer}"


@pytest.mark.parametrize("instance", sorted(INSTANCES))
def test_session_replicated_between_nodes(get, addr, instance):
    web = get("was-web")
    port = INSTANCES[instance]["ajp"]
    first = ajp_get(web, addr["was-was-01"], port)
    cookie = session_cookie(first)
    assert cookie and cookie.endswith("." + route(instance, "was-was-01"))
    assert page_values(first)["counter"] == "1"
    second = ajp_get(web, addr["was-was-01"], port, cookie=cookie)
    assert page_values(second)["counter"] == "2"
    third = ajp_get(web, addr["was-was-02"], port, cookie=cookie)
    values = page_values(third)
    assert values["node"] == route(instance, "was-was-02")
    assert values["counter"] == "3", values
    assert values["session"].split(".")[0] == cookie.split(".")[0]


def wait_cping(web, target, seconds=150):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if ajp_ping(web, [target])["healthy_count"] == 1:
            return True
        time.sleep(3)
    return False


def test_stop_is_graceful(get, addr):
    """systemctl stop = SIGTERM to the JVM = Tomcat's shutdown hook; the unit ends inactive, not failed.

    What proves it without racing: systemd's Result=success and the JVM's exit status 143 (128 + SIGTERM,
    i.e. the JVM ran its shutdown hooks and exited; SIGKILL after TimeoutStopSec would give Result=timeout),
    and the shutdown lines of the synchronous FileHandler (tomcat_logging_async: false), which are
    written before the JVM exits and so before `systemctl stop` returns.
    """
    host = get("was-was-02")
    assert "org.apache.juli.FileHandler" in host.file("/usr/local/tomcat/b-was/conf/logging.properties").content_string
    host.run_expect([0], "systemctl stop tomcat-b-was")
    show = dict(line.split("=", 1) for line in host.check_output(
        "systemctl show -p Result -p ExecMainCode -p ExecMainStatus -p ActiveState tomcat-b-was").splitlines())
    assert show == {"Result": "success", "ExecMainCode": "1", "ExecMainStatus": "143", "ActiveState": "inactive"}, show
    log = host.run("cat /usr/local/tomcat/b-was/logs/catalina.*.log").stdout
    tail = log[log.rindex("Stopping service [Catalina]"):]
    assert "Stopping ProtocolHandler [\"ajp-nio-" in tail
    assert "Destroying ProtocolHandler [\"ajp-nio-" in tail
    host.run_expect([0], "systemctl start tomcat-b-was")
    assert wait_cping(get("was-web"), f"{addr['was-was-02']}:8019"), "b-was2 did not come back"


def test_session_survives_kill_of_its_node(get, addr):
    web = get("was-web")
    was01 = get("was-was-01")
    first = ajp_get(web, addr["was-was-01"], 8009)
    cookie = session_cookie(first)
    second = ajp_get(web, addr["was-was-01"], 8009, cookie=cookie)
    assert page_values(second)["counter"] == "2"
    pid = was01.check_output("systemctl show -p MainPID --value tomcat-a-was")
    was01.run_expect([0], f"kill -9 {pid}")
    after = ajp_get(web, addr["was-was-02"], 8009, cookie=cookie)
    values = page_values(after)
    assert values["node"] == "a-was2"
    assert values["counter"] == "3", values
    assert values["session"].split(".")[0] == cookie.split(".")[0]
    # systemd (Restart=on-failure) brings a-was1 back; it rejoins and answers CPing again.
    assert wait_cping(web, f"{addr['was-was-01']}:8009"), "a-was1 did not come back after kill -9"


# --- hardened defaults ------------------------------------------------------------------------------

@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_shutdown_port_disabled(get, was_host):
    """tomcat_shutdown_port_enabled: false -> <Server port="-1">: no local user can send SHUTDOWN."""
    host = get(was_host)
    for instance, shutdown in (("a-was", 8005), ("b-was", 8015)):
        server_xml = host.file(f"/usr/local/tomcat/{instance}/conf/server.xml").content_string
        assert re.search(r'<Server\s[^>]*port="-1"', server_xml), server_xml[:600]
        assert not host.socket(f"tcp://127.0.0.1:{shutdown}").is_listening


@pytest.mark.parametrize("instance", sorted(INSTANCES))
def test_error_page_hides_report_and_version(get, addr, instance):
    host = get("was-was-01")
    server_xml = host.file(f"/usr/local/tomcat/{instance}/conf/server.xml").content_string
    assert re.search(r'<Valve className="org\.apache\.catalina\.valves\.ErrorReportValve"[^>]*'
                     r'showReport="false"[^>]*showServerInfo="false"', server_xml)
    args = {"host": addr["was-was-01"], "port": INSTANCES[instance]["ajp"], "uri": "/no-such-page.jsp",
            "secret": SECRET, "return_content": "true", "status_code": "404"}
    result = get("was-web").ansible("webtier.tomcat_cluster.ajp_request", module_args(**args), check=False)
    assert result["status"] == 404, result
    assert "Apache Tomcat" not in result.get("content", "")
    assert "Exception" not in result.get("content", "")


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_no_default_webapps(get, addr, was_host):
    """Only the session test context and the status page are deployed: no docs, examples, manager or host-manager.
    The status page answers only loopback clients (a request from another address gets 403)."""
    host = get(was_host)
    for instance, ports in INSTANCES.items():
        assert host.check_output(f"ls /usr/local/tomcat/{instance}/webapps").split() == ["ROOT", "webtier-status"]
        args = {"host": addr[was_host], "port": ports["ajp"], "secret": SECRET}
        status = host.ansible("webtier.tomcat_cluster.tomcat_status_info", module_args(**args), check=False)
        assert not status.get("failed") and status.get("jvm_route"), status
        args.update(uri="/webtier-status/status.jsp", remote_addr="192.0.2.10", status_code="403")
        refused = host.ansible("webtier.tomcat_cluster.ajp_request", module_args(**args), check=False)
        assert not refused.get("failed"), refused
        for uri in ("/manager/html", "/host-manager/html", "/docs/", "/examples/"):
            args = {"host": addr[was_host], "port": ports["ajp"], "uri": uri, "secret": SECRET,
                    "status_code": "404"}
            result = get("was-web").ansible("webtier.tomcat_cluster.ajp_request", module_args(**args), check=False)
            assert result["status"] == 404, (instance, uri, result)
