# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real Tomcat 9 instances on loopback for integration tests.

The session-scoped fixture ``tomcat_instance`` is a factory::

    def test_x(tomcat_instance):
        tc = tomcat_instance(SERVER_XML, files={'webapps/ROOT/s.jsp': SESSION_JSP}, cping=['ajp_port'])
        tc.ports['ajp_port'], tc.base, tc.log(), tc.stop(), tc.kill(), tc.start()

``server_xml`` is the text of ``conf/server.xml``; every ``${<name>_port}`` placeholder gets a
free loopback port (``tc.ports[name + '_port']``); other ``${...}`` (e.g. ``${catalina.base}``)
are left alone. CATALINA_HOME is ``$WEBTIER_FIXTURES/apache-tomcat-9.0.70``; CATALINA_BASE is a
fresh directory under pytest's tmp dir with ``conf/`` copied from the home (server.xml
replaced), ``webapps/ROOT`` copied, and ``files`` written on top. Tomcat runs in the
foreground (``catalina.sh run``) with a small heap; readiness means "Server startup in" in
``logs/catalina.out`` and, for each port named in ``cping``, a CPong (not just a bound port).
Instances are killed at the end of the session at the latest; use module-scoped fixtures to
share them (a start costs 1-2 s).

The module can also be imported outside pytest (the AJP benchmark does): :class:`TomcatInstance`
and :func:`fixture_home` do not need pytest.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import re
import shutil
import signal
import socket
import string
import subprocess
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import free_port
# the test pages (SESSION_JSP, ...) are imported here for the AJP fixture below and for ajp_bench
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_jsp import BIG_JSP, CONTENT_TYPE_JSP, ECHO_JSP, SESSION_JSP

TOMCAT_DIR = 'apache-tomcat-9.0.70'
DEFAULT_JAVA_OPTS = '-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k'

_PORT_RE = re.compile(r'\$\{(\w+_port)\}')


def fixture_home():
    """CATALINA_HOME of the fixture, or None when it has not been built."""
    root = os.environ.get('WEBTIER_FIXTURES') or os.path.join(os.path.dirname(__file__), '..', '..', '.cache', 'fixtures')
    home = os.path.abspath(os.path.join(root, TOMCAT_DIR))
    return home if os.path.isfile(os.path.join(home, 'bin', 'catalina.sh')) else None


def missing_reason():
    """Why Tomcat cannot run here, or None."""
    if fixture_home() is None:
        return 'Tomcat fixture %s not found under $WEBTIER_FIXTURES (run scripts/build-fixtures.sh)' % TOMCAT_DIR
    if shutil.which('java') is None and not os.environ.get('JAVA_HOME'):
        return 'no java on PATH and no JAVA_HOME'
    return None


def cping_once(port, host='127.0.0.1', timeout=1.0):
    """True when the port answers a CPing with a CPong (raw sockets; no collection import)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(b'\x12\x34\x00\x01\x0a')
            data = b''
            while len(data) < 5:
                chunk = s.recv(5 - len(data))
                if not chunk:
                    return False
                data += chunk
            return data == b'AB\x00\x01\x09'
    except OSError:
        return False


class TomcatError(Exception):
    pass


class TomcatInstance(object):
    def __init__(self, base, server_xml, files=None, ports=None, java_opts=None, home=None, name=None):
        self.home = home or fixture_home()
        if self.home is None:
            raise TomcatError(missing_reason())
        self.base = str(base)
        self.name = name or os.path.basename(self.base)
        self.ports = dict(ports or {})
        for key in _PORT_RE.findall(server_xml):
            if key not in self.ports:
                self.ports[key] = free_port()
        self.server_xml = string.Template(server_xml).safe_substitute(self.ports)
        self.java_opts = java_opts if java_opts is not None else DEFAULT_JAVA_OPTS
        self.proc = None
        self._out = None
        self._prepare(files or {})

    # -- layout ----------------------------------------------------------------------------
    def _prepare(self, files):
        for d in ('conf', 'logs', 'temp', 'work', 'webapps', 'lib'):
            os.makedirs(os.path.join(self.base, d), exist_ok=True)
        conf = os.path.join(self.home, 'conf')
        for f in os.listdir(conf):
            src = os.path.join(conf, f)
            if os.path.isfile(src) and f != 'server.xml':
                shutil.copy(src, os.path.join(self.base, 'conf', f))
        root = os.path.join(self.home, 'webapps', 'ROOT')
        if os.path.isdir(root) and not os.path.exists(os.path.join(self.base, 'webapps', 'ROOT')):
            shutil.copytree(root, os.path.join(self.base, 'webapps', 'ROOT'))
        self.write('conf/server.xml', self.server_xml)
        for rel, text in files.items():
            self.write(rel, text)

    def write(self, rel, text):
        path = os.path.join(self.base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(text.encode('utf-8') if not isinstance(text, bytes) else text)
        return path

    @property
    def catalina_out(self):
        return os.path.join(self.base, 'logs', 'catalina.out')

    def log(self):
        try:
            with open(self.catalina_out, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def logs(self):
        """All files in logs/ as {name: text}."""
        out = {}
        d = os.path.join(self.base, 'logs')
        for f in sorted(os.listdir(d)):
            with open(os.path.join(d, f), 'rb') as fh:
                out[f] = fh.read().decode('utf-8', 'replace')
        return out

    # -- process ---------------------------------------------------------------------------
    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def start(self, cping=None, timeout=60):
        """Start and wait until ready: "Server startup in" logged, and a CPong on each port named in cping."""
        if self.alive:
            raise TomcatError('%s already running (pid %s)' % (self.name, self.pid))
        env = dict(os.environ)
        env.update({'CATALINA_HOME': self.home, 'CATALINA_BASE': self.base, 'CATALINA_OPTS': self.java_opts,
                    'CATALINA_OUT': self.catalina_out, 'CATALINA_TMPDIR': os.path.join(self.base, 'temp')})
        for var in ('CATALINA_PID', 'JAVA_OPTS', 'JPDA_OPTS'):
            env.pop(var, None)
        self._mark = len(self.log())
        self._out = open(self.catalina_out, 'ab')
        self.proc = subprocess.Popen([os.path.join(self.home, 'bin', 'catalina.sh'), 'run'], env=env, cwd=self.base,
                                     stdin=subprocess.DEVNULL, stdout=self._out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.wait_ready(cping=cping, timeout=timeout)
        return self

    def wait_ready(self, cping=None, timeout=60):
        end = time.monotonic() + timeout
        while 'Server startup in' not in self.log()[self._mark:]:
            if not self.alive:
                raise TomcatError('%s exited with %s before startup; catalina.out:\n%s' % (self.name, self.proc.returncode, self.log()[-4000:]))
            if time.monotonic() > end:
                raise TomcatError('%s not started within %s s; catalina.out:\n%s' % (self.name, timeout, self.log()[-4000:]))
            time.sleep(0.05)
        for key in cping or ():
            while not cping_once(self.ports[key]):
                if time.monotonic() > end:
                    raise TomcatError('%s: no CPong on %s (%d) within %s s' % (self.name, key, self.ports[key], timeout))
                time.sleep(0.05)
        return self

    def stop(self, timeout=20):
        """Graceful stop (SIGTERM runs Tomcat's shutdown hook); SIGKILL after ``timeout``."""
        if self.alive:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
            except OSError:
                pass
        self._close_out()

    def kill(self):
        if self.alive:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                try:
                    os.kill(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
            self.proc.wait(10)
        self._close_out()

    def _close_out(self):
        if self._out is not None:
            self._out.close()
            self._out = None

    def __repr__(self):
        return 'TomcatInstance(%s, ports=%r, pid=%s)' % (self.name, self.ports, self.pid)


@pytest.fixture(scope='session')
def tomcat_instance(tmp_path_factory):
    """Factory: ``tomcat_instance(server_xml, files=None, cping=None, start=True, name=None, java_opts=None, home=None)``.

    ``home`` is another CATALINA_HOME (e.g. ``$WEBTIER_FIXTURES/apache-tomcat-10.1.60``); default the 9.0.70 fixture.
    """
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    made = []

    def create(server_xml, files=None, cping=None, start=True, name=None, java_opts=None, ports=None, timeout=60,
               home=None):
        base = tmp_path_factory.mktemp(name or 'tomcat')
        inst = TomcatInstance(base, server_xml, files=files, ports=ports, java_opts=java_opts, name=name, home=home)
        made.append(inst)
        if start:
            inst.start(cping=cping, timeout=timeout)
        return inst

    yield create
    for inst in made:
        inst.kill()


# -- the AJP test instance (used by test_ajp_*.py) ---------------------------------------------

AJP_SECRET = 'IntegrationAjpSecret0123456789ab'
AJP_JVM_ROUTE = 'a-was1'

# Connectors: a secret-protected one (the production shape), one with secretRequired="false",
# one that fails to start (secretRequired defaults to true, no secret: the port is bound but
# no CPing is ever answered), one on ::1, one with packetSize 16384, and the HTTP connector.
AJP_SERVER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="${http_port}" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000" />
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_port}" secret="%(secret)s" />
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_open_port}" secretRequired="false" />
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_broken_port}" />
    <Connector protocol="AJP/1.3" address="::1" port="${ajp6_port}" secret="%(secret)s" />
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_big_port}" secret="%(secret)s" packetSize="16384" />
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="%(route)s">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
""" % {'secret': AJP_SECRET, 'route': AJP_JVM_ROUTE}


def ipv6_loopback():
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(('::1', 0))
        s.close()
        return True
    except OSError:
        return False


@pytest.fixture(scope='session')
def ajp_tomcat(tomcat_instance):
    """One Tomcat with the AJP test connectors, shared by all AJP tests of the session."""
    xml = AJP_SERVER_XML
    if not ipv6_loopback():
        xml = '\n'.join(line for line in xml.splitlines() if 'ajp6_port' not in line)
    inst = tomcat_instance(xml, name='ajp', cping=['ajp_port'],
                           files={'webapps/ROOT/session.jsp': SESSION_JSP, 'webapps/ROOT/echo.jsp': ECHO_JSP,
                                  'webapps/ROOT/ct.jsp': CONTENT_TYPE_JSP, 'webapps/ROOT/big.jsp': BIG_JSP})
    inst.secret = AJP_SECRET
    inst.jvm_route = AJP_JVM_ROUTE
    yield inst
    inst.stop()
