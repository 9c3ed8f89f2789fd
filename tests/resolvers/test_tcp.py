"""TcpPool: DNS over TCP with connection reuse and pipelining, against the plugin's fake server
on loopback (every socket here is one the test started)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import socket
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from asyncdns_resolvers import Resolver, ResolverOptions
from asyncdns_resolvers._tcp import TcpPool
from asyncdns_wire import AAAA, TXT, A, Message, Query, encode_query
from pytest_asyncdns import FakeDNSServer

ZONE = (
    """
$ORIGIN example.com.
$TTL 300
@       IN SOA ns1 hostmaster 2024010101 3600 600 86400 60
@       IN NS  ns1
ns1     IN A   198.51.100.53
www     IN A   198.51.100.1
www     IN AAAA 2001:db8::1
slow    IN A   198.51.100.2
fast    IN A   198.51.100.3
"""
    + "".join(f"h{i} IN A 203.0.113.{i}\n" for i in range(60))
    + "".join(f'big IN TXT "{i:03d}{"z" * 240}"\n' for i in range(40))
)

pytestmark = pytest.mark.asyncdns(zone=ZONE)

LIMIT = 5.0  # no await in these tests may take longer


def wire(name: str, msg_id: int, rrtype: int = A) -> bytes:
    return encode_query(Query(name, rrtype), msg_id)


async def ask(pool: TcpPool, server: tuple[str, int], name: str, msg_id: int) -> Message:
    async with asyncio.timeout(LIMIT):
        raw = await pool.query(server, wire(name, msg_id))
    return Message.from_wire(raw)


def addresses(reply: Message) -> list[str]:
    return [str(rr.address) for rr in reply.answers]  # type: ignore[attr-defined]


def tcp_clients(server: FakeDNSServer) -> set[tuple[str, int]]:
    """The client (address, port) of every TCP query: one per connection."""
    return {q.client for q in server.queries if q.transport == "tcp"}


async def wait_until(check: Callable[[], bool], timeout: float = LIMIT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@pytest.fixture
async def pool() -> AsyncIterator[TcpPool]:
    p = TcpPool()
    try:
        yield p
    finally:
        p.close()
        await asyncio.sleep(0)  # the transports release their sockets on the next turn
        await asyncio.sleep(0)
        gc.collect()  # a leaked socket warns here, in the test that leaked it


@contextlib.asynccontextmanager
async def make_pool(**kw: float) -> AsyncIterator[TcpPool]:
    p = TcpPool(**kw)  # type: ignore[arg-type]
    try:
        yield p
    finally:
        p.close()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        gc.collect()


@pytest.fixture
def free_port() -> Iterator[int]:
    """A loopback port nobody listens on (bound, read, closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield port


# ---------------------------------------------------------------------- answers


async def test_one_query(pool: TcpPool, asyncdns_server: FakeDNSServer) -> None:
    reply = await ask(pool, asyncdns_server.address, "www.example.com", 0x1234)
    assert reply.id == 0x1234
    assert addresses(reply) == ["198.51.100.1"]
    assert pool.connections == 1
    asyncdns_server.assert_queried("www.example.com", "A", transport="tcp", count=1)


async def test_aaaa_and_large_reply_reassembled(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    server = asyncdns_server.address
    async with asyncio.timeout(LIMIT):
        raw_aaaa, raw_big = await asyncio.gather(
            pool.query(server, wire("www.example.com", 1, AAAA)),
            pool.query(server, wire("big.example.com", 2, TXT)),
        )
    assert [str(rr.address) for rr in Message.from_wire(raw_aaaa).answers] == ["2001:db8::1"]  # type: ignore[attr-defined]
    big = Message.from_wire(raw_big)
    assert len(raw_big) > 9000  # several TCP segments, reassembled
    assert len(big.answers) == 40
    assert pool.connections == 1


async def test_many_concurrent_queries_pipelined_on_one_connection(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    server = asyncdns_server.address
    futures = [pool.query(server, wire(f"h{i}.example.com", 1000 + i)) for i in range(60)]
    assert pool.connections == 1
    async with asyncio.timeout(LIMIT):
        raws = await asyncio.gather(*futures)
    for i, raw in enumerate(raws):
        reply = Message.from_wire(raw)
        assert reply.id == 1000 + i
        assert addresses(reply) == [f"203.0.113.{i}"]
    assert len(asyncdns_server.queries) == 60
    assert len(tcp_clients(asyncdns_server)) == 1
    assert pool.connections == 1


async def test_replies_out_of_order_are_matched_by_id(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("slow.example.com").delay(0.4)
    server = asyncdns_server.address
    slow = pool.query(server, wire("slow.example.com", 1))
    fast = pool.query(server, wire("fast.example.com", 2))
    order: list[str] = []
    slow.add_done_callback(lambda _: order.append("slow"))
    fast.add_done_callback(lambda _: order.append("fast"))
    async with asyncio.timeout(LIMIT):
        fast_raw = await fast
        assert not slow.done()
        slow_raw = await slow
    assert order == ["fast", "slow"]
    assert addresses(Message.from_wire(fast_raw)) == ["198.51.100.3"]
    assert addresses(Message.from_wire(slow_raw)) == ["198.51.100.2"]
    assert len(tcp_clients(asyncdns_server)) == 1


async def test_sequential_queries_reuse_the_connection(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    for i in range(5):
        reply = await ask(pool, asyncdns_server.address, f"h{i}.example.com", 77)
        assert addresses(reply) == [f"203.0.113.{i}"]
        assert pool.connections == 1
    assert len(asyncdns_server.queries) == 5
    assert len(tcp_clients(asyncdns_server)) == 1


async def test_reply_with_unknown_id_is_ignored(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("www.example.com").replies("wrong_id", "answer", interval=0.05, once=True)
    reply = await ask(pool, asyncdns_server.address, "www.example.com", 500)
    assert reply.id == 500
    assert addresses(reply) == ["198.51.100.1"]
    assert pool.connections == 1


# ---------------------------------------------------------------------- limits


async def test_max_in_flight_holds_queries_back(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("slow.example.com").delay(0.3)
    server = asyncdns_server.address
    async with make_pool(max_in_flight=2, max_connections_per_server=1) as pool:
        futures = [pool.query(server, wire("slow.example.com", i)) for i in range(5)]
        async with asyncio.timeout(LIMIT):
            raws = await asyncio.gather(*futures)
        assert [Message.from_wire(r).id for r in raws] == list(range(5))
        assert pool.connections == 1
    times = sorted(q.time for q in asyncdns_server.queries)
    assert len(times) == 5
    # two at a time: the third query is sent only once the first replies arrived
    assert times[1] - times[0] < 0.2
    assert times[2] - times[0] >= 0.25
    assert times[4] - times[0] >= 0.5
    assert len(tcp_clients(asyncdns_server)) == 1


async def test_second_connection_when_the_first_is_full(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on("slow.example.com").delay(0.2)
    server = asyncdns_server.address
    async with make_pool(max_in_flight=2, max_connections_per_server=2) as pool:
        futures = [pool.query(server, wire("slow.example.com", i)) for i in range(6)]
        assert pool.connections == 2  # the last two wait on the least loaded connection
        async with asyncio.timeout(LIMIT):
            raws = await asyncio.gather(*futures)
        assert sorted(Message.from_wire(r).id for r in raws) == list(range(6))
        assert pool.connections == 2
    assert len(tcp_clients(asyncdns_server)) == 2


async def test_id_in_flight_goes_to_another_connection_or_fails(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on("slow.example.com").delay(0.2)
    server = asyncdns_server.address
    async with make_pool(max_connections_per_server=2) as pool:
        first = pool.query(server, wire("slow.example.com", 42))
        second = pool.query(server, wire("fast.example.com", 42))
        assert pool.connections == 2
        third = pool.query(server, wire("www.example.com", 42))
        assert third.done()
        with pytest.raises(ValueError, match="42"):
            third.result()
        async with asyncio.timeout(LIMIT):
            raw_first, raw_second = await asyncio.gather(first, second)
        assert addresses(Message.from_wire(raw_first)) == ["198.51.100.2"]
        assert addresses(Message.from_wire(raw_second)) == ["198.51.100.3"]


async def test_invalid_arguments(pool: TcpPool, asyncdns_server: FakeDNSServer) -> None:
    with pytest.raises(ValueError):
        pool.query(asyncdns_server.address, b"\x01")
    with pytest.raises(ValueError):
        pool.query(asyncdns_server.address, b"\x00" * 65536)
    with pytest.raises(ValueError, match="literal"):
        pool.query(("localhost", asyncdns_server.port), wire("www.example.com", 1))
    assert pool.connections == 0
    with pytest.raises(ValueError):
        TcpPool(max_in_flight=0)
    with pytest.raises(ValueError):
        TcpPool(idle_timeout=0)


def test_query_needs_a_running_loop(asyncdns_server: FakeDNSServer) -> None:
    with pytest.raises(RuntimeError):
        TcpPool().query(asyncdns_server.address, wire("www.example.com", 1))


# ---------------------------------------------------------------------- idleness


async def test_idle_connection_closes(asyncdns_server: FakeDNSServer) -> None:
    server = asyncdns_server.address
    async with make_pool(idle_timeout=0.2) as pool:
        await ask(pool, server, "www.example.com", 1)
        assert pool.connections == 1
        started = time.monotonic()
        await wait_until(lambda: pool.connections == 0)
        assert time.monotonic() - started >= 0.1
        await ask(pool, server, "www.example.com", 2)  # a fresh connection
        assert pool.connections == 1
    assert len(tcp_clients(asyncdns_server)) == 2


async def test_activity_keeps_the_connection_open(asyncdns_server: FakeDNSServer) -> None:
    server = asyncdns_server.address
    async with make_pool(idle_timeout=0.4) as pool:
        for i in range(4):
            await ask(pool, server, "www.example.com", i)
            assert pool.connections == 1
            await asyncio.sleep(0.15)
    assert len(tcp_clients(asyncdns_server)) == 1


async def test_busy_connection_is_not_closed_as_idle(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("slow.example.com").delay(0.5)
    async with make_pool(idle_timeout=0.1) as pool:
        reply = await ask(pool, asyncdns_server.address, "slow.example.com", 1)
        assert addresses(reply) == ["198.51.100.2"]


# ---------------------------------------------------------------------- failures


async def test_connection_refused(pool: TcpPool, free_port: int) -> None:
    fut = pool.query(("127.0.0.1", free_port), wire("www.example.com", 1))
    with pytest.raises(ConnectionRefusedError):
        async with asyncio.timeout(LIMIT):
            await fut
    assert pool.connections == 0


async def test_connection_refused_fails_every_waiting_query(pool: TcpPool, free_port: int) -> None:
    futures = [pool.query(("127.0.0.1", free_port), wire("www.example.com", i)) for i in range(5)]
    async with asyncio.timeout(LIMIT):
        results = await asyncio.gather(*futures, return_exceptions=True)
    assert all(isinstance(r, ConnectionRefusedError) for r in results), results


async def test_connect_timeout() -> None:
    # A listener whose accept queue is full: Linux drops further SYNs, so connect() hangs.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        for _ in range(4):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            fillers.append(filler)
            with contextlib.suppress(BlockingIOError):
                filler.connect(address)
        async with make_pool(connect_timeout=0.3) as pool:
            fut = pool.query(address, wire("www.example.com", 1))
            started = time.monotonic()
            try:
                async with asyncio.timeout(LIMIT):
                    await fut
            except TimeoutError as exc:
                assert "timed out" in str(exc)
                assert 0.2 < time.monotonic() - started < 3
            else:
                pytest.skip("this kernel accepted the connection despite a full backlog")
            assert pool.connections == 0
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_peer_closing_mid_message_fails_pending_queries(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("slow.example.com").drop(once=True)
    asyncdns_server.on("www.example.com").close_mid_message(once=True)
    server = asyncdns_server.address
    slow = pool.query(server, wire("slow.example.com", 1))
    async with asyncio.timeout(LIMIT):
        await asyncio.to_thread(asyncdns_server.wait_for, "slow.example.com", timeout=LIMIT)
    www = pool.query(server, wire("www.example.com", 2))
    for fut in (www, slow):
        with pytest.raises(ConnectionResetError, match="mid-message"):
            async with asyncio.timeout(LIMIT):
                await fut
    assert pool.connections == 0
    reply = await ask(pool, server, "www.example.com", 3)  # the next query reconnects
    assert addresses(reply) == ["198.51.100.1"]
    assert len(tcp_clients(asyncdns_server)) == 2


async def test_peer_closing_inside_the_length_prefix(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("www.example.com").close_mid_message(at=1, once=True)
    fut = pool.query(asyncdns_server.address, wire("www.example.com", 9))
    with pytest.raises(ConnectionResetError):
        async with asyncio.timeout(LIMIT):
            await fut
    assert pool.connections == 0


async def test_eof_with_queries_pending(pool: TcpPool, asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("slow.example.com").drop()
    server = asyncdns_server.address
    futures = [pool.query(server, wire("slow.example.com", i)) for i in range(3)]
    async with asyncio.timeout(LIMIT):
        await asyncio.to_thread(asyncdns_server.wait_for, "slow.example.com", count=3)
    asyncdns_server.reset(zones=False)  # the server closes its client connections
    for fut in futures:
        with pytest.raises(ConnectionResetError):
            async with asyncio.timeout(LIMIT):
                await fut
    assert pool.connections == 0


async def test_server_closing_an_idle_connection(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    server = asyncdns_server.address
    await ask(pool, server, "www.example.com", 1)
    assert pool.connections == 1
    await asyncio.to_thread(asyncdns_server.reset, zones=False)
    await wait_until(lambda: pool.connections == 0)
    reply = await ask(pool, server, "www.example.com", 2)
    assert addresses(reply) == ["198.51.100.1"]


# ---------------------------------------------------------------------- cancellation, close


async def test_cancelling_one_query_leaves_the_others(
    pool: TcpPool, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("slow.example.com").delay(0.3)
    asyncdns_server.on("fast.example.com").delay(0.6)
    server = asyncdns_server.address
    slow = pool.query(server, wire("slow.example.com", 7))
    other = pool.query(server, wire("www.example.com", 8))
    async with asyncio.timeout(LIMIT):
        await asyncio.to_thread(asyncdns_server.wait_for, "slow.example.com")
    slow.cancel()
    await asyncio.sleep(0)
    # ID 7 is still answered late (after 0.3 s) on the first connection: a new query with that
    # ID, answered after 0.6 s, must not receive the stale reply.
    again = pool.query(server, wire("fast.example.com", 7))
    async with asyncio.timeout(LIMIT):
        assert addresses(Message.from_wire(await other)) == ["198.51.100.1"]
        assert addresses(Message.from_wire(await again)) == ["198.51.100.3"]
    assert slow.cancelled()
    assert len(tcp_clients(asyncdns_server)) == 2
    reply = await ask(pool, server, "h1.example.com", 7)
    assert addresses(reply) == ["203.0.113.1"]


async def test_cancelling_a_query_not_yet_sent(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("slow.example.com").delay(0.2)
    server = asyncdns_server.address
    async with make_pool(max_in_flight=1, max_connections_per_server=1) as pool:
        first = pool.query(server, wire("slow.example.com", 1))
        held = pool.query(server, wire("www.example.com", 2))
        last = pool.query(server, wire("fast.example.com", 3))
        held.cancel()
        async with asyncio.timeout(LIMIT):
            await first
            assert addresses(Message.from_wire(await last)) == ["198.51.100.3"]
    asyncdns_server.assert_not_queried("www.example.com")


async def test_close_with_queries_in_flight(asyncdns_server: FakeDNSServer, free_port: int) -> None:
    asyncdns_server.on("slow.example.com").drop()
    server = asyncdns_server.address
    pool = TcpPool()
    futures = [pool.query(server, wire("slow.example.com", i)) for i in range(3)]
    async with asyncio.timeout(LIMIT):
        await asyncio.to_thread(asyncdns_server.wait_for, "slow.example.com", count=3)
    connecting = pool.query(("127.0.0.1", free_port), wire("www.example.com", 1))
    pool.close()
    pool.close()  # idempotent
    assert all(f.cancelled() for f in [*futures, connecting])
    assert pool.connections == 0
    with pytest.raises(RuntimeError, match="closed"):
        pool.query(server, wire("www.example.com", 9))
    await asyncio.sleep(0.05)  # sockets released on the next turns: no ResourceWarning


async def test_close_while_connecting(free_port: int) -> None:
    pool = TcpPool()
    fut = pool.query(("127.0.0.1", free_port), wire("www.example.com", 1))
    pool.close()
    assert fut.cancelled()
    await asyncio.sleep(0.05)


# ---------------------------------------------------------------------- IPv6


def _have_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _have_ipv6_loopback(), reason="no IPv6 loopback")
async def test_ipv6_loopback(
    pool: TcpPool, asyncdns_make_server: Callable[..., FakeDNSServer]
) -> None:
    server6 = asyncdns_make_server(ZONE, host="::1")
    assert server6.address[0] == "::1"
    replies = await asyncio.gather(
        *(ask(pool, server6.address, f"h{i}.example.com", i) for i in range(3))
    )
    assert [addresses(r) for r in replies] == [[f"203.0.113.{i}"] for i in range(3)]
    assert pool.connections == 1
    clients = tcp_clients(server6)
    assert len(clients) == 1
    assert next(iter(clients))[0] == "::1"


@pytest.mark.skipif(not _have_ipv6_loopback(), reason="no IPv6 loopback")
async def test_ipv6_with_numeric_zone_id(
    pool: TcpPool, asyncdns_make_server: Callable[..., FakeDNSServer]
) -> None:
    server6 = asyncdns_make_server(ZONE, host="::1")
    scope = socket.if_nametoindex("lo") if hasattr(socket, "if_nametoindex") else 1
    reply = await ask(pool, (f"::1%{scope}", server6.port), "www.example.com", 5)
    assert addresses(reply) == ["198.51.100.1"]


# ---------------------------------------------------------------------- a loop that is gone


def open_fds() -> set[int]:
    """The file descriptors this process has open (empty without /proc)."""
    try:
        return {int(fd) for fd in os.listdir("/proc/self/fd")}
    except OSError:
        return set()


def tcp_clients_open(fds: set[int], server_ports: set[int]) -> list[tuple[str, int]]:
    """The local address of every IPv4 TCP socket among *fds* that is not a server's end."""
    found = []
    for fd in sorted(fds):
        try:
            sock = socket.socket(fileno=fd)
        except OSError:
            continue  # closed meanwhile, or not a socket
        try:
            if sock.type == socket.SOCK_STREAM and sock.family == socket.AF_INET:
                name = sock.getsockname()
                if name[1] not in server_ports:
                    found.append(name)
        except OSError:
            pass
        finally:
            sock.detach()
    return found


def test_close_after_the_loop_closed(asyncdns_server: FakeDNSServer) -> None:
    """close() once the loop is closed raises nothing and releases every socket at once,
    including one still connecting."""
    asyncdns_server.on("slow.example.com").drop()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)  # a full accept queue keeps the second connection connecting
        for _ in range(4):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            fillers.append(filler)
            with contextlib.suppress(BlockingIOError):
                filler.connect(listener.getsockname())
        ports = {asyncdns_server.port, listener.getsockname()[1]}
        fds_before = open_fds()
        pool = TcpPool()

        async def start(pool: TcpPool) -> list[asyncio.Future[bytes]]:
            futures = [
                pool.query(asyncdns_server.address, wire("slow.example.com", 1)),
                pool.query(listener.getsockname(), wire("www.example.com", 2)),
            ]
            futures[0].add_done_callback(lambda _: None)  # cannot be scheduled any more
            await asyncio.to_thread(asyncdns_server.wait_for, "slow.example.com")
            return futures

        loop = asyncio.new_event_loop()
        try:
            futures = loop.run_until_complete(start(pool))
            assert pool.connections == 2
        finally:
            loop.close()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if fds_before:  # with /proc: our two client sockets, then none
                assert len(tcp_clients_open(open_fds() - fds_before, ports)) == 2
            pool.close()  # no RuntimeError from the dead loop
            if fds_before:
                assert tcp_clients_open(open_fds() - fds_before, ports) == []
            pool.close()
            assert all(f.cancelled() for f in futures)
            assert pool.connections == 0
            del futures, pool
            gc.collect()
        assert not [w for w in caught if issubclass(w.category, ResourceWarning)], caught
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


@contextlib.asynccontextmanager
async def first_connection_silent() -> AsyncIterator[tuple[tuple[str, int], list[object]]]:
    """A TCP server whose first connection reads queries and never answers; later ones echo
    each query back as a NOERROR reply. Yields its address and its connections so far."""
    connections: list[object] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        silent = len(connections) == 1
        try:
            while True:
                size = int.from_bytes(await reader.readexactly(2), "big")
                message = await reader.readexactly(size)
                if not silent:
                    writer.write(size.to_bytes(2, "big") + message[:2] + b"\x81\x80" + message[4:])
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[:2], connections
    finally:
        server.close()
        await server.wait_closed()


async def test_a_connection_that_stopped_answering_takes_no_more_queries() -> None:
    async with first_connection_silent() as (address, connections):
        pool = TcpPool()
        try:
            first = pool.query(address, b"\x00\x01" + b"\x01\x00" + bytes(8))
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(first, 0.3)  # given up: nothing came back on it
            second = pool.query(address, b"\x00\x02\x01\x00" + bytes(8))
            assert (await asyncio.wait_for(second, 2))[:2] == b"\x00\x02"
            assert len(connections) == 2  # the second query went to a new connection
            await asyncio.sleep(0.05)
            assert pool.connections == 1  # and the stalled one closed, nothing waiting on it
        finally:
            pool.close()


async def test_a_resolvers_retry_after_a_silent_connection_goes_to_a_new_one() -> None:
    # The exchange gives up the timed-out query and retries at once: the connection must
    # know it stalled before that retry picks a connection.
    async with first_connection_silent() as (address, connections):
        options = ResolverOptions(timeout=0.3, max_timeout=0.3, lifetime=3.0, attempts=2)
        async with Resolver(options) as resolver:
            lookup = resolver.lookup(Query("www.example.test", A), address, force_tcp=True)
            reply = await asyncio.wait_for(lookup, 10)
        assert reply.rcode == 0
        assert len(connections) == 2
