"""asyncdns.resolve / resolve_addresses / reverse against a fake server on loopback, with
resolvers that read temporary files only; NXDOMAIN, NODATA and timeouts as typed errors."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any

import pytest

import asyncdns
from asyncdns import (
    AAAA,
    MX,
    NXDOMAIN,
    SOA,
    NameNotFound,
    NoData,
    Query,
    ResolutionTimeout,
    Resolver,
    ResolverError,
    Trace,
    TraceEvent,
    rr,
)
from asyncdns_system import SmartResolver, SystemResolver
from pytest_asyncdns import FakeDNSServer

from .conftest import ZONES, fast, global_sources

pytestmark = pytest.mark.asyncdns(zones=ZONES)

ip = ipaddress.ip_address


class ServersResolver:
    """Any object with the seed's ``lookup(query)`` will do: this one asks given servers."""

    def __init__(self, resolver: Resolver, servers: Any) -> None:
        self.resolver, self.servers, self.asked = resolver, servers, 0

    def lookup(self, query: Query) -> asyncio.Future[asyncdns.Message]:
        self.asked += 1
        return self.resolver.lookup(query, self.servers)


# -- resolve --------------------------------------------------------------------------------


async def test_records_of_the_type_asked(system: SystemResolver) -> None:
    records = await asyncdns.resolve("www.example.test", resolver=system)
    assert [str(r.address) for r in records] == ["198.51.100.80"]  # type: ignore[attr-defined]
    records = await asyncdns.resolve("www.example.test", "AAAA", resolver=system)
    assert [str(r.address) for r in records] == ["2001:db8::80"]  # type: ignore[attr-defined]
    mx = await asyncdns.resolve("mail.example.test", MX, resolver=system)
    assert sorted((r.preference, r.exchange) for r in mx) == [  # type: ignore[attr-defined]
        (10, b"www.example.test"),
        (20, b"v4only.example.test"),
    ]


async def test_a_name_with_a_space_finds_its_records(system: SystemResolver) -> None:
    # DNS-SD instance names hold spaces; the reply spells them escaped (\\032), as the query
    # name is spelled too, so the records are found under the name asked.
    for spelling in ("my printer._ipp._tcp.example.test", "my\\032printer._ipp._tcp.example.test"):
        records = await asyncdns.resolve(spelling, "SRV", resolver=system)
        assert [(r.port, r.target) for r in records] == [  # type: ignore[attr-defined]
            (631, b"www.example.test")
        ]
        assert records[0].name == b"my\\032printer._ipp._tcp.example.test"


async def test_cnames_are_followed(system: SystemResolver) -> None:
    records = await asyncdns.resolve("chain.example.test", "A", resolver=system)
    assert [type(r) for r in records] == [rr.A]
    assert records[0].name == b"www.example.test"  # the canonical name
    cnames = await asyncdns.resolve("chain.example.test", "CNAME", resolver=system)
    assert [r.target for r in cnames] == [b"alias.example.test"]  # type: ignore[attr-defined]


async def test_nxdomain_is_name_not_found(system: SystemResolver) -> None:
    with pytest.raises(NameNotFound) as info:
        await asyncdns.resolve("nope.example.test", resolver=system)
    error = info.value
    assert isinstance(error, ResolverError)
    assert error.qname == b"nope.example.test" and error.canonical_name == b"nope.example.test"
    assert error.rrtype == 1
    assert isinstance(error.soa, rr.SOA) and error.soa.name == b"example.test"
    assert error.negative_ttl == 60  # min(SOA TTL 60 as served, MINIMUM 60)
    assert error.response is not None and error.response.rcode == NXDOMAIN
    assert "nope.example.test does not exist" in str(error)


async def test_nxdomain_after_a_cname(system: SystemResolver) -> None:
    with pytest.raises(NameNotFound) as info:
        await asyncdns.resolve("dangling.example.test", resolver=system)
    assert info.value.qname == b"dangling.example.test"
    assert info.value.canonical_name == b"nowhere.example.test"
    assert "(alias of nowhere.example.test)" in str(info.value)


async def test_nodata(system: SystemResolver) -> None:
    with pytest.raises(NoData) as info:
        await asyncdns.resolve("v4only.example.test", AAAA, resolver=system)
    error = info.value
    assert error.qname == b"v4only.example.test" and error.rrtype == AAAA
    assert error.soa is not None and error.negative_ttl == 60
    assert "has no AAAA records" in str(error)
    with pytest.raises(NoData):  # NODATA at the end of a CNAME chain
        await asyncdns.resolve("alias.example.test", "MX", resolver=system)


async def test_timeout(system: SystemResolver, asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("www.example.test").drop()
    with pytest.raises(ResolutionTimeout):
        await asyncdns.resolve("www.example.test", resolver=system)


async def test_any_object_with_lookup(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast()) as resolver:
        stub = ServersResolver(resolver, asyncdns_server.address)
        records = await asyncdns.resolve("www.example.test", resolver=stub)
        assert [str(r.address) for r in records] == ["198.51.100.80"]  # type: ignore[attr-defined]
        trace = Trace()  # a lookup without trace= is simply not traced
        await asyncdns.resolve("www.example.test", resolver=stub, trace=trace)
        assert stub.asked == 2 and trace == []


async def test_names_and_types_in_every_form(system: SystemResolver) -> None:
    for name in ("www.example.test", b"www.example.test", "WWW.Example.Test."):
        assert await asyncdns.resolve(name, "a", resolver=system)
    assert await asyncdns.resolve("www.example.test", 28, resolver=system)
    soa = await asyncdns.resolve("example.test", SOA, resolver=system)
    assert isinstance(soa[0], rr.SOA)
    with pytest.raises(ValueError):
        await asyncdns.resolve("www.example.test", "NOSUCHTYPE", resolver=system)


async def test_trace_is_handed_on(system: SystemResolver, asyncdns_server: FakeDNSServer) -> None:
    trace = Trace()
    await asyncdns.resolve("www.example.test", resolver=system, trace=trace)
    answer = trace.answered_by()
    assert answer is not None and answer.server == asyncdns_server.address
    with pytest.raises(TypeError):
        await asyncdns.resolve("www.example.test", resolver=system, trace=[])  # type: ignore[arg-type]


# -- resolve_addresses ------------------------------------------------------------------------


async def test_both_families_best_first(system: SystemResolver) -> None:
    addresses = await asyncdns.resolve_addresses(
        "many.example.test", resolver=system, source_for=global_sources
    )
    assert addresses == [ip("2001:db8::1"), ip("198.51.100.1"), ip("198.51.100.2")]


async def test_rfc_6724_decides_the_order(system: SystemResolver) -> None:
    def v4_only_host(address: Any) -> Any:  # no IPv6 route: IPv6 destinations sort last
        return ip("198.51.100.2") if address.version == 4 else None

    addresses = await asyncdns.resolve_addresses(
        "www.example.test", resolver=system, source_for=v4_only_host
    )
    assert addresses == [ip("198.51.100.80"), ip("2001:db8::80")]


async def test_one_family(system: SystemResolver, asyncdns_server: FakeDNSServer) -> None:
    v4 = await asyncdns.resolve_addresses(
        "www.example.test", family=socket.AF_INET, resolver=system
    )
    v6 = await asyncdns.resolve_addresses(
        "www.example.test", family=socket.AF_INET6, resolver=system
    )
    assert (v4, v6) == ([ip("198.51.100.80")], [ip("2001:db8::80")])
    assert asyncdns_server.queries[0].qtype == "A" and len(asyncdns_server.queries) == 2


async def test_a_missing_family_is_no_error(system: SystemResolver) -> None:
    assert await asyncdns.resolve_addresses("v4only.example.test", resolver=system) == [
        ip("198.51.100.81")
    ]
    assert await asyncdns.resolve_addresses("v6only.example.test", resolver=system) == [
        ip("2001:db8::81")
    ]
    with pytest.raises(NoData):
        await asyncdns.resolve_addresses(
            "v4only.example.test", family=socket.AF_INET6, resolver=system
        )


async def test_errors_when_nothing_came_back(
    system: SystemResolver, asyncdns_server: FakeDNSServer
) -> None:
    with pytest.raises(NameNotFound):
        await asyncdns.resolve_addresses("nope.example.test", resolver=system)
    with pytest.raises(NoData):
        await asyncdns.resolve_addresses("mail.example.test", resolver=system)
    asyncdns_server.on("txtonly.example.test", "AAAA").drop()
    with pytest.raises(ResolutionTimeout):  # a NODATA and a timeout: the timeout tells more
        await asyncdns.resolve_addresses("txtonly.example.test", resolver=system)


async def test_one_family_timing_out_still_gives_the_other(
    system: SystemResolver, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("www.example.test", "AAAA").drop()
    addresses = await asyncdns.resolve_addresses("www.example.test", resolver=system)
    assert addresses == [ip("198.51.100.80")]


async def test_literals_are_returned_as_they_are(system: SystemResolver) -> None:
    assert await asyncdns.resolve_addresses("198.51.100.9", resolver=system) == [ip("198.51.100.9")]
    assert await asyncdns.resolve_addresses(ip("2001:db8::9"), resolver=system) == [
        ip("2001:db8::9")
    ]
    with pytest.raises(ValueError):
        await asyncdns.resolve_addresses("2001:db8::9", family=socket.AF_INET, resolver=system)
    with pytest.raises(ValueError):
        await asyncdns.resolve_addresses("www.example.test", family=socket.AF_UNIX, resolver=system)


async def test_the_hosts_file_through_smart_resolver(smart: SmartResolver) -> None:
    assert await asyncdns.resolve_addresses("db.example.test", resolver=smart) == [
        ip("203.0.113.5")
    ]
    # The hosts file overrides DNS for the names it lists, for both families (NODATA for
    # the one it lacks), so DNS's 198.51.100.81 never shows.
    assert await asyncdns.resolve_addresses("v4only.example.test", resolver=smart) == [
        ip("203.0.113.6")
    ]


async def test_a_shared_trace_sees_both_lookups(smart: SmartResolver) -> None:
    trace = Trace()
    await asyncdns.resolve_addresses("www.example.test", resolver=smart, trace=trace)
    replies = [e for e in trace if e.event is TraceEvent.REPLY]
    assert sorted(e.query.q_type for e in replies if e.query) == [1, 28]
    assert {e.transport for e in replies} == {"udp"}


# -- reverse --------------------------------------------------------------------------------


async def test_reverse(system: SystemResolver) -> None:
    assert sorted(await asyncdns.reverse("198.51.100.80", resolver=system)) == [
        "web.example.test",
        "www.example.test",
    ]
    assert await asyncdns.reverse(ip("2001:db8::80"), resolver=system) == ["www.example.test"]
    with pytest.raises(NameNotFound):
        await asyncdns.reverse("198.51.100.99", resolver=system)
    with pytest.raises(ValueError):
        await asyncdns.reverse("www.example.test", resolver=system)


async def test_reverse_of_an_ipv4_mapped_address_asks_in_addr_arpa(
    system: SystemResolver, asyncdns_server: FakeDNSServer
) -> None:
    # A dual-stack socket names an IPv4 peer ::ffff:a.b.c.d.
    for mapped in ("::ffff:198.51.100.80", ip("::ffff:198.51.100.80")):
        assert sorted(await asyncdns.reverse(mapped, resolver=system)) == [
            "web.example.test",
            "www.example.test",
        ]
    assert {q.qname for q in asyncdns_server.queries} == {"80.100.51.198.in-addr.arpa."}


# -- the default resolver ----------------------------------------------------------------------


@pytest.mark.usefixtures("default_env")
async def test_the_default_resolver_is_a_smart_resolver_per_loop(
    asyncdns_server: FakeDNSServer,
) -> None:
    resolver = asyncdns.default_resolver()
    assert isinstance(resolver, SmartResolver) and asyncdns.default_resolver() is resolver
    assert await asyncdns.resolve_addresses("db.example.test") == [ip("203.0.113.5")]  # hosts
    assert await asyncdns.resolve_addresses("www.example.test", source_for=global_sources) == [
        ip("2001:db8::80"),
        ip("198.51.100.80"),
    ]
    assert await asyncdns.reverse("198.51.100.80")
    asyncdns.close_default_resolver()
    assert asyncdns.default_resolver() is not resolver  # rebuilt on next use


@pytest.mark.usefixtures("default_env")
def test_each_loop_has_its_own_default_resolver() -> None:
    async def which() -> SmartResolver:
        resolver = asyncdns.default_resolver()
        await asyncdns.resolve("www.example.test")
        return resolver

    first = asyncio.run(which())
    second = asyncio.run(which())
    assert first is not second
    asyncdns.close_default_resolver()


@pytest.mark.usefixtures("default_env")
def test_a_default_resolver_left_open_goes_with_its_loop() -> None:
    async def which() -> SmartResolver:
        resolver = asyncdns.default_resolver()
        await asyncdns.resolve("www.example.test")  # it has sockets now
        return resolver

    first = asyncio.run(which())  # and close_default_resolver() was not called
    assert not first.closed
    second = asyncio.run(which())
    assert first.closed  # closed when the next loop built its own
    assert not second.closed
    asyncdns.close_default_resolver()
    assert second.closed


@pytest.mark.usefixtures("default_env")
async def test_a_default_resolver_closed_by_its_caller_is_rebuilt() -> None:
    async with asyncdns.default_resolver() as resolver:
        pass
    assert resolver.closed
    fresh = asyncdns.default_resolver()
    assert fresh is not resolver
    assert await asyncdns.resolve_addresses("db.example.test") == [ip("203.0.113.5")]


def test_the_default_resolver_needs_a_running_loop() -> None:
    with pytest.raises(RuntimeError):
        asyncdns.default_resolver()
