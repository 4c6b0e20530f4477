# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Documentation: ajp_secret_problems.yml beside this file. The rule: plugins/module_utils/_ajp_secret.py.

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp_secret import secret_problems


def ajp_secret_problems(secret, min_length=16):
    """Filter entry point: see ajp_secret_problems.yml."""
    return secret_problems(secret, min_length)


class FilterModule:
    """The AJP secret's rule, shared by the tomcat and httpd_modjk roles."""

    def filters(self):
        return {'ajp_secret_problems': ajp_secret_problems}
