"""DNSSEC records: DS/CDS/DLV/TA, DNSKEY/CDNSKEY/KEY, RRSIG/SIG, NSEC, NSEC3, NSEC3PARAM, CSYNC
and the type bitmap they share.

The helpers at the top (round trips, the dnspython and dnslib cross-checks, a fuzz check and
the name strategy) are used by ``test_rdata_certs`` and ``test_rdata_svcb`` too.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from typing import Any

import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dnslib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import (
    BadRdata,
    DecodeError,
    Message,
    TextSyntaxError,
    name_to_text,
    name_to_wire,
    rr_from_text,
    rrtype_to_text,
)
from asyncdns_wire._writer import Writer
from asyncdns_wire.rr import (
    CDNSKEY,
    CDS,
    CSYNC,
    DLV,
    DNSKEY,
    DS,
    KEY,
    NSEC,
    NSEC3,
    NSEC3PARAM,
    RR,
    RRSIG,
    SIG,
    TA,
)
from asyncdns_wire.rr._bitmap import bitmap_from_wire, bitmap_to_wire, types_tuple
from asyncdns_wire.rr._dnssec import sigtime_from_text, sigtime_to_text

# -- shared helpers ------------------------------------------------------------------------------

_LABEL = st.one_of(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10),
    st.sampled_from(["a\\.b", "Mixed-Case", "x\\\\y"]),
)
#: Presentation-form owner and RDATA names, the root included.
names = st.lists(_LABEL, max_size=4).map(lambda labels: ".".join(labels).encode() or b".")
ttls = st.integers(0, 2**31 - 1)
u8 = st.integers(0, 0xFF)
u16 = st.integers(0, 0xFFFF)
u32 = st.integers(0, 0xFFFFFFFF)


def wire_roundtrip(rec: RR) -> RR:
    """Encode *rec* in a message and as bare RDATA; both must decode to an equal record."""
    for compress in (True, False):
        back = Message.from_wire(Message(id=7, answers=[rec, rec]).to_wire(compress=compress))
        assert back.answers == [rec, rec]
        assert type(back.answers[0]) is type(rec)
    data = rec.rdata_to_wire()
    again = RR.decode(rec.name, rec.rr_type, rec.rr_class, rec.ttl, data, 0, len(data))
    assert again == rec
    assert again.rdata() == rec.rdata()
    return again


#: A presentation-format word, quoted parts included (``key="a b"`` is one word).
_WORD = re.compile(r'(?:"(?:[^"\\]|\\.)*"|\\.|[^\s"\\])+')


def text_roundtrip(rec: RR) -> str:
    """``str(rec)`` parses back to an equal record, also spread over lines in parentheses."""
    text = str(rec)
    assert rr_from_text(text) == rec
    owner_ttl_class_type, _, rdata = text.rpartition("\t")
    lines = "\n".join(_WORD.findall(rdata))
    assert rr_from_text(f"{owner_ttl_class_type} ( {lines} )") == rec
    return rec.rdata_to_text()


def rdata_type(rec: RR) -> str:
    return str(rec).split("\t")[3]


def dnspython_agrees(rec: RR, *, parse_ours: bool = True) -> dns.rdata.Rdata:
    """dnspython decodes our wire data, its text parses back to our record with our parser, and
    (unless *parse_ours* is false) it parses our text into the same wire data."""
    wire = rec.rdata_to_wire()
    theirs = dns.rdata.from_wire(dns.rdataclass.IN, rec.rr_type, wire, 0, len(wire))
    line = f"{name_to_text(rec.name)} {rec.ttl} IN {rdata_type(rec)} {theirs.to_text()}"
    assert rr_from_text(line) == rec, line
    if parse_ours:
        parsed = dns.rdata.from_text(dns.rdataclass.IN, rec.rr_type, rec.rdata_to_text())
        assert parsed.to_wire() == wire
    return theirs


def dnslib_agrees(rec: RR) -> None:
    """dnslib decodes our message and packs it back to the same RDATA."""
    wire = Message(id=1, answers=[rec]).to_wire(compress=False)
    parsed = dnslib.DNSRecord.parse(wire)
    again = dnslib.DNSRecord.parse(parsed.pack())
    assert Message.from_wire(again.pack()).answers == [rec]


def message_with_rdata(rr_type: int, rdata: bytes) -> bytes:
    """A response for ``example.`` with one answer of *rr_type* whose RDATA is *rdata* (a
    compression pointer 0xC00C in it points at ``example.``)."""
    header = struct.pack(">HHHHHH", 1, 0x8000, 1, 1, 0, 0)
    question = b"\x07example\x00" + struct.pack(">HH", rr_type, 1)
    answer = b"\xc0\x0c" + struct.pack(">HHIH", rr_type, 1, 300, len(rdata)) + rdata
    return header + question + answer


def decode_rdata(rr_type: int, rdata: bytes) -> RR:
    """Decode *rdata* of *rr_type* inside a message (so names may point at ``example.``)."""
    return Message.from_wire(message_with_rdata(rr_type, rdata)).answers[0]


def only_decode_errors(rr_type: int, rdata: bytes) -> None:
    """Decoding arbitrary RDATA either works (and re-encodes) or raises DecodeError."""
    try:
        rec = decode_rdata(rr_type, rdata)
    except DecodeError:
        return
    wire_roundtrip(rec)
    assert rr_from_text(str(rec)) == rec


# -- the type bitmap -----------------------------------------------------------------------------

# Type 0 is left out: dnspython refuses "TYPE0" in a bitmap (test_bitmap_type_0 covers it).
_types = st.sets(
    st.one_of(
        st.sampled_from([1, 2, 5, 6, 15, 16, 28, 43, 46, 47, 48, 50, 65, 255, 256]),
        st.integers(1, 0xFFFF),
    ),
    max_size=12,
)
#: The same without the few mnemonics dnspython does not know (UINFO, UID, GID...).
_shared_types = _types.map(
    lambda types: {t for t in types if rrtype_to_text(t) == dns.rdatatype.to_text(t)}
)


def _bitmap(types: tuple[int, ...]) -> bytes:
    w = Writer(compress=False)
    bitmap_to_wire(w, types)
    return bytes(w.buf)


@given(_types)
def test_bitmap_round_trip(types: set[int]) -> None:
    sorted_types = types_tuple(types)
    data = _bitmap(sorted_types)
    assert bitmap_from_wire(data, 0, len(data)) == sorted_types


def test_bitmap_type_0() -> None:
    rec = NSEC("x", 1, "y", [0, 65535])
    assert rec.rdata_to_text() == "y. TYPE0 TYPE65535"
    wire_roundtrip(rec)
    text_roundtrip(rec)


def test_bitmap_golden_rfc4034_section_4_3() -> None:
    # A MX RRSIG NSEC TYPE1234, as RFC 4034 section 4.3 lays it out.
    data = bytes.fromhex("0006400100000003" + "041b" + "00" * 26 + "20")
    assert _bitmap((1, 15, 46, 47, 1234)) == data
    assert bitmap_from_wire(data, 0, len(data)) == (1, 15, 46, 47, 1234)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ("010100", "zero octet"),  # window 1 ending in a zero octet
        ("00", "header"),  # truncated window header
        ("0000", "length"),  # zero-length window
        ("0021" + "01" * 33, "length"),  # 33 octets
        ("000240", "past"),  # window runs past the end
        ("010140000140", "order"),  # window 1, then window 0
        ("000140000140", "order"),  # window 0 twice
    ],
)
def test_bitmap_rejects_malformed_windows(data: str, why: str) -> None:
    raw = bytes.fromhex(data)
    with pytest.raises(ValueError, match=why):
        bitmap_from_wire(raw, 0, len(raw))


def test_types_tuple_accepts_mnemonics_and_sorts() -> None:
    assert types_tuple(["NSEC", 1, "TYPE1234", "rrsig", 1]) == (1, 46, 47, 1234)
    with pytest.raises(TypeError):
        types_tuple("A MX")
    with pytest.raises(ValueError):
        types_tuple([65536])


# -- DS family -----------------------------------------------------------------------------------

_DS_LENGTHS = {1: 20, 2: 32, 3: 32, 4: 48}


@st.composite
def _ds_fields(draw: st.DrawFn, *, for_dnspython: bool = False) -> tuple[Any, ...]:
    digest_type = draw(
        st.sampled_from([1, 2, 4, 3, 5, 200] if for_dnspython else [0, 1, 2, 3, 4, 5, 255])
    )
    size = _DS_LENGTHS.get(digest_type)
    digest = draw(st.binary(min_size=size or 1, max_size=size or 80))
    return (draw(u16), draw(u8), digest_type, digest)


@given(st.sampled_from([DS, CDS, DLV, TA]), names, ttls, _ds_fields())
def test_ds_family_round_trips(
    cls: type[DS], name: bytes, ttl: int, fields: tuple[Any, ...]
) -> None:
    rec = cls(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)


@given(st.sampled_from([DS, CDS, DLV]), names, _ds_fields(for_dnspython=True))
def test_ds_family_matches_dnspython(cls: type[DS], name: bytes, fields: tuple[Any, ...]) -> None:
    dnspython_agrees(cls(name, 300, *fields))


@given(names, _ds_fields(for_dnspython=True))
def test_ds_matches_dnslib(name: bytes, fields: tuple[Any, ...]) -> None:
    dnslib_agrees(DS(name, 300, *fields))


def test_ds_text_is_dig_style_and_reads_split_digests() -> None:
    digest = "8ACBB0CD28F41250A80A491389424D341522D946B0DA0C0291F2D3D771D7805A"
    rec = DS("com", 86400, 19718, 13, 2, bytes.fromhex(digest))
    # dig 9.18 prints exactly this: upper-case hex cut into 56-character chunks.
    assert rec.rdata_to_text() == f"19718 13 2 {digest[:56]} {digest[56:]}"
    assert rr_from_text(f"com. 86400 IN DS 19718 13 2 {digest.lower()}") == rec
    assert (
        rr_from_text(f"com. 86400 IN DS 19718 ECDSAP256SHA256 2 ( {digest[:10]}\n {digest[10:]} )")
        == rec
    )
    assert str(CDS("x", 1, 0, 0, 0, b"\x00")).endswith("CDS\t0 0 0 00")


def test_ds_digest_length_must_match_the_digest_type() -> None:
    with pytest.raises(ValueError, match="20 octets"):
        DS("x", 1, 1, 8, 1, b"\x01" * 19)
    with pytest.raises(ValueError, match="empty"):
        DS("x", 1, 1, 8, 9, b"")
    with pytest.raises(BadRdata):
        decode_rdata(43, bytes.fromhex("30390802aabbcc"))  # SHA-256 digest of 3 octets
    with pytest.raises(BadRdata):
        decode_rdata(43, bytes.fromhex("303908ff"))  # no digest at all
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN DS 1 8 2 ABCD")


# -- DNSKEY family and the key tag ---------------------------------------------------------------

RFC4034_DSKEY = (
    "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMm"
    "mAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw=="
)
RFC4034_EXAMPLE_KEY = (
    "AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTk"
    "F7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w=="
)


def test_rfc4034_section_5_4_key_tag_and_ds_digest() -> None:
    key = rr_from_text(f"dskey.example.com. 86400 IN DNSKEY 256 3 5 ( {RFC4034_DSKEY} )")
    assert isinstance(key, DNSKEY)
    assert key.key_tag == 60485
    assert key.is_zone_key and not key.is_sep
    ds = rr_from_text(
        "dskey.example.com. 86400 IN DS 60485 5 1 ( 2BB183AF5F22588179A53B0A\n 98631FAD1A292118 )"
    )
    assert isinstance(ds, DS)
    digest = hashlib.sha1(name_to_wire(key.name) + key.rdata_to_wire()).digest()
    assert ds.digest == digest
    assert (ds.key_tag, ds.algorithm, ds.digest_type) == (key.key_tag, key.algorithm, 1)


def test_rfc4034_section_3_3_rrsig_names_the_example_key() -> None:
    key = rr_from_text(f"example.com. 86400 IN DNSKEY 256 3 5 {RFC4034_EXAMPLE_KEY}")
    sig = rr_from_text(
        "host.example.com. 86400 IN RRSIG A 5 3 86400 20030322173103 ( 20030220173103 2642"
        " example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o"
        " B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG"
        " J5D6fwFm8nN+6pBzeDQfsS3Ap3o= )"
    )
    assert isinstance(key, DNSKEY) and isinstance(sig, RRSIG)
    assert key.key_tag == sig.key_tag == 2642
    assert sig.signer == b"example.com"
    assert (sig.type_covered, sig.algorithm, sig.labels, sig.original_ttl) == (1, 5, 3, 86400)
    assert sig.expiration == 1048354263 and sig.inception == 1045762263
    assert sig.rdata_to_text().startswith(
        "A 5 3 86400 20030322173103 20030220173103 2642 example.com. "
    )


def test_key_tag_of_algorithm_1_uses_the_modulus_bits() -> None:
    key = DNSKEY("x", 1, 256, 3, 1, bytes.fromhex("0301000102030405abcdef00"))
    assert key.key_tag == 0xCDEF


@st.composite
def _key_fields(draw: st.DrawFn, *, nokey: bool = False) -> tuple[Any, ...]:
    flags = draw(u16)
    if nokey and flags & 0xC000 == 0xC000:
        return (flags, draw(u8), draw(u8), b"")
    return (flags, draw(u8), draw(u8), draw(st.binary(min_size=1, max_size=300)))


@given(st.sampled_from([DNSKEY, CDNSKEY]), names, ttls, _key_fields())
def test_dnskey_family_round_trips(
    cls: type[DNSKEY], name: bytes, ttl: int, fields: tuple[Any, ...]
) -> None:
    rec = cls(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


@given(names, ttls, _key_fields(nokey=True))
def test_key_round_trips(name: bytes, ttl: int, fields: tuple[Any, ...]) -> None:
    rec = KEY(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    if rec.key:
        dnspython_agrees(rec)


@given(names, _key_fields())
def test_dnskey_matches_dnslib(name: bytes, fields: tuple[Any, ...]) -> None:
    dnslib_agrees(DNSKEY(name, 300, *fields))


@given(names, _key_fields())
def test_key_tag_matches_dnspython(name: bytes, fields: tuple[Any, ...]) -> None:
    import dns.dnssec

    rec = DNSKEY(name, 300, *fields)
    theirs: Any = dnspython_agrees(rec)
    assert rec.key_tag == dns.dnssec.key_id(theirs)


def test_dnskey_text_matches_dig() -> None:
    key = base64.b64decode(RFC4034_DSKEY)
    text = DNSKEY(".", 1, 257, 3, 8, key).rdata_to_text()
    b64 = RFC4034_DSKEY
    assert text == "257 3 8 " + " ".join(b64[i : i + 56] for i in range(0, len(b64), 56))
    assert KEY("x", 1, 0xC000, 3, 5, b"").rdata_to_text() == "49152 3 5"  # dig: no key at all


def test_key_material_rules() -> None:
    with pytest.raises(ValueError, match="empty"):
        DNSKEY("x", 1, 256, 3, 8, b"")
    with pytest.raises(ValueError, match="NOKEY"):
        KEY("x", 1, 0xC000, 3, 5, b"\x01")
    with pytest.raises(BadRdata):
        decode_rdata(48, bytes.fromhex("01000308"))  # DNSKEY without a key
    with pytest.raises(BadRdata):
        decode_rdata(25, bytes.fromhex("c0000305aa"))  # NOKEY with a key
    assert decode_rdata(25, bytes.fromhex("c0000305")) == KEY("example", 300, 0xC000, 3, 5, b"")
    with pytest.raises(BadRdata):
        decode_rdata(48, bytes.fromhex("0100"))
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN DNSKEY 256 3 8")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN DNSKEY 256 3 8 AQ=")  # bad padding


# -- RRSIG and SIG -------------------------------------------------------------------------------

_NOW = 1_750_000_000


def test_sigtime_text_follows_bind_serial_arithmetic() -> None:
    assert sigtime_to_text(1048354263, now=_NOW) == "20030322173103"
    assert sigtime_to_text(0, now=_NOW) == "19700101000000"
    # More than 2**31 seconds ahead of now: BIND (and dig) show the date 2**32 seconds earlier.
    assert sigtime_to_text(0xFFFFFFFF, now=_NOW) == "19691231235959"
    assert sigtime_to_text(0xFFFFFFFF, now=0xFFFFFFF0) == "21060207062815"
    assert sigtime_from_text("19691231235959") == 0xFFFFFFFF
    assert sigtime_from_text("21060207062815") == 0xFFFFFFFF
    assert sigtime_from_text("20030322173103") == 1048354263
    assert sigtime_from_text("1048354263") == 1048354263
    for bad in (
        "20031322173103",
        "20030230000000",
        "2003032217310",
        "4294967296",
        "-1",
        "2003-03-22",
    ):
        with pytest.raises(TextSyntaxError):
            sigtime_from_text(bad)


@given(u32, st.integers(0, 2**32 - 1))
def test_sigtime_text_round_trips_for_any_now(value: int, now: int) -> None:
    assert sigtime_from_text(sigtime_to_text(value, now=now)) == value


@st.composite
def _sig_fields(draw: st.DrawFn, *, max_time: int = 0xFFFFFFFF) -> tuple[Any, ...]:
    """RRSIG fields; with *max_time* below 2**32 (for dnspython) only types it can name too."""
    times = st.integers(0, max_time)

    def shared(t: int) -> bool:
        return max_time == 0xFFFFFFFF or rrtype_to_text(t) == dns.rdatatype.to_text(t)

    return (
        draw(st.one_of(st.sampled_from([1, 2, 6, 28, 48, 1234, 65535]), u16).filter(shared)),
        draw(u8),
        draw(u8),
        draw(u32),
        draw(times),
        draw(times),
        draw(u16),
        draw(names),
        draw(st.binary(min_size=1, max_size=200)),
    )


@given(st.sampled_from([RRSIG, SIG]), names, ttls, _sig_fields())
def test_signatures_round_trip(
    cls: type[RRSIG], name: bytes, ttl: int, fields: tuple[Any, ...]
) -> None:
    rec = cls(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)


@given(st.sampled_from([RRSIG, SIG]), names, _sig_fields(max_time=3_500_000_000))
def test_signatures_match_dnspython(cls: type[RRSIG], name: bytes, fields: tuple[Any, ...]) -> None:
    dnspython_agrees(cls(name, 300, *fields))


@given(names, _sig_fields(max_time=3_500_000_000))
def test_rrsig_matches_dnslib(name: bytes, fields: tuple[Any, ...]) -> None:
    dnslib_agrees(RRSIG(name, 300, *fields))


def test_rrsig_text_accepts_integer_times_and_mnemonics() -> None:
    a = rr_from_text("x. 1 IN RRSIG TYPE1234 RSASHA256 2 1h 1700000000 1690000000 7 . AA==")
    assert isinstance(a, RRSIG)
    assert (a.type_covered, a.algorithm, a.original_ttl) == (1234, 8, 3600)
    assert a.rdata_to_text().startswith("TYPE1234 8 2 3600 20231114221320 20230722042640 7 . AA==")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN RRSIG BOGUS 8 2 1 1 1 7 . AA==")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN RRSIG A 8 2 1 1 1 7 .")  # no signature


def test_rrsig_signer_must_not_be_compressed_but_sig_may() -> None:
    head = bytes.fromhex("0001080200000e10") + struct.pack(">IIH", 2, 1, 7)
    with pytest.raises(BadRdata, match="compress"):
        decode_rdata(46, head + b"\xc0\x0c" + b"\xaa")
    sig = decode_rdata(24, head + b"\xc0\x0c" + b"\xaa")
    assert isinstance(sig, SIG) and sig.signer == b"example"
    # Encoding never compresses it, even in a message with the same name before it.
    rec = RRSIG("example", 1, 1, 8, 2, 3600, 2, 1, 7, "example", b"\xaa")
    assert Message(answers=[rec]).to_wire().endswith(b"\x07example\x00\xaa")


@pytest.mark.parametrize(
    "rdata",
    [
        "000108020000012c6592008065692200303900",  # empty signature
        "000108020000012c65920080656922003039",  # no signer
        "000108020000012c6592",  # short head
        "000108020000012c65920080656922003039" + "05616263",  # signer runs past the RDATA
    ],
)
def test_rrsig_rejects_malformed_rdata(rdata: str) -> None:
    with pytest.raises(DecodeError):
        decode_rdata(46, bytes.fromhex(rdata))


# -- NSEC ----------------------------------------------------------------------------------------


def test_nsec_golden_rfc4034_section_4_3() -> None:
    wire = b"\x04host\x07example\x03com\x00" + bytes.fromhex(
        "0006400100000003041b" + "00" * 26 + "20"
    )
    rec = rr_from_text(
        "alfa.example.com. 86400 IN NSEC host.example.com. ( A MX RRSIG NSEC TYPE1234 )"
    )
    assert rec.rdata_to_wire() == wire
    assert decode_rdata(47, wire) == NSEC("example", 300, "host.example.com", [1, 15, 46, 47, 1234])
    assert rec.rdata_to_text() == "host.example.com. A MX RRSIG NSEC TYPE1234"


@given(names, ttls, names, _shared_types)
def test_nsec_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, nxt: bytes, types: set[int]
) -> None:
    rec = NSEC(name, ttl, nxt, types)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)
    if types and all(_dnslib_names_right(t) for t in types):
        dnslib_agrees(rec)


def _dnslib_names_right(rr_type: int) -> bool:
    """dnslib re-packs NSEC bitmaps through its type names, and misnames a few (53 as HIP)."""
    return bool(
        dnslib.QTYPE.forward.get(rr_type, rrtype_to_text(rr_type)) == rrtype_to_text(rr_type)
    )


def test_dnslib_misnames_type_53_so_it_is_left_out_of_its_cross_check() -> None:
    assert not _dnslib_names_right(53)
    assert _dnslib_names_right(1)


def test_nsec_next_name_must_not_be_compressed() -> None:
    with pytest.raises(BadRdata, match="compress"):
        decode_rdata(47, b"\xc0\x0c\x00\x01\x40")


# -- NSEC3 and NSEC3PARAM ------------------------------------------------------------------------


def _nsec3_hash(name: bytes, salt: bytes, iterations: int) -> bytes:
    digest = hashlib.sha1(name_to_wire(name) + salt).digest()
    for _ in range(iterations):
        digest = hashlib.sha1(digest + salt).digest()
    return digest


def test_nsec3_golden_rfc5155_appendix_a() -> None:
    rec = rr_from_text(
        "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 1 12 aabbccdd ("
        " 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )"
    )
    assert isinstance(rec, NSEC3)
    assert rec.opt_out and rec.iterations == 12 and rec.salt == bytes.fromhex("aabbccdd")
    assert rec.types == (2, 6, 15, 46, 48, 51)
    # The owner's first label is the hash of "example" (RFC 5155 Appendix A).
    owner = rr_from_text(f"x. 1 IN NSEC3 1 0 0 - {rec.name.split(b'.')[0].decode()}")
    assert isinstance(owner, NSEC3)
    assert owner.next_hashed == _nsec3_hash(b"example", rec.salt, 12)
    # dig prints base32hex upper-case and the salt in upper-case hex.
    assert rec.rdata_to_text() == (
        "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM"
    )
    param = rr_from_text("example. 3600 IN NSEC3PARAM 1 0 12 aabbccdd")
    assert param.rdata_to_wire() == bytes.fromhex("0100000c04aabbccdd")
    assert param.rdata_to_text() == "1 0 12 AABBCCDD"
    assert NSEC3PARAM("x", 1, 1, 0, 0, b"").rdata_to_text() == "1 0 0 -"


_nsec3_head = st.tuples(u8, u8, u16, st.binary(max_size=40))


@given(names, ttls, _nsec3_head, st.binary(min_size=1, max_size=64), _shared_types)
def test_nsec3_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, head: tuple[int, int, int, bytes], nxt: bytes, types: set[int]
) -> None:
    hash_algorithm, flags, iterations, salt = head
    rec = NSEC3(name, ttl, hash_algorithm, flags, iterations, salt, nxt, types)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


@given(names, ttls, _nsec3_head)
def test_nsec3param_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, head: tuple[Any, ...]
) -> None:
    rec = NSEC3PARAM(name, ttl, *head)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


@pytest.mark.parametrize(
    "rdata",
    [
        "0100000000",  # NSEC3 without hash length
        "010000000000",  # empty next hashed owner name
        "0100000005aabb",  # salt runs past the RDATA
        "01000000000201",  # hash runs past the RDATA
        "01000000000101" + "0000",  # bad bitmap
    ],
)
def test_nsec3_rejects_malformed_rdata(rdata: str) -> None:
    with pytest.raises(BadRdata):
        decode_rdata(50, bytes.fromhex(rdata))


def test_nsec3_text_rejects_bad_base32_and_salt() -> None:
    for bad in (
        "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJ!",
        "1 0 0 - 2T7",
        "1 0 0 XYZ 2T7B4G4V",
        "1 0 0 -",
    ):
        with pytest.raises(TextSyntaxError):
            rr_from_text(f"x. 1 IN NSEC3 {bad}")


# -- CSYNC ---------------------------------------------------------------------------------------


def test_csync_golden_rfc7477() -> None:
    rec = rr_from_text("example.com. 3600 IN CSYNC 66 3 A NS AAAA")
    assert rec.rdata_to_wire() == bytes.fromhex("000000420003000460000008")
    assert rec.rdata_to_text() == "66 3 A NS AAAA"
    assert CSYNC("x", 1, 66, 3).rdata_to_text() == "66 3"


@given(names, ttls, u32, u16, _shared_types)
def test_csync_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, serial: int, flags: int, types: set[int]
) -> None:
    rec = CSYNC(name, ttl, serial, flags, types)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


# -- decoding arbitrary bytes --------------------------------------------------------------------

_DNSSEC_TYPES = [43, 59, 32768, 32769, 48, 60, 25, 46, 24, 47, 50, 51, 62]


@settings(max_examples=400)
@given(st.sampled_from(_DNSSEC_TYPES), st.binary(max_size=80))
def test_arbitrary_rdata_decodes_or_raises_decode_error(rr_type: int, rdata: bytes) -> None:
    only_decode_errors(rr_type, rdata)
