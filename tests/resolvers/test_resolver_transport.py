"""Transport and failover: EDNS over UDP, TC to TCP, force_tcp, FORMERR fallback, IPv6,
timeouts, error rcodes, the errors when every server fails, health and backoff."""

from __future__ import annotations

import itertools
import socket
import time

import pytest

from asyncdns_resolvers import (
    NoNameservers,
    ResolutionTimeout,
    Resolver,
    ResolverError,
    ServerFailure,
)
from asyncdns_wire import AAAA, Message
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import (
    WWW,
    WWW_ADDRESS,
    ZONE,
    MakeServer,
    addresses,
    fast,
    query,
    resolve,
)

pytestmark = [pytest.mark.asyncdns(zone=ZONE), pytest.mark.usefixtures("fail_on_loop_errors")]


MULTI = "multi.example.test"


async def test_udp_with_edns(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    (record,) = asyncdns_server.queries
    assert record.transport == "udp"
    assert record.edns
    assert record.edns_payload == 1232
    assert record.edns_version == 0
    assert not record.edns_do
    assert record.rd
    assert reply.edns is not None


async def test_edns_can_be_turned_off(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast(edns_payload=None)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    asyncdns_server.assert_queried(WWW, edns=False, count=1)
    assert reply.edns is None


async def test_dnssec_ok_sets_the_do_bit(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast(dnssec_ok=True)) as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
    asyncdns_server.assert_queried(WWW, edns=True, do=True, count=1)


@pytest.mark.parametrize("partial", [False, True])
async def test_truncated_reply_is_retried_over_tcp(
    asyncdns_server: FakeDNSServer, partial: bool
) -> None:
    asyncdns_server.on(MULTI, "A").truncate(partial=partial)
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(MULTI), asyncdns_server.address)
    assert not reply.flags & 0x0200
    assert sorted(addresses(reply)) == ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    assert [q.transport for q in asyncdns_server.queries] == ["udp", "tcp"]


async def test_force_tcp(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        for name in (WWW, MULTI, "api.example.test"):
            reply = await resolve(resolver, query(name), asyncdns_server.address, force_tcp=True)
            assert reply.answers
    assert [q.transport for q in asyncdns_server.queries] == ["tcp"] * 3


async def test_formerr_without_opt_is_retried_without_edns(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW, "A").rcode("FORMERR", with_opt=False, once=True)
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert [q.edns for q in asyncdns_server.queries] == [True, False]


async def test_formerr_with_opt_is_a_server_failure(asyncdns_server: FakeDNSServer) -> None:
    """A server that understood the OPT record and still says FORMERR is not retried plain."""
    asyncdns_server.on(WWW, "A").rcode("FORMERR", with_opt=True)
    async with Resolver(fast(attempts=2)) as resolver:
        with pytest.raises(NoNameservers) as info:
            await resolve(resolver, query(), asyncdns_server.address)
    assert all(q.edns for q in asyncdns_server.queries)
    assert [e.rcode for _, e in info.value.errors if isinstance(e, ServerFailure)] == [1, 1]


async def test_ipv6_loopback_server(asyncdns_make_server: MakeServer) -> None:
    try:
        server = asyncdns_make_server(ZONE, host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback: {exc}")
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(WWW, AAAA), server.address)
        tcp = await resolve(resolver, query(), server.address, force_tcp=True)
    assert addresses(reply) == ["2001:db8::80"]
    assert addresses(tcp) == [WWW_ADDRESS]
    assert [q.transport for q in server.queries] == ["udp", "tcp"]
    assert all(q.client[0] == "::1" for q in server.queries)


async def test_ipv6_loopback_with_a_zone_id(asyncdns_make_server: MakeServer) -> None:
    # A zone id given by interface name or index reaches the server over UDP and TCP alike
    # (the C library's getaddrinfo takes a name on link-local addresses only).
    loopbacks = [(i, n) for i, n in socket.if_nameindex() if n in ("lo", "lo0")]
    if not loopbacks:
        pytest.skip("no loopback interface named lo or lo0")
    index, name = loopbacks[0]
    try:
        server = asyncdns_make_server(ZONE, host="::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback: {exc}")
    port = server.address[1]
    async with Resolver(fast()) as resolver:
        for zone in (name, str(index)):
            for force_tcp in (False, True):
                reply = await resolve(resolver, query(), (f"::1%{zone}", port), force_tcp=force_tcp)
                assert addresses(reply) == [WWW_ADDRESS]
    assert [q.transport for q in server.queries] == ["udp", "tcp"] * 2


async def test_timeout_moves_to_the_next_server(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    asyncdns_server.on(WWW).drop()
    good = asyncdns_make_server(ZONE)
    start = time.monotonic()
    async with Resolver(fast()) as resolver:
        reply = await resolve(resolver, query(), iter([asyncdns_server.address, good.address]))
    assert addresses(reply) == [WWW_ADDRESS]
    assert time.monotonic() - start >= 0.19  # the first server's timeout
    assert len(asyncdns_server.queries) == 1
    assert len(good.queries) == 1


async def test_timeout_with_a_server_list_still_answers(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    asyncdns_server.on(WWW).drop()
    good = asyncdns_make_server(ZONE)
    async with Resolver(fast()) as resolver:
        reply = await resolve(resolver, query(), [asyncdns_server.address, good.address])
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(good.queries) == 1


@pytest.mark.parametrize("rcode", ["SERVFAIL", "REFUSED", "NOTIMP"])
async def test_error_rcode_moves_to_the_next_server(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer, rcode: str
) -> None:
    asyncdns_server.on(WWW).rcode(rcode)
    good = asyncdns_make_server(ZONE)
    start = time.monotonic()
    async with Resolver(fast(timeout=2.0)) as resolver:
        reply = await resolve(resolver, query(), iter([asyncdns_server.address, good.address]))
    assert addresses(reply) == [WWW_ADDRESS]
    assert time.monotonic() - start < 1.0  # no timeout was waited for
    assert len(asyncdns_server.queries) == 1
    assert len(good.queries) == 1


async def test_every_server_failing_raises_no_nameservers(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    asyncdns_server.on(WWW).rcode("SERVFAIL")
    refusing = asyncdns_make_server(ZONE)
    refusing.on(WWW).rcode("REFUSED")
    servers = [asyncdns_server.address, refusing.address]
    async with Resolver(fast(attempts=4)) as resolver:
        with pytest.raises(NoNameservers) as info:
            await resolve(resolver, query(), servers)
    exc = info.value
    assert isinstance(exc, ResolverError)
    assert {server for server, _ in exc.errors} == set(servers)
    rcodes = {server: e.rcode for server, e in exc.errors if isinstance(e, ServerFailure)}
    assert rcodes == {asyncdns_server.address: 2, refusing.address: 5}
    assert len(exc.errors) == 4
    text = str(exc)
    for host, port in servers:
        assert f"{host}:{port}" in text
    assert "SERVFAIL" in text
    assert "REFUSED" in text
    assert len(asyncdns_server.queries) + len(refusing.queries) == 4


async def test_every_server_silent_raises_resolution_timeout(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    silent = asyncdns_make_server(ZONE)
    for server in (asyncdns_server, silent):
        server.on(WWW).drop()
    servers = [asyncdns_server.address, silent.address]
    start = time.monotonic()
    async with Resolver(fast(timeout=0.1, attempts=4)) as resolver:
        with pytest.raises(TimeoutError) as info:
            await resolve(resolver, query(), servers)
    assert time.monotonic() - start < 2.5
    exc = info.value
    assert isinstance(exc, ResolutionTimeout)
    assert isinstance(exc, ResolverError)
    assert len(exc.tried) == 4
    assert {server for server, _ in exc.tried} == set(servers)
    assert all(what == "timeout" for _, what in exc.tried)
    assert len(asyncdns_server.queries) + len(silent.queries) == 4


async def test_lifetime_bounds_the_lookup(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).drop()
    start = time.monotonic()
    async with Resolver(fast(timeout=0.2, max_timeout=5.0, lifetime=0.5, attempts=10)) as r:
        with pytest.raises(ResolutionTimeout):
            await resolve(r, query(), asyncdns_server.address)
    elapsed = time.monotonic() - start
    assert 0.45 <= elapsed < 1.5
    assert len(asyncdns_server.queries) == 2  # at 0 and 0.2; the next would be past 0.5


async def test_a_failing_server_is_tried_last_on_the_next_lookup(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    asyncdns_server.on().rcode("REFUSED")
    good = asyncdns_make_server(ZONE)
    async with Resolver(fast(attempts=2)) as resolver:
        with pytest.raises(NoNameservers):
            await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 2
        servers = [asyncdns_server.address, good.address]
        for i in range(10):
            reply = await resolve(resolver, query(f"h{i}.bulk.example.test"), servers)
            assert addresses(reply) == ["203.0.113.7"]
    # The failing server is probed first once in 20 picks; without health it would be 1 in 2.
    # Five probes out of ten would happen with probability below 1e-4.
    probes = len(asyncdns_server.queries) - 2
    assert probes <= 4
    assert len(good.queries) == 10


async def test_a_slow_server_is_tried_after_a_healthy_one(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    """A timeout also counts as a failure: the next lookups start with the other server."""
    asyncdns_server.on().drop()
    good = asyncdns_make_server(ZONE)
    async with Resolver(fast(timeout=0.1, max_timeout=0.1, attempts=2)) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 2
        servers = [asyncdns_server.address, good.address]
        start = time.monotonic()
        for i in range(10):
            await resolve(resolver, query(f"t{i}.bulk.example.test"), servers)
        elapsed = time.monotonic() - start
    assert len(good.queries) == 10
    probes = len(asyncdns_server.queries) - 2
    assert probes <= 4
    assert elapsed < 0.1 * probes + 0.5


async def test_retransmission_backoff(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).drop()
    options = fast(timeout=0.05, max_timeout=0.4, lifetime=4.0, attempts=6)
    async with Resolver(options) as r:
        with pytest.raises(ResolutionTimeout):
            await resolve(r, query(), asyncdns_server.address)
    times = [q.time for q in asyncdns_server.queries]
    assert len(times) == 6
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # Doubling from 0.05 s, capped at max_timeout: 0.05, 0.1, 0.2, 0.4, 0.4. Timers never fire
    # early, so the lower bounds are tight; a loaded machine makes them late, so the upper
    # bounds are loose (but an uncapped last gap, 0.8 s, still fails).
    for gap, want in zip(gaps, [0.05, 0.1, 0.2, 0.4, 0.4], strict=True):
        assert want - 0.01 <= gap <= want + 0.25, gaps


async def test_a_closed_port_fails_fast(asyncdns_make_server: MakeServer) -> None:
    """ICMP port unreachable on the connected socket is a failure, not a timeout."""
    gone = asyncdns_make_server(ZONE)
    address = gone.address
    gone.close()
    try:
        start = time.monotonic()
        async with Resolver(fast(timeout=2.0, attempts=2)) as resolver:
            with pytest.raises(NoNameservers) as info:
                await resolve(resolver, query(), address)
        assert time.monotonic() - start < 1.0
        assert all(isinstance(e, OSError) for _, e in info.value.errors)
    finally:
        gone.start()  # back to the pool in working order (on a new port)


async def test_a_reply_is_a_message(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        reply = await resolve(resolver, query("nothing.example.test"), asyncdns_server.address)
    assert isinstance(reply, Message)
    assert reply.rcode == 3
