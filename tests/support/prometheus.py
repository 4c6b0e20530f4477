# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prometheus's HTTP API (v1) as the molecule tests and the benchmarks read it: instant queries, range queries and
the alerts it holds. Standard library only."""

import json
import urllib.parse
import urllib.request


class Prometheus:
    """The API of one Prometheus server, e.g. Prometheus("http://172.18.0.7:9090")."""

    def __init__(self, url, timeout=10):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _get(self, path, **params):
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=self.timeout) as resp:
            body = json.load(resp)
        if body.get("status") != "success":
            raise AssertionError(f"Prometheus answered {body}")
        return body["data"]

    def query(self, expr):
        """[(labels, value)] of an instant query."""
        return [(r["metric"], float(r["value"][1])) for r in self._get("/api/v1/query", query=expr)["result"]]

    def query_range(self, expr, start, end, step):
        """[(labels, [(time, value)])] of a range query."""
        data = self._get("/api/v1/query_range", query=expr, start=start, end=end, step=step)
        return [(r["metric"], [(float(t), float(v)) for t, v in r["values"]]) for r in data["result"]]

    def alerts(self, name=None, state=None):
        """The alerts Prometheus holds (pending or firing), optionally only those of one name and state."""
        out = self._get("/api/v1/alerts")["alerts"]
        return [a for a in out if (name is None or a["labels"].get("alertname") == name)
                and (state is None or a["state"] == state)]

    def targets(self):
        """The active targets: [{job, instance, health, lastError}]."""
        return [dict(t["labels"], health=t["health"], lastError=t["lastError"])
                for t in self._get("/api/v1/targets", state="active")["activeTargets"]]
