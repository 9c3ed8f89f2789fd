"""RFC 6724 destination ordering: the examples of section 10.2 that need only the rules
applied (1, 2, 5, 6, 8, 9, 10), the policy table, scopes, and the kernel's source lookup."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence

import pytest

from asyncdns import sort_addresses
from asyncdns._addrsort import IPAddress, kernel_source, policy, scope

ip = ipaddress.ip_address


def ordered(pairs: Sequence[tuple[str, str | None]]) -> list[str]:
    """Sort the destinations of *pairs*, each with the source the "kernel" picks for it."""
    sources = {ip(d): (None if s is None else ip(s)) for d, s in pairs}
    result = sort_addresses([ip(d) for d, _ in pairs], source_for=sources.__getitem__)
    return [str(a) for a in result]


# (destination, its source) in the RFC's order, and the RFC's result.
SECTION_10_2 = [
    pytest.param(
        [("2001:db8:1::1", "2001:db8:1::2"), ("198.51.100.121", "169.254.13.78")],
        ["2001:db8:1::1", "198.51.100.121"],
        id="prefer-matching-scope-1",
    ),
    pytest.param(
        [("2001:db8:1::1", "fe80::1"), ("198.51.100.121", "198.51.100.117")],
        ["198.51.100.121", "2001:db8:1::1"],
        id="prefer-matching-scope-2",
    ),
    pytest.param(
        [("2001:db8:1::1", "2001:db8:1::2"), ("10.1.2.3", "10.1.2.4")],
        ["2001:db8:1::1", "10.1.2.3"],
        id="prefer-higher-precedence-1",
    ),
    pytest.param(
        [("2001:db8:1::1", "2001:db8:1::2"), ("fe80::1", "fe80::2")],
        ["fe80::1", "2001:db8:1::1"],
        id="prefer-smaller-scope",
    ),
    pytest.param(
        [("2001:db8:1::1", "2001:db8:1::2"), ("2001:db8:3ffe::1", "2001:db8:3f44::2")],
        ["2001:db8:1::1", "2001:db8:3ffe::1"],
        id="longest-matching-prefix",
    ),
    pytest.param(
        [("2002:c633:6401::1", "2002:c633:6401::2"), ("2001:db8:1::1", "2002:c633:6401::2")],
        ["2002:c633:6401::1", "2001:db8:1::1"],
        id="prefer-matching-label",
    ),
    pytest.param(
        [("2002:c633:6401::1", "2002:c633:6401::2"), ("2001:db8:1::1", "2001:db8:1::2")],
        ["2001:db8:1::1", "2002:c633:6401::1"],
        id="prefer-higher-precedence-2",
    ),
]


@pytest.mark.parametrize(("pairs", "expected"), SECTION_10_2)
def test_rfc_6724_section_10_2(pairs: list[tuple[str, str | None]], expected: list[str]) -> None:
    assert ordered(pairs) == expected
    assert ordered(pairs[::-1]) == expected  # whichever order they came in


def test_rule_1_unreachable_destinations_go_last() -> None:
    pairs = [("2001:db8::1", None), ("198.51.100.1", "198.51.100.2"), ("2001:db8::2", None)]
    assert ordered(pairs) == ["198.51.100.1", "2001:db8::1", "2001:db8::2"]


def test_rule_10_keeps_the_order_of_equals() -> None:
    # Issue 13283 of Go: a 10/8 source must not reorder unrelated IPv4 destinations.
    destinations = ["198.51.100.7", "203.0.113.9", "198.51.100.1", "203.0.113.200"]
    assert ordered([(d, "10.2.3.4") for d in destinations]) == destinations


def test_ipv6_is_preferred_over_ipv4_when_both_work() -> None:
    pairs = [("198.51.100.80", "198.51.100.2"), ("2001:db8::80", "2001:db8::2")]
    assert ordered(pairs) == ["2001:db8::80", "198.51.100.80"]


def test_loopbacks() -> None:
    pairs = [("127.0.0.1", "127.0.0.1"), ("::1", "::1")]
    assert ordered(pairs) == ["::1", "127.0.0.1"]  # precedence 50 over 35


def test_sorting_nothing_or_one() -> None:
    assert sort_addresses([], source_for=lambda a: a) == []
    assert sort_addresses([ip("198.51.100.1")], source_for=lambda a: None) == [ip("198.51.100.1")]


@pytest.mark.parametrize(
    ("address", "precedence", "label"),
    [
        ("::1", 50, 0),
        ("2001:db8::1", 40, 1),
        ("198.51.100.1", 35, 4),
        ("::ffff:198.51.100.1", 35, 4),
        ("2002:c633:6401::1", 30, 2),
        ("2001:0:4136:e378::1", 5, 5),
        ("fd00::1", 3, 13),
        ("::198.51.100.1", 1, 3),
        ("fec0::1", 1, 11),
        ("3ffe::1", 1, 12),
    ],
)
def test_default_policy_table(address: str, precedence: int, label: int) -> None:
    assert policy(ip(address)) == (precedence, label)


@pytest.mark.parametrize(
    ("address", "value"),
    [
        ("127.0.0.1", 0x2),
        ("169.254.1.2", 0x2),
        ("198.51.100.1", 0xE),
        ("10.1.2.3", 0xE),  # private IPv4 is global scope in RFC 6724
        ("::ffff:169.254.1.2", 0x2),
        ("::1", 0x2),
        ("fe80::1", 0x2),
        ("fec0::1", 0x5),
        ("2001:db8::1", 0xE),
        ("ff02::fb", 0x2),
        ("ff05::1", 0x5),
        ("ff0e::1", 0xE),
    ],
)
def test_scopes(address: str, value: int) -> None:
    assert scope(ip(address)) == value


def test_kernel_source_on_loopback() -> None:
    assert kernel_source(ip("127.0.0.1")) == ip("127.0.0.1")
    assert kernel_source(ip("127.0.0.2")) in (ip("127.0.0.1"), ip("127.0.0.2"))


def test_kernel_source_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback")
    assert kernel_source(ip("::1")) == ip("::1")


def test_kernel_source_without_a_route(monkeypatch: pytest.MonkeyPatch) -> None:
    class Unroutable:
        def __init__(self, *args: object) -> None: ...
        def __enter__(self) -> Unroutable:
            return self

        def __exit__(self, *exc: object) -> None: ...
        def connect(self, address: object) -> None:
            raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket, "socket", Unroutable)
    assert kernel_source(ip("2001:db8::1")) is None


def test_default_source_lookup_is_the_kernel() -> None:
    addresses: list[IPAddress] = [ip("127.0.0.1"), ip("127.0.0.2")]
    assert sort_addresses(addresses) == addresses  # both reachable, equal: order kept
