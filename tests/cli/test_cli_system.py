"""``asyncdns --system``: the SmartResolver (hosts file, then DNS from a resolv.conf), always
with ``--hosts`` and ``--resolv-conf`` files the test wrote: the machine's own configuration
is never read."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pytest

from pytest_asyncdns import FakeDNSServer, HostsFile, ResolvConf

from ._cli_support import ZONE, run

pytestmark = [
    pytest.mark.asyncdns(zone=ZONE),
    pytest.mark.skipif(sys.platform == "win32", reason="resolv.conf files are read on UNIX"),
]


@pytest.fixture
def system_args(
    asyncdns_resolv_conf: Callable[..., ResolvConf],
    asyncdns_hosts_file: Callable[..., HostsFile],
) -> list[str]:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.net"])
    hosts = asyncdns_hosts_file({"198.51.100.200": ["www.example.net", "intranet"]})
    return ["--resolv-conf", str(conf.path), "--hosts", str(hosts.path), "--no-mdns"]


def test_hosts_file_first(asyncdns_server: FakeDNSServer, system_args: list[str]) -> None:
    result = run("www.example.net", *system_args, "--json")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["server"] == "the system's resolvers (hosts, mDNS, DNS)"
    assert [a["rdata"] for a in reply["answer"]] == ["198.51.100.200"]
    assert asyncdns_server.queries == []


def test_dns_from_the_resolv_conf(asyncdns_server: FakeDNSServer, system_args: list[str]) -> None:
    result = run("mail.example.net", *system_args, "+short")
    assert (result.returncode, result.stdout) == (0, "198.51.100.25\n")
    asyncdns_server.assert_queried("mail.example.net", "A", count=1)


def test_search_list_applies(asyncdns_server: FakeDNSServer, system_args: list[str]) -> None:
    result = run("api", *system_args, "+short", "+tcp")
    assert (result.returncode, result.stdout) == (0, "www.example.net.\n203.0.113.9\n")
    asyncdns_server.assert_queried("api.example.net", "A", transport="tcp")


def test_system_nxdomain_exits_1(asyncdns_server: FakeDNSServer, system_args: list[str]) -> None:
    result = run("nope.example.net.", *system_args)
    assert result.returncode == 1
    assert ";; Non-existent domain" in result.stdout
    asyncdns_server.assert_queried("nope.example.net", "A")


def test_trace_names_the_source(asyncdns_server: FakeDNSServer, system_args: list[str]) -> None:
    from_hosts = run("www.example.net", *system_args, "+trace")
    assert from_hosts.returncode == 0, from_hosts.stderr
    walk, reply = from_hosts.stdout.split("\n\n", 1)
    assert "the hosts file" in walk
    assert reply.startswith(";; www.example.net.\tIN\tA\t(asked the system's resolvers")
    assert asyncdns_server.queries == []  # +trace with --system walks nothing

    from_dns = run("mail.example.net", *system_args, "+trace", "--json")
    assert from_dns.returncode == 0, from_dns.stderr
    reply_json = json.loads(from_dns.stdout)
    host, port = asyncdns_server.address
    assert any(f"{host}#{port} mail.example.net. A: reply" in s for s in reply_json["trace"])
    assert [a["rdata"] for a in reply_json["answer"]] == ["198.51.100.25"]
