"""Where the command's lookups go: the demo zone, ``@server``, a recursive walk from the root
hints, or the system's resolvers. :func:`open_backend` builds the one the settings ask for
and closes everything it opened when the command is done."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from asyncdns_resolvers import ROOT_HINTS, Resolver, ResolverOptions, Trace
from asyncdns_system import SmartResolver
from asyncdns_wire import Message, Query

from ._cli_args import Settings
from ._cli_output import where
from ._demo import DemoServer

__all__ = ["Backend", "open_backend"]

LookupFn = Callable[[Query, "Trace | None"], "asyncio.Future[Message]"]


class Backend:
    """A way to look names up, and how to describe who answered.

    Attributes:
        source: who answers, for the header line and the JSON ``server`` key.
        lookup: ``lookup(query, trace)`` returns the reply's future; *trace* is used by
            recursive and ``--system`` lookups.
    """

    __slots__ = ("lookup", "source")

    def __init__(self, source: str, lookup: LookupFn) -> None:
        self.source = source
        self.lookup = lookup


def resolver_options(settings: Settings) -> ResolverOptions:
    """The :class:`ResolverOptions` of the command's resolver: ``--timeout`` bounds each
    lookup, a first attempt waits at most a second."""
    timeout = settings.timeout
    return ResolverOptions(
        timeout=min(1.0, timeout),
        max_timeout=min(4.0, timeout),
        lifetime=timeout,
        recursion_lifetime=timeout,
        root_hints=settings.root_hints,
    )


@contextlib.asynccontextmanager
async def open_backend(settings: Settings) -> AsyncIterator[Backend]:
    """The :class:`Backend` for *settings*, open until the ``async with`` ends.

    Raises:
        OSError: the demo server cannot listen.
    """
    options = resolver_options(settings)
    tcp = settings.tcp
    if settings.system:
        smart = SmartResolver(
            hosts=settings.hosts,
            resolv_conf=settings.resolv_conf,
            options=options,
            use_mdns=settings.mdns,
        )
        async with smart:
            yield Backend(
                "the system's resolvers (hosts, mDNS, DNS)",
                lambda query, trace: smart.lookup(query, force_tcp=tcp, trace=trace),
            )
        return
    async with contextlib.AsyncExitStack() as stack:
        server = settings.server
        source = ""
        if server is None and not settings.recursive:
            demo = await stack.enter_async_context(DemoServer())
            server = demo.address
            source = f"{where(server)} (the embedded demo zone)"
        # Entered last, closed first: its connections end before the demo server's.
        resolver = await stack.enter_async_context(Resolver(options))
        if settings.recursive:
            start = server
            hints = (start,) if start is not None else options.root_hints or ROOT_HINTS
            first = ", ".join(where(s) for s in hints[:3]) + (", ..." if len(hints) > 3 else "")
            yield Backend(
                f"recursively, from {first}",
                lambda query, trace: resolver.lookup(
                    query, start, recursive=start is not None, force_tcp=tcp, trace=trace
                ),
            )
            return
        assert server is not None
        target, rd = server, settings.recurse
        yield Backend(
            source or where(target),
            lambda query, trace: resolver.lookup(
                query, target, force_tcp=tcp, recursion_desired=rd
            ),
        )
