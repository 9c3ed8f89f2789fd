"""The :class:`Resolver`: asyncdns 0.1's resolver (stub and recursive), with a cache and
in-flight sharing."""

from __future__ import annotations

import asyncio
import weakref
from asyncio import get_running_loop as _get_running_loop
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from asyncdns_wire import Message, Query

from ._cache import ReplyCache
from ._exchange import Exchange, Transports
from ._lifecycle import Closing, abort_all, closed_future, lookup_loop
from ._options import ResolverOptions
from ._recursive import DelegationCaches, Recursion, recursion_hints, walk_limits
from ._servers import Server, server_iterator
from ._trace import Trace, TraceEntry, TraceEvent
from ._trace_arg import checked_trace
from ._walk import Walk

__all__ = ["Resolver"]

ServersArg = Server | list[Server] | tuple[Server, ...] | Iterator[Server] | Iterable[Server] | None
_Job = Exchange | Recursion  # a stub lookup's exchange, or a recursive lookup's walk


class Resolver(Closing):
    """The core DNS resolver (asyncdns 0.1 section 2.3.1).

    It queries the servers it is given over UDP (EDNS, TC → TCP, retries and failover), caches
    replies, and shares one network exchange between identical lookups in flight. Without
    servers (or with ``recursive=True``) it resolves recursively, from the root servers (or the
    servers given), following referrals itself.

    Args:
        options: timeouts, retries, EDNS and hardening settings (:class:`ResolverOptions`).

    Use it as ``async with Resolver() as r:`` or call :meth:`close`. A resolver that is garbage
    collected cancels its lookups; lookups in flight do not keep it alive. It serves one event
    loop at a time: used from another loop once the first is closed (``asyncio.run()`` twice),
    it cancels what was left in flight there, reopens its sockets and keeps its cache.
    """

    def __init__(self, options: ResolverOptions | None = None) -> None:
        if options is not None and not isinstance(options, ResolverOptions):
            raise TypeError("options must be a ResolverOptions")
        self.options = opts = options or ResolverOptions()
        self._book = _Book(
            ReplyCache(
                max_entries=opts.cache_size,
                max_records=opts.cache_max_records,
                min_ttl=opts.min_ttl,
                max_ttl=opts.max_ttl,
                max_negative_ttl=opts.max_negative_ttl,
                stale_ttl=opts.serve_stale,
            )
        )
        self._transports = Transports(opts)
        #: The event loop the lookups in flight, the sockets and the timers belong to.
        self._loop: asyncio.AbstractEventLoop | None = None
        # Validated ``servers`` arguments: tuples, and (apart, so that the list ["::1", 53]
        # is never taken for the tuple ("::1", 53)) lists, as tuples.
        self._checked: dict[Hashable, tuple[Server, ...]] = {}
        self._checked_lists: dict[Hashable, tuple[Server, ...]] = {}
        self._delegations = DelegationCaches(opts)
        self._closed = False
        self._dnssec_ok = opts.dnssec_ok  # part of every cache key (options are frozen)
        # Exchanges reference the book, never the resolver, so lookups in flight do not keep it
        # alive; collecting it (or close()) cancels them and closes the sockets.
        self._finalizer = weakref.finalize(self, _abandon, self._book, self._transports)

    # -- the asyncdns 0.1 API ---------------------------------------------------------------

    def lookup(
        self,
        query: Query,
        servers: ServersArg = None,
        should_cache: bool = True,
        recursive: bool = False,
        prefer_ipv6: bool = False,
        force_tcp: bool = False,
        *,
        trace: Trace | None = None,
        recursion_desired: bool = True,
    ) -> asyncio.Future[Message]:
        """Perform a DNS lookup.

        Args:
            query: the :class:`~asyncdns_wire.Query` to resolve.
            servers: an ``(address, port)`` tuple; a list of them, used randomly (healthy
                servers first); or any iterator of tuples (:class:`RandomServer`,
                :class:`RoundRobinServer`...). ``None`` means recursive resolution from the
                root servers (``ResolverOptions.root_hints``, else the IANA root servers).
            should_cache: ``False`` bypasses the cache (neither read nor written).
            recursive: resolve recursively, starting at *servers* (treated as root servers:
                a list is used whole, an iterator gives its first 16 distinct servers) instead
                of the root.
            prefer_ipv6: during recursive resolution, prefer servers' IPv6 addresses.
            force_tcp: use TCP even for queries that would fit in UDP.
            trace: a :class:`Trace` to append this lookup's events to, one
                :class:`TraceEntry` each. A recursive lookup records its walk (which server
                was asked what, what it said); it always walks (it does not answer from the
                reply cache nor join an identical lookup in flight) and stores its reply in
                the cache as usual. A stub lookup records a cache hit with the entry's age
                (:attr:`TraceEvent.CACHE_HIT`), or each attempt: server, transport and outcome
                (reply, timeout, error rcode, TC → TCP, EDNS fallback, network error, a reply
                ignored as forged), then :attr:`TraceEvent.GIVE_UP` or
                :attr:`TraceEvent.STALE` if it fails; it never joins an identical lookup in
                flight, so its own attempts are the ones recorded.
            recursion_desired: stub lookups only: ``False`` sends the query with RD clear
                (``dig +norecurse``), asking the server for what it holds itself (its
                authoritative data, its cache, or a referral). Such a lookup neither reads nor
                writes the cache. Recursive lookups always send RD clear.

        Returns:
            A future completing with the :class:`~asyncdns_wire.Message` reply (NXDOMAIN and
            NODATA included), or failing with a :class:`ResolverError`. A recursive reply is
            built by the resolver: QR, RD and RA set, the question asked, the answer chain
            (CNAME/DNAME records first), and for NXDOMAIN/NODATA the zone's SOA. Lookups that
            join an identical one in flight share its reply, with the question as the first
            caller spelled it (names compare case-insensitively).

        Raises:
            TypeError, ValueError: a malformed argument (checked now, not in the future).
            RuntimeError: lookups are in flight on another event loop that is not closed (a
                resolver serves one loop at a time; once that loop is closed, the resolver
                moves to the new one: sockets reopen, the cache and server health stay).

        A recursive lookup fails with :class:`RecursionFailure` when a delegation has no
        usable server (lame, unreachable) or an alias chain loops (where a recursive server
        would answer SERVFAIL), :class:`LimitExceeded` when a work limit is reached, and
        :class:`ResolutionTimeout` after ``recursion_lifetime`` seconds.
        """
        if type(query) is not Query and not isinstance(query, Query):
            raise TypeError(f"query must be an asyncdns Query, not {type(query).__name__}")
        if (  # bools only: these identity tests are the cheapest check on the cache-hit path
            (should_cache is not True and should_cache is not False)
            or (recursive is not False and recursive is not True)
            or (prefer_ipv6 is not False and prefer_ipv6 is not True)
            or (force_tcp is not False and force_tcp is not True)
        ):
            _check_flags(
                should_cache=should_cache,
                recursive=recursive,
                prefer_ipv6=prefer_ipv6,
                force_tcp=force_tcp,
            )
        if servers is None or recursive:
            return self._recurse(query, servers, should_cache, prefer_ipv6, force_tcp, trace)
        if recursion_desired is not True:
            _check_flags(recursion_desired=recursion_desired)
            should_cache = False  # an RD-clear reply answers another question than a stub's
        # A tuple of servers seen before (the commonest case) skips _servers_of().
        fixed = None
        if type(servers) is tuple:
            try:  # noqa: SIM105 (contextlib.suppress costs more on this hot path)
                fixed = self._checked.get(servers)
            except TypeError:  # unhashable contents: _servers_of() says what is wrong
                pass
        if fixed is not None:
            it: Iterator[Server] | None = None
            where: Hashable | None = fixed
        else:
            it, fixed, where = self._servers_of(servers)
        try:  # lookup_loop(), inlined: this is the path of every cache hit (about 2 us)
            loop = _get_running_loop()
            in_loop = True
        except RuntimeError:
            loop = asyncio.get_event_loop()
            in_loop = False
        if self._closed:
            return closed_future(loop)
        if loop is not self._loop:
            self._move_to(loop)
        fut: asyncio.Future[Message] = loop.create_future()
        if where is None:
            should_cache = False
        book = self._book
        key = (query._key, where, self._dnssec_ok, force_tcp)
        if should_cache:
            hit = book.cache.get(key, loop.time())
            if hit is not None:
                if trace is not None:
                    _trace_hit(trace, query, book.cache, key, loop.time(), hit)
                fut.set_result(hit)
                return fut
            running = book.inflight.get(key)
            if running is not None and trace is None:
                running.join(fut)
                return fut
        exchange = Exchange(
            loop,
            query,
            it,
            fixed,
            self.options,
            self._transports,
            force_tcp=force_tcp,
            future=fut,
            on_done=book.done if should_cache else book.done_uncached,
            key=key,
            rd=recursion_desired,
        )
        if trace is None:
            book.active.add(exchange)
            if should_cache:
                book.inflight[key] = exchange
        else:  # traced: records every attempt, and is never joined by other lookups
            exchange.trace = checked_trace(trace)
            book.active.add(exchange)
        if in_loop:
            exchange.start()
        else:
            loop.call_soon(exchange.start)
        return fut

    def _servers_of(
        self, servers: ServersArg
    ) -> tuple[Iterator[Server] | None, tuple[Server, ...] | None, Hashable | None]:
        """(iterator, fixed list, cache key part) for the ``servers`` argument.

        A tuple or list is validated once and remembered, so repeated lookups with the same
        servers skip the checks. Other iterables are consumed as they come; the caller's own
        iterator object is the cache key part (``None``: not cacheable).
        """
        memo_key: Hashable | None = None
        if type(servers) is tuple or type(servers) is list:
            try:
                memo_key = tuple(servers)
                hash(memo_key)
            except TypeError:
                memo_key = None
        if memo_key is not None:
            memo = self._checked if type(servers) is tuple else self._checked_lists
            fixed = memo.get(memo_key)
            if fixed is None:
                _, fixed = server_iterator(servers)  # type: ignore[arg-type]
                assert fixed is not None
                if len(memo) >= 256:
                    memo.clear()
                memo[memo_key] = fixed
            return None, fixed, fixed
        it, fixed = server_iterator(servers)  # type: ignore[arg-type]
        if fixed is not None:
            return None, fixed, fixed
        return it, None, servers if isinstance(servers, Hashable) else None

    def _recurse(
        self,
        query: Query,
        servers: ServersArg,
        should_cache: bool,
        prefer_ipv6: bool,
        force_tcp: bool,
        trace: Trace | None,
    ) -> asyncio.Future[Message]:
        """Start a recursive lookup (see :meth:`lookup`)."""
        if trace is not None:
            checked_trace(trace)
        opts = self.options
        hints = recursion_hints(servers, opts)
        loop = lookup_loop()
        if self._closed:
            return closed_future(loop)
        if loop is not self._loop:
            self._move_to(loop)
        fut: asyncio.Future[Message] = loop.create_future()
        book = self._book
        # Distinct from every stub key: the servers part is ("recursive", hints).
        key = (query._key, ("recursive", hints), self._dnssec_ok, force_tcp)
        if should_cache and trace is None:
            hit = book.cache.get(key, loop.time())
            if hit is not None:
                hit.questions = [query]  # the question asked, spelled as asked (own list)
                fut.set_result(hit)
                return fut
            running = book.inflight.get(key)
            if running is not None:
                running.join(fut)
                return fut
        walk = Walk(
            query,
            hints,
            limits=walk_limits(opts),
            delegations=self._delegations.for_hints(hints),
            prefer_ipv6=prefer_ipv6,
            minimise=opts.qname_minimisation,
            trace=trace,
            dnssec_ok=opts.dnssec_ok,
        )
        job = Recursion(
            loop,
            walk,
            opts,
            self._transports,
            force_tcp=force_tcp,
            future=fut,
            on_done=book.done if should_cache else book.done_uncached,
            key=key,
        )
        book.active.add(job)
        if should_cache and trace is None:
            book.inflight[key] = job
        if loop.is_running():
            job.start()
        else:
            loop.call_soon(job.start)
        return fut

    def flush_cache(self) -> None:
        """Forget every cached reply, and every delegation recursive lookups learnt."""
        self._book.cache.flush()
        self._delegations.flush()

    def close(self) -> None:
        """Cancel every lookup in progress and release every socket. Idempotent."""
        self._closed = True
        self._finalizer()

    def _move_to(self, loop: asyncio.AbstractEventLoop) -> None:
        """Serve lookups on *loop* from now on (a resolver serves one event loop at a time).

        What belonged to the previous loop cannot go on: its lookups in flight are cancelled
        and its sockets closed (server health, cookies and the cache are kept; TCP connections
        of a loop that is not closed close when that loop next runs, as asyncio closes them
        there). Moving is refused while lookups are in flight on a loop that is not closed.

        Raises:
            RuntimeError: lookups are in flight on another event loop that is not closed.
        """
        old = self._loop
        if old is not None:
            if self._book.active and not old.is_closed():
                raise RuntimeError(
                    "this Resolver has lookups in flight on another event loop: a Resolver "
                    "serves one event loop at a time (close that loop, or use a Resolver per loop)"
                )
            old_transports = self._transports
            _abandon(self._book, old_transports)
            self._transports = Transports(self.options)
            self._transports.health = old_transports.health
            self._transports.cookies = old_transports.cookies
            self._finalizer.detach()
            self._finalizer = weakref.finalize(self, _abandon, self._book, self._transports)
        self._loop = loop

    # -- introspection ------------------------------------------------------------------------

    @property
    def cache(self) -> ReplyCache:
        """The reply cache."""
        return self._book.cache

    @property
    def in_flight(self) -> int:
        """Network exchanges under way."""
        return len(self._book.active)

    def open_sockets(self) -> int:
        """UDP sockets and TCP connections currently open."""
        return self._transports.udp.sockets + self._transports.tcp.connections


def _trace_hit(
    trace: Trace, query: Query, cache: ReplyCache, key: Hashable, now: float, hit: Message
) -> None:
    """Record a stub lookup answered from the reply cache."""
    checked_trace(trace).append(
        TraceEntry(
            TraceEvent.CACHE_HIT,
            query=query,
            rcode=hit.rcode,
            records=tuple(hit.answers),
            age=cache.age(key, now),
        )
    )


def _check_flags(**flags: object) -> None:
    for flag, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"{flag} must be a bool, not {type(value).__name__}")


def _abandon(book: _Book, transports: Transports) -> None:
    try:
        abort_all(book.active)
        book.active.clear()
        book.inflight.clear()
    finally:
        transports.close()  # the sockets are closed even when the loop is gone


class _Book:
    """What a resolver's exchanges report to: the cache, the exchanges running, and those that
    identical lookups may join. Exchanges hold this, not the resolver."""

    __slots__ = ("active", "cache", "inflight")

    def __init__(self, cache: ReplyCache) -> None:
        self.cache = cache
        self.active: set[_Job] = set()
        self.inflight: dict[Any, _Job] = {}

    def done(
        self, exchange: _Job, reply: Message | None, exc: BaseException | None
    ) -> tuple[Message | None, BaseException | None]:
        """An exchange whose lookups use the cache ended: store or serve stale."""
        self.active.discard(exchange)
        key = exchange.key
        if self.inflight.get(key) is exchange:
            del self.inflight[key]
        if reply is not None:
            self.cache.put(key, reply, exchange._loop.time())
        elif exc is not None and not isinstance(exc, asyncio.CancelledError):
            stale = self.cache.get_stale(key, exchange._loop.time())
            if stale is not None:
                trace = getattr(exchange, "trace", None)
                if isinstance(trace, Trace):
                    trace.append(
                        TraceEntry(
                            TraceEvent.STALE,
                            query=stale.questions[0] if stale.questions else None,
                            rcode=stale.rcode,
                            records=tuple(stale.answers),
                            detail=f"served from the cache after: {exc}",
                        )
                    )
                return stale, None
        return reply, exc

    def done_uncached(
        self, exchange: _Job, reply: Message | None, exc: BaseException | None
    ) -> tuple[Message | None, BaseException | None]:
        """An exchange that bypasses the cache ended."""
        self.active.discard(exchange)
        return reply, exc
