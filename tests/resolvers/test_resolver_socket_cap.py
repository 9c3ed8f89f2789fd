"""However many lookups are in flight, the UDP sockets stay within max_udp_sockets."""

from __future__ import annotations

import asyncio
import socket

from asyncdns_resolvers import ResolutionTimeout, Resolver, ResolverOptions

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
