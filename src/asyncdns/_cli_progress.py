"""A plain-text progress bar for bulk mode, redrawn in place on stderr (no dependencies)."""

from __future__ import annotations

import asyncio
import time
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 30
_INTERVAL = 0.2


class Progress:
    """Draws ``[#####-----] done/total pct rate/s errors n`` every 0.2 s while running.

    Args:
        stream: where to draw (stderr).
        total: how many lookups there are.
        enabled: ``False`` draws nothing (every method is then a no-op).
    """

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.errors = 0
        self._started = time.monotonic()
        self._timer: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """Draw now and every 0.2 s until :meth:`stop`."""
        if self.enabled:
            self._started = time.monotonic()
            self._tick()

    def _tick(self) -> None:
        self.draw()
        self._timer = asyncio.get_running_loop().call_later(_INTERVAL, self._tick)

    def draw(self) -> None:
        """Redraw the bar with the current counts."""
        if not self.enabled:
            return
        total = max(self.total, 1)
        filled = _WIDTH * self.done // total
        elapsed = max(time.monotonic() - self._started, 1e-9)
        self.stream.write(
            f"\r[{'#' * filled}{'-' * (_WIDTH - filled)}] {self.done}/{self.total} "
            f"{100 * self.done // total:3d}% {self.done / elapsed:8.1f}/s errors {self.errors}"
        )
        self.stream.flush()

    def stop(self) -> None:
        """Draw the final state and end the line."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.enabled:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()
