"""HTTPS of the full lab (sites a and b with certificates from scripts/lab_ca.yml).

- testssl.sh (Debian's 3.0.8, an independent scanner) against site a on mol-web-01 (EC key, mod_jk package)
  and site b on mol-web-02 (RSA key, mod_jk built from source): TLS 1.2/1.3 only, no weak cipher category, no
  vulnerability, chain of trust passes with the lab CA;
- curl on mol-outsider (an ordinary client with the lab CA): 443 open to all, the session page over HTTPS
  says scheme=https secure=true with a Secure session cookie, HSTS where configured;
- the role on mol-web-02: redirect + HSTS switched on (and back), and a key mismatch, an expired
  certificate and a missing file refused before anything goes live (live tree byte-identical).
"""

import datetime
import json
import os
import re
import shutil
import subprocess

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.support.lab import run_playbook

WEB_HOSTS = ["mol-web-01", "mol-web-02"]
SITES = {"a": "a-site.example", "b": "b-site.example"}
INSTANCES = {"a": "a-was", "b": "b-was"}
HSTS = {"a": True, "b": False}
PAGE = "/sessionTest.jsp"
TLS_DIR = os.path.join(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"), "tls")
CA = os.path.join(TLS_DIR, "ca.crt")
LIVE = "/etc/apache2/webtier-modjk/live"
ROLE_HOST = "mol-web-02"  # the host whose configuration the role tests change (and put back)


@pytest.fixture(scope="module")
def outsider(get):
    """mol-outsider with the lab CA in /tmp/lab-ca.crt."""
    host = get("mol-outsider")
    with open(CA) as handle:
        pem = handle.read()
    host.check_output("printf '%s' '" + pem + "' > /tmp/lab-ca.crt")
    return host


def routes(site):
    return {f"{INSTANCES[site]}{i}" for i in (1, 2)}


def curl(host, ip, site, scheme="https", extra=""):
    """One request from the outsider; returns (status line + headers, dict of the page's key=value lines)."""
    port = 443 if scheme == "https" else 80
    url = f"{scheme}://{SITES[site]}{PAGE}"
    out = host.run(f"curl -sS -m 20 -i --cacert /tmp/lab-ca.crt --resolve {SITES[site]}:{port}:{ip} {extra} {url}")
    assert out.rc == 0, out.stderr
    head, dummy, body = out.stdout.replace("\r\n", "\n").partition("\n\n")
    return head, dict(re.findall(r"^(\w+)=(.*)$", body, re.M))


# --- an ordinary client ---------------------------------------------------------------------------

@pytest.mark.parametrize("web", WEB_HOSTS)
def test_https_open_to_everybody(outsider, addr, web):
    assert outsider.run(f"nc -z -w 3 {addr[web]} 443").rc == 0


@pytest.mark.parametrize("site", sorted(SITES))
@pytest.mark.parametrize("web", WEB_HOSTS)
def test_tomcat_sees_https_as_secure(outsider, addr, web, site):
    head, page = curl(outsider, addr[web], site)
    assert head.startswith("HTTP/1.1 200"), head
    assert page["instance"] == INSTANCES[site] and page["node"] in routes(site), page
    assert page["scheme"] == "https" and page["secure"] == "true", page
    assert re.search(r"^Set-Cookie: JSESSIONID=[^;]+\." + page["node"] + r";.*\bSecure\b", head, re.M | re.I), head
    assert bool(re.search(r"^Strict-Transport-Security: max-age=\d+", head, re.M | re.I)) is HSTS[site], head
    # the same site over plain HTTP stays what it was
    plain = curl(outsider, addr[web], site, scheme="http")[1]
    assert plain["scheme"] == "http" and plain["secure"] == "false", plain


@pytest.mark.parametrize("web", WEB_HOSTS)
def test_unknown_sni_gets_the_catch_all(outsider, addr, web):
    out = outsider.run(f"curl -sS -m 20 -k -o /dev/null -w '%{{http_code}}' --resolve nosuch.example:443:{addr[web]} "
                       f"https://nosuch.example{PAGE}")
    assert out.rc == 0 and out.stdout == "404", out.stdout + out.stderr


# --- the independent scanner ---------------------------------------------------------------------

WEAK_PROTOCOLS = ["SSLv2", "SSLv3", "TLS1", "TLS1_1"]
# testssl 3.0's categories; AVERAGE = the obsoleted CBC suites
WEAK_CIPHER_CATEGORIES = ["cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW",
                          "cipherlist_3DES_IDEA", "cipherlist_AVERAGE"]
VULNERABILITIES = ["heartbleed", "CCS", "ticketbleed", "ROBOT", "secure_renego", "secure_client_renego", "CRIME_TLS",
                   "BREACH", "POODLE_SSL", "fallback_SCSV", "SWEET32", "FREAK", "DROWN", "LOGJAM", "BEAST", "LUCKY13",
                   "RC4"]


@pytest.mark.parametrize("web,site", [("mol-web-01", "a"), ("mol-web-02", "b")])
def test_testssl(addr, web, site, tmp_path):
    testssl = shutil.which("testssl") or shutil.which("testssl.sh")
    assert testssl, "testssl is not installed (scripts/ensure-testssl.sh installs Debian's testssl.sh)"
    report = tmp_path / "testssl.json"
    cmd = [testssl, "--quiet", "--color", "0", "--warnings", "off", "--ip", addr[web], "--add-ca", CA,
           "--jsonfile", str(report), "-p", "-s", "-S", "-U", f"https://{SITES[site]}:443"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    print(res.stdout[-6000:])
    findings = {f["id"]: f for f in json.loads(report.read_text())}
    finding = {k: v["finding"] for k, v in findings.items()}
    for proto in WEAK_PROTOCOLS:
        assert finding.get(proto, "").startswith("not offered"), (proto, findings.get(proto))
    assert finding["TLS1_2"].startswith("offered"), findings["TLS1_2"]
    assert finding["TLS1_3"].startswith("offered"), findings["TLS1_3"]
    assert finding["cipherlist_STRONG"] == "offered", findings["cipherlist_STRONG"]
    for category in WEAK_CIPHER_CATEGORIES:
        assert finding.get(category, "").startswith("not offered"), (category, findings.get(category))
    for vuln in VULNERABILITIES:
        assert vuln in findings, f"testssl did not check {vuln}"
        assert findings[vuln]["severity"] in ("OK", "INFO"), findings[vuln]
    trust = [v for k, v in findings.items() if k.startswith("cert_chain_of_trust")]
    assert trust and all(t["severity"] == "OK" and t["finding"].startswith("passed") for t in trust), trust
    bad = [f for f in findings.values() if f["severity"] in ("MEDIUM", "HIGH", "CRITICAL")]
    assert not bad, bad


# --- the role: redirect/HSTS switches, bad files refused -------------------------------------------

def _sites(**override):
    """httpd_modjk_sites as in molecule.yml, with the tls of site a replaced by ``override`` keys."""
    sites = []
    for name, server_name in sorted(SITES.items()):
        tls = {"certificate": f"{TLS_DIR}/site-{name}.crt", "key": f"{TLS_DIR}/site-{name}.key",
               "chain": f"{TLS_DIR}/intermediate.crt"}
        if name == "a":
            tls.update(hsts=True, **override)
        sites.append({"name": name, "server_name": server_name, "mounts": ["/*"], "tls": tls})
    return {"httpd_modjk_sites": sites}


def _live_digest(host):
    return host.check_output(f"cd {LIVE} && sha256sum $(ls | sort)")


def _expired_certificate(path):
    """A certificate for a-site.example with site a's key, issued by the lab intermediate, expired yesterday."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    def load_key(name):
        with open(os.path.join(TLS_DIR, name), "rb") as handle:
            return serialization.load_pem_private_key(handle.read(), None)
    with open(os.path.join(TLS_DIR, "intermediate.crt"), "rb") as handle:
        issuer = x509.load_pem_x509_certificate(handle.read())
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SITES["a"])]))
            .issuer_name(issuer.subject)
            .public_key(load_key("site-a.key").public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now - datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(SITES["a"])]), critical=False)
            .sign(load_key("intermediate.key"), hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


@pytest.fixture(scope="module")
def redirected(inventory, get):
    """mol-web-02 with httpd_modjk_tls_redirect and _hsts on; the converged configuration is put back after."""
    res = run_playbook(inventory, "web.yml", "--limit", f"{ROLE_HOST},was",
                       "-e", '{"httpd_modjk_tls_redirect": true, "httpd_modjk_tls_hsts": true}', timeout=1200)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    yield get(ROLE_HOST)
    res = run_playbook(inventory, "web.yml", "--limit", f"{ROLE_HOST},was", timeout=1200)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]


def test_redirect_and_hsts(redirected, outsider, addr):
    for site in sorted(SITES):
        head = curl(outsider, addr[ROLE_HOST], site, scheme="http")[0]
        assert head.startswith("HTTP/1.1 301"), head
        assert re.search(rf"^Location: https://{re.escape(SITES[site])}{PAGE}\s*$", head, re.M), head
        head, page = curl(outsider, addr[ROLE_HOST], site)
        assert page["secure"] == "true" and re.search(r"^Strict-Transport-Security:", head, re.M | re.I), head


@pytest.mark.parametrize("case", ["key_mismatch", "expired", "missing_file"])
def test_bad_tls_files_never_go_live(redirected, outsider, addr, inventory, tmp_path, case):
    if case == "key_mismatch":
        override, message = {"key": f"{TLS_DIR}/site-b.key"}, "does not belong to certificate"
    elif case == "expired":
        override, message = {"certificate": _expired_certificate(tmp_path / "expired.crt")}, "expired on"
    else:
        override, message = {"chain": str(tmp_path / "no-such-chain.crt")}, "does not exist"
    before = _live_digest(redirected)
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps(dict(_sites(**override), httpd_modjk_tls_redirect=True, httpd_modjk_tls_hsts=True)))
    res = run_playbook(inventory, "web.yml", "--limit", f"{ROLE_HOST},was", "-e", f"@{extra}", timeout=1200)
    out = res.stdout + res.stderr
    assert res.returncode != 0, out[-3000:]
    assert message in out, out[-3000:]
    assert "BEGIN PRIVATE KEY" not in out and "BEGIN EC PRIVATE KEY" not in out
    assert _live_digest(redirected) == before
    assert redirected.service("apache2").is_running
    for site in sorted(SITES):
        page = curl(outsider, addr[ROLE_HOST], site)[1]
        assert page["secure"] == "true", page
