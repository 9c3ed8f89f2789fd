"""The Resolver's cache as the network sees it: hits, TTL countdown, bypass, negative
caching, keys per servers, in-flight sharing and serve-stale."""

from __future__ import annotations

import asyncio
import gc

import pytest

from asyncdns_resolvers import NoNameservers, ResolutionTimeout, Resolver, RoundRobinServer
from asyncdns_wire import SOA, rr
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
    wait_queries,
    wait_until,
)

pytestmark = [pytest.mark.asyncdns(zone=ZONE), pytest.mark.usefixtures("fail_on_loop_errors")]


async def test_second_lookup_is_served_from_the_cache(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        first = await resolve(resolver, query(), asyncdns_server.address)
        second = await resolve(resolver, query(), asyncdns_server.address)
        third = await resolve(resolver, query("WWW.EXAMPLE.TEST"), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 1
    assert addresses(first) == addresses(second) == addresses(third) == [WWW_ADDRESS]
    assert second.answers[0].ttl <= 300
    assert second is not first
    assert second.answers[0] is not first.answers[0]


async def test_cached_reply_is_independent_of_the_callers_copy(
    asyncdns_server: FakeDNSServer,
) -> None:
    async with Resolver() as resolver:
        first = await resolve(resolver, query(), asyncdns_server.address)
        first.answers.clear()
        second = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(second) == [WWW_ADDRESS]


async def test_ttl_counts_down(asyncdns_server: FakeDNSServer) -> None:
    name = "short.example.test"  # TTL 5
    async with Resolver() as resolver:
        first = await resolve(resolver, query(name), asyncdns_server.address)
        assert [r.ttl for r in first.answers] == [5]
        await asyncio.sleep(1.1)
        later = await resolve(resolver, query(name), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 1
    assert [r.ttl for r in later.answers] in ([4], [3])


async def test_expired_entry_is_fetched_again(asyncdns_server: FakeDNSServer) -> None:
    name = "brief.example.test"  # TTL 1
    async with Resolver() as resolver:
        await resolve(resolver, query(name), asyncdns_server.address)
        await resolve(resolver, query(name), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 1
        await asyncio.sleep(1.1)
        reply = await resolve(resolver, query(name), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 2
    assert [r.ttl for r in reply.answers] == [1]


async def test_should_cache_false_bypasses_the_cache(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        # Not written...
        await resolve(resolver, query(), asyncdns_server.address, should_cache=False)
        await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 2
        # ...and not read.
        await resolve(resolver, query(), asyncdns_server.address, should_cache=False)
        assert len(asyncdns_server.queries) == 3
        await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 3


async def test_nxdomain_is_cached_with_its_soa(asyncdns_server: FakeDNSServer) -> None:
    name = "missing.example.test"
    async with Resolver() as resolver:
        first = await resolve(resolver, query(name), asyncdns_server.address)
        second = await resolve(resolver, query(name), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 1
    for reply in (first, second):
        assert reply.rcode == 3
        assert not reply.answers
        assert [r.rr_type for r in reply.authorities] == [SOA]
    assert isinstance(second.authorities[0], rr.SOA)
    assert second.authorities[0].ttl <= 60  # min(SOA TTL, MINIMUM), RFC 2308


async def test_nodata_is_cached(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        for _ in range(2):
            reply = await resolve(resolver, query("ns1.example.test", 28), asyncdns_server.address)
            assert reply.rcode == 0
            assert not reply.answers
    assert len(asyncdns_server.queries) == 1


async def test_errors_are_not_cached(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).rcode("SERVFAIL", once=True)
    async with Resolver(fast(attempts=1)) as resolver:
        with pytest.raises(NoNameservers):
            await resolve(resolver, query(), asyncdns_server.address)
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 2


async def test_cache_is_keyed_by_servers(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    other = asyncdns_make_server(ZONE)
    async with Resolver() as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
        await resolve(resolver, query(), other.address)
        await resolve(resolver, query(), [asyncdns_server.address, other.address])
        await resolve(resolver, query(), asyncdns_server.address)
        await resolve(resolver, query(), other.address)
    assert len(asyncdns_server.queries) + len(other.queries) == 3
    assert len(other.queries) >= 1
    assert len(asyncdns_server.queries) >= 1


async def test_cache_is_keyed_by_query_type(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        a = await resolve(resolver, query(), asyncdns_server.address)
        aaaa = await resolve(resolver, query(WWW, 28), asyncdns_server.address)
    assert addresses(a) == [WWW_ADDRESS]
    assert addresses(aaaa) == ["2001:db8::80"]
    assert len(asyncdns_server.queries) == 2


async def test_other_iterators_never_share_a_cache_entry(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    """Each iterator is its own key, even when a finished lookup's iterator is collected and
    its memory (and so its ``id()``) is reused by the next one."""
    other = asyncdns_make_server(ZONE)
    async with Resolver() as resolver:
        for i in range(10):
            server = (asyncdns_server, other)[i % 2]
            await resolve(resolver, query(), iter([server.address]))
            gc.collect()
    assert len(asyncdns_server.queries) == 5
    assert len(other.queries) == 5


async def test_a_reused_server_iterator_object_is_its_own_key(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    other = asyncdns_make_server(ZONE)
    servers = RoundRobinServer([asyncdns_server.address, other.address])
    async with Resolver() as resolver:
        await resolve(resolver, query(), servers)
        await resolve(resolver, query(), servers)
        assert len(asyncdns_server.queries) + len(other.queries) == 1
        await resolve(resolver, query(), RoundRobinServer([other.address]))
    assert len(other.queries) == 1
    assert len(asyncdns_server.queries) == 1


async def test_identical_lookups_in_flight_share_one_query(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).delay(0.3)
    async with Resolver() as resolver:
        futures = [resolver.lookup(query(), asyncdns_server.address) for _ in range(20)]
        await wait_queries(asyncdns_server, 1)
        assert resolver.in_flight == 1
        futures[0].cancel()
        futures[7].cancel()
        results = await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), 5)
    assert len(asyncdns_server.queries) == 1
    assert futures[0].cancelled()
    assert futures[7].cancelled()
    answered = [r for i, r in enumerate(results) if i not in (0, 7)]
    assert len(answered) == 18
    assert all(not isinstance(r, BaseException) and addresses(r) == [WWW_ADDRESS] for r in answered)
    # Each caller has its own reply to mutate.
    assert len({id(r) for r in answered}) == 18 or all(r is answered[0] for r in answered)


async def test_cancelling_every_waiter_stops_the_exchange(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).drop()
    async with Resolver(fast(timeout=5.0, lifetime=5.0)) as resolver:
        futures = [resolver.lookup(query(), asyncdns_server.address) for _ in range(3)]
        await wait_queries(asyncdns_server, 1)
        for future in futures:
            future.cancel()
        await wait_until(lambda: resolver.in_flight == 0, 2)
        # A new identical lookup starts a new exchange rather than joining a dead one.
        asyncdns_server.rules.clear()
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 2


async def test_a_joined_lookup_still_retries_after_the_first_caller_gives_up(
    asyncdns_server: FakeDNSServer,
) -> None:
    # The first caller cancels; the one that joined its exchange still gets every attempt and
    # an outcome: here the timeout error once the lifetime is over, never a lookup left hanging.
    asyncdns_server.on(WWW).drop()
    async with Resolver(fast(timeout=0.2, max_timeout=0.2, lifetime=1.0, attempts=3)) as resolver:
        first = resolver.lookup(query(), asyncdns_server.address)
        joined = resolver.lookup(query(), asyncdns_server.address)
        await wait_queries(asyncdns_server, 1)
        first.cancel()
        with pytest.raises(ResolutionTimeout):
            await asyncio.wait_for(joined, 3)
        assert resolver.in_flight == 0
    assert len(asyncdns_server.queries) == 3


async def test_lookups_without_cache_are_not_shared(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).delay(0.1)
    async with Resolver() as resolver:
        futures = [
            resolver.lookup(query(), asyncdns_server.address, should_cache=False) for _ in range(3)
        ]
        await asyncio.wait_for(asyncio.gather(*futures), 5)
    assert len(asyncdns_server.queries) == 3


async def test_serve_stale(asyncdns_server: FakeDNSServer) -> None:
    name = "brief.example.test"  # TTL 1
    async with Resolver(fast(serve_stale=30.0, attempts=2)) as resolver:
        fresh = await resolve(resolver, query(name), asyncdns_server.address)
        await asyncio.sleep(1.1)
        asyncdns_server.on(name).rcode("SERVFAIL")
        stale = await resolve(resolver, query(name), asyncdns_server.address)
    assert addresses(fresh) == addresses(stale) == ["198.51.100.6"]
    assert [r.ttl for r in stale.answers] == [30]  # RFC 8767's suggested stale TTL
    assert len(asyncdns_server.queries) == 3  # the server was asked again before going stale


async def test_serve_stale_when_the_server_goes_silent(asyncdns_server: FakeDNSServer) -> None:
    name = "brief.example.test"
    async with Resolver(fast(serve_stale=30.0, timeout=0.1, attempts=2)) as resolver:
        await resolve(resolver, query(name), asyncdns_server.address)
        await asyncio.sleep(1.1)
        asyncdns_server.on(name).drop()
        stale = await resolve(resolver, query(name), asyncdns_server.address)
    assert addresses(stale) == ["198.51.100.6"]


@pytest.mark.parametrize("rcode", ["NXDOMAIN", "NOERROR"])
async def test_an_uncacheable_final_answer_is_never_undone_by_serve_stale(
    asyncdns_server: FakeDNSServer, rcode: str
) -> None:
    """The name's address expires, then the server says it is gone (NXDOMAIN, or NODATA,
    without SOA: not cacheable), then fails: RFC 8767 serves stale data only when there is no
    newer answer, so the deleted address must not come back."""
    name = "brief.example.test"  # TTL 1
    async with Resolver(fast(serve_stale=30.0, attempts=2)) as resolver:
        fresh = await resolve(resolver, query(name), asyncdns_server.address)
        await asyncio.sleep(1.1)
        asyncdns_server.on(name).rcode(rcode, once=True)
        gone = await resolve(resolver, query(name), asyncdns_server.address)
        asyncdns_server.on(name).rcode("SERVFAIL")
        with pytest.raises(NoNameservers):
            await resolve(resolver, query(name), asyncdns_server.address)
    assert addresses(fresh) == ["198.51.100.6"]
    assert not gone.answers and not gone.authorities
    assert len(asyncdns_server.queries) == 4  # the failing lookup was not served from the cache


async def test_no_serve_stale_by_default(asyncdns_server: FakeDNSServer) -> None:
    name = "brief.example.test"
    async with Resolver(fast(attempts=2)) as resolver:
        await resolve(resolver, query(name), asyncdns_server.address)
        await asyncio.sleep(1.1)
        asyncdns_server.on(name).rcode("SERVFAIL")
        with pytest.raises(NoNameservers):
            await resolve(resolver, query(name), asyncdns_server.address)
