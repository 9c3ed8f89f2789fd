"""A pool of fake servers shared by a test session (the ``asyncdns_server_factory`` fixture)."""

from __future__ import annotations

import threading
from typing import Any

from ._server import FakeDNSServer


class ServerFactory:
    """Starts :class:`FakeDNSServer` instances on demand and recycles them between tests.

    :meth:`acquire` hands out an idle (reset) server or starts a new one; :meth:`release`
    resets it and puts it back. :meth:`close` stops every server the factory started.
    Override the ``asyncdns_server_factory`` fixture to change where servers listen.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._idle: dict[str, list[FakeDNSServer]] = {}
        self._all: list[FakeDNSServer] = []
        self._lock = threading.Lock()

    def acquire(
        self, *, host: str | None = None, zones: Any = (), strict: bool = True
    ) -> FakeDNSServer:
        """A running, empty server on *host* (default: the factory's host) serving *zones*."""
        where = host or self.host
        with self._lock:
            pool = self._idle.setdefault(where, [])
            server = pool.pop() if pool else None
        if server is None:
            server = FakeDNSServer(where, self.port if where == self.host else 0)
            server.start()
            with self._lock:
                self._all.append(server)
        server.strict = strict
        for zone in zones:
            server.add_zone(zone)
        return server

    def release(self, server: FakeDNSServer) -> None:
        """Reset *server* and return it to the pool."""
        server.reset()
        with self._lock:
            self._idle.setdefault(server.host, []).append(server)

    @property
    def servers(self) -> list[FakeDNSServer]:
        """Every server this factory started and has not closed."""
        with self._lock:
            return list(self._all)

    def close(self) -> None:
        """Stop every server this factory started."""
        with self._lock:
            servers, self._all, self._idle = self._all, [], {}
        for server in servers:
            server.close()
