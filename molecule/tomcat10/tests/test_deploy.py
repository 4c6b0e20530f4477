"""playbooks/deploy.yml on molecule/tomcat10, under load: a WAR `app` in version 1, then version 2, then a broken
version 3 that the health gate stops at the first instance (undone there), then a good version 4.

The WARs are built here (a counter page kept in the session, its web.xml without <distributable/>). Version 1 is
rolled out while the load runs on the session test page; version 2 while the load runs on the app itself, so the
app's own sessions must survive the deploy (the cluster's session state transfer into each restarted instance).
Asserted: 0 failed requests, 0 lost sessions, one instance at a time, each instance answers with the new version,
<distributable/> was enforced; a run with the WAR already there deploys nothing. The broken WAR (a load-on-startup
servlet whose class does not exist, mapped to every URI, as a release built without its classes would be) must stop
the roll at a-was1: that instance gets version 2 back and is ACT again, a-was2 is not touched, and the load on
version 2 sees no failed request.
"""

import hashlib
import json
import os
import shlex
import tempfile
import zipfile

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook, wait_for
from ansible_collections.webtier.tomcat_cluster.tests.support.rolling import (
    count_changes, healthy, members, one_at_a_time, roll_under_load, running, stopped_roll
)
from scenario import WAS_HOSTS, WEB

SECRET = "MoleculeTomcat10abcdef0123456789ABCDEF"
STOP = "roll_webapps | Change | stop the instances gracefully"
PAGE = """<%@ page contentType="text/plain; charset=UTF-8" session="true" %><%
  Integer count = (Integer) session.getAttribute("count");
  count = (count == null) ? Integer.valueOf(1) : Integer.valueOf(count.intValue() + 1);
  session.setAttribute("count", count);
%>version=@VERSION@
session=<%= session.getId() %>
counter=<%= count %>
"""
WEB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
  <display-name>app</display-name>
</web-app>
"""
BROKEN_WEB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
  <display-name>app</display-name>
  <servlet>
    <servlet-name>front</servlet-name>
    <servlet-class>com.example.app.FrontServlet</servlet-class>
    <load-on-startup>1</load-on-startup>
  </servlet>
  <servlet-mapping>
    <servlet-name>front</servlet-name>
    <url-pattern>/*</url-pattern>
  </servlet-mapping>
</web-app>
"""


@pytest.fixture(scope="module")
def wars():
    with tempfile.TemporaryDirectory(prefix="tc10-wars-") as tmp:
        paths = {}
        for version in ("1", "2", "3", "4"):
            paths[version] = os.path.join(tmp, f"app-{version}.war")
            with zipfile.ZipFile(paths[version], "w") as war:
                war.writestr("index.jsp", PAGE.replace("@VERSION@", version))
                war.writestr("WEB-INF/web.xml", BROKEN_WEB_XML if version == "3" else WEB_XML)
        yield paths


@pytest.fixture
def cluster_healthy(get, web_addr):
    was = [get(h) for h in WAS_HOSTS]
    wait_for(lambda: healthy(get(WEB), web_addr, was), 180, "both members ACT and OK on tc10-web")


def served_version(get, was_host):
    """The app's answer of this instance, asked directly over AJP with the secret."""
    addr = get(was_host).check_output("hostname -I").split()[0]
    args = {"host": addr, "port": 8009, "uri": "/app/index.jsp", "secret": SECRET, "return_content": "true",
            "timeout": 30}
    res = get(WEB).ansible("webtier.tomcat_cluster.ajp_request",
                           " ".join(f"{k}={shlex.quote(str(v))}" for k, v in args.items()), check=False)
    assert res.get("status") == 200, res
    return res["content"].split("\n", 1)[0]


def deploy(get, inventory, web_addr, war, uri):
    before = {h: running(get(h))["pid"] for h in WAS_HOSTS}
    res = roll_under_load(get(WEB), web_addr, inventory, "deploy.yml",
                          {"tomcat_webapps": [{"name": "app", "src": war}]}, uri=uri)
    assert count_changes(res.stdout, STOP) == 2
    assert one_at_a_time(res.stdout, STOP, WAS_HOSTS[1]), res.stdout[-6000:]
    for h in WAS_HOSTS:
        assert running(get(h))["pid"] not in (0, before[h]), f"a-was on {h} was not restarted"
        web_xml = get(h).file("/usr/local/tomcat/a-was/webapps/app/WEB-INF/web.xml").content_string
        assert "<distributable" in web_xml, web_xml


def test_rolling_deploy_under_load_loses_nothing(get, inventory, web_addr, wars, cluster_healthy):
    deploy(get, inventory, web_addr, wars["1"], "/sessionTest.jsp")
    assert [served_version(get, h) for h in WAS_HOSTS] == ["version=1"] * 2

    wait_for(lambda: healthy(get(WEB), web_addr), 120, "both members ACT and OK after the first deploy")
    # the load now keeps sessions of the app itself: they must survive its redeploy
    deploy(get, inventory, web_addr, wars["2"], "/app/index.jsp")
    assert [served_version(get, h) for h in WAS_HOSTS] == ["version=2"] * 2

    pids = {h: running(get(h))["pid"] for h in WAS_HOSTS}
    res = run_playbook(inventory, "deploy.yml", "-e", json.dumps({"tomcat_webapps": [{"name": "app", "src": wars["2"]}]}))
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    assert "Every selected instance already has its WARs: nothing to deploy." in res.stdout
    assert {h: running(get(h))["pid"] for h in WAS_HOSTS} == pids


def test_a_broken_war_stops_at_the_first_instance_and_is_undone(get, inventory, web_addr, wars, cluster_healthy):
    before = {h: running(get(h))["pid"] for h in WAS_HOSTS}
    # the load keeps sessions of version 2 of the app: none of its requests may fail
    res = roll_under_load(get(WEB), web_addr, inventory, "deploy.yml",
                          {"tomcat_webapps": [{"name": "app", "src": wars["3"]}]}, uri="/app/index.jsp", succeeds=False)
    out = stopped_roll(res, STOP)
    assert "Rolling deploy stopped at a-was1" in out, out[-6000:]
    assert "The change was undone: the previous WARs of a-was1 passed the checks again" in out, out[-6000:]
    # the gate's report: the application, its URI and status, and the first SEVERE line of its start
    assert "webapp app" in out and "GET /app/" in out, out[-6000:]
    assert "Servlet [front] in web application [/app] threw load() exception" in out, out[-6000:]
    assert SECRET not in out
    # a-was1 runs version 2 again (the WAR on disk too), a-was2 was not touched, both serve
    with open(wars["2"], "rb") as war:
        previous = hashlib.md5(war.read()).hexdigest()
    for h in WAS_HOSTS:
        assert get(h).file("/usr/local/tomcat/a-was/deploy/app.war").md5sum == previous, h
    assert [served_version(get, h) for h in WAS_HOSTS] == ["version=2"] * 2
    assert running(get(WAS_HOSTS[1]))["pid"] == before[WAS_HOSTS[1]]
    assert running(get(WAS_HOSTS[0]))["pid"] not in (0, before[WAS_HOSTS[0]])
    assert {m["activation"] for m in members(get(WEB)).values()} == {"ACT"}

    # a good WAR after that: the whole roll goes through
    deploy(get, inventory, web_addr, wars["4"], "/app/index.jsp")
    assert [served_version(get, h) for h in WAS_HOSTS] == ["version=4"] * 2
