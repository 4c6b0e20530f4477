"""The host names of molecule/tomcat11 (its molecule.yml platforms), for its tests and tests/support/rolling.py."""

WAS_HOSTS = ["tc11-was-01", "tc11-was-02"]
WEB = "tc11-web"
