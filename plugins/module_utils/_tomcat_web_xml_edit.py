# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The web.xml edit behind tomcat_distributable: <distributable/> present or absent."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    Node, TomcatXmlError, etree, local_name, require_root,
)

WEBAPP_NAMESPACES = (
    None,
    'http://java.sun.com/xml/ns/j2ee',
    'http://java.sun.com/xml/ns/javaee',
    'http://xmlns.jcp.org/xml/ns/javaee',
    'https://jakarta.ee/xml/ns/jakartaee',
)

_LEADING = ('icon', 'display-name', 'description')


def plan_distributable(state='present'):
    def edit(doc):
        return _edit_distributable(doc, state)
    return edit


def edit_distributable(doc, state='present'):
    return plan_distributable(state)(doc)


def _edit_distributable(doc, state):
    root = require_root(doc, 'web-app', 'web application deployment descriptor (web.xml)')
    ns = etree.QName(root).namespace
    if ns not in WEBAPP_NAMESPACES:
        raise TomcatXmlError('unknown web-app namespace %s' % ns)
    existing = doc.children(root, 'distributable')
    if state == 'absent':
        if not existing:
            return []
        while doc.children(doc.root, 'distributable'):
            doc.remove(doc.children(doc.root, 'distributable')[0])
        return ['web-app: <distributable/> removed']
    if existing:
        return []
    tag = '%s:distributable' % root.prefix if root.prefix else 'distributable'
    node = Node(tag)
    anchor = None
    for c in root:
        if local_name(c.tag) in _LEADING:
            anchor = c
        elif isinstance(c.tag, str):
            break
    if anchor is not None:
        doc.insert_after(anchor, node, space_before_close=False)
    else:
        first = [c for c in root if isinstance(c.tag, str)]
        if first:
            doc.insert_before(first[0], node, space_before_close=False)
        else:
            doc.insert_first_child(root, node, space_before_close=False)
    return ['web-app: <distributable/> added']
