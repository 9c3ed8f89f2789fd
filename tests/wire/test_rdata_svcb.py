"""SVCB and HTTPS (RFC 9460): the Appendix D test vectors, dig's text, typed parameters, the
strict rules, round trips and cross-checks against dnspython."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import BadRdata, TextSyntaxError, rr_from_text
from asyncdns_wire.rr import HTTPS, SVCB, SvcParamKey

from .test_rdata_dnssec import (
    decode_rdata,
    dnslib_agrees,
    dnspython_agrees,
    names,
    only_decode_errors,
    text_roundtrip,
    ttls,
    u16,
    wire_roundtrip,
)

FOO_COM = "03666f6f076578616d706c6503636f6d00"
FOO_ORG = "03666f6f076578616d706c65036f726700"

# (presentation RDATA as RFC 9460 Appendix D writes it, RDATA in hex, RDATA as dig prints it).
# Figure 9 has 198.51.100.1 where the RFC has an address from the 192.0.2.0/24 block, and
# figure 8 spells its address the way inet_ntop does.
VECTORS = [
    pytest.param("HTTPS", "0 foo.example.com.", "0000" + FOO_COM, "0 foo.example.com.", id="D.1"),
    pytest.param("SVCB", "1 .", "000100", "1 .", id="D.2-figure-3"),
    pytest.param(
        "SVCB",
        "16 foo.example.com. port=53",
        "0010" + FOO_COM + "000300020035",
        "16 foo.example.com. port=53",
        id="D.2-figure-4",
    ),
    pytest.param(
        "SVCB",
        "1 foo.example.com. key667=hello",
        "0001" + FOO_COM + "029b000568656c6c6f",
        '1 foo.example.com. key667="hello"',
        id="D.2-figure-5",
    ),
    pytest.param(
        "SVCB",
        '1 foo.example.com. key667="hello\\210qoo"',
        "0001" + FOO_COM + "029b000968656c6c6fd2716f6f",
        '1 foo.example.com. key667="hello\\210qoo"',
        id="D.2-figure-6",
    ),
    pytest.param(
        "SVCB",
        '1 foo.example.com. ( ipv6hint="2001:db8::1,2001:db8::53:1" )',
        "0001"
        + FOO_COM
        + "00060020"
        + "20010db8000000000000000000000001"
        + "20010db8000000000000000000530001",
        "1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1",
        id="D.2-figure-7",
    ),
    pytest.param(
        "SVCB",
        '1 example.com. ( ipv6hint="2001:db8:122:344::c000:221" )',
        "0001076578616d706c6503636f6d00" + "00060010" + "20010db80122034400000000c0000221",
        "1 example.com. ipv6hint=2001:db8:122:344::c000:221",
        id="D.2-figure-8",
    ),
    pytest.param(
        "SVCB",
        "16 foo.example.org. ( alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=198.51.100.1 )",
        "0010"
        + FOO_ORG
        + "0000000400010004"
        + "00010009"
        + "026832"
        + "0568332d3139"
        + "00040004"
        + "c6336401",
        '16 foo.example.org. mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=198.51.100.1',
        id="D.2-figure-9",
    ),
    pytest.param(
        "SVCB",
        '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
        "0010" + FOO_ORG + "0001000c" + "08665c6f6f2c626172" + "026832",
        '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
        id="D.2-figure-10a",
    ),
    pytest.param(
        "SVCB",
        "16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2",
        "0010" + FOO_ORG + "0001000c" + "08665c6f6f2c626172" + "026832",
        '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
        id="D.2-figure-10b",
    ),
]


@pytest.mark.parametrize(("rtype", "text", "wire", "dig"), VECTORS)
def test_rfc9460_appendix_d_vectors(rtype: str, text: str, wire: str, dig: str) -> None:
    rec = rr_from_text(f"example.com. 300 IN {rtype} {text}")
    assert rec.rdata_to_wire().hex() == wire
    decoded = decode_rdata(rec.rr_type, bytes.fromhex(wire))
    assert decoded.rdata_to_text() == dig
    assert decoded.rdata() == rec.rdata()
    text_roundtrip(rec)
    wire_roundtrip(rec)


def test_figure_9_typed_values() -> None:
    rec = rr_from_text(
        "example.com. 300 IN SVCB 16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn "
        "ipv4hint=198.51.100.1"
    )
    assert isinstance(rec, SVCB)
    assert list(rec.params) == [SvcParamKey.MANDATORY, SvcParamKey.ALPN, SvcParamKey.IPV4HINT]
    assert rec.params[0] == (1, 4)
    assert rec.alpn == (b"h2", b"h3-19")
    assert rec.ipv4hint == (ipaddress.IPv4Address("198.51.100.1"),)
    assert rec.port is None and rec.ech is None and rec.ipv6hint == () and rec.dohpath is None
    assert not rec.no_default_alpn and not rec.is_alias and rec.target == b"foo.example.org"


@pytest.mark.parametrize(
    "params",
    [
        "( key123=abc key123=def )",  # a key twice
        "mandatory",  # values that must not be empty
        "alpn",
        "port",
        "ipv4hint",
        "ipv6hint",
        "no-default-alpn=abc",  # a value where there must be none
        "mandatory=key123",  # a mandatory key that is missing
        "mandatory=mandatory",  # mandatory listing itself
        "( mandatory=key123,key123 key123=abc )",  # a key twice in mandatory
    ],
)
def test_rfc9460_appendix_d3_failure_cases(params: str) -> None:
    with pytest.raises(TextSyntaxError):
        rr_from_text(f"example.com. 300 IN SVCB 1 foo.example.com. {params}")


@pytest.mark.parametrize(
    "params",
    [
        "no-default-alpn",  # no-default-alpn without alpn (RFC 9460 section 7.1.1)
        "alpn=h2,,h3",  # an empty protocol id
        'alpn="h2\\\\"',  # a dangling value-list escape
        "port=65536",
        "port=http",
        "ipv4hint=2001:db8::1",
        "ipv6hint=198.51.100.1",
        "ech=!!!",
        "dohpath=dns-query{?dns}",  # not a relative path
        "dohpath=/dns-query",  # no dns variable
        "ohttp=1",
        "Alpn=h2",  # keys are lower case
        "key65536=x",
        "bogus=1",
        '"h2"',  # a value without a key
        "key1=\\000",  # alpn in generic form: a protocol id cut short
        "( dohpath=/q{?dns} key7=/q{?dns} )",  # the same key by name and by number
    ],
)
def test_text_rejects_invalid_params(params: str) -> None:
    with pytest.raises(TextSyntaxError):
        rr_from_text(f"x. 300 IN HTTPS 1 . {params}")


def test_text_forms_dig_prints() -> None:
    rec = rr_from_text(
        "x. 300 IN SVCB 1 . ( ech=AEj+DQBEAQAgACBW ipv6hint=::ffff:198.51.100.1 alpn=h2,h3 "
        'port=8443 mandatory=port,alpn key65333="ex1\\000 \\"" no-default-alpn ohttp '
        "dohpath=/dns-query{?dns} key9 )"
    )
    # The order, quoting and escapes dig 9.18 prints (it writes dohpath and ohttp as key7
    # and key8; this codec uses their names, as newer BIND does).
    assert rec.rdata_to_text() == (
        '1 . mandatory=alpn,port alpn="h2,h3" no-default-alpn port=8443 ech=AEj+DQBEAQAgACBW '
        'ipv6hint=::ffff:198.51.100.1 dohpath="/dns-query{?dns}" ohttp key9 key65333="ex1\\000 \\""'
    )
    text_roundtrip(rec)
    # Known keys in generic form mean the same thing; an empty ech prints bare, like dig.
    same = rr_from_text('x. 300 IN SVCB 1 . key3="\\031\\251" key7="/q{?dns}" key5 key8')
    assert isinstance(same, SVCB)
    assert same.port == 8187 and same.dohpath == "/q{?dns}" and same.ech == b""
    assert same.rdata_to_text() == '1 . port=8187 ech dohpath="/q{?dns}" ohttp'
    # alpn escapes: value-list commas and backslashes doubled, other octets as \DDD.
    odd = SVCB("x", 1, 1, ".", {"alpn": [b"a,b\\c", b"\xff\x01"]})
    assert odd.rdata_to_text() == '1 . alpn="a\\\\,b\\\\\\\\c,\\255\\001"'
    text_roundtrip(odd)
    utf8 = SVCB("x", 1, 1, ".", {"dohpath": "/q\u00e9{?dns}"})
    assert utf8.rdata_to_text() == '1 . dohpath="/q\\195\\169{?dns}"'
    text_roundtrip(utf8)


def test_constructor_coerces_and_validates() -> None:
    rec = HTTPS(
        "example.com",
        300,
        1,
        "svc.example.net",
        [
            ("ipv6hint", ["2001:db8::1"]),
            (SvcParamKey.ALPN, ["h3", b"h2"]),
            (3, 8443),
            ("key65000", b"\x01"),
            ("mandatory", ["port", SvcParamKey.ALPN]),
        ],
    )
    assert list(rec.params) == [0, 1, 3, 6, 65000]
    assert rec.params[0] == (1, 3)
    assert rec.alpn == (b"h3", b"h2") and rec.port == 8443
    assert rec.ipv6hint == (ipaddress.IPv6Address("2001:db8::1"),)
    with pytest.raises(TypeError):
        rec.params[3] = 1  # type: ignore[index]
    wire_roundtrip(rec)
    text_roundtrip(rec)
    assert HTTPS("x", 1, 0, "x.example").is_alias
    for bad, exc in [
        ({"alpn": "h2"}, TypeError),
        ({"alpn": []}, ValueError),
        ({"alpn": [b""]}, ValueError),
        ({"port": 65536}, ValueError),
        ({"port": 1, 3: 2}, ValueError),
        ({"no-default-alpn": None}, ValueError),
        ({"mandatory": ["port"]}, ValueError),
        ({"mandatory": [0], 0: [1]}, ValueError),
        ({"ohttp": b"x"}, ValueError),
        ({"dohpath": "/x"}, ValueError),
        ({"ech": "AAA="}, TypeError),
        ({"nonsense": b""}, ValueError),
        ({1.5: b""}, TypeError),
        ({"ipv4hint": ["2001:db8::1"]}, ValueError),
    ]:
        with pytest.raises(exc):
            SVCB("x", 1, 1, ".", bad)  # type: ignore[arg-type]


def _param(key: int, value: str) -> str:
    return f"{key:04x}{len(value) // 2:04x}{value}"


@pytest.mark.parametrize(
    ("rdata", "why"),
    [
        ("0001", "shorter"),
        ("000100" + _param(3, "0001") + _param(1, "026832"), "increasing"),  # out of order
        ("000100" + _param(3, "0001") + _param(3, "0002"), "increasing"),  # a key twice
        ("000100" + _param(0, "0003"), "missing"),  # mandatory names an absent key
        ("000100" + _param(0, "0000"), "itself"),  # mandatory lists itself
        ("000100" + _param(0, "00030001") + _param(1, "026832") + _param(3, "0001"), "increasing"),
        ("000100" + _param(0, ""), "mandatory"),
        ("000100" + _param(2, ""), "needs alpn"),
        ("000100" + _param(1, ""), "alpn"),
        ("000100" + _param(1, "02683200"), "alpn"),  # an empty protocol id
        ("000100" + _param(1, "0368"), "runs past"),
        ("000100" + _param(3, "01"), "2 octets"),
        ("000100" + _param(4, "c63364"), "4-octet"),
        ("000100" + _param(6, "20010db8"), "16-octet"),
        ("000100" + _param(7, "2f717b3f646e737d")[:-2], "runs past"),
        ("000100" + _param(7, "2f71"), "dns"),
        ("000100" + _param(7, "2fff7b3f646e737d"), "utf-8"),
        ("000100" + _param(8, "00"), "no value"),
        ("000100" + "0003", "header"),
        ("0001c00c", "compress"),  # the target must not be compressed
    ],
)
def test_wire_decoding_is_strict(rdata: str, why: str) -> None:
    with pytest.raises(BadRdata, match=f"(?i){why}"):
        decode_rdata(64, bytes.fromhex(rdata))


def test_alias_mode_keeps_parameters() -> None:
    # RFC 9460 section 2.4.2: receivers ignore SvcParams in AliasMode; BIND keeps them, so do we.
    rec = decode_rdata(65, bytes.fromhex("000000" + _param(3, "0001")))
    assert isinstance(rec, HTTPS) and rec.is_alias and rec.port == 1
    assert rec.rdata_to_text() == "0 . port=1"


# -- generated records ---------------------------------------------------------------------------

_alpn_ids = st.lists(st.binary(min_size=1, max_size=12), min_size=1, max_size=3)
_v4 = st.integers(0, 255).map(lambda n: ipaddress.IPv4Address(f"203.0.113.{n}"))
_v6 = st.integers(0, 2**96 - 1).map(lambda n: ipaddress.IPv6Address((0x20010DB8 << 96) | n))


@st.composite
def svc_params(draw: st.DrawFn, *, for_dnspython: bool = False) -> dict[int, Any]:
    """A valid set of SvcParams (dnspython refuses an ECHConfigList without its length prefix,
    reads key 10 as docpath and reserves key 65535, so those are left out for it)."""
    params: dict[int, Any] = {}
    if draw(st.booleans()):
        params[1] = draw(_alpn_ids)
        if draw(st.booleans()):
            params[2] = None
    if draw(st.booleans()):
        params[3] = draw(u16)
    if draw(st.booleans()):
        params[4] = draw(st.lists(_v4, min_size=1, max_size=3))
    if draw(st.booleans()):
        body = draw(st.binary(min_size=4, max_size=40))
        params[5] = (
            len(body).to_bytes(2, "big") + body if for_dnspython else draw(st.binary(max_size=40))
        )
    if draw(st.booleans()):
        params[6] = draw(st.lists(_v6, min_size=1, max_size=3))
    if draw(st.booleans()):
        params[7] = draw(
            st.sampled_from(["/dns-query{?dns}", "/q{&dns}", "/\u00e9/{?x,dns}", "/{dns}"])
        )
    if draw(st.booleans()):
        params[8] = None
    unknown = st.integers(11, 65534) if for_dnspython else st.integers(9, 65535)
    for key in draw(st.sets(unknown, max_size=2)):
        params[key] = draw(st.binary(max_size=20))
    with_mandatory = draw(st.booleans())
    if params and with_mandatory:
        params[0] = draw(st.sets(st.sampled_from(sorted(params)), min_size=1))
    return params


@given(st.sampled_from([SVCB, HTTPS]), names, ttls, u16, names, svc_params())
def test_generated_records_round_trip(
    cls: type[SVCB], name: bytes, ttl: int, priority: int, target: bytes, params: dict[int, Any]
) -> None:
    rec = cls(name, ttl, priority, target, params)
    assert sorted(rec.params) == list(rec.params)
    wire_roundtrip(rec)
    text_roundtrip(rec)


@settings(max_examples=200)
@given(
    st.sampled_from([SVCB, HTTPS]),
    names,
    st.integers(1, 0xFFFF),
    names,
    svc_params(for_dnspython=True),
)
def test_generated_records_match_dnspython(
    cls: type[SVCB], name: bytes, priority: int, target: bytes, params: dict[int, Any]
) -> None:
    dnspython_agrees(cls(name, 300, priority, target, params))


@given(names, st.integers(1, 0xFFFF), names, st.lists(_v4, min_size=1, max_size=2))
def test_https_matches_dnslib(name: bytes, priority: int, target: bytes, hints: list[Any]) -> None:
    dnslib_agrees(HTTPS(name, 300, priority, target, {"alpn": ["h2"], "ipv4hint": hints}))


@settings(max_examples=400)
@given(st.sampled_from([64, 65]), st.binary(max_size=60).map(lambda b: b"\x00\x01\x00" + b))
def test_arbitrary_rdata_decodes_or_raises_decode_error(rr_type: int, rdata: bytes) -> None:
    only_decode_errors(rr_type, rdata)
