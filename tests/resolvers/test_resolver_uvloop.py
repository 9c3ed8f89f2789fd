"""The Resolver on uvloop, when it is installed: UDP, TCP (forced and after TC) and close()."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from asyncdns_resolvers import Resolver
from asyncdns_wire import NXDOMAIN
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import WWW, WWW_ADDRESS, ZONE, addresses, fast, query

uvloop = pytest.importorskip("uvloop")


def run_on_uvloop(coro: Callable[[], Awaitable[Any]]) -> Any:
    loop = uvloop.new_event_loop()
    try:
        return loop.run_until_complete(coro())
    finally:
        loop.close()


def test_udp_tcp_and_truncation_on_uvloop(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.add_zone(ZONE)
    asyncdns_server.on("multi.example.test", "A").truncate()

    # The lookup still in flight at close() goes to a socket of ours that never reads.
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))

    async def scenario() -> None:
        async with Resolver(fast(lifetime=5.0)) as resolver:
            server = asyncdns_server.address
            udp = await resolver.lookup(query(), servers=server)
            tcp = await resolver.lookup(query(), servers=server, force_tcp=True, should_cache=False)
            truncated = await resolver.lookup(query("multi.example.test"), servers=server)
            missing = await resolver.lookup(
                query("nope.example.test"), servers=server, force_tcp=True
            )
            assert addresses(udp) == addresses(tcp) == [WWW_ADDRESS]
            assert sorted(addresses(truncated)) == ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
            assert missing.rcode == NXDOMAIN
            pending = resolver.lookup(query("slow.example.test"), servers=silent.getsockname())
        await asyncio.sleep(0)
        assert pending.cancelled()

    try:
        run_on_uvloop(scenario)
    finally:
        silent.close()
    transports = {q.transport for q in asyncdns_server.queries}
    assert transports == {"udp", "tcp"}
    asyncdns_server.assert_queried(WWW, "A", transport="tcp", count=1)
