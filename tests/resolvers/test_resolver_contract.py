"""The asyncdns 0.1 contract of Resolver.lookup: futures, the seed example, the shapes of
``servers``, closing, ``async with``, garbage collection and flush_cache."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from asyncdns_resolvers import (
    NoServersLeft,
    RandomServer,
    Resolver,
    ResolverClosed,
    ResolverOptions,
    RoundRobinServer,
)
from asyncdns_wire import AAAA, IN, A, Query, Reply, rr
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import (
    WWW,
    WWW_ADDRESS,
    ZONE,
    MakeServer,
    addresses,
    close,
    fast,
    query,
    resolve,
    wait_queries,
    wait_until,
)

pytestmark = [pytest.mark.asyncdns(zone=ZONE), pytest.mark.usefixtures("fail_on_loop_errors")]


async def test_lookup_returns_a_future_completing_with_a_reply(
    asyncdns_server: FakeDNSServer,
) -> None:
    async with Resolver() as resolver:
        future = resolver.lookup(Query(WWW, A, IN), servers=asyncdns_server.address)
        assert isinstance(future, asyncio.Future)
        reply = await asyncio.wait_for(future, 10)
    assert isinstance(reply, Reply)
    assert reply.rcode == 0
    assert reply.is_response
    assert [type(r) for r in reply.answers] == [rr.A]
    assert addresses(reply) == [WWW_ADDRESS]
    assert reply.answers[0].name == b"www.example.test"
    asyncdns_server.assert_queried(WWW, "A", count=1, rd=True)


async def test_cname_answer_is_returned_whole(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        reply = await resolve(resolver, query("api.example.test"), asyncdns_server.address)
    assert [type(r) for r in reply.answers] == [rr.CNAME, rr.A]
    assert addresses(reply) == [WWW_ADDRESS]


def test_seed_example_shape(asyncdns_server: FakeDNSServer) -> None:
    """The lookup is created before the loop runs, then run_until_complete(future)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        resolver = Resolver(ResolverOptions(lifetime=5.0))
        q = Query("www.example.test", A, IN)
        f = resolver.lookup(q, servers=asyncdns_server.address)
        assert isinstance(f, asyncio.Future)
        assert not f.done()
        reply = loop.run_until_complete(f)  # bounded by the lifetime option
        assert addresses(reply) == [WWW_ADDRESS]
        resolver.close()
        loop.run_until_complete(asyncio.sleep(0))
        assert resolver.open_sockets() == 0
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def test_servers_as_one_tuple(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]


async def test_servers_as_a_list_are_used_randomly(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    other = asyncdns_make_server(ZONE)
    async with Resolver() as resolver:
        for i in range(40):
            reply = await resolve(
                resolver, query(f"h{i}.bulk.example.test"), [asyncdns_server.address, other.address]
            )
            assert addresses(reply) == ["203.0.113.7"]
    # 40 fair coin flips all landing on one side: probability 2**-39.
    assert asyncdns_server.queries
    assert other.queries
    assert len(asyncdns_server.queries) + len(other.queries) == 40


async def test_servers_as_random_server(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    other = asyncdns_make_server(ZONE)
    servers = RandomServer([asyncdns_server.address, other.address])
    async with Resolver() as resolver:
        for i in range(40):
            await resolve(resolver, query(f"r{i}.bulk.example.test"), servers)
    assert asyncdns_server.queries
    assert other.queries
    assert len(asyncdns_server.queries) + len(other.queries) == 40


async def test_servers_as_round_robin_server(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    other = asyncdns_make_server(ZONE)
    servers = RoundRobinServer([asyncdns_server.address, other.address])
    async with Resolver() as resolver:
        for i in range(6):
            await resolve(resolver, query(f"rr{i}.bulk.example.test"), servers)
    log = sorted(
        [(q.time, "first", q.qname) for q in asyncdns_server.queries]
        + [(q.time, "second", q.qname) for q in other.queries]
    )
    assert [who for _, who, _ in log] == ["first", "second"] * 3
    assert [name for _, _, name in log] == [f"rr{i}.bulk.example.test." for i in range(6)]


async def test_iterator_that_runs_out_fails_with_no_servers_left(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW, "A").rcode("REFUSED")
    async with Resolver(fast()) as resolver:
        with pytest.raises(NoServersLeft) as info:
            await resolve(resolver, query(), iter([asyncdns_server.address]))
    assert isinstance(info.value.stop, StopIteration)
    assert info.value.__cause__ is info.value.stop
    asyncdns_server.assert_queried(WWW, "A", count=1)
    # What each server tried did is kept, as NoNameservers keeps it.
    ((server, error),) = info.value.errors
    assert server == asyncdns_server.address
    assert getattr(error, "rcode", None) == 5
    assert "REFUSED" in str(info.value)


async def test_empty_iterator_fails_with_no_servers_left() -> None:
    async with Resolver() as resolver:
        with pytest.raises(NoServersLeft) as info:
            await resolve(resolver, query(), iter([]))
    assert isinstance(info.value.stop, StopIteration)


async def test_generator_value_reaches_the_stop(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").rcode("SERVFAIL")

    def servers() -> Iterator[tuple[str, int]]:
        yield asyncdns_server.address
        return None

    async with Resolver(fast()) as resolver:
        with pytest.raises(NoServersLeft) as info:
            await resolve(resolver, query(), servers())
    assert isinstance(info.value.stop, StopIteration)


# servers=None and recursive=True (recursive resolution): tests/resolvers/test_recursive_*.py.


async def test_close_cancels_lookups_in_flight_and_releases_sockets(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).drop()
    resolver = Resolver(ResolverOptions(timeout=5.0, lifetime=5.0))
    udp = resolver.lookup(query(), asyncdns_server.address)
    tcp = resolver.lookup(query(WWW, AAAA), asyncdns_server.address, force_tcp=True)
    await wait_queries(asyncdns_server, 2)
    assert resolver.in_flight == 2
    assert resolver.open_sockets() == 2
    resolver.close()
    assert resolver.open_sockets() == 0
    assert resolver.in_flight == 0
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(udp, 1)
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(tcp, 1)
    assert udp.cancelled()
    assert tcp.cancelled()
    await close(resolver)


async def test_lookup_after_close_fails_with_resolver_closed(
    asyncdns_server: FakeDNSServer,
) -> None:
    resolver = Resolver()
    resolver.close()
    resolver.close()  # idempotent
    with pytest.raises(ResolverClosed):
        await resolve(resolver, query(), asyncdns_server.address)
    assert not asyncdns_server.queries


async def test_async_with_closes(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        assert isinstance(resolver, Resolver)
        await resolve(resolver, query(), asyncdns_server.address)
        await resolve(
            resolver, query(), asyncdns_server.address, force_tcp=True, should_cache=False
        )
        assert resolver.open_sockets() >= 1
    assert resolver.open_sockets() == 0
    with pytest.raises(ResolverClosed):
        await resolve(resolver, query(), asyncdns_server.address)


async def test_collected_resolver_cancels_its_lookups(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).drop()
    resolver = Resolver(ResolverOptions(timeout=5.0, lifetime=5.0))
    future = resolver.lookup(query(), asyncdns_server.address)
    await wait_queries(asyncdns_server, 1)
    ref = weakref.ref(resolver)
    del resolver
    gc.collect()
    # The lookup in flight did not keep the resolver alive...
    assert ref() is None
    # ...and the resolver's death cancelled it (and closed its socket: no ResourceWarning).
    await wait_until(future.done, 2)
    assert future.cancelled()


async def test_a_waiting_caller_does_not_keep_the_resolver_alive(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).delay(5)
    resolver = Resolver(ResolverOptions(timeout=5.0, lifetime=5.0))
    ref = weakref.ref(resolver)
    future = resolver.lookup(query(), asyncdns_server.address)

    async def caller(waiting: asyncio.Future[Reply]) -> Reply:
        return await waiting

    task = asyncio.create_task(caller(future))
    await wait_queries(asyncdns_server, 1)
    del resolver, future
    gc.collect()
    assert ref() is None
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 2)


async def test_flush_cache(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
        await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 1
        resolver.flush_cache()
        await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 2
        await resolve(resolver, query(), asyncdns_server.address)
        assert len(asyncdns_server.queries) == 2


@pytest.mark.parametrize(
    "force_tcp",
    [False, True],
    ids=["udp", "tcp"],
)
def test_resolver_collected_after_its_loop_closed(
    asyncdns_server: FakeDNSServer, force_tcp: bool
) -> None:
    """Abandoning a resolver whose loop is gone raises nothing and leaks no socket."""
    asyncdns_server.on(WWW).drop()
    loop = asyncio.new_event_loop()
    resolver = Resolver(ResolverOptions(timeout=5.0, lifetime=5.0))
    ref = weakref.ref(resolver)

    async def start(r: Resolver) -> asyncio.Future[Reply]:
        future = r.lookup(query(), asyncdns_server.address, force_tcp=force_tcp)
        await wait_queries(asyncdns_server, 1)
        return future

    try:
        future = loop.run_until_complete(start(resolver))
    finally:
        loop.close()
    assert not future.done()
    del resolver
    gc.collect()  # an exception in the finalizer or an unclosed socket fails the test here
    assert ref() is None


@pytest.mark.parametrize("force_tcp", [False, True], ids=["udp", "tcp"])
def test_a_resolver_moves_to_a_new_loop_once_the_old_one_is_closed(
    asyncdns_server: FakeDNSServer, force_tcp: bool
) -> None:
    resolver = Resolver(fast())

    async def look(name: str) -> Reply:
        return await resolver.lookup(query(name), asyncdns_server.address, force_tcp=force_tcp)

    try:
        first = asyncio.run(look(WWW))  # leaves a socket (or connection) open on that loop
        assert resolver.open_sockets() == 1
        second = asyncio.run(look("x.bulk.example.test"))  # a new loop: new sockets
        assert addresses(first) == [WWW_ADDRESS]
        assert addresses(second) == ["203.0.113.7"]
        assert len(asyncdns_server.queries) == 2
        assert resolver.cache.hits == 0 and len(resolver.cache) == 2  # the cache was kept
    finally:
        resolver.close()


def test_a_lookup_left_on_a_closed_loop_is_not_joined_from_the_next(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).drop(once=True)  # the first loop's query is never answered
    resolver = Resolver(fast())

    async def start_and_leave() -> None:
        resolver.lookup(query(), asyncdns_server.address)
        await wait_queries(asyncdns_server, 1)

    async def look() -> Reply:
        return await asyncio.wait_for(resolver.lookup(query(), asyncdns_server.address), 5)

    try:
        asyncio.run(start_and_leave())
        assert resolver.in_flight == 1
        reply = asyncio.run(look())  # an identical lookup: its own query, answered
        assert addresses(reply) == [WWW_ADDRESS]
        assert resolver.in_flight == 0
    finally:
        resolver.close()


async def test_lookups_in_flight_on_another_live_loop_are_refused(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW).drop()
    async with Resolver(fast()) as resolver:
        pending = resolver.lookup(query(), asyncdns_server.address)

        async def on_another_loop() -> None:
            resolver.lookup(query("x.example.test"), asyncdns_server.address)

        def in_a_thread() -> BaseException | None:
            try:
                asyncio.run(on_another_loop())
            except RuntimeError as exc:
                return exc
            return None

        refused = await asyncio.to_thread(in_a_thread)
        assert isinstance(refused, RuntimeError)
        assert "one event loop at a time" in str(refused)
        assert not pending.done()  # this loop's lookup goes on
        assert resolver.in_flight == 1
