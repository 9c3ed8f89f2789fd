"""The CLI's embedded demo zone answers as an authoritative server would (offline, no sockets:
``demo_reply`` is what the demo server sends)."""

from __future__ import annotations

from asyncdns._demo import demo_reply
from asyncdns_wire import AAAA, ANY, CH, IN, NOERROR, NXDOMAIN, REFUSED, SOA, SRV, A, Message, Query


def ask(name: str, rrtype: int, rrclass: int = IN) -> Message:
    return Message.from_wire(demo_reply(Query(name, rrtype, rrclass)))


def test_an_empty_non_terminal_is_nodata_not_nxdomain() -> None:
    # _https._tcp.example.com exists, so _tcp.example.com exists too (RFC 8020).
    assert ask("_https._tcp.example.com", SRV).answers
    reply = ask("_tcp.example.com", A)
    assert (reply.rcode, reply.answers) == (NOERROR, [])
    assert [r.rr_type for r in reply.authorities] == [SOA]
    missing = ask("nothing._tcp.example.com", A)
    assert missing.rcode == NXDOMAIN


def test_any_gives_every_record_of_the_name() -> None:
    reply = ask("www.example.com", ANY)
    assert reply.rcode == NOERROR
    assert {r.rr_type for r in reply.answers} >= {A, AAAA}


def test_a_class_other_than_in_is_refused() -> None:
    reply = ask("www.example.com", A, CH)
    assert (reply.rcode, reply.answers) == (REFUSED, [])
    assert ask("www.example.com", A, ANY).answers  # class ANY is IN's here
