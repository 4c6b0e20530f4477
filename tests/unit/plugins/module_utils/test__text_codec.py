# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_text_codec: the one response body decoder of ajp_request and https_request."""

from __future__ import annotations

import codecs
import encodings

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp, _text_codec as tc

BODY = u'h\u00e9llo'.encode('utf-8')


def test_ajp_and_https_share_the_decoder():
    assert _ajp.decode_content is tc.decode_content and _ajp.content_charset is tc.content_charset


@pytest.mark.parametrize('charset, words', [
    ('bogus', 'unknown to Python'),
    ('idna', 'cannot decode the body'),
    ('rot13', 'not a text encoding'),
    ('base64', 'not a text encoding'),
    ('undefined', 'cannot decode the body'),
    ('"utf-8 x"', 'not a valid charset name'),
    ('utf\x00-8', 'not a valid charset name'),
])
def test_decode_hostile_charset_falls_back_to_utf8(charset, words):
    text, problem = tc.decode_content(BODY, 'text/plain; charset=%s' % charset)
    assert text == u'h\u00e9llo' and words in problem and 'decoded as UTF-8' in problem


def test_decode_real_charsets():
    assert tc.decode_content(b'h\xe9llo', 'text/plain; charset="ISO-8859-1"') == (u'h\u00e9llo', None)
    assert tc.decode_content(BODY, 'text/plain') == (u'h\u00e9llo', None)
    assert tc.decode_content(b'\xff', None) == (u'\ufffd', None)
    assert tc.decode_content(b'', 'text/plain; charset=utf-16') == (u'', None)


def test_decode_never_raises_for_any_codec_python_knows():
    names = set(encodings.aliases.aliases.values()) | set(encodings.aliases.aliases)
    for name in sorted(names):
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        text, dummy = tc.decode_content(b'\x00\xff\xfe abc \xe9', 'text/plain; charset=%s' % name)
        assert isinstance(text, str), name
