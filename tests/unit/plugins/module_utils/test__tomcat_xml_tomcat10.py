# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tomcat role's XML edits on Tomcat 10.1's pristine files (read at test time, never committed copies).

Source: the upstream-shaped apache-tomcat-10.1.60 fixture (scripts/build-fixtures.sh; its conf/ and
webapps/ROOT come from Debian's tomcat10 orig tarball, i.e. upstream's files): conf/server.xml, conf/web.xml
(Jakarta EE 10 schema) and webapps/ROOT/WEB-INF/web.xml (web-app 6.0). The same edits on 9.0.70's server.xml
must change the same lines, so nothing about the edits depends on the line. The checks shared with 11.0
(test__tomcat_xml_tomcat11.py) are in tests/unit/helpers/tomcat_line_files.py.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_line_files import (
    changed_by_role_edits, check_distributable, check_load_without_change, check_role_edits, check_role_edits_keep_crlf,
    pristine,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import changed_lines

VERSION = '10.1.60'


def server_xml_10():
    return pristine(VERSION, 'conf/server.xml')


def test_fixture_is_tomcat_10_1():
    data = server_xml_10()
    assert b'org.apache.catalina.core.OpenSSLLifecycleListener' in data   # new in 10.1
    assert b'version="6.0"' in pristine(VERSION, 'webapps/ROOT/WEB-INF/web.xml')


@pytest.mark.parametrize('rel', ['conf/server.xml', 'conf/web.xml', 'webapps/ROOT/WEB-INF/web.xml'])
def test_load_without_change_is_byte_identical(rel):
    check_load_without_change(pristine(VERSION, rel))


def test_role_edits_on_stock_server_xml():
    doc = check_role_edits(server_xml_10())
    assert '<!-- <Listener className="org.apache.catalina.core.OpenSSLLifecycleListener" /> -->' in doc.text
    # the stock HTTP connector of 10.1 spans five lines (maxParameterCount, "/>" on its own line): all gone
    removed = changed_lines(doc.original_text, doc.text)[0]
    assert '               maxParameterCount="1000"' in removed and '               />' in removed


def test_role_edits_change_the_same_lines_as_on_9_0():
    removed_10, added_10 = changed_by_role_edits(server_xml_10())
    removed_9, added_9 = changed_by_role_edits(pristine('9.0.70', 'conf/server.xml'))
    assert added_10 == added_9
    # what is removed differs only by the stock HTTP connector's maxParameterCount lines of 10.1
    assert [line for line in removed_10 if 'maxParameterCount' not in line and line.strip() != '/>'] == \
        [line.replace('redirectPort="8443" />', 'redirectPort="8443"') for line in removed_9]


def test_role_edits_keep_crlf():
    check_role_edits_keep_crlf(server_xml_10())


def test_distributable_in_jakarta_root_web_xml():
    doc = check_distributable(pristine(VERSION, 'webapps/ROOT/WEB-INF/web.xml'), '6.0', None)
    assert doc.text.index('<distributable/>') > doc.text.index('</description>')


def test_distributable_in_jakarta_conf_web_xml():
    # 10.1's first element is <request-character-encoding> (indented by 2, unlike 9.0's first <servlet>)
    check_distributable(pristine(VERSION, 'conf/web.xml'), '6.0', '<request-character-encoding>')
