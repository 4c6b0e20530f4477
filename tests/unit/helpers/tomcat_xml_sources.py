# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real Tomcat files for the XML tests, taken at test time (never committed copies).

- the Tomcat 9.0.70 tarball fixture: conf/server.xml, conf/web.xml, webapps/ROOT/WEB-INF/web.xml
- Debian's packaged server.xml: the fixture's server.xml with the tomcat9 source package's
  debian/patches applied that touch conf/server.xml (0023 disables the shutdown port)
- the same files with CRLF line endings (how the .zip distribution ships them)

Not a test file: the XML tests import it as
``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import difflib
import glob
import os
import shutil
import subprocess
import tarfile
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIXTURES = os.environ.get('WEBTIER_FIXTURES') or os.path.join(ROOT, '.cache', 'fixtures')
TOMCAT = os.path.join(FIXTURES if os.path.isabs(FIXTURES) else os.path.join(ROOT, FIXTURES), 'apache-tomcat-9.0.70')
DEBIAN_SRC = os.path.join(ROOT, '.cache', 'aptsrc', 'src')

_cache = {}


def tomcat_file(rel):
    path = os.path.join(TOMCAT, rel)
    if not os.path.isfile(path):
        pytest.skip('Tomcat fixture missing (%s); run scripts/build-fixtures.sh' % path)
    with open(path, 'rb') as f:
        return f.read()


def stock_server_xml():
    return tomcat_file('conf/server.xml')


def conf_web_xml():
    return tomcat_file('conf/web.xml')


def root_web_xml():
    return tomcat_file('webapps/ROOT/WEB-INF/web.xml')


def crlf(data):
    return data.replace(b'\r\n', b'\n').replace(b'\n', b'\r\n')


def debian_server_xml():
    """The fixture's server.xml patched like Debian's tomcat9 package (9.0.70-2)."""
    if 'debian' in _cache:
        return _cache['debian']
    base = stock_server_xml()
    tarballs = sorted(glob.glob(os.path.join(DEBIAN_SRC, 'tomcat9_*.debian.tar.xz')))
    if not tarballs:
        pytest.skip('Debian tomcat9 source package not downloaded (%s); run scripts/build-fixtures.sh' % DEBIAN_SRC)
    if not shutil.which('patch'):
        pytest.skip('patch(1) is not installed')
    work = tempfile.mkdtemp(prefix='debian-server-xml.')
    try:
        with tarfile.open(tarballs[-1]) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith('debian/patches/')]
            kwargs = {'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}
            tar.extractall(work, members=members, **kwargs)
        series = os.path.join(work, 'debian', 'patches', 'series')
        with open(series) as f:
            names = [line.split('#')[0].strip() for line in f if line.split('#')[0].strip()]
        os.makedirs(os.path.join(work, 'src', 'conf'))
        target = os.path.join(work, 'src', 'conf', 'server.xml')
        with open(target, 'wb') as f:
            f.write(base)
        applied = []
        for name in names:
            patch = os.path.join(work, 'debian', 'patches', name)
            with open(patch, 'rb') as f:
                if b'conf/server.xml' not in f.read():
                    continue
            subprocess.check_call(['patch', '-s', '-p1', '-d', os.path.join(work, 'src'), '-i', patch,
                                   '--no-backup-if-mismatch'])
            applied.append(name)
        if not applied:
            pytest.skip('no Debian patch touches conf/server.xml')
        with open(target, 'rb') as f:
            _cache['debian'] = f.read()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _cache['debian']


def server_xml_variants():
    """(id, loader) pairs for parametrised tests."""
    return [
        ('tomcat-9.0.70', stock_server_xml),
        ('debian-tomcat9', debian_server_xml),
        ('tomcat-9.0.70-crlf', lambda: crlf(stock_server_xml())),
    ]


def write(tmp_path, data, name='server.xml', mode=0o640):
    path = tmp_path / name
    path.write_bytes(data)
    os.chmod(str(path), mode)
    return str(path)


def changed_lines(before, after):
    """(removed, added) lines of a unified diff, without the context."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm='', n=0))
    removed = [d[1:] for d in diff[2:] if d.startswith('-')]
    added = [d[1:] for d in diff[2:] if d.startswith('+')]
    return removed, added
