"""Messages: golden packets decoded field by field, encoding with compression, ``str(reply)``,
the fast query encoder, mDNS mode and size limits."""

from __future__ import annotations

import dns.edns
import dns.flags
import dns.message
import dnslib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asyncdns_wire
from asyncdns_wire import (
    AA,
    AD,
    BADCOOKIE,
    BADVERS,
    CD,
    NOTIFY,
    NXDOMAIN,
    QR,
    RA,
    RD,
    SOA,
    TC,
    ClientSubnet,
    Cookie,
    Edns,
    EncodeError,
    Message,
    Nsid,
    Option,
    Query,
    Reply,
    encode_query,
    rr,
)
from asyncdns_wire._names import read_name

from ._packets import HEADER, RR_HEAD
from ._strategies import messages

# -- golden packets ---------------------------------------------------------------------------

#: A referral-shaped answer built by hand, octet by octet, with the offsets noted.
GOLDEN_ANSWER = b"".join(
    [
        HEADER.pack(0xBEEF, 0x8580, 1, 1, 1, 2),  # QR AA RD RA, NOERROR
        b"\x03www\x07example\x03com\x00",  # 12: www(12) example(16) com(24) root(28)
        b"\x00\x01\x00\x01",  # 29: A IN
        b"\xc0\x0c" + RR_HEAD.pack(1, 1, 3600, 4) + bytes([198, 51, 100, 10]),  # 33
        b"\xc0\x10" + RR_HEAD.pack(2, 1, 86400, 6) + b"\x03ns1\xc0\x10",  # 49; ns1 at 61
        b"\xc0\x3d" + RR_HEAD.pack(1, 1, 86400, 4) + bytes([203, 0, 113, 53]),  # 67
        b"\x00" + RR_HEAD.pack(41, 4096, 0x00008000, 32),  # 83: OPT, DO
        b"\x00\x0a\x00\x18" + bytes(range(1, 9)) + b"\xaa" * 16,  # COOKIE client + server
        b"\x00\x03\x00\x00",  # NSID, empty
    ]
)


def test_golden_answer_decodes_field_by_field() -> None:
    msg = Message.from_wire(GOLDEN_ANSWER)
    assert msg.id == 0xBEEF
    assert msg.flags == QR | AA | RD | RA
    assert msg.is_response
    assert msg.opcode == 0
    assert msg.rcode == 0
    assert msg.questions == [Query("www.example.com", 1)]
    assert msg.query == Query("www.example.com", 1)
    assert msg.answers == [rr.A("www.example.com", 3600, "198.51.100.10")]
    assert msg.authorities == [rr.NS("example.com", 86400, "ns1.example.com")]
    assert msg.additional == [rr.A("ns1.example.com", 86400, "203.0.113.53")]
    assert isinstance(msg.answers[0], rr.A)
    ns = msg.authorities[0]
    assert isinstance(ns, rr.NS)
    assert ns.host == b"ns1.example.com"
    edns = msg.edns
    assert edns is not None
    assert (edns.payload, edns.version, edns.do, edns.ext_rcode) == (4096, 0, True, 0)
    assert edns.flags == 0x8000
    assert edns.options == (Cookie(bytes(range(1, 9)), b"\xaa" * 16), Nsid(b""))
    cookie = edns.option(10)
    assert isinstance(cookie, Cookie)
    assert cookie.client == bytes(range(1, 9))
    assert cookie.server == b"\xaa" * 16


def test_golden_answer_is_what_we_encode() -> None:
    msg = Message(
        id=0xBEEF,
        flags=QR | AA | RD | RA,
        questions=[Query("www.example.com", 1)],
        answers=[rr.A("www.example.com", 3600, "198.51.100.10")],
        authorities=[rr.NS("example.com", 86400, "ns1.example.com")],
        additional=[rr.A("ns1.example.com", 86400, "203.0.113.53")],
        edns=Edns(4096, do=True, options=[Cookie(bytes(range(1, 9)), b"\xaa" * 16), Nsid()]),
    )
    wire = msg.to_wire()
    assert wire == GOLDEN_ANSWER
    # The compression pointers, one by one.
    assert wire[33:35] == b"\xc0\x0c"  # answer owner -> question name
    assert wire[49:51] == b"\xc0\x10"  # NS owner -> "example.com" inside the question
    assert wire[65:67] == b"\xc0\x10"  # NS target suffix
    assert wire[67:69] == b"\xc0\x3d"  # glue owner -> the NS target
    parsed = dnslib.DNSRecord.parse(wire)
    assert str(parsed.rr[0].rname) == "www.example.com."
    assert str(parsed.auth[0].rdata) == "ns1.example.com."
    assert str(parsed.ar[0].rname) == "ns1.example.com."
    assert str(parsed.ar[0].rdata) == "203.0.113.53"


def test_rfc1035_compression_example() -> None:
    # RFC 1035 section 4.1.4: F.ISI.ARPA at 20, FOO.F.ISI.ARPA at 40, ARPA at 64, root at 92.
    buf = bytearray(100)
    buf[20:32] = b"\x01F\x03ISI\x04ARPA\x00"
    buf[40:46] = b"\x03FOO\xc0\x14"
    buf[64:66] = b"\xc0\x1a"
    buf[92] = 0
    data = bytes(buf)
    assert read_name(data, 20, {}) == (b"F.ISI.ARPA", 32)
    assert read_name(data, 40, {}) == (b"FOO.F.ISI.ARPA", 46)
    assert read_name(data, 64, {}) == (b"ARPA", 66)
    assert read_name(data, 92, {}) == (b".", 93)


def _packet(flags: int, qd: list[bytes], an: list[bytes], ar: list[bytes]) -> bytes:
    return HEADER.pack(0x0102, flags, len(qd), len(an), 0, len(ar)) + b"".join(qd + an + ar)


_QUESTION = b"\x07example\x03com\x00\x00\x01\x00\x01"


@pytest.mark.parametrize(
    ("header_rcode", "ext_rcode", "expected"),
    [(0, 0, 0), (3, 0, NXDOMAIN), (0, 1, BADVERS), (7, 1, BADCOOKIE), (15, 255, 4095)],
)
def test_extended_rcode_via_opt(header_rcode: int, ext_rcode: int, expected: int) -> None:
    opt = b"\x00" + RR_HEAD.pack(41, 1232, ext_rcode << 24, 0)
    msg = Message.from_wire(_packet(0x8180 | header_rcode, [_QUESTION], [], [opt]))
    assert msg.rcode == expected
    assert msg.edns is not None
    assert msg.edns.ext_rcode == ext_rcode
    assert msg.additional == []
    # And it goes back on the wire the same way.
    assert Message.from_wire(msg.to_wire()).rcode == expected
    assert msg.to_wire() == _packet(0x8180 | header_rcode, [_QUESTION], [], [opt])


def test_header_rcode_without_edns_is_four_bits() -> None:
    assert Message.from_wire(_packet(0x8185, [_QUESTION], [], [])).rcode == 5


def test_opcode_and_flags_are_separated() -> None:
    word = 0x8000 | (NOTIFY << 11) | AA | 0x0040 | 0x0009  # QR, NOTIFY, AA, Z, NOTAUTH
    msg = Message.from_wire(
        HEADER.pack(7, word, 1, 0, 0, 0) + b"\x07example\x03com\x00\x00\x06\x00\x01"
    )
    assert msg.opcode == NOTIFY
    assert msg.flags == QR | AA | 0x0040
    assert msg.rcode == 9
    assert msg.questions[0].q_type == SOA
    assert Message.from_wire(msg.to_wire()) == msg


def test_all_flag_bits() -> None:
    for flag in (QR, AA, TC, RD, RA, 0x0040, AD, CD):
        msg = Message.from_wire(HEADER.pack(1, flag, 0, 0, 0, 0))
        assert msg.flags == flag
        assert msg.opcode == 0
        assert msg.rcode == 0


def test_edns_version_flags_and_small_payload() -> None:
    opt = b"\x00" + RR_HEAD.pack(41, 256, 0x0001_8001, 8) + b"\xfd\xe9\x00\x04abcd"
    msg = Message.from_wire(_packet(0x8180, [_QUESTION], [], [opt]))
    edns = msg.edns
    assert edns is not None
    assert edns.version == 1
    assert edns.do
    assert edns.flags == 0x8001
    assert edns.payload == 256
    assert edns.udp_payload == 512  # RFC 6891 6.2.3
    assert edns.options == (Option(65001, b"abcd"),)
    assert type(edns.options[0]) is Option


def test_sections_keep_order_and_unknown_types() -> None:
    records = [
        b"\xc0\x0c" + RR_HEAD.pack(65280, 1, 5, 3) + b"\x01\x02\x03",
        b"\xc0\x0c" + RR_HEAD.pack(16, 1, 5, 4) + b"\x03abc",
        b"\xc0\x0c" + RR_HEAD.pack(1, 3, 5, 4) + b"\x01\x02\x03\x04",  # A in class CH
    ]
    msg = Message.from_wire(_packet(0x8180, [_QUESTION], records, []))
    unknown, txt, chaos_a = msg.answers
    assert isinstance(unknown, rr.Unknown)
    assert (unknown.rr_type, unknown.data) == (65280, b"\x01\x02\x03")
    assert str(unknown) == "example.com.\t5\tIN\tTYPE65280\t\\# 3 010203"
    assert isinstance(txt, rr.TXT)
    assert txt.strings == (b"abc",)
    # A is class-specific (IN), so an A record of class CH is kept as unknown data.
    assert isinstance(chaos_a, rr.Unknown)
    assert chaos_a.rr_class == 3


# -- str(reply) -----------------------------------------------------------------------------


def test_str_reply_format_of_asyncdns_0_1() -> None:
    reply = Message(
        flags=QR | RD | RA,
        questions=[Query("example.com", 1)],
        answers=[rr.A("example.com", 300, "198.51.100.1")],
    )
    assert str(reply) == (
        ";; No error (RD, RA)\n"
        "; 1 answers:\n"
        "example.com.\t300\tIN\tA\t198.51.100.1\n"
        "; 0 authorities:\n"
        "; 0 additional:"
    )


def test_str_reply_without_flags_and_with_every_section() -> None:
    reply = Message(
        rcode=NXDOMAIN,
        authorities=[rr.SOA("example.com", 60, "ns.example.com", "h.example.com", 1, 2, 3, 4, 5)],
        additional=[rr.TXT("example.com", 60, "hi")],
    )
    assert str(reply) == (
        ";; Non-existent domain ()\n"
        "; 0 answers:\n"
        "; 1 authorities:\n"
        "example.com.\t60\tIN\tSOA\tns.example.com. h.example.com. 1 2 3 4 5\n"
        "; 1 additional:\n"
        'example.com.\t60\tIN\tTXT\t"hi"'
    )


def test_str_reply_all_flags_in_0_1_order() -> None:
    reply = Message(flags=CD | AD | 0x0040 | RA | RD | TC | AA | QR)
    assert str(reply).splitlines()[0] == ";; No error (AA, TC, RD, RA, Z, AD, CD)"


def test_str_reply_appends_edns_after_the_0_1_lines() -> None:
    lines = str(Message.from_wire(GOLDEN_ANSWER)).splitlines()
    assert lines[0] == ";; No error (AA, RD, RA)"
    assert lines[-3] == ";; EDNS: version: 0, flags: do; udp: 4096"
    assert lines[-2].startswith("; COOKIE: 0102030405060708aaaa")
    assert lines[-1] == '; NSID:  ("")'


def test_reply_is_message() -> None:
    assert Reply is Message
    assert asyncdns_wire.Reply is asyncdns_wire.Message
    assert isinstance(Message.from_wire(GOLDEN_ANSWER), Reply)


# -- encode_query ---------------------------------------------------------------------------


def test_encode_query_without_edns_is_exact() -> None:
    wire = encode_query(Query("example.com", 28), 0x1234, edns_payload=None)
    assert (
        wire == HEADER.pack(0x1234, 0x0100, 1, 0, 0, 0) + b"\x07example\x03com\x00\x00\x1c\x00\x01"
    )
    parsed = dnslib.DNSRecord.parse(wire)
    assert parsed.header.id == 0x1234
    assert parsed.header.rd == 1
    assert str(parsed.q.qname) == "example.com."
    assert parsed.ar == []
    theirs = dns.message.from_wire(wire)
    assert theirs.edns == -1
    assert theirs.flags == dns.flags.RD


def test_encode_query_with_edns_is_exact() -> None:
    wire = encode_query(Query("example.com", 1), 1, flags=0)
    opt = b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00"
    assert wire == HEADER.pack(1, 0, 1, 0, 0, 1) + _QUESTION + opt
    theirs = dns.message.from_wire(wire)
    assert (theirs.edns, theirs.payload, theirs.ednsflags, theirs.flags) == (0, 1232, 0, 0)


def test_encode_query_do_bit_and_options() -> None:
    options = [Cookie(b"\x11" * 8), ClientSubnet("198.51.100.77", 24), Nsid()]
    wire = encode_query(
        Query("example.com", 48), 0xFFFF, edns_payload=4096, dnssec_ok=True, options=options
    )
    theirs = dns.message.from_wire(wire)
    assert theirs.id == 0xFFFF
    assert theirs.payload == 4096
    assert theirs.ednsflags & dns.flags.DO
    cookie, ecs, nsid = theirs.options
    assert isinstance(cookie, dns.edns.CookieOption)
    assert cookie.client == b"\x11" * 8
    assert isinstance(ecs, dns.edns.ECSOption)
    assert (ecs.address, ecs.srclen, ecs.scopelen) == ("198.51.100.0", 24, 0)
    assert isinstance(nsid, dns.edns.NSIDOption)
    lib = dnslib.DNSRecord.parse(wire)
    (opt,) = lib.ar
    assert opt.rtype == 41
    assert opt.edns_do == 1
    # dnslib drops options with no data (the empty NSID); dnspython above saw all three.
    assert [o.code for o in opt.rdata] == [10, 8]
    ours = Message.from_wire(wire)
    assert ours.edns is not None
    assert ours.edns.do
    assert ours.edns.options == tuple(options)


def test_encode_query_0x20_spelling() -> None:
    q = Query("example.com", 1)
    wire = encode_query(q, 9, qname=b"ExAmPlE.cOm")
    assert b"\x07ExAmPlE\x03cOm\x00" in wire
    assert dns.message.from_wire(wire).question[0].name.to_text() == "ExAmPlE.cOm."
    assert str(dnslib.DNSRecord.parse(wire).q.qname) == "ExAmPlE.cOm."
    decoded = Message.from_wire(wire)
    assert decoded.questions[0].name == b"ExAmPlE.cOm"
    assert decoded.questions[0] == q
    assert q.name == b"example.com"


def test_encode_query_agrees_with_message_to_wire() -> None:
    q = Query("www.example.com", 15)
    fast = encode_query(q, 77, flags=RD | CD, edns_payload=1400, dnssec_ok=True)
    slow = Message(id=77, flags=RD | CD, questions=[q], edns=Edns(1400, do=True)).to_wire()
    assert fast == slow


# -- mDNS -----------------------------------------------------------------------------------


def _mdns_packet() -> bytes:
    question = b"\x04host\x05local\x00\x00\x01\x80\x01"  # QU bit set
    answer = b"\xc0\x0c" + RR_HEAD.pack(1, 0x8001, 120, 4) + bytes([198, 51, 100, 5])
    shared = b"\xc0\x0c" + RR_HEAD.pack(16, 0x0001, 120, 3) + b"\x02hi"
    opt = b"\x00" + RR_HEAD.pack(41, 0x9000, 0, 0)
    return HEADER.pack(0, 0x8400, 1, 2, 0, 1) + question + answer + shared + opt


def test_mdns_mode_splits_cache_flush_and_qu_bits() -> None:
    msg = Message.from_wire(_mdns_packet(), mdns=True)
    assert msg.questions[0].q_class == 1
    a, txt = msg.answers
    assert isinstance(a, rr.A)
    assert (a.rr_class, a.cache_flush) == (1, True)
    assert str(a.address) == "198.51.100.5"
    assert (txt.rr_class, txt.cache_flush) == (1, False)
    # The OPT record's class is its payload size: never masked.
    assert msg.edns is not None
    assert msg.edns.payload == 0x9000


def test_unicast_mode_keeps_the_top_class_bit() -> None:
    msg = Message.from_wire(_mdns_packet())
    assert msg.questions[0].q_class == 0x8001
    a, _ = msg.answers
    assert isinstance(a, rr.Unknown)
    assert (a.rr_class, a.cache_flush) == (0x8001, False)


def test_cache_flush_bit_is_encoded() -> None:
    record = rr.A("host.local", 120, "198.51.100.5")
    record.cache_flush = True
    wire = Message(flags=QR | AA, answers=[record]).to_wire()
    assert wire[12 + 12 + 2 : 12 + 12 + 4] == b"\x80\x01"
    back = Message.from_wire(wire, mdns=True).answers[0]
    assert back.cache_flush
    assert back == record


# -- limits and validation ------------------------------------------------------------------


def test_to_wire_max_size() -> None:
    msg = Message(answers=[rr.A("example.com", 1, f"203.0.113.{i}") for i in range(40)])
    wire = msg.to_wire()
    assert msg.to_wire(max_size=len(wire)) == wire
    with pytest.raises(EncodeError, match=str(len(wire))):
        msg.to_wire(max_size=len(wire) - 1)
    with pytest.raises(EncodeError):
        msg.to_wire(max_size=512)


def test_compression_beyond_the_first_16_kib() -> None:
    # Pointers reach only 0x3FFF: names first written past it can't be pointed at, but they can
    # still point back at names written before it.
    filler = [rr.TXT(f"f{i}.example.com", 1, [b"x" * 255] * 8) for i in range(10)]
    late = [rr.MX("late.example.net", 1, 10, "mx.late.example.net") for _ in range(3)]
    tail = [rr.A("f0.example.com", 1, "198.51.100.1")]
    msg = Message(answers=[*filler, *late, *tail])
    wire = msg.to_wire()
    assert len(wire) > 0x4000 + 200
    back = Message.from_wire(wire)
    assert back == msg
    late_owner = wire.index(b"\x04late\x07example\x03net\x00")
    assert late_owner > 0x3FFF
    # Three owners and three exchanges, each written in full: nothing past 0x3FFF is a target.
    assert wire.count(b"\x04late\x07example\x03net\x00") == 6
    assert wire.endswith(b"\xc0\x0c" + RR_HEAD.pack(1, 1, 1, 4) + bytes([198, 51, 100, 1]))
    theirs = dns.message.from_wire(wire, one_rr_per_rrset=True)
    assert len(theirs.answer) == len(msg.answers)
    assert theirs.answer[11][0].exchange.to_text() == "mx.late.example.net."


def test_rdata_over_65535_octets_is_an_encode_error() -> None:
    big = rr.TXT("example.com", 1, [b"x" * 255] * 260)
    with pytest.raises(EncodeError):
        Message(answers=[big]).to_wire()


def test_values_changed_after_construction_are_encode_errors() -> None:
    record = rr.A("example.com", 1, "198.51.100.1")
    record.ttl = 2**32
    with pytest.raises(EncodeError):
        Message(answers=[record]).to_wire()
    msg = Message(questions=[Query("example.com", 1)])
    msg.id = 0x10000
    with pytest.raises(EncodeError):
        msg.to_wire()


def test_more_than_65535_records_is_an_encode_error() -> None:
    record = rr.A("example.com", 1, "198.51.100.1")
    with pytest.raises(EncodeError):
        Message(answers=[record] * 65536).to_wire()


def test_extended_rcode_needs_edns_when_encoding() -> None:
    msg = Message(rcode=3)
    msg.rcode = BADVERS
    with pytest.raises(EncodeError):
        msg.to_wire()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": -1},
        {"id": 0x10000},
        {"flags": 0x10000},
        {"flags": 0x7800},  # opcode bits are not flags
        {"flags": 0x000F},  # nor are rcode bits
        {"flags": -1},
        {"opcode": 16},
        {"rcode": 16},  # extended rcode without EDNS
        {"rcode": 4096, "edns": Edns()},
    ],
)
def test_bad_message_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Message(**kwargs)  # type: ignore[arg-type]


def test_extended_rcode_round_trips_with_edns() -> None:
    msg = Message(rcode=BADCOOKIE, edns=Edns(1232))
    assert msg.edns is not None
    assert msg.edns.ext_rcode == 1
    wire = msg.to_wire()
    assert wire[3] & 0xF == BADCOOKIE & 0xF
    back = Message.from_wire(wire)
    assert back.rcode == BADCOOKIE
    assert back == msg
    assert dns.message.from_wire(wire).rcode() == BADCOOKIE


def test_edns_given_to_a_message_is_not_modified() -> None:
    edns = Edns(1232, ext_rcode=5)
    msg = Message(rcode=0, edns=edns)
    assert edns.ext_rcode == 5
    assert msg.edns is not None
    assert msg.edns.ext_rcode == 0


# -- round trips ----------------------------------------------------------------------------

_options = st.lists(
    st.one_of(
        st.builds(Cookie, st.binary(min_size=8, max_size=8), st.binary(min_size=8, max_size=32)),
        st.builds(Nsid, st.binary(max_size=20)),
        st.builds(Option, st.integers(65001, 65534), st.binary(max_size=20)),
    ),
    max_size=3,
)
_extended = st.builds(
    lambda m, rcode, options: Message(
        id=m.id,
        flags=m.flags,
        rcode=rcode,
        questions=m.questions,
        answers=m.answers,
        authorities=m.authorities,
        additional=m.additional,
        edns=Edns(1232, options=options),
    ),
    messages,
    st.integers(0, 4095),
    _options,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(messages, _extended), st.booleans())
def test_message_round_trip(msg: Message, compress: bool) -> None:
    wire = msg.to_wire(compress=compress)
    back = Message.from_wire(wire)
    assert back == msg
    assert back.to_wire(compress=compress) == wire


@settings(max_examples=200, deadline=None)
@given(messages)
def test_compression_only_ever_shrinks(msg: Message) -> None:
    assert len(msg.to_wire()) <= len(msg.to_wire(compress=False))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"msg_id": -1}, ValueError),
        ({"msg_id": 65536}, ValueError),
        ({"msg_id": "1"}, TypeError),
        ({"msg_id": 1, "flags": 1 << 20}, ValueError),
        ({"msg_id": 1, "edns_payload": 10}, ValueError),
    ],
)
def test_encode_query_rejects_bad_arguments_clearly(kwargs: dict[str, object], error: type) -> None:
    from asyncdns_wire import Query, encode_query

    with pytest.raises(error):
        encode_query(Query("www.example", 1), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_query("www.example", 1)  # type: ignore[arg-type]


def test_message_rejects_what_is_not_a_query_or_a_record() -> None:
    with pytest.raises(TypeError):
        Message(questions=["x"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Message(answers=[1])  # type: ignore[list-item]
