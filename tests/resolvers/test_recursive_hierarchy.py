"""Recursive resolution against pytest-asyncdns's fake hierarchy (root -> TLD -> authoritative
on 127.0.1.x): one test per case of issue 5's proof list, over real loopback sockets."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from dnslib import NS as DnslibNS
from dnslib import QTYPE, RR, DNSRecord

from asyncdns_resolvers import (
    LimitExceeded,
    RecursionFailure,
    Resolver,
    Trace,
)
from asyncdns_resolvers import TraceEvent as E
from asyncdns_wire import AAAA, DNAME, MX, NS, NXDOMAIN, SOA, TXT
from pytest_asyncdns import Hierarchy, QueryRecord
from pytest_asyncdns._answer import reply_skeleton

from ._recursive_support import addresses, answers, asked, options, qnames, recurse

pytestmark = pytest.mark.usefixtures("fail_on_loop_errors")


@pytest.fixture
async def resolver(asyncdns_hierarchy: Hierarchy) -> AsyncIterator[Resolver]:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        yield r


# -- delegations -------------------------------------------------------------------------------


async def test_glue(resolver: Resolver, asyncdns_hierarchy: Hierarchy) -> None:
    reply = await recurse(resolver, "www.example.test")
    assert answers(reply) == ["www.example.test A 198.51.100.10"]
    assert reply.rcode == 0 and not reply.authorities
    # Iterative queries: RD clear on every hop.
    assert all(not q.rd for _, q in asyncdns_hierarchy.queries)
    assert {who for who, *_ in asked(asyncdns_hierarchy)} <= {
        "root",
        "tld-test",
        "example-test-1",
        "example-test-2",
    }


async def test_glueless_nameserver_in_a_sibling_zone(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    trace = Trace()
    reply = await recurse(resolver, "www.glueless.test", trace=trace)
    assert answers(reply) == ["www.glueless.test A 198.51.100.40"]
    lookups = [e.query.name for e in trace if e.event is E.LOOKUP_NS and e.query]
    assert lookups == [b"ns-glueless.example.test"]
    sibling = asked(asyncdns_hierarchy, "example-test-1") + asked(
        asyncdns_hierarchy, "example-test-2"
    )
    assert ("example-test-1", "ns-glueless.example.test", "A") in sibling or (
        "example-test-2",
        "ns-glueless.example.test",
        "A",
    ) in sibling
    assert qnames(asyncdns_hierarchy, "glueless") == ["www.glueless.test"]


async def test_glueless_nameserver_in_another_tld(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    trace = Trace()
    reply = await recurse(resolver, "www.other.example", trace=trace)
    assert answers(reply) == ["www.other.example A 198.51.100.20"]
    # The example. TLD only delegates; the nameserver's address came through test.
    assert "test" in qnames(asyncdns_hierarchy, "root")
    assert "example.test" in qnames(asyncdns_hierarchy, "tld-test")
    assert [e.addresses for e in trace if e.event is E.NS_ADDRESSES] == [
        ((asyncdns_hierarchy.address_of("glueless"), asyncdns_hierarchy.port),)
    ]


async def test_out_of_bailiwick_glue_is_ignored(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    reply = await recurse(resolver, "www.oob.test")
    assert addresses(reply) == ["198.51.100.66"]  # not the poisoned 203.0.113.66
    assert not asyncdns_hierarchy.servers["poison"].queries
    # The nameserver's address came from its own zone (example.), not from the glue.
    assert "ns.oob.example" in qnames(asyncdns_hierarchy, "tld-example")
    # And nothing of the bogus glue was cached for later lookups either.
    await recurse(resolver, "oob.test", SOA)
    assert not asyncdns_hierarchy.servers["poison"].queries


async def test_partly_lame_delegation(asyncdns_hierarchy: Hierarchy) -> None:
    """lame.test has a REFUSED server, an upward-referral server and a good one: whichever is
    asked first, the answer comes from the good one and the lame ones are skipped."""
    seen: set[str] = set()
    for _ in range(30):  # random server choice: run until both lame kinds were met
        trace = Trace()
        async with Resolver(options(asyncdns_hierarchy)) as r:
            reply = await recurse(r, "www.lame.test", trace=trace, should_cache=False)
        assert answers(reply) == ["www.lame.test A 198.51.100.50"]
        for e in trace:
            if e.event is E.LAME:
                seen.add("refused" if "REFUSED" in e.detail else "upward")
        if seen == {"refused", "upward"}:
            break
    assert seen == {"refused", "upward"}


async def test_completely_lame_delegation_fails(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    with pytest.raises(RecursionFailure) as info:
        await recurse(resolver, "www.alllame.test")
    assert info.value.zone == b"alllame.test"
    assert info.value.name == b"www.alllame.test"
    lame = {
        asyncdns_hierarchy.address_of("lame-refused"),
        asyncdns_hierarchy.address_of("lame-nonauth"),
    }
    assert {s[0] for s in info.value.servers} == lame
    assert info.value.trace is not None and info.value.trace[-1].event is E.GIVE_UP


async def test_a_server_that_never_answers(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    started = time.monotonic()
    with pytest.raises(RecursionFailure) as info:
        await recurse(resolver, "www.silent.test")
    assert time.monotonic() - started < 5.0  # 0.2 s + 0.4 s of tries, then the verdict
    assert info.value.zone == b"silent.test"
    assert len(asyncdns_hierarchy.servers["silent"].queries) == resolver.options.recursion_tries


async def test_dead_root_servers_fail_fast(asyncdns_hierarchy: Hierarchy) -> None:
    silent = (asyncdns_hierarchy.address_of("silent"), asyncdns_hierarchy.port)
    async with Resolver(options(asyncdns_hierarchy, root_hints=[silent])) as r:
        with pytest.raises(RecursionFailure) as info:
            await recurse(r, "www.example.test")
    assert info.value.zone == b"."


# -- aliases ----------------------------------------------------------------------------------


async def test_cname_across_zones(resolver: Resolver, asyncdns_hierarchy: Hierarchy) -> None:
    reply = await recurse(resolver, "cross.example.test")
    assert answers(reply) == [
        "cross.example.test CNAME www.other.example.",
        "www.other.example A 198.51.100.20",
    ]
    assert qnames(asyncdns_hierarchy, "glueless")[-1] == "www.other.example"


async def test_cname_chain_inside_a_zone(resolver: Resolver) -> None:
    reply = await recurse(resolver, "chain.example.test")
    assert answers(reply) == [
        "chain.example.test CNAME alias.example.test.",
        "alias.example.test CNAME www.example.test.",
        "www.example.test A 198.51.100.10",
    ]


@pytest.mark.parametrize("name", ["loop1.example.test", "xloop.example.test"])
async def test_cname_loops_fail(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy, name: str
) -> None:
    with pytest.raises(RecursionFailure, match="loop"):
        await recurse(resolver, name)
    assert len(asyncdns_hierarchy.queries) < 20


async def test_dangling_cname_is_nxdomain_with_the_chain(resolver: Resolver) -> None:
    reply = await recurse(resolver, "dangling.example.test")
    assert reply.rcode == NXDOMAIN
    assert answers(reply) == ["dangling.example.test CNAME nowhere.example.test."]
    assert [(r.name, r.rr_type) for r in reply.authorities] == [(b"example.test", SOA)]


async def test_dname(resolver: Resolver) -> None:
    reply = await recurse(resolver, "www.dname.example.test")
    assert answers(reply) == [
        "dname.example.test DNAME other.example.",
        "www.dname.example.test CNAME www.other.example.",
        "www.other.example A 198.51.100.20",
    ]
    reply = await recurse(resolver, "x.dname.example.test")
    assert reply.rcode == NXDOMAIN
    assert next(r.rr_type for r in reply.answers) == DNAME
    assert [r.name for r in reply.authorities] == [b"other.example"]
    reply = await recurse(resolver, "dname.example.test", DNAME)
    assert answers(reply) == ["dname.example.test DNAME other.example."]


async def test_wildcard(resolver: Resolver) -> None:
    reply = await recurse(resolver, "anything.wild.example.test")
    assert answers(reply) == ["anything.wild.example.test A 198.51.100.30"]


# -- negative answers at every level --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "zone"),
    [("nosuchtld", b"."), ("nope.test", b"test"), ("nope.example.test", b"example.test")],
    ids=["root", "tld", "authoritative"],
)
async def test_nxdomain_at_each_level(resolver: Resolver, name: str, zone: bytes) -> None:
    reply = await recurse(resolver, name)
    assert reply.rcode == NXDOMAIN and not reply.answers
    assert [(r.name, r.rr_type) for r in reply.authorities] == [(zone, SOA)]


@pytest.mark.parametrize(
    ("name", "q_type", "zone"),
    [
        (".", TXT, b"."),
        ("test", TXT, b"test"),
        ("www.example.test", TXT, b"example.test"),
        ("deep.example.test", TXT, b"example.test"),  # an empty non-terminal
    ],
    ids=["root", "tld", "authoritative", "empty-non-terminal"],
)
async def test_nodata_at_each_level(
    resolver: Resolver, name: str, q_type: int, zone: bytes
) -> None:
    reply = await recurse(resolver, name, q_type)
    assert reply.rcode == 0 and not reply.answers
    assert [(r.name, r.rr_type) for r in reply.authorities] == [(zone, SOA)]


async def test_below_an_empty_non_terminal(resolver: Resolver) -> None:
    reply = await recurse(resolver, "leaf.deep.example.test", TXT)
    assert answers(reply) == ['leaf.deep.example.test TXT "deep is an empty non-terminal"']


async def test_other_types(resolver: Resolver) -> None:
    assert answers(await recurse(resolver, "www.example.test", AAAA)) == [
        "www.example.test AAAA 2001:db8::10"
    ]
    assert answers(await recurse(resolver, "mail.example.test", MX)) == [
        "mail.example.test MX 10 mx.example.test."
    ]
    assert sorted(answers(await recurse(resolver, "example.test", NS))) == [
        "example.test NS ns1.example.test.",
        "example.test NS ns2.example.test.",
    ]


# -- QNAME minimisation --------------------------------------------------------------------------


async def test_qname_minimisation_is_visible_in_the_query_log(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    await recurse(resolver, "www.example.test")
    assert asked(asyncdns_hierarchy, "root") == [("root", "test", "A")]
    assert asked(asyncdns_hierarchy, "tld-test") == [("tld-test", "example.test", "A")]
    auth = asked(asyncdns_hierarchy, "example-test-1") + asked(asyncdns_hierarchy, "example-test-2")
    assert [(n, t) for _, n, t in auth] == [("www.example.test", "A")]


async def test_minimisation_relaxed_fallback_on_nxdomain(
    resolver: Resolver, asyncdns_hierarchy: Hierarchy
) -> None:
    reply = await recurse(resolver, "a.b.nope.test")
    assert reply.rcode == NXDOMAIN
    assert qnames(asyncdns_hierarchy, "tld-test") == ["nope.test", "a.b.nope.test"]


async def test_without_minimisation_the_root_sees_the_whole_name(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    async with Resolver(options(asyncdns_hierarchy, qname_minimisation=False)) as r:
        await recurse(r, "www.example.test")
    assert qnames(asyncdns_hierarchy, "root") == ["www.example.test"]
    assert qnames(asyncdns_hierarchy, "tld-test") == ["www.example.test"]


# -- work limits on real sockets ----------------------------------------------------------------


async def test_nxns_referral_to_fifty_glueless_nameservers_is_bounded(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    """tld-test refers nxns.test to 50 glueless names under nowhere.example (NXDOMAIN there)."""
    names = [f"ns{i}.nowhere.example." for i in range(50)]

    def fan_out(query: QueryRecord) -> DNSRecord:
        reply = reply_skeleton(query.message)
        for name in names:
            reply.add_auth(RR("nxns.test.", QTYPE.NS, rdata=DnslibNS(name), ttl=60))
        return reply

    asyncdns_hierarchy.servers["tld-test"].on(
        match=lambda q: q.qname.lower().rstrip(".").endswith("nxns.test")
    ).respond(fan_out)
    async with Resolver(options(asyncdns_hierarchy)) as r:
        with pytest.raises(LimitExceeded, match="glueless"):
            await recurse(r, "www.nxns.test")
        limit = r.options.max_glueless_per_zone
    looked_up = {n for _, n, _ in asked(asyncdns_hierarchy, "tld-example") if n.startswith("ns")}
    assert 0 < len(looked_up) <= limit
    assert len(asyncdns_hierarchy.queries) <= 2 + limit * 4


async def test_query_budget_on_the_wire(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy, max_queries=2)) as r:
        with pytest.raises(LimitExceeded, match="queries"):
            await recurse(r, "www.example.test")
    assert len(asyncdns_hierarchy.queries) == 2
