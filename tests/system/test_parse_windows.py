"""Windows: adapters, registry values and NRPT rules to configuration."""

from __future__ import annotations

import struct
import sys
from collections.abc import Callable
from typing import Any

import pytest

from asyncdns_system import SystemConfigError, SystemNameserver, WindowsSnapshot, parse_windows
from asyncdns_system.windows import fetch
from asyncdns_system.windows.parse import SITE_LOCAL_DEFAULTS, sockaddr_text
from pytest_asyncdns import windows_adapter

from ._support import load_json, windows_snapshot


def ns(address: str, port: int = 53, zone: str | None = None) -> SystemNameserver:
    return SystemNameserver(address=address, port=port, zone=zone)


def test_adapters_up_ordered_by_metric_without_site_local_defaults() -> None:
    config = parse_windows(load_json("windows", "adapters.json"))
    assert config.origin == "GetAdaptersAddresses"
    assert len(SITE_LOCAL_DEFAULTS) == 3
    # Ethernet's IPv6 servers (metric 5) come first, then its IPv4 one (25, duplicate
    # dropped), then Wi-Fi (35); the down adapter, the loopback pseudo-interface and the
    # fec0:0:0:ffff::1-3 placeholders are left out.
    assert config.nameservers == (
        ns("2001:db8:7::1"),
        ns("fe80::1", zone="7"),
        ns("203.0.113.1"),
        ns("198.51.100.1"),
    )
    # Connection-specific suffixes, by adapter metric.
    assert config.search == (b"office.example.test", b"example.test", b"home.example.test")
    assert config.routes == ()
    assert any("not-an-address" in w for w in config.warnings)


def test_nrpt_rules_become_routes() -> None:
    config = parse_windows(windows_snapshot("nrpt.json"))
    assert config.nameservers == (ns("198.51.100.1"),)
    # No SearchList: the primary suffix, then the connection-specific ones.
    assert config.search == (b"ad.example.test", b"office.example.test")
    routes = [(r.domain, r.exact, r.nameservers) for r in config.routes]
    corp = (ns("203.0.113.53"), ns("203.0.113.54"))
    assert routes == [
        (b"corp.example.test", False, corp),
        (b"intranet.example.test", True, corp),
        (b"lab.example.test", False, (ns("2001:db8:1ab::53"),)),
        (b".", False, (ns("198.51.100.200"),)),
    ]
    assert config.routes[0].origin == "nrpt:{0A1B2C3D-0000-4000-8000-000000000001}"
    warnings = "\n".join(config.warnings)
    assert "000000000004}: no generic DNS servers" in warnings
    assert "bad namespace 'bad..namespace'" in warnings
    assert "not an IP address: 'bogus'" in warnings


def test_registry_fallback() -> None:
    config = parse_windows(windows_snapshot("registry-fallback.json"))
    assert config.origin == "registry"
    # Global DHCP servers, then per interface: a static NameServer beats DhcpNameServer.
    assert config.nameservers == (
        ns("198.51.100.1"),
        ns("198.51.100.2"),
        ns("203.0.113.1"),
        ns("203.0.113.2"),
    )
    assert config.search == (b"corp.example.test", b"example.test")
    assert any("'junk'" in w for w in config.warnings)


def test_registry_suffixes_without_a_search_list() -> None:
    snapshot = windows_snapshot("registry-fallback.json")
    registry = dict(snapshot.registry, SearchList="")
    config = parse_windows(WindowsSnapshot(adapters=None, registry=registry))
    assert config.search == (b"static.example.test", b"dhcp.example.test")


def test_policy_search_list_wins() -> None:
    config = parse_windows(windows_snapshot("policy-search.json"))
    assert config.search == (b"policy.example.test", b"example.test")
    # A comma-separated server string is accepted too.
    assert config.nameservers == (ns("198.51.100.1"), ns("2001:db8::1"))


def test_plugin_shape(asyncdns_windows_adapters: Callable[..., list[Any]]) -> None:
    down = windows_adapter("Wi-Fi", [("127.0.0.9", 5300)], up=False, ipv4_metric=1)
    slow = windows_adapter("VPN", [("127.0.0.3", 5301)], ipv4_metric=50, dns_suffix="vpn.test")
    adapters = asyncdns_windows_adapters(
        [("127.0.0.1", 5300), ("127.0.0.2", 5300)],
        dns_suffix="corp.test",
        ipv4_metric=10,
        extra=[down, slow],
    )
    config = parse_windows(adapters)
    assert [n.server for n in config.nameservers] == [
        ("127.0.0.1", 5300),
        ("127.0.0.2", 5300),
        ("127.0.0.3", 5301),
    ]
    assert config.search == (b"corp.test", b"vpn.test")


def test_sockaddr_text() -> None:
    v4 = struct.pack("<HH4s8x", 2, 0, bytes([198, 51, 100, 7]))
    assert sockaddr_text(v4) == "198.51.100.7"
    addr = bytes.fromhex("20010db8000000000000000000000053")
    v6 = struct.pack("<HHI16sI", 23, 0, 0, addr, 0)
    assert sockaddr_text(v6) == "2001:db8::53"
    link = struct.pack("<HHI16sI", 23, 0, 0, bytes.fromhex("fe80" + "00" * 13 + "01"), 12)
    assert sockaddr_text(link) == "fe80::1%12"
    assert sockaddr_text(b"") is None
    assert sockaddr_text(struct.pack("<H", 2) + b"\x00") is None
    assert sockaddr_text(struct.pack("<H30x", 17)) is None


@pytest.mark.skipif(sys.platform == "win32", reason="checks the refusal off Windows")
def test_fetch_refuses_off_windows() -> None:
    for call in (fetch.fetch, fetch.read_adapters, fetch.read_registry, fetch.read_nrpt):
        with pytest.raises(SystemConfigError):
            call()
