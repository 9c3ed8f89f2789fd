"""The fixtures that hand out an asyncdns Resolver pointed at the fake server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from asyncdns_resolvers import Resolver
from asyncdns_wire import NXDOMAIN, Query, rr
from pytest_asyncdns import FakeDNSServer

ZONE = """
$ORIGIN example.test.
@   300 IN SOA ns1 hostmaster 1 7200 3600 1209600 60
www 300 IN A 198.51.100.80
"""


@pytest.mark.asyncdns(zone=ZONE)
async def test_resolver_fixture_looks_up_on_the_fake_server(
    asyncdns_resolver: Resolver, asyncdns_server: FakeDNSServer
) -> None:
    reply = await asyncdns_resolver.lookup(
        Query("www.example.test", 1), servers=asyncdns_server.address
    )
    assert [str(r.address) for r in reply.answers if isinstance(r, rr.A)] == ["198.51.100.80"]
    asyncdns_server.assert_queried("www.example.test", "A", count=1)


@pytest.mark.asyncdns(zone=ZONE)
async def test_lookup_fixture(
    asyncdns_lookup: Callable[..., Any], asyncdns_server: FakeDNSServer
) -> None:
    reply = await asyncdns_lookup("nope.example.test", "AAAA")
    assert reply.rcode == NXDOMAIN
    reply = await asyncdns_lookup("www.example.test", force_tcp=True)
    assert reply.answers
    asyncdns_server.assert_queried("www.example.test", "A", transport="tcp", count=1)


def test_resolver_fixture_is_closed_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        seen = []

        def test_one(asyncdns_resolver):
            seen.append(asyncdns_resolver)

        def test_two():
            assert seen and seen[0].closed
        """
    )
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=2)
