"""``getaddrinfo`` on asyncdns: the shape, flags and errors of ``socket.getaddrinfo`` and
``loop.getaddrinfo``, with the names resolved by an asyncdns resolver instead of the C library
(no thread, no blocking call).

Address literals and a ``None`` host never reach DNS: the standard library handles them, with
``AI_NUMERICHOST`` forced, so they behave exactly as they do there (the C library's own
numeric forms included: ``127.1``, ``0x7f.0.0.1``); only what it reads as no address at all
is looked up. So does turning each
address into socket tuples (ports, service names, socket types, IPv6 scopes).
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from asyncdns_resolvers import (
    NameNotFound,
    NoData,
    NoNameservers,
    RecursionFailure,
    ResolutionTimeout,
    ResolverError,
    ServerFailure,
    Trace,
)
from asyncdns_wire import AAAA, SERVFAIL, A

from ._addrsort import IPAddress, SourceLookup, as_v6, kernel_source, sort_addresses
from ._api import FAMILY_TYPES, Name, gather_addresses
from ._lookup import SupportsLookup

__all__ = ["AddrInfo", "getaddrinfo"]

AddrInfo = tuple[
    socket.AddressFamily,
    socket.SocketKind,
    int,
    str,
    tuple[str, int] | tuple[str, int, int, int],
]
"""One result: ``(family, type, proto, canonname, sockaddr)``, as ``socket.getaddrinfo``."""

_EAI_NODATA = getattr(socket, "EAI_NODATA", socket.EAI_NONAME)
# Not every platform's socket module has these; where one is missing, so is the feature.
_AI_V4MAPPED: int = getattr(socket, "AI_V4MAPPED", 0)
_AI_ALL: int = getattr(socket, "AI_ALL", 0)
_AI_ADDRCONFIG: int = getattr(socket, "AI_ADDRCONFIG", 0)
_MESSAGES = {
    _EAI_NODATA: "No address associated with hostname",
    socket.EAI_AGAIN: "Temporary failure in name resolution",
    socket.EAI_FAIL: "Non-recoverable failure in name resolution",
    socket.EAI_FAMILY: "ai_family not supported",
    # Last: where there is no EAI_NODATA, both outcomes are EAI_NONAME with this message.
    socket.EAI_NONAME: "Name or service not known",
}


async def getaddrinfo(
    host: Name | None,
    port: str | bytes | int | None,
    family: int = 0,
    type: int = 0,
    proto: int = 0,
    flags: int = 0,
    *,
    resolver: SupportsLookup | None = None,
    trace: Trace | None = None,
    source_for: SourceLookup = kernel_source,
) -> list[AddrInfo]:
    """Resolve *host* and *port* into socket addresses, like ``loop.getaddrinfo``.

    Drop-in for ``socket.getaddrinfo`` / ``loop.getaddrinfo``: the same arguments, the same
    list of ``(family, type, proto, canonname, sockaddr)`` tuples, the same
    ``socket.gaierror`` codes. ``type=0`` gives one tuple per socket type (stream, datagram,
    raw) as the C library does. Names are resolved with *resolver*: A and AAAA asked together
    (``AF_UNSPEC``), only A (``AF_INET``) or only AAAA (``AF_INET6``; with ``AI_V4MAPPED``,
    A records as ``::ffff:a.b.c.d`` when there is no AAAA, or always with ``AI_ALL``); the
    addresses in RFC 6724 order. ``AI_CANONNAME`` puts the canonical name (after CNAMEs) in
    the first tuple. ``AI_NUMERICHOST`` refuses names. Address literals and ``host=None``
    (``AI_PASSIVE``: the wildcard address, else loopback) are handled as the standard library
    does, without DNS.

    Args:
        host: a name, an address literal, or ``None``.
        port: a port number, a service name, or ``None``.
        family: ``AF_UNSPEC`` (0), ``AF_INET`` or ``AF_INET6``.
        type: a socket type, or 0 for all.
        proto: a protocol number, or 0.
        flags: ``AI_*`` flags.
        resolver: who asks (default :func:`~asyncdns.default_resolver`).
        trace: a :class:`~asyncdns_resolvers.Trace` to record the lookups in.
        source_for: the source-address lookup used to order addresses (RFC 6724).

    Returns:
        The address tuples, best first.

    Raises:
        socket.gaierror: ``EAI_NONAME`` (no such name, or a name with ``AI_NUMERICHOST``),
            ``EAI_NODATA`` (the name has no address of that family), ``EAI_AGAIN`` (a
            timeout or SERVFAIL), ``EAI_FAIL`` (another failure), ``EAI_FAMILY``,
            ``EAI_SERVICE``, ``EAI_SOCKTYPE``... The resolver's exception is the
            ``__cause__``.
    """
    if family not in (socket.AF_UNSPEC, socket.AF_INET, socket.AF_INET6):
        raise _gaierror(socket.EAI_FAMILY)
    if isinstance(host, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        host = str(host)
    # The service, socket type and flags first, as the C library checks them (on a literal of
    # our own: AI_NUMERICSERV with a service name says EAI_NONAME, which must not be taken
    # for "the host is no literal" below), and before any DNS. Without AI_ADDRCONFIG: on a
    # host with no IPv4 address but loopback it would refuse our IPv4 literal.
    _numeric("127.0.0.1", port, socket.AF_INET, type, proto, flags & ~_AI_ADDRCONFIG)
    try:  # a literal (or no host), as the C library reads one
        return _numeric(host, port, family, type, proto, flags)
    except socket.gaierror as exc:
        if exc.errno != socket.EAI_NONAME or host is None:
            raise
    except UnicodeError:  # a str host is IDNA-encoded first: this one is no literal
        pass
    if flags & socket.AI_NUMERICHOST or not host:
        raise _gaierror(socket.EAI_NONAME)
    v4mapped = family == socket.AF_INET6 and bool(flags & _AI_V4MAPPED)
    types = (int(AAAA), int(A)) if v4mapped else FAMILY_TYPES[family]
    try:
        found = await gather_addresses(host, types, resolver, trace)
    except ValueError as exc:  # not a valid name at all
        raise _gaierror(socket.EAI_NONAME) from exc
    except ResolverError as exc:
        raise _gaierror(_code_for(exc)) from exc
    if v4mapped:
        addresses: list[IPAddress] = list(found.by_type.get(AAAA, []))
        if not addresses or flags & _AI_ALL:
            addresses.extend(as_v6(a) for a in found.by_type.get(A, []))
        addresses = list(dict.fromkeys(addresses))
    else:
        addresses = found.addresses
    addresses = sort_addresses(addresses, source_for=source_for)
    inner = (flags & ~(socket.AI_CANONNAME | _AI_V4MAPPED | _AI_ALL)) | (socket.AI_NUMERICHOST)
    results: list[AddrInfo] = []
    for address in addresses:
        fam = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        results.extend(_numeric(str(address), port, fam, type, proto, inner))
    if flags & socket.AI_CANONNAME and results and found.canonical_name is not None:
        first = results[0]
        canonical = found.canonical_name.decode("ascii", "backslashreplace")
        results[0] = (first[0], first[1], first[2], canonical, first[4])
    return results


def _numeric(
    host: str | bytes | None,
    port: str | bytes | int | None,
    family: int,
    type: int,
    proto: int,
    flags: int,
) -> list[AddrInfo]:
    """The standard library's answer for a literal (or ``None``) host: never a DNS query."""
    # Plain ints: an AddressInfo flag would turn a negative (bad) flags value into a valid one.
    result: list[Any] = socket.getaddrinfo(
        host, port, family, type, proto, int(flags) | int(socket.AI_NUMERICHOST)
    )
    return result


def _code_for(exc: ResolverError) -> int:
    """The EAI code the C library gives for the same outcome."""
    if isinstance(exc, NameNotFound):
        return socket.EAI_NONAME
    if isinstance(exc, NoData):
        return _EAI_NODATA
    if isinstance(exc, (ResolutionTimeout, RecursionFailure)):
        return socket.EAI_AGAIN  # try again later (a timeout, or what a server says SERVFAIL)
    if isinstance(exc, ServerFailure):
        return socket.EAI_AGAIN if exc.rcode == SERVFAIL else socket.EAI_FAIL
    if isinstance(exc, NoNameservers):
        transient = any(
            isinstance(e, TimeoutError) or (isinstance(e, ServerFailure) and e.rcode == SERVFAIL)
            for _, e in exc.errors
        )
        return socket.EAI_AGAIN if transient else socket.EAI_FAIL
    return socket.EAI_FAIL


def _gaierror(code: int) -> socket.gaierror:
    return socket.gaierror(code, _MESSAGES.get(code, "Unknown error"))
