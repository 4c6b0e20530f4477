"""The host names of molecule/tomcat10 (its molecule.yml platforms), for its tests and tests/support/rolling.py."""

WAS_HOSTS = ["tc10-was-01", "tc10-was-02"]
WEB = "tc10-web"
