# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_tomcat_server_xml_lookup: Service, Engine, Host and Connector lookups in a parsed server.xml."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_lookup import (
    find_connectors, find_engine, find_host, find_service, port_number,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError, XmlDocument
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import conf_web_xml, stock_server_xml


def test_lookups_in_the_stock_file():
    doc = XmlDocument(stock_server_xml())
    assert find_service(doc, 'Catalina').get('name') == 'Catalina'
    assert find_engine(doc, 'Catalina').get('defaultHost') == 'localhost'
    assert find_host(doc, 'Catalina', 'LOCALHOST').get('appBase') == 'webapps'
    svc, found = find_connectors(doc, 'Catalina', 8080)
    assert svc is find_service(doc, 'Catalina') and [c.get('protocol') for c in found] == ['HTTP/1.1']
    assert find_connectors(doc, 'Catalina', 8009)[1] == []  # the AJP sample is a comment


@pytest.mark.parametrize('text,port', [('8009', 8009), ('08009', 8009), (' 8009 ', 8009), ('+8009', 8009),
                                       ('${ajp.port}', None), ('', None), (None, None), ('80 09', None),
                                       ('-1', None), ('8009\u0661', None)])
def test_port_number(text, port):
    assert port_number(text) == port


@pytest.mark.parametrize('data,call,msg', [
    (None, lambda d: find_service(d, 'Other'), 'no <Service name="Other"> in the file (services found: "Catalina")'),
    (b'<Server><Service name="a"/><Service name="a"/></Server>', lambda d: find_service(d, 'a'), '2 <Service name="a"> elements'),
    (b'<Server><Service name="a"/></Server>', lambda d: find_engine(d, 'a'), '<Service name="a"> has no <Engine>'),
    (b'<Server><Service name="a"><Engine/><Engine/></Service></Server>', lambda d: find_engine(d, 'a'), 'has 2 <Engine> elements'),
    (None, lambda d: find_host(d, 'Catalina', 'www'), 'no <Host name="www"> in the Engine of Service Catalina (hosts found: "localhost")'),
    (b'<Server><Service name="a"><Engine><Host name="h"/><Host name="H"/></Engine></Service></Server>',
     lambda d: find_host(d, 'a', 'h'), '2 <Host name="h"> elements'),
])
def test_lookup_errors_name_what_is_missing(data, call, msg):
    with pytest.raises(TomcatXmlError) as info:
        call(XmlDocument(data or stock_server_xml()))
    assert msg in str(info.value)


def test_a_web_xml_is_not_a_server_xml():
    with pytest.raises(TomcatXmlError, match='is not a Tomcat server.xml: its root element is <web-app>'):
        find_service(XmlDocument(conf_web_xml(), path='web.xml'), 'Catalina')
