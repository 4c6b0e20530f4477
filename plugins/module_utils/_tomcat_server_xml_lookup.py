# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""Lookups into a parsed server.xml: the Service, its Engine, a Host, the Connectors on a port."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    TomcatXmlError, require_root,
)

_PORT_TEXT_RE = re.compile(r'\s*\+?([0-9]+)\s*')


def find_service(doc, service):
    server = require_root(doc, 'Server', 'Tomcat server.xml')
    services = doc.children(server, 'Service')
    found = [s for s in services if s.get('name') == service]
    if not found:
        names = ', '.join(sorted('"%s"' % s.get('name') for s in services)) or 'none'
        raise TomcatXmlError('no <Service name="%s"> in %s (services found: %s)' % (service, doc.path or 'the file', names))
    if len(found) > 1:
        raise TomcatXmlError('%d <Service name="%s"> elements in %s; fix the file first' % (len(found), service, doc.path or 'the file'))
    return found[0]


def find_engine(doc, service):
    svc = find_service(doc, service)
    engines = doc.children(svc, 'Engine')
    if not engines:
        raise TomcatXmlError('<Service name="%s"> has no <Engine>' % service)
    if len(engines) > 1:
        raise TomcatXmlError('<Service name="%s"> has %d <Engine> elements; fix the file first' % (service, len(engines)))
    return engines[0]


def port_number(text):
    """The port a port attribute means (Integer.parseInt-like, white space tolerated), or None."""
    m = _PORT_TEXT_RE.fullmatch(text or '')
    return int(m.group(1)) if m else None


def find_connectors(doc, service, port):
    """(service element, live Connectors whose port attribute is numerically port)."""
    svc = find_service(doc, service)
    return svc, [c for c in doc.children(svc, 'Connector') if port_number(c.get('port')) == port]


def find_host(doc, service, host):
    """The live <Host> of the Service's Engine whose name is host (Tomcat compares them case-insensitively)."""
    engine = find_engine(doc, service)
    hosts = doc.children(engine, 'Host')
    found = [h for h in hosts if (h.get('name') or '').lower() == host.lower()]
    if not found:
        names = ', '.join(sorted('"%s"' % h.get('name') for h in hosts)) or 'none'
        raise TomcatXmlError('no <Host name="%s"> in the Engine of Service %s (hosts found: %s)' % (host, service, names))
    if len(found) > 1:
        raise TomcatXmlError('%d <Host name="%s"> elements in the Engine of Service %s; fix the file first'
                             % (len(found), host, service))
    return found[0]
