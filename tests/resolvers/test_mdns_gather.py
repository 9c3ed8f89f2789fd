"""Gathering mDNS answers from several responses: pure, no sockets, runs everywhere."""

from __future__ import annotations

import ipaddress
import time

from asyncdns_resolvers._mdns_gather import (
    MAX_RECORDS,
    Gatherer,
    answers_question,
    is_usable_response,
)
from asyncdns_wire import (
    AA,
    AAAA,
    ANY,
    NOERROR,
    NXDOMAIN,
    PTR,
    QR,
    RD,
    TC,
    A,
    Message,
    Query,
    rr,
)

NAME = "printer.local"
Q_A = Query(NAME, A)


def response(*answers: rr.RR, additional: tuple[rr.RR, ...] = (), **kw: object) -> Message:
    """A multicast-style response (ID 0, no question) unless *kw* says otherwise."""
    settings: dict[str, object] = {"flags": QR | AA}
    settings.update(kw)
    return Message(answers=answers, additional=additional, **settings)  # type: ignore[arg-type]


def a(address: str, ttl: int = 120, name: str = NAME, flush: bool = False) -> rr.A:
    record = rr.A(name, ttl, address)
    record.cache_flush = flush
    return record


def addresses(msg: Message) -> list[str]:
    return [str(r.address) for r in msg.answers if isinstance(r, (rr.A, rr.AAAA))]


# -- which responses are usable ------------------------------------------------------------


def test_usable_responses() -> None:
    assert is_usable_response(response(a("198.51.100.7")))
    assert not is_usable_response(Message(flags=0, questions=[Q_A]))  # a query
    assert not is_usable_response(response(a("198.51.100.7"), opcode=4))  # NOTIFY
    assert not is_usable_response(response(a("198.51.100.7"), rcode=NXDOMAIN))
    assert not is_usable_response(response(rcode=2))


def test_a_unicast_reply_must_repeat_the_question() -> None:
    assert answers_question(response(questions=[Query("PRINTER.local", A)]), Q_A)
    assert not answers_question(response(), Q_A)  # no question at all
    assert not answers_question(response(questions=[Query(NAME, AAAA)]), Q_A)
    assert not answers_question(response(questions=[Query("scanner.local", A)]), Q_A)
    assert not answers_question(response(questions=[Query(NAME, A, 3)]), Q_A)


# -- merging -------------------------------------------------------------------------------


def test_answers_from_several_responders_are_merged_and_deduplicated() -> None:
    g = Gatherer(Q_A)
    assert g.add(response(a("198.51.100.7")), 0.0, direct=True)
    assert g.add(response(a("198.51.100.8"), a("198.51.100.7", ttl=60)), 0.05, direct=False)
    reply = g.reply(4321)
    assert reply.id == 4321
    assert reply.rcode == NOERROR
    assert reply.flags == QR | AA
    assert reply.questions == [Q_A]
    assert addresses(reply) == ["198.51.100.7", "198.51.100.8"]
    assert [r.ttl for r in reply.answers] == [60, 120]  # the latest copy of a record wins


def test_unrelated_records_are_left_out() -> None:
    g = Gatherer(Q_A)
    got = g.add(
        response(
            a("203.0.113.1", name="scanner.local"),
            rr.AAAA(NAME, 120, "2001:db8::7"),
            rr.A(NAME, 120, "198.51.100.7", rr_class=3),  # another class
        ),
        0.0,
        direct=False,
    )
    assert not got
    assert not g.answered
    reply = g.reply(1)
    assert reply.answers == []
    assert reply.rcode == NOERROR  # the AAAA says the name exists: NODATA, not NXDOMAIN


def test_nobody_answered_is_nxdomain() -> None:
    g = Gatherer(Q_A)
    reply = g.reply(99)
    assert reply.rcode == NXDOMAIN
    assert reply.questions == [Q_A]
    assert reply.answers == reply.additional == reply.authorities == []
    assert reply.flags & QR
    assert not reply.flags & RD


def test_case_of_owner_names_does_not_matter() -> None:
    g = Gatherer(Query("Printer.Local", A))
    assert g.add(response(a("198.51.100.7", name="PRINTER.LOCAL")), 0.0, direct=False)
    assert addresses(g.reply(1)) == ["198.51.100.7"]


def test_any_takes_every_type_of_the_name() -> None:
    g = Gatherer(Query(NAME, ANY))
    g.add(response(a("198.51.100.7"), rr.AAAA(NAME, 120, "2001:db8::7")), 0.0, direct=True)
    assert addresses(g.reply(1)) == ["198.51.100.7", "2001:db8::7"]


def test_cname_chain_is_followed() -> None:
    g = Gatherer(Query("www.local", A))
    # The target's record comes first in the packet: still found.
    assert g.add(response(a("198.51.100.7"), rr.CNAME("www.local", 120, NAME)), 0.0, direct=False)
    reply = g.reply(1)
    assert [type(r).__name__ for r in reply.answers] == ["CNAME", "A"]


def test_cname_loops_end() -> None:
    g = Gatherer(Query("a.local", A))
    g.add(
        response(rr.CNAME("a.local", 120, "b.local"), rr.CNAME("b.local", 120, "a.local")),
        0.0,
        direct=False,
    )
    assert [type(r).__name__ for r in g.reply(1).answers] == ["CNAME", "CNAME"]


def test_additional_records_of_direct_replies_are_kept() -> None:
    g = Gatherer(Query("_ipp._tcp.local", PTR))
    ptr = rr.PTR("_ipp._tcp.local", 120, "printer._ipp._tcp.local")
    srv_a = a("198.51.100.7")
    g.add(
        response(ptr, additional=(srv_a, rr.PTR("_ipp._tcp.local", 120, "x._ipp._tcp.local"))),
        0.0,
        direct=True,
    )
    reply = g.reply(1)
    assert reply.answers == [ptr]
    assert srv_a in reply.additional


def test_additional_records_of_unrelated_multicast_responses_are_not() -> None:
    g = Gatherer(Q_A)
    g.add(
        response(a("203.0.113.5", name="other.local"), additional=(a("198.51.100.7"),)),
        0.0,
        direct=False,
    )
    reply = g.reply(1)
    assert reply.additional == []
    assert reply.rcode == NXDOMAIN


# -- goodbyes and cache-flush ---------------------------------------------------------------


def test_a_goodbye_removes_the_record() -> None:
    g = Gatherer(Q_A)
    g.add(response(a("198.51.100.7"), a("198.51.100.8")), 0.0, direct=True)
    assert not g.add(response(a("198.51.100.7", ttl=0)), 0.1, direct=False)
    assert addresses(g.reply(1)) == ["198.51.100.8"]


def test_a_goodbye_for_every_record_leaves_nxdomain() -> None:
    g = Gatherer(Q_A)
    g.add(response(a("198.51.100.7")), 0.0, direct=True)
    g.add(response(a("198.51.100.7", ttl=0)), 0.1, direct=False)
    assert g.answered  # something did answer: the lookup still completes early
    assert g.reply(1).rcode == NXDOMAIN


def test_a_goodbye_alone_is_not_an_answer() -> None:
    g = Gatherer(Q_A)
    assert not g.add(response(a("198.51.100.7", ttl=0)), 0.0, direct=False)
    assert not g.answered
    assert g.reply(1).rcode == NXDOMAIN


def test_cache_flush_replaces_records_older_than_a_second() -> None:
    g = Gatherer(Q_A)
    g.add(response(a("198.51.100.1")), 0.0, direct=True)
    g.add(response(a("198.51.100.2")), 0.8, direct=False)
    g.add(response(a("198.51.100.3", flush=True)), 1.5, direct=False)
    # .1 is 1.5 s old: flushed; .2 is 0.7 s old: kept (RFC 6762 section 10.2)
    assert addresses(g.reply(1)) == ["198.51.100.2", "198.51.100.3"]
    assert g.reply(1).answers[1].cache_flush


def test_cache_flush_within_a_second_keeps_the_rrset() -> None:
    g = Gatherer(Q_A)
    g.add(response(a("198.51.100.1", flush=True)), 0.0, direct=True)
    g.add(response(a("198.51.100.2", flush=True)), 0.3, direct=False)
    assert addresses(g.reply(1)) == ["198.51.100.1", "198.51.100.2"]


def test_a_flood_of_cache_flush_records_is_merged_quickly_and_capped() -> None:
    """32 packets of 320 cache-flush AAAA records: linear time, MAX_RECORDS kept."""
    packets: list[Message] = []
    for p in range(32):
        records = []
        for i in range(320):
            record = rr.AAAA(NAME, 120, f"2001:db8::{p:x}:{i:x}")
            record.cache_flush = True
            records.append(record)
        packets.append(response(*records))
    g = Gatherer(Query(NAME, AAAA))
    started = time.perf_counter()
    for msg in packets:  # one wake-up's worth, read at the same time
        g.add(msg, 5.0, direct=False)
    assert time.perf_counter() - started < 1.0  # was 17 s: each record scanned every answer
    reply = g.reply(1)
    assert MAX_RECORDS == 256
    assert len(reply.answers) == MAX_RECORDS
    assert addresses(reply)[-1] == str(ipaddress.ip_address(f"2001:db8::0:{MAX_RECORDS - 1:x}"))


def test_records_beyond_the_cap_are_ignored() -> None:
    """Past MAX_RECORDS new records are dropped; goodbyes and updates still apply."""
    g = Gatherer(Q_A)
    many = [a(f"203.0.113.{i}") for i in range(200)] + [a(f"198.51.100.{i}") for i in range(200)]
    assert g.add(response(*many), 0.0, direct=True)
    assert len(g.reply(1).answers) == MAX_RECORDS
    assert not g.add(response(a("169.254.1.1")), 0.1, direct=False)  # full: ignored
    g.add(response(a("203.0.113.0", ttl=0)), 0.2, direct=False)  # a goodbye makes room
    assert g.add(response(a("169.254.1.1"), a("203.0.113.1", ttl=30)), 0.3, direct=False)
    reply = g.reply(1)
    assert len(reply.answers) == MAX_RECORDS
    assert "203.0.113.0" not in addresses(reply)
    assert addresses(reply)[-1] == "169.254.1.1"
    assert reply.answers[0].ttl == 30  # an update of a record kept
    extra = tuple(rr.AAAA("other.local", 120, f"2001:db8::{i:x}") for i in range(2 * MAX_RECORDS))
    g.add(response(a("169.254.1.1"), additional=extra), 0.4, direct=True)
    assert len(g.reply(1).additional) == MAX_RECORDS


def test_a_flood_of_cname_chains_is_followed_in_linear_time() -> None:
    """Long CNAME chains listed backwards: linear time, 16 aliases followed at most."""
    packets = []
    for p in range(64):
        chain = [rr.CNAME(NAME, 120, f"p{p}c0.local")]
        chain += [rr.CNAME(f"p{p}c{i}.local", 120, f"p{p}c{i + 1}.local") for i in range(400)]
        packets.append(response(*reversed(chain)))
    g = Gatherer(Q_A)
    started = time.perf_counter()
    for msg in packets:
        g.add(msg, 0.0, direct=False)
    assert time.perf_counter() - started < 1.0  # was 1.6 s: one pass over the chain per alias
    answers = g.reply(1).answers
    assert len(answers) == 64 + 16  # the name's 64 CNAMEs, then the first chain's next 16
    assert answers[64].name == b"p0c0.local"
    assert answers[-1].name == b"p0c15.local"


# -- truncation (RFC 6762 section 18.5) ---------------------------------------------------


def test_a_truncated_legacy_unicast_reply_keeps_tc() -> None:
    """TC of a direct reply means records are missing; in a multicast one it is ignored."""
    g = Gatherer(Q_A)
    assert g.add(response(a("198.51.100.7"), flags=QR | AA | TC), 0.0, direct=True)
    g.add(response(a("198.51.100.8")), 0.1, direct=True)  # another responder's, complete
    reply = g.reply(1)
    assert reply.flags == QR | AA | TC
    assert addresses(reply) == ["198.51.100.7", "198.51.100.8"]
    multicast = Gatherer(Q_A)
    assert multicast.add(response(a("198.51.100.7"), flags=QR | AA | TC), 0.0, direct=False)
    assert multicast.reply(1).flags == QR | AA


# -- negative answers ------------------------------------------------------------------------


def test_nsec_for_the_name_is_nodata() -> None:
    g = Gatherer(Query(NAME, AAAA))
    nsec = rr.NSEC(NAME, 120, NAME, [A])
    assert g.add(response(nsec), 0.0, direct=True)
    reply = g.reply(1)
    assert reply.rcode == NOERROR
    assert reply.answers == []
    assert reply.additional == [nsec]


def test_nsec_in_the_additional_section_counts_too() -> None:
    g = Gatherer(Query(NAME, AAAA))
    assert g.add(response(additional=(rr.NSEC(NAME, 120, NAME, [A]),)), 0.0, direct=True)
    assert g.reply(1).rcode == NOERROR


def test_nsec_listing_the_type_is_not_negative() -> None:
    g = Gatherer(Q_A)
    assert not g.add(response(rr.NSEC(NAME, 120, NAME, [A])), 0.0, direct=True)
    assert not g.answered


def test_records_beat_nsec() -> None:
    g = Gatherer(Q_A)
    g.add(response(rr.NSEC(NAME, 120, NAME, [AAAA])), 0.0, direct=True)
    g.add(response(a("198.51.100.7")), 0.1, direct=False)
    reply = g.reply(1)
    assert addresses(reply) == ["198.51.100.7"]
