# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

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
  diff_mode:
    support: full
    details:
      - Secret values (AJP C(secret), the shutdown command) are masked in the diff.
  platform:
    platforms: posix
notes:
  - The file is edited in place, keeping its XML declaration, comments, line endings,
    indentation and attribute order; only the changed spans are rewritten.
  - The file is written atomically (a temporary file in the same directory, then a rename),
    keeping its mode and ownership. When the result would be invalid, nothing is written.
'''

    # The file the four server.xml modules edit (webtier.tomcat_cluster.tomcat_xml.server_xml).
    SERVER_XML = r'''
options:
  path:
    description:
      - Path of the C(server.xml) to edit. A symbolic link is followed and the file it points to is edited.
    type: path
    required: true
'''
