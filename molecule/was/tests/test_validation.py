# SPDX-License-Identifier: GPL-3.0-or-later
"""The tomcat role refuses bad input before it changes anything.

One ansible-playbook run on the controller (local connection, two hosts in group was) with one play per
case; each play runs only the role's validate.yml and reports the outcome in a marker line. The checks
that span hosts come from the cluster model (filter webtier.tomcat_cluster.cluster_model): their messages
name the host, the instance and the field.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import pytest

GOOD_SECRET = "Abcdefgh12345678XYZ"
INSTANCES = [
    {"name": "a-was", "shutdown_port": 8005, "ajp_port": 8009, "cluster_port": 5000, "multicast_port": 45564},
    {"name": "b-was", "shutdown_port": 8015, "ajp_port": 8019, "cluster_port": 5001, "multicast_port": 45565},
]
CASES = {
    "good": ({"tomcat_ajp_secret": GOOD_SECRET}, None),
    "weak_secret": ({"tomcat_ajp_secret": "changeit"}, "must not be a known weak value"),
    "repeated_weak_secret": ({"tomcat_ajp_secret": "TomcatTomcatTomcat"}, "must not be a known weak value"),
    "short_secret": ({"tomcat_ajp_secret": "Abc123"}, "at least 16 letters and digits"),
    "secret_with_symbols": ({"tomcat_ajp_secret": "Abcdefgh1234567=XYZ"}, "at least 16 letters and digits"),
    "port_collision": (
        {"tomcat_ajp_secret": GOOD_SECRET,
         "tomcat_instances": [INSTANCES[0], dict(INSTANCES[1], ajp_port=8009)]},
        "v1: instance b-was: ajp_port 8009 (tcp) is also the ajp_port of instance a-was"),
    "cluster_port_collision": (
        {"tomcat_ajp_secret": GOOD_SECRET,
         "tomcat_instances": [INSTANCES[0], dict(INSTANCES[1], cluster_port=5000)]},
        "v2: instance b-was: cluster_port 5000 (tcp) is also the cluster_port of instance a-was"),
    "duplicate_jvm_route": (
        {"tomcat_ajp_secret": GOOD_SECRET, "tomcat_instances": [dict(INSTANCES[0], jvm_route="same")]},
        "v2: instance a-was: jvm_route 'same' is also the jvmRoute of v1: instance a-was"),
    "dot_in_jvm_route": (
        {"tomcat_ajp_secret": GOOD_SECRET, "tomcat_instances": [dict(INSTANCES[0], jvm_route="a.1")]},
        "v1: instance a-was: jvm_route 'a.1' must be letters"),
    "bad_instance_name": (
        {"tomcat_ajp_secret": GOOD_SECRET, "tomcat_instances": [dict(INSTANCES[0], name="A was")]},
        "v1: tomcat_instances[0]: name 'A was' must be 1-63 lower-case letters"),
    "multicast_port_collision": (
        {"tomcat_ajp_secret": GOOD_SECRET, "tomcat_instances": [INSTANCES[0], dict(INSTANCES[1], multicast_port=45564)]},
        "multicast_port 45564 (udp) is also the multicast_port of instance a-was"),
    "address_unknown": (
        {"tomcat_ajp_secret": GOOD_SECRET, "tomcat_private_address": ""},
        "the private address is unknown: set tomcat_private_address"),
}
INVENTORY = """all:
  children:
    was:
      hosts:
        v1: {ansible_connection: local, ansible_python_interpreter: %(py)s, tomcat_private_address: 127.0.0.1}
        v2: {ansible_connection: local, ansible_python_interpreter: %(py)s, tomcat_private_address: 127.0.0.2}
"""
PLAY = """- name: case %(name)s
  hosts: was
  gather_facts: false
  vars: %(vars)s
  tasks:
    - block:
        - ansible.builtin.include_role:
            name: webtier.tomcat_cluster.tomcat
            tasks_from: validate.yml
        - ansible.builtin.debug:
            msg: "CASE %(name)s PASSED"
      rescue:
        - ansible.builtin.debug:
            msg: "CASE %(name)s REFUSED {{ ansible_failed_result.msg | default('') | replace('\\n', ' ') }}"
"""


@pytest.fixture(scope="module")
def results():
    tmp = tempfile.mkdtemp(prefix="was-validate-")
    inventory = os.path.join(tmp, "hosts.yml")
    playbook = os.path.join(tmp, "validate.yml")
    with open(inventory, "w") as f:
        f.write(INVENTORY % {"py": sys.executable})
    with open(playbook, "w") as f:
        f.write("".join(PLAY % {"name": name, "vars": json.dumps(case[0])} for name, case in CASES.items()))
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=tmp, ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_CALLBACK_RESULT_FORMAT="json")
    proc = subprocess.run([ansible_playbook, "-i", inventory, playbook], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    out = {}
    for name, verdict, rest in re.findall(r'"msg": "CASE (\w+) (PASSED|REFUSED) ?(.*?)"\n', proc.stdout):
        out.setdefault(name, []).append((verdict, rest))
    return out, proc.stdout


@pytest.mark.parametrize("case", sorted(CASES))
def test_validation(results, case):
    verdicts, stdout = results
    expected = CASES[case][1]
    assert len(verdicts.get(case, [])) == 2, stdout[-3000:]  # both hosts report
    for verdict, message in verdicts[case]:
        if expected is None:
            assert verdict == "PASSED", message
        else:
            assert verdict == "REFUSED"
            assert expected in message, message
    if case in ("short_secret", "secret_with_symbols"):
        # the refused value itself never appears in the output
        assert CASES[case][0]["tomcat_ajp_secret"] not in stdout
