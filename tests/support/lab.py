# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the molecule tests and the benchmarks do to a lab: playbooks, addresses, units, mod_jk's status worker."""

import os
import re
import subprocess
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
# mod_jk's status worker on every web host (roles/httpd_modjk: httpd_modjk_status_port)
STATUS_URL = "http://127.0.0.1:8090/jkstatus"
OK_STATES = ("OK", "OK/IDLE", "OK/BUSY")


def wait_for(pred, deadline, what, interval=2):
    """pred's first true value within deadline seconds, else AssertionError."""
    end = time.time() + deadline
    while time.time() < end:
        value = pred()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {deadline} s waiting for {what}")


def run_playbook(inventory, playbook, *extra, timeout=900, **env):
    """ansible-playbook -i inventory playbook (a name under playbooks/ or a path) from the repository root.

    env: extra environment variables; returns the CompletedProcess (text, stdout and stderr captured)."""
    cmd = ["ansible-playbook", "-i", inventory, os.path.join(ROOT, "playbooks", playbook), *extra]
    return subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, **env), capture_output=True, text=True,
                          timeout=timeout, check=False)


def private_address(host):
    """The first address of a testinfra host (its address on the scenario's docker network)."""
    return host.check_output("hostname -I").split()[0]


def main_pid(host, unit):
    return int(host.check_output(f"systemctl show -p MainPID --value {unit}"))


def members(props, name=r"[^.=\s]+", keys=("activation", "state", "busy")):
    """{member: {key: value}} from the status worker's cmd=list&mime=prop text, for members matching name."""
    out = {}
    pattern = r"^worker\.(%s)\.(%s)=(.*)$" % (name, "|".join(keys))
    for member, key, value in re.findall(pattern, props, re.M):
        out.setdefault(member, {})[key] = value
    return out


def list_members(host, name=r"[^.=\s]+", keys=("activation", "state", "busy")):
    """members() of a web host's httpd (a testinfra host), read with curl on it."""
    return members(host.check_output(f"curl -sS -m 10 '{STATUS_URL}?cmd=list&mime=prop'"), name, keys)


def set_activation(host, balancer, member, vwa):
    """Activation of a member on a web host (testinfra host): vwa a (ACT), d (DIS) or s (STP)."""
    host.check_output(f"curl -sS -m 10 '{STATUS_URL}?cmd=update&mime=prop&w={balancer}&sw={member}&vwa={vwa}'")
