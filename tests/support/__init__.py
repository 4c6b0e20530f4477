# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The scaffolding every molecule scenario's tests and the benchmarks share (docs/testing.md, "Shared scaffolding").

fixtures: the pytest fixtures (inventory, get, addr) that molecule/*/tests/conftest.py import; lab: playbooks,
addresses, units, mod_jk's status worker; load and load_client: the one load generator. Imported as
ansible_collections.webtier.tomcat_cluster.tests.support (pytest.ini puts .cache/collections on the path for
molecule's verifier too; the benchmarks put it there themselves).
"""
