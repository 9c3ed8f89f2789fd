"""Which names Multicast DNS resolves (RFC 6762 sections 3, 4 and 16): pure, runs everywhere."""

from __future__ import annotations

import ipaddress

import pytest

from asyncdns_resolvers import is_mdns_name
from asyncdns_resolvers._mdns_names import MDNS_ZONES, mdns_wire_name
from asyncdns_wire import Query, name_to_wire, reverse_name


@pytest.mark.parametrize(
    "name",
    [
        "local",
        "local.",
        "printer.local",
        "Printer.LOCAL.",
        "a.b.c.local",
        b"printer.local",
        b"printer.LoCaL.",
        "my\\.printer.local",  # an escaped dot inside the first label: still under local
        "printer.loca\\108",  # \108 is "l": the last label is "local"
        "254.169.in-addr.arpa",
        "7.7.254.169.in-addr.arpa",
        "7.7.254.169.IN-ADDR.ARPA.",
        "8.e.f.ip6.arpa",
        "9.e.f.ip6.arpa",
        "a.e.f.ip6.arpa",
        "B.E.F.ip6.arpa",
        "café.local",
    ],
)
def test_mdns_names(name: str | bytes) -> None:
    assert is_mdns_name(name)


@pytest.mark.parametrize(
    "name",
    [
        ".",
        "",
        "example.com",
        "localhost",
        "notlocal",
        "printer.notlocal",
        "local.example",
        "printer\\.local",  # one label, "printer.local", under the root
        "printer.local.example.com",
        "253.169.in-addr.arpa",
        "7.7.253.169.in-addr.arpa",
        "169.in-addr.arpa",  # above the link-local reverse zone
        "in-addr.arpa",
        "7.e.f.ip6.arpa",
        "c.e.f.ip6.arpa",
        "e.f.ip6.arpa",
        "8.e.f.ip6.arpa.example",
    ],
)
def test_other_names(name: str) -> None:
    assert not is_mdns_name(name)


def test_reverse_names_of_link_local_addresses() -> None:
    for text in ("169.254.1.2", "fe80::1", "febf::1", "fe9a::1", "feaa::1"):
        assert is_mdns_name(reverse_name(ipaddress.ip_address(text))), text
    for text in ("169.253.1.2", "192.0.2.1", "fec0::1", "fe7f::1", "2001:db8::1", "ff02::fb"):
        assert not is_mdns_name(reverse_name(ipaddress.ip_address(text))), text


def test_query_names_and_zone_list() -> None:
    assert is_mdns_name(Query(ipaddress.ip_address("169.254.7.7"), 12).name)
    assert MDNS_ZONES[0] == b"local"
    assert len(MDNS_ZONES) == 6


def test_bad_input() -> None:
    with pytest.raises(TypeError):
        is_mdns_name(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        is_mdns_name("a..local")


def test_punycode_labels_go_out_as_utf8() -> None:
    query = Query("café.local", 1)
    assert query.name == b"xn--caf-dma.local"
    # UTF-8 on the wire, written the way the codec writes decoded names (so they compare).
    assert mdns_wire_name(query.name) == b"caf\\195\\169.local"
    assert name_to_wire(mdns_wire_name(query.name)) == b"\x05caf\xc3\xa9\x05local\x00"
    assert mdns_wire_name(b"XN--caf-dma.Local") == b"caf\\195\\169.Local"
    assert mdns_wire_name("café.local".encode()) == b"caf\\195\\169.local"  # raw UTF-8 bytes
    long_label = "é" * 40  # 80 octets in UTF-8: over the 63-octet limit, stays Punycode
    assert (
        mdns_wire_name(Query(long_label + ".local", 1).name) == Query(long_label + ".local", 1).name
    )
    assert mdns_wire_name(b"printer.local") == b"printer.local"
    assert mdns_wire_name(b"xn--zz.local") == b"xn--zz.local"  # not valid Punycode: unchanged
    assert mdns_wire_name(b"xn--caf-dma\\.x.local") == b"xn--caf-dma\\.x.local"  # a dot inside
