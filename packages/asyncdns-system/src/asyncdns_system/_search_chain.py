"""One search-list lookup driven by callbacks: try each candidate name in turn and settle the
caller's future with the first answer (no coroutine, no task: this runs on every lookup of a
resolver whose configuration has a search list)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from asyncdns_resolvers import NoNameservers, ServerFailure
from asyncdns_wire import NOERROR, NXDOMAIN, SERVFAIL, Message, Query

__all__ = ["SearchChain", "answered"]


class SearchChain:
    """Asks *ask* about each of *names* until one has an answer (glibc's ``res_search``).

    The first candidate with records wins. NXDOMAIN and NODATA move on; so does SERVFAIL. Any
    other failure (a timeout, REFUSED) ends the search with that error, unless a NODATA was
    seen, which is then the reply. When every candidate is exhausted: the first NODATA, else
    the SERVFAIL error, else the NXDOMAIN of the name as given (or the last one).

    Args:
        loop: the event loop.
        query: the caller's query.
        names: the candidate names, in order (at least one).
        ask: starts the lookup of one candidate query and returns its future.
        first: the future of the first candidate's lookup, when the caller already started
            it (see :func:`answered`).

    Raises:
        Exception: whatever *ask* raises synchronously for the first candidate.
    """

    __slots__ = (
        "_as_given",
        "_ask",
        "_current",
        "_given",
        "_last",
        "_names",
        "_next",
        "_nodata",
        "_query",
        "_servfail",
        "future",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        query: Query,
        names: list[bytes],
        ask: Callable[[Query], asyncio.Future[Message]],
        first: asyncio.Future[Message] | None = None,
    ) -> None:
        self._query = query
        self._names = names
        self._ask = ask
        self._next = 0
        self._nodata: Message | None = None
        self._as_given: Message | None = None
        self._last: Message | None = None
        self._servfail: BaseException | None = None
        self._current: asyncio.Future[Message] | None = None
        self._given = False
        #: The caller's future.
        self.future: asyncio.Future[Message] = loop.create_future()
        if first is None:
            self._start(self._candidate())
        else:
            self._candidate()
            self._current = first
            first.add_done_callback(self._step)
        self.future.add_done_callback(self._caller_done)

    def _candidate(self) -> Query:
        name = self._names[self._next]
        self._next += 1
        query = self._query
        self._given = name == query.name
        return query if self._given else Query(name, query.q_type, query.q_class)

    def _start(self, candidate: Query) -> None:
        fut = self._current = self._ask(candidate)
        fut.add_done_callback(self._step)

    def _advance(self) -> None:
        if self._next < len(self._names):
            try:
                self._start(self._candidate())
            except Exception as exc:
                self.future.set_exception(exc)
            return
        if self._nodata is not None:
            self.future.set_result(self._nodata)
        elif self._servfail is not None:
            self.future.set_exception(self._servfail)
        else:
            final = self._as_given or self._last
            assert final is not None  # every candidate ended in NXDOMAIN or SERVFAIL
            self.future.set_result(final)

    def _step(self, fut: asyncio.Future[Message]) -> None:
        outer = self.future
        if outer.done():
            return
        if fut.cancelled():
            outer.cancel()
            return
        exc = fut.exception()
        if exc is not None:
            if _servfail(exc):
                self._servfail = self._servfail or exc
                self._advance()
            elif self._nodata is not None:
                outer.set_result(self._nodata)  # glibc ends the search but reports the NODATA
            else:
                outer.set_exception(exc)
            return
        reply = fut.result()
        if reply.rcode == NOERROR:
            if reply.answers:
                outer.set_result(reply)
                return
            self._nodata = self._nodata or reply
        elif reply.rcode == NXDOMAIN:
            self._last = reply
            if self._given:
                self._as_given = reply
        else:
            outer.set_result(reply)
            return
        self._advance()

    def _caller_done(self, outer: asyncio.Future[Message]) -> None:
        current = self._current
        if outer.cancelled() and current is not None and not current.done():
            current.cancel()


def answered(fut: asyncio.Future[Message]) -> bool:
    """Whether *fut* already holds a reply with records (a cache hit, typically): the search
    can stop at once and hand that very future to the caller."""
    if not fut.done() or fut.cancelled() or fut.exception() is not None:
        return False
    reply = fut.result()
    return reply.rcode == NOERROR and bool(reply.answers)


def _servfail(exc: BaseException) -> bool:
    if isinstance(exc, ServerFailure):
        return exc.rcode == SERVFAIL
    if isinstance(exc, NoNameservers):
        return bool(exc.errors) and all(
            isinstance(e, ServerFailure) and e.rcode == SERVFAIL for _, e in exc.errors
        )
    return False
