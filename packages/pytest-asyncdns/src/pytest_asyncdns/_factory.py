"""A pool of fake servers shared by a test session (the ``asyncdns_server_factory`` fixture)."""

from __future__ import annotations

import threading
from typing import Any

from ._server import FakeDNSServer, check_loopback


class ServerFactory:
    """Starts :class:`FakeDNSServer` instances on demand and recycles them between tests.

    :meth:`acquire` hands out an idle (reset) server or starts a new one; :meth:`release`
    resets it and puts it back. A server that is no longer running (a test closed it) is
    dropped instead of being handed out again. :meth:`close` stops every server the factory
    started. Override the ``asyncdns_server_factory`` fixture to change where servers listen.

    *host* must be a loopback address (``127.0.0.0/8`` or ``::1``). *port* 0 (the default)
    gives every server an ephemeral port; a fixed *port* is used by one server at a time on
    *host* (handed out first when idle), every other server gets an ephemeral port.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = check_loopback(host)
        self.port = port
        self._idle: dict[str, list[FakeDNSServer]] = {}
        self._all: list[FakeDNSServer] = []
        self._fixed: FakeDNSServer | None = None
        self._lock = threading.Lock()

    def acquire(
        self, *, host: str | None = None, zones: Any = (), strict: bool = True
    ) -> FakeDNSServer:
        """A running, empty server on *host* (default: the factory's host) serving *zones*."""
        where = check_loopback(host or self.host)
        server = self._take_idle(where)
        if server is None:
            server = self._start_new(where)
        server.strict = strict
        for zone in zones:
            server.add_zone(zone)
        return server

    def _take_idle(self, where: str) -> FakeDNSServer | None:
        dead: list[FakeDNSServer] = []
        server: FakeDNSServer | None = None
        with self._lock:
            pool = self._idle.setdefault(where, [])
            if self._fixed is not None and self._fixed in pool:
                pool.remove(self._fixed)  # the fixed-port server first
                pool.append(self._fixed)
            while pool:
                candidate = pool.pop()
                if candidate.running:
                    server = candidate
                    break
                dead.append(candidate)
            self._forget(dead)
        for stopped in dead:
            stopped.close()
        return server

    def _start_new(self, where: str) -> FakeDNSServer:
        with self._lock:
            fixed = (
                self.port != 0
                and where == self.host
                and (self._fixed is None or not self._fixed.running)
            )
            stale = self._fixed if fixed else None
            if stale is not None:
                self._forget([stale])
        if stale is not None:
            stale.close()  # frees the fixed port
        server = FakeDNSServer(where, self.port if fixed else 0)
        server.start()
        with self._lock:
            self._all.append(server)
            if fixed:
                self._fixed = server
        return server

    def _forget(self, servers: list[FakeDNSServer]) -> None:
        """Drop *servers* from the bookkeeping (the lock is held)."""
        for server in servers:
            if server in self._all:
                self._all.remove(server)
            pool = self._idle.get(server.host, [])
            if server in pool:
                pool.remove(server)
            if server is self._fixed:
                self._fixed = None

    def release(self, server: FakeDNSServer) -> None:
        """Reset *server* and return it to the pool; a stopped server is dropped (closed)."""
        if not server.running:
            with self._lock:
                self._forget([server])
            server.close()
            return
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
            self._fixed = None
        for server in servers:
            server.close()
