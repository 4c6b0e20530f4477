# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_distributable through its real main(): docs, check mode, apply, idempotency, failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_distributable
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    Bad, Case, run, XmlModuleContract,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import (
    conf_web_xml, root_web_xml, stock_server_xml, write,
)

CASE = Case('distributable', tomcat_distributable, lambda p: dict(path=p), root_web_xml, ['+  <distributable/>'],
            lambda p: dict(path=p, state='absent'))


class TestContract(XmlModuleContract):
    """The checks every XML module passes (tests/unit/helpers/tomcat_xml_module_runner.py)."""

    module = tomcat_distributable
    cases = [CASE]
    bad = [Bad('server.xml-as-web.xml', tomcat_distributable, lambda p: dict(path=p), stock_server_xml,
               'root element is <Server>')]


def test_distributable_warns_outside_web_inf(monkeypatch, tmp_path):
    path = write(tmp_path, conf_web_xml(), name='web.xml')
    res = run(monkeypatch, tomcat_distributable, dict(path=path), check=True)
    assert res.result['changed'] and any('WEB-INF/web.xml' in w for w in res.result['warnings'])
