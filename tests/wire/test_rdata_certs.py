"""Keys, certificates and fingerprints: CERT, OPENPGPKEY, SSHFP, TLSA, SMIMEA, DHCID, IPSECKEY,
HIP and ZONEMD."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import BadRdata, DecodeError, TextSyntaxError, name_to_wire, rr_from_text
from asyncdns_wire.rr import (
    CERT,
    DHCID,
    HIP,
    IPSECKEY,
    OPENPGPKEY,
    SMIMEA,
    SSHFP,
    TLSA,
    ZONEMD,
)

from .test_rdata_dnssec import (
    decode_rdata,
    dnslib_agrees,
    dnspython_agrees,
    names,
    only_decode_errors,
    text_roundtrip,
    ttls,
    u8,
    u16,
    u32,
    wire_roundtrip,
)

KEY_B64 = "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="
HIP_KEY = (
    "AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1"
    "gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D"
)
v4 = st.integers(0, 255).map(lambda n: ipaddress.IPv4Address(f"198.51.100.{n}"))
v6 = st.integers(0, 2**96 - 1).map(lambda n: ipaddress.IPv6Address((0x20010DB8 << 96) | n))
blobs = st.binary(min_size=1, max_size=200)


def _split56(text: str) -> str:
    return " ".join(text[i : i + 56] for i in range(0, len(text), 56))


# -- TLSA and SMIMEA -----------------------------------------------------------------------------


def test_tlsa_golden_rfc6698() -> None:
    digest = "d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971"
    rec = rr_from_text(
        f"_443._tcp.www.example.com. 3600 IN TLSA ( 0 0 1 {digest[:32]}\n {digest[32:]} )"
    )
    assert rec.rdata_to_wire() == bytes.fromhex("000001" + digest)
    # dig 9.18: upper-case hex in 56-character chunks.
    assert rec.rdata_to_text() == "0 0 1 " + _split56(digest.upper())
    assert isinstance(rec, TLSA) and (rec.usage, rec.selector, rec.matching_type) == (0, 0, 1)


_MATCH_LENGTHS = {1: 32, 2: 64}


@st.composite
def _tlsa_fields(draw: st.DrawFn) -> tuple[Any, ...]:
    mtype = draw(st.sampled_from([0, 1, 2, 3, 255]))
    size = _MATCH_LENGTHS.get(mtype)
    return (draw(u8), draw(u8), mtype, draw(st.binary(min_size=size or 1, max_size=size or 120)))


@given(st.sampled_from([TLSA, SMIMEA]), names, ttls, _tlsa_fields())
def test_tlsa_family_round_trips_and_matches_dnspython(
    cls: type[TLSA], name: bytes, ttl: int, fields: tuple[Any, ...]
) -> None:
    rec = cls(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)
    if cls is TLSA:
        dnslib_agrees(rec)


def test_tlsa_needs_data() -> None:
    with pytest.raises(ValueError, match="empty"):
        TLSA("x", 1, 3, 1, 1, b"")
    with pytest.raises(BadRdata):
        decode_rdata(52, bytes.fromhex("030101"))
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN TLSA 3 1 1 XYZ")


# -- SSHFP ---------------------------------------------------------------------------------------


def test_sshfp_golden_rfc4255() -> None:
    rec = rr_from_text("host.example. 3600 IN SSHFP 2 1 123456789abcdef67890123456789abcdef67890")
    assert rec.rdata_to_wire() == bytes.fromhex("0201123456789abcdef67890123456789abcdef67890")
    assert rec.rdata_to_text() == "2 1 123456789ABCDEF67890123456789ABCDEF67890"


@st.composite
def _sshfp_fields(draw: st.DrawFn) -> tuple[Any, ...]:
    fp_type = draw(st.sampled_from([1, 2, 0, 3, 200]))
    size = {1: 20, 2: 32}.get(fp_type)
    return (draw(u8), fp_type, draw(st.binary(min_size=size or 1, max_size=size or 80)))


@given(names, ttls, _sshfp_fields())
def test_sshfp_round_trips_and_matches_dnspython_and_dnslib(
    name: bytes, ttl: int, fields: tuple[Any, ...]
) -> None:
    rec = SSHFP(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)
    dnslib_agrees(rec)


def test_sshfp_fingerprint_length_follows_its_type() -> None:
    with pytest.raises(ValueError, match="32 octets"):
        SSHFP("x", 1, 4, 2, b"\xab" * 20)
    with pytest.raises(BadRdata):
        decode_rdata(44, bytes.fromhex("0102aa"))  # BIND refuses this too
    with pytest.raises(BadRdata):
        decode_rdata(44, bytes.fromhex("0102"))


# -- CERT ----------------------------------------------------------------------------------------


def test_cert_text_uses_mnemonics_like_dig() -> None:
    rec = rr_from_text("x. 1 IN CERT PKIX 12345 RSASHA256 MIIBAA==")
    assert isinstance(rec, CERT)
    assert (rec.cert_type, rec.key_tag, rec.algorithm, rec.certificate) == (
        1,
        12345,
        8,
        b"0\x82\x01\x00",
    )
    assert rec.rdata_to_text() == "PKIX 12345 RSASHA256 MIIBAA=="
    assert rr_from_text("x. 1 IN CERT 1 12345 8 MIIBAA==") == rec
    assert rr_from_text("x. 1 IN CERT pkix 12345 rsasha256 MIIB AA==") == rec
    # Numbers without a mnemonic print as numbers (dig: "65534 0 0 AA==", "9 1 RSASHA256 AA==").
    assert CERT("x", 1, 65534, 0, 0, b"\x00").rdata_to_text() == "65534 0 0 AA=="
    assert CERT("x", 1, 9, 1, 8, b"\x00").rdata_to_text() == "9 1 RSASHA256 AA=="
    assert CERT("x", 1, 254, 1, 4, b"\x00").rdata_to_text() == "OID 1 4 AA=="
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN CERT BOGUS 1 8 AA==")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN CERT 65536 1 8 AA==")
    with pytest.raises(BadRdata):
        decode_rdata(37, bytes.fromhex("0001000108"))


# dnspython 2.9 prints algorithm 18 as MLDSA44, a draft name neither IANA nor BIND has.
@given(names, ttls, u16, u16, u8.filter(lambda a: a != 18), blobs)
def test_cert_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, cert_type: int, key_tag: int, algorithm: int, cert: bytes
) -> None:
    rec = CERT(name, ttl, cert_type, key_tag, algorithm, cert)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    # dnspython does not read BIND's mnemonics NSEC3DSA (6) and NSEC3RSASHA1 (7).
    dnspython_agrees(rec, parse_ours=algorithm not in (6, 7))


# -- OPENPGPKEY and DHCID ------------------------------------------------------------------------


def test_dhcid_golden_rfc4701_section_3_6() -> None:
    def dhcid(identifier_type: int, identifier: bytes, fqdn: bytes) -> bytes:
        digest = hashlib.sha256(identifier + name_to_wire(fqdn)).digest()
        return identifier_type.to_bytes(2, "big") + b"\x01" + digest

    duid = bytes.fromhex("00010006412df166010203040506")
    one = rr_from_text(
        "chi6.example.com. 1 IN DHCID ( AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA= )"
    )
    assert isinstance(one, DHCID) and one.data == dhcid(2, duid, b"chi6.example.com")
    two = rr_from_text(
        "chi.example.com. 1 IN DHCID AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No="
    )
    assert isinstance(two, DHCID) and two.data == dhcid(
        1, bytes.fromhex("010708090a0b0c"), b"chi.example.com"
    )
    assert two.rdata_to_text() == "AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No="


@given(st.sampled_from([OPENPGPKEY, DHCID]), names, ttls, st.binary(min_size=1, max_size=400))
def test_base64_records_round_trip_and_match_dnspython(
    cls: type[DHCID], name: bytes, ttl: int, data: bytes
) -> None:
    rec = cls(name, ttl, data)
    wire_roundtrip(rec)
    text = text_roundtrip(rec)
    assert text == _split56(base64.b64encode(data).decode())
    dnspython_agrees(rec)


def test_base64_records_need_data() -> None:
    with pytest.raises(ValueError, match="empty"):
        OPENPGPKEY("x", 1, b"")
    assert OPENPGPKEY("x", 1, b"k").key == b"k"
    for rr_type in (49, 61):
        with pytest.raises(BadRdata):
            decode_rdata(rr_type, b"")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN OPENPGPKEY")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN OPENPGPKEY not*base64")


# -- ZONEMD --------------------------------------------------------------------------------------


def test_zonemd_golden_rfc8976_appendix_a1() -> None:
    digest = "c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5cc27777f98b8e730044c"
    rec = rr_from_text(f"example. 86400 IN ZONEMD 2018031900 1 1 ( {digest} )")
    assert rec.rdata_to_wire() == bytes.fromhex("7848b91c0101" + digest)
    assert rec.rdata_to_text() == "2018031900 1 1 " + _split56(digest.upper())


@st.composite
def _zonemd_fields(draw: st.DrawFn) -> tuple[Any, ...]:
    alg = draw(st.sampled_from([1, 2, 3, 240]))
    size = {1: 48, 2: 64}.get(alg)
    return (
        draw(u32),
        draw(st.integers(1, 255)),
        alg,
        draw(st.binary(min_size=size or 12, max_size=size or 80)),
    )


@given(names, ttls, _zonemd_fields())
def test_zonemd_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, fields: tuple[Any, ...]
) -> None:
    rec = ZONEMD(name, ttl, *fields)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


def test_zonemd_digest_rules() -> None:
    with pytest.raises(ValueError, match="12 octets"):
        ZONEMD("x", 1, 1, 1, 9, b"\x01" * 11)
    with pytest.raises(ValueError, match="48 octets"):
        ZONEMD("x", 1, 1, 1, 1, b"\x01" * 13)
    with pytest.raises(BadRdata):
        decode_rdata(63, bytes.fromhex("000000010101aabbccddeeff0011223344"))
    with pytest.raises(BadRdata):
        decode_rdata(63, bytes.fromhex("0000000101"))


# -- IPSECKEY ------------------------------------------------------------------------------------


def test_ipseckey_golden_rfc4025() -> None:
    six = rr_from_text(
        "0.d.4.0.3.0.e.f.f.f.3.f.0.1.2.0.1.0.0.0.0.0.2.8.B.D.0.1.0.0.2.ip6.arpa. 7200 IN IPSECKEY"
        f" ( 10 2 2 2001:0DB8:0:8002::2000:1 {KEY_B64} )"
    )
    key = base64.b64decode(KEY_B64)
    assert six.rdata_to_wire() == bytes.fromhex("0a020220010db8000080020000000020000001") + key
    assert six.rdata_to_text() == f"10 2 2 2001:db8:0:8002::2000:1 {KEY_B64}"
    named = rr_from_text(f"x. 7200 IN IPSECKEY ( 10 3 2 mygateway.example.com. {KEY_B64} )")
    assert named.rdata_to_wire() == b"\x0a\x03\x02\x09mygateway\x07example\x03com\x00" + key
    none = rr_from_text(f"x. 7200 IN IPSECKEY 10 0 2 . {KEY_B64}")
    assert isinstance(none, IPSECKEY) and none.gateway is None
    assert none.rdata_to_wire() == b"\x0a\x00\x02" + key
    four = IPSECKEY("x", 1, 10, 1, 2, "198.51.100.38", key)
    assert four.rdata_to_text() == f"10 1 2 198.51.100.38 {KEY_B64}"
    # IPv4-mapped addresses print the way inet_ntop (and dig) write them.
    mapped = IPSECKEY("x", 1, 10, 2, 2, "::ffff:198.51.100.1", key)
    assert mapped.rdata_to_text() == f"10 2 2 ::ffff:198.51.100.1 {KEY_B64}"


_gateways = st.one_of(
    st.tuples(st.just(0), st.none()),
    st.tuples(st.just(1), v4),
    st.tuples(st.just(2), v6),
    st.tuples(st.just(3), names),
)


@given(names, ttls, u8, _gateways, u8, blobs)
def test_ipseckey_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, precedence: int, gateway: tuple[int, Any], algorithm: int, key: bytes
) -> None:
    rec = IPSECKEY(name, ttl, precedence, gateway[0], algorithm, gateway[1], key)
    assert rec.gateway == gateway[1]
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


def test_ipseckey_rejects_bad_gateways() -> None:
    key = b"\x01"
    with pytest.raises(ValueError):
        IPSECKEY("x", 1, 10, 4, 2, None, key)
    with pytest.raises(ValueError):
        IPSECKEY("x", 1, 10, 0, 2, "198.51.100.1", key)
    with pytest.raises(ValueError):
        IPSECKEY("x", 1, 10, 1, 2, "2001:db8::1", key)
    with pytest.raises(TypeError):
        IPSECKEY("x", 1, 10, 3, 2, 7, key)
    with pytest.raises(ValueError, match="empty"):
        IPSECKEY("x", 1, 10, 0, 2, None, b"")
    for bad in (
        "0a040201",  # unknown gateway type
        "0a0102c63364",  # IPv4 gateway cut short
        "0a0202" + "20010db8" * 4,  # no key
        "0a0302c00c01",  # compressed gateway name
        "0a00",  # short head
    ):
        with pytest.raises(BadRdata):
            decode_rdata(45, bytes.fromhex(bad))
    with pytest.raises(TextSyntaxError):
        rr_from_text(f"x. 1 IN IPSECKEY 10 1 2 2001:db8::1 {KEY_B64}")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN IPSECKEY 10 1 2 198.51.100.1")


# -- HIP -----------------------------------------------------------------------------------------


def test_hip_golden_rfc8005() -> None:
    rec = rr_from_text(
        f"www.example.com. 1 IN HIP ( 2 200100107B1A74DF365639CC39F1D578\n {HIP_KEY}\n rvs.example.com. )"
    )
    assert isinstance(rec, HIP)
    key = base64.b64decode(HIP_KEY)
    hit = bytes.fromhex("200100107B1A74DF365639CC39F1D578")
    assert rec.rdata_to_wire() == (
        bytes((16, 2)) + len(key).to_bytes(2, "big") + hit + key + b"\x03rvs\x07example\x03com\x00"
    )
    # dig prints the HIT and the key whole (no 56-character split) and the servers after them.
    assert rec.rdata_to_text() == f"2 200100107B1A74DF365639CC39F1D578 {HIP_KEY} rvs.example.com."
    bare = HIP("x", 1, hit, 2, key)
    assert (
        bare.servers == ()
        and bare.rdata_to_text() == f"2 200100107B1A74DF365639CC39F1D578 {HIP_KEY}"
    )


@given(names, ttls, st.binary(min_size=1, max_size=32), u8, blobs, st.lists(names, max_size=3))
def test_hip_round_trips_and_matches_dnspython(
    name: bytes, ttl: int, hit: bytes, algorithm: int, key: bytes, servers: list[bytes]
) -> None:
    rec = HIP(name, ttl, hit, algorithm, key, servers)
    wire_roundtrip(rec)
    text_roundtrip(rec)
    dnspython_agrees(rec)


def test_hip_rejects_malformed_rdata() -> None:
    for bad in (
        "000200010a",  # empty HIT
        "01020000aa",  # empty public key
        "0102000aaabb",  # public key runs past the RDATA
        "01020001aabbc00c",  # compressed rendezvous server
        "010200",  # short head
    ):
        with pytest.raises(BadRdata):
            decode_rdata(55, bytes.fromhex(bad))
    with pytest.raises(TypeError):
        HIP("x", 1, b"\x01", 2, b"\x02", "rvs.example")
    with pytest.raises(TextSyntaxError):
        rr_from_text("x. 1 IN HIP 2 XYZ AQ==")


# -- decoding arbitrary bytes --------------------------------------------------------------------


@settings(max_examples=400)
@given(st.sampled_from([37, 61, 44, 52, 53, 49, 45, 55, 63]), st.binary(max_size=80))
def test_arbitrary_rdata_decodes_or_raises_decode_error(rr_type: int, rdata: bytes) -> None:
    only_decode_errors(rr_type, rdata)


def test_decode_errors_are_decode_errors() -> None:
    with pytest.raises(DecodeError):
        decode_rdata(55, b"\x01")
