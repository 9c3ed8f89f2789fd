"""A reply to an earlier attempt that arrives after its retransmission still answers the lookup."""

from __future__ import annotations

from asyncdns_resolvers import Resolver, RoundRobinServer
from asyncdns_wire import NOERROR
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import WWW, WWW_ADDRESS, ZONE, addresses, fast, query


async def test_late_reply_to_the_first_attempt_is_accepted(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.add_zone(ZONE)
    # The first query is answered only after the resolver has retransmitted; every later one
    # is dropped, so only the late reply can answer.
    asyncdns_server.on(WWW, "A").delay(0.5, once=True)
    asyncdns_server.on(WWW, "A").drop()
    async with Resolver(fast(timeout=0.2, max_timeout=0.2, lifetime=3.0)) as resolver:
        reply = await resolver.lookup(query(), servers=asyncdns_server.address)
    assert reply.rcode == NOERROR
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) >= 2  # it had retransmitted before the answer came


async def test_late_servfail_is_ignored_and_a_late_answer_wins(
    asyncdns_make_server: object,
) -> None:
    make = asyncdns_make_server
    slow_bad: FakeDNSServer = make(ZONE)  # type: ignore[operator]
    good: FakeDNSServer = make(ZONE)  # type: ignore[operator]
    slow_bad.on(WWW, "A").rcode("SERVFAIL", delay=0.4)
    good.on(WWW, "A").delay(0.6)
    # t=0 bad, t=0.2 good, t=0.4 bad's late SERVFAIL (ignored: not the current attempt) and
    # bad again, t=0.6 good's late answer: accepted although another attempt is current.
    servers = RoundRobinServer([slow_bad.address, good.address])
    async with Resolver(fast(timeout=0.2, max_timeout=0.2, lifetime=3.0)) as resolver:
        reply = await resolver.lookup(query(), servers=servers)
    assert addresses(reply) == [WWW_ADDRESS]
