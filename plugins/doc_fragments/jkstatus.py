# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """The connection options of the modules that talk to mod_jk's status worker."""

    DOCUMENTATION = r'''
options:
  url:
    description:
      - URL of the mod_jk status worker (the path it is mounted on with C(JkMount)), without a query string.
      - The default is where role C(webtier.tomcat_cluster.httpd_modjk) puts it, on the web host's loopback.
      - Credentials do not belong in the URL; use O(url_username) and O(url_password).
    type: str
    default: http://127.0.0.1:8090/jkstatus
  url_username:
    description:
      - User name for HTTP Basic authentication in front of the status worker. Sent with the first request.
    type: str
  url_password:
    description:
      - Password for HTTP Basic authentication. Never shown in results or messages.
    type: str
  timeout:
    description:
      - Seconds allowed for each HTTP request to the status worker, as a whole - connecting, the TLS handshake,
        sending, and reading the status line, the headers and the complete answer - however slowly it arrives.
        When it runs out the task fails with C(error=timeout).
      - Greater than 0 and at most 60.
    type: float
    default: 10
  validate_certs:
    description:
      - Verify the server certificate when O(url) is C(https://).
    type: bool
    default: true
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
notes:
  - The modules run where the task runs and talk to the status worker over HTTP; by default that is the web host's
    own httpd on 127.0.0.1. Use C(delegate_to) or run the task on every web host.
  - The status worker always answers HTTP 200; the modules parse the outcome (the C(result) element of C(mime=xml))
    and fail with a clear message for an unreachable status worker, an HTML or 404 page at O(url), an unknown
    balancer or member and a read-only status worker.
  - An answer larger than 16 MiB is not the status worker's; the modules stop reading it and fail with
    C(error=not_status_worker).
  - The modules connect directly to the host of O(url); proxy settings of the environment (C(http_proxy),
    C(https_proxy)) are not used.
  - Only the Python standard library is needed on the host the task runs on.
seealso:
  - name: mod_jk status worker reference
    description: The status worker's commands, parameters and output formats.
    link: https://tomcat.apache.org/connectors-doc/reference/status.html
'''
