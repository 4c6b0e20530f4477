# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The Tomcat lines the XML edits know (those of _java_default.TOMCAT_JAVA, the collection's one table of the supported
lines: 9.0, 10.1, 11.0) and the server.xml attributes a line no longer has.

Tomcat does not refuse an attribute it no longer has: its digester logs a warning ("Match [Server/Service/Connector]
failed to set property [rejectIllegalHeader] to [false]", seen on 11.0.22; 10.1.60 takes the same HTTP connector
silently) and starts without it, so a setting the user meant would be dropped without a word. With the target line
known (``tomcat_line`` of plan_connector), such an attribute is refused before the file is read, naming the
attribute and the line; removing it (value null) is still allowed, so that a configuration can be cleaned up on the
way to the new line. Without a line nothing is checked (every line accepts what the edits write themselves: see the
tests on each line's pristine files). The Cluster subtree, the Engine's jvmRoute and the AJP connector's attributes
that the edits write (secret, secretRequired, address, redirectPort, ...) are all still in 11.0.22.

Sources (Tomcat 11.0 removed; the 10.1 documentation announced each removal):
- rejectIllegalHeader, allowHostHeaderMismatch (HTTP Connector): changelog 11.0.0-M6, "Remove support for the HTTP
  Connector settings rejectIllegalHeader and allowHostHeaderMismatch. These are now hard-coded to the previous
  defaults"; in the 10.1 config/http.xml "This setting will be removed in Tomcat 11 onwards", absent from 11.0.22's.
Not here: BasicAuthenticator's trimCredentials (also removed in 11.0, changelog 11.0.0-M20), as an authenticator
valve is a Context's, never a Host's (Tomcat refuses to start: "Must be attached to a Context"), and tomcat_valve
edits the valves of a Host.
(apache/tomcat webapps/docs/changelog.xml and webapps/docs/config/ at tag 11.0.22; tomcat.apache.org/migration-11.0.html)
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import TOMCAT_JAVA
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError

# the supported lines, oldest first (the keys of the one table)
LINES = tuple(sorted(TOMCAT_JAVA, key=lambda line: tuple(int(p) for p in line.split('.'))))

CONNECTOR = 'Connector'

# line -> element -> attribute -> what the line does instead
REMOVED = {
    '11.0': {
        CONNECTOR: {
            'rejectIllegalHeader': 'hard-coded to true (requests with an illegal header are rejected)',
            'allowHostHeaderMismatch': 'hard-coded to false (a Host header that differs from the request line '
                                       'is rejected)',
        },
    },
}

_VERSION_RE = re.compile(r'([0-9]+)\.([0-9]+)(?:\.[0-9]+)?')


def line_of(value, what='tomcat_line'):
    """'11.0', '11.0.22', 11.0 -> '11.0'; None -> None; anything else is an error naming the known lines."""
    if value is None:
        return None
    m = _VERSION_RE.fullmatch(str(value).strip())
    line = '%d.%d' % (int(m.group(1)), int(m.group(2))) if m else None
    if line not in LINES:
        raise TomcatXmlError('%s %r is not a Tomcat line these edits know (%s)' % (what, value, ', '.join(LINES)))
    return line


def _key(line):
    return tuple(int(p) for p in line.split('.'))


def removed_in(line, element):
    """{attribute: (line that removed it, what that line does instead)} for element on line and the lines before."""
    out = {}
    for removed_line in sorted(REMOVED, key=_key):
        if _key(removed_line) <= _key(line):
            for name, instead in REMOVED[removed_line].get(element, {}).items():
                out[name] = (removed_line, instead)
    return out


def check_removed(line, element, label, updates):
    """Refuse, on a known line, an update that sets an attribute the line no longer has (attribute names compared
    case-insensitively, as Tomcat's digester matches setters); an update to null (removal) is allowed."""
    if line is None:
        return
    gone = dict((name.lower(), (name, info)) for name, info in removed_in(line, element).items())
    for name, value in updates:
        hit = gone.get(name.lower())
        if hit is not None and value is not None:
            real, (removed_line, instead) = hit
            raise TomcatXmlError('attributes: %s of %s was removed in Tomcat %s (%s); Tomcat %s would ignore it '
                                 'with a warning, so it is not written (set it to null to remove it from the file)'
                                 % (real, label, removed_line, instead, line))
