"""The ``asyncdns`` command asking a pytest-asyncdns fake server (``@server``), in a subprocess:
flags on the wire, JSON output, exit statuses for each outcome."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from pytest_asyncdns import FakeDNSServer

from ._cli_support import ZONE, at, run

pytestmark = pytest.mark.asyncdns(zone=ZONE)


def test_explicit_server_and_tcp(asyncdns_server: FakeDNSServer) -> None:
    result = run("www.example.net", "A", at(asyncdns_server), "+tcp")
    assert result.returncode == 0, result.stderr
    host, port = asyncdns_server.address
    assert result.stdout.startswith(f";; www.example.net.\tIN\tA\t(asked {host}:{port})\n")
    assert "www.example.net.\t300\tIN\tA\t203.0.113.9" in result.stdout
    asyncdns_server.assert_queried("www.example.net", "A", transport="tcp", count=1)
    asyncdns_server.assert_queried("www.example.net", "A", transport="udp", count=0)


def test_rd_is_set_unless_norecurse(asyncdns_server: FakeDNSServer) -> None:
    assert run("www.example.net", at(asyncdns_server)).returncode == 0
    asyncdns_server.assert_queried("www.example.net", "A", rd=True, count=1)
    assert run("www.example.net", at(asyncdns_server), "+norecurse").returncode == 0
    asyncdns_server.assert_queried("www.example.net", "A", rd=False, count=1)
    assert len(asyncdns_server.queries) == 2


def test_port_option_and_hash_syntax(asyncdns_server: FakeDNSServer) -> None:
    host, port = asyncdns_server.address
    assert run("www.example.net", f"@{host}", "-p", str(port), "+short").stdout == ("203.0.113.9\n")
    assert run("www.example.net", f"@{host}#{port}", "+short").stdout == "203.0.113.9\n"
    asyncdns_server.assert_queried("www.example.net", "A", count=2)


def test_json_reply(asyncdns_server: FakeDNSServer) -> None:
    result = run("example.net", "MX", at(asyncdns_server), "--json")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    host, port = asyncdns_server.address
    assert reply["query"] == {"name": "example.net.", "type": "MX", "class": "IN"}
    assert reply["server"] == f"{host}:{port}"
    assert (reply["status"], reply["rcode"], reply["opcode"]) == ("answer", "NOERROR", "QUERY")
    assert reply["flags"] == ["qr", "aa", "rd"]
    assert reply["question"] == [reply["query"]]
    assert reply["answer"] == [
        {
            "name": "example.net.",
            "ttl": 300,
            "class": "IN",
            "type": "MX",
            "rdata": "10 mail.example.net.",
            "data": {"preference": 10, "exchange": "mail.example.net."},
        }
    ]
    assert reply["edns"] == {"version": 0, "udp": 1232, "do": False, "options": []}
    assert isinstance(reply["id"], int)


def test_json_nxdomain_and_nodata(asyncdns_server: FakeDNSServer) -> None:
    result = run("nope.example.net", at(asyncdns_server), "--json")
    assert result.returncode == 1
    reply = json.loads(result.stdout)
    assert (reply["status"], reply["rcode"], reply["answer"]) == ("nxdomain", "NXDOMAIN", [])
    [soa] = reply["authority"]
    assert (soa["type"], soa["data"]["minimum"]) == ("SOA", 60)
    result = run("www.example.net", "TXT", at(asyncdns_server), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["status"] == "nodata"


def test_json_txt_strings(asyncdns_server: FakeDNSServer) -> None:
    result = run("txt.example.net", "TXT", at(asyncdns_server), "--json")
    [txt] = json.loads(result.stdout)["answer"]
    assert txt["data"] == {"strings": ["hello world", "second"]}
    assert txt["rdata"] == '"hello world" "second"'


def test_class_word_is_sent(asyncdns_server: FakeDNSServer) -> None:
    result = run("www.example.net", "TXT", "CH", at(asyncdns_server), "--json")
    asyncdns_server.assert_queried("www.example.net", "TXT", qclass="CH")
    assert result.returncode == 4  # the fake server serves IN only: REFUSED
    assert json.loads(result.stdout)["error"] == "refused"


def test_servfail_exits_4(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("www.example.net", "A").rcode("SERVFAIL")
    result = run("www.example.net", at(asyncdns_server), "--json")
    assert result.returncode == 4
    error = json.loads(result.stdout)
    assert (error["status"], error["error"]) == ("error", "servfail")
    assert "answered SERVFAIL" in error["message"]
    assert "answered SERVFAIL" in result.stderr


def test_truncated_udp_is_retried_over_tcp(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("www.example.net", "A").tcp_only()
    result = run("www.example.net", at(asyncdns_server), "+short")
    assert (result.returncode, result.stdout) == (0, "203.0.113.9\n")
    asyncdns_server.assert_queried("www.example.net", "A", transport="tcp", count=1)


@pytest.mark.slow
def test_timeout_exits_3(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("www.example.net", "A").drop()
    result = run("www.example.net", at(asyncdns_server), "--timeout", "0.5", "--json")
    assert result.returncode == 3
    error = json.loads(result.stdout)
    assert error["error"] == "timeout"
    assert result.stderr.startswith("asyncdns: www.example.net. IN A: ")
    assert asyncdns_server.queries  # it did ask


def test_ipv6_server(asyncdns_make_server: Callable[..., FakeDNSServer]) -> None:
    try:
        server = asyncdns_make_server(ZONE, host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    result = run("www.example.net", "AAAA", at(server), "+short")
    assert (result.returncode, result.stdout) == (0, "2001:db8::9\n")
    server.assert_queried("www.example.net", "AAAA", count=1)
