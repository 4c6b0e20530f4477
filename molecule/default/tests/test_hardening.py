# SPDX-License-Identifier: GPL-3.0-or-later
"""The hardened httpd defaults, seen from an ordinary client (mol-outsider) through each web host."""

import re

import pytest

WEB_HOSTS = ["mol-web-01", "mol-web-02"]


@pytest.fixture(scope="module")
def outsider(get):
    return get("mol-outsider")


def curl(host, web, *args):
    """Status line + headers + body of one request from the outsider."""
    out = host.run("curl -sS -m 10 -i " + " ".join(args) + f" http://{web}/sessionTest.jsp")
    assert out.rc == 0, out.stderr
    head, _sep, body = out.stdout.replace("\r\n", "\n").partition("\n\n")
    return head, body


@pytest.mark.parametrize("web", WEB_HOSTS)
def test_server_header_has_no_version(outsider, web):
    head = curl(outsider, web, "-H 'Host: a-site.example'")[0]
    assert re.search(r"^Server: Apache$", head, re.M), head


@pytest.mark.parametrize("web", WEB_HOSTS)
def test_unknown_host_gets_404_from_the_catch_all_vhost(outsider, web):
    head, body = curl(outsider, web, "-H 'Host: nosuch.example'")
    assert head.startswith("HTTP/1.1 404"), head
    assert "counter=" not in body and "Apache/" not in body


@pytest.mark.parametrize("web", WEB_HOSTS)
def test_trace_is_refused(outsider, web):
    head, body = curl(outsider, web, "-X TRACE", "-H 'Host: a-site.example'")
    assert head.startswith("HTTP/1.1 405"), head
    assert "Apache/" not in body
