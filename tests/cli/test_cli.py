"""The ``asyncdns`` command, run for real in a subprocess (README quick start, first command)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asyncdns", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_default_lookup_answers_from_the_embedded_zone_over_loopback() -> None:
    result = run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(";; www.example.com.\tIN\tA\t(asked 127.0.0.1:")
    assert lines[1:6] == [
        ";; No error (AA, RD)",
        "; 1 answers:",
        "www.example.com.\t3600\tIN\tA\t198.51.100.80",
        "; 0 authorities:",
        "; 0 additional:",
    ]


def test_cname_is_followed_and_type_is_honoured() -> None:
    result = run("web.example.com", "AAAA")
    assert result.returncode == 0, result.stderr
    assert "web.example.com.\t3600\tIN\tCNAME\twww.example.com." in result.stdout
    assert "www.example.com.\t3600\tIN\tAAAA\t2001:db8::80" in result.stdout


def test_nxdomain_exits_1_with_the_soa() -> None:
    result = run("nope.example.com")
    assert result.returncode == 1
    assert ";; Non-existent domain (AA, RD)" in result.stdout
    assert "IN\tSOA\tns1.example.com. hostmaster.example.com." in result.stdout


def test_bad_type_is_a_usage_error() -> None:
    result = run("www.example.com", "NOSUCHTYPE")
    assert result.returncode == 2
    assert "unknown RR type" in result.stderr


def test_explicit_server_and_tcp(asyncdns_server: Any) -> None:
    asyncdns_server.add_zone(
        """
        $ORIGIN example.net.
        @ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
        www 300 IN A 203.0.113.9
        """
    )
    host, port = asyncdns_server.address
    result = run("www.example.net", "A", f"@{host}:{port}", "+tcp")
    assert result.returncode == 0, result.stderr
    assert "www.example.net.\t300\tIN\tA\t203.0.113.9" in result.stdout
    asyncdns_server.assert_queried("www.example.net", "A", transport="tcp", count=1)


@pytest.mark.slow
def test_unreachable_server_fails_with_exit_3() -> None:
    result = run("www.example.net", "@127.0.0.1:9", "--timeout", "1")
    assert result.returncode == 3
    assert "asyncdns:" in result.stderr
