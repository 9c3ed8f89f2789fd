"""Which servers a name goes to: split-DNS routes compiled for quick matching, and the
``servers`` argument handed to the :class:`~asyncdns_resolvers.Resolver`."""

from __future__ import annotations

from collections.abc import Iterator

from asyncdns_resolvers import Server
from asyncdns_wire import ROOT

from ._config import SplitRoute, SystemConfig

__all__ = ["InOrder", "Routes"]


class InOrder:
    """The servers in their configured order, first one first, cycling (glibc without
    ``rotate``). A fresh one serves each lookup; two compare equal when their server lists
    are equal, so the resolver's cache and in-flight sharing still work across lookups."""

    __slots__ = ("_next", "servers")

    def __init__(self, servers: tuple[Server, ...]) -> None:
        self.servers = servers
        self._next = 0

    def __iter__(self) -> Iterator[Server]:
        return self

    def __next__(self) -> Server:
        servers = self.servers
        server = servers[self._next % len(servers)]
        self._next += 1
        return server

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InOrder) and other.servers == self.servers

    def __hash__(self) -> int:
        return hash((InOrder, self.servers))

    def __repr__(self) -> str:
        return f"InOrder({self.servers!r})"


class Routes:
    """A configuration's routes, most specific first, ready for matching.

    Args:
        config: the snapshot.
    """

    __slots__ = ("default", "table")

    def __init__(self, config: SystemConfig) -> None:
        self.default: tuple[Server, ...] = tuple(ns.server for ns in config.default_nameservers())
        ranked = sorted(
            enumerate(config.routes),
            key=lambda item: (-_depth(item[1].domain), item[1].order, item[0]),
        )
        self.table: list[tuple[bytes, bool, tuple[Server, ...]]] = [
            (_suffix(route), route.exact, tuple(ns.server for ns in route.nameservers))
            for _, route in ranked
            if route.nameservers
        ]

    def servers_for(self, name: bytes) -> tuple[Server, ...]:
        """The servers for *name*: the most specific matching route's, else the default.

        Args:
            name: a presentation-form name.

        Returns:
            The servers (empty when nothing is configured).
        """
        if not self.table:
            return self.default
        key = b"." + name.lower()
        for suffix, exact, servers in self.table:
            if key == suffix or (not exact and key.endswith(suffix)):
                return servers
        return self.default


def _suffix(route: SplitRoute) -> bytes:
    return b"" if route.domain == ROOT else b"." + route.domain.lower()


def _depth(domain: bytes) -> int:
    return 0 if domain == ROOT else domain.count(b".") + 1
