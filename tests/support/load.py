# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run load_client.py (the one HTTP client of the tests and the benchmarks) in a container of the lab.

A shell is a function ``shell(command, check=True) -> stdout`` that runs a shell command in the client's
container: ``in_host(host)`` for a testinfra host (the molecule tests), ``in_container(name)`` for ``docker
exec`` (the benchmarks on the lab).
"""

import json
import os
import subprocess

from .lab import wait_for

CLIENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "load_client.py")
# the totals the tests and benchmarks print
SUMMARY = ("ok", "short_ok", "long_ok", "failed", "lost", "seconds")


def in_host(host):
    def shell(command, check=True):
        return host.check_output(command) if check else host.run(command).stdout
    return shell


def in_container(name):
    def shell(command, check=True):
        return subprocess.run(["docker", "exec", name, "sh", "-c", command], capture_output=True, text=True,
                              check=check).stdout
    return shell


def install(shell, path):
    """Copy load_client.py into the container at path."""
    with open(CLIENT, encoding="utf-8") as handle:
        shell(f"cat > {path} <<'WEBTIER_LOAD_CLIENT'\n{handle.read()}\nWEBTIER_LOAD_CLIENT")


def exists(shell, path):
    return shell(f"test -e {path} && echo yes", check=False).strip() == "yes"


class Load:
    """Background load: one load_client.py process per config (mode "load") in one container.

    tag: the path prefix of the client's files there (<tag>.py, <tag>.stop, <tag><suffix>.json, .log); configs:
    {suffix: config without stop_file and out} (one process for each, e.g. one per site)."""

    def __init__(self, shell, tag, configs):
        self.shell, self.tag = shell, tag
        self.configs = {suffix: dict(cfg, stop_file=f"{tag}.stop", out=f"{tag}{suffix}.json")
                        for suffix, cfg in configs.items()}

    def start(self, deadline=120):
        """Start every process; return when each has had its first successful answer."""
        install(self.shell, f"{self.tag}.py")
        self.shell(f"rm -f {self.tag}.stop")
        for suffix, cfg in self.configs.items():
            out = cfg["out"]
            self.shell(f"rm -f {out} {out}.tmp {out}.started")
            self.shell(f"setsid nohup python3 {self.tag}.py '{json.dumps(cfg)}' > {self.tag}{suffix}.log 2>&1"
                       " < /dev/null &")
        for cfg in self.configs.values():
            wait_for(lambda path=cfg["out"]: exists(self.shell, path + ".started"), deadline,
                     f"the load client's first answer ({cfg['out']})")

    def stop(self):
        """Tell every process to finish its request and write its totals."""
        self.shell(f"touch {self.tag}.stop", check=False)

    def totals(self, deadline=300):
        """{suffix: totals} once every process (told to stop) has written its totals."""
        out = {}
        for suffix, cfg in self.configs.items():
            wait_for(lambda path=cfg["out"]: exists(self.shell, path), deadline,
                     f"the load client's totals ({cfg['out']})")
            out[suffix] = json.loads(self.shell(f"cat {cfg['out']}"))
        return out


def one_by_one(shell, path, cfg):
    """Run load_client.py (installed at path) in one of its one-request-at-a-time modes; its list of requests."""
    return json.loads(shell(f"python3 {path} '{json.dumps(cfg)}'"))
