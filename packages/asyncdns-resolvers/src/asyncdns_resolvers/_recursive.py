"""Recursive resolution on the network: a :class:`~._walk.Walk` driven by :class:`Exchange`\\s.

A :class:`Recursion` takes the place of an :class:`Exchange` in the resolver's books (it has the
same ``future``/``join``/``abort`` surface): it asks the walk for a step, sends that one
question to that one server through an :class:`Exchange` (UDP with EDNS, TC → TCP, RD clear,
``recursion_tries`` tries, 0x20 and cookies when enabled, error rcodes handed back instead of
failing over), reports the outcome to the walk, and repeats until the walk is done. It never
awaits; every transition runs from a callback.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

from asyncdns_wire import Message

from ._delegations import DelegationCache
from ._exchange import Exchange, Transports
from ._options import ResolverOptions
from ._roothints import ROOT_HINTS
from ._servers import Server, server_iterator
from ._waiters import Waiters
from ._walk import Ask, Done, Walk, WalkLimits

__all__ = ["DelegationCaches", "Recursion", "recursion_hints", "walk_limits"]

RecursionHook = Callable[
    ["Recursion", "Message | None", "BaseException | None"],
    "tuple[Message | None, BaseException | None]",
]
"""Called once when the recursion ends, with its reply or error; returns what callers get."""

_MAX_START_SERVERS = 16  # servers taken from an iterator given with recursive=True
_MAX_DRAWS = 64  # next() calls spent finding them


def walk_limits(options: ResolverOptions) -> WalkLimits:
    """The :class:`WalkLimits` that *options* describe."""
    return WalkLimits(
        max_queries=options.max_queries,
        max_referrals=options.max_referrals,
        max_cname_chain=options.max_cname_chain,
        max_glueless=options.max_glueless,
        max_glueless_per_zone=options.max_glueless_per_zone,
        max_depth=options.max_lookup_depth,
        lifetime=options.recursion_lifetime,
    )


def recursion_hints(
    servers: Server | Iterable[Server] | Iterator[Server] | None, options: ResolverOptions
) -> tuple[Server, ...]:
    """Where a recursive walk starts: *servers* when given, else the root hints.

    A tuple or list is used whole; another iterable gives its first distinct servers (at most
    16, in at most 64 draws, so an endless :class:`RandomServer` is fine).

    Raises:
        TypeError, ValueError: a malformed server.
    """
    if servers is None:
        return tuple(options.root_hints) if options.root_hints is not None else ROOT_HINTS
    it, fixed = server_iterator(servers)
    if fixed is not None:
        return fixed
    found: list[Server] = []
    for _ in range(_MAX_DRAWS):
        try:
            server = next(it)
        except StopIteration:
            break
        if server not in found:
            found.append(server)
            if len(found) >= _MAX_START_SERVERS:
                break
    if not found:
        raise ValueError("servers gave no server to start the recursive walk from")
    return tuple(found)


class DelegationCaches:
    """One :class:`DelegationCache` per starting point, so that what a walk learnt from some
    servers never steers a walk from others (at most 16 starting points, LRU)."""

    __slots__ = ("_caches", "options")

    def __init__(self, options: ResolverOptions) -> None:
        self.options = options
        self._caches: OrderedDict[Hashable, DelegationCache] = OrderedDict()

    def for_hints(self, hints: tuple[Server, ...]) -> DelegationCache:
        """The cache of walks starting at *hints*."""
        cache = self._caches.get(hints)
        if cache is None:
            cache = DelegationCache(self.options.delegation_cache_size, self.options.max_ttl)
            self._caches[hints] = cache
            while len(self._caches) > 16:
                self._caches.popitem(last=False)
        else:
            self._caches.move_to_end(hints)
        return cache

    def flush(self) -> None:
        """Forget every delegation."""
        self._caches.clear()


class Recursion(Waiters):
    """The network side of one recursive lookup; settles :attr:`future` (and the futures of
    callers who :meth:`join`) with the walk's reply or error."""

    __slots__ = (
        "_exchange",
        "_handle",
        "_loop",
        "_step",
        "force_tcp",
        "key",
        "on_done",
        "options",
        "transports",
        "walk",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        walk: Walk,
        options: ResolverOptions,
        transports: Transports,
        *,
        force_tcp: bool = False,
        future: asyncio.Future[Message] | None = None,
        on_done: RecursionHook | None = None,
        key: Any = None,
    ) -> None:
        Waiters.__init__(self, loop, future)
        self._loop = loop
        self.walk = walk
        self.options = options
        self.transports = transports
        self.force_tcp = force_tcp
        self.on_done = on_done
        self.key = key
        self._exchange: Exchange | None = None
        self._step: Ask | None = None
        self._handle: asyncio.Handle | None = None

    def start(self) -> None:
        """Send the first question."""
        self._advance()

    def _advance(self) -> None:
        self._handle = None
        if self.abandoned():
            self._complete(None, asyncio.CancelledError())
            return
        try:
            step = self.walk.next_step(self._loop.time())
        except Exception as exc:  # a bug must fail the lookup, not leave it hanging
            self._complete(None, exc)
            return
        if isinstance(step, Done):
            self._complete(step.reply, step.error)
            return
        self._step = step
        self._exchange = exchange = Exchange(
            self._loop,
            step.query,
            None,
            (step.server,),
            self.options,
            self.transports,
            force_tcp=self.force_tcp,
            on_done=self._step_done,
            rd=False,
            failover=False,
            attempts=self.options.recursion_tries,
            deadline=self.walk.deadline,
        )
        exchange.start()

    def _step_done(
        self, exchange: Exchange, reply: Message | None, exc: BaseException | None
    ) -> tuple[Message | None, BaseException | None]:
        # The exchange's own future has no reader: answering CancelledError keeps it unset.
        if exchange is self._exchange and self._step is not None:
            self._exchange = None
            step, self._step = self._step, None
            if isinstance(exc, asyncio.CancelledError):
                return None, exc
            now = self._loop.time()
            try:
                if reply is not None:
                    self.walk.on_reply(step, reply, now)
                else:
                    self.walk.on_failure(step, exc or TimeoutError("no reply"), now)
            except Exception as error:  # a bug must fail the lookup, not leave it hanging
                self._handle = self._loop.call_soon(self._complete, None, error)
                return None, asyncio.CancelledError()
            # The next step runs from the loop, never nested inside this exchange's callbacks.
            self._handle = self._loop.call_soon(self._advance)
        return None, asyncio.CancelledError()

    def _complete(self, reply: Message | None, exc: BaseException | None) -> None:
        if self.on_done is not None:
            hook, self.on_done = self.on_done, None
            reply, exc = hook(self, reply, exc)
        self._settle(reply, exc)

    def abort(self) -> None:
        """Stop now: cancel the step in flight and every caller's future."""
        exchange, self._exchange = self._exchange, None
        self._step = None
        if exchange is not None:
            exchange.abort()
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._complete(None, asyncio.CancelledError())
        self._cancel_callers()
