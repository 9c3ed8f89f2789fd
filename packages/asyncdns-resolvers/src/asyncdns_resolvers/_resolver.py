"""The :class:`Resolver`: asyncdns 0.1's stub resolver, with a cache and in-flight sharing."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Hashable, Iterable, Iterator
from types import TracebackType
from typing import Any, Self

from asyncdns_wire import Message, Query

from ._cache import ReplyCache
from ._errors import ResolverClosed
from ._exchange import Exchange, Transports
from ._options import ResolverOptions
from ._servers import Server, server_iterator

__all__ = ["Resolver"]

ServersArg = Server | list[Server] | tuple[Server, ...] | Iterator[Server] | Iterable[Server] | None


class Resolver:
    """The core DNS resolver (asyncdns 0.1 section 2.3.1).

    It queries the servers it is given over UDP (EDNS, TC → TCP, retries and failover), caches
    replies, and shares one network exchange between identical lookups in flight.

    Args:
        options: timeouts, retries, EDNS and hardening settings (:class:`ResolverOptions`).

    Use it as ``async with Resolver() as r:`` or call :meth:`close`. A resolver that is garbage
    collected cancels its lookups; lookups in flight do not keep it alive.
    """

    def __init__(self, options: ResolverOptions | None = None) -> None:
        if options is not None and not isinstance(options, ResolverOptions):
            raise TypeError("options must be a ResolverOptions")
        self.options = opts = options or ResolverOptions()
        self._cache = ReplyCache(
            max_entries=opts.cache_size,
            min_ttl=opts.min_ttl,
            max_ttl=opts.max_ttl,
            max_negative_ttl=opts.max_negative_ttl,
            stale_ttl=opts.serve_stale,
        )
        self._transports = Transports(opts)
        self._inflight: dict[Any, _Shared] = {}
        self._closed = False
        # Close the sockets if the resolver is collected without close().
        self._finalizer = weakref.finalize(self, _abandon, self._inflight, self._transports)

    # -- the asyncdns 0.1 API ---------------------------------------------------------------

    def lookup(
        self,
        query: Query,
        servers: ServersArg = None,
        should_cache: bool = True,
        recursive: bool = False,
        prefer_ipv6: bool = False,
        force_tcp: bool = False,
    ) -> asyncio.Future[Message]:
        """Perform a DNS lookup.

        Args:
            query: the :class:`~asyncdns_wire.Query` to resolve.
            servers: an ``(address, port)`` tuple; a list of them, used randomly (healthy
                servers first); or any iterator of tuples (:class:`RandomServer`,
                :class:`RoundRobinServer`...). ``None`` means recursive resolution from the
                root servers.
            should_cache: ``False`` bypasses the cache (neither read nor written).
            recursive: resolve iteratively from the given servers (or the root).
            prefer_ipv6: during recursive resolution, prefer servers' IPv6 addresses.
            force_tcp: use TCP even for queries that would fit in UDP.

        Returns:
            A future completing with the :class:`~asyncdns_wire.Message` reply (NXDOMAIN and
            NODATA included), or failing with a :class:`ResolverError`.

        Raises:
            TypeError, ValueError: a malformed argument (checked now, not in the future).
            NotImplementedError: recursive resolution (``servers=None`` or ``recursive=True``),
                which a later release adds.
        """
        if not isinstance(query, Query):
            raise TypeError(f"query must be an asyncdns Query, not {type(query).__name__}")
        for flag, value in (
            ("should_cache", should_cache),
            ("recursive", recursive),
            ("prefer_ipv6", prefer_ipv6),
            ("force_tcp", force_tcp),
        ):
            if not isinstance(value, bool):
                raise TypeError(f"{flag} must be a bool")
        if servers is None or recursive:
            raise NotImplementedError(
                "recursive resolution (servers=None or recursive=True) is not built yet: it "
                "arrives with the recursive-resolution issue (#5); pass servers= for now"
            )
        it, fixed = server_iterator(servers)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        if self._closed:
            fut: asyncio.Future[Message] = loop.create_future()
            fut.set_exception(ResolverClosed("the resolver is closed"))
            return fut
        where: object = fixed
        if fixed is None:
            if isinstance(servers, Hashable):
                # The caller's own iterator object, not id(): the key keeps it alive, so another
                # iterator can never inherit its entries by reusing its memory.
                where = servers
            else:
                should_cache = False
        key = (query.key(), where, self.options.dnssec_ok, force_tcp)
        if should_cache:
            hit = self._cache.get(key, loop.time())
            if hit is not None:
                fut = loop.create_future()
                fut.set_result(hit)
                return fut
            shared = self._inflight.get(key)
            if shared is not None:
                return shared.waiter(loop)
        exchange = Exchange(
            loop, query, it, fixed, self.options, self._transports, force_tcp=force_tcp
        )
        shared = _Shared(
            exchange,
            self._cache if should_cache else None,
            key,
            self._inflight if should_cache else None,
        )
        if should_cache:
            self._inflight[key] = shared
        waiter = shared.waiter(loop)
        if loop.is_running():
            exchange.start()
        else:
            loop.call_soon(exchange.start)
        return waiter

    def flush_cache(self) -> None:
        """Forget every cached reply."""
        self._cache.flush()

    def close(self) -> None:
        """Cancel every lookup in progress and release every socket. Idempotent."""
        self._closed = True
        self._finalizer()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- introspection ------------------------------------------------------------------------

    @property
    def cache(self) -> ReplyCache:
        """The reply cache."""
        return self._cache

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    @property
    def in_flight(self) -> int:
        """Network exchanges under way."""
        return len(self._inflight)

    def open_sockets(self) -> int:
        """UDP sockets and TCP connections currently open."""
        return self._transports.udp.sockets + self._transports.tcp.connections


def _abandon(inflight: dict[Any, _Shared], transports: Transports) -> None:
    try:
        for shared in list(inflight.values()):
            # A closed loop raises RuntimeError: nothing can run the callbacks any more.
            with contextlib.suppress(RuntimeError):
                shared.exchange.abort()
        inflight.clear()
    finally:
        transports.close()  # the sockets are closed even when the loop is gone


class _Shared:
    """One network exchange and the callers waiting for it; each caller has its own future,
    so cancelling one never disturbs the others. The last waiter leaving aborts the exchange."""

    __slots__ = ("cache", "exchange", "inflight", "key", "waiters")

    def __init__(
        self,
        exchange: Exchange,
        cache: ReplyCache | None,
        key: Any,
        inflight: dict[Any, _Shared] | None,
    ) -> None:
        self.exchange = exchange
        self.cache = cache
        self.key = key
        self.inflight = inflight
        self.waiters: list[asyncio.Future[Message]] = []
        exchange.future.add_done_callback(self._done)

    def waiter(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[Message]:
        fut: asyncio.Future[Message] = loop.create_future()
        self.waiters.append(fut)
        fut.add_done_callback(self._waiter_done)
        return fut

    def _waiter_done(self, fut: asyncio.Future[Message]) -> None:
        if fut.cancelled() and not self.exchange.future.done():
            try:
                self.waiters.remove(fut)
            except ValueError:
                return
            if not self.waiters:
                self._forget()
                self.exchange.abort()

    def _forget(self) -> None:
        if self.inflight is not None and self.inflight.get(self.key) is self:
            del self.inflight[self.key]

    def _done(self, fut: asyncio.Future[Message]) -> None:
        self._forget()
        waiters = self.waiters
        self.waiters = []
        if fut.cancelled():
            for w in waiters:
                w.cancel()
            return
        exc = fut.exception()
        if exc is None:
            reply = fut.result()
            if self.cache is not None:
                self.cache.put(self.key, reply, self.exchange._loop.time())
            for w in waiters:
                if not w.done():
                    w.set_result(reply)
            return
        if self.cache is not None:
            stale = self.cache.get_stale(self.key, self.exchange._loop.time())
            if stale is not None:
                for w in waiters:
                    if not w.done():
                        w.set_result(stale)
                return
        for w in waiters:
            if not w.done():
                w.set_exception(exc)
