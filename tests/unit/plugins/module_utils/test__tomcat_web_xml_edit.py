# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_tomcat_web_xml_edit: <distributable/> in real web.xml files (2.3, Java EE, Jakarta EE, prefixed)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_web_xml_edit import edit_distributable
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError, XmlDocument
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import (
    changed_lines, conf_web_xml, crlf, root_web_xml, stock_server_xml,
)


def test_distributable_in_root_webapp():
    data = root_web_xml()
    doc = XmlDocument(data)
    assert edit_distributable(doc) == ['web-app: <distributable/> added']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == [] and added == ['  <distributable/>']
    assert doc.text.index('<distributable/>') > doc.text.index('</description>')
    again = XmlDocument(doc.to_bytes())
    assert edit_distributable(again) == [] and not again.changed
    assert edit_distributable(again, state='absent') == ['web-app: <distributable/> removed']
    assert again.to_bytes() == data


def test_distributable_in_conf_web_xml_namespace_and_position():
    doc = XmlDocument(conf_web_xml())
    edit_distributable(doc)
    assert doc.root.find('{http://xmlns.jcp.org/xml/ns/javaee}distributable') is not None
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == [] and added == ['    <distributable/>']  # indented like the <servlet> elements
    assert doc.text.index('<distributable/>') < doc.text.index('<servlet>')


@pytest.mark.parametrize('ns', ['https://jakarta.ee/xml/ns/jakartaee', 'http://java.sun.com/xml/ns/javaee'])
def test_distributable_jakarta_and_javaee_and_prefix(ns):
    data = root_web_xml().replace(b'http://xmlns.jcp.org/xml/ns/javaee', ns.encode())
    doc = XmlDocument(data)
    edit_distributable(doc)
    assert doc.root.find('{%s}distributable' % ns) is not None
    prefixed = ('<?xml version="1.0"?>\n<j:web-app xmlns:j="%s">\n  <j:servlet/>\n</j:web-app>\n' % ns).encode()
    doc = XmlDocument(prefixed)
    edit_distributable(doc)
    assert doc.text == '<?xml version="1.0"?>\n<j:web-app xmlns:j="%s">\n  <j:distributable/>\n  <j:servlet/>\n</j:web-app>\n' % ns


def test_distributable_refuses_other_files():
    with pytest.raises(TomcatXmlError, match='root element is <Server>'):
        edit_distributable(XmlDocument(stock_server_xml()))
    with pytest.raises(TomcatXmlError, match='unknown web-app namespace'):
        edit_distributable(XmlDocument(b'<web-app xmlns="urn:other"/>'))


def test_distributable_keeps_crlf():
    data = crlf(root_web_xml())
    doc = XmlDocument(data)
    edit_distributable(doc)
    assert b'\r\n  <distributable/>\r\n' in doc.to_bytes()
    assert b'\n' not in doc.to_bytes().replace(b'\r\n', b'')
