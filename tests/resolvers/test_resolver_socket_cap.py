"""However many lookups are in flight, the UDP sockets stay within max_udp_sockets."""

from __future__ import annotations

import asyncio
import socket
from typing import cast

import pytest

from asyncdns_resolvers import ResolutionTimeout, Resolver, ResolverOptions, _udp

from ._resolver_support import query


async def test_lookups_in_flight_share_a_bounded_number_of_sockets() -> None:
    # A bound UDP socket that never reads: every query to it times out.
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    try:
        options = ResolverOptions(
            timeout=0.2, max_timeout=0.2, lifetime=0.7, max_udp_uses=4, max_udp_sockets=8
        )
        peak = 0
        async with Resolver(options) as resolver:
            lookups = [
                resolver.lookup(query(f"n{i}.example.test"), servers=silent.getsockname())
                for i in range(200)
            ]
            done = asyncio.gather(*lookups, return_exceptions=True)
            async with asyncio.timeout(10):  # the lookups' lifetime is 0.7 s
                while not done.done():
                    peak = max(peak, resolver.open_sockets())
                    await asyncio.sleep(0.02)
                results = await done
        assert all(isinstance(r, ResolutionTimeout) for r in results)
        # 200 lookups, each retransmitted, at 4 queries a socket would need 100+ sockets.
        assert 1 < peak <= 8
    finally:
        silent.close()


async def test_a_crowded_socket_is_relieved_even_at_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Past max_udp_sockets a retired socket keeps taking queries, but not without end: with a
    # quarter of the ID space waiting on it (8 here), a new socket opens, so that drawing a
    # free message ID never spins.
    monkeypatch.setattr(_udp, "_CROWDED", 8)
    loop = asyncio.get_running_loop()
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    server = silent.getsockname()
    pool = _udp.UdpPool(max_uses=2, rcvbuf=1 << 16, max_sockets=1)
    try:
        first = pool.acquire(loop, server)
        for msg_id in range(8):
            assert pool.acquire(loop, server) is first  # retired after 2, kept: the cap is 1
            first.add(msg_id, _Receiver())
        second = pool.acquire(loop, server)
        assert second is not first
        assert pool.sockets == 2
        assert pool.acquire(loop, server) is second
    finally:
        pool.close()
        silent.close()


class _Receiver:
    def datagram_received(self, data: bytes) -> None:
        raise AssertionError("nothing is sent here")

    def udp_error(self, sock: object, exc: OSError) -> None:
        raise AssertionError("nothing is sent here")


class _Echo(asyncio.DatagramProtocol):
    """Answers every query with itself, QR set: a reply with no records."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.transport.sendto(data[:2] + bytes([data[2] | 0x80]) + data[3:], addr)


async def test_idle_sockets_of_many_servers_stay_within_the_cap() -> None:
    loop = asyncio.get_running_loop()
    servers = [
        await loop.create_datagram_endpoint(_Echo, local_addr=("127.0.0.1", 0)) for _ in range(24)
    ]
    try:
        async with Resolver(ResolverOptions(timeout=0.5, lifetime=2.0, max_udp_sockets=8)) as r:
            for i, (transport, _) in enumerate(servers):
                address = transport.get_extra_info("sockname")
                reply = await asyncio.wait_for(r.lookup(query(f"n{i}.example.test"), address), 5)
                assert reply.rcode == 0
                assert r.open_sockets() <= 8  # a new server's socket replaced an idle one
            assert r.in_flight == 0
            # The servers asked last still have theirs: asking one again opens nothing.
            last = servers[-1][0].get_extra_info("sockname")
            await asyncio.wait_for(r.lookup(query("again.example.test"), last), 5)
            assert r.open_sockets() == 8
    finally:
        for transport, _ in servers:
            transport.close()


class _Sink:
    def datagram_received(self, data: bytes) -> None:
        """Nothing is sent: nothing arrives."""

    def udp_error(self, sock: object, exc: OSError) -> None:
        """Nothing is sent: no error arrives."""


async def test_the_idle_socket_closed_for_a_new_server_is_the_one_used_least_lately() -> None:
    # Sockets are connected, never sent on: no packet leaves.
    a, b, c = (("127.0.0.1", port) for port in (5301, 5302, 5303))
    loop = asyncio.get_running_loop()
    pool = _udp.UdpPool(max_uses=64, rcvbuf=1 << 16, max_sockets=2)
    try:
        for server in (a, b, a, a):  # a first, b once, then a again and again
            sock = pool.acquire(loop, server)
            sock.add(1, _Sink())
            sock.release(1)
        hot = pool.acquire(loop, a)
        old = pool.acquire(loop, b)
        pool.acquire(loop, a)  # a asked after b
        pool.acquire(loop, c)  # a new server: one idle socket must go, b's
        assert hot.fd >= 0 and old.fd == -1
        assert pool.acquire(loop, a) is hot
    finally:
        pool.close()
