# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


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
  platform:
    platforms: posix
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
