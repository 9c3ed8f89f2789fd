"""Server choice: :class:`RandomServer`, :class:`RoundRobinServer` and the normalisation of the
``servers`` argument of :meth:`Resolver.lookup`."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = [
    "RandomServer",
    "RoundRobinServer",
    "Server",
    "SockAddr",
    "check_server",
    "make_room",
    "server_iterator",
    "sockaddr",
]

Server = tuple[str, int]
"""An (address, port) pair; the address is an IPv4 or IPv6 literal (zone ids allowed)."""

SockAddr = tuple[str, int] | tuple[str, int, int, int]

#: Servers a per-server table (health, cookies) remembers at most: a resolver that has asked
#: very many servers (a recursive walk meets new ones all the time) forgets the earliest first.
MAX_TRACKED = 4096
_V = TypeVar("_V")
_IFNAMSIZ = 16  # an interface name is shorter (Linux, BSD, macOS)


def check_server(server: Any) -> Server:
    """Validate one ``(address, port)`` tuple and return it normalised.

    Raises:
        TypeError: not a tuple of (str, int).
        ValueError: not an IP address literal, or a port outside 1..65535.
    """
    if not isinstance(server, tuple) or len(server) != 2:
        raise TypeError(f"a server is an (address, port) tuple, not {server!r}")
    address, port = server
    if not isinstance(address, str):
        if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            address = str(address)
        else:
            raise TypeError(f"server address must be a str, not {type(address).__name__}")
    if not isinstance(port, int) or isinstance(port, bool):
        raise TypeError(f"server port must be an int, not {type(port).__name__}")
    if not 0 < port <= 0xFFFF:
        raise ValueError(f"server port must be in 1..65535, not {port}")
    literal, percent, zone = address.partition("%")
    try:
        ip = ipaddress.ip_address(literal)
    except ValueError:
        raise ValueError(f"server address must be an IP address literal, not {address!r}") from None
    if percent and (ip.version == 4 or not _is_zone_id(zone)):
        raise ValueError(
            f"a zone id follows an IPv6 address only, as an interface index or a name of at "
            f"most {_IFNAMSIZ - 1} characters: {address!r}"
        )
    return (address, port)


def _is_zone_id(zone: str) -> bool:
    if zone.isdigit():
        return zone.isascii() and int(zone) < 2**32
    return 0 < len(zone) < _IFNAMSIZ and zone.isascii() and zone.isprintable() and " " not in zone


def make_room(table: dict[Server, _V]) -> None:
    """Forget the earliest server of a per-server *table* when it holds :data:`MAX_TRACKED`
    (call before adding one)."""
    if len(table) >= MAX_TRACKED:
        del table[next(iter(table))]


def sockaddr(server: Server) -> tuple[socket.AddressFamily, SockAddr]:
    """The socket family and address of a server (checked by :func:`check_server`), with no
    name lookup: an interface name in a zone id becomes its index (UDP and TCP alike; the C
    library's ``getaddrinfo`` takes names on link-local addresses only).

    Raises:
        ValueError: the address is not an IP literal, or its zone names no interface here.
    """
    host, port = server
    if ":" not in host:
        try:
            socket.inet_pton(socket.AF_INET, host)
        except (OSError, TypeError):
            raise ValueError(f"not an IP address literal: {host!r}") from None
        return socket.AF_INET, (host, port)
    address, _, zone = host.partition("%")
    try:
        socket.inet_pton(socket.AF_INET6, address)
        scope = 0
        if zone:
            scope = int(zone) if zone.isdigit() else socket.if_nametoindex(zone)
    except (OSError, TypeError):
        raise ValueError(f"not an IP address literal here: {host!r}") from None
    return socket.AF_INET6, (address, port, 0, scope)


class RandomServer:
    """An endless stream of servers picked at random from a list.

    Args:
        servers: the (address, port) tuples to choose from.
    """

    def __init__(self, servers: Iterable[Server]) -> None:
        self._servers = [check_server(s) for s in servers]
        if not self._servers:
            raise ValueError("RandomServer needs at least one server")

    def __iter__(self) -> Iterator[Server]:
        return self

    def __next__(self) -> Server:
        return self._servers[secrets.randbelow(len(self._servers))]

    def __repr__(self) -> str:
        return f"RandomServer({self._servers!r})"


class RoundRobinServer:
    """An endless stream cycling through a list of servers in order.

    Args:
        servers: the (address, port) tuples to cycle through.
    """

    def __init__(self, servers: Iterable[Server]) -> None:
        self._servers = [check_server(s) for s in servers]
        if not self._servers:
            raise ValueError("RoundRobinServer needs at least one server")
        self._next = 0

    def __iter__(self) -> Iterator[Server]:
        return self

    def __next__(self) -> Server:
        server = self._servers[self._next]
        self._next = (self._next + 1) % len(self._servers)
        return server

    def __repr__(self) -> str:
        return f"RoundRobinServer({self._servers!r})"


def server_iterator(
    servers: Server | Sequence[Server] | Iterator[Server] | Iterable[Server],
) -> tuple[Iterator[Server], tuple[Server, ...] | None]:
    """Turn the ``servers`` argument into an iterator, plus the fixed list when there is one.

    One tuple means that server; a list (or tuple of tuples) is used randomly; any other
    iterable is consumed as it is. The fixed list, when known, serves as the cache key and lets
    the resolver order servers by their health.

    Raises:
        TypeError / ValueError: a malformed server.
    """
    if isinstance(servers, tuple) and len(servers) == 2 and isinstance(servers[1], int):
        one = check_server(servers)
        return iter(RandomServer([one])), (one,)
    if isinstance(servers, (list, tuple)):
        fixed = tuple(check_server(s) for s in servers)
        if not fixed:
            raise ValueError("servers is an empty list")
        return iter(RandomServer(fixed)), fixed
    if isinstance(servers, (str, bytes)):
        raise TypeError("servers must be (address, port) tuples, not a string")
    try:
        it = iter(servers)
    except TypeError:
        raise TypeError(
            f"servers must be a tuple, a list or an iterable, not {type(servers).__name__}"
        ) from None
    return _checked(it), None


def _checked(it: Iterator[Any]) -> Iterator[Server]:
    for server in it:
        yield check_server(server)
