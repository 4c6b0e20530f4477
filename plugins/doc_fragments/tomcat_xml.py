# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
import textwrap


class ModuleDocFragment(object):
    """What every module that edits a Tomcat XML file (server.xml, web.xml) shares."""

    DOCUMENTATION = r'''
options:
  backup:
    description:
      - Before changing the file, copy it to a file name that includes a timestamp.
    type: bool
    default: false
requirements:
  - lxml (C(python3-lxml)) on the managed host
attributes:
  check_mode:
    support: full
    details:
      - In check mode a file that does not exist yet (an earlier task that check mode skips would
        create it) is reported as changed, with a warning and RV(msg) saying so; the options are
        still validated. Outside check mode a missing file is an error.
  diff_mode:
    support: full
    details:
      - The values of password-like attributes are shown as C((hidden)) in the diff, also on unchanged
        context lines and inside comments. An attribute is password-like when its name contains
        C(pass), C(secret), C(credential) or C(token) in any case (C(secret), C(requiredSecret),
        C(keystorePass), C(truststorePassword), C(SSLPassword), C(certificateKeystorePassword), ...),
        or is C(shutdown). A new or changed value is shown as C((hidden, changed)).
notes:
  - The file is edited in place, keeping its XML declaration, comments, line endings,
    indentation and attribute order; only the changed spans are rewritten.
  - The file is written atomically (a temporary file in the same directory, then a rename),
    keeping its mode and ownership. When the result would be invalid, nothing is written.
  - Every element position is checked against what lxml reports for it. A file whose elements
    cannot be located with certainty (for example elements produced by an entity reference) is
    refused and left unchanged. Supported encodings are UTF-8, US-ASCII, ISO-8859-n, windows-125n
    and KOI8-R/U.
'''

    # The file the server.xml modules edit (webtier.tomcat_cluster.tomcat_xml.server_xml).
    SERVER_XML = r'''
options:
  path:
    description:
      - Path of the C(server.xml) to edit. A symbolic link is followed and the file it points to is edited.
    type: path
    required: true
'''

    # The Service a server.xml module works in (webtier.tomcat_cluster.tomcat_xml.service);
    # the argument spec piece is SERVICE_ARGS in module_utils/_tomcat_xml_module.py.
    SERVICE = r'''
options:
  service:
    description:
      - The C(name) of the C(<Service>) in C(server.xml) whose elements are edited (its Connectors,
        or its Engine and what the Engine holds).
    type: str
    default: Catalina
'''

    # The options of each server.xml element, written once, for its own module: webtier.tomcat_cluster.tomcat_xml.server
    # (tomcat_server), .connector, .engine, .valve and .cluster. tomcat_server_xml gets the same options as the
    # suboptions of its element options (ELEMENTS, below the class).

    SERVER = r'''
options:
  port:
    description:
      - The shutdown port (the C(port) attribute of C(<Server>)).
      - V(-1) disables the shutdown port (as Debian's package does). Tomcat then opens no socket and
        ignores C(address), so the module removes the C(address) attribute and ignores O(address).
    type: int
  shutdown:
    description:
      - The command string that shuts Tomcat down when received on the shutdown port.
      - Printable ASCII without spaces.
    type: str
  address:
    description:
      - The address the shutdown port listens on. Tomcat's default is the loopback address.
      - An empty string removes the attribute.
      - Ignored when O(port=-1).
    type: str
'''

    CONNECTOR = r'''
options:
  port:
    description:
      - The port of the connector. It identifies the connector within the service.
      - Two live connectors on this port in the service are an error.
    type: int
    required: true
  state:
    description:
      - Whether the connector should exist.
    type: str
    choices: [present, absent]
    default: present
  protocol:
    description:
      - The C(protocol) attribute, for example V(AJP/1.3) or V(HTTP/1.1).
    type: str
  address:
    description:
      - The address the connector listens on. For AJP, Tomcat's default is the loopback address.
      - An empty string removes the attribute.
    type: str
  secret:
    description:
      - The AJP shared secret (the C(secret) attribute); mod_jk's C(worker.<name>.secret) must be the same.
      - Printable ASCII without spaces; letters and digits only are safest for mod_jk.
      - An empty string removes the attribute.
    type: str
  secret_required:
    description:
      - The C(secretRequired) attribute, written as V(true) or V(false).
      - Tomcat's default is true. Leave it unset unless the connector is on a trusted network without a secret.
    type: bool
  redirect_port:
    description:
      - The C(redirectPort) attribute.
    type: int
  attributes:
    description:
      - Other attributes of the connector, by their Tomcat names, for example C(maxParameterCount) or
        C(tomcatAuthentication).
      - Each value is a string, a boolean (written V(true)/V(false)) or an integer within the Java int
        range (written in decimal); V(null) removes the attribute. Strings must not contain control
        characters. Lists, dictionaries and floats are refused.
      - The attributes that have their own option (C(port), C(protocol), C(address), C(secret),
        C(requiredSecret), C(secretRequired), C(redirectPort)) are refused here.
      - The values are never shown in the task's invocation. Values of password-like attributes
        (such as C(keystorePass) or C(truststorePassword), see the diff mode notes) are also hidden
        in the diff, in RV(changes) and in messages.
    type: dict
  allow_no_secret:
    description:
      - Allow an AJP connector without a secret on a non-loopback address.
      - Anyone who can reach that port can then use the connector (see CVE-2020-1938).
    type: bool
    default: false
  tomcat_line:
    description:
      - The Tomcat line the file is for, V(9.0), V(10.1) or V(11.0), or a release of one such as V(11.0.22) (only its
        line counts). Quote it in YAML, so that a number such as V(10.1) stays a string.
      - With it, the connector attributes that line removed are refused instead of written. The module fails with a
        message naming the attribute, the connector and the line, and the file is not changed (Tomcat would only log
        a warning and start without the setting). Setting such an attribute to V(null) in O(attributes), to remove it
        from the file, is still allowed.
      - Tomcat 11.0 removed C(rejectIllegalHeader) (now always true) and C(allowHostHeaderMismatch) (now always
        false) of the HTTP connector (Tomcat 11.0.0-M6 changelog). V(9.0) and V(10.1) refuse nothing. Attribute
        names are compared case-insensitively, as Tomcat matches them.
      - Any other value (such as V(8.5), V(12.0) or V(11)) is refused.
      - Not set (the default), no line is checked.
    type: str
    version_added: 0.1.0
'''

    ENGINE = r'''
options:
  jvm_route:
    description:
      - The C(jvmRoute) attribute. Letters, digits, C(_) and C(-).
      - An empty string removes the attribute.
    type: str
  default_host:
    description:
      - The C(defaultHost) attribute. It must name one of the Engine's C(<Host>) elements.
    type: str
  name:
    description:
      - The C(name) attribute of the Engine.
    type: str
'''

    VALVE = r'''
options:
  host:
    description:
      - The C(name) of the C(<Host>) (compared case-insensitively, as Tomcat does).
    type: str
    default: localhost
  class_name:
    description:
      - The C(className) of the valve, a fully qualified Java class name. It identifies the valve within the Host.
    type: str
    required: true
  attributes:
    description:
      - Other attributes of the valve, by their Tomcat names, for example C(showReport).
      - Each value is a string, a boolean (written V(true)/V(false)) or an integer within the Java int
        range (written in decimal); V(null) removes the attribute. Strings must not contain control
        characters. Lists, dictionaries and floats are refused, and so is C(className) (use O(class_name)).
      - The values are never shown in the task's invocation. Values of password-like attributes are also
        hidden in the diff, in RV(changes) and in messages.
    type: dict
  state:
    description:
      - Whether the valve should exist.
    type: str
    choices: [present, absent]
    default: present
'''

    CLUSTER = r'''
options:
  state:
    description:
      - Whether the cluster should exist.
    type: str
    choices: [present, absent]
    default: present
  channel_send_options:
    description:
      - The C(channelSendOptions) of the cluster, as the integer bit set (8 asynchronous,
        6 acknowledged and synchronous).
    type: int
    default: 8
  manager:
    description:
      - The session manager for the applications marked C(<distributable/>).
    type: dict
    suboptions:
      type:
        description:
          - V(delta) (C(DeltaManager), all-to-all) or V(backup) (C(BackupManager), one backup node).
        type: str
        choices: [delta, backup]
        default: delta
      expire_sessions_on_shutdown:
        description:
          - C(expireSessionsOnShutdown) of the DeltaManager. V(true) expires sessions cluster-wide when one node stops.
        type: bool
        default: false
      notify_listeners_on_replication:
        description:
          - C(notifyListenersOnReplication).
        type: bool
        default: true
      map_send_options:
        description:
          - C(mapSendOptions) of the BackupManager. When not set, 6 for the BackupManager. Refused for the DeltaManager.
        type: int
      session_attribute_filter:
        description:
          - C(sessionAttributeValueClassNameFilter) of the manager, with C(warnOnSessionAttributeFilterFailure=true),
            a regular expression that the fully qualified class name of every session attribute value must match
            (for example C(java\.lang\.String|java\.lang\.Integer|com\.example\..*)).
          - An attribute of another class is not replicated, and one that arrives in replicated session data is
            dropped with a warning. The check runs after the value was deserialized, so it does not stop a
            deserialization attack on the cluster receiver; the network is the defence there (docs/security.md).
          - Not set (the default) means no filter, as in Tomcat.
        type: str
  membership:
    description:
      - How the nodes find each other.
    type: dict
    suboptions:
      type:
        description:
          - V(multicast) (C(McastService)) or V(static) (C(StaticMembershipService) with one C(<Member>) per node).
        type: str
        choices: [multicast, static]
        default: multicast
      address:
        description:
          - Multicast group address. Multicast only.
        type: str
        default: 228.0.0.4
      port:
        description:
          - Multicast port. Multicast only.
        type: int
        default: 45564
      bind:
        description:
          - The interface address the multicast socket binds to. Multicast only.
        type: str
      frequency:
        description:
          - Heartbeat interval in milliseconds. Multicast only.
        type: int
        default: 500
      drop_time:
        description:
          - Milliseconds without heartbeat after which a member is dropped. Multicast only.
          - Larger than O(membership.frequency).
        type: int
        default: 3000
      domain:
        description:
          - The membership domain, to keep several clusters on one multicast group apart.
        type: str
      members:
        description:
          - Every node of the cluster, this one included, for V(static) membership. The same list on every node.
        type: list
        elements: dict
        suboptions:
          host:
            description:
              - Address of the node's Receiver.
            type: str
            required: true
          port:
            description:
              - Port of the node's Receiver (default O(receiver.port)).
            type: int
          unique_id:
            description:
              - 16 bytes identifying the node, as a string V({0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}) or a list of 16 integers
                from -128 to 127.
            type: raw
            required: true
          domain:
            description:
              - The member's domain (default O(membership.domain)).
            type: str
  receiver:
    description:
      - The C(NioReceiver) that accepts replication traffic on this node.
    type: dict
    suboptions:
      address:
        description:
          - The listen address; V(auto) is the address the host name resolves to. Static membership
            needs this node's real address here.
        type: str
        default: auto
      port:
        description:
          - The first port tried.
        type: int
        default: 4000
      auto_bind:
        description:
          - How many ports from O(receiver.port) on to try. At least 1.
          - When not set, 100, and 1 with static membership (which needs exactly 1).
        type: int
      selector_timeout:
        description:
          - C(selectorTimeout) in milliseconds.
        type: int
        default: 5000
      max_threads:
        description:
          - C(maxThreads) of the receiver.
        type: int
        default: 6
  replication_filter:
    description:
      - The C(filter) of the C(ReplicationValve), a regular expression of request URIs that never change the session.
    type: str
    default: ''
  jvm_route_binder:
    description:
      - Whether to add the C(JvmRouteBinderValve), which moves a session to the new node's jvmRoute after a mod_jk failover.
    type: bool
    default: true
'''


_ELEMENTS = (
    ('server', r'''
description:
  - The attributes of C(<Server>), as in M(webtier.tomcat_cluster.tomcat_server).
type: dict
''', ModuleDocFragment.SERVER),
    ('connectors', r'''
description:
  - The C(<Connector>) elements of O(service), each as in M(webtier.tomcat_cluster.tomcat_connector),
    identified by its port.
type: list
elements: dict
''', ModuleDocFragment.CONNECTOR),
    ('engine', r'''
description:
  - The attributes of the C(<Engine>) of O(service), as in M(webtier.tomcat_cluster.tomcat_engine).
type: dict
''', ModuleDocFragment.ENGINE),
    ('valves', r'''
description:
  - C(<Valve>) elements of a C(<Host>), each as in M(webtier.tomcat_cluster.tomcat_valve), identified by
    its class name.
type: list
elements: dict
''', ModuleDocFragment.VALVE),
    ('cluster', r'''
description:
  - The C(<Cluster>) of the Engine of O(service), as in M(webtier.tomcat_cluster.tomcat_cluster).
  - Its edit is the last one, after those of O(valves).
type: dict
''', ModuleDocFragment.CLUSTER),
)


def _nested(name, header, fragment):
    """The options of ``fragment`` as the suboptions of option ``name``, their O(...) references made absolute."""
    options = textwrap.dedent(fragment.split('options:\n', 1)[1])
    prefix = name + ('[].' if 'elements: dict' in header else '.')
    names = re.findall(r'(?m)^([a-z_]+):', options)
    options = re.sub(r'O\((%s)(?=[.=)])' % '|'.join(names), lambda m: 'O(' + prefix + m.group(1), options)
    return '%s:\n%s  suboptions:\n%s' % (name, textwrap.indent(header.lstrip('\n'), '  '),
                                         textwrap.indent(options, '    '))


# tomcat_server_xml's element options (webtier.tomcat_cluster.tomcat_xml.elements): the single modules' options,
# nested. Made from them, so assigned after the class (ansible-doc and validate-modules import the fragment).
ModuleDocFragment.ELEMENTS = 'options:\n' + textwrap.indent(''.join(_nested(*element) for element in _ELEMENTS), '  ')
