"""MulticastResolver pieces that need no multicast: options, argument checks, the on-link
filter, hop-limit parsing and the kernel address dump. Nothing here sends a packet; the
real multicast tests run in a private network namespace (test_mdns_netns.py)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import sys
from typing import Any

import pytest

from asyncdns_resolvers import (
    MulticastOptions,
    MulticastResolver,
    ResolverClosed,
    is_mdns_name,
)
from asyncdns_resolvers._mdns_link import LinkFilter, interface_networks
from asyncdns_resolvers._mdns_socket import hop_limit, interface_index
from asyncdns_wire import PTR, A, Query

# -- options -------------------------------------------------------------------------------


def test_default_options() -> None:
    opts = MulticastOptions()
    assert (opts.group_v4, opts.group_v6, opts.port) == ("224.0.0.251", "ff02::fb", 5353)
    assert opts.interface is None
    assert not opts.allow_any_name
    assert opts.listen_multicast
    assert not opts.check_hop_limit
    assert 1.0 <= opts.timeout <= 2.0
    assert 0.1 <= opts.gather <= 0.25
    assert opts.attempts == 2
    with pytest.raises(AttributeError):
        opts.port = 53  # type: ignore[misc]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("group_v4", "198.51.100.1", ValueError),  # not multicast
        ("group_v4", "ff02::fb", ValueError),  # wrong version
        ("group_v4", "nonsense", ValueError),
        ("group_v4", 5, TypeError),
        ("group_v6", "224.0.0.251", ValueError),
        ("group_v6", "2001:db8::1", ValueError),
        ("port", 0, ValueError),
        ("port", 70000, ValueError),
        ("port", "5353", TypeError),
        ("port", True, TypeError),
        ("timeout", 0, ValueError),
        ("timeout", float("inf"), ValueError),
        ("timeout", "1", TypeError),
        ("retry_interval", -1, ValueError),
        ("gather", -0.1, ValueError),
        ("attempts", 0, ValueError),
        ("cache_size", -1, ValueError),
        ("min_ttl", -1, ValueError),
        ("allow_any_name", 1, TypeError),
        ("check_hop_limit", "yes", TypeError),
        ("interface", 0, ValueError),
        ("interface", "", ValueError),
        ("interface", 1.5, TypeError),
        ("interface", True, TypeError),
    ],
)
def test_bad_options(field: str, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        MulticastOptions(**{field: value})


def test_min_ttl_above_max_ttl() -> None:
    with pytest.raises(ValueError, match="min_ttl"):
        MulticastOptions(min_ttl=10, max_ttl=5)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        MulticastOptions("224.0.0.251")  # type: ignore[call-arg]


# -- argument checks (all raised before any socket exists) ------------------------------------


async def test_names_outside_the_mdns_zones_are_refused() -> None:
    async with MulticastResolver() as resolver:
        for name in (
            "www.example.com",
            "printer.local.example",
            "localhost",
            "1.2.0.192.in-addr.arpa",
        ):
            with pytest.raises(ValueError, match="not a Multicast DNS name"):
                resolver.lookup(Query(name, A))
        assert resolver.group_members() == []
        assert resolver.in_flight == 0


async def test_bad_arguments() -> None:
    async with MulticastResolver() as resolver:
        with pytest.raises(TypeError):
            resolver.lookup("printer.local")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            resolver.lookup(Query("printer.local", A), use_ipv6=1)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            resolver.lookup(Query("printer.local", A), unicast_reply="yes")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="QU bit"):
            resolver.lookup(Query("printer.local", A, 0x8001))
    with pytest.raises(TypeError):
        MulticastResolver(options={"timeout": 1})  # type: ignore[arg-type]


async def test_closed_resolver_fails_lookups_without_sending() -> None:
    resolver = MulticastResolver()
    resolver.close()
    resolver.close()  # idempotent
    assert resolver.closed
    fut = resolver.lookup(Query("printer.local", A))
    with pytest.raises(ResolverClosed):
        await fut
    assert resolver.group_members() == []


def test_predicate_is_exported() -> None:
    import asyncdns_resolvers

    assert asyncdns_resolvers.is_mdns_name is is_mdns_name
    assert "MulticastResolver" in asyncdns_resolvers.__all__
    reverse = Query(ipaddress.ip_address("169.254.3.4"), PTR)
    assert is_mdns_name(reverse.name)


# -- the on-link filter (pure: subnets given) --------------------------------------------------

V4_NETS: list[Any] = [ipaddress.ip_network("198.51.100.0/24"), ipaddress.ip_network("127.0.0.0/8")]
V6_NETS: list[Any] = [ipaddress.ip_network("2001:db8:1::/64")]


def test_v4_sources() -> None:
    f = LinkFilter(socket.AF_INET, 2, networks=V4_NETS)
    assert f.accepts("198.51.100.9", 0, 64, 0.0)
    assert f.accepts("127.0.0.1", 0, None, 0.0)
    assert f.accepts("169.254.7.7", 0, 1, 0.0)  # link-local, always on-link
    assert not f.accepts("203.0.113.9", 0, 64, 0.0)
    assert not f.accepts("203.0.113.9", 0, 255, 0.0)  # subnets known: the address decides
    assert not f.accepts("198.51.101.1", 0, 64, 0.0)
    assert not f.accepts("not an address", 0, 64, 0.0)


def test_v6_sources() -> None:
    f = LinkFilter(socket.AF_INET6, 3, networks=V6_NETS)
    assert f.accepts("fe80::1", 3, 64, 0.0)
    assert f.accepts("fe80::1%mdns0", 3, 64, 0.0)
    assert not f.accepts("fe80::1", 7, 64, 0.0)  # link-local, but on another interface
    assert f.accepts("2001:db8:1::5", 3, 64, 0.0)
    assert not f.accepts("2001:db8:2::5", 3, 64, 0.0)
    any_interface = LinkFilter(socket.AF_INET6, 0, networks=V6_NETS)
    assert any_interface.accepts("fe80::1", 7, 64, 0.0)


def test_hop_limit_check() -> None:
    f = LinkFilter(socket.AF_INET, 0, check_hop_limit=True, networks=V4_NETS)
    assert f.accepts("198.51.100.9", 0, 255, 0.0)
    assert not f.accepts("198.51.100.9", 0, 254, 0.0)
    assert not f.accepts("198.51.100.9", 0, 64, 0.0)
    assert not f.accepts("169.254.1.1", 0, 1, 0.0)
    assert f.accepts("198.51.100.9", 0, None, 0.0)  # not reported: the address check alone
    assert not f.accepts("203.0.113.9", 0, 255, 0.0)


def test_unknown_subnets_need_the_hop_limit() -> None:
    f = LinkFilter(socket.AF_INET, 0)
    f._networks = None
    f._static = True  # as on a system where the subnets cannot be read
    assert f.accepts("198.51.100.9", 0, 255, 0.0)
    assert not f.accepts("198.51.100.9", 0, 64, 0.0)
    assert not f.accepts("198.51.100.9", 0, None, 0.0)
    assert f.accepts("169.254.1.1", 0, None, 0.0)


def test_verdicts_are_remembered_and_refreshed(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    nets: list[Any] = [ipaddress.ip_network("198.51.100.0/24")]

    def fake(family: int, ifindex: int) -> list[Any]:
        reads.append(ifindex)
        return list(nets)

    monkeypatch.setattr("asyncdns_resolvers._mdns_link.interface_networks", fake)
    f = LinkFilter(socket.AF_INET, 4)
    assert f.accepts("198.51.100.9", 0, 64, 100.0)
    assert not f.accepts("203.0.113.9", 0, 64, 100.5)
    assert reads == [4]  # read once
    nets.append(ipaddress.ip_network("203.0.113.0/24"))  # an address was added to the link
    assert not f.accepts("203.0.113.9", 0, 64, 101.0)  # not re-read within 5 s
    assert f.accepts("203.0.113.9", 0, 64, 106.0)
    assert reads == [4, 4]
    assert f.accepts("198.51.100.9", 0, 64, 107.0)  # judged again, from the fresh read
    assert f.accepts("203.0.113.9", 0, 64, 500.0)  # an accepted source is remembered
    assert reads == [4, 4]


# -- hop limits from ancillary data ----------------------------------------------------------


def test_hop_limit_parsing() -> None:
    native = sys.byteorder
    assert hop_limit([]) is None
    assert hop_limit([(socket.IPPROTO_IP, socket.IP_TTL, (255).to_bytes(4, native))]) == 255
    assert hop_limit([(socket.IPPROTO_IP, socket.IP_TTL, (64).to_bytes(4, native))]) == 64
    assert hop_limit([(socket.IPPROTO_IP, socket.IP_TTL, b"\xff")]) == 255  # BSD style, 1 octet
    if hasattr(socket, "IPV6_HOPLIMIT"):
        item = (socket.IPPROTO_IPV6, socket.IPV6_HOPLIMIT, (1).to_bytes(4, native))
        assert hop_limit([item]) == 1
    assert hop_limit([(socket.SOL_SOCKET, 99, b"\x01\x02\x03\x04")]) is None


def test_interface_index() -> None:
    assert interface_index(None) == 0
    assert interface_index(7) == 7
    name = socket.if_indextoname(1)
    assert interface_index(name) == 1
    with pytest.raises(OSError):
        interface_index("no-such-interface0")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rtnetlink is Linux only")
def test_kernel_address_dump_sees_loopback() -> None:
    lo = socket.if_nametoindex("lo")
    v4 = interface_networks(socket.AF_INET, lo)
    assert v4 is not None
    assert ipaddress.ip_network("127.0.0.0/8") in v4
    every = interface_networks(socket.AF_INET, 0)
    assert every is not None
    assert set(v4) <= set(every)
    v6 = interface_networks(socket.AF_INET6, lo)
    if v6:  # IPv6 may be disabled
        assert all(net.version == 6 for net in v6)
    assert interface_networks(socket.AF_INET, 10**6) == []  # no such interface: no subnets


def test_lookup_without_a_running_loop_is_lazy() -> None:
    # No running loop: the future belongs to a new loop and nothing is sent before it runs;
    # closing before running cancels it.
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        resolver = MulticastResolver()
        resolver.close()
        fut = resolver.lookup(Query("printer.local", A))
        assert isinstance(fut.exception(), ResolverClosed)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def test_trace_must_be_a_trace() -> None:
    async with MulticastResolver() as resolver:
        with pytest.raises(TypeError):
            resolver.lookup(Query("printer.local", A), trace=[])  # type: ignore[arg-type]
