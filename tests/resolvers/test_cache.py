"""ReplyCache: TTL countdown, copies, clamps, RFC 2308 negative caching, LRU bound, serve-stale.

Pure unit tests: the cache does no I/O and reads no clock, so a float stands for ``loop.time()``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_resolvers import NameNotFound, NoData
from asyncdns_resolvers._cache import ReplyCache
from asyncdns_wire import (
    AA,
    AAAA,
    ANY,
    CNAME,
    FORMERR,
    MX,
    NOERROR,
    NOTIMP,
    NXDOMAIN,
    QR,
    RA,
    RD,
    REFUSED,
    SERVFAIL,
    TC,
    A,
    Edns,
    Message,
    Nsid,
    Query,
    rr,
)

T0 = 1000.0
NAME = b"www.example"
ZONE = b"example"


def a(name: bytes = NAME, ttl: int = 300, last: int = 1) -> rr.A:
    return rr.A(name, ttl, f"198.51.100.{last}")


def soa(ttl: int = 3600, minimum: int = 300, zone: bytes = ZONE) -> rr.SOA:
    return rr.SOA(
        zone, ttl, b"ns1." + zone, b"hostmaster." + zone, 2024010101, 7200, 900, 1209600, minimum
    )


def reply(
    answers: Sequence[rr.RR] = (),
    authorities: Sequence[rr.RR] = (),
    additional: Sequence[rr.RR] = (),
    *,
    name: bytes = NAME,
    q_type: int = A,
    rcode: int = NOERROR,
    flags: int = QR | RD | RA,
    opcode: int = 0,
    edns: Edns | None = None,
    msg_id: int = 4242,
) -> Message:
    return Message(
        id=msg_id,
        flags=flags,
        opcode=opcode,
        rcode=rcode,
        questions=[Query(name, q_type)],
        answers=answers,
        authorities=authorities,
        additional=additional,
        edns=edns,
    )


def key(name: bytes = NAME, q_type: int = A) -> Hashable:
    return Query(name, q_type).key()


def ttls(section: Sequence[rr.RR]) -> list[int]:
    return [r.ttl for r in section]


# -- construction ----------------------------------------------------------------------------


def test_defaults() -> None:
    cache = ReplyCache()
    assert len(cache) == 0
    assert (cache.hits, cache.misses, cache.stale_hits) == (0, 0, 0)
    assert "ReplyCache" in repr(cache)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_entries": "10"},
        {"max_entries": 1.5},
        {"max_entries": True},
        {"min_ttl": 1.0},
        {"max_ttl": None},
        {"max_negative_ttl": "60"},
        {"stale_answer_ttl": 30.0},
        {"stale_ttl": "1"},
        {"stale_ttl": True},
    ],
)
def test_constructor_rejects_wrong_types(kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        ReplyCache(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_entries": -1},
        {"min_ttl": -1},
        {"max_ttl": -1},
        {"max_negative_ttl": -5},
        {"stale_answer_ttl": -30},
        {"stale_ttl": -0.5},
        {"stale_ttl": math.nan},
        {"stale_ttl": math.inf},
        {"max_ttl": 2**31},
        {"min_ttl": 61, "max_ttl": 60},
    ],
)
def test_constructor_rejects_bad_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ReplyCache(**kwargs)


def test_constructor_accepts_edges() -> None:
    ReplyCache(
        max_entries=0, min_ttl=0, max_ttl=0, max_negative_ttl=0, stale_ttl=0, stale_answer_ttl=0
    )
    ReplyCache(min_ttl=2**31 - 1, max_ttl=2**31 - 1, stale_ttl=86_400)


# -- positive replies: TTL countdown -----------------------------------------------------------


def test_miss_on_empty_cache() -> None:
    cache = ReplyCache()
    assert cache.get(key(), T0) is None
    assert (cache.hits, cache.misses) == (0, 1)


def test_ttl_counts_down_by_whole_seconds_and_expires() -> None:
    cache = ReplyCache()
    assert cache.put(key(), reply([a(ttl=300)]), T0)
    assert len(cache) == 1
    for now, expected in [
        (T0, 300),
        (T0 + 0.9, 300),
        (T0 + 1.0, 299),
        (T0 + 150.5, 150),
        (T0 + 299.99, 1),
    ]:
        got = cache.get(key(), now)
        assert got is not None
        assert ttls(got.answers) == [expected]
    assert cache.get(key(), T0 + 300.0) is None
    assert cache.get(key(), T0 + 5000.0) is None
    assert (cache.hits, cache.misses) == (5, 2)
    assert len(cache) == 0  # dropped lazily by the lookup that found it expired


def test_hit_keeps_the_reply() -> None:
    cache = ReplyCache()
    edns = Edns(1232, options=[Nsid(b"ns-a")])
    original = reply(
        [a(last=1), a(last=2)],
        [rr.NS(ZONE, 600, b"ns1.example")],
        [a(b"ns1.example", 600, 53)],
        edns=edns,
        flags=QR | AA | RD | RA,
    )
    cache.put(key(), original, T0)
    got = cache.get(key(), T0)
    assert got is not None
    assert (
        got == original
    )  # same id, flags, rcode, questions, records (TTLs unchanged at age 0), EDNS
    assert got.to_wire() == original.to_wire()


def test_wire_reply_round_trips() -> None:
    wire = reply(
        [rr.CNAME(NAME, 60, b"web.example"), a(b"web.example", 300)], edns=Edns(4096)
    ).to_wire()
    cache = ReplyCache()
    assert cache.put(key(), Message.from_wire(wire), T0)
    got = cache.get(key(), T0 + 0.5)
    assert got is not None
    assert got.to_wire() == wire
    later = cache.get(key(), T0 + 59.5)
    assert later is not None
    assert ttls(later.answers) == [1, 241]


def test_lifetime_is_the_smallest_answer_ttl() -> None:
    cache = ReplyCache()
    cache.put(key(), reply([rr.CNAME(NAME, 60, b"web.example"), a(b"web.example", 300)]), T0)
    got = cache.get(key(), T0 + 30)
    assert got is not None
    assert ttls(got.answers) == [30, 270]  # every record counts down from its own TTL
    assert cache.get(key(), T0 + 60) is None


def test_authority_and_additional_ttls_do_not_set_the_lifetime_and_stop_at_zero() -> None:
    cache = ReplyCache()
    cache.put(
        key(),
        reply([a(ttl=300)], [rr.NS(ZONE, 10, b"ns1.example")], [a(b"ns1.example", 5, 53)]),
        T0,
    )
    got = cache.get(key(), T0 + 100)
    assert got is not None
    assert ttls(got.answers) == [200]
    assert ttls(got.authorities) == [0]
    assert ttls(got.additional) == [0]


def test_clock_going_backwards_never_raises_ttls() -> None:
    cache = ReplyCache()
    cache.put(key(), reply([a(ttl=300)]), T0)
    got = cache.get(key(), T0 - 50)
    assert got is not None
    assert ttls(got.answers) == [300]


# -- copies ------------------------------------------------------------------------------------


def test_returned_message_and_lists_are_independent() -> None:
    cache = ReplyCache()
    cache.put(
        key(),
        reply([a(last=1), a(last=2)], [rr.NS(ZONE, 600, b"ns1.example")], edns=Edns(1232)),
        T0,
    )
    first = cache.get(key(), T0 + 10)
    assert first is not None and first.edns is not None
    first.answers.append(a(last=99))
    first.authorities.clear()
    first.additional.append(a(last=98))
    first.questions.append(Query(b"other.example", A))
    first.id = 1
    first.flags = 0
    first.rcode = SERVFAIL
    second = cache.get(key(), T0 + 10)
    assert second is not None and second.edns is not None
    assert ttls(second.answers) == [290, 290]
    assert [r.name for r in second.answers] == [NAME, NAME]
    assert len(second.authorities) == 1
    assert second.additional == []
    assert len(second.questions) == 1
    assert second.edns.payload == 1232
    assert (second.id, second.flags, second.rcode) == (4242, QR | RD | RA, NOERROR)


def test_hits_in_one_second_share_records_but_never_the_stored_ones() -> None:
    cache = ReplyCache()
    cache.put(key(), reply([a()]), T0)
    one, two = cache.get(key(), T0), cache.get(key(), T0)
    assert one is not None and two is not None
    assert one is not two
    assert one.answers is not two.answers
    assert one.answers[0] is two.answers[0]  # shared within the second: read-only by contract
    # A caller that mutates a record anyway cannot reach the stored copy: the next second's
    # records are counted down from the private originals again.
    one.answers[0].ttl = 1
    one.answers[0].name = b"evil.example"
    later = cache.get(key(), T0 + 1)
    assert later is not None
    assert later.answers[0] is not one.answers[0]
    assert ttls(later.answers) == [299]
    assert [r.name for r in later.answers] == [NAME]


def test_no_hit_hands_out_the_stored_edns() -> None:
    cache = ReplyCache(stale_ttl=60)
    cache.put(key(), reply([a()], edns=Edns(1232)), T0)
    fresh = cache.get(key(), T0)
    assert fresh is not None and fresh.edns is not None
    fresh.edns.payload = 512  # read-only by contract; done anyway, it stays in this second
    later = cache.get(key(), T0 + 1)
    assert later is not None and later.edns is not None
    assert later.edns.payload == 1232
    assert later.edns is not fresh.edns
    stale = cache.get_stale(key(), T0 + 330)
    assert stale is not None and stale.edns is not None
    stale.edns.payload = 512
    again = cache.get_stale(key(), T0 + 330)
    assert again is not None and again.edns is not None
    assert again.edns.payload == 1232


def test_hits_share_one_address_object_built_when_stored() -> None:
    # Decoded A records build their address object on first read; the cache builds it once
    # when it stores the reply, and every hit's copy (whatever the second) shares it.
    decoded = Message.from_wire(reply([a()]).to_wire())
    cache = ReplyCache()
    cache.put(key(), decoded, T0)
    one, two = cache.get(key(), T0), cache.get(key(), T0 + 5)
    assert one is not None and two is not None
    assert one.answers[0] is not two.answers[0]
    assert one.answers[0].address is two.answers[0].address


def test_put_neither_mutates_nor_keeps_the_callers_reply() -> None:
    original = reply([a(ttl=300)], [rr.NS(ZONE, 600, b"ns1.example")], edns=Edns(1232))
    before = original.to_wire()
    cache = ReplyCache(max_ttl=100)  # clamping must not touch the caller's records
    cache.put(key(), original, T0)
    assert original.to_wire() == before
    assert original.edns is not None
    original.answers[0].ttl = 7
    original.answers.append(a(last=50))
    original.edns.payload = 600
    got = cache.get(key(), T0 + 20)
    assert got is not None and got.edns is not None
    assert ttls(got.answers) == [80]
    assert got.edns.payload == 1232
    assert original.answers[0].ttl == 7  # and get did not touch it either


def test_records_without_slots_are_copied_too() -> None:
    class LegacyA(rr.A):  # an asyncdns 0.1-style subclass: instances have a __dict__
        pass

    legacy = LegacyA(NAME, 300, "203.0.113.5")
    legacy.note = "kept"  # type: ignore[attr-defined]
    cache = ReplyCache()
    cache.put(key(), reply([legacy]), T0)
    got = cache.get(key(), T0 + 1)
    assert got is not None
    record = got.answers[0]
    assert type(record) is LegacyA
    assert record is not legacy
    assert (record.ttl, str(record.address), record.note) == (299, "203.0.113.5", "kept")  # type: ignore[attr-defined]
    assert legacy.ttl == 300


def test_unknown_and_unset_slot_records_are_copied() -> None:
    unknown = rr.Unknown(NAME, 65280, 1, 300, b"\x01\x02")
    partial = a(ttl=300)
    del partial.cache_flush  # an unset slot: the generated copier falls back to copy.copy
    cache = ReplyCache()
    cache.put(key(), reply([unknown, partial], q_type=ANY), T0)
    got = cache.get(key(), T0 + 3)
    assert got is not None
    assert [type(r) for r in got.answers] == [rr.Unknown, rr.A]
    assert ttls(got.answers) == [297, 297]
    assert got.answers[0].data == b"\x01\x02"  # type: ignore[attr-defined]
    assert not hasattr(got.answers[1], "cache_flush")


# -- clamps and TTL 0 --------------------------------------------------------------------------


def test_min_ttl_raises_short_lifetimes() -> None:
    cache = ReplyCache(min_ttl=60)
    cache.put(key(), reply([a(ttl=10)]), T0)
    got = cache.get(key(), T0 + 30)
    assert got is not None
    assert ttls(got.answers) == [30]
    assert cache.get(key(), T0 + 60) is None


def test_max_ttl_caps_lifetimes_and_ttls() -> None:
    cache = ReplyCache(max_ttl=100)
    cache.put(key(), reply([a(ttl=604800)]), T0)
    got = cache.get(key(), T0)
    assert got is not None
    assert ttls(got.answers) == [100]
    assert cache.get(key(), T0 + 99.9) is not None
    assert cache.get(key(), T0 + 100) is None


def test_ttl_zero_is_not_cached() -> None:
    cache = ReplyCache()
    assert not cache.put(key(), reply([a(ttl=0)]), T0)
    assert not cache.put(key(), reply([a(ttl=300), a(ttl=0, last=2)]), T0)
    assert len(cache) == 0


def test_ttl_zero_is_cached_with_a_min_ttl() -> None:
    cache = ReplyCache(min_ttl=5)
    assert cache.put(key(), reply([a(ttl=0)]), T0)
    got = cache.get(key(), T0 + 1)
    assert got is not None
    assert ttls(got.answers) == [4]
    assert cache.get(key(), T0 + 5) is None


@pytest.mark.parametrize("ttl", [0x80000000, 0xFFFFFFFF])
def test_ttl_with_the_top_bit_set_counts_as_zero(ttl: int) -> None:
    assert not ReplyCache().put(key(), reply([a(ttl=ttl)]), T0)
    cache = ReplyCache(min_ttl=30)
    assert cache.put(key(), reply([a(ttl=ttl)], additional=[a(b"ns1.example", ttl, 53)]), T0)
    got = cache.get(key(), T0)
    assert got is not None
    assert ttls(got.answers) == [30]
    assert ttls(got.additional) == [30]
    assert cache.get(key(), T0 + 30) is None


def test_largest_valid_ttl_is_kept_up_to_max_ttl() -> None:
    cache = ReplyCache(max_ttl=2**31 - 1)
    cache.put(key(), reply([a(ttl=2**31 - 1)]), T0)
    got = cache.get(key(), T0 + 1)
    assert got is not None
    assert ttls(got.answers) == [2**31 - 2]


# -- negative caching (RFC 2308) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("soa_ttl", "minimum", "lifetime"), [(3600, 300, 300), (120, 900, 120), (600, 600, 600)]
)
def test_nxdomain_lives_for_min_of_soa_ttl_and_minimum(
    soa_ttl: int, minimum: int, lifetime: int
) -> None:
    cache = ReplyCache()
    assert cache.put(key(), reply(authorities=[soa(soa_ttl, minimum)], rcode=NXDOMAIN), T0)
    got = cache.get(key(), T0 + 10)
    assert got is not None
    assert got.rcode == NXDOMAIN
    assert got.answers == []
    assert ttls(got.authorities) == [lifetime - 10]  # the SOA carries the negative TTL
    assert isinstance(got.authorities[0], rr.SOA)
    assert got.authorities[0].minimum == minimum
    assert cache.get(key(), T0 + lifetime - 0.01) is not None
    assert cache.get(key(), T0 + lifetime) is None


def test_negative_soa_is_found_after_other_authority_records() -> None:
    cache = ReplyCache()
    ns = rr.NS(ZONE, 7200, b"ns1.example")
    cache.put(key(), reply(authorities=[ns, soa(3600, 60)], rcode=NXDOMAIN), T0)
    got = cache.get(key(), T0)
    assert got is not None
    assert ttls(got.authorities) == [7200, 60]
    assert cache.get(key(), T0 + 60) is None


def test_negative_lifetime_is_capped() -> None:
    cache = ReplyCache(max_negative_ttl=900)
    cache.put(key(), reply(authorities=[soa(86400, 86400)], rcode=NXDOMAIN), T0)
    assert cache.get(key(), T0 + 899) is not None
    assert cache.get(key(), T0 + 900) is None
    capped_by_max_ttl = ReplyCache(max_ttl=60)  # max_negative_ttl stays 3600
    capped_by_max_ttl.put(key(), reply(authorities=[soa(86400, 86400)], rcode=NXDOMAIN), T0)
    assert capped_by_max_ttl.get(key(), T0 + 60) is None


@pytest.mark.parametrize("error", [NameNotFound, NoData])
def test_negative_ttl_of_the_errors_counts_top_bit_ttls_as_zero(
    error: type[NameNotFound | NoData],
) -> None:
    """The helpers' ``negative_ttl`` follows the cache: RFC 2308 section 5, with a TTL or a
    MINIMUM of 2**31 or more counting as 0 (RFC 2181 section 8)."""

    def negative_ttl(record: rr.SOA) -> int | None:
        return error("x", qname=b"gone.example", rrtype=A, soa=record).negative_ttl

    assert negative_ttl(soa(300, 60)) == 60
    assert negative_ttl(soa(300, 0xFFFFFFFF)) == 0
    assert negative_ttl(soa(0x80000000, 60)) == 0
    assert negative_ttl(soa(0x7FFFFFFF, 0x7FFFFFFF)) == 0x7FFFFFFF
    assert error("x", qname=b"gone.example", rrtype=A).negative_ttl is None


def test_negative_ttl_zero_not_cached_unless_min_ttl() -> None:
    assert not ReplyCache().put(key(), reply(authorities=[soa(3600, 0)], rcode=NXDOMAIN), T0)
    assert not ReplyCache().put(
        key(), reply(authorities=[soa(0x80000000, 300)], rcode=NXDOMAIN), T0
    )
    assert not ReplyCache().put(
        key(), reply(authorities=[soa(3600, 0x80000000)], rcode=NXDOMAIN), T0
    )
    cache = ReplyCache(min_ttl=15)
    assert cache.put(key(), reply(authorities=[soa(3600, 0)], rcode=NXDOMAIN), T0)
    assert cache.get(key(), T0 + 14) is not None
    assert cache.get(key(), T0 + 15) is None


def test_nxdomain_without_soa_is_not_cached() -> None:
    cache = ReplyCache()
    assert not cache.put(key(), reply(rcode=NXDOMAIN), T0)
    assert not cache.put(
        key(), reply(authorities=[rr.NS(ZONE, 600, b"ns1.example")], rcode=NXDOMAIN), T0
    )
    assert len(cache) == 0


def test_nodata_with_soa_is_cached() -> None:
    cache = ReplyCache()
    assert cache.put(key(q_type=AAAA), reply(authorities=[soa(3600, 120)], q_type=AAAA), T0)
    got = cache.get(key(q_type=AAAA), T0 + 20)
    assert got is not None
    assert (got.rcode, got.answers, ttls(got.authorities)) == (NOERROR, [], [100])
    assert cache.get(key(q_type=AAAA), T0 + 120) is None


def test_nodata_without_soa_is_not_cached() -> None:
    cache = ReplyCache()
    assert not cache.put(key(q_type=AAAA), reply(q_type=AAAA), T0)
    referral = reply(
        authorities=[rr.NS(ZONE, 600, b"ns1.example")],
        additional=[a(b"ns1.example", 600, 53)],
        q_type=AAAA,
    )
    assert not cache.put(key(q_type=AAAA), referral, T0)


def test_answer_of_another_type_is_nodata() -> None:
    cache = ReplyCache()
    wrong = reply([a()], q_type=AAAA)
    assert not cache.put(key(q_type=AAAA), wrong, T0)
    assert cache.put(key(q_type=AAAA), reply([a()], [soa(3600, 50)], q_type=AAAA), T0)
    assert cache.get(key(q_type=AAAA), T0 + 50) is None


def test_cname_chain_to_the_asked_type_is_positive() -> None:
    chain = [
        rr.CNAME(NAME, 600, b"b.example"),
        rr.CNAME(b"b.example", 500, b"c.example"),
        a(b"c.example", 400),
    ]
    cache = ReplyCache()
    assert cache.put(key(), reply(chain), T0)
    got = cache.get(key(), T0 + 100)
    assert got is not None
    assert ttls(got.answers) == [500, 400, 300]
    assert cache.get(key(), T0 + 400) is None


def test_cname_chain_without_the_asked_type_is_nodata() -> None:
    chain = [rr.CNAME(NAME, 600, b"b.example"), rr.CNAME(b"b.example", 90, b"c.example")]
    cache = ReplyCache()
    assert not cache.put(key(q_type=AAAA), reply(chain, q_type=AAAA), T0)  # no SOA: not cached
    assert cache.put(key(q_type=AAAA), reply(chain, [soa(3600, 300)], q_type=AAAA), T0)
    got = cache.get(key(q_type=AAAA), T0 + 30)
    assert got is not None
    assert ttls(got.answers) == [570, 60]
    assert (
        cache.get(key(q_type=AAAA), T0 + 90) is None
    )  # the CNAME's TTL bounds the negative lifetime


def test_asked_type_off_the_chain_is_nodata() -> None:
    records = [rr.CNAME(NAME, 600, b"b.example"), a(b"elsewhere.example", 600)]
    cache = ReplyCache()
    assert not cache.put(key(), reply(records), T0)
    assert cache.put(key(), reply(records, [soa(3600, 30)]), T0)
    assert cache.get(key(), T0 + 30) is None


def test_nxdomain_at_the_end_of_a_cname_chain() -> None:
    cache = ReplyCache()
    assert cache.put(
        key(), reply([rr.CNAME(NAME, 600, b"gone.example")], [soa(3600, 300)], rcode=NXDOMAIN), T0
    )
    got = cache.get(key(), T0 + 1)
    assert got is not None
    assert got.rcode == NXDOMAIN
    assert ttls(got.answers) == [599]
    assert cache.get(key(), T0 + 300) is None


def test_cname_loop_terminates() -> None:
    loop = [rr.CNAME(NAME, 600, b"b.example"), rr.CNAME(b"b.example", 600, NAME)]
    cache = ReplyCache()
    assert not cache.put(key(), reply(loop), T0)
    assert cache.put(key(), reply(loop, [soa(3600, 300)]), T0)


def test_chain_names_compare_case_insensitively() -> None:
    records = [rr.CNAME(b"WWW.Example", 600, b"B.EXAMPLE"), a(b"b.example", 300)]
    cache = ReplyCache()
    assert cache.put(key(), reply(records, name=b"www.EXAMPLE"), T0)


def test_any_and_cname_questions() -> None:
    cache = ReplyCache()
    assert cache.put(
        key(q_type=ANY), reply([rr.MX(NAME, 300, 10, b"mail.example")], q_type=ANY), T0
    )
    assert cache.put(
        key(q_type=CNAME), reply([rr.CNAME(NAME, 300, b"b.example")], q_type=CNAME), T0
    )
    assert cache.put(key(q_type=MX), reply([rr.MX(NAME, 300, 10, b"mail.example")], q_type=MX), T0)


# -- never cached ------------------------------------------------------------------------------


@pytest.mark.parametrize("rcode", [SERVFAIL, REFUSED, FORMERR, NOTIMP, 9])
def test_error_rcodes_are_not_cached(rcode: int) -> None:
    cache = ReplyCache(min_ttl=60)
    assert not cache.put(key(), reply([a()], [soa()], rcode=rcode), T0)
    assert len(cache) == 0


def test_extended_rcode_is_not_cached() -> None:
    cache = ReplyCache()
    assert not cache.put(key(), reply([a()], [soa()], rcode=16, edns=Edns()), T0)  # BADVERS


def test_truncated_reply_is_not_cached() -> None:
    cache = ReplyCache()
    assert not cache.put(key(), reply([a()], flags=QR | TC | RD | RA), T0)
    assert not cache.put(key(), reply(authorities=[soa()], rcode=NXDOMAIN, flags=QR | TC), T0)


def test_other_opcodes_and_questionless_replies_are_not_cached() -> None:
    cache = ReplyCache()
    assert not cache.put(key(), reply([a()], opcode=2), T0)
    bare = Message(flags=QR, answers=[a()])
    assert not cache.put(key(), bare, T0)


def test_uncacheable_reply_leaves_the_entry_in_place() -> None:
    cache = ReplyCache()
    cache.put(key(), reply([a(last=1)]), T0)
    assert not cache.put(key(), reply(rcode=SERVFAIL), T0 + 1)
    assert not cache.put(key(), reply(rcode=REFUSED), T0 + 1)
    # Not final answers either: a truncated reply, another opcode.
    assert not cache.put(key(), reply(rcode=NXDOMAIN, flags=QR | TC), T0 + 1)
    assert not cache.put(key(), reply([a(ttl=0, last=2)], opcode=2), T0 + 1)
    got = cache.get(key(), T0 + 2)
    assert got is not None
    assert str(got.answers[0].address) == "198.51.100.1"  # type: ignore[attr-defined]


def test_nxdomain_without_soa_supersedes_stale_positive() -> None:
    """RFC 8767: stale data is served only when there is no newer answer; an NXDOMAIN that may
    not be cached (no SOA) is one, so the old address must not come back."""
    cache = ReplyCache(stale_ttl=3600)
    assert cache.put(key(), reply([a(ttl=10, last=1)]), T0)
    assert not cache.put(key(), reply(rcode=NXDOMAIN), T0 + 20)
    assert cache.get_stale(key(), T0 + 30) is None
    assert len(cache) == 0


def test_nodata_without_soa_supersedes_a_fresh_entry() -> None:
    cache = ReplyCache(stale_ttl=3600)
    assert cache.put(key(), reply([a(ttl=300, last=1)]), T0)
    assert not cache.put(key(), reply(), T0 + 20)  # NODATA, no SOA: not cached
    assert cache.get(key(), T0 + 21) is None
    assert cache.get_stale(key(), T0 + 400) is None


def test_ttl0_answer_supersedes_stale_positive() -> None:
    cache = ReplyCache(stale_ttl=3600)
    assert cache.put(key(), reply([a(ttl=10, last=1)]), T0)
    assert not cache.put(key(), reply([a(ttl=0, last=2)]), T0 + 20)
    assert cache.get_stale(key(), T0 + 30) is None
    assert cache.records == 0


def test_final_answer_over_the_record_budget_supersedes_the_entry() -> None:
    cache = ReplyCache(max_records=80, stale_ttl=3600)
    assert cache.put(key(), reply([a(ttl=10, last=1)]), T0)
    huge = [a(last=i + 1) for i in range(11)]  # over an eighth of the budget: not cached
    assert not cache.put(key(), reply(huge), T0 + 20)
    assert cache.get_stale(key(), T0 + 30) is None


def test_zero_entries_disables_the_cache() -> None:
    cache = ReplyCache(max_entries=0)
    assert not cache.put(key(), reply([a()]), T0)
    assert cache.get(key(), T0) is None
    assert len(cache) == 0


# -- replacement, LRU bound, eviction ----------------------------------------------------------


def test_put_replaces_the_entry() -> None:
    cache = ReplyCache()
    cache.put(key(), reply([a(ttl=10, last=1)]), T0)
    cache.put(key(), reply([a(ttl=300, last=2)]), T0 + 5)
    assert len(cache) == 1
    got = cache.get(key(), T0 + 20)
    assert got is not None
    assert [str(r.address) for r in got.answers] == ["198.51.100.2"]  # type: ignore[attr-defined]
    assert ttls(got.answers) == [285]


def test_lru_eviction_past_max_entries() -> None:
    cache = ReplyCache(max_entries=3)
    names = [f"h{i}.example".encode() for i in range(5)]
    for n in names[:3]:
        assert cache.put(key(n), reply([a(n)], name=n), T0)
    assert cache.get(key(names[0]), T0 + 1) is not None  # h0 becomes the most recently used
    cache.put(key(names[3]), reply([a(names[3])], name=names[3]), T0 + 2)
    assert len(cache) == 3
    assert cache.get(key(names[1]), T0 + 3) is None  # h1 was the least recently used
    for n in (names[0], names[2], names[3]):
        assert cache.get(key(n), T0 + 3) is not None
    cache.put(key(names[4]), reply([a(names[4])], name=names[4]), T0 + 4)
    assert len(cache) == 3
    assert cache.get(key(names[0]), T0 + 5) is None


def test_expired_entries_are_evicted_before_the_least_recently_used() -> None:
    cache = ReplyCache(max_entries=3)
    short, old, mid, new = (b"short.example", b"old.example", b"mid.example", b"new.example")
    cache.put(key(old), reply([a(old, 1000)], name=old), T0)
    cache.put(key(mid), reply([a(mid, 1000)], name=mid), T0)
    cache.put(key(short), reply([a(short, 10)], name=short), T0)  # the most recently used
    cache.put(key(new), reply([a(new, 1000)], name=new), T0 + 20)
    assert len(cache) == 3
    assert cache.get(key(old), T0 + 21) is not None  # the LRU survives: the expired one went
    assert cache.get(key(short), T0 + 21) is None


def test_replaced_entry_is_judged_by_its_new_expiry() -> None:
    cache = ReplyCache(max_entries=2)
    first, second, third = b"first.example", b"second.example", b"third.example"
    cache.put(key(first), reply([a(first, 10)], name=first), T0)
    cache.put(key(second), reply([a(second, 1000)], name=second), T0)
    cache.put(key(first), reply([a(first, 1000)], name=first), T0 + 1)  # refreshed, now MRU
    cache.put(key(third), reply([a(third, 1000)], name=third), T0 + 20)
    assert cache.get(key(first), T0 + 21) is not None  # its old expiry (T0 + 10) is a leftover
    assert cache.get(key(second), T0 + 21) is None  # so the LRU went


def test_expiry_index_stays_bounded_under_replacements() -> None:
    cache = ReplyCache(max_entries=4)
    for i in range(2000):
        cache.put(key(), reply([a(ttl=100 + i % 7)]), T0 + i * 0.01)
    assert len(cache) == 1
    assert len(cache._heap) <= 2 * len(cache) + 64


def test_flush() -> None:
    cache = ReplyCache(stale_ttl=100)
    cache.put(key(), reply([a()]), T0)
    cache.get(key(), T0)
    cache.flush()
    assert len(cache) == 0
    assert cache.get(key(), T0) is None
    assert cache.get_stale(key(), T0 + 301) is None
    assert (cache.hits, cache.misses) == (1, 1)  # counters survive a flush
    assert cache.put(key(), reply([a()]), T0)
    assert cache.get(key(), T0) is not None


# -- serve-stale (RFC 8767) --------------------------------------------------------------------


def test_no_stale_answers_by_default() -> None:
    cache = ReplyCache()
    cache.put(key(), reply([a(ttl=10)]), T0)
    assert cache.get_stale(key(), T0 + 5) is None
    assert cache.get_stale(key(), T0 + 11) is None
    assert cache.get(key(), T0 + 11) is None
    assert len(cache) == 0


def test_stale_window() -> None:
    cache = ReplyCache(stale_ttl=100, stale_answer_ttl=30)
    cache.put(
        key(),
        reply(
            [rr.CNAME(NAME, 10, b"b.example"), a(b"b.example", 60)],
            [rr.NS(ZONE, 5, b"ns1.example")],
        ),
        T0,
    )
    assert cache.get_stale(key(), T0 + 5) is None  # still fresh: get() serves it
    assert cache.get_stale(key(), T0 - 1) is None
    assert cache.get(key(), T0 + 10) is None  # expired ...
    assert len(cache) == 1  # ... but kept for serve-stale
    stale = cache.get_stale(key(), T0 + 50)
    assert stale is not None
    assert ttls(stale.answers) == [30, 30]
    assert ttls(stale.authorities) == [30]
    assert cache.stale_hits == 1
    again = cache.get_stale(key(), T0 + 109.9)
    assert again is not None and again is not stale
    assert again.answers[0] is not stale.answers[0]
    assert cache.get_stale(key(), T0 + 110) is None
    assert len(cache) == 0
    assert cache.get_stale(key(), T0 + 50) is None
    assert cache.stale_hits == 2


def test_get_drops_entries_past_the_stale_window() -> None:
    cache = ReplyCache(stale_ttl=20)
    cache.put(key(), reply([a(ttl=10)]), T0)
    assert cache.get(key(), T0 + 29) is None
    assert len(cache) == 1
    assert cache.get(key(), T0 + 30) is None
    assert len(cache) == 0


def test_stale_negative_answer() -> None:
    cache = ReplyCache(stale_ttl=60, stale_answer_ttl=7)
    cache.put(key(), reply(authorities=[soa(3600, 30)], rcode=NXDOMAIN), T0)
    stale = cache.get_stale(key(), T0 + 45)
    assert stale is not None
    assert stale.rcode == NXDOMAIN
    assert ttls(stale.authorities) == [7]


def test_a_fresh_put_ends_the_stale_period() -> None:
    cache = ReplyCache(stale_ttl=100)
    cache.put(key(), reply([a(ttl=10, last=1)]), T0)
    assert cache.get_stale(key(), T0 + 15) is not None
    cache.put(key(), reply([a(ttl=10, last=2)]), T0 + 16)
    assert cache.get_stale(key(), T0 + 17) is None
    got = cache.get(key(), T0 + 17)
    assert got is not None
    assert ttls(got.answers) == [9]


def test_stale_entries_are_evicted_before_fresh_ones() -> None:
    cache = ReplyCache(max_entries=2, stale_ttl=1000)
    old, stale, new = b"old.example", b"stale.example", b"new.example"
    cache.put(key(old), reply([a(old, 1000)], name=old), T0)
    cache.put(key(stale), reply([a(stale, 10)], name=stale), T0)
    cache.put(key(new), reply([a(new, 1000)], name=new), T0 + 20)
    assert cache.get(key(old), T0 + 21) is not None
    assert cache.get_stale(key(stale), T0 + 21) is None


# -- properties --------------------------------------------------------------------------------

KEYS = [f"k{i}.example".encode() for i in range(6)]

_ops = st.lists(
    st.tuples(
        st.sampled_from(["put", "put", "get", "stale", "flush"]),
        st.sampled_from(KEYS),
        st.integers(0, 50),  # the answer TTL of a put
        st.floats(0, 30, allow_nan=False),  # time passing before the operation
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(
    ops=_ops,
    max_entries=st.integers(0, 4),
    min_ttl=st.integers(0, 5),
    stale_ttl=st.sampled_from([0.0, 7.5, 40.0]),
)
def test_never_stale_never_too_big(
    ops: list[tuple[str, bytes, int, float]], max_entries: int, min_ttl: int, stale_ttl: float
) -> None:
    cache = ReplyCache(
        max_entries=max_entries,
        min_ttl=min_ttl,
        max_ttl=40,
        stale_ttl=stale_ttl,
        stale_answer_ttl=3,
    )
    # What the last successful put of each key stored: (stored at, lifetime, serial).
    stored: dict[bytes, tuple[float, int, int]] = {}
    now = T0
    for serial, (op, name, ttl, dt) in enumerate(ops):
        now += dt
        if op == "put":
            ok = cache.put(key(name), reply([a(name, ttl, serial % 250 + 1)], name=name), now)
            lifetime = min(max(ttl, min_ttl), 40)
            assert ok == (max_entries > 0 and lifetime > 0)
            if ok:
                stored[name] = (now, lifetime, serial % 250 + 1)
                fresh = cache.get(key(name), now)  # a put is visible at once
                assert fresh is not None
            else:
                stored.pop(name, None)  # a final answer, even uncached, supersedes the entry
        elif op == "get":
            got = cache.get(key(name), now)
            if got is not None:
                assert name in stored
                at, lifetime, last = stored[name]
                assert now < at + lifetime  # never past its lifetime
                [record] = got.answers
                assert str(record.address) == f"198.51.100.{last}"  # type: ignore[attr-defined]
                assert 1 <= record.ttl <= lifetime - int(now - at)
        elif op == "stale":
            got = cache.get_stale(key(name), now)
            if got is not None:
                assert name in stored  # never data an uncached answer has replaced
                at, lifetime, last = stored[name]
                assert at + lifetime <= now < at + lifetime + stale_ttl
                assert ttls(got.answers) == [3]
                assert str(got.answers[0].address) == f"198.51.100.{last}"  # type: ignore[attr-defined]
        else:
            cache.flush()
            stored.clear()
        assert len(cache) <= max_entries


_ttl = st.one_of(st.integers(0, 200), st.integers(2**31 - 5, 2**32 - 1))


@settings(max_examples=200, deadline=None)
@given(
    rcode=st.sampled_from([NOERROR, NXDOMAIN, SERVFAIL, REFUSED]),
    answer_ttls=st.lists(_ttl, max_size=3),
    soa_ttls=st.one_of(st.none(), st.tuples(_ttl, _ttl)),
    min_ttl=st.integers(0, 10),
    max_negative_ttl=st.integers(0, 100),
)
def test_lifetime_rules(
    rcode: int,
    answer_ttls: list[int],
    soa_ttls: tuple[int, int] | None,
    min_ttl: int,
    max_negative_ttl: int,
) -> None:
    answers = [a(ttl=t, last=i + 1) for i, t in enumerate(answer_ttls)]
    authorities = [] if soa_ttls is None else [soa(*soa_ttls)]
    cache = ReplyCache(min_ttl=min_ttl, max_ttl=150, max_negative_ttl=max_negative_ttl)
    ok = cache.put(key(), reply(answers, authorities, rcode=rcode), T0)

    def eff(t: int) -> int:
        return t if t < 2**31 else 0

    if rcode == NOERROR and answers:
        lifetime = min(max(min(eff(t) for t in answer_ttls), min_ttl), 150)
    elif rcode in (NOERROR, NXDOMAIN) and soa_ttls is not None:
        lifetime = min(eff(t) for t in [*soa_ttls, *answer_ttls])  # answers bound it too
        lifetime = min(max(lifetime, min_ttl), max_negative_ttl, 150)
    else:
        lifetime = 0
    assert ok == (lifetime > 0)
    if ok:
        assert cache.get(key(), T0 + lifetime - 0.001) is not None
        assert cache.get(key(), T0 + lifetime) is None


def test_record_budget_bounds_what_huge_answers_can_take() -> None:
    cache = ReplyCache(max_entries=1000, max_records=80)
    big = [a(last=i % 250 + 1) for i in range(10)]  # ten records: within an eighth of 80
    for i in range(20):
        assert cache.put(("big", i), reply(big), T0)
        assert cache.records <= 80
    assert len(cache) == 8  # the least recently used went to make room
    assert cache.get(("big", 19), T0) is not None
    assert cache.get(("big", 0), T0) is None
    huge = [a(last=i % 250 + 1) for i in range(11)]  # over an eighth of the budget
    assert not cache.put(("huge", 0), reply(huge), T0)
    cache.flush()
    assert cache.records == 0


def test_record_budget_follows_replacements_and_expiry() -> None:
    cache = ReplyCache(max_records=800)
    cache.put(key(), reply([a(), a(last=2)]), T0)
    cache.put(key(), reply([a()]), T0)  # replaced: one record, not three
    assert cache.records == 1
    assert cache.get(key(), T0 + 10_000) is None  # expired and dropped
    assert cache.records == 0
