"""Server health: smoothed RTT and recent failures, used to try good servers first."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from ._servers import Server, make_room

__all__ = ["ServerHealth"]

_PENALTY = 30.0  # seconds a failure keeps a server at the back of the queue
_PROBE_ONE_IN = 20  # a server in its penalty box is still tried first once in this many picks


class ServerHealth:
    """Tracks each server's smoothed round-trip time and its last failure.

    :meth:`pick` chooses randomly among the healthy servers not yet tried by this lookup,
    falls back to failing ones (least recently failed first), and now and then probes a
    failing server first so that a recovered server is noticed.
    """

    __slots__ = ("_failed_at", "_srtt")

    def __init__(self) -> None:
        self._srtt: dict[Server, float] = {}
        self._failed_at: dict[Server, float] = {}

    def success(self, server: Server, rtt: float) -> None:
        """Record an answer that took *rtt* seconds."""
        srtt = self._srtt
        old = srtt.get(server)
        if old is None:
            make_room(srtt)
            srtt[server] = rtt
        else:
            srtt[server] = old * 0.7 + rtt * 0.3
        self._failed_at.pop(server, None)

    def failure(self, server: Server, now: float) -> None:
        """Record a timeout or an error answer."""
        failed = self._failed_at
        if server not in failed:
            make_room(failed)
        failed[server] = now

    def is_failing(self, server: Server, now: float) -> bool:
        """Whether *server* failed less than the penalty period ago."""
        at = self._failed_at.get(server)
        return at is not None and now - at < _PENALTY

    def srtt(self, server: Server) -> float | None:
        """The smoothed RTT of *server*, if it ever answered."""
        return self._srtt.get(server)

    def pick(self, servers: tuple[Server, ...], tried: Iterable[Server], now: float) -> Server:
        """The next server to ask among *servers*, preferring healthy ones not yet *tried*."""
        tried_set = set(tried)
        fresh = [s for s in servers if s not in tried_set] or list(servers)
        healthy = [s for s in fresh if not self.is_failing(s, now)]
        if healthy and (len(healthy) == len(fresh) or secrets.randbelow(_PROBE_ONE_IN)):
            return healthy[secrets.randbelow(len(healthy))] if len(healthy) > 1 else healthy[0]
        failing = [s for s in fresh if s not in healthy]
        if not failing:
            return fresh[0]
        return min(failing, key=lambda s: self._failed_at.get(s, 0.0))
