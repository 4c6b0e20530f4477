# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Prometheus alert rules the collection ships (roles/monitoring/files/webtier.rules.yml), checked by promtool.

promtool comes from Debian's prometheus package through scripts/promtool.sh, which fetches and checks it on first
use (.cache/promtool); its unit tests are tests/prometheus/webtier.rules.test.yml. Every metric name the rules use
must be one the collection defines: the status page's (the tables of docs/metrics.md) or the exporter's (the names
in plugins/module_utils/_exporter.py), so a renamed series cannot leave an alert that never fires.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROMTOOL = os.path.join(ROOT, "scripts", "promtool.sh")
RULES = os.path.join("roles", "monitoring", "files", "webtier.rules.yml")
RULE_TESTS = os.path.join("tests", "prometheus", "webtier.rules.test.yml")
METRICS_DOC = os.path.join(ROOT, "docs", "metrics.md")
EXPORTER = os.path.join(ROOT, "plugins", "module_utils", "_exporter.py")
ALERTS = ("ModJkMemberInError", "ModJkMemberNotActive", "ModJkMemberMissing", "TomcatClusterMembersMissing",
          "TomcatReplicationErrors", "ModJkStatusUnreadable", "TomcatInstanceDown")
NAME = re.compile(r"\b(?:modjk|webtier|tomcat)_[a-z_]+\b")
# the PromQL of an annotation: {{ ... printf "<query>" ... | query }}
TEMPLATE_QUERY = re.compile(r'printf\s+"((?:[^"\\]|\\.)*)"[^}]*\|\s*query')


def _promtool(*args):
    # the first run downloads the prometheus .deb (about 19 MB) with apt-get download
    proc = subprocess.run([PROMTOOL] + list(args), cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    return proc.returncode, "$ scripts/promtool.sh %s\n%s%s" % (" ".join(args), proc.stdout, proc.stderr)


def _rules():
    with open(os.path.join(ROOT, RULES), encoding="utf-8") as handle:
        groups = yaml.safe_load(handle)["groups"]
    return groups, [rule for group in groups for rule in group["rules"]]


def test_promtool_check_rules():
    rc, out = _promtool("check", "rules", RULES)
    assert rc == 0, out
    assert "SUCCESS: %d rules found" % len(ALERTS) in out, out


def test_promtool_test_rules():
    rc, out = _promtool("test", "rules", RULE_TESTS)
    assert rc == 0, out
    assert "SUCCESS" in out, out


def test_one_group_with_the_alerts_of_the_contract():
    groups, rules = _rules()
    assert [g["name"] for g in groups] == ["webtier"]
    assert sorted(r["alert"] for r in rules) == sorted(ALERTS)
    for rule in rules:
        assert rule["labels"]["severity"] in ("critical", "warning"), rule["alert"]
        assert set(rule["annotations"]) == {"summary", "description"}, rule["alert"]
        assert "$labels.instance" in rule["annotations"]["summary"], rule["alert"]


def test_every_alert_fires_and_stays_quiet_in_the_unit_tests():
    """Each alert has a promtool case where it fires and one where it does not (a near miss or a resolution)."""
    with open(os.path.join(ROOT, RULE_TESTS), encoding="utf-8") as handle:
        cases = [c for t in yaml.safe_load(handle)["tests"] for c in t.get("alert_rule_test", [])]
    for alert in ALERTS:
        mine = [c for c in cases if c["alertname"] == alert]
        assert any(c.get("exp_alerts") for c in mine), "%s never fires in %s" % (alert, RULE_TESTS)
        assert any(not c.get("exp_alerts") for c in mine), "%s has no quiet case in %s" % (alert, RULE_TESTS)
        for case in mine:
            for exp in case.get("exp_alerts") or []:
                assert exp["exp_labels"]["severity"] and set(exp["exp_annotations"]) == {"summary", "description"}


def _used_names():
    """Metric names of every rule's expression (label values, i.e. quoted strings, left out) and of the queries its
    annotations run; crude on purpose: any word shaped like one of our metric names."""
    used = {}
    for rule in _rules()[1]:
        texts = [re.sub(r'"(?:[^"\\]|\\.)*"', '""', rule["expr"])]
        texts += TEMPLATE_QUERY.findall(" ".join(rule["annotations"].values()))
        for text in texts:
            for name in NAME.findall(text):
                used.setdefault(name, set()).add(rule["alert"])
    return used


def _documented_names():
    """The names in the first column of docs/metrics.md's tables (`name` or `name{labels}`)."""
    names = set()
    with open(METRICS_DOC, encoding="utf-8") as handle:
        for line in handle:
            m = re.match(r"\|\s*`([a-z_]+)(?:\{[^`]*\})?`", line)
            if m:
                names.add(m.group(1))
    return names


def _exporter_names():
    """The string constants of the exporter shaped like one of its own family names (modjk_*, webtier_*)."""
    if not os.path.exists(EXPORTER):
        return set()
    with open(EXPORTER, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and re.fullmatch(r"(?:modjk|webtier)_[a-z_]+", node.value)}


def test_every_metric_name_of_the_rules_is_defined():
    used = _used_names()
    documented, exported = _documented_names(), _exporter_names()
    # the parsers found something: the page's tables, and every tier's names the rules need
    assert {"tomcat_up", "tomcat_cluster_members", "tomcat_cluster_state_transfers_failed_total"} <= documented
    assert {"modjk_member_error", "modjk_status_up", "webtier_tomcat_up", "tomcat_cluster_members"} <= set(used)
    unknown = {name: sorted(alerts) for name, alerts in used.items() if name not in documented | exported}
    assert not unknown, "metric names of %s that neither docs/metrics.md nor %s define: %s" % (
        RULES, os.path.relpath(EXPORTER, ROOT), unknown)


def test_exporter_names_of_the_rules_come_from_the_exporter():
    """The modjk_* and webtier_* names the rules use are the exporter's own (once it exists: documented otherwise)."""
    exported = _exporter_names()
    mine = {n for n in _used_names() if not n.startswith("tomcat_")}
    if exported:
        assert mine <= exported, sorted(mine - exported)
    else:
        assert mine <= _documented_names(), sorted(mine - _documented_names())
