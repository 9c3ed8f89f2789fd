"""asyncdns for aiohttp: :class:`AsyncdnsResolver`, a drop-in ``aiohttp.abc.AbstractResolver``.

Install the extra (``pip install "asyncdns[aiohttp]"``) and give it to the connector::

    import aiohttp
    from asyncdns.aiohttp import AsyncdnsResolver

    connector = aiohttp.TCPConnector(resolver=AsyncdnsResolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        ...

By default it resolves with a ``SmartResolver()`` of its own: the hosts file, multicast DNS for
``.local`` names and the system's DNS in one, without a thread per lookup. This module is the
only one that imports aiohttp; ``import asyncdns`` never does.
"""

from __future__ import annotations

import socket

from aiohttp.abc import AbstractResolver, ResolveResult

from asyncdns_system import SmartResolver

from ._getaddrinfo import getaddrinfo
from ._lookup import SupportsLookup

__all__ = ["AsyncdnsResolver"]

_NUMERIC_FLAGS = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
_NAME_FLAGS = socket.NI_NUMERICHOST | socket.NI_NUMERICSERV


class AsyncdnsResolver(AbstractResolver):
    """An ``aiohttp`` resolver backed by asyncdns.

    Args:
        resolver: the asyncdns resolver to ask (anything with ``lookup(query)``); default a
            new :class:`~asyncdns_system.SmartResolver`.
        close_resolver: whether :meth:`close` closes *resolver*; default: only the one this
            object built itself.

    Lookups return one result per address, best first (RFC 6724), as ``ThreadedResolver``
    does; failures raise ``socket.gaierror`` (an ``OSError``), which aiohttp reports as
    ``ClientConnectorDNSError``.
    """

    def __init__(
        self, resolver: SupportsLookup | None = None, *, close_resolver: bool | None = None
    ) -> None:
        owned = resolver is None
        self.resolver: SupportsLookup = SmartResolver() if resolver is None else resolver
        self._close_resolver = owned if close_resolver is None else close_resolver

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve *host* for a TCP connection to *port*.

        Args:
            host: a name or an address literal.
            port: the port.
            family: ``AF_INET``, ``AF_INET6`` or ``AF_UNSPEC`` (aiohttp's default).

        Returns:
            aiohttp's ``ResolveResult`` dicts (``hostname``, ``host``, ``port``, ``family``,
            ``proto``, ``flags``), best address first.

        Raises:
            socket.gaierror: the name does not exist, has no address of *family*, or could
                not be resolved (see :func:`~asyncdns.getaddrinfo`).
        """
        infos = await getaddrinfo(
            host, port, family=family, type=socket.SOCK_STREAM, resolver=self.resolver
        )
        results: list[ResolveResult] = []
        for fam, _, proto, _, sockaddr in infos:
            address, resolved_port = sockaddr[0], sockaddr[1]
            if fam == socket.AF_INET6 and len(sockaddr) > 3 and sockaddr[3]:
                # A scoped (link-local) address: keep its zone, as "fe80::1%eth0".
                address, service = socket.getnameinfo(sockaddr, _NAME_FLAGS)
                resolved_port = int(service)
            results.append(
                ResolveResult(
                    hostname=host,
                    host=address,
                    port=resolved_port,
                    family=fam,
                    proto=proto,
                    flags=_NUMERIC_FLAGS,
                )
            )
        return results

    async def close(self) -> None:
        """Close the asyncdns resolver, if this object owns it (see ``close_resolver``)."""
        if self._close_resolver:
            close = getattr(self.resolver, "close", None)
            if close is not None:
                close()
