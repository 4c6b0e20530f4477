# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise. Use the
# webtier.tomcat_cluster.ajp_secret_problems filter.
"""The one rule for the AJP secret that Tomcat's connectors require and mod_jk's workers send.

It goes into workers.properties and server.xml as it is, so it is letters and digits only (ASCII); it is long
enough; and it is not made of the words people use as placeholders. No message ever contains the secret.
"""

from __future__ import annotations

import re

MIN_LENGTH = 16
# Weak values (compared case-insensitively): a secret made only of repetitions of these words.
WEAK_WORDS = ('changeit', 'changeme', 'secret', 'tomcat', 'password', 'passwd', 'admin', 'ajp', 'default', 'test',
              'letmein', 'qwerty', '0123456789', '1234567890', 'abcdef')
_WEAK_RE = re.compile('(?:%s)+' % '|'.join(WEAK_WORDS))
_CHARS_RE = re.compile('[A-Za-z0-9]+')
_REPEAT_RE = re.compile(r'(.)\1*', re.S)


def secret_problems(secret, min_length=MIN_LENGTH):
    """What is wrong with ``secret`` (a list of sentences, empty when it is acceptable); never the secret itself."""
    try:
        min_length = int(min_length)
    except (TypeError, ValueError):
        return ['the minimum length %r is not a number' % (min_length,)]
    if secret is None or secret == '':
        return ['it is not set']
    if not isinstance(secret, str):
        return ['it is not a string (%s)' % type(secret).__name__]
    problems = []
    if len(secret) < min_length:
        problems.append('it is shorter than %d characters' % min_length)
    if not _CHARS_RE.fullmatch(secret):
        problems.append('it has characters other than ASCII letters and digits')
    if _WEAK_RE.fullmatch(secret.lower()):
        problems.append('it is made of known weak words (%s)' % ', '.join(WEAK_WORDS[:4] + ('...',)))
    elif _REPEAT_RE.fullmatch(secret):
        problems.append('it repeats one character')
    return problems
