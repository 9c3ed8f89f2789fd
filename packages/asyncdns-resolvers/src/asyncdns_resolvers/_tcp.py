"""DNS over TCP (RFC 7766): a pool of reused, pipelined connections, one set per server.

:class:`TcpPool` sends each query on an open connection to its server when one has room
(several queries in flight on one connection, replies matched by message ID in any order) and
opens another connection otherwise. Connections are :class:`asyncio.Protocol` objects fed by
:class:`~asyncdns_wire.StreamDecoder`; they close after a while with nothing in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections import deque
from collections.abc import Callable
from typing import cast

from asyncdns_wire import StreamDecoder

from ._servers import Server, SockAddr, sockaddr

__all__ = ["TcpPool"]


def _failure(cls: type[OSError], message: str, cause: BaseException | None) -> OSError:
    errno = cause.errno if isinstance(cause, OSError) else None
    exc = cls(errno, message) if errno else cls(message)
    exc.__cause__ = cause
    return exc


class _Connection(asyncio.Protocol):
    """One TCP connection to one server and the queries in flight on it."""

    __slots__ = (
        "_checks",
        "_connect_task",
        "_decoder",
        "_forget_cb",
        "_idle_handle",
        "_idle_since",
        "_last_read",
        "_loop",
        "_out",
        "_pool",
        "_sent_at",
        "_sock",
        "_transport",
        "_waiting",
        "closed",
        "pending",
        "server",
        "stalled",
        "zombies",
    )

    def __init__(self, pool: TcpPool, server: Server, loop: asyncio.AbstractEventLoop) -> None:
        self._pool = pool
        self._loop = loop
        self.server = server
        #: Every query not answered yet, by message ID: sent, or waiting in ``_waiting``.
        self.pending: dict[int, asyncio.Future[bytes]] = {}
        #: What a message must pass to answer the query with that ID (for those that have one).
        self._checks: dict[int, Callable[[bytes], bool]] = {}
        #: IDs of cancelled queries already sent: a late reply must not match a new query.
        self.zombies: set[int] = set()
        #: When each pending query was handed to the connection (loop time).
        self._sent_at: dict[int, float] = {}
        #: When the connection last received anything (0: never).
        self._last_read = 0.0
        #: A query was given up (timed out) with nothing received since it was sent: the
        #: connection may be dead (lost NAT state, a hung server). It takes no new queries
        #: until it receives something again, and closes once nothing is waiting on it.
        self.stalled = False
        self.closed = False
        self._waiting: deque[tuple[asyncio.Future[bytes], bytes]] = deque()
        self._out: list[bytes] = []
        self._decoder = StreamDecoder()
        self._transport: asyncio.Transport | None = None
        self._sock: socket.socket | None = None  # while connecting
        self._connect_task: asyncio.Task[None] | None = None
        self._idle_handle: asyncio.TimerHandle | None = None
        self._idle_since = 0.0
        self._forget_cb = self._forget

    # ------------------------------------------------------------------ connecting

    def start(self, family: socket.AddressFamily, sockaddr: SockAddr) -> None:
        self._connect_task = self._loop.create_task(self._connect(family, sockaddr))

    async def _connect(self, family: socket.AddressFamily, sockaddr: SockAddr) -> None:
        timeout = self._pool._connect_timeout
        where = f"{self.server[0]}:{self.server[1]}"
        sock: socket.socket | None = None
        try:
            sock = self._sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            async with asyncio.timeout(timeout):
                await self._loop.sock_connect(sock, sockaddr)
                await self._loop.create_connection(lambda: self, sock=sock)
            self._sock = None  # the transport owns it now
        except BaseException as exc:
            self._sock = None
            if sock is not None:
                sock.close()
            if not isinstance(exc, Exception):
                raise  # cancelled by close(), or KeyboardInterrupt and the like
            if isinstance(exc, TimeoutError):
                message = f"connecting to {where} timed out after {timeout}s"
                self._shutdown(TimeoutError, message, exc)
            else:
                cls = type(exc) if isinstance(exc, ConnectionError) else ConnectionError
                self._shutdown(cls, f"cannot connect to {where}: {exc}", exc)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's TCPTransport does not subclass asyncio.Transport, so no isinstance check.
        transport = cast(asyncio.Transport, transport)
        if self.closed:
            transport.abort()
            return
        self._transport = transport
        if self._waiting:
            self._pump()
        self._flush()
        if not self.pending:
            self._became_idle()

    # ------------------------------------------------------------------ sending

    def submit(
        self, msg_id: int, framed: bytes, accept: Callable[[bytes], bool] | None
    ) -> asyncio.Future[bytes]:
        """Queue one framed query; the future gets the unframed reply with the same ID (that
        *accept* returns true for, when given: other messages with that ID are dropped)."""
        fut: asyncio.Future[bytes] = self._loop.create_future()
        fut.add_done_callback(self._forget_cb)
        pending = self.pending
        pending[msg_id] = fut
        self._sent_at[msg_id] = self._loop.time()
        if accept is not None:
            self._checks[msg_id] = accept
        if self._waiting or len(pending) > self._pool._max_in_flight:
            self._waiting.append((fut, framed))
        else:
            self._send(framed)
        return fut

    def _send(self, framed: bytes) -> None:
        out = self._out
        if not out and self._transport is not None:
            self._loop.call_soon(self._flush)
        out.append(framed)

    def _flush(self) -> None:
        out = self._out
        transport = self._transport
        if out and transport is not None and not self.closed:
            transport.write(out[0] if len(out) == 1 else b"".join(out))
            out.clear()

    def _pump(self) -> None:
        """Move waiting queries onto the wire while there is room."""
        waiting = self._waiting
        room = self._pool._max_in_flight - (len(self.pending) - len(waiting))
        while waiting and room > 0:
            fut, framed = waiting.popleft()
            if not fut.done():
                self._send(framed)
                room -= 1

    # ------------------------------------------------------------------ receiving

    def data_received(self, data: bytes) -> None:
        decoder = self._decoder
        decoder.feed(data)
        self._last_read = self._loop.time()
        self.stalled = False
        pending = self.pending
        checks = self._checks
        message = decoder.next_message()
        while message is not None:
            if len(message) >= 2:
                msg_id = (message[0] << 8) | message[1]
                fut = pending.get(msg_id)
                if fut is not None:
                    if checks:
                        accept = checks.get(msg_id)
                        if accept is not None and not accept(message):
                            # Not the answer to that query (another question, garbage...):
                            # dropped, and the query keeps waiting, as over UDP.
                            message = decoder.next_message()
                            continue
                        checks.pop(msg_id, None)
                    del pending[msg_id]
                    self._sent_at.pop(msg_id, None)
                    fut.remove_done_callback(self._forget_cb)
                    if not fut.done():
                        fut.set_result(message)
                elif self.zombies:
                    self.zombies.discard(msg_id)
            message = decoder.next_message()
        if self._waiting:
            self._pump()
        if not pending:
            self._became_idle()

    def eof_received(self) -> bool | None:
        self._peer_closed()  # at once: no new query may pick this connection
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        where = f"{self.server[0]}:{self.server[1]}"
        if exc is None:
            self._peer_closed()
        else:
            cls = type(exc) if isinstance(exc, ConnectionError) else ConnectionError
            self._shutdown(cls, f"connection to {where} lost: {exc}", exc)

    def _peer_closed(self) -> None:
        where = f"{self.server[0]}:{self.server[1]}"
        middle = " mid-message" if self._decoder.pending else ""
        self._shutdown(ConnectionResetError, f"{where} closed the connection{middle}", None)

    # ------------------------------------------------------------------ forgetting

    def _forget(self, fut: asyncio.Future[bytes]) -> None:
        """Done callback: drop a query cancelled (or completed) by someone else."""
        pending = self.pending
        for msg_id, other in pending.items():
            if other is fut:
                del pending[msg_id]
                self._checks.pop(msg_id, None)
                break
        else:
            return
        sent_at = self._sent_at.pop(msg_id, 0.0)
        waiting = self._waiting
        for i, (other, _) in enumerate(waiting):
            if other is fut:
                del waiting[i]
                break
        else:
            self.zombies.add(msg_id)
            if self._last_read < sent_at:
                self.stalled = True
        if waiting:
            self._pump()
        if not pending:
            self._became_idle()

    # ------------------------------------------------------------------ idle and closing

    def _became_idle(self) -> None:
        if self.closed:
            return
        if self.stalled:  # nothing left waiting on a connection that may be dead: close it
            self._shutdown(ConnectionError, "stalled", None, graceful=True)
            return
        self._idle_since = self._loop.time()
        if self._idle_handle is None:
            self._idle_handle = self._loop.call_later(self._pool._idle_timeout, self._idle_check)

    def _idle_check(self) -> None:
        self._idle_handle = None
        if self.closed or self.pending:
            return  # re-armed when it next becomes idle
        remaining = self._idle_since + self._pool._idle_timeout - self._loop.time()
        if remaining > 0:
            self._idle_handle = self._loop.call_later(remaining, self._idle_check)
        else:
            self._shutdown(ConnectionError, "idle", None, graceful=True)

    def _shutdown(
        self,
        cls: type[OSError],
        message: str,
        cause: BaseException | None,
        *,
        graceful: bool = False,
        cancel: bool = False,
    ) -> None:
        """Close the connection and fail (or cancel) every query on it. Idempotent."""
        if self.closed:
            return
        self.closed = True
        self._pool._discard(self)
        if self._idle_handle is not None:
            self._idle_handle.cancel()
            self._idle_handle = None
        if self._loop.is_closed():
            self._release_dead()
            return
        task = self._connect_task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
        transport = self._transport
        if transport is not None:
            if graceful:
                transport.close()
            else:
                transport.abort()
        for fut in self._forget_queries():
            if not fut.done():
                if cancel:
                    fut.cancel()
                else:
                    fut.set_exception(_failure(cls, message, cause))

    def _forget_queries(self) -> list[asyncio.Future[bytes]]:
        """Forget every query (sent, waiting to be sent, or cancelled after it was sent);
        returns their futures, for the caller to settle."""
        futures = list(self.pending.values())
        self.pending.clear()
        self._checks.clear()
        self._sent_at.clear()
        self._waiting.clear()
        self._out.clear()
        self.zombies.clear()
        return futures

    def _release_dead(self) -> None:
        """Closing after the event loop closed: nothing can be scheduled any more.

        The transport's socket is released the way the loop's next turn would have done it
        (``_call_connection_lost``, which ``abort()`` can no longer schedule); a connection
        still being opened closes its socket when its coroutine is collected. The futures
        are cancelled without their callbacks, which cannot run.
        """
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        transport = self._transport
        if transport is not None:
            lost = getattr(transport, "_call_connection_lost", None)
            if lost is not None:
                lost(None)  # asyncio's selector transports: closes the socket
            else:
                with contextlib.suppress(RuntimeError):
                    transport.abort()
        for fut in self._forget_queries():
            fut.remove_done_callback(self._forget_cb)
            with contextlib.suppress(RuntimeError):  # scheduling its callbacks fails
                fut.cancel()

    def abort(self) -> None:
        """Close now, cancelling every query in flight."""
        self._shutdown(ConnectionError, "closed", None, cancel=True)


class TcpPool:
    """Reused, pipelined DNS-over-TCP connections (RFC 7766), at most a few per server.

    Args:
        idle_timeout: seconds a connection with nothing in flight stays open.
        max_in_flight: queries sent and unanswered on one connection; more wait their turn.
        max_connections_per_server: connections opened to one server before queries queue
            on the least loaded one.
        connect_timeout: seconds to establish a connection.

    Raises:
        ValueError: a non-positive argument.
    """

    __slots__ = (
        "_closed",
        "_connect_timeout",
        "_conns",
        "_idle_timeout",
        "_loop",
        "_max_connections",
        "_max_in_flight",
    )

    def __init__(
        self,
        *,
        idle_timeout: float = 10.0,
        max_in_flight: int = 100,
        max_connections_per_server: int = 2,
        connect_timeout: float = 5.0,
    ) -> None:
        if not idle_timeout > 0 or not connect_timeout > 0:
            raise ValueError("idle_timeout and connect_timeout must be positive")
        if max_in_flight < 1 or max_connections_per_server < 1:
            raise ValueError("max_in_flight and max_connections_per_server must be at least 1")
        self._idle_timeout = float(idle_timeout)
        self._connect_timeout = float(connect_timeout)
        self._max_in_flight = int(max_in_flight)
        self._max_connections = int(max_connections_per_server)
        self._conns: dict[Server, list[_Connection]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @property
    def connections(self) -> int:
        """How many connections are open or being opened."""
        return sum(len(conns) for conns in self._conns.values())

    def query(
        self, server: Server, wire: bytes, accept: Callable[[bytes], bool] | None = None
    ) -> asyncio.Future[bytes]:
        """Send one DNS message to *server* over TCP.

        Must be called from a coroutine or callback of the running event loop.

        Args:
            server: ``(address, port)``, the address an IPv4 or IPv6 literal (zone id allowed).
            wire: the message, unframed; its first two octets are the message ID.
            accept: a check of each message that arrives with that ID (unframed): only one it
                returns true for completes the query; any other is dropped, and the query
                keeps waiting (as a forged or broken reply over UDP is ignored).

        Returns:
            A future for the unframed reply carrying the same ID. It fails with
            :class:`ConnectionError` (``ConnectionRefusedError``, ``ConnectionResetError``...)
            or :class:`TimeoutError` (connecting took too long) when the connection fails,
            with :class:`ValueError` when every connection it could use already has this ID
            in flight, and is cancelled by :meth:`close`. Cancelling it forgets the query.

        Raises:
            ValueError: *wire* is shorter than 2 or longer than 65535 octets, or the address
                is not an IP literal.
            RuntimeError: the pool is closed, or still has connections on another loop.
        """
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._bind(loop)
        size = len(wire)
        if size < 2 or size > 0xFFFF:
            raise ValueError(f"a DNS message over TCP is 2..65535 octets, not {size}")
        msg_id = (wire[0] << 8) | wire[1]
        conns = self._conns.get(server)
        if conns:
            limit = self._max_in_flight
            for conn in conns:
                pending = conn.pending
                if (
                    not conn.stalled
                    and len(pending) < limit
                    and msg_id not in pending
                    and not (conn.zombies and msg_id in conn.zombies)
                ):
                    return conn.submit(msg_id, size.to_bytes(2, "big") + wire, accept)
        chosen = self._overflow(server, conns, msg_id, loop)
        if chosen is None:
            fut: asyncio.Future[bytes] = loop.create_future()
            fut.set_exception(ValueError(f"message ID {msg_id} is already in flight to {server}"))
            return fut
        return chosen.submit(msg_id, size.to_bytes(2, "big") + wire, accept)

    def give_up(self, server: Server, fut: asyncio.Future[bytes]) -> None:
        """Cancel the query of *fut* (from :meth:`query` to *server*) because its owner stopped
        waiting for it (a timeout). Its connection hears of it now, not on the loop's next
        turn: when nothing came back on it since the query was sent, it takes no new query, so
        a retry made at once goes to another connection."""
        for conn in self._conns.get(server, ()):
            conn._forget(fut)
        fut.cancel()

    def close(self) -> None:
        """Close every connection and cancel every query in flight. Idempotent.

        Call it while the event loop still runs: the sockets are released on its next turn.
        """
        self._closed = True
        self._loop = None
        for conns in list(self._conns.values()):
            for conn in list(conns):
                conn.abort()
        self._conns.clear()

    # ------------------------------------------------------------------ internals

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._closed:
            raise RuntimeError("the TcpPool is closed")
        if self._loop is not None and self._conns:
            raise RuntimeError("the TcpPool has connections on another event loop")
        self._loop = loop

    def _overflow(
        self,
        server: Server,
        conns: list[_Connection] | None,
        msg_id: int,
        loop: asyncio.AbstractEventLoop,
    ) -> _Connection | None:
        """A new connection while allowed, else the least loaded one free of *msg_id*."""
        if conns is None or len(conns) < self._max_connections:
            addr = sockaddr(server)
            conn = _Connection(self, server, loop)
            self._conns.setdefault(server, []).append(conn)
            conn.start(*addr)
            return conn
        best: _Connection | None = None
        for conn in conns:
            if msg_id in conn.pending or msg_id in conn.zombies:
                continue
            if (
                best is None
                or (best.stalled and not conn.stalled)
                or (best.stalled == conn.stalled and len(conn.pending) < len(best.pending))
            ):
                best = conn
        return best

    def _discard(self, conn: _Connection) -> None:
        conns = self._conns.get(conn.server)
        if conns is not None and conn in conns:
            conns.remove(conn)
            if not conns:
                del self._conns[conn.server]
