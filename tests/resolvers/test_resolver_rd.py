"""``lookup(recursion_desired=False)``: a stub query with RD clear (``dig +norecurse``)."""

from __future__ import annotations

from typing import Any

import pytest

from asyncdns_resolvers import Resolver
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import WWW, ZONE, addresses, fast, query

pytestmark = pytest.mark.asyncdns(zone=ZONE)


async def test_rd_is_set_by_default_and_cleared_on_request(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast()) as resolver:
        reply = await resolver.lookup(query(), asyncdns_server.address)
        assert addresses(reply) == ["198.51.100.80"]
        asyncdns_server.assert_queried(WWW, "A", rd=True, count=1)
        reply = await resolver.lookup(query(), asyncdns_server.address, recursion_desired=False)
        assert addresses(reply) == ["198.51.100.80"]
        asyncdns_server.assert_queried(WWW, "A", rd=False, count=1)


async def test_rd_clear_bypasses_the_cache_both_ways(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast()) as resolver:
        await resolver.lookup(query(), asyncdns_server.address)  # cached, RD set
        await resolver.lookup(query(), asyncdns_server.address, recursion_desired=False)
        await resolver.lookup(query(), asyncdns_server.address, recursion_desired=False)
        asyncdns_server.assert_queried(WWW, "A", rd=False, count=2)  # never from the cache
        await resolver.lookup(query(), asyncdns_server.address)
        asyncdns_server.assert_queried(WWW, "A", rd=True, count=1)  # the RD-set entry stayed
        assert len(resolver.cache) == 1


@pytest.mark.parametrize("bad", [0, 1, None, "no"])
async def test_recursion_desired_must_be_a_bool(asyncdns_server: FakeDNSServer, bad: Any) -> None:
    async with Resolver(fast()) as resolver:
        with pytest.raises(TypeError, match="recursion_desired"):
            resolver.lookup(query(), asyncdns_server.address, recursion_desired=bad)
        assert resolver.in_flight == 0
    assert asyncdns_server.queries == []
