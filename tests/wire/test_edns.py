"""EDNS(0): the Edns parameters and the typed options (Cookie, ClientSubnet, Nsid, Padding,
ExtendedError, and unknown codes), round-tripped through messages and checked against dnspython.
"""

from __future__ import annotations

import ipaddress

import dns.edns
import dns.flags
import dns.message
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import (
    BadRdata,
    ClientSubnet,
    Cookie,
    Edns,
    ExtendedError,
    Message,
    Nsid,
    Option,
    Padding,
    Query,
)
from asyncdns_wire._edns_options import decode_option

from ._strategies import v4_addresses, v6_addresses


def through_message(*options: Option) -> tuple[Option, ...]:
    msg = Message(questions=[Query("example.com", 1)], edns=Edns(1232, options=options))
    back = Message.from_wire(msg.to_wire())
    assert back.edns is not None
    return back.edns.options


def via_dnspython(*options: Option) -> tuple[dns.edns.Option, ...]:
    wire = Message(edns=Edns(1232, options=options)).to_wire()
    return tuple(dns.message.from_wire(wire).options)


def from_dnspython(*options: dns.edns.Option) -> tuple[Option, ...]:
    msg = dns.message.make_query("example.com.", "A", use_edns=0, options=list(options))
    ours = Message.from_wire(msg.to_wire())
    assert ours.edns is not None
    return ours.edns.options


# -- Cookie ---------------------------------------------------------------------------------


def test_cookie_client_only_and_with_server() -> None:
    client = bytes(range(8))
    only = Cookie(client)
    assert (only.code, only.data, only.client, only.server) == (10, client, client, b"")
    full = Cookie(client, b"\xee" * 16)
    assert full.data == client + b"\xee" * 16
    assert through_message(only, full) == (only, full)
    assert full.to_text() == "COOKIE: 0001020304050607" + "ee" * 16
    (theirs,) = via_dnspython(full)
    assert isinstance(theirs, dns.edns.CookieOption)
    assert (theirs.client, theirs.server) == (client, b"\xee" * 16)
    (back,) = from_dnspython(dns.edns.CookieOption(client, b"\x01" * 8))
    assert isinstance(back, Cookie)
    assert (back.client, back.server) == (client, b"\x01" * 8)


@pytest.mark.parametrize(
    ("client", "server"),
    [(b"", b""), (b"x" * 7, b""), (b"x" * 9, b""), (b"x" * 8, b"y" * 7), (b"x" * 8, b"y" * 33)],
)
def test_bad_cookies(client: bytes, server: bytes) -> None:
    with pytest.raises(ValueError):
        Cookie(client, server)
    with pytest.raises(ValueError):
        decode_option(10, client + server)


@pytest.mark.parametrize("size", [0, 7, 9, 15, 41])
def test_bad_cookie_on_the_wire_is_bad_rdata(size: int) -> None:
    wire = Message(edns=Edns(1232, options=[Option(10, b"c" * size)])).to_wire()
    with pytest.raises(BadRdata) as info:
        Message.from_wire(wire)
    assert info.value.rr_type == 41


# -- ClientSubnet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "source", "masked", "data"),
    [
        ("198.51.100.77", 24, "198.51.100.0", "0001 18 00 c63364"),
        ("198.51.100.77", 20, "198.51.96.0", "0001 14 00 c63360"),
        ("198.51.100.77", 32, "198.51.100.77", "0001 20 00 c633644d"),
        ("198.51.100.77", 0, "0.0.0.0", "0001 00 00"),
        ("2001:db8:abcd:1234::1", 48, "2001:db8:abcd::", "0002 30 00 20010db8abcd"),
        ("2001:db8:abcd:1234::1", 56, "2001:db8:abcd:1200::", "0002 38 00 20010db8abcd12"),
        ("2001:db8::1", 128, "2001:db8::1", "0002 80 00 20010db8000000000000000000000001"),
    ],
)
def test_client_subnet_masks_the_address(address: str, source: int, masked: str, data: str) -> None:
    ecs = ClientSubnet(address, source)
    assert ecs.address == ipaddress.ip_address(masked)
    assert (ecs.source_prefix, ecs.scope_prefix) == (source, 0)
    assert ecs.data == bytes.fromhex(data.replace(" ", ""))
    assert ecs.to_text() == f"CLIENT-SUBNET: {masked}/{source}/0"
    assert through_message(ecs) == (ecs,)
    (theirs,) = via_dnspython(ecs)
    assert isinstance(theirs, dns.edns.ECSOption)
    assert (theirs.address, theirs.srclen, theirs.scopelen) == (masked, source, 0)


def test_client_subnet_scope_and_address_objects() -> None:
    ecs = ClientSubnet(ipaddress.IPv4Address("203.0.113.9"), 24, 16)
    assert ecs.scope_prefix == 16
    assert ecs.data[3] == 16
    (back,) = from_dnspython(dns.edns.ECSOption("2001:db8:1::", 48, 40))
    assert isinstance(back, ClientSubnet)
    assert (str(back.address), back.source_prefix, back.scope_prefix) == ("2001:db8:1::", 48, 40)


@pytest.mark.parametrize(
    ("address", "source", "scope"),
    [
        ("198.51.100.1", 33, 0),
        ("198.51.100.1", -1, 0),
        ("198.51.100.1", 24, 33),
        ("2001:db8::1", 129, 0),
        ("2001:db8::1", 64, 129),
    ],
)
def test_client_subnet_bad_prefixes(address: str, source: int, scope: int) -> None:
    with pytest.raises(ValueError):
        ClientSubnet(address, source, scope)


def test_client_subnet_bad_address() -> None:
    with pytest.raises(ValueError):
        ClientSubnet("not an address", 24)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "0001 18",  # shorter than the fixed part
        "0003 18 00 c63364",  # unknown family
        "0001 18 00 c633",  # too few address octets for /24
        "0001 18 00 c6336400",  # too many
        "0001 28 00 c633640001",  # /40 for IPv4
        "0002 81 00" + "00" * 17,  # /129 for IPv6
        "0001 18 21 c63364",  # scope /33
    ],
)
def test_client_subnet_bad_data(data: str) -> None:
    with pytest.raises(ValueError):
        decode_option(8, bytes.fromhex(data.replace(" ", "")))


@settings(max_examples=200, deadline=None)
@given(st.one_of(v4_addresses, v6_addresses), st.data())
def test_client_subnet_round_trip(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, data: st.DataObject
) -> None:
    bits = address.max_prefixlen
    source = data.draw(st.integers(0, bits))
    scope = data.draw(st.integers(0, bits))
    ecs = ClientSubnet(address, source, scope)
    network = ipaddress.ip_network(f"{address}/{source}", strict=False)
    assert ecs.address == network.network_address
    assert decode_option(8, ecs.data) == ecs
    assert through_message(ecs) == (ecs,)
    (theirs,) = via_dnspython(ecs)
    assert (theirs.address, theirs.srclen, theirs.scopelen) == (str(ecs.address), source, scope)


# -- Nsid, Padding, ExtendedError, unknown ----------------------------------------------------


def test_nsid() -> None:
    empty = Nsid()
    assert (empty.code, empty.data) == (3, b"")
    named = Nsid(b"ns1.example")
    assert named.to_text() == 'NSID: 6e73312e6578616d706c65 ("ns1.example")'
    assert through_message(empty, named) == (empty, named)
    assert isinstance(through_message(named)[0], Nsid)
    (theirs,) = via_dnspython(named)
    assert isinstance(theirs, dns.edns.NSIDOption)
    assert theirs.nsid == b"ns1.example"
    assert from_dnspython(dns.edns.NSIDOption(b"\x00\xff")) == (Nsid(b"\x00\xff"),)


def test_padding() -> None:
    pad = Padding(12)
    assert (pad.code, pad.data, pad.length) == (12, bytes(12), 12)
    assert Padding().length == 0
    assert pad.to_text() == "PADDING: 12 octets"
    assert through_message(pad) == (pad,)
    assert isinstance(through_message(pad)[0], Padding)
    # Non-zero padding from a peer is kept as it came.
    odd = decode_option(12, b"\x01\x02")
    assert isinstance(odd, Padding)
    assert odd.data == b"\x01\x02"
    (theirs,) = via_dnspython(pad)
    assert (int(theirs.otype), theirs.to_wire()) == (12, bytes(12))


def test_extended_error() -> None:
    ede = ExtendedError(18, "prohibited by policy")
    assert (ede.code, ede.info_code, ede.extra_text) == (15, 18, "prohibited by policy")
    assert ede.data == b"\x00\x12prohibited by policy"
    assert ede.to_text() == "EDE: 18 (prohibited by policy)"
    assert ExtendedError(0).to_text() == "EDE: 0"
    assert through_message(ede, ExtendedError(3, "ünïcode")) == (ede, ExtendedError(3, "ünïcode"))
    (theirs,) = via_dnspython(ede)
    assert isinstance(theirs, dns.edns.EDEOption)
    assert (int(theirs.code), theirs.text) == (18, "prohibited by policy")
    (back,) = from_dnspython(dns.edns.EDEOption(dns.edns.EDECode.NETWORK_ERROR, "unreachable"))
    assert isinstance(back, ExtendedError)
    assert (back.info_code, back.extra_text) == (23, "unreachable")
    with pytest.raises(ValueError):
        ExtendedError(65536)
    with pytest.raises(ValueError):
        decode_option(15, b"\x00")


def test_unknown_options_stay_raw() -> None:
    opt = Option(65001, b"\x00private\xff")
    (back,) = through_message(opt)
    assert type(back) is Option
    assert back == opt
    assert back.to_text() == "OPT65001: 0070726976617465ff"
    assert from_dnspython(dns.edns.GenericOption(65002, b"abc")) == (Option(65002, b"abc"),)
    assert Option(5, b"\x08").to_text() == "DAU: 08"
    with pytest.raises(ValueError):
        Option(65536)
    with pytest.raises(ValueError):
        Option(-1)


def test_option_equality_and_hashing() -> None:
    assert Nsid(b"a") == Option(3, b"a")
    assert {Cookie(b"x" * 8), Option(10, b"x" * 8)} == {Cookie(b"x" * 8)}
    assert Cookie(b"x" * 8) != Cookie(b"y" * 8)
    assert Option(1, b"") != "option"


# -- Edns -----------------------------------------------------------------------------------


def test_edns_parameters() -> None:
    edns = Edns()
    assert (edns.payload, edns.version, edns.flags, edns.ext_rcode, edns.options) == (
        1232,
        0,
        0,
        0,
        (),
    )
    assert not edns.do
    assert Edns(4096, do=True).flags == 0x8000
    assert Edns(4096, do=True).do
    assert Edns(100).udp_payload == 512
    assert Edns(4096).udp_payload == 4096
    assert Edns(4096, do=True, options=[Nsid()]) == Edns(4096, flags=0x8000, options=[Nsid()])
    assert Edns(4096) != Edns(4097)
    assert "payload=4096" in repr(Edns(4096))
    with_opts = Edns(options=[Nsid(b"x"), Padding(2), Nsid(b"y")])
    assert with_opts.option(3) == Nsid(b"x")
    assert with_opts.option(10) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"payload": -1},
        {"payload": 65536},
        {"version": 256},
        {"ext_rcode": 256},
        {"flags": 0x10000},
    ],
)
def test_edns_bad_parameters(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        Edns(**kwargs)  # type: ignore[arg-type]


def test_edns_text() -> None:
    edns = Edns(1232, do=True, options=[Nsid(b"ns"), Padding(3)])
    assert edns.to_text() == (
        'EDNS: version: 0, flags: do; udp: 1232\n; NSID: 6e73 ("ns")\n; PADDING: 3 octets'
    )


def test_edns_version_and_flags_reach_dnspython() -> None:
    wire = Message(edns=Edns(1400, version=1, flags=0x8001)).to_wire()
    theirs = dns.message.from_wire(wire)
    assert (theirs.edns, theirs.payload, theirs.ednsflags & 0xFFFF) == (1, 1400, 0x8001)
    assert theirs.ednsflags & dns.flags.DO


_options = st.one_of(
    st.builds(Cookie, st.binary(min_size=8, max_size=8), st.just(b"")),
    st.builds(Cookie, st.binary(min_size=8, max_size=8), st.binary(min_size=8, max_size=32)),
    st.builds(Nsid, st.binary(max_size=40)),
    st.builds(Padding, st.integers(0, 100)),
    st.builds(
        ExtendedError,
        st.integers(0, 65535),
        st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=30),
    ),
    st.builds(Option, st.integers(65001, 65534), st.binary(max_size=40)),  # private use
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_options, max_size=6), st.integers(0, 65535), st.booleans())
def test_options_round_trip_and_reach_dnspython(
    options: list[Option], payload: int, do: bool
) -> None:
    assert through_message(*options) == tuple(options)
    for opt in options:
        assert decode_option(opt.code, opt.data) == opt
        assert type(decode_option(opt.code, opt.data)) is type(opt)
    msg = Message(edns=Edns(payload, do=do, options=options))
    theirs = dns.message.from_wire(msg.to_wire())
    assert [(int(o.otype), o.to_wire()) for o in theirs.options] == [
        (o.code, o.data) for o in options
    ]
    assert theirs.payload == payload
    assert bool(theirs.ednsflags & dns.flags.DO) is do
