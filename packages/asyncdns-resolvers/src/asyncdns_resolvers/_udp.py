"""UDP transport: a small pool of connected sockets, each carrying a bounded number of queries.

Thousands of concurrent lookups share a handful of file descriptors, yet source ports stay
unpredictable: each socket is bound to a kernel-chosen random port and retires after
``max_uses`` queries (RFC 5452 section 9.2 trade-off), closing once its last reply is in.
With ``max_sockets`` open, a retired socket keeps carrying queries, until a quarter of the
message IDs are waiting on it: then a new socket opens anyway, so that a fresh ID is always
found in a draw or two.
Sockets are connected to their server, so the kernel drops datagrams from any other address
or port before we see them. The loop is driven with ``add_reader`` and non-blocking
``recv``/``send``, draining every queued datagram per wake-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Protocol

from ._servers import Server, sockaddr

__all__ = ["UdpPool", "UdpReceiver"]

_MAX_DATAGRAM = 65535
_DRAIN = 64  # datagrams read per wake-up at most, so one socket cannot starve the loop
_CROWDED = 1 << 14  # queries waiting on one socket past which a new one opens, cap or not


class UdpReceiver(Protocol):
    """What waits on a UDP query: told of every datagram carrying its ID, or of an error."""

    def datagram_received(self, data: bytes) -> None:
        """A datagram with the receiver's message ID arrived (not yet validated)."""

    def udp_error(self, sock: UdpSocket, exc: OSError) -> None:
        """*sock* reported an error (ICMP unreachable...)."""


class UdpSocket:
    """One connected UDP socket and the queries waiting on it, keyed by message ID."""

    __slots__ = ("_loop", "_pool", "fd", "last_used", "pending", "server", "sock", "uses")

    def __init__(self, pool: UdpPool, loop: asyncio.AbstractEventLoop, server: Server) -> None:
        family, address = sockaddr(server)
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            sock.setblocking(False)
            with contextlib.suppress(OSError):  # some platforms refuse large buffers
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, pool.rcvbuf)
            sock.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
            sock.connect(address)
            loop.add_reader(sock.fileno(), self._readable)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.fd = sock.fileno()
        self.server = server
        self._pool = pool
        self._loop = loop
        self.pending: dict[int, UdpReceiver] = {}
        self.uses = 0
        #: The pool's count of acquisitions when this socket was last acquired (recency).
        self.last_used = 0

    def add(self, msg_id: int, receiver: UdpReceiver) -> None:
        """Route replies carrying *msg_id* to *receiver* (the ID must be free on this socket)."""
        self.uses += 1
        self.pending[msg_id] = receiver

    def send(self, data: bytes) -> None:
        """Send one datagram (raises OSError when the kernel refuses it)."""
        self.sock.send(data)

    def _readable(self) -> None:
        recv = self.sock.recv
        pending = self.pending
        for _ in range(_DRAIN):
            try:
                data = recv(_MAX_DATAGRAM)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                # ICMP errors surface here on connected sockets: tell everyone waiting.
                for receiver in list(dict.fromkeys(pending.values())):
                    receiver.udp_error(self, exc)
                return
            if len(data) < 12:
                continue
            waiting = pending.get((data[0] << 8) | data[1])
            if waiting is not None:
                waiting.datagram_received(data)

    def release(self, msg_id: int) -> None:
        """Forget the query with *msg_id*; close the socket if it is retired and idle."""
        self.pending.pop(msg_id, None)
        if not self.pending and self.uses >= self._pool.max_uses:
            self.close()

    def close(self) -> None:
        """Stop reading and close the socket (the pending queries are not told)."""
        if self.fd >= 0:
            with contextlib.suppress(RuntimeError, ValueError):  # the loop may be closed already
                self._loop.remove_reader(self.fd)
            self.fd = -1
            self.sock.close()
            self._pool._forget(self)


class UdpPool:
    """The UDP sockets of one resolver: per server, one socket taking new queries at a time.

    Args:
        max_uses: queries a socket carries before it retires.
        rcvbuf: requested ``SO_RCVBUF`` of each socket.
        max_sockets: with this many sockets open, a retiring socket keeps carrying queries
            instead of a new one being opened, so thousands of lookups in flight (and their
            retransmissions) stay within a bounded number of file descriptors (one more
            socket per 16,384 queries waiting on a server's socket); and a socket for a server
            without one first closes the oldest idle socket of another server, so a resolver
            that has asked many servers (a recursive walk does) keeps this many open at most
            (more only while every open socket has a query waiting).
    """

    __slots__ = ("_acquired", "_all", "_current", "max_sockets", "max_uses", "rcvbuf")

    def __init__(self, *, max_uses: int, rcvbuf: int, max_sockets: int) -> None:
        self.max_uses = max_uses
        self.rcvbuf = rcvbuf
        self.max_sockets = max_sockets
        self._current: dict[Server, UdpSocket] = {}
        self._all: set[UdpSocket] = set()
        self._acquired = 0

    def acquire(self, loop: asyncio.AbstractEventLoop, server: Server) -> UdpSocket:
        """The socket that takes the next query to *server*: a new one when the current one
        retired, unless :attr:`max_sockets` are open already and it is not crowded. (A closed
        socket is no longer current, and a retired one closes when its last reply is in.)"""
        sock = self._current.get(server)
        if sock is None or (
            sock.uses >= self.max_uses
            and (len(self._all) < self.max_sockets or len(sock.pending) >= _CROWDED)
        ):
            if len(self._all) >= self.max_sockets:
                self._close_an_idle_socket()
            sock = UdpSocket(self, loop, server)
            self._current[server] = sock
            self._all.add(sock)
        self._acquired += 1
        sock.last_used = self._acquired
        return sock

    def _close_an_idle_socket(self) -> None:
        """Make room for a new socket: close the idle one (no query waiting) acquired least
        recently, the socket of the server asked longest ago. Without one, the new socket opens
        anyway: every server needs a socket of its own, and every open one is busy."""
        idle = [sock for sock in self._current.values() if not sock.pending]
        if idle:
            min(idle, key=lambda sock: sock.last_used).close()

    def _forget(self, sock: UdpSocket) -> None:
        self._all.discard(sock)
        if self._current.get(sock.server) is sock:
            del self._current[sock.server]

    @property
    def sockets(self) -> int:
        """How many UDP sockets are open."""
        return len(self._all)

    def close(self) -> None:
        """Close every socket."""
        for sock in list(self._all):
            sock.close()
        self._all.clear()
        self._current.clear()
