"""The recursive walk as a pure state machine: every rule, fed hand-built replies, no sockets."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from asyncdns_resolvers import LimitExceeded, RecursionFailure, ResolutionTimeout
from asyncdns_resolvers import TraceEvent as E
from asyncdns_resolvers._delegations import DelegationCache
from asyncdns_resolvers._referral import read_referral
from asyncdns_resolvers._walk import Ask, Done, Walk, WalkLimits
from asyncdns_wire import (
    AAAA,
    CNAME,
    DNAME,
    DS,
    NXDOMAIN,
    QR,
    RA,
    RD,
    REFUSED,
    SERVFAIL,
    TXT,
    YXDOMAIN,
    A,
    Message,
    Query,
    rr,
)

from ._walk_support import (
    Net,
    answer,
    example_test,
    keep_order,
    nodata,
    nxdomain,
    referral,
    root,
    run,
    server,
    soa,
    tld_test,
    tree,
    under,
)

ROOT = [server(1)]
TOP = 0x80000000  # a TTL with its top bit set: 0 (RFC 2181 section 8)


def walk(name: str, q_type: int = A, **kw: Any) -> Walk:
    kw.setdefault("rng", keep_order)
    return Walk(Query(name, q_type), ROOT, **kw)


def texts(reply: Message) -> list[str]:
    return [f"{r.name.decode()} {r.rdata_to_text()}" for r in reply.answers]


# -- the happy path and QNAME minimisation ---------------------------------------------------


def test_glue_referrals_lead_to_the_answer() -> None:
    net = tree()
    done = run(walk("www.example.test"), net)
    reply = done.result()
    assert texts(reply) == ["www.example.test 198.51.100.10"]
    assert reply.rcode == 0
    assert reply.flags & RD and reply.flags & RA and reply.is_response
    assert reply.questions == [Query("www.example.test", A)]
    assert not reply.authorities


def test_qname_minimisation_asks_one_more_label_per_zone() -> None:
    net = tree()
    run(walk("www.example.test"), net)
    assert net.asked == [
        ("127.0.1.1", "test", A),
        ("127.0.1.2", "example.test", A),
        ("127.0.1.11", "www.example.test", A),
    ]


def test_without_minimisation_every_server_gets_the_full_question() -> None:
    net = tree()
    run(walk("www.example.test", minimise=False), net)
    assert [(a, n) for a, n, _ in net.asked] == [
        ("127.0.1.1", "www.example.test"),
        ("127.0.1.2", "www.example.test"),
        ("127.0.1.11", "www.example.test"),
    ]


def test_minimisation_descends_through_non_cuts_then_takes_bigger_steps() -> None:
    # One zone (the root) answers every minimised question with NODATA: no cut anywhere.
    name = ".".join(f"l{i}" for i in range(15, 0, -1)) + ".test"  # 16 labels

    def flat(q: Query) -> Message:
        if q.name == name.encode():
            return answer(q, [rr.A(name, 60, "198.51.100.1")])
        return nodata(q, ".")

    net = Net({"127.0.1.1": flat})
    run(walk(name), net)
    sizes = [n.count(".") + 1 for _, n, _ in net.asked]
    assert sizes[:4] == [1, 2, 3, 4]  # MINIMISE_ONE_LAB single-label steps
    assert sizes[-1] == 16 and net.asked[-1][2] == A
    assert len(net.asked) <= 11  # MAX_MINIMISE_COUNT minimised questions, then the full one
    assert all(b > a for a, b in itertools.pairwise(sizes))


def test_nxdomain_for_a_minimised_name_is_checked_with_the_full_name() -> None:
    def tld(q: Query) -> Message:
        return nxdomain(q, "test")

    net = tree(s2=tld)
    trace_walk = walk("www.nope.test")
    reply = run(trace_walk, net).result()
    assert reply.rcode == NXDOMAIN
    assert net.questions("127.0.1.2") == [("nope.test", A), ("www.nope.test", A)]
    assert [r.name for r in reply.authorities] == [b"test"]
    assert [e.event for e in trace_walk.trace if e.server] == [E.REFERRAL, E.RETRY_FULL, E.NXDOMAIN]


def test_an_error_rcode_to_a_minimised_name_switches_to_the_full_name() -> None:
    calls: list[bytes] = []

    def picky(q: Query) -> Message:
        calls.append(q.name)
        if q.name == b"example.test":
            return answer(q, rcode=SERVFAIL, aa=False)
        return tld_test(q)

    net = tree(s2=picky)
    net.handlers["127.0.1.5"] = tld_test  # a second server for test.

    def root2(q: Query) -> Message:
        return referral(
            q, "test", ["ns1.nic.test", "ns2.nic.test"],
            {"ns1.nic.test": ["127.0.1.5"], "ns2.nic.test": ["127.0.1.2"]},
        )  # fmt: skip

    net.handlers["127.0.1.1"] = root2
    reply = run(walk("www.example.test"), net).result()
    assert texts(reply) == ["www.example.test 198.51.100.10"]
    # RFC 9156 section 3: the server that failed the minimised question is asked the full
    # one before any other (it answers it: it is not lame).
    assert calls == [b"example.test", b"www.example.test"]
    assert net.questions("127.0.1.5") == []


# -- referrals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "why"),
    [
        (".", "upward"),
        ("test", "sideways: the zone itself"),
        ("other.test", "not towards the name"),
        ("example", "unrelated"),
    ],
)
def test_referrals_that_do_not_lead_down_make_the_server_lame(cut: str, why: str) -> None:
    def bogus(q: Query) -> Message:
        return referral(q, cut, ["ns.bogus.test"], {"ns.bogus.test": ["127.0.1.66"]})

    net = tree(s2=bogus)
    w = walk("www.example.test")
    done = run(w, net)
    assert isinstance(done.error, RecursionFailure), why
    assert done.error.zone == b"test"
    assert "127.0.1.66" not in {a for a, _, _ in net.asked}
    assert any(e.event is E.LAME and "referral" in e.detail for e in w.trace)


def test_a_non_authoritative_answer_is_lame() -> None:
    def cache_like(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 60, "203.0.113.66")], aa=False)

    net = tree(s10=cache_like, s11=cache_like)
    done = run(walk("www.example.test"), net)
    assert isinstance(done.error, RecursionFailure)
    assert done.error.zone == b"example.test"
    assert done.error.name == b"www.example.test"
    assert sorted(done.error.servers) == [server(10), server(11)]


@pytest.mark.parametrize("rcode", [SERVFAIL, REFUSED])
def test_a_server_answering_an_error_is_skipped_for_the_next(rcode: int) -> None:
    def broken(q: Query) -> Message:
        return answer(q, rcode=rcode, aa=False)

    net = tree(s11=broken)
    w = walk("www.example.test")
    reply = run(w, net).result()
    assert texts(reply) == ["www.example.test 198.51.100.10"]
    assert [a for a, _, _ in net.asked][-2:] == ["127.0.1.11", "127.0.1.10"]
    lame = [e for e in w.trace if e.event is E.LAME]
    assert lame[0].server == server(11) and lame[0].rcode == rcode


def test_a_dead_server_is_not_asked_again() -> None:
    net = tree()
    del net.handlers["127.0.1.11"]  # times out
    w = walk("www.example.test")
    reply = run(w, net).result()
    assert texts(reply) == ["www.example.test 198.51.100.10"]
    assert [a for a, _, _ in net.asked].count("127.0.1.11") == 1
    assert any(e.event is E.FAILED and e.server == server(11) for e in w.trace)


def test_every_server_dead_is_a_recursion_failure() -> None:
    net = tree()
    del net.handlers["127.0.1.10"], net.handlers["127.0.1.11"]
    done = run(walk("www.example.test"), net)
    assert isinstance(done.error, RecursionFailure)
    assert done.error.zone == b"example.test"
    assert done.error.trace is not None and done.error.trace[-1].event is E.GIVE_UP


# -- glue: only in bailiwick ----------------------------------------------------------------


def test_out_of_bailiwick_glue_is_never_used() -> None:
    """``oob.test NS ns.oob.example`` with glue 127.0.1.66: the address comes from example."""

    def tld(q: Query) -> Message:
        if under(q, "oob.test"):
            return referral(q, "oob.test", ["ns.oob.example"], {"ns.oob.example": ["127.0.1.66"]})
        return tld_test(q)

    def tld_example(q: Query) -> Message:
        if q.name == b"ns.oob.example" and q.q_type == A:
            return answer(q, [rr.A("ns.oob.example", 3600, "127.0.1.12")])
        return nodata(q, "example")

    def good(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 3600, "198.51.100.66")])

    def poison(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 3600, "203.0.113.66")])

    cache = DelegationCache()
    net = tree(s2=tld, s3=tld_example, s12=good, s66=poison)
    reply = run(walk("www.oob.test", delegations=cache), net).result()
    assert texts(reply) == ["www.oob.test 198.51.100.66"]
    assert "127.0.1.66" not in {a for a, _, _ in net.asked}
    assert cache.closest(b"www.oob.test", 200.0).addresses == {}  # type: ignore[union-attr]
    assert cache.addresses(b"ns.oob.example", 200.0) == (("127.0.1.12", 53),)


def test_sibling_glue_and_stray_additional_records_are_ignored() -> None:
    """Glue for an NS name outside the delegated zone (even inside the parent) is not used,
    nor any additional record that is not glue for one of the NS names."""

    def tld(q: Query) -> Message:
        if under(q, "child.test"):
            return referral(
                q,
                "child.test",
                ["ns.sibling.test", "ns.child.test"],
                {"ns.sibling.test": ["127.0.1.66"], "ns.child.test": ["127.0.1.12"]},
                extra=[rr.A("www.child.test", 60, "203.0.113.66")],
            )
        if q.name == b"sibling.test":
            return nodata(q, "test")
        if q.name == b"ns.sibling.test":
            return answer(q, [rr.A("ns.sibling.test", 60, "127.0.1.13")])
        return tld_test(q)

    def child(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 60, "198.51.100.12")])

    cache = DelegationCache()
    net = tree(s2=tld, s12=child, s13=child)
    reply = run(walk("www.child.test", delegations=cache, rng=lambda n: 0), net).result()
    assert texts(reply) == ["www.child.test 198.51.100.12"]
    assert "127.0.1.66" not in {a for a, _, _ in net.asked}
    found = cache.closest(b"child.test", 200.0)
    assert found is not None
    assert dict(found.addresses) == {b"ns.child.test": (("127.0.1.12", 53),)}


def test_unusable_glue_addresses_are_dropped() -> None:
    def tld(q: Query) -> Message:
        return referral(
            q,
            "example.test",
            ["ns1.example.test"],
            {"ns1.example.test": ["0.0.0.0", "224.0.0.1", "255.255.255.255", "127.0.1.10"]},
        )

    net = tree(s2=tld)
    run(walk("www.example.test"), net)
    assert net.asked[-1][0] == "127.0.1.10"
    assert {a for a, _, _ in net.asked} <= {"127.0.1.1", "127.0.1.2", "127.0.1.10"}


@pytest.mark.parametrize(("prefer_ipv6", "expected"), [(False, "127.0.1.10"), (True, "::1")])
def test_prefer_ipv6_chooses_the_family_of_glue(prefer_ipv6: bool, expected: str) -> None:
    def tld(q: Query) -> Message:
        return referral(
            q, "example.test", ["ns1.example.test"], {"ns1.example.test": ["127.0.1.10", "::1"]}
        )

    net = tree(s2=tld)
    net.handlers["::1"] = example_test
    reply = run(walk("www.example.test", prefer_ipv6=prefer_ipv6), net).result()
    assert texts(reply) == ["www.example.test 198.51.100.10"]
    assert net.asked[-1][0] == expected


# -- glueless delegations and their limits ---------------------------------------------------


def _glueless_tld(count: int, *, resolvable: bool) -> Any:
    names = [f"ns{i}.elsewhere.example" for i in range(count)]

    def tld(q: Query) -> Message:
        if under(q, "victim.test"):
            return referral(q, "victim.test", names)
        return tld_test(q)

    def tld_example(q: Query) -> Message:
        if under(q, "elsewhere.example") and q.name != b"elsewhere.example":
            if resolvable and q.q_type == A:
                return answer(q, [rr.A(q.name, 60, "127.0.1.12")])
            return nxdomain(q, "example")
        return nodata(q, "example")

    return tld, tld_example


def test_glueless_nameserver_in_another_tld_is_looked_up() -> None:
    tld, tld_example = _glueless_tld(1, resolvable=True)

    def victim(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 60, "198.51.100.40")])

    net = tree(s2=tld, s3=tld_example, s12=victim)
    w = walk("www.victim.test")
    reply = run(w, net).result()
    assert texts(reply) == ["www.victim.test 198.51.100.40"]
    lookups = [e for e in w.trace if e.event is E.LOOKUP_NS]
    assert [e.query.name for e in lookups if e.query] == [b"ns0.elsewhere.example"]
    found = [e for e in w.trace if e.event is E.NS_ADDRESSES]
    assert found[0].addresses == (("127.0.1.12", 53),)


def test_nxns_fan_out_is_bounded() -> None:
    """A referral naming 50 glueless nameservers that do not resolve costs a few lookups."""
    tld, tld_example = _glueless_tld(50, resolvable=False)
    net = tree(s2=tld, s3=tld_example)
    w = walk("www.victim.test", limits=WalkLimits(max_glueless_per_zone=3, max_glueless=6))
    done = run(w, net)
    assert isinstance(done.error, LimitExceeded)
    assert "glueless" in str(done.error)
    lookups = [e for e in w.trace if e.event is E.LOOKUP_NS]
    assert len(lookups) == 3
    looked_up = {
        n for a, n, _ in net.asked if n.startswith("ns") and n.endswith("elsewhere.example")
    }
    assert len(looked_up) <= 3
    assert len(net.asked) <= 2 + 3 * 3  # root, test., then three lookups of three steps


def test_glueless_lookups_are_bounded_per_lookup_too() -> None:
    tld, tld_example = _glueless_tld(50, resolvable=False)
    net = tree(s2=tld, s3=tld_example)
    w = walk("www.victim.test", limits=WalkLimits(max_glueless_per_zone=10, max_glueless=2))
    assert isinstance(run(w, net).error, LimitExceeded)
    assert len([e for e in w.trace if e.event is E.LOOKUP_NS]) == 2


def test_glueless_nameserver_under_its_own_zone_is_a_dependency_cycle() -> None:
    def tld(q: Query) -> Message:
        if under(q, "cycle.test"):
            return referral(q, "cycle.test", ["ns1.cycle.test", "ns2.cycle.test"])
        return tld_test(q)

    net = tree(s2=tld)
    w = walk("www.cycle.test")
    done = run(w, net)
    assert isinstance(done.error, RecursionFailure)
    assert done.error.zone == b"cycle.test"
    assert not [e for e in w.trace if e.event is E.LOOKUP_NS]
    assert len(net.asked) == 2  # root, then test.: nothing more to ask


def test_mutually_glueless_zones_do_not_loop() -> None:
    """a.test's NS is in b.test, b.test's NS is in a.test: both lookups fail, bounded."""

    def tld(q: Query) -> Message:
        if under(q, "a.test"):
            return referral(q, "a.test", ["ns.b.test"])
        if under(q, "b.test"):
            return referral(q, "b.test", ["ns.a.test"])
        return tld_test(q)

    net = tree(s2=tld)
    w = walk("www.a.test")
    done = run(w, net)
    assert isinstance(done.error, RecursionFailure | LimitExceeded)
    assert len(net.asked) < 15


def test_nameserver_addresses_fall_back_to_the_other_family() -> None:
    def tld(q: Query) -> Message:
        if under(q, "v6.test"):
            return referral(q, "v6.test", ["ns.v6.example"])
        return tld_test(q)

    def tld_example(q: Query) -> Message:
        if q.name == b"ns.v6.example" and q.q_type == A:
            return answer(q, [rr.A(q.name, 60, "127.0.1.12")])
        return nodata(q, "example")

    def v6(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 60, "198.51.100.6")])

    net = tree(s2=tld, s3=tld_example, s12=v6)
    reply = run(walk("www.v6.test", prefer_ipv6=True), net).result()
    assert texts(reply) == ["www.v6.test 198.51.100.6"]
    asked = net.questions("127.0.1.3")
    assert asked.index(("ns.v6.example", AAAA)) < asked.index(("ns.v6.example", A))


# -- answers: bailiwick, aliases, negative answers ----------------------------------------------


def test_answer_records_outside_the_servers_zone_are_ignored() -> None:
    def auth(q: Query) -> Message:
        if q.name == b"alias.example.test":
            return answer(
                q,
                [
                    rr.CNAME("alias.example.test", 60, "www.other.example"),
                    rr.A("www.other.example", 60, "203.0.113.66"),  # out of bailiwick
                ],
            )
        return example_test(q)

    def tld_example(q: Query) -> Message:
        if under(q, "other.example"):
            return referral(
                q, "other.example", ["ns.other.example"], {"ns.other.example": ["127.0.1.12"]}
            )
        return nodata(q, "example")

    def other(q: Query) -> Message:
        return answer(q, [rr.A("www.other.example", 60, "198.51.100.20")])

    net = tree(s10=auth, s11=auth, s3=tld_example, s12=other)
    reply = run(walk("alias.example.test"), net).result()
    assert texts(reply) == [
        "alias.example.test www.other.example.",
        "www.other.example 198.51.100.20",
    ]
    assert ("127.0.1.12", "www.other.example", A) in net.asked


def test_in_zone_cname_chain_is_taken_from_one_reply() -> None:
    def auth(q: Query) -> Message:
        if q.name == b"chain.example.test":
            return answer(
                q,
                [
                    rr.CNAME("chain.example.test", 60, "alias.example.test"),
                    rr.CNAME("alias.example.test", 60, "www.example.test"),
                    rr.A("www.example.test", 60, "198.51.100.10"),
                ],
            )
        return example_test(q)

    net = tree(s10=auth, s11=auth)
    reply = run(walk("chain.example.test"), net).result()
    assert [r.rr_type for r in reply.answers] == [CNAME, CNAME, A]
    assert len(net.asked) == 3


def test_cname_loop_is_a_recursion_failure() -> None:
    def auth(q: Query) -> Message:
        if q.name == b"loop1.example.test":
            return answer(
                q,
                [
                    rr.CNAME("loop1.example.test", 60, "loop2.example.test"),
                    rr.CNAME("loop2.example.test", 60, "loop1.example.test"),
                ],
            )
        return example_test(q)

    net = tree(s10=auth, s11=auth)
    done = run(walk("loop1.example.test"), net)
    assert isinstance(done.error, RecursionFailure)
    assert "loop" in str(done.error)


def test_cname_chain_limit() -> None:
    def auth(q: Query) -> Message:
        n = int(q.name.split(b".")[0][1:])
        return answer(q, [rr.CNAME(q.name, 60, f"c{n + 1}.example.test")])

    net = tree(s10=auth, s11=auth)
    done = run(walk("c0.example.test", limits=WalkLimits(max_cname_chain=4)), net)
    assert isinstance(done.error, LimitExceeded)
    assert "chain" in str(done.error)


def test_dname_is_synthesised_by_the_walk() -> None:
    def auth(q: Query) -> Message:
        if under(q, "dname.example.test") and q.name != b"dname.example.test":
            return answer(
                q,
                [
                    rr.DNAME("dname.example.test", 600, "example.test"),
                    rr.CNAME(q.name, 600, "forged.example.test"),  # ignored: we synthesise
                ],
            )
        return example_test(q)

    net = tree(s10=auth, s11=auth)
    reply = run(walk("www.dname.example.test"), net).result()
    assert [(r.rr_type, r.name) for r in reply.answers] == [
        (DNAME, b"dname.example.test"),
        (CNAME, b"www.dname.example.test"),
        (A, b"www.example.test"),
    ]
    assert reply.answers[1].target == b"www.example.test"  # type: ignore[attr-defined]
    assert reply.answers[1].ttl == 600


def test_dname_substitution_overflow_is_yxdomain() -> None:
    long_target = ".".join(["x" * 62] * 4)  # 253 octets: fine alone, too long with a prefix

    def auth(q: Query) -> Message:
        return answer(q, [rr.DNAME("d.example.test", 60, long_target)])

    net = tree(s10=auth, s11=auth)
    reply = run(walk("a.b.c.d.example.test", minimise=False), net).result()
    assert reply.rcode == YXDOMAIN
    assert [r.rr_type for r in reply.answers] == [DNAME]


def test_a_servers_own_yxdomain_for_an_overflowing_dname_is_the_answer() -> None:
    # RFC 6672 section 2.2: the server itself answers YXDOMAIN with the DNAME.
    long_target = ".".join(["x" * 62] * 4)

    def auth(q: Query) -> Message:
        return answer(q, [rr.DNAME("d.example.test", 60, long_target)], rcode=YXDOMAIN)

    net = tree(s10=auth, s11=auth)
    reply = run(walk("a.b.c.d.example.test", minimise=False), net).result()
    assert reply.rcode == YXDOMAIN
    assert [r.rr_type for r in reply.answers] == [DNAME]


def test_yxdomain_without_an_overflowing_dname_is_a_lame_answer() -> None:
    def auth(q: Query) -> Message:
        return answer(q, [], rcode=YXDOMAIN)  # nothing shows the name too long

    done = run(walk("www.example.test", minimise=False), tree(s10=auth, s11=auth))
    assert isinstance(done.error, RecursionFailure)


def test_nodata_and_nxdomain_carry_the_soa() -> None:
    reply = run(walk("www.example.test", TXT), tree()).result()
    assert reply.rcode == 0 and not reply.answers
    assert [r.name for r in reply.authorities] == [b"example.test"]
    reply = run(walk("nope.example.test"), tree()).result()
    assert reply.rcode == NXDOMAIN
    assert [r.name for r in reply.authorities] == [b"example.test"]


def test_a_foreign_soa_is_not_returned() -> None:
    def auth(q: Query) -> Message:
        return answer(q, rcode=NXDOMAIN, authority=[soa("other.example")])

    reply = run(walk("nope.example.test"), tree(s10=auth, s11=auth)).result()
    assert reply.rcode == NXDOMAIN
    assert reply.authorities == []


def test_ds_is_asked_of_the_parent_even_with_the_child_cached() -> None:
    cache = DelegationCache()
    run(walk("www.example.test", delegations=cache), tree())
    net = tree()

    def tld(q: Query) -> Message:
        if q.name == b"example.test" and q.q_type == DS:
            return answer(q, authority=[soa("test")])
        return tld_test(q)

    net.handlers["127.0.1.2"] = tld
    reply = run(walk("example.test", DS, delegations=cache), net).result()
    assert net.asked == [("127.0.1.2", "example.test", DS)]
    assert reply.rcode == 0 and [r.name for r in reply.authorities] == [b"test"]


# -- the delegation cache -----------------------------------------------------------------------


def test_a_second_walk_starts_at_the_cached_delegation() -> None:
    cache = DelegationCache()
    run(walk("www.example.test", delegations=cache), tree())
    net = tree()
    w = walk("www.example.test", delegations=cache)
    run(w, net)
    assert [a for a, _, _ in net.asked] == ["127.0.1.11"]
    assert w.trace[0].event is E.CACHED and w.trace[0].zone == b"example.test"


def test_cached_delegations_expire() -> None:
    cache = DelegationCache()
    cache.put_delegation(b"example.test", [b"ns1.example.test"], {}, 10, 0.0)
    assert cache.closest(b"www.example.test", 5.0) is not None
    assert cache.closest(b"www.example.test", 10.0) is None
    assert len(cache) == 0


def test_referral_ttl_with_top_bit_counts_as_zero() -> None:
    referral = Message(
        flags=QR,
        questions=[Query(b"www.example", A)],
        authorities=[
            rr.NS(b"example", 300, b"ns1.example"),
            rr.NS(b"example", TOP, b"ns2.example"),
        ],
        additional=[rr.A(b"ns1.example", 300, "198.51.100.53")],
    )
    found = read_referral(referral, b"example", port=53, max_ns=8)
    assert found.ttl == 0
    cache = DelegationCache()
    cache.put_delegation(found.cut, found.ns, found.glue, float(found.ttl), 1000.0)
    assert cache.closest(b"www.example", 1000.0 + 3600) is None


def test_walk_caches_top_bit_ttls_as_expired() -> None:
    """A referral's NS TTL and a nameserver's address TTL of 2**31 or more count as 0: the walk
    uses them but its delegation cache keeps neither (not for ``max_ttl``, a day)."""

    def tld(q: Query) -> Message:
        if under(q, "oob.test"):
            return referral(q, "oob.test", ["ns.oob.example"], ttl=TOP)
        return tld_test(q)

    def tld_example(q: Query) -> Message:
        if q.name == b"ns.oob.example" and q.q_type == A:
            return answer(q, [rr.A("ns.oob.example", TOP, "127.0.1.12")])
        return nodata(q, "example")

    def good(q: Query) -> Message:
        return answer(q, [rr.A(q.name, 3600, "198.51.100.66")])

    cache = DelegationCache()
    net = tree(s2=tld, s3=tld_example, s12=good)
    reply = run(walk("www.oob.test", delegations=cache), net).result()
    assert texts(reply) == ["www.oob.test 198.51.100.66"]
    closest = cache.closest(b"www.oob.test", 200.0)
    assert closest is not None and closest.zone == b"test"  # not oob.test
    assert cache.addresses(b"ns.oob.example", 200.0) == ()


# -- global bounds -------------------------------------------------------------------------


def test_query_budget() -> None:
    def endless(q: Query) -> Message:
        return nodata(q, ".")  # every minimised name exists, no cut

    net = Net({"127.0.1.1": endless})
    name = ".".join(["a"] * 30) + ".test"
    done = run(walk(name, limits=WalkLimits(max_queries=5)), net)
    assert isinstance(done.error, LimitExceeded)
    assert len(net.asked) == 5


def test_referral_limit() -> None:
    labels = [f"l{i}" for i in range(10)]
    name = ".".join(labels) + ".test"

    def deeper(q: Query) -> Message:  # every server refers one label further down
        return referral(q, q.name.decode(), ["ns.x.example"], {})

    net = Net({"127.0.1.1": deeper})
    w = walk(name, limits=WalkLimits(max_referrals=3), port=53)

    # Each referral's NS has no glue; give the walk an address through the cache instead.
    cache = DelegationCache()
    cache.put_addresses(b"ns.x.example", [server(1)], 3600, 0.0)
    w.cache = cache
    done = run(w, net)
    assert isinstance(done.error, LimitExceeded)
    assert "referrals" in str(done.error)


def test_lifetime() -> None:
    w = walk("www.example.test", limits=WalkLimits(lifetime=1.0))
    step = w.next_step(0.0)
    assert isinstance(step, Ask)
    w.on_failure(step, TimeoutError("no reply"), 5.0)
    done = w.next_step(5.0)
    assert isinstance(done, Done) and isinstance(done.error, ResolutionTimeout)
    assert w.next_step(6.0) is done


def test_steps_must_be_reported_in_order() -> None:
    w = walk("www.example.test")
    step = w.next_step(0.0)
    assert isinstance(step, Ask)
    with pytest.raises(RuntimeError):
        w.next_step(0.0)
    other = Ask(step.server, step.query, step.zone, 0, 0.0)
    with pytest.raises(RuntimeError):
        w.on_reply(other, root(step.query), 0.1)
    w.on_reply(step, root(step.query), 0.1)
    assert isinstance(w.next_step(0.2), Ask)


def test_a_walk_needs_somewhere_to_start() -> None:
    with pytest.raises(ValueError):
        Walk(Query("www.example.test", A), [])


# -- the trace ------------------------------------------------------------------------------


def test_trace_records_every_question_and_what_came_back() -> None:
    w = walk("www.example.test")
    run(w, tree())
    assert [e.event for e in w.trace] == [E.START, E.REFERRAL, E.REFERRAL, E.ANSWER]
    start, to_test, to_example, final = w.trace
    assert start.addresses == (server(1),)
    assert (to_test.server, to_test.zone, to_test.names) == (server(1), b".", (b"ns1.nic.test",))
    assert to_example.names == (b"ns1.example.test", b"ns2.example.test")
    assert final.zone == b"example.test" and final.rtt is not None
    assert [str(r.address) for r in final.records] == ["198.51.100.10"]  # type: ignore[attr-defined]
    assert w.trace.queries() == [
        (server(1), Query("test", A)),
        (server(2), Query("example.test", A)),
        (server(11), Query("www.example.test", A)),
    ]
    text = w.trace.to_text()
    assert "[example.test.] 127.0.1.11#53 www.example.test. A: answer" in text
    assert "198.51.100.10" in text


# -- the name arithmetic the rules rest on ------------------------------------------------------


def test_names_split_on_unescaped_dots_only() -> None:
    from asyncdns_resolvers._names import ancestor, is_below, is_under, labels, same, substitute

    assert labels(b".") == ()
    assert labels(b"WWW.Example.TEST") == (b"www", b"example", b"test")
    assert labels(b"a\\.b.example") == (b"a\\.b", b"example")
    assert labels(b"x\\046y.example") == (b"x\\046y", b"example")
    assert not is_under(b"a\\.b", b"b")  # one label "a.b", not a child of b
    assert is_under(b"www.Example.test", b"example.TEST") and is_under(b"x", b".")
    assert not is_below(b"example.test", b"example.test") and is_below(b"a.example.test", b"test")
    assert not is_under(b"badexample.test", b"example.test")
    assert same(b"A.b", b"a.B") and not same(b"a.b", b"a.c")
    assert ancestor(b"www.Example.test", 2) == b"example.test" and ancestor(b"x.y", 0) == b"."
    assert substitute(b"www.dname.example.test", b"dname.example.test", b"other.example") == (
        b"www.other.example"
    )
    long_target = b".".join([b"x" * 62] * 4)
    assert substitute(b"a.b.d.example", b"d.example", long_target) is None


def test_minimised_questions() -> None:
    from asyncdns_resolvers._minimise import next_question

    q = Query("a.b.c.example.test", TXT)
    assert next_question(q, 0, 0) == Query("test", A)
    assert next_question(q, 2, 0) == Query("c.example.test", A)
    assert next_question(q, 4, 0) is q  # one label away: the full question
    assert next_question(Query(".", TXT), 0, 0) == Query(".", TXT)


def test_a_delegations_glueless_budget_and_failed_names_hold_over_revisits() -> None:
    # a.test's servers are three glueless names in nx.test; nx.test's are ten names that do
    # not resolve. Each visit to nx.test's delegation must not start its budget afresh, nor
    # look up again a name already found to have no address.
    def tld(q: Query) -> Message:
        if under(q, "a.test"):
            return referral(q, "a.test", [f"ns{i}.nx.test" for i in range(3)])
        if under(q, "nx.test"):
            return referral(q, "nx.test", [f"ns{i}.nowhere.example" for i in range(10)])
        return tld_test(q)

    net = tree(s2=tld, s3=lambda q: nxdomain(q, "example"))
    w = Walk(Query("www.a.test", A), [server(1)], rng=keep_order, delegations=DelegationCache())
    run(w, net)
    caused = [e.query.name for e in w.trace if e.event is E.LOOKUP_NS and e.zone == b"nx.test"]
    assert len(caused) == len(set(caused)) <= WalkLimits().max_glueless_per_zone, caused
