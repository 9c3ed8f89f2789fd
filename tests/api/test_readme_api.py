"""The root README's "High-level API" example runs as written, offline: in a subprocess whose
``ASYNCDNS_RESOLV_CONF`` / ``ASYNCDNS_HOSTS`` point the default resolver at a fake server
serving ``example.com`` and at a test hosts file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_asyncdns import FakeDNSServer
from tests._support import WriteConf, WriteHosts, offline_env

README = Path(__file__).resolve().parents[2] / "README.md"

ZONE = """
$ORIGIN example.com.
$TTL 300
@     SOA   ns1 hostmaster 1 3600 600 86400 120
@     NS    ns1
@     MX    10 mail
ns1   A     198.51.100.53
mail  A     198.51.100.25
www   A     198.51.100.80
www   AAAA  2001:db8::80
"""

REVERSE = """
$ORIGIN 100.51.198.in-addr.arpa.
$TTL 300
@   SOA  ns1.example.com. hostmaster.example.com. 1 3600 600 86400 120
80  PTR  www.example.com.
"""


def example() -> str:
    section = README.read_text(encoding="utf-8").split("\n## High-level API\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the section has one Python example"
    return str(blocks[0])


@pytest.mark.asyncdns(zones=(ZONE, REVERSE))
def test_the_readme_example_runs(
    tmp_path: Path,
    asyncdns_server: FakeDNSServer,
    asyncdns_resolv_conf: WriteConf,
    asyncdns_hosts_file: WriteHosts,
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.com"])
    hosts = asyncdns_hosts_file({"203.0.113.9": "other.example.com"})
    script = tmp_path / "high_level.py"
    script.write_text(example(), encoding="utf-8")
    env = offline_env(resolv_conf=conf.path, hosts=hosts.path)
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert set(lines[0].strip("[]").split(", ")) == {
        "IPv6Address('2001:db8::80')",
        "IPv4Address('198.51.100.80')",
    }
    assert lines[1] == "10 b'mail.example.com'"
    assert lines[2] == "['www.example.com']"
    assert "('198.51.100.80', 443)" in lines[3] and "('2001:db8::80', 443, 0, 0)" in lines[3]
    assert lines[4].startswith("b'nope.example.com' example.com.") and lines[4].endswith(" 120")
