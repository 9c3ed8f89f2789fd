"""The lookups a resolver of this package keeps until they end, so that ``close()`` can cancel
them: those waiting for a file or configuration check first, and search-list chains."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["Pending"]

_T = TypeVar("_T")
_F = TypeVar("_F", bound="asyncio.Future[Any]")


class Pending:
    """Futures in progress; each leaves when it is done."""

    __slots__ = ("_futures",)

    def __init__(self) -> None:
        self._futures: set[asyncio.Future[Any]] = set()

    def task(
        self, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, _T]
    ) -> asyncio.Task[_T]:
        """Run *coro* as a task of *loop*, kept until it ends."""
        return self.keep(loop.create_task(coro))

    def keep(self, fut: _F) -> _F:
        """Keep *fut* until it is done; returns it."""
        self._futures.add(fut)
        fut.add_done_callback(self._futures.discard)
        return fut

    def cancel(self) -> None:
        """Cancel every future kept."""
        for fut in list(self._futures):
            fut.cancel()
