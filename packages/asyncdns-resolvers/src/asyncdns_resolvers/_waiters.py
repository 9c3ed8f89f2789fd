"""The callers waiting for one network job: their futures, and settling them all at once.

:class:`Waiters` is the base of the jobs the resolver shares between identical lookups in
flight (:class:`~._exchange.Exchange`, :class:`~._recursive.Recursion`): the first caller's
:attr:`~Waiters.future`, those of callers who :meth:`~Waiters.join` later, whether they all
gave up, and one outcome for all of them. :func:`settle` is that last step on its own, for
jobs that keep their callers' futures otherwise (the multicast lookup).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from asyncdns_wire import Message

__all__ = ["Waiters", "settle"]


def settle(
    futures: Iterable[asyncio.Future[Message]], reply: Message | None, exc: BaseException | None
) -> None:
    """Complete each of *futures* not done yet: with *exc* when given, else with *reply*."""
    for fut in futures:
        if not fut.done():
            if exc is None:
                fut.set_result(reply)  # type: ignore[arg-type]
            else:
                fut.set_exception(exc)


class Waiters:
    """The futures of the callers of one job; a subclass decides when the job ends."""

    __slots__ = ("extra", "future")

    def __init__(
        self, loop: asyncio.AbstractEventLoop, future: asyncio.Future[Message] | None
    ) -> None:
        #: The first caller's future; :attr:`extra` holds those of callers who joined later.
        self.future: asyncio.Future[Message] = (
            future if future is not None else loop.create_future()
        )
        self.extra: list[asyncio.Future[Message]] | None = None

    def join(self, future: asyncio.Future[Message]) -> None:
        """Let another caller wait for this job's outcome through *future*."""
        if self.extra is None:
            self.extra = [future]
        else:
            self.extra.append(future)

    def abandoned(self) -> bool:
        """Whether every caller has given up (cancelled its future)."""
        if not self.future.done():
            return False
        return self.extra is None or all(f.done() for f in self.extra)

    def _settle(self, reply: Message | None, exc: BaseException | None) -> None:
        """Give every caller still waiting the outcome. A ``CancelledError`` settles nothing: the
        job was given up or aborted, and aborting cancels the callers (:meth:`_cancel_callers`)."""
        if exc is None and self.extra is None:  # one caller and a reply: the common case
            if not self.future.done():
                self.future.set_result(reply)  # type: ignore[arg-type]
            return
        if isinstance(exc, asyncio.CancelledError):
            return
        settle((self.future,) if self.extra is None else (self.future, *self.extra), reply, exc)

    def _cancel_callers(self) -> None:
        """Cancel every caller's future."""
        self.future.cancel()
        for fut in self.extra or ():
            fut.cancel()
