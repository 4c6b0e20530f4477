# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_http_tokens: the one validator of HTTP methods and header names (RFC 9110 tokens)."""

from __future__ import annotations

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp, _http_tokens as ht


@pytest.mark.parametrize('method', ['GET', 'PROPFIND', 'VERSION-CONTROL', 'MY_METHOD', "X!#$%&'*+.^_`|~9"])
def test_token_methods_are_accepted(method):
    assert ht.check_method(method) == method


@pytest.mark.parametrize('method, words', [
    ('GET /x HTTP/1.1', 'contains a space at position 3'),
    ('', 'is empty'),
    ('GET\r\nX-Injected: 1', 'contains CR at position 3'),
    ('GET\n', 'contains LF at position 3'),
    ('G\x00ET', 'contains NUL at position 1'),
    ('G\x7fET', 'control character 0x7F'),
    ('GET:', "contains ':' at position 3"),
    ('G\u00c9T', "at position 1"),
    (None, 'is not a string'),
])
def test_forged_methods_are_refused(method, words):
    with pytest.raises(ValueError) as e:
        ht.check_method(method)
    assert 'is not a valid HTTP method' in str(e.value) and words in str(e.value)


@pytest.mark.parametrize('name', ['X A', 'X-A:', 'X\r\nY', '', 'X\u00e9'])
def test_bad_header_names_are_refused(name):
    with pytest.raises(ValueError):
        ht.check_header_name(name)


def test_ajp_uses_the_shared_validator():
    with pytest.raises(ValueError) as e:
        _ajp.check_method('GET /x HTTP/1.1')
    assert 'contains a space' in str(e.value)
    with pytest.raises(ValueError) as e:
        _ajp.check_headers({'X A': 'v'})
    assert "header name 'X A'" in str(e.value)
