# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's metadata agrees with itself (roles vs meta/runtime.yml)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import glob
import os
import re

import pytest
import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))


def _load(*parts):
    with open(os.path.join(ROOT, *parts)) as stream:
        return yaml.safe_load(stream)


def _required_ansible():
    spec = _load('meta', 'runtime.yml')['requires_ansible']
    match = re.fullmatch(r'>=\s*([0-9]+\.[0-9]+)(?:\.[0-9]+)?(?:,.*)?', spec)
    assert match, 'requires_ansible %r does not start with a >= bound' % spec
    return match.group(1)


@pytest.mark.parametrize('meta', sorted(glob.glob(os.path.join(ROOT, 'roles', '*', 'meta', 'main.yml'))),
                         ids=lambda path: path.split(os.sep)[-3])
def test_role_min_ansible_version_matches_requires_ansible(meta):
    with open(meta) as stream:
        info = yaml.safe_load(stream)['galaxy_info']
    assert str(info['min_ansible_version']) == _required_ansible()
