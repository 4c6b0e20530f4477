"""Verifier for molecule/tomcat10: the Tomcat 10.1 line (the 10.1.60 fixture) in systemd containers.

Real traffic only: HTTP from tc10-web through its own httpd + mod_jk to the instances, AJP through the
collection's ajp_request module (the firewall is on the path), playbooks/verify.yml as an operator runs
it, failover by SIGKILL. Two more playbook runs check the release handling: a second release (9.0.70,
staged with tomcat_extra_versions, `--tags tomcat_install`) is unpacked beside 10.1.60 without restarting
any instance, and a Java older than 11 or an unsupported release is refused before anything changes.
"""

import json
import os
import re
import shlex
import tempfile
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook
from scenario import WAS_HOSTS, WEB

VERSION = "10.1.60"
HOME = f"/usr/local/tomcat/apache-tomcat-{VERSION}"
UNIT = "tomcat-a-was.service"
SITE = "a-site.example"
AJP_PORT = 8009
CLUSTER_PORT = 5000
SECRET = "MoleculeTomcat10abcdef0123456789ABCDEF"
PAGE = "/sessionTest.jsp"


def route(was_host):
    return f"a-was{WAS_HOSTS.index(was_host) + 1}"


def values(text):
    return dict(re.findall(r"^(\w+)=(.*)$", text, re.M))


def http_get(get, addr, cookie=None, timeout=10):
    """curl on the web host through its httpd + mod_jk, one request."""
    cmd = f"curl -sS -m {timeout} -o - -w '\\nhttp_code=%{{http_code}}\\n' -H 'Host: {SITE}'"
    if cookie:
        cmd += f" -H 'Cookie: JSESSIONID={cookie}'"
    out = get(WEB).run(cmd + f" http://{addr[WEB]}{PAGE}")
    page = values(out.stdout)
    page["stderr"] = out.stderr
    return page


def ok(page):
    return page.get("http_code") == "200" and "counter" in page


def module_args(**kwargs):
    return " ".join(
        f"{k}={shlex.quote(json.dumps(v) if isinstance(v, (dict, list)) else str(v))}" for k, v in kwargs.items()
    )


def ajp_get(get, target_addr, cookie=None):
    args = {"host": target_addr, "port": AJP_PORT, "uri": PAGE, "return_content": "true", "secret": SECRET,
            "timeout": 30}
    if cookie:
        args["headers"] = {"Cookie": f"JSESSIONID={cookie}"}
    return get(WEB).ansible("webtier.tomcat_cluster.ajp_request", module_args(**args), check=False)


def cpong(get, target):
    res = get(WEB).ansible("webtier.tomcat_cluster.ajp_ping",
                           module_args(targets=target, timeout=2, fail_on_unhealthy="false"), check=False)
    return res.get("healthy_count") == 1


def wait_cpong(get, target, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if cpong(get, target):
            return True
        time.sleep(2)
    return False


def unit_state(host):
    out = host.check_output(f"systemctl show -p MainPID -p NRestarts -p ExecMainStartTimestampMonotonic {UNIT}")
    return dict(line.split("=", 1) for line in out.splitlines())


# --- the release that runs ------------------------------------------------------------------------

@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_instance_runs_from_the_10_1_home(get, was_host):
    host = get(was_host)
    home = host.file(HOME)
    assert home.user == "root" and home.group == "root" and home.mode == 0o755
    unit = host.file(f"/etc/systemd/system/{UNIT}").content_string
    assert f'Environment="CATALINA_HOME={HOME}"' in unit
    assert f"ExecStart={HOME}/bin/catalina.sh run" in unit
    assert "Documentation=https://tomcat.apache.org/tomcat-10.1-doc/" in unit
    assert f"Description=Apache Tomcat {VERSION} instance a-was" in unit
    pid = unit_state(host)["MainPID"]
    cmdline = host.check_output(f"tr '\\0' ' ' < /proc/{pid}/cmdline")
    assert f"-Dcatalina.home={HOME} " in cmdline
    assert "-Dcatalina.base=/usr/local/tomcat/a-was " in cmdline
    assert host.check_output(f"ps -o user= -p {pid}") == "tomcat"
    log = host.run("cat /usr/local/tomcat/a-was/logs/catalina.*.log").stdout
    assert f"Server version number: {VERSION}.0" in log


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_request_with_secret_is_served_by_servlet_6(get, addr, was_host):
    result = ajp_get(get, addr[was_host])
    assert result["status"] == 200, result
    assert result["jvm_route"] == route(was_host)
    page = values(result.get("content", ""))
    assert page["node"] == route(was_host)
    assert page["servlet"] == "6.0", page  # Jakarta Servlet 6.0 = Tomcat 10.1


@pytest.mark.parametrize("was_host", WAS_HOSTS)
def test_cluster_membership_formed(get, addr, was_host):
    peer = [h for h in WAS_HOSTS if h != was_host][0]
    peer_ip = "{" + addr[peer].replace(".", ", ") + "}"
    log = get(was_host).run("cat /usr/local/tomcat/a-was/logs/catalina.*.log").stdout
    pattern = (r"(Replication member added:|requesting session state from )"
               r"\[org\.apache\.catalina\.tribes\.membership\.\w+\[tcp://" + re.escape(f"{peer_ip}:{CLUSTER_PORT}"))
    assert re.search(pattern, log), f"a-was on {was_host} never saw {peer}"


def test_session_replicated_between_nodes(get, addr):
    first = ajp_get(get, addr[WAS_HOSTS[0]])
    cookie = (first.get("cookies") or {}).get("JSESSIONID")
    assert cookie and cookie.endswith("." + route(WAS_HOSTS[0])), first
    second = ajp_get(get, addr[WAS_HOSTS[0]], cookie)
    assert values(second["content"])["counter"] == "2"
    third = values(ajp_get(get, addr[WAS_HOSTS[1]], cookie)["content"])
    assert third["node"] == route(WAS_HOSTS[1])
    assert third["counter"] == "3", third
    assert third["session"].split(".")[0] == cookie.split(".")[0]


def test_verify_playbook_passes(inventory):
    res = run_playbook(inventory, "verify.yml")
    print(res.stdout[-4000:])
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    rows = re.findall(r"(tc10-web)\s+(a-was\d)\s+(\S+)\s+(OK|\S+)\s", res.stdout)
    assert len(rows) == len(WAS_HOSTS) and all(r[3] == "OK" for r in rows), rows


# --- releases side by side, refusals ------------------------------------------------------------

def test_second_release_is_installed_without_restarting_anything(get, inventory):
    before = {h: unit_state(get(h)) for h in WAS_HOSTS}
    units = {h: get(h).file(f"/etc/systemd/system/{UNIT}").md5sum for h in WAS_HOSTS}
    # the install step with validation and the release/Java check (the instance tasks do not read
    # tomcat_extra_versions: a unit changes only with the instance's own release)
    res = run_playbook(inventory, "was.yml", "--tags", "tomcat_install",
                       "-e", json.dumps({"tomcat_extra_versions": ["9.0.70"]}))
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert "install_home | Unpack the archive from the controller for Tomcat 9.0.70" in res.stdout
    assert "restart_instance | Restart" not in res.stdout
    assert "start_instance | Start" not in res.stdout
    for h in WAS_HOSTS:
        host = get(h)
        assert host.file("/usr/local/tomcat/apache-tomcat-9.0.70/bin/catalina.sh").exists
        assert host.file(HOME + "/bin/catalina.sh").exists
        assert unit_state(host) == before[h], f"{h}: the instance was restarted"
        assert host.file(f"/etc/systemd/system/{UNIT}").md5sum == units[h]


REFUSAL_PLAY = """
- name: Facts of the WAS and web hosts
  hosts: was:web
  gather_facts: false
  tasks:
    - ansible.builtin.setup:
        gather_subset: [min, network]

- name: Refusals
  hosts: %(host)s
  gather_facts: false
  tasks:
%(cases)s
"""
REFUSAL_CASE = """    - block:
        - ansible.builtin.include_role:
            name: webtier.tomcat_cluster.tomcat
          vars: %(vars)s
        - ansible.builtin.debug:
            msg: "CASE %(name)s PASSED"
      rescue:
        - ansible.builtin.debug:
            msg: "CASE %(name)s REFUSED {{ ansible_failed_result.msg | default('') | replace('\\n', ' ') }}"
"""
REFUSALS = {
    "java8": ({"tomcat_java_home": "/opt/fake-java8"},
              "Tomcat 10.1 needs Java 11 or newer; /opt/fake-java8/bin/java is Java 8."),
    "no_java": ({"tomcat_java_home": "/opt/no-java"}, "/opt/no-java/bin/java is missing or does not run"),
    "tomcat_10_0": ({"tomcat_version": "10.0.27"}, "Unsupported Tomcat release 10.0.27"),
    "short_version": ({"tomcat_instances": [{"name": "a-was", "site": "a", "version": "10.1", "shutdown_port": 8005,
                                             "ajp_port": 8009, "cluster_port": 5000, "multicast_port": 45564}]},
                      "Unsupported Tomcat release 10.1 "),
}


def test_old_java_and_unsupported_releases_are_refused_before_any_change(get, inventory):
    host = get(WAS_HOSTS[0])
    # what `java -version` of an OpenJDK 8 prints (no Java 8 package exists for Debian 12)
    host.check_output("mkdir -p /opt/fake-java8/bin && printf '%s\\n' '#!/bin/sh' "
                      "'echo \"openjdk version \\\"1.8.0_392\\\"\" >&2' > /opt/fake-java8/bin/java"
                      " && chmod 0755 /opt/fake-java8/bin/java")
    watched = [f"/etc/systemd/system/{UNIT}", "/usr/local/tomcat/a-was/conf/server.xml"]
    sums = {p: host.file(p).md5sum for p in watched}
    state = unit_state(host)
    cases = "".join(REFUSAL_CASE % {"name": n, "vars": json.dumps(c[0])} for n, c in REFUSALS.items())
    with tempfile.NamedTemporaryFile("w", suffix=".yml", prefix="tc10-refusals-", delete=False) as f:
        f.write(REFUSAL_PLAY % {"host": WAS_HOSTS[0], "cases": cases})
    try:
        res = run_playbook(inventory, f.name, ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_CALLBACK_RESULT_FORMAT="json",
                           ANSIBLE_NOCOLOR="1")
    finally:
        os.unlink(f.name)
        host.run("rm -rf /opt/fake-java8")
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    verdicts = dict(re.findall(r'"msg": "CASE (\w+) ((?:PASSED|REFUSED).*?)"\n', res.stdout))
    for name, (_vars, message) in REFUSALS.items():
        assert verdicts.get(name, "").startswith("REFUSED"), (name, verdicts, res.stdout[-3000:])
        assert message in verdicts[name], (name, verdicts[name])
    assert {p: host.file(p).md5sum for p in watched} == sums
    assert unit_state(host) == state


# --- failover through mod_jk --------------------------------------------------------------------

def test_failover_kill9_and_rejoin(get, addr):
    page = http_get(get, addr)
    assert ok(page), page
    cookie, count, node = page["session"], int(page["counter"]), page["node"]
    page = http_get(get, addr, cookie)
    count += 1
    assert int(page["counter"]) == count
    victim = WAS_HOSTS[int(node[-1]) - 1]
    pid = unit_state(get(victim))["MainPID"]
    get(victim).check_output(f"kill -9 {pid}")
    page = http_get(get, addr, cookie, timeout=30)
    count += 1
    assert ok(page), page
    assert page["node"] != node and page["servlet"] == "6.0"
    assert int(page["counter"]) == count, "session lost on failover"
    assert page["session"].endswith("." + page["node"]), "JvmRouteBinderValve did not move the session"
    # systemd brings the killed instance back (Restart=on-failure); it answers CPing again
    assert wait_cpong(get, f"{addr[victim]}:{AJP_PORT}"), f"{node} did not come back"
    assert unit_state(get(victim))["MainPID"] not in ("0", pid)
