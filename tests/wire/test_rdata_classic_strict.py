"""Strictness of the classic and service record types: malformed RDATA raises
:class:`~asyncdns_wire.BadRdata` (never anything else), bad text raises
:class:`~asyncdns_wire.TextSyntaxError`, bad constructor arguments raise ``TypeError`` or
``ValueError``, and what BIND refuses (NAPTR regexps, X25 addresses, trailing zero octets in WKS
and APL, A6 pad bits, LOC ranges) is refused here too.
"""

from __future__ import annotations

import ipaddress
import struct
import time
from typing import Any, cast

import pytest

from asyncdns_wire import BadRdata, DecodeError, Message, TextSyntaxError, rr_from_text
from asyncdns_wire.rr import (
    A6,
    AMTRELAY,
    APL,
    CAA,
    EUI48,
    GPOS,
    HINFO,
    ISDN,
    L32,
    LOC,
    NAPTR,
    NID,
    NSAP,
    NUL,
    SRV,
    URI,
    WKS,
    X25,
    APLItem,
)
from asyncdns_wire.rr._regexp import check_regexp, ere_groups

from .test_rdata_dnssec import decode_rdata

_NAME = b"\x03foo\x07example\x00"

MALFORMED = [
    # HINFO, X25, ISDN, GPOS: character-strings
    (13, b"\x05abc"),
    (13, b"\x01a"),
    (13, b"\x01a\x01b\x00"),
    (13, b""),
    (19, b""),
    (19, b"\x03123"),
    (19, b"\x041a34"),
    (19, b"\x041234\x00"),
    (20, b""),
    (20, b"\x011\x012\x013"),
    (20, b"\x011\x05"),
    (27, b"\x011\x012"),
    # MINFO, RP: two names
    (14, _NAME),
    (17, _NAME),
    (17, _NAME + _NAME + b"\x00"),
    # WKS: address, protocol, bitmap without trailing zero octets, at most 8192 octets
    (11, b"\xc6\x33\x64\x01"),
    (11, b"\xc6\x33\x64\x01\x06\x40\x00"),
    (11, b"\xc6\x33\x64\x01\x06" + b"\xff" * 8193),
    # NSAP, NSAP-PTR, PX
    (22, b""),
    (23, b"\x03foo"),
    (26, b"\x00"),
    (26, b"\x00\x01" + _NAME),
    # LOC: 16 octets, version 0, valid precisions, latitude and longitude in range
    (29, bytes(15)),
    (29, bytes(17)),
    (29, b"\x01" + bytes(3) + b"\x80\x00\x00\x00\x80\x00\x00\x00" + bytes(4)),
    (29, b"\x00\xa0\x00\x00\x80\x00\x00\x00\x80\x00\x00\x00" + bytes(4)),
    (29, b"\x00\x0a\x00\x00\x80\x00\x00\x00\x80\x00\x00\x00" + bytes(4)),
    (29, b"\x00\x00\x05\x00\x80\x00\x00\x00\x80\x00\x00\x00" + bytes(4)),
    (
        29,
        b"\x00\x00\x00\x00"
        + (0x80000000 + 90 * 3600000 + 1).to_bytes(4, "big")
        + b"\x80"
        + bytes(7),
    ),
    (
        29,
        b"\x00\x00\x00\x00\x80"
        + bytes(3)
        + (0x80000000 - 180 * 3600000 - 1).to_bytes(4, "big")
        + bytes(4),
    ),
    # EUI48, EUI64, NID, L32, L64, LP
    (108, bytes(5)),
    (108, bytes(7)),
    (109, bytes(7)),
    (104, bytes(9)),
    (105, bytes(5)),
    (106, bytes(11)),
    (107, b"\x00"),
    # APL: headers, lengths, prefixes, no trailing zero octets
    (42, b"\x00\x01\x18"),
    (42, b"\x00\x01\x18\x04\xc6\x33\x64"),
    (42, b"\x00\x01\x18\x03\xc6\x33\x00"),
    (42, b"\x00\x01\x21\x01\xc6"),
    (42, b"\x00\x01\x18\x05\xc6\x33\x64\x01\x01"),
    (42, b"\x00\x02\x81\x01\x20"),
    (42, b"\x00\x03\x08\x02\x01\x00"),
    # A6: prefix length, suffix length, pad bits, prefix name
    (38, b""),
    (38, b"\x81"),
    (38, b"\x00" + bytes(15)),
    (38, b"\x00" + bytes(17)),
    (38, b"\x41\x80" + bytes(7) + b"\x00"),
    (38, b"\x40" + bytes(8)),
    (38, b"\x80"),
    # SRV, NAPTR, URI, CAA
    (33, b"\x00\x01\x00\x02\x00"),
    (33, b"\x00\x01\x00\x02\x00\x03"),
    (35, b"\x00\x01\x00\x02"),
    (35, b"\x00\x01\x00\x02\x00\x00\x05!a!b\x00"),
    (35, b"\x00\x01\x00\x02\x00\x00\x05!a!b!"),
    (256, b"\x00\x01\x00\x02"),
    (256, b"\x00\x01\x00"),
    (257, b"\x00"),
    (257, b"\x00\x00"),
    (257, b"\x00\x05issu"),
    (257, b'\x00\x05is-ue"x"'),
    (257, b"\x00\x01\xe9"),
    # AMTRELAY: relay sized by its type
    (260, b"\x00"),
    (260, b"\x00\x00\x01"),
    (260, b"\x00\x01\xcb\x00\x71"),
    (260, b"\x00\x01\xcb\x00\x71\x0f\x00"),
    (260, b"\x00\x02" + bytes(15)),
    (260, b"\x00\x03"),
]


@pytest.mark.parametrize("rr_type, rdata", MALFORMED)
def test_malformed_rdata_is_a_decode_error(rr_type: int, rdata: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        decode_rdata(rr_type, rdata)
    if isinstance(info.value, BadRdata):
        assert info.value.rr_type == rr_type


@pytest.mark.parametrize("rr_type, rdata", MALFORMED)
def test_malformed_rdata_followed_by_another_record_is_bad_rdata(
    rr_type: int, rdata: bytes
) -> None:
    """With a record after it, the same RDATA is BadRdata: nothing is read past its end."""
    header = struct.pack(">HHHHHH", 1, 0x8000, 0, 2, 0, 0)
    first = b"\x07example\x00" + struct.pack(">HHIH", rr_type, 1, 300, len(rdata)) + rdata
    second = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 300, 4) + b"\xc6\x33\x64\x01"
    with pytest.raises(BadRdata) as info:
        Message.from_wire(header + first + second)
    assert info.value.rr_type == rr_type


@pytest.mark.parametrize(
    "rr_type, rdata",
    [
        (107, b"\x00\x01\xc0\x0c"),  # LP
        (23, b"\xc0\x0c"),  # NSAP-PTR
        (38, b"\x40" + bytes(8) + b"\xc0\x0c"),  # A6
        (260, b"\x00\x03\xc0\x0c"),  # AMTRELAY
        (260, b"\x00\x03\x03foo\xc0\x0c"),
    ],
)
def test_compressed_names_are_refused_in_newer_types(rr_type: int, rdata: bytes) -> None:
    with pytest.raises(BadRdata, match="compress"):
        decode_rdata(rr_type, rdata)


#: NAPTR regexps with BIND's verdict: each was served by NSD and either printed by dig or
#: refused as a malformed packet.
NAPTR_REGEXPS = [
    (b"", True),
    (b"!a!b!", True),
    (b"!a!b!i", True),
    (b"!a!b!ii", True),
    (b"!a!b!x", False),
    (b"!a!b", False),
    (b"1a1b1", False),
    (b"\\a\\b\\", False),
    (b"iaibi", False),
    (b"!(a)!\\2!", False),
    (b"!(a)!\\1!", True),
    (b"!a!\\0!", False),
    (b"!!b!", False),
    (b"!a**!b!", False),
    (b"!a{1,2}!b!", True),
    (b"!a{2,1}!b!", False),
    (b"![[:foo:]]!b!", False),
    (b"![[:digit:]]!b!", True),
    (b"!(a|)!b!", False),
    (b"!(|a)!b!", False),
    (b"!()!b!", True),
    (b"!a|b!c!", True),
    (b"!a||b!c!", False),
    (b"!*a!b!", False),
    (b"!a\\!b!c!", True),
    (b"!a!b\\!c!", True),
    (b"![a-z]!b!", True),
    (b"![z-a]!b!", False),
    (b"![]a]!b!", True),
    (b"![a!b!", False),
    (b"!(a!b!", False),
    (b"!a)!b!", True),
    (b"!^$!b!", True),
    (b"!a{300}!b!", False),
    (b"!a{1,2,3}!b!", False),
    (b"!a{x}!b!", True),
    (b"!a{!b!", True),
    (b"![[.a.]]!b!", True),
    (b"![[=a=]]!b!", True),
    (b"!\\1(a)!b!", False),
    (b"!(a)\\1!b!", True),
    (b"!a!\\\\!", True),
    (b"!a!b\x00!", False),
    (b"/(a)(b)?/\\2\\1/", True),
    (b"#[[:alpha:]]+#x#", True),
    (b"|a{1,3}|x|", True),
    # random ones
    (b"|0a]2|[\\||i", True),
    (b"|20\\)|)|i", True),
    (b"|0|[|", True),
    (b"^19i^^", True),
    (b"|\\]||", True),
    (b"/1b/b*0/", True),
    (b"^b2[a]19^^ii", True),
    (b"/\\*a))b/*a9.a/ii", True),
    (b"x22.ix2ab9].x", True),
    (b"#]])*)#]1#", True),
    (b"!i\\a!2b!", True),
    (b"!.0\\*]\\*!2.[0[!", True),
    (b"|\\\\*||", True),
    (b"x[*[i*2]ixx", True),
    (b"^9*.)b1^0^^\\", False),
    (b"!0b.\\\\![2\\11i!xi", False),
    (b"!!\\)*!*!!)!", False),
    (b"/9/)*)/x", False),
    (b"^\\99[[b^\\(^^^(^xi", False),
    (b"^)^[^0.^^x", False),
    (b"!a00!i)0!xi", False),
    (b"##ba*)#i\\", False),
    (b"[a1)1", False),
    (b"!!b2.i!![!ii", False),
    (b"!b9(b1!2a!!]!", False),
    (b"x\\xxxx", False),
    (b"/0](\\]1/[\\/i", False),
    (b"/002)b0**/](.1a2/i", False),
    (b"^.01^(\\\\a^^^", False),
    (b".a1.[2]910", False),
]


@pytest.mark.parametrize("regexp, bind_accepts", NAPTR_REGEXPS)
def test_naptr_regexp_verdicts_match_bind(regexp: bytes, bind_accepts: bool) -> None:
    rdata = b"\x00\x01\x00\x02\x01u\x03sip" + bytes([len(regexp)]) + regexp + b"\x00"
    if bind_accepts:
        check_regexp(regexp)
        rec = decode_rdata(35, rdata)
        assert isinstance(rec, NAPTR)
        assert rec.regexp == regexp
        assert rr_from_text(str(rec)) == rec
    else:
        with pytest.raises(ValueError):
            check_regexp(regexp)
        with pytest.raises(BadRdata):
            decode_rdata(35, rdata)
        with pytest.raises(ValueError):
            NAPTR("x", 1, 1, 2, "u", "sip", regexp, ".")


@pytest.mark.parametrize(
    "ere, groups",
    [
        (b"a", 0),
        (b"(a)(b)", 2),
        (b"((a)|b)*", 2),
        (b"[(]", 0),
        (b"\\(", 0),
        (b"a{1,2}", 0),
        (b"", -1),
    ],
)
def test_ere_group_count(ere: bytes, groups: int) -> None:
    assert ere_groups(ere) == groups


BAD_TEXT = [
    'HINFO "a"',
    'HINFO "a" "b" "c"',
    "NULL 1 2",
    "NULL",
    "WKS 198.51.100.1 icmp 25",
    "WKS 198.51.100.1 6 nosuchservice",
    "WKS 198.51.100.1 6 65536",
    "WKS 198.51.100.1 256",
    "WKS 198.51.100.300 6",
    "X25 123",
    "X25 12a4",
    "ISDN",
    'ISDN "1" "2" "3"',
    "NSAP 47000580",
    "NSAP 0x123",
    "NSAP 0x",
    "NSAP 0xzz",
    "GPOS 1 2",
    "LOC 91 N 0 E 0m",
    "LOC 52 60 N 0 E 0m",
    "LOC 52 22 60 N 0 E 0m",
    "LOC 52 22 23.0001 N 0 E 0m",
    "LOC 90 1 N 0 E 0m",
    "LOC 52 X 0 E 0m",
    "LOC 52 22 23 N 181 E 0m",
    "LOC 52 N 0 E -100000.01m",
    "LOC 52 N 0 E 42849672.96m",
    "LOC 52 N 0 E 0m 90000000.01m",
    "LOC 52 N 0 E 0m -1m",
    "LOC 52 N 0 E 0x",
    "LOC 52 N 0 E",
    "LOC 52 N 0 E 0 1 2 3 4",
    "EUI48 00-00-5e-00-53",
    "EUI48 00:00:5e:00:53:2a",
    "EUI64 00-00-5e-00-53-2a",
    "NID 10 2001:db8:1",
    "L64 10 12345:0:0:0",
    "L64 65536 0:0:0:0",
    "L32 10 198.51.100",
    "LP 10",
    "APL 3:198.51.100.0/8",
    "APL 1:198.51.100.0/33",
    "APL 1:2001:db8::/32",
    "APL 2:2001:db8::/129",
    "APL 1:198.51.100.0",
    "A6 129 ::",
    "A6 64 ::1",
    "A6 0 ::1 extra.example.",
    "A6 64 nonsense p.example.",
    "SRV 1 2 65536 x.example.",
    'NAPTR 1 1 "" "" "!a!b" .',
    'NAPTR 1 1 "" "" "" ',
    "URI 10 1 unquoted",
    'URI 10 1 ""',
    'CAA 0 is-sue "x"',
    'CAA 256 issue "x"',
    "CAA 0 issue",
    "AMTRELAY 0 2 0 .",
    "AMTRELAY 0 0 4 x",
    "AMTRELAY 0 0 1 2001:db8::1",
    "AMTRELAY 0 0 2 198.51.100.1",
    "AMTRELAY 0 0 0 foo.",
    "AMTRELAY 0 0 3",
]


@pytest.mark.parametrize("text", BAD_TEXT)
def test_bad_text_is_a_syntax_error(text: str) -> None:
    with pytest.raises(TextSyntaxError):
        rr_from_text(f"x.example. 300 IN {text}")


BAD_ARGS: list[tuple[type[Any], tuple[Any, ...], type[Exception]]] = [
    (HINFO, ("x", 1, "€", ""), ValueError),
    (HINFO, ("x", 1, b"a" * 256, ""), ValueError),
    (HINFO, ("x", 1, 5, ""), TypeError),
    (ISDN, ("x", 1, None), TypeError),
    (X25, ("x", 1, "12"), ValueError),
    (GPOS, ("x", 1, "1", "2", None), TypeError),
    (NUL, ("x", 1, "text"), TypeError),
    (NUL, ("x", 1, bytes(65536)), ValueError),
    (WKS, ("x", 1, "198.51.100.1", 256, b""), ValueError),
    (WKS, ("x", 1, "198.51.100.1", 6, b"\x01\x00"), ValueError),
    (WKS, ("x", 1, "198.51.100.1", 6, bytes(8192) + b"\x01"), ValueError),
    (WKS, ("x", 1, "198.51.100.1", 6, [25]), TypeError),
    (NSAP, ("x", 1, b""), ValueError),
    (LOC, ("x", 1, 90 * 3_600_000 + 1, 0, 0), ValueError),
    (LOC, ("x", 1, 0, -180 * 3_600_000 - 1, 0), ValueError),
    (LOC, ("x", 1, 0, 0, -10_000_001), ValueError),
    (LOC, ("x", 1, 0, 0, 0, 150), ValueError),
    (LOC, ("x", 1, 0, 0, 0, 10**10), ValueError),
    (LOC, ("x", 1, 0.5, 0, 0), TypeError),
    (EUI48, ("x", 1, bytes(8)), ValueError),
    (EUI48, ("x", 1, 5), TypeError),
    (NID, ("x", 1, 1, bytes(7)), ValueError),
    (NID, ("x", 1, 65536, bytes(8)), ValueError),
    (L32, ("x", 1, 1, "2001:db8::1"), ValueError),
    (APL, ("x", 1, "1:198.51.100.0/24"), TypeError),
    (APL, ("x", 1, [("1", "198.51.100.0", 24)]), TypeError),
    (APLItem, (1, "198.51.100.0", 33), ValueError),
    (APLItem, (2, "198.51.100.0", 8), ValueError),
    (APLItem, (7, b"\x01\x00", 8), ValueError),
    (APLItem, (7, "text", 8), TypeError),
    (APLItem, (1, "198.51.100.0", 8, 1), TypeError),
    (A6, ("x", 1, 129), ValueError),
    (A6, ("x", 1, 64, "::1"), ValueError),
    (A6, ("x", 1, 0, "::1", "p.example"), ValueError),
    (A6, ("x", 1, 8, "2001:db8::1", "p.example"), ValueError),
    (SRV, ("x", 1, -1, 0, 0, "t"), ValueError),
    (SRV, ("x", 1, 0, 0, 0, 5), TypeError),
    (NAPTR, ("x", 1, 0, 0, "", "", "!a!\\0!", "."), ValueError),
    (URI, ("x", 1, 0, 0, ""), ValueError),
    (CAA, ("x", 1, 0, "", "v"), ValueError),
    (CAA, ("x", 1, 0, "is sue", "v"), ValueError),
    (CAA, ("x", 1, 256, "issue", "v"), ValueError),
    (AMTRELAY, ("x", 1, 0, False, 0, "198.51.100.1"), ValueError),
    (AMTRELAY, ("x", 1, 0, False, 1, "2001:db8::1"), ValueError),
    (AMTRELAY, ("x", 1, 0, False, 3, None), TypeError),
    (AMTRELAY, ("x", 1, 0, False, 128, None), ValueError),
    (AMTRELAY, ("x", 1, 0, 2, 0, None), ValueError),
    (AMTRELAY, ("x", 1, 0, False, 9, "x"), TypeError),
]


@pytest.mark.parametrize("cls, args, error", BAD_ARGS)
def test_bad_constructor_arguments(
    cls: type[Any], args: tuple[Any, ...], error: type[Exception]
) -> None:
    with pytest.raises(error):
        cls(*args)


def test_text_accepts_what_bind_accepts() -> None:
    """Alternative spellings BIND reads, each equal to the canonical text."""
    same = [
        ("X25 311061700956", 'X25 "311061700956"'),
        ("GPOS -32.6882 116.8652 10.0", 'GPOS "-32.6882" "116.8652" "10.0"'),
        ("HINFO PDP-11/73 UNIX", 'HINFO "PDP-11/73" "UNIX"'),
        ("NSAP 0X4700.05", "NSAP 0x470005"),
        ("EUI48 00-00-5E-00-53-2A", "EUI48 00-00-5e-00-53-2a"),
        ("NID 10 0014:4FFF:FF20:EE64", "NID 10 14:4fff:ff20:ee64"),
        ("AMTRELAY 0 0 0", "AMTRELAY 0 0 0 ."),
        ("CAA 0 issue ca.example.net", 'CAA 0 issue "ca.example.net"'),
        ("WKS 198.51.100.1 TCP SMTP HTTP", "WKS 198.51.100.1 6 25 80"),
        ("APL 1:198.51.100.0/24 ( !2:2001:db8::/32 )", "APL 1:198.51.100.0/24 !2:2001:db8::/32"),
        ("A6 0 2001:DB8::1", "A6 0 2001:db8::1"),
        (
            "LOC 52 22 23 N 4 53 32 E -2m 0m",
            "LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
        ),
    ]
    for variant, canonical in same:
        a = rr_from_text(f"x. 1 IN {variant}")
        b = rr_from_text(f"x. 1 IN {canonical}")
        assert a == b, variant
        assert a.rdata_to_text() == canonical.split(" ", 1)[1]


def test_text_relative_names_use_the_origin() -> None:
    rec = rr_from_text("x 1 IN PX 10 net2 prmd", origin="it.")
    assert rec.rdata_to_text() == "10 net2.it. prmd.it."
    amt = rr_from_text("x 1 IN AMTRELAY 1 0 3 relay", origin="example.")
    assert isinstance(amt, AMTRELAY)
    assert amt.relay == b"relay.example"
    a6 = rr_from_text("x 1 IN A6 64 ::1 @", origin="example.")
    assert isinstance(a6, A6)
    assert a6.prefix_name == b"example"


def test_decoding_is_linear_in_the_rdata_size() -> None:
    """Big records of the loop-heavy types decode fast (no quadratic work)."""
    wks = b"\xc6\x33\x64\x01\x06" + b"\xff" * 8192
    apl = b"".join(
        b"\x00\x02\x80\x10" + ipaddress.IPv6Address("2001:db8::1").packed for _ in range(3000)
    )
    regexp = b"!" + b"(a)" * 80 + b"!\\9!"
    naptr = b"\x00\x01\x00\x02\x00\x00" + bytes([len(regexp)]) + regexp + b"\x00"
    start = time.perf_counter()
    for _ in range(20):
        assert len(cast(WKS, decode_rdata(11, wks)).ports) == 65536
        assert len(cast(APL, decode_rdata(42, apl)).items) == 3000
        assert cast(NAPTR, decode_rdata(35, naptr)).regexp == regexp
    assert time.perf_counter() - start < 5
