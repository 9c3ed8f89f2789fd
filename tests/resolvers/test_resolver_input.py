"""Malformed arguments fail at call time; lazy iterators fail the future; nothing is lost
under load."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from asyncdns_resolvers import NoNameservers, NoServersLeft, Resolver, ResolverOptions
from asyncdns_resolvers._exchange import Exchange
from asyncdns_resolvers._tcp import TcpPool
from asyncdns_resolvers._udp import UdpPool
from asyncdns_wire import Query
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import WWW, ZONE, addresses, fast, query, resolve

pytestmark = [pytest.mark.asyncdns(zone=ZONE), pytest.mark.usefixtures("fail_on_loop_errors")]


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("www.example.test", id="str"),
        pytest.param(b"www.example.test", id="bytes"),
        pytest.param(("www.example.test", 1), id="tuple"),
        pytest.param(None, id="None"),
    ],
)
async def test_query_must_be_a_query(asyncdns_server: FakeDNSServer, bad: Any) -> None:
    async with Resolver() as resolver:
        with pytest.raises(TypeError, match="Query"):
            resolver.lookup(bad, asyncdns_server.address)
        assert resolver.in_flight == 0


@pytest.mark.parametrize(
    ("servers", "error"),
    [
        pytest.param(("127.0.0.1", 0), ValueError, id="port-0"),
        pytest.param(("127.0.0.1", 65536), ValueError, id="port-too-big"),
        pytest.param(("127.0.0.1", -53), ValueError, id="negative-port"),
        pytest.param(("127.0.0.1", "53"), TypeError, id="port-str"),
        pytest.param(("127.0.0.1", True), TypeError, id="port-bool"),
        pytest.param(("localhost", 53), ValueError, id="hostname"),
        pytest.param(("127.0.0.1:53", 53), ValueError, id="address-with-port"),
        pytest.param((b"127.0.0.1", 53), TypeError, id="address-bytes"),
        pytest.param(("127.0.0.1",), TypeError, id="one-element"),
        pytest.param(("127.0.0.1", 53, 0), TypeError, id="three-elements"),
        pytest.param("127.0.0.1", TypeError, id="str"),
        pytest.param(53, TypeError, id="int"),
        pytest.param([], ValueError, id="empty-list"),
        pytest.param([("127.0.0.1", 53), "x"], TypeError, id="list-with-junk"),
        pytest.param([("127.0.0.1", 53), ("::1", 0)], ValueError, id="list-with-bad-port"),
        pytest.param(("127.0.0.1%lo", 53), ValueError, id="ipv4-with-zone"),
        pytest.param(("fe80::1%", 53), ValueError, id="empty-zone"),
        pytest.param(("fe80::1%" + "x" * 70, 53), ValueError, id="zone-too-long"),
        pytest.param(("fe80::1%a b", 53), ValueError, id="zone-with-space"),
        pytest.param(("fe80::1%99999999999", 53), ValueError, id="zone-index-too-big"),
    ],
)
async def test_malformed_servers_fail_at_call_time(servers: Any, error: type[Exception]) -> None:
    async with Resolver() as resolver:
        with pytest.raises(error):
            resolver.lookup(query(), servers)
        assert resolver.in_flight == 0
        assert resolver.open_sockets() == 0


@pytest.mark.parametrize("flag", ["should_cache", "recursive", "prefer_ipv6", "force_tcp"])
async def test_flags_must_be_bools(asyncdns_server: FakeDNSServer, flag: str) -> None:
    async with Resolver() as resolver:
        with pytest.raises(TypeError, match=flag):
            resolver.lookup(query(), asyncdns_server.address, **{flag: 1})
    assert not asyncdns_server.queries


async def test_a_malformed_list_is_refused_even_after_the_same_pair_as_a_tuple(
    asyncdns_server: FakeDNSServer,
) -> None:
    async with Resolver(fast()) as resolver:
        await resolve(resolver, query(), asyncdns_server.address)  # the tuple, remembered
        with pytest.raises(TypeError):
            resolver.lookup(query(), list(asyncdns_server.address))  # ["127.0.0.1", port]
        assert resolver.in_flight == 0


async def test_a_zone_naming_no_interface_fails_each_attempt_and_ends() -> None:
    # Well-formed, so accepted at call time; no interface has that name, so no socket can be
    # opened (nothing is sent): each attempt fails, and the lookup ends with what happened.
    server = ("fe80::1%nosuchif0", 53)
    async with Resolver(fast(attempts=2)) as resolver:
        for _ in range(2):  # the second, identical lookup finds nothing stranded to join
            with pytest.raises(NoNameservers) as info:
                await asyncio.wait_for(resolver.lookup(query(), server), 5)
            assert [type(e) for _, e in info.value.errors] == [ValueError, ValueError]
            assert resolver.in_flight == 0
        assert resolver.open_sockets() == 0


@pytest.mark.parametrize("transport", ["udp", "tcp"])
async def test_an_unexpected_error_while_sending_fails_the_attempt(
    asyncdns_server: FakeDNSServer, monkeypatch: pytest.MonkeyPatch, transport: str
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("broken transport")

    pool = UdpPool if transport == "udp" else TcpPool
    monkeypatch.setattr(pool, "acquire" if transport == "udp" else "query", broken)
    async with Resolver(fast(attempts=2)) as resolver:
        with pytest.raises(NoNameservers) as info:
            await asyncio.wait_for(
                resolver.lookup(query(), asyncdns_server.address, force_tcp=transport == "tcp"), 5
            )
        assert [str(e) for _, e in info.value.errors] == ["broken transport"] * 2
        assert resolver.in_flight == 0


def test_an_error_starting_a_lookup_made_before_the_loop_runs_fails_its_future(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Any, now: float | None = None) -> None:
        raise RuntimeError("broken start")

    monkeypatch.setattr(Exchange, "_next_server", broken)
    loop = asyncio.new_event_loop()
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        asyncio.set_event_loop(loop)
        resolver = Resolver()
        future = resolver.lookup(query(), ("127.0.0.1", 9))  # the seed's way: no loop running
        with pytest.raises(RuntimeError, match="broken start"):
            loop.run_until_complete(asyncio.wait_for(future, 5))
        assert resolver.in_flight == 0
        assert errors == []
        resolver.close()
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def test_a_bad_server_from_an_iterator_fails_the_future() -> None:
    """An iterator is consumed lazily, so its bad item can only fail the lookup's future."""
    async with Resolver() as resolver:
        future = resolver.lookup(query(), iter([("not-an-address", 53)]))
        with pytest.raises(ValueError, match="IP address"):
            await asyncio.wait_for(future, 2)
        assert resolver.in_flight == 0


async def test_an_iterator_raising_after_a_failover_fails_the_future(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).rcode("SERVFAIL")

    def servers() -> Iterator[tuple[str, int]]:
        yield asyncdns_server.address
        raise RuntimeError("the server list broke")

    async with Resolver(fast()) as resolver:
        with pytest.raises(RuntimeError, match="broke"):
            await asyncio.wait_for(resolver.lookup(query(), servers()), 2)
        assert resolver.in_flight == 0
    assert len(asyncdns_server.queries) == 1


async def test_stop_iteration_is_not_confused_with_an_error() -> None:
    async with Resolver() as resolver:
        with pytest.raises(NoServersLeft):
            await asyncio.wait_for(resolver.lookup(query(), iter(())), 2)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        pytest.param({"timeout": -1.0}, ValueError, id="negative-timeout"),
        pytest.param({"timeout": 0}, ValueError, id="zero-timeout"),
        pytest.param({"max_timeout": -1.0}, ValueError, id="negative-max-timeout"),
        pytest.param({"lifetime": -5}, ValueError, id="negative-lifetime"),
        pytest.param({"timeout": math.inf}, ValueError, id="infinite-timeout"),
        pytest.param({"lifetime": math.nan}, ValueError, id="nan-lifetime"),
        pytest.param({"max_ttl": math.nan}, ValueError, id="nan-max-ttl"),
        pytest.param({"serve_stale": math.nan}, ValueError, id="nan-serve-stale"),
        pytest.param({"attempts": 0}, ValueError, id="no-attempts"),
        pytest.param({"attempts": -1}, ValueError, id="negative-attempts"),
        pytest.param({"max_udp_uses": 0}, ValueError, id="no-udp-uses"),
        pytest.param({"cache_size": -1}, ValueError, id="negative-cache-size"),
        pytest.param({"min_ttl": -1}, ValueError, id="negative-min-ttl"),
        pytest.param({"max_ttl": -1}, ValueError, id="negative-max-ttl"),
        pytest.param({"max_negative_ttl": -1}, ValueError, id="negative-max-negative-ttl"),
        pytest.param({"serve_stale": -1.0}, ValueError, id="negative-serve-stale"),
        pytest.param({"tcp_idle_timeout": -1.0}, ValueError, id="negative-tcp-idle"),
        pytest.param({"edns_payload": 100}, ValueError, id="small-edns-payload"),
        pytest.param({"edns_payload": 70000}, ValueError, id="large-edns-payload"),
        pytest.param({"edns_payload": 1232.0}, TypeError, id="float-edns-payload"),
        pytest.param({"edns_payload": True}, TypeError, id="bool-edns-payload"),
        pytest.param({"udp_rcvbuf": 1 << 40}, ValueError, id="huge-udp-rcvbuf"),
        pytest.param({"timeout": "1"}, TypeError, id="str-timeout"),
        pytest.param({"attempts": 2.5}, TypeError, id="float-attempts"),
        pytest.param({"attempts": True}, TypeError, id="bool-attempts"),
    ],
)
def test_bad_options_are_rejected(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        ResolverOptions(**options)


def test_options_must_be_resolver_options() -> None:
    with pytest.raises(TypeError):
        Resolver({"timeout": 1.0})  # type: ignore[arg-type]


def test_options_are_keyword_only_and_frozen() -> None:
    with pytest.raises(TypeError):
        ResolverOptions(1.0)  # type: ignore[misc]
    options = ResolverOptions()
    with pytest.raises(AttributeError):
        options.timeout = 2.0  # type: ignore[misc]


def _names(count: int) -> list[bytes]:
    """Distinct names, every other one under the wildcard, the rest NXDOMAIN."""
    return [
        f"n{i}.bulk.example.test".encode() if i % 2 == 0 else f"n{i}.missing.example.test".encode()
        for i in range(count)
    ]


async def _flood(resolver: Resolver, servers: Any, count: int) -> list[Any]:
    futures = [resolver.lookup(Query(name, 1), servers) for name in _names(count)]
    return await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), 60)


@pytest.mark.slow
async def test_nothing_is_lost_under_load(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: Callable[..., FakeDNSServer]
) -> None:
    """10,000 concurrent lookups for distinct names: every one answers or is NXDOMAIN.

    One fake server (Python and dnslib, default 208 KiB receive buffer) takes about 600 queries
    of a burst and drops the rest, so the load is spread over four of them and the options
    allow the retransmissions such bursts need.
    """
    count = 10_000
    servers = [asyncdns_server, *(asyncdns_make_server(ZONE) for _ in range(3))]
    options = ResolverOptions(timeout=1.0, max_timeout=2.0, lifetime=28.0, attempts=30)
    start = time.monotonic()
    async with Resolver(options) as resolver:
        results = await _flood(resolver, [s.address for s in servers], count)
        assert resolver.in_flight == 0
    elapsed = time.monotonic() - start
    failures = [x for x in results if isinstance(x, BaseException)]
    assert not failures, f"{len(failures)} lookups failed, e.g. {failures[:3]!r}"
    answered = [x for x in results if x.rcode == 0]
    nxdomain = [x for x in results if x.rcode == 3]
    assert len(answered) == count // 2
    assert len(nxdomain) == count // 2
    assert all(addresses(x) == ["203.0.113.7"] for x in answered)
    assert all(x.questions[0].name == y for x, y in zip(results, _names(count), strict=True))
    assert elapsed < 30
    assert len({q.qname.lower() for s in servers for q in s.queries}) == count


async def test_many_concurrent_lookups(asyncdns_server: FakeDNSServer) -> None:
    """A quick version of the load test, run always."""
    async with Resolver() as resolver:
        results = await _flood(resolver, asyncdns_server.address, 500)
    assert all(not isinstance(x, BaseException) for x in results)
    assert sorted({x.rcode for x in results}) == [0, 3]


async def test_a_reply_for_each_lookup(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        www = await resolve(resolver, query(), asyncdns_server.address)
        api = await resolve(resolver, query("api.example.test"), asyncdns_server.address)
    assert www.questions[0].name.lower() == b"www.example.test"
    assert api.questions[0].name.lower() == b"api.example.test"
