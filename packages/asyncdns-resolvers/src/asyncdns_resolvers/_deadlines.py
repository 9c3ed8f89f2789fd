"""Attempt timeouts, grouped: one event-loop timer per tick of 1/64 s, not one per query.

A resolver sending tens of thousands of queries a second would otherwise create, schedule and
cancel an :class:`asyncio.TimerHandle` for each (most queries are answered long before their
timeout). Here a timeout joins the set of its tick, a dict insertion, and leaves it when the
reply comes, a dict removal; the loop holds one timer per tick in use. A timeout fires up to
one tick (about 16 ms) late, which nothing in DNS notices.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

__all__ = ["Deadlines", "Expiring", "Tick"]

TICKS_PER_SECOND = 64


class Expiring(Protocol):
    """What waits on a deadline."""

    def _timed_out(self) -> None:
        """The deadline passed."""


Tick = dict[Expiring, None]
"""The targets due at one tick (insertion-ordered); also the handle :meth:`Deadlines.add` gives."""


class Deadlines:
    """The pending deadlines of one resolver, by tick."""

    __slots__ = ("_loop", "_ticks")

    def __init__(self) -> None:
        self._ticks: dict[int, Tick] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def add(self, loop: asyncio.AbstractEventLoop, when: float, target: Expiring) -> Tick:
        """Call ``target._timed_out()`` at loop time *when* (up to one tick later).

        Returns:
            The tick's set: ``tick.pop(target, None)`` cancels.
        """
        if loop is not self._loop:  # deadlines belong to one loop; a new loop starts afresh
            self._loop = loop
            self._ticks = {}
        number = -int(-when * TICKS_PER_SECOND // 1)  # rounded up: never early
        tick = self._ticks.get(number)
        if tick is None:
            tick = self._ticks[number] = {}
            loop.call_at(number / TICKS_PER_SECOND, self._fire, loop, number, tick)
        tick[target] = None
        return tick

    def _fire(self, loop: asyncio.AbstractEventLoop, number: int, tick: Tick) -> None:
        if self._ticks.get(number) is tick:
            del self._ticks[number]
        while tick:
            target = next(iter(tick))
            del tick[target]
            try:
                target._timed_out()
            except Exception as exc:  # a bug in one target must not strand the rest of its tick
                loop.call_exception_handler(
                    {"message": "an attempt's timeout handler failed", "exception": exc}
                )

    def __len__(self) -> int:
        """How many deadlines are pending."""
        return sum(len(tick) for tick in self._ticks.values())
