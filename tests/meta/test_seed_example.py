"""The asyncdns 0.1 documentation's first example runs unchanged, offline.

Its statements (``SmartResolver()`` with no arguments, ``asyncio.get_event_loop()``,
``loop.run_until_complete(f)``, ``print(f.result())``) run as a script in a fresh interpreter.
``SmartResolver()`` reads the system's configuration, so the script's environment points it at
the test's own files instead (``ASYNCDNS_RESOLV_CONF``: a resolv.conf naming a pytest-asyncdns
fake server as ``nameserver [127.0.0.1]:PORT``; ``ASYNCDNS_HOSTS``: a hosts file without the
name), and the fake server holds ``www.example.com``. Nothing is sent off loopback.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_asyncdns import FakeDNSServer
from tests._support import WriteConf, WriteHosts, offline_env

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_c01eb2135a323447.txt"

# The example of asyncdns 0.1's "What is this?" chapter, statement for statement.
STATEMENTS = [
    "import asyncdns, asyncio",
    "resolver = asyncdns.SmartResolver()",
    "loop = asyncio.get_event_loop()",
    "query = asyncdns.Query('www.example.com', asyncdns.A, asyncdns.IN)",
    "f = resolver.lookup(query)",
    "loop.run_until_complete(f)",
    "print(f.result())",
]

ZONE = """
$ORIGIN example.com.
$TTL 300
@    SOA  ns1 hostmaster 1 3600 600 86400 300
@    NS   ns1
ns1  A    198.51.100.53
www  A    198.51.100.80
"""


def test_the_statements_are_the_seeds() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed document is not beside this checkout ({SEED})")
    text = SEED.read_text(encoding="utf-8")
    block = text.split("For instance, do a simple lookup for an A record:", 1)[1]
    block = block.split("```", 2)[1]
    assert [line[4:] for line in block.splitlines() if line.startswith(">>> ")] == STATEMENTS


@pytest.mark.asyncdns(zone=ZONE)
def test_the_seed_example_runs_verbatim(
    tmp_path: Path,
    asyncdns_server: FakeDNSServer,
    asyncdns_resolv_conf: WriteConf,
    asyncdns_hosts_file: WriteHosts,
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket")
    assert f"nameserver [127.0.0.1]:{asyncdns_server.port}" in conf.text
    hosts = asyncdns_hosts_file({"203.0.113.9": "other.example.com"})
    script = tmp_path / "seed_example.py"
    script.write_text("\n".join(STATEMENTS) + "\n", encoding="utf-8")
    env = offline_env(resolv_conf=conf.path, hosts=hosts.path)
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    out = result.stdout
    assert out.startswith(";; No error ("), out
    lines = out.splitlines()
    assert lines[1] == "; 1 answers:"
    assert re.fullmatch(r"www\.example\.com\.\s+\d+\s+IN\s+A\s+198\.51\.100\.80", lines[2]), out
    assert "; 0 authorities:" in lines or "; 1 authorities:" in lines
    asyncdns_server.assert_queried("www.example.com", "A", transport="udp", count=1)


def test_the_seed_names_are_on_the_facade() -> None:
    import asyncdns

    for name in ("SmartResolver", "Query", "A", "IN", "Reply", "Resolver", "HostsResolver"):
        assert hasattr(asyncdns, name), name
    assert asyncdns.rr.MX is asyncdns.wire.rr.MX
    for name in ("MulticastResolver", "SystemResolver", "RandomServer", "RoundRobinServer"):
        assert name in asyncdns.__all__
