# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the ajp_request / https_request modules instead.

"""The one validator of what the HTTP clients of the collection put on the request line and into header names.

An HTTP method and a header name are *tokens* (RFC 9110, section 5.6.2): one or more of the letters, the
digits and ``!#$%&'*+-.^_`|~``. Anything else - a space (``GET /x HTTP/1.1`` as a "method" forges a second
request line), CR, LF, NUL or another control character, a colon, an empty string - is refused with
ValueError before anything is sent. ajp_request and https_request both call these.
"""

from __future__ import annotations

import re

# RFC 9110 token: methods, header names, charset names
TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_TOKEN_CHARS = "letters, digits and !#$%&'*+-.^_`|~ only"


def is_token(value):
    """True when ``value`` is a non-empty str made of RFC 9110 token characters only."""
    return isinstance(value, str) and bool(TOKEN.fullmatch(value))


def _describe(value):
    if not isinstance(value, str):
        return 'is not a string'
    if not value:
        return 'is empty'
    for pos, ch in enumerate(value):
        if not TOKEN.fullmatch(ch):
            if ch == ' ':
                what = 'a space'
            elif ord(ch) < 0x20 or ord(ch) == 0x7f:
                what = {'\r': 'CR', '\n': 'LF', '\x00': 'NUL', '\t': 'TAB'}.get(ch, 'control character 0x%02X' % ord(ch))
            else:
                what = '%r' % ch
            return 'contains %s at position %d' % (what, pos)
    return 'is not a token'


def check_method(value):
    """``value`` when it is a valid HTTP method (an RFC 9110 token, for example ``GET`` or ``PROPFIND``).

    Raises ValueError otherwise; the message repeats the method (it is not secret).
    """
    if not is_token(value):
        raise ValueError('method %r is not a valid HTTP method: it %s (an HTTP method is a token: %s)'
                         % (value, _describe(value), _TOKEN_CHARS))
    return value


def check_header_name(name):
    """``name`` when it is a valid HTTP header name (an RFC 9110 token); ValueError otherwise."""
    if isinstance(name, str) and not name:
        raise ValueError('a header name is empty')
    if not is_token(name):
        raise ValueError('header name %r is not a valid HTTP header name (%s)' % (name, _TOKEN_CHARS))
    return name
