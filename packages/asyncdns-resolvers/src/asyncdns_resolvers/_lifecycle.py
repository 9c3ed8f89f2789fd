"""What every asyncdns resolver does alike around its lookups: :class:`Resolver`,
:class:`MulticastResolver`, and asyncdns-system's ``HostsResolver``, ``SystemResolver`` and
``SmartResolver``.

* :func:`lookup_loop`: the event loop a lookup's future belongs to;
* :func:`failed`, :func:`closed_future`: the future of a lookup that cannot start;
* :func:`abort_all`: stopping the jobs in flight when a resolver closes or is collected;
* :class:`Closing`: :attr:`~Closing.closed` and ``async with`` around a class's own ``close()``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from types import TracebackType
from typing import Protocol, Self

from asyncdns_wire import Message

from ._errors import ResolverClosed

__all__ = ["Closing", "abort_all", "closed_future", "failed", "lookup_loop"]


def lookup_loop() -> asyncio.AbstractEventLoop:
    """The running event loop, else the current one: as in asyncdns 0.1, ``lookup`` may be
    called before the loop runs (the lookup then starts when it does)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.get_event_loop()


def failed(loop: asyncio.AbstractEventLoop, exc: BaseException) -> asyncio.Future[Message]:
    """A future of *loop* already failed with *exc*."""
    fut: asyncio.Future[Message] = loop.create_future()
    fut.set_exception(exc)
    return fut


def closed_future(loop: asyncio.AbstractEventLoop) -> asyncio.Future[Message]:
    """What a lookup on a closed resolver returns: a future failed with :class:`ResolverClosed`."""
    return failed(loop, ResolverClosed("the resolver is closed"))


class _Abortable(Protocol):
    def abort(self) -> None: ...


def abort_all(jobs: Iterable[_Abortable]) -> None:
    """Abort each of *jobs* (a snapshot is taken first: aborting may remove them)."""
    for job in list(jobs):
        # A closed loop raises RuntimeError: nothing can run the callbacks any more.
        with contextlib.suppress(RuntimeError):
            job.abort()


class Closing:
    """A resolver's :attr:`closed` and ``async with``, around the ``close()`` each resolver
    defines (it sets ``_closed``, which starts ``False``)."""

    __slots__ = ()

    _closed: bool

    def close(self) -> None:
        """Release what the resolver holds (each resolver says what); idempotent."""
        raise NotImplementedError

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
