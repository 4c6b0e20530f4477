# -*- coding: utf-8 -*-
# Copyright: webtier.tomcat_cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline replacement for ansible-test's get-pip bootstrap download.

ansible-test creates its sanity venvs without pip and runs a cached ``get-pip-<version>.py``
(downloaded from ci-files.testing.ansible.com) with arguments such as
``pip==24.2 --no-setuptools --no-wheel``. Where that host is unreachable, scripts/test.sh copies this
file to ``~/.ansible/test/cache/get_pip_<version>.py``: it bootstraps pip from the wheel bundled with
the interpreter (ensurepip, no network), then installs the requested packages from the configured
package index. ensurepip runs in a child process so that its temporary pip settings do not leak
into the following pip run (which must read the system pip configuration, e.g. its CA bundle).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = frozenset(("--no-setuptools", "--no-wheel"))


def main():
    requested = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    rc = subprocess.call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
    if rc == 0 and requested:
        rc = subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + requested)
    return rc


if __name__ == "__main__":
    sys.exit(main())
