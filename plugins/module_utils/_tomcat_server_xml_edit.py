# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The server.xml edits behind tomcat_server, tomcat_connector, tomcat_engine and tomcat_valve.

Each plan_* function validates its options (before any file is read) and returns an edit:
a function that takes an XmlDocument, changes it in place and returns a list of
human-readable change descriptions (secret values never appear in them). edit_* runs both.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    MASK, Node, TomcatXmlError, check_port, check_text, check_token, etree, is_secret, java_int, local_name,
    require_root,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_lines import (
    CONNECTOR, check_removed, line_of,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_lookup import (
    find_connectors, find_engine, find_host,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    JAVA_CLASS_NAME, ROUTE, XML_ATTRIBUTE_NAME,
)


def _show(name, value):
    if value is None:
        return 'unset'
    if is_secret(name):
        return MASK
    return '"%s"' % value


def set_attrs(doc, elem_getter, label, updates):
    """Apply ordered (name, value|None) updates to the element returned by elem_getter()."""
    changes = []
    for name, value in updates:
        elem = elem_getter()
        old = elem.get(name)
        if doc.set_attr(elem, name, value):
            changes.append('%s: %s %s -> %s' % (label, name, _show(name, old), _show(name, value)))
    return changes


def _at_most_one(found, what, *args):
    """The live element that an edit identifies (found holds the candidates), or None when there is none. Two or
    more are an error: ``what % ((len(found),) + args)`` says which, and the file must be fixed first."""
    if len(found) > 1:
        raise TomcatXmlError((what + '; fix the file first') % ((len(found),) + args))
    return found[0] if found else None


def _remove(doc, elem, change):
    """state=absent of an identified element: remove elem if it is there; the change description, if any."""
    if elem is None:
        return []
    doc.remove(elem)
    return [change]


def _is_ascii_printable(value):
    return all(32 < ord(c) < 127 for c in value)


# ------------------------------------------------------------------------------------------
# Server
# ------------------------------------------------------------------------------------------

def plan_server(port=None, shutdown=None, address=None):
    """port -1 disables the shutdown port; Tomcat then ignores address, so it is removed."""
    updates = []
    if port is not None:
        check_port(port, 'port', allow=(-1, 0))
        updates.append(('port', str(port)))
    if shutdown is not None:
        if not shutdown:
            raise TomcatXmlError('shutdown must not be empty (use port: -1 to disable the shutdown port)')
        if not _is_ascii_printable(shutdown):
            raise TomcatXmlError('shutdown must consist of printable ASCII characters without spaces')
        updates.append(('shutdown', shutdown))
    if port == -1:
        updates.append(('address', None))
    elif address is not None:
        updates.append(('address', check_token(address, 'address') if address else None))

    def edit(doc):
        require_root(doc, 'Server', 'Tomcat server.xml')
        return set_attrs(doc, lambda: doc.root, 'Server', updates)
    return edit


def edit_server(doc, **kwargs):
    return plan_server(**kwargs)(doc)


# ------------------------------------------------------------------------------------------
# attributes dicts (Connector, Valve)
# ------------------------------------------------------------------------------------------

def normalize_attributes(attributes, reserved=None):
    """Attribute dict -> ordered list of (name, str|None).

    Values: strings (no control characters), booleans (written true/false), integers within the
    Java int range (written in decimal), null (removes the attribute). Names are XML names;
    reserved maps lower-case names to the option that sets them instead.
    """
    result = []
    for name, value in (attributes or {}).items():
        if not XML_ATTRIBUTE_NAME(name):
            raise TomcatXmlError('attributes: %r is not a valid attribute name' % (name,))
        option = (reserved or {}).get(name.lower())
        if option:
            raise TomcatXmlError('attributes: set %s with the %s option, not in attributes' % (name, option))
        what = 'attributes: the value of %s' % name
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        elif isinstance(value, int):
            value = str(java_int(value, what))
        elif value is None:
            pass
        elif isinstance(value, str):
            check_text(value, what, allow_empty=True)
        else:
            raise TomcatXmlError('%s must be a string, boolean or integer, not %s' % (what, type(value).__name__))
        result.append((name, value))
    return result


# ------------------------------------------------------------------------------------------
# Connector
# ------------------------------------------------------------------------------------------

RESERVED_CONNECTOR_ATTRS = {
    'port': 'port', 'protocol': 'protocol', 'address': 'address', 'secret': 'secret',
    'requiredsecret': 'secret', 'secretrequired': 'secret_required', 'redirectport': 'redirect_port',
}


def _is_loopback(address):
    if address is None:
        return True  # Tomcat's AJP default is the loopback address
    if address == 'localhost':
        return True
    try:
        return ipaddress.ip_address(address.strip('[]')).is_loopback
    except ValueError:
        return False


def _connector_anchor(doc, svc):
    """Where a new Connector goes: after the last live Connector, or after the last commented-out
    Connector that follows it (so the stock commented AJP sample stays right above the live one)."""
    kids = [c for c in svc if isinstance(c.tag, str) or c.tag is etree.Comment]
    anchor = None
    for c in kids:
        if local_name(c.tag) == 'Connector':
            anchor = c
        elif local_name(c.tag) == 'Engine':
            break
        elif c.tag is etree.Comment and '<Connector' in (c.text or ''):
            anchor = c
    return anchor


def plan_connector(port, service='Catalina', state='present', protocol=None, address=None,
                   secret=None, secret_required=None, redirect_port=None, attributes=None,
                   allow_no_secret=False, tomcat_line=None):
    """tomcat_line ('9.0', '10.1', '11.0' or a release of one; None: not known) refuses attributes that line no
    longer has (_tomcat_lines.REMOVED)."""
    check_port(port, 'port')
    tomcat_line = line_of(tomcat_line)
    if redirect_port is not None:
        check_port(redirect_port, 'redirect_port')
    if secret and not _is_ascii_printable(secret):
        raise TomcatXmlError('secret must consist of printable ASCII characters without spaces')
    updates = []
    if protocol is not None:
        updates.append(('protocol', check_token(protocol, 'protocol')))
    if address is not None:
        updates.append(('address', check_token(address, 'address') if address else None))
    if redirect_port is not None:
        updates.append(('redirectPort', str(redirect_port)))
    if secret_required is not None:
        updates.append(('secretRequired', 'true' if secret_required else 'false'))
    if secret is not None:
        updates.append(('secret', secret or None))
        # requiredSecret is the deprecated alias of secret; two values would make the result
        # depend on attribute order, so the alias goes when secret is managed
        updates.append(('requiredSecret', None))
    updates.extend(normalize_attributes(attributes, RESERVED_CONNECTOR_ATTRS))
    label = 'Connector[port=%d]' % port
    check_removed(tomcat_line, CONNECTOR, label, updates)

    def live(doc):
        svc, found = find_connectors(doc, service, port)
        return svc, _at_most_one(found, '%d live Connectors use port %d in <Service name="%s">', port, service)

    def edit(doc):
        svc, conn = live(doc)
        if state == 'absent':
            return _remove(doc, conn, '%s: removed' % label)
        changes = []
        if conn is None:
            attrs = [('port', str(port))] + [(k, v) for k, v in updates if v is not None]
            _insert_connector(doc, svc, Node('Connector', attrs))
            changes.append('%s: added to Service %s' % (label, service))
        else:
            # port="08009" or " 8009 " is this connector; written plainly it is what was asked for
            changes.extend(set_attrs(doc, lambda: live(doc)[1], label, [('port', str(port))] + updates))
        _check_ajp_security(live(doc)[1], port, allow_no_secret)
        return changes
    return edit


def edit_connector(doc, port, **kwargs):
    return plan_connector(port, **kwargs)(doc)


def insert_child(doc, parent, node, anchor, like):
    """Insert node into parent after anchor (else as the first child), laid out like the sibling like."""
    align = doc.multiline_attrs(like) if like is not None else False
    close = doc.space_before_close(like) if like is not None else True
    if anchor is not None:
        doc.insert_after(anchor, node, indent=doc.child_indent(parent), align_attrs=align, space_before_close=close)
    else:
        doc.insert_first_child(parent, node, align_attrs=align, space_before_close=close)


def _insert_connector(doc, svc, node):
    connectors = doc.children(svc, 'Connector')
    insert_child(doc, svc, node, _connector_anchor(doc, svc), connectors[0] if connectors else None)


def _check_ajp_security(conn, port, allow_no_secret):
    protocol = conn.get('protocol') or 'HTTP/1.1'
    if 'ajp' not in protocol.lower():
        return
    has_secret = bool(conn.get('secret') or conn.get('requiredSecret'))
    required = (conn.get('secretRequired') or 'true').lower() != 'false'
    if required and not has_secret:
        raise TomcatXmlError('AJP Connector on port %d would have secretRequired="true" and no secret: '
                             'Tomcat refuses to start it. Set secret (recommended).' % port)
    if not has_secret and not _is_loopback(conn.get('address')) and not allow_no_secret:
        raise TomcatXmlError('AJP Connector on port %d would listen on %s without a secret; set secret, bind it '
                             'to loopback, or set allow_no_secret=true' % (port, conn.get('address')))


# ------------------------------------------------------------------------------------------
# Engine
# ------------------------------------------------------------------------------------------

def plan_engine(service='Catalina', jvm_route=None, default_host=None, name=None):
    updates = []
    if name is not None:
        updates.append(('name', check_token(name, 'name')))
    if default_host is not None:
        updates.append(('defaultHost', check_token(default_host, 'default_host')))
    if jvm_route is not None:
        if jvm_route and not ROUTE(jvm_route):
            raise TomcatXmlError('jvm_route %r may only contain letters, digits, "_" and "-" '
                                 '(it becomes the session id suffix and the mod_jk worker route)' % (jvm_route,))
        updates.append(('jvmRoute', jvm_route or None))

    def edit(doc):
        engine = find_engine(doc, service)
        if default_host is not None:
            hosts = [h.get('name') for h in doc.children(engine, 'Host')]
            if hosts and default_host not in hosts:
                raise TomcatXmlError('default_host "%s" is not one of the Engine\'s hosts: %s'
                                     % (default_host, ', '.join(hosts)))
        return set_attrs(doc, lambda: find_engine(doc, service), 'Engine', updates)
    return edit


def edit_engine(doc, **kwargs):
    return plan_engine(**kwargs)(doc)


# ------------------------------------------------------------------------------------------
# Valve of a Host
# ------------------------------------------------------------------------------------------

RESERVED_VALVE_ATTRS = {'classname': 'class_name'}


def plan_valve(class_name, service='Catalina', host='localhost', state='present', attributes=None):
    """A <Valve> of a Host, identified by its className; attributes not given are left alone."""
    if not JAVA_CLASS_NAME(class_name):
        raise TomcatXmlError('class_name must be a fully qualified Java class name, such as '
                             'org.apache.catalina.valves.ErrorReportValve')
    check_token(host, 'host')
    updates = normalize_attributes(attributes, RESERVED_VALVE_ATTRS)
    label = 'Valve[%s]' % class_name

    def live(doc):
        parent = find_host(doc, service, host)
        found = [v for v in doc.children(parent, 'Valve') if v.get('className') == class_name]
        return parent, _at_most_one(found, '%d <Valve className="%s"> in <Host name="%s">', class_name, host)

    def edit(doc):
        parent, valve = live(doc)
        if state == 'absent':
            return _remove(doc, valve, '%s: removed from Host %s' % (label, host))
        if valve is not None:
            return set_attrs(doc, lambda: live(doc)[1], label, updates)
        node = Node('Valve', [('className', class_name)] + [(k, v) for k, v in updates if v is not None])
        _insert_valve(doc, parent, node)
        return ['%s: added to Host %s' % (label, host)]
    return edit


def edit_valve(doc, class_name, **kwargs):
    return plan_valve(class_name, **kwargs)(doc)


def _insert_valve(doc, parent, node):
    """After the Host's last live Valve (pipeline order is document order), else as its last child."""
    valves = doc.children(parent, 'Valve')
    ref = valves[-1] if valves else None
    kids = [c for c in parent if isinstance(c.tag, str) or c.tag is etree.Comment]
    insert_child(doc, parent, node, ref if ref is not None else (kids[-1] if kids else None), ref)
