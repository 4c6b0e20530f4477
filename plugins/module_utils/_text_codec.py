# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the ajp_request / https_request modules instead.

"""Decoding a response body with the charset its ``Content-Type`` names, whatever a server sends.

The one decoder of ajp_request and https_request (``return_content``). Only a real text codec is used;
a charset that is not a valid name, unknown to Python (``bogus``), not a text encoding (``rot13``,
``base64``) or unable to decode with replacement (``idna``, ``undefined``) falls back to UTF-8 with invalid
bytes replaced, and the caller gets a sentence saying why (the modules warn with it). Never raises.
"""

from __future__ import annotations

import codecs
import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._http_tokens import is_token

_SURROGATES = re.compile(u'[\ud800-\udfff]')
_UTF8_NAMES = frozenset(('utf-8', 'ascii', 'latin-1', 'iso8859-1'))


def content_charset(content_type):
    """The ``charset`` parameter of a Content-Type value (quotes removed), or None."""
    for param in (content_type or '').split(';')[1:]:
        key, sep, value = param.partition('=')
        if sep and key.strip().lower() == 'charset':
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            return value
    return None


def decode_content(body, content_type):
    """Decode a response body with the charset its Content-Type names.

    Returns ``(text, problem)``: ``problem`` is None, or a message saying why the body was
    decoded as UTF-8 instead (no charset is not a problem: UTF-8 is the default). Invalid bytes
    are replaced; this never raises for any charset a server can send (unknown, not a text
    encoding such as ``base64`` or ``rot13``, or one Python cannot decode with replacement such
    as ``idna`` or ``undefined``).
    """
    body = bytes(body or b'')
    charset = content_charset(content_type)
    if not charset:
        return body.decode('utf-8', 'replace'), None
    problem = None
    if not is_token(charset):
        problem = 'the response charset %r is not a valid charset name' % charset
    else:
        try:
            info = codecs.lookup(charset)
        except LookupError:
            info = None
            problem = 'the response charset %r is unknown to Python' % charset
        if info is not None and not getattr(info, '_is_text_encoding', True):
            problem = 'the response charset %r is not a text encoding' % charset
        elif info is not None:
            try:
                text = body.decode(info.name, 'replace')
            except (ValueError, LookupError, TypeError) as e:  # UnicodeError is a ValueError
                problem = 'the response charset %r cannot decode the body (%s: %s)' % (charset, type(e).__name__, e)
            else:
                if not isinstance(text, str):
                    problem = 'the response charset %r does not decode to text' % charset
                else:
                    if info.name not in _UTF8_NAMES:
                        text = _SURROGATES.sub(u'\ufffd', text)
                    return text, None
    return body.decode('utf-8', 'replace'), problem + '; decoded as UTF-8 with invalid bytes replaced'
