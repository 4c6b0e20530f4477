# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""files_differing over find listings shaped like ansible.builtin.find's (get_checksum: true)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter.files_differing import FilterModule, files_differing

CAND = '/etc/apache2/webtier-modjk/candidate'
LIVE = '/etc/apache2/webtier-modjk/live'
NAMES = ['00-modjk.conf', 'workers.properties', '10-site-a.conf']


def entry(directory, name, checksum='aa', mode='0640', owner='root', group='root', **extra):
    out = dict(path='%s/%s' % (directory, name), checksum=checksum, mode=mode, pw_name=owner, gr_name=group,
               isreg=True, islnk=False)
    out.update(extra)
    return out


def trees(**live_overrides):
    files = [entry(CAND, n) for n in NAMES]
    for n in NAMES:
        files.append(entry(LIVE, n, **live_overrides.get(n, {})))
    return files


def run(files, **kwargs):
    return files_differing(files, NAMES, CAND, LIVE, owner='root', group='root', mode='0640', **kwargs)


def test_identical_trees_give_nothing():
    assert run(trees()) == []


def test_content_owner_group_mode_each_count():
    files = trees(**{'00-modjk.conf': {'checksum': 'bb'}, 'workers.properties': {'mode': '0644'},
                     '10-site-a.conf': {'gr_name': 'www-data'}})
    assert run(files) == NAMES
    assert run(trees(**{'workers.properties': {'pw_name': 'www-data'}})) == ['workers.properties']


def test_missing_or_not_regular_destination_and_missing_source_are_listed():
    files = [f for f in trees() if f['path'] != LIVE + '/workers.properties']
    files = [dict(f, islnk=True) if f['path'] == LIVE + '/10-site-a.conf' else f for f in files]
    files = [f for f in files if f['path'] != CAND + '/00-modjk.conf']
    assert run(files) == NAMES


def test_unset_attributes_are_not_compared_and_trailing_slashes_do_not_matter():
    files = trees(**{'00-modjk.conf': {'mode': '0600', 'pw_name': 'x', 'gr_name': 'y'}})
    assert files_differing(files, NAMES, CAND + '/', LIVE + '/') == []


def test_a_listing_without_checksums_or_a_bad_mode_is_a_clear_error():
    files = [dict(f) for f in trees()]
    for f in files:
        del f['checksum']
    with pytest.raises(AnsibleFilterError, match='get_checksum: true'):
        run(files)
    with pytest.raises(AnsibleFilterError, match='octal mode'):
        files_differing(trees(), NAMES, CAND, LIVE, mode='u=rw')


def test_registered():
    assert FilterModule().filters()['files_differing'] is files_differing
