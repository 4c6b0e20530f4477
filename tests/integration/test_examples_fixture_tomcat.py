# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The examples-webapp fixture (``tomcat10-examples-10.1.60.war``) on a real Tomcat 10.1.60 on loopback.

scripts/build-fixtures.sh builds the WAR from Debian's ``tomcat10-examples`` 10.1.60-1~deb12u1 with two overrides
(no RemoteCIDRValve in META-INF/context.xml, ``session-timeout`` 1 in WEB-INF/web.xml). Here it is unpacked as
``webapps/examples`` of an instance of ``$WEBTIER_FIXTURES/apache-tomcat-10.1.60`` and asked over AJP with the
secret, from a client address outside 127.0.0.0/8 (what mod_jk forwards; the package's valve would answer 403):

- the shopping cart ``jsp/sessions/carts.jsp?itemId=<n>&submit=add`` keeps its items in the session (a
  ``DummyCart`` bean set once and changed in place: the state issue 25's failover test shows lost);
- ``servlets/servlet/SessionExample?dataname=<name>&datavalue=<value>`` calls ``setAttribute`` on every request
  (the session-counter style of state that replication carries).

Skipped when the WAR or the 10.1.60 home has not been built (``scripts/build-fixtures.sh`` builds both by default).
"""

from __future__ import annotations

import os
import stat
import zipfile
from xml.etree import ElementTree

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp
from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import AJP_SECRET

pytestmark = pytest.mark.tomcat

VERSION = '10.1.60'
ROUTE = 'ex-was1'
CLIENT = '192.0.2.10'           # a client address as mod_jk forwards it (TEST-NET-1, not loopback)
SERVER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_port}" secret="%s" />
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="%s">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
""" % (AJP_SECRET, ROUTE)
# the package's own META-INF/context.xml (without its licence comment): deployed beside as /pristine, to show
# what the fixture's override is for
PACKAGE_CONTEXT_XML = '''<?xml version="1.0" encoding="UTF-8"?>
<Context>
  <CookieProcessor className="org.apache.tomcat.util.http.Rfc6265CookieProcessor"
                   sameSiteCookies="strict" />
  <Valve className="org.apache.catalina.valves.RemoteCIDRValve"
         allow="127.0.0.0/8,::1/128" />
</Context>
'''
# jsp/sessions/Item.java's enum, as carts.jsp lists the titles (util.HTMLFilter escapes '&')
ITEMS = ['Beavis &amp; Butt-head Video collection', 'X-files movie', 'Twin peaks tapes', 'NIN CD', 'JSP Book',
         'Concert tickets']


def fixtures_dir():
    return os.environ.get('WEBTIER_FIXTURES') or os.path.join(os.path.dirname(__file__), '..', '..', '.cache', 'fixtures')


def war_path():
    return os.path.abspath(os.path.join(fixtures_dir(), 'tomcat10-examples-%s.war' % VERSION))


def home_path():
    return os.path.abspath(os.path.join(fixtures_dir(), 'apache-tomcat-%s' % VERSION))


@pytest.fixture(scope='module')
def war():
    path = war_path()
    if not os.path.isfile(path):
        pytest.skip('examples WAR fixture %s not built (scripts/build-fixtures.sh builds it; WEBTIER_FIXTURES_EXAMPLES)' % path)
    return path


@pytest.fixture(scope='module')
def tc(war, tomcat_instance):
    home = home_path()
    if not os.path.isfile(os.path.join(home, 'bin', 'catalina.sh')):
        pytest.skip('Tomcat %s fixture %s not built (scripts/build-fixtures.sh)' % (VERSION, home))
    inst = tomcat_instance(SERVER_XML, name='examples', home=home, start=False)
    for context in ('examples', 'pristine'):
        with zipfile.ZipFile(war) as z:
            z.extractall(os.path.join(inst.base, 'webapps', context))
    inst.write('webapps/pristine/META-INF/context.xml', PACKAGE_CONTEXT_XML)
    inst.start(cping=['ajp_port'], timeout=90)
    yield inst
    inst.stop()


def get(tc, uri, cookie=None, status=200, client=CLIENT):
    headers = {'Cookie': 'JSESSIONID=' + cookie} if cookie else None
    resp = ajp.forward_request('127.0.0.1', tc.ports['ajp_port'], uri=uri, secret=AJP_SECRET, remote_addr=client,
                               server_name='a-site.com', headers=headers, timeout=60)
    assert resp.status == status, (uri, resp.status, resp.body[:2000], tc.log()[-3000:])
    return resp, resp.body.decode('utf-8')


def listed_items(body):
    """The titles in the cart's <ol>, in page order."""
    ol = body.split('<ol>', 1)[1].split('</ol>', 1)[0]
    return sorted(line.split('<li>', 1)[1].strip() for line in ol.splitlines() if '<li>' in line)


def test_war_shape(war):
    with zipfile.ZipFile(war) as z:
        names = z.namelist()
        links = [i.filename for i in z.infolist() if stat.S_ISLNK(i.external_attr >> 16)]
        context = z.read('META-INF/context.xml').decode('utf-8')
        web = z.read('WEB-INF/web.xml').decode('utf-8')
    assert links == []
    assert sorted(n for n in names if n.startswith('WEB-INF/lib/') and n.endswith('.jar')) == [
        'WEB-INF/lib/taglibs-standard-impl-1.2.5-migrated-0.0.1.jar',
        'WEB-INF/lib/taglibs-standard-spec-1.2.5-migrated-0.0.1.jar']
    for page in ('jsp/sessions/carts.jsp', 'WEB-INF/classes/sessions/DummyCart.class', 'WEB-INF/classes/SessionExample.class'):
        assert page in names
    assert '<Valve' not in context and 'Rfc6265CookieProcessor' in context
    assert '<session-timeout>1</session-timeout>' in web
    root = ElementTree.fromstring(web.encode('utf-8'))
    assert root.find('{https://jakarta.ee/xml/ns/jakartaee}distributable') is None    # the tomcat role's part
    assert '<distributable' not in web                  # not even in a comment: a text check must not pass


def test_package_context_refuses_a_forwarded_client(tc):
    """Why the fixture drops the valve: with the package's context.xml a client behind mod_jk gets 403."""
    get(tc, '/pristine/jsp/sessions/carts.jsp?itemId=0&submit=add', status=403)
    get(tc, '/pristine/jsp/sessions/carts.jsp?itemId=0&submit=add', client='127.0.0.1')
    get(tc, '/examples/index.html')


def test_cart_keeps_its_items_in_the_session(tc):
    first, body = get(tc, '/examples/jsp/sessions/carts.jsp?itemId=0&submit=add')
    cookie = first.cookies['JSESSIONID']
    assert cookie.endswith('.' + ROUTE)
    assert 'Path=/examples' in first.headers['set-cookie'] and 'SameSite=Strict' in first.headers['set-cookie']
    assert listed_items(body) == [ITEMS[0]]
    for n in (2, 4):
        resp, body = get(tc, '/examples/jsp/sessions/carts.jsp?itemId=%d&submit=add' % n, cookie)
        assert 'set-cookie' not in resp.headers
    assert listed_items(body) == sorted([ITEMS[0], ITEMS[2], ITEMS[4]])
    dummy, body = get(tc, '/examples/jsp/sessions/carts.jsp?itemId=2&submit=remove', cookie)
    assert listed_items(body) == sorted([ITEMS[0], ITEMS[4]])
    # another session has its own, empty-but-one cart
    other, body = get(tc, '/examples/jsp/sessions/carts.jsp?itemId=5&submit=add')
    assert other.cookies['JSESSIONID'] != cookie and listed_items(body) == [ITEMS[5]]


def test_session_example_sets_an_attribute_on_each_request(tc):
    first, body = get(tc, '/examples/servlets/servlet/SessionExample')
    cookie = first.cookies['JSESSIONID']
    sid = cookie.split('.', 1)[0]
    assert 'Session ID: ' + cookie in body
    for n in range(1, 4):
        resp, body = get(tc, '/examples/servlets/servlet/SessionExample?dataname=counter&datavalue=%d' % n, cookie)
        assert 'set-cookie' not in resp.headers
        assert 'counter = %d' % n in body
    assert 'Session ID: %s.%s' % (sid, ROUTE) in body
    assert body.count(' = ') == 1           # one attribute, replaced each time
