"""Domain names: presentation escapes, wire limits, IDNA, case, subdomains and reverse names."""

from __future__ import annotations

import ipaddress

import dns.name
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import (
    ROOT,
    BadLabel,
    Message,
    NameTooLong,
    Query,
    encode_query,
    is_subdomain,
    name_from_text,
    name_key,
    name_to_text,
    name_to_unicode,
    name_to_wire,
    reverse_name,
    rr,
    rr_from_text,
)
from asyncdns_wire._names import name_labels, read_name

from ._packets import wire_name
from ._strategies import v4_addresses, v6_addresses


def decode(wire: bytes) -> bytes:
    name, stop = read_name(wire, 0, {})
    assert stop == len(wire)
    return name


# -- escapes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "text"),
    [
        ((b"a.b", b"example"), b"a\\.b.example"),
        ((b"back\\slash", b"example"), b"back\\\\slash.example"),
        ((b"sp ace", b"example"), b"sp\\032ace.example"),
        ((b"caf\xc3\xa9", b"example"), b"caf\\195\\169.example"),
        ((b"\x00\x7f\xff",), b"\\000\\127\\255"),
        ((b'q"uote', b"(x)", b";", b"@", b"$"), b'q\\"uote.\\(x\\).\\;.\\@.\\$'),
        ((b"tab\there",), b"tab\\009here"),
        ((b"ends-with\\",), b"ends-with\\\\"),
        ((b".",), b"\\."),
        ((b"*", b"_srv", b"xn--bcher-kva"), b"*._srv.xn--bcher-kva"),
    ],
)
def test_escapes_between_wire_and_text(labels: tuple[bytes, ...], text: bytes) -> None:
    wire = wire_name(*labels)
    assert decode(wire) == text
    assert name_to_wire(text) == wire
    assert name_labels(text) == labels
    assert name_from_text(text) == text
    # dnspython escapes exactly the same way (it matches BIND).
    assert dns.name.from_wire(wire, 0)[0].to_text(omit_final_dot=True) == text.decode()


_any_label = st.binary(min_size=1, max_size=63)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_any_label, min_size=1, max_size=6).filter(
        lambda ls: sum(len(x) + 1 for x in ls) < 255
    )
)
def test_any_octets_round_trip_wire_text_wire(labels: list[bytes]) -> None:
    wire = wire_name(*labels)
    name = decode(wire)
    assert name_labels(name) == tuple(labels)
    assert name_to_wire(name) == wire
    assert name_from_text(name) == name
    # Through a record's presentation form and back.
    record = rr.A(name, 300, "198.51.100.1")
    assert rr_from_text(str(record)) == record
    assert rr_from_text(str(record)).name == name
    cname = rr.CNAME(b"alias.example", 300, name)
    back = rr_from_text(str(cname))
    assert isinstance(back, rr.CNAME)
    assert back.target == name
    assert dns.name.from_wire(wire, 0)[0].to_text(omit_final_dot=True) == name.decode()


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        (b"\\065.example", b"A.example"),
        (b"\\a\\b\\c.example", b"abc.example"),
        (b"\\ .example", b"\\032.example"),
        (b"x\\046y.example", b"x\\.y.example"),
        (b"trailing\\\\.", b"trailing\\\\"),
        (b"escaped-dot\\.", b"escaped-dot\\."),
        # Bytes the decoder escapes are escaped when given bare, so both spellings meet.
        (b"my printer._ipp._tcp.example", b"my\\032printer._ipp._tcp.example"),
        (b"at@sign.example", b"at\\@sign.example"),
        (b'quote".(paren);$.example', b'quote\\".\\(paren\\)\\;\\$.example'),
        (b"tab\tx.example", b"tab\\009x.example"),
    ],
)
def test_escapes_have_one_spelling(spelling: bytes, canonical: bytes) -> None:
    assert name_from_text(spelling) == canonical
    assert name_from_text(spelling.decode()) == canonical
    assert Query(spelling, 1) == Query(canonical, 1)
    assert Query(spelling.decode(), 1).name == canonical
    # The decoder spells the name the same way.
    assert decode(name_to_wire(canonical)) == canonical


def test_a_query_equals_its_decoded_echo_whatever_its_bytes() -> None:
    query = Query("My Printer (2)._ipp._tcp.example", 33)
    echoed = Message.from_wire(encode_query(query, 7)).questions[0]
    assert echoed == query
    assert echoed.name == query.name == b"My\\032Printer\\032\\(2\\)._ipp._tcp.example"


def test_trailing_backslash_label_survives_text() -> None:
    name = decode(wire_name(b"a\\"))
    assert name == b"a\\\\"
    record = rr.A(name, 1, "198.51.100.1")
    assert str(record).startswith("a\\\\.\t")
    assert rr_from_text(str(record)) == record


@pytest.mark.parametrize("bad", [b"a\\", b"a\\25", b"a\\256.b", b"a..b", b".a", b".."])
def test_bad_presentation_names(bad: bytes) -> None:
    with pytest.raises(ValueError):
        name_from_text(bad)


# -- limits -------------------------------------------------------------------------------


def test_label_of_63_and_64_octets() -> None:
    label63 = b"a" * 63
    assert name_from_text(label63 + b".example") == label63 + b".example"
    assert decode(wire_name(label63, b"example")) == label63 + b".example"
    with pytest.raises(ValueError, match="63"):
        name_from_text(b"a" * 64 + b".example")
    # On the wire a length octet of 64 is the reserved 0x40 label type.
    with pytest.raises(BadLabel) as info:
        read_name(b"\x40" + b"a" * 64 + b"\x00", 0, {})
    assert info.value.offset == 0


def _name_of_wire_length(total: int) -> list[bytes]:
    """Labels whose wire form (length octets and root included) is *total* octets."""
    labels = []
    remaining = total - 1
    while remaining:
        size = min(63, remaining - 1)
        if remaining - (size + 1) == 1:  # avoid leaving room for an empty label only
            size -= 1
        labels.append(b"x" * size)
        remaining -= size + 1
    return labels


def test_name_of_255_octets_decodes_and_256_does_not() -> None:
    labels = _name_of_wire_length(255)
    assert len(wire_name(*labels)) == 255
    name = decode(wire_name(*labels))
    assert len(name_to_wire(name)) == 255
    assert name_from_text(name) == name

    labels = _name_of_wire_length(256)
    wire = wire_name(*labels)
    assert len(wire) == 256
    with pytest.raises(NameTooLong) as info:
        read_name(wire, 0, {})
    assert info.value.offset == 0
    with pytest.raises(ValueError, match="255"):
        name_from_text(b".".join(labels))


def test_name_over_255_through_a_pointer() -> None:
    # 200 octets of labels, then a pointer to a 100-octet name: 299 octets in all.
    suffix = wire_name(*([b"s" * 49] * 2))  # 101 octets
    head = b"".join(b"\x31" + b"h" * 49 for _ in range(4))  # 200 octets
    buf = suffix + head + b"\xc0\x00"
    read_name(buf, 0, {})
    with pytest.raises(NameTooLong):
        read_name(buf, len(suffix), {})
    # The same with the suffix already in the per-message cache.
    cache: dict[int, tuple[bytes, int]] = {}
    read_name(buf, 0, cache)
    with pytest.raises(NameTooLong):
        read_name(buf, len(suffix), cache)


# -- the root -------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["", ".", b"", b"."])
def test_root(spelling: str | bytes) -> None:
    assert name_from_text(spelling) == ROOT == b"."
    assert name_to_wire(ROOT) == b"\x00"
    assert name_to_text(ROOT) == "."
    assert name_labels(ROOT) == ()
    assert decode(b"\x00") == ROOT
    assert Query(spelling, 2).name == ROOT
    assert str(rr.NS(ROOT, 1, "a.root-servers.net")).startswith(".\t1\tIN\tNS\t")


def test_trailing_dot_is_dropped() -> None:
    assert name_from_text("example.com.") == b"example.com"
    assert name_to_text(b"example.com") == "example.com."


# -- IDNA -----------------------------------------------------------------------------------


def test_idna_encoding_of_str_names() -> None:
    assert name_from_text("bücher.example") == b"xn--bcher-kva.example"
    assert name_from_text("BÜCHER.example") == b"xn--bcher-kva.example"
    assert name_from_text("www.mañana.example.") == b"www.xn--maana-pta.example"
    assert Query("bücher.example", 1).name == b"xn--bcher-kva.example"
    # ASCII labels of a str are taken as they are (no lower-casing, no IDNA).
    assert name_from_text("WWW.Example") == b"WWW.Example"


def test_unicode_name_decoding() -> None:
    assert name_to_unicode(b"xn--bcher-kva.example") == "bücher.example"
    assert name_to_unicode(b"XN--BCHER-KVA.example") == "bücher.example"
    assert Query("bücher.example", 1).unicode_name == "bücher.example"
    assert rr.A("xn--maana-pta.example", 1, "198.51.100.1").unicode_name == "mañana.example"
    cname = rr.CNAME("a.example", 1, "xn--bcher-kva.example")
    assert cname.unicode_cname == "bücher.example"
    # A label that merely looks like IDNA but does not decode is left alone.
    assert name_to_unicode(b"xn--zz-.example") == "xn--zz-.example"
    assert name_to_unicode(b"plain.example") == "plain.example"


@pytest.mark.parametrize(
    "bad",
    [
        "bücher..",  # one trailing dot is allowed, not two
        ".bücher.example",
        "bücher..example",
        "ü" * 64 + ".example",  # too long once encoded
        "\u05d0a.example",  # mixes right-to-left and left-to-right (bidi rule)
        "a\udcff.example",  # a lone surrogate
    ],
)
def test_bad_idna_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError):
        name_from_text(bad)
    with pytest.raises(ValueError):
        Query(bad, 1)


# -- case -----------------------------------------------------------------------------------


def test_case_is_preserved_but_not_significant() -> None:
    wire = wire_name(b"WwW", b"ExAmPlE", b"cOm")
    assert decode(wire) == b"WwW.ExAmPlE.cOm"
    assert name_key(b"WwW.ExAmPlE.cOm") == name_key(b"www.example.com")
    msg = Message(questions=[Query(b"WwW.ExAmPlE.cOm", 1)])
    assert Message.from_wire(msg.to_wire()).questions[0].name == b"WwW.ExAmPlE.cOm"
    assert Query(b"WWW.EXAMPLE.COM", 1) == Query(b"www.example.com", 1)
    record = rr.A(b"WwW.ExAmPlE.cOm", 1, "198.51.100.1")
    assert record == rr.A(b"www.example.com", 1, "198.51.100.1")
    assert record.name == b"WwW.ExAmPlE.cOm"


# -- is_subdomain -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "zone", "expected"),
    [
        (b"www.example.com", b"example.com", True),
        (b"example.com", b"example.com", True),
        (b"WWW.Example.COM", b"example.com", True),
        (b"www.example.com", b".", True),
        (b".", b".", True),
        (b"example.com", b"www.example.com", False),
        (b"wwwexample.com", b"example.com", False),
        (b"www.example.com", b"com.example", False),
        (b".", b"com", False),
        (b"a\\.example.com", b"example.com", False),  # labels: "a.example", "com"
        (b"a.b\\.example.com", b"b\\.example.com", True),
        (b"a.b\\.example.com", b"example.com", False),
    ],
)
def test_is_subdomain(name: bytes, zone: bytes, expected: bool) -> None:
    assert is_subdomain(name, zone) is expected


# -- reverse names ----------------------------------------------------------------------------


def test_reverse_names() -> None:
    assert reverse_name(ipaddress.IPv4Address("198.51.100.7")) == b"7.100.51.198.in-addr.arpa"
    assert reverse_name(ipaddress.IPv6Address("2001:db8::1")) == (
        b"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
    )


@given(st.one_of(v4_addresses, v6_addresses))
def test_ptr_address_inverts_reverse_name(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    name = reverse_name(address)
    assert name == dns.name.from_text(address.reverse_pointer).to_text(omit_final_dot=True).encode()
    ptr = rr.PTR(name, 300, "host.example")
    assert ptr.address == address
    assert rr.PTR(name.upper(), 300, "host.example").address == address
    assert Query(address, 12).name == name


@pytest.mark.parametrize(
    "owner",
    [
        b"www.example.com",
        b"100.51.198.in-addr.arpa",  # a /24 zone, not one address
        b"1.7.100.51.198.in-addr.arpa",
        b"300.100.51.198.in-addr.arpa",
        b"x.100.51.198.in-addr.arpa",
        b"0.8.b.d.0.1.0.0.2.ip6.arpa",
        b"10." + b"0." * 30 + b"ip6.arpa",
        b"g." + b"0." * 31 + b"ip6.arpa",
    ],
)
def test_ptr_address_is_none_for_other_names(owner: bytes) -> None:
    assert rr.PTR(owner, 300, "host.example").address is None


def test_reverse_name_ignores_an_ipv6_zone_id() -> None:
    import ipaddress

    from asyncdns_wire import reverse_name

    plain = reverse_name(ipaddress.IPv6Address("fe80::1"))
    assert reverse_name(ipaddress.IPv6Address("fe80::1%eth0")) == plain
    assert plain.endswith(b".8.e.f.ip6.arpa")
