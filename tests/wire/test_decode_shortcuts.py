"""The decoder's shortcuts give the same results as the long way: names that point into the
question, address records that build their ``ipaddress`` object on first read, and the OPT
record decoded straight into :class:`Edns`."""

from __future__ import annotations

import copy
import ipaddress
import pickle
import struct

import dnslib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asyncdns_wire import (
    DecodeError,
    Edns,
    Message,
    NameTooLong,
    Query,
    encode_query,
    question_to_wire,
    rr,
)
from asyncdns_wire.rr import AAAA, NS, A

from ._packets import HEADER, RR_HEAD, wire_name
from ._strategies import messages, mutated_packets


def reply(question: bytes, records: bytes, counts: tuple[int, int, int], qdcount: int = 1) -> bytes:
    return HEADER.pack(7, 0x8180, qdcount, *counts) + question + records


def test_records_pointing_into_the_question_name() -> None:
    # Question www.Example.ORG: "Example.ORG" starts at 16, "ORG" at 24.
    question = wire_name(b"www", b"Example", b"ORG") + b"\x00\x02\x00\x01"
    ns = b"\xc0\x10" + RR_HEAD.pack(2, 1, 60, 6) + b"\x03ns1\xc0\x18"
    ns1_at = 12 + len(question) + 12  # the NS record's RDATA
    glue = struct.pack(">H", 0xC000 | ns1_at) + RR_HEAD.pack(1, 1, 60, 4) + bytes(4)
    data = reply(question, ns + glue, (1, 0, 1))
    msg = Message.from_wire(data)
    assert msg.answers[0].name == b"Example.ORG"
    assert isinstance(msg.answers[0], NS)
    assert msg.answers[0].target == b"ns1.ORG"
    assert msg.additional[0].name == b"ns1.ORG"
    parsed = dnslib.DNSRecord.parse(data)  # the reference agrees
    assert str(parsed.rr[0].rname) == "Example.ORG."
    assert str(parsed.rr[0].rdata.label) == "ns1.ORG."
    assert str(parsed.ar[0].rname) == "ns1.ORG."


def test_a_question_with_an_escaped_dot_is_decoded_the_long_way() -> None:
    # The first label is "a.b" (one label holding a dot): presentation a\.b.example.
    question = wire_name(b"a.b", b"example") + b"\x00\x01\x00\x01"
    record = b"\xc0\x10" + RR_HEAD.pack(1, 1, 60, 4) + bytes([203, 0, 113, 1])  # "example"
    msg = Message.from_wire(reply(question, record, (1, 0, 0)))
    assert msg.questions[0].name == b"a\\.b.example"
    assert msg.answers[0].name == b"example"


def test_a_second_question_never_lends_its_suffixes() -> None:
    # Only the first question's suffixes are noted: a record pointing into the second one is
    # decoded the long way, and right.
    q1 = wire_name(b"first", b"example") + b"\x00\x01\x00\x01"  # offsets 12..
    q2_at = 12 + len(q1)
    q2 = wire_name(b"x", b"test") + b"\x00\x01\x00\x01"
    test_at = q2_at + 2  # "test" inside question 2
    record = struct.pack(">H", 0xC000 | test_at) + RR_HEAD.pack(1, 1, 60, 4) + bytes(4)
    msg = Message.from_wire(reply(q1 + q2, record, (1, 0, 0), qdcount=2))
    assert [q.name for q in msg.questions] == [b"first.example", b"x.test"]
    assert msg.answers[0].name == b"test"


@pytest.mark.parametrize(
    ("cls", "rdata", "address"),
    [
        (A, bytes([198, 51, 100, 7]), ipaddress.IPv4Address("198.51.100.7")),
        (AAAA, ipaddress.IPv6Address("2001:db8::7").packed, ipaddress.IPv6Address("2001:db8::7")),
    ],
)
def test_decoded_addresses(cls: type[A] | type[AAAA], rdata: bytes, address: object) -> None:
    question = wire_name(b"h", b"example") + struct.pack(">HH", cls.TYPE, 1)
    record = b"\xc0\x0c" + RR_HEAD.pack(cls.TYPE, 1, 60, len(rdata)) + rdata
    data = HEADER.pack(7, 0x8180, 1, 2, 0, 0) + question + record + record
    first, second = Message.from_wire(data).answers
    assert first.address == address and type(first.address) is type(address)
    assert first.address is first.address  # built once
    assert first.rdata() == (address,)
    assert first == cls("h.example", 60, address)  # type: ignore[arg-type]
    # Never read: still encodes, prints, copies, pickles and compares like a built one.
    assert second.rdata_to_wire() == rdata
    assert copy.copy(second).address == address
    assert pickle.loads(pickle.dumps(second)).address == address
    assert str(second).endswith(str(address) if cls is A else "2001:db8::7")
    assert Message.from_wire(Message.from_wire(data).to_wire()).answers == [first, first]


def test_address_assignment_converts_and_checks() -> None:
    record = A("h.example", 60, "198.51.100.1")
    record.address = "203.0.113.9"  # type: ignore[assignment]
    assert record.address == ipaddress.IPv4Address("203.0.113.9")
    record.address = 0xCB007101  # type: ignore[assignment]
    assert str(record.address) == "203.0.113.1"
    with pytest.raises(ValueError, match="4 octets"):
        record.address = "2001:db8::1"  # type: ignore[assignment]
    six = AAAA("h.example", 60, "2001:db8::1")
    with pytest.raises(ValueError):
        six.address = "198.51.100.1"  # type: ignore[assignment]


def test_opt_record_becomes_edns() -> None:
    query = encode_query(Query("example.org", rr.A.TYPE), 99, edns_payload=4000, dnssec_ok=True)
    msg = Message.from_wire(query)
    assert msg.edns == Edns(4000, do=True)
    assert msg.additional == []
    # An OPT record outside the additional section is an ordinary record.
    opt = b"\x00" + RR_HEAD.pack(41, 512, 0, 0)
    odd = Message.from_wire(HEADER.pack(1, 0x8000, 0, 1, 0, 0) + opt)
    assert odd.edns is None and isinstance(odd.answers[0], rr.OPT)


def test_a_registered_opt_subclass_still_becomes_edns() -> None:
    class MyOpt(rr.OPT):
        __slots__ = ()

    query = encode_query(Query("example.org", rr.A.TYPE), 99, edns_payload=1400)
    rr.RR.register(41, 255, MyOpt)
    try:
        msg = Message.from_wire(query)
        assert msg.edns == Edns(1400)
        assert msg.additional == []
        with pytest.raises(DecodeError, match="more than one OPT"):
            Message.from_wire(query[:11] + b"\x02" + query[12:] + query[-11:])
    finally:
        rr.RR.register(41, 255, rr.OPT)
    assert Message.from_wire(query).edns == Edns(1400)


def decode_both(data: bytes, asked: Query) -> tuple[object, object]:
    """(the long way, the shortcut for a reply to *asked*): each a Message or a DecodeError's
    (type, offset)."""
    outcomes: list[object] = []
    for decode in (
        lambda: Message.from_wire(data),
        lambda: Message._from_wire_asked(
            data, question_to_wire(asked.name, asked.q_type, asked.q_class), asked
        ),
    ):
        try:
            outcomes.append(decode())
        except DecodeError as exc:
            outcomes.append((type(exc), exc.offset))
    return outcomes[0], outcomes[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages.filter(lambda m: bool(m.questions)), st.booleans())
def test_a_reply_to_the_question_asked_decodes_as_the_long_way(msg: Message, other: bool) -> None:
    # *other*: the shortcut is asked about a question the reply does not echo.
    asked = Query(b"elsewhere.example", 1) if other else msg.questions[0]
    data = msg.to_wire()
    long_way, shortcut = decode_both(data, asked)
    assert long_way == shortcut
    plain = asked.name != b"." and b"\\" not in asked.name  # else the long way, on purpose
    if not other and len(msg.questions) == 1 and plain:
        assert isinstance(shortcut, Message) and shortcut.questions[0] is asked


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_packets())
def test_a_damaged_reply_fails_the_same_way_with_the_shortcut(data: bytes) -> None:
    try:
        asked = Message.from_wire(data).questions[0]
    except (DecodeError, IndexError):
        asked = Query(b"www.example.org", 1)
    long_way, shortcut = decode_both(data, asked)
    assert long_way == shortcut


@pytest.mark.parametrize(
    "name",
    # The root; an escaped dot; octets a query name may hold as they are but the decoder spells
    # escaped (a DNS-SD instance name has spaces): all decoded the long way, so the reply's
    # question is spelled as the decoder spells it.
    [".", "a\\.b.example", "My Printer.example", "x@y.example", "a$b.example", "a(b).example"],
)
def test_the_shortcut_takes_the_long_way_for_names_the_decoder_spells_otherwise(name: str) -> None:
    asked = Query(name, 1)
    data = encode_query(asked, 5)
    long_way, shortcut = decode_both(data, asked)
    assert long_way == shortcut
    assert isinstance(shortcut, Message) and shortcut.questions[0] is not asked


@pytest.mark.parametrize("prefix", [b"abcde", b"abcdef"])
def test_names_pointing_into_a_long_question_keep_the_255_octet_limit(prefix: bytes) -> None:
    # The question name is 249 octets on the wire: an owner name of one more label pointing
    # to it is 255 octets with a 5-octet label (the limit), 256 with a 6-octet one.
    labels = [b"a" * 61, b"b" * 61, b"c" * 61, b"d" * 61]
    question_name = wire_name(*labels)
    question = question_name + b"\x00\x01\x00\x01"
    owner = bytes([len(prefix)]) + prefix + b"\xc0\x0c"
    record = owner + RR_HEAD.pack(1, 1, 60, 4) + bytes([198, 51, 100, 1])
    data = reply(question, record, (1, 0, 0))
    asked = Query(b".".join(labels), 1)
    long_way, shortcut = decode_both(data, asked)
    assert long_way == shortcut
    if 1 + len(prefix) + len(question_name) <= 255:
        assert isinstance(shortcut, Message)
        assert shortcut.answers[0].name == prefix + b"." + asked.name
    else:
        assert shortcut == (NameTooLong, 12 + len(question))
