"""Destination address ordering (RFC 6724 section 6), the order ``getaddrinfo`` returns.

Pure: the only input from the system is, for each destination, the source address the kernel
would use to reach it (:func:`kernel_source`: a UDP ``connect()``, which sends no packet),
and that lookup is a parameter. The rules applied are those that need nothing else:

1. avoid unusable destinations (no source address: no route);
2. prefer matching scope;
5. prefer matching label;
6. prefer higher precedence;
8. prefer smaller scope;
9. use the longest matching prefix (between IPv6 destinations only: applied to IPv4 it
   reorders unrelated public addresses, as Go and others found);
10. otherwise keep the order (the sort is stable).

Rules 3, 4 and 7 (deprecated, home and care-of source addresses, encapsulated transport) need
interface state that the kernel does not hand out portably, and are not applied. Labels and
precedences come from the default policy table (section 2.1), IPv4 addresses being looked up
as IPv4-mapped IPv6 addresses (``::ffff:0:0/96``); IPv4 scopes follow section 3.2 (loopback
and link-local are link-local, everything else global).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from collections.abc import Callable, Iterable

__all__ = [
    "IPAddress",
    "SourceLookup",
    "as_v6",
    "kernel_source",
    "policy",
    "scope",
    "sort_addresses",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SourceLookup = Callable[[IPAddress], IPAddress | None]
"""Given a destination, the source address the system would send from, or ``None`` when it
cannot reach it."""

_V4_MAPPED = b"\x00" * 10 + b"\xff\xff"

# RFC 6724 section 2.1: (prefix, precedence, label), most specific prefix first.
_POLICY: tuple[tuple[ipaddress.IPv6Network, int, int], ...] = tuple(
    sorted(
        (
            (ipaddress.IPv6Network(prefix), precedence, label)
            for prefix, precedence, label in (
                ("::1/128", 50, 0),
                ("::/0", 40, 1),
                ("::ffff:0:0/96", 35, 4),
                ("2002::/16", 30, 2),
                ("2001::/32", 5, 5),
                ("fc00::/7", 3, 13),
                ("::/96", 1, 3),
                ("fec0::/10", 1, 11),
                ("3ffe::/16", 1, 12),
            )
        ),
        key=lambda entry: -entry[0].prefixlen,
    )
)

# RFC 6724 section 3.1 scope values.
_LINK_LOCAL = 0x2
_SITE_LOCAL = 0x5
_GLOBAL = 0xE


def as_v6(address: IPAddress) -> ipaddress.IPv6Address:
    """*address* as IPv6: an IPv4 address becomes its IPv4-mapped form (``::ffff:a.b.c.d``)."""
    if isinstance(address, ipaddress.IPv4Address):
        return ipaddress.IPv6Address(_V4_MAPPED + address.packed)
    return address


def policy(address: IPAddress) -> tuple[int, int]:
    """The default policy table's entry for *address* (RFC 6724 section 2.1).

    Args:
        address: an IPv4 or IPv6 address (IPv4 is looked up as ``::ffff:a.b.c.d``).

    Returns:
        ``(precedence, label)``.
    """
    v6 = as_v6(address)
    for network, precedence, label in _POLICY:
        if v6 in network:
            return precedence, label
    raise AssertionError("::/0 matches every address")  # pragma: no cover


def scope(address: IPAddress) -> int:
    """The scope of *address* (RFC 6724 section 3.1; IPv4 per section 3.2).

    Args:
        address: an IPv4 or IPv6 address.

    Returns:
        ``0x2`` (link-local: loopback, ``fe80::/10``, ``169.254/16``), ``0x5`` (site-local
        ``fec0::/10``), a multicast address's own scope, or ``0xe`` (global).
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return _LINK_LOCAL if address.is_loopback or address.is_link_local else _GLOBAL
    if address.is_multicast:
        return address.packed[1] & 0x0F
    if address.is_loopback or address.is_link_local:
        return _LINK_LOCAL
    if address.is_site_local:
        return _SITE_LOCAL
    return _GLOBAL


def _common_prefix(source: ipaddress.IPv6Address, destination: ipaddress.IPv6Address) -> int:
    """CommonPrefixLen (section 2.2), up to the source's 64-bit prefix."""
    diff = (int(source) ^ int(destination)) >> 64
    return 64 - diff.bit_length()


def kernel_source(destination: IPAddress) -> IPAddress | None:
    """The source address the kernel would use to reach *destination*.

    A UDP socket is ``connect()``-ed to the destination (port 9, discard) and asked for its
    own address: the kernel picks a route and a source address, and no packet is sent.

    Args:
        destination: the address.

    Returns:
        The source address, or ``None`` when there is no route (or no such address family).
    """
    family = socket.AF_INET6 if destination.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((str(destination), 9))
            local = sock.getsockname()[0]
    except OSError:
        return None
    return ipaddress.ip_address(local.split("%", 1)[0])


class _Candidate:
    __slots__ = (
        "address",
        "label",
        "precedence",
        "scope",
        "source",
        "source_label",
        "source_scope",
    )

    def __init__(self, address: IPAddress, source: IPAddress | None) -> None:
        self.address = address
        self.source = source
        self.precedence, self.label = policy(address)
        self.scope = scope(address)
        if source is not None:
            self.source_scope = scope(source)
            self.source_label = policy(source)[1]


def _compare(a: _Candidate, b: _Candidate) -> int:
    """Negative when *a* should come first (RFC 6724 section 6), 0 to keep the order."""
    # Rule 1: avoid unusable destinations.
    if a.source is None or b.source is None:
        return (a.source is None) - (b.source is None)
    # Rule 2: prefer matching scope.
    a_match, b_match = a.scope == a.source_scope, b.scope == b.source_scope
    if a_match != b_match:
        return -1 if a_match else 1
    # Rule 5: prefer matching label.
    a_match, b_match = a.label == a.source_label, b.label == b.source_label
    if a_match != b_match:
        return -1 if a_match else 1
    # Rule 6: prefer higher precedence.
    if a.precedence != b.precedence:
        return -1 if a.precedence > b.precedence else 1
    # Rule 8: prefer smaller scope.
    if a.scope != b.scope:
        return -1 if a.scope < b.scope else 1
    # Rule 9: longest matching prefix, IPv6 destinations (and sources) only.
    if (
        isinstance(a.address, ipaddress.IPv6Address)
        and isinstance(b.address, ipaddress.IPv6Address)
        and isinstance(a.source, ipaddress.IPv6Address)
        and isinstance(b.source, ipaddress.IPv6Address)
    ):
        a_len = _common_prefix(a.source, a.address)
        b_len = _common_prefix(b.source, b.address)
        if a_len != b_len:
            return -1 if a_len > b_len else 1
    # Rule 10: leave the order unchanged.
    return 0


def sort_addresses(
    addresses: Iterable[IPAddress], *, source_for: SourceLookup = kernel_source
) -> list[IPAddress]:
    """Order destination addresses the way RFC 6724 section 6 prefers them.

    Args:
        addresses: IPv4 and IPv6 addresses, in the order they came (the tie-breaker).
        source_for: finds the source address for a destination (default
            :func:`kernel_source`, which asks the kernel; pass your own to sort for another
            host, or in tests).

    Returns:
        A new list: the best destination first, unreachable ones last.
    """
    given = list(addresses)
    if len(given) < 2:
        return given  # nothing to order: no source lookup
    candidates = [_Candidate(address, source_for(address)) for address in given]
    candidates.sort(key=functools.cmp_to_key(_compare))
    return [c.address for c in candidates]
