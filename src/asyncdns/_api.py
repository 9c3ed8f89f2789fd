"""The high-level helpers: a name to its records or addresses, an address to its names, with
typed errors.

Each takes ``resolver=`` (any object with asyncdns 0.1's ``lookup(query)``; default
:func:`~asyncdns.default_resolver`, a ``SmartResolver()`` per event loop: hosts file, then
multicast DNS for ``.local``, then the system's DNS) and ``trace=`` (a
:class:`~asyncdns_resolvers.Trace`, handed to resolvers whose ``lookup`` takes one).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from asyncdns_resolvers import NameNotFound, NoData, ResolverError, Trace
from asyncdns_wire import AAAA, IN, PTR, A, Query, rr, rrtype_from_text

from ._addrsort import IPAddress, SourceLookup, kernel_source, sort_addresses
from ._lookup import SupportsLookup, ask, records_of

__all__ = [
    "FAMILY_TYPES",
    "Found",
    "Name",
    "gather_addresses",
    "resolve",
    "resolve_addresses",
    "reverse",
]

Name = str | bytes | ipaddress.IPv4Address | ipaddress.IPv6Address
"""A name as :class:`~asyncdns_wire.Query` takes it (an address means its reverse name)."""

FAMILY_TYPES: dict[int, tuple[int, ...]] = {
    socket.AF_UNSPEC: (int(A), int(AAAA)),
    socket.AF_INET: (int(A),),
    socket.AF_INET6: (int(AAAA),),
}
"""The record types asked for each address family."""


async def resolve(
    name: Name,
    rrtype: str | int = "A",
    *,
    rrclass: int = IN,
    resolver: SupportsLookup | None = None,
    trace: Trace | None = None,
) -> list[rr.RR]:
    """Look *name* up and return the records of the type asked for.

    CNAMEs are followed through the answer: the records returned are those of the type asked
    for, owned by the name at the end of the chain (``records[0].name`` is that canonical
    name).

    Args:
        name: the name (``str`` with IDNA for non-ASCII labels, ``bytes`` literally, or an
            address for its reverse name).
        rrtype: the type: ``"MX"``, ``"TYPE65"``, ``asyncdns.MX`` or a number.
        rrclass: the class (``IN``).
        resolver: who asks (default :func:`~asyncdns.default_resolver`).
        trace: a :class:`~asyncdns_resolvers.Trace` to record the lookup in.

    Returns:
        The records (never empty).

    Raises:
        NameNotFound: the name does not exist (NXDOMAIN); carries the SOA and negative TTL.
        NoData: the name exists without records of that type.
        ResolutionTimeout: no answer in time.
        ResolverError: any other failure (every server failed, an error rcode...).
        ValueError, TypeError: a malformed name or type.
    """
    q_type = rrtype_from_text(rrtype) if isinstance(rrtype, str) else rrtype
    query = Query(name, q_type, rrclass)
    reply = await ask(query, resolver, trace)
    return records_of(reply, query)


async def resolve_addresses(
    host: Name,
    *,
    family: int = socket.AF_UNSPEC,
    resolver: SupportsLookup | None = None,
    trace: Trace | None = None,
    source_for: SourceLookup = kernel_source,
) -> list[IPAddress]:
    """The addresses of *host*: A and AAAA asked together, best first (RFC 6724).

    Args:
        host: a name; an address literal is returned as it is (if *family* allows it).
        family: ``socket.AF_UNSPEC`` (both), ``AF_INET`` (A only) or ``AF_INET6`` (AAAA only).
        resolver: who asks (default :func:`~asyncdns.default_resolver`).
        trace: a :class:`~asyncdns_resolvers.Trace` to record both lookups in.
        source_for: how to find the source address for a destination when ordering them
            (default: ask the kernel; see :func:`~asyncdns.sort_addresses`).

    Returns:
        The addresses without duplicates, in RFC 6724 destination order.

    Raises:
        NameNotFound: the name does not exist.
        NoData: neither lookup found an address (and neither failed otherwise).
        ResolutionTimeout, ResolverError: no address came back and a lookup failed so.
        ValueError: an unsupported family, or a literal of the other family.
    """
    types = FAMILY_TYPES.get(family)
    if types is None:
        raise ValueError(f"family must be AF_UNSPEC, AF_INET or AF_INET6, not {family!r}")
    literal = _literal(host)
    if literal is not None:
        if family != socket.AF_UNSPEC and _family_of(literal) != family:
            raise ValueError(f"{literal} is not an address of family {family!r}")
        return [literal]
    found = await gather_addresses(host, types, resolver, trace)
    return sort_addresses(found.addresses, source_for=source_for)


class Found:
    """What :func:`gather_addresses` found: the addresses by type asked, the canonical name."""

    __slots__ = ("by_type", "canonical_name")

    def __init__(self) -> None:
        self.by_type: dict[int, list[IPAddress]] = {}
        self.canonical_name: bytes | None = None

    @property
    def addresses(self) -> list[IPAddress]:
        """Every address found, without duplicates, in the order of the types asked."""
        seen: dict[IPAddress, None] = {}
        for addresses in self.by_type.values():
            for address in addresses:
                seen.setdefault(address, None)
        return list(seen)


async def gather_addresses(
    host: Name,
    types: tuple[int, ...],
    resolver: SupportsLookup | None,
    trace: Trace | None,
) -> Found:
    """Ask for each of *types* (A, AAAA) concurrently.

    Returns:
        The addresses of each type (at least one address in all).

    Raises:
        NameNotFound, NoData, ResolverError: no address came back (see
            :func:`resolve_addresses`).
    """
    outcomes = await asyncio.gather(
        *(resolve(host, q_type, resolver=resolver, trace=trace) for q_type in types),
        return_exceptions=True,
    )
    found = Found()
    errors: list[ResolverError] = []
    for q_type, outcome in zip(types, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, ResolverError):
                raise outcome
            errors.append(outcome)
            continue
        addresses = [r.address for r in outcome if isinstance(r, (rr.A, rr.AAAA))]
        if addresses:
            found.by_type[q_type] = addresses
            if found.canonical_name is None:
                found.canonical_name = outcome[0].name
    if not found.by_type:
        raise _most_telling(errors)
    return found


def _most_telling(errors: list[ResolverError]) -> ResolverError:
    """NXDOMAIN settles it; then a real failure (timeout...); NODATA only when all agree."""
    for error in errors:
        if isinstance(error, NameNotFound):
            return error
    for error in errors:
        if not isinstance(error, NoData):
            return error
    return errors[0]


async def reverse(
    address: str | IPAddress,
    *,
    resolver: SupportsLookup | None = None,
    trace: Trace | None = None,
) -> list[str]:
    """The names of *address*: its PTR records (``in-addr.arpa`` / ``ip6.arpa``; an IPv4-mapped
    IPv6 address, ``::ffff:198.51.100.7``, is looked up as the IPv4 address it maps).

    Args:
        address: an IPv4 or IPv6 address, or its text.
        resolver: who asks (default :func:`~asyncdns.default_resolver`).
        trace: a :class:`~asyncdns_resolvers.Trace` to record the lookup in.

    Returns:
        The names, in presentation form without the final dot (``"host.example.com"``).

    Raises:
        NameNotFound: no reverse name for the address (NXDOMAIN).
        NoData: the reverse name exists without PTR records.
        ResolutionTimeout, ResolverError: the lookup failed.
        ValueError: not an IP address.
    """
    if not isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        address = ipaddress.ip_address(address)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # ::ffff:198.51.100.7, as a dual-stack socket names an IPv4 peer: its in-addr.arpa
        # name, as the C library's getnameinfo and dnspython ask.
        address = address.ipv4_mapped
    records = await resolve(address, PTR, resolver=resolver, trace=trace)
    return [r.target.decode("ascii") for r in records if isinstance(r, rr.PTR)]


def _literal(host: Name) -> IPAddress | None:
    if isinstance(host, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return host
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _family_of(address: IPAddress) -> int:
    return socket.AF_INET if address.version == 4 else socket.AF_INET6
