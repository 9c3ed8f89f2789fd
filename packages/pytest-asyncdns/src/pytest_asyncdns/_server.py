"""The fake authoritative server: UDP and TCP on one loopback port, one thread, dnslib codec.

The server thread runs a small selector loop; dnslib is used only to parse and build
messages. TCP connections are pipelined (several length-prefixed queries per connection,
answered as soon as each is ready, so a delayed answer lets later ones overtake it).
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import ipaddress
import itertools
import logging
import queue
import selectors
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any, Self

from dnslib import DNSLabel

from ._answer import MAX_TCP_MESSAGE, build_reply, soa_for, udp_limit
from ._behaviour import Context, Emission, On, Rule, RuleSet
from ._querylog import QueryLog, QueryRecord, Transport
from ._serving import ServingThread
from ._zone import Zone, make_zone

log = logging.getLogger("pytest_asyncdns")

_BIND_ATTEMPTS = 50
#: How long one TCP reply may take to send (the server thread blocks meanwhile): a client
#: that does not read for that long is disconnected, so it cannot stall other clients.
_TCP_SEND_TIMEOUT = 1.0
_LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.ip_address("::1")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_loopback(host: str) -> str:
    """Return *host* when it is a loopback address literal (``127.0.0.0/8`` or ``::1``), else
    raise ``ValueError``: a fake server must never be reachable from another machine."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None or not (
        (address.version == 4 and address in _LOOPBACK_V4) or address == _LOOPBACK_V6
    ):
        raise ValueError(
            f"fake DNS servers listen on loopback only (127.0.0.0/8 or ::1), not {host!r}: "
            "give an address literal such as '127.0.0.1', '127.0.0.2' or '::1'"
        )
    return host


def bind_pair(host: str, port: int = 0) -> tuple[socket.socket, socket.socket]:
    """Bind a UDP and a listening TCP socket to the same *port* on *host* (loopback only).

    With *port* 0 the UDP socket picks an ephemeral port and TCP follows it; a collision on
    the TCP side retries with a new port.
    """
    family = _family(check_loopback(host))
    last: OSError | None = None
    for _ in range(_BIND_ATTEMPTS if port == 0 else 1):
        udp = socket.socket(family, socket.SOCK_DGRAM)
        try:
            udp.bind((host, port))
        except OSError:
            udp.close()
            raise
        actual = udp.getsockname()[1]
        tcp = socket.socket(family, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            tcp.bind((host, actual))
            tcp.listen(64)
        except OSError as exc:
            tcp.close()
            udp.close()
            if port == 0 and exc.errno == errno.EADDRINUSE:
                last = exc
                continue
            raise
        return udp, tcp
    raise OSError(f"no free UDP+TCP port pair on {host}") from last


def _formerr(raw: bytes) -> bytes | None:
    if len(raw) < 12:
        return None
    opcode_rd = raw[2] & 0x79  # keep opcode and RD
    return raw[:2] + bytes([0x80 | opcode_rd, 0x01]) + bytes(8)


class FakeDNSServer(ServingThread):
    """A fake authoritative DNS server on ``(host, port)``, UDP and TCP; *host* must be a
    loopback address (``127.0.0.0/8`` or ``::1``), anything else is a ``ValueError``.

    Serves the zones given (zone text, records or :class:`Zone`), applies scripted
    behaviour added with :meth:`on`, and logs every query (:attr:`queries`). Use it as a
    context manager or call :meth:`start` / :meth:`close`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        zones: Iterable[Any] = (),
        name: str | None = None,
        strict: bool = True,
    ) -> None:
        super().__init__()
        self.host = check_loopback(host)
        self._requested_port = port
        self.name = name
        self.strict = strict
        self.rules = RuleSet()
        self.log = QueryLog()
        self.errors: list[str] = []
        self._zones: list[Zone] = [make_zone(z) for z in zones]
        self._lock = threading.Lock()
        self._udp: socket.socket | None = None
        self._tcp: socket.socket | None = None
        self._calls: queue.SimpleQueue[tuple[Callable[[], None], threading.Event]] = (
            queue.SimpleQueue()
        )
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._conns: dict[socket.socket, bytearray] = {}
        self._selector: selectors.BaseSelector | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Bind the sockets and start the server thread."""
        if self._thread is not None:
            return self
        self._udp, self._tcp = bind_pair(self.host, self._requested_port)
        self._start_thread(f"asyncdns-server-{self.host}:{self.port}")
        log.debug("started %r", self)
        return self

    def close(self) -> None:
        """Stop the thread and close every socket. Idempotent."""
        self._stop_thread()
        for sock in (self._udp, self._tcp):
            if sock is not None:
                sock.close()
        self._udp = self._tcp = None
        log.debug("closed %r", self)

    @property
    def running(self) -> bool:
        """True while the server thread runs."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)``: pass it as ``servers=[server.address]``."""
        if self._udp is None:
            raise RuntimeError("the server is not started")
        return (self.host, self._udp.getsockname()[1])

    @property
    def port(self) -> int:
        """The port UDP and TCP both listen on."""
        return self.address[1]

    def __repr__(self) -> str:
        where = f"{self.host}:{self._udp.getsockname()[1]}" if self._udp else "stopped"
        label = f" {self.name}" if self.name else ""
        origins = ",".join(str(z.origin) for z in self.zones)
        return f"<FakeDNSServer{label} {where} zones=[{origins}]>"

    # ----------------------------------------------------------------- content

    @property
    def zones(self) -> list[Zone]:
        """The zones served, most recently added last."""
        with self._lock:
            return list(self._zones)

    def add_zone(self, spec: Any, origin: str | None = None) -> Zone:
        """Serve another zone: zone-file text, a list of records/tuples, or a :class:`Zone`."""
        zone = make_zone(spec, origin=origin)
        with self._lock:
            self._zones.append(zone)
        return zone

    def clear_zones(self) -> None:
        """Stop serving every zone (queries are then REFUSED)."""
        with self._lock:
            self._zones = []

    def on(
        self,
        name: str | None = None,
        rrtype: str | None = None,
        *,
        transport: Transport | None = None,
        match: Callable[[QueryRecord], bool] | None = None,
    ) -> On:
        """Script behaviour for queries matching *name* (case-insensitive), *rrtype*,
        *transport* and *match* (a predicate of the :class:`QueryRecord`); every filter left
        ``None`` matches anything. Example: ``server.on("www.example.com", "A").drop(once=True)``.
        """
        return On(self.rules, name, rrtype, transport=transport, match=match)

    def expect(
        self,
        name: str,
        rrtype: str | None = "A",
        *,
        transport: Transport | None = None,
        times: int = 1,
        match: Callable[[QueryRecord], bool] | None = None,
    ) -> Rule:
        """Expect *times* queries for *name*/*rrtype* (answered normally); in strict mode
        the test fails at teardown when they did not all arrive."""
        return self.on(name, rrtype, transport=transport, match=match).answer(times=times)

    # ----------------------------------------------------------------- query log

    @property
    def queries(self) -> list[QueryRecord]:
        """Every query received since the last reset, oldest first."""
        return self.log.queries

    def assert_queried(self, name: str, rrtype: str | None = "A", **kw: Any) -> list[QueryRecord]:
        """See :meth:`QueryLog.assert_queried`."""
        return self.log.assert_queried(name, rrtype, **kw)

    def assert_not_queried(self, name: str, rrtype: str | None = None, **kw: Any) -> None:
        """See :meth:`QueryLog.assert_not_queried`."""
        self.log.assert_not_queried(name, rrtype, **kw)

    def wait_for(
        self, name: str | None = None, rrtype: str | None = None, **kw: Any
    ) -> list[QueryRecord]:
        """See :meth:`QueryLog.wait_for`."""
        return self.log.wait_for(name, rrtype, **kw)

    # ----------------------------------------------------------------- strictness

    def verify(self) -> list[str]:
        """Problems strict mode reports: unmet expectations and server-thread exceptions.

        Waits for the server thread to finish the work in hand first, so an exception raised
        while handling a query that has just been logged is not missed."""
        self._call(lambda: None)
        problems = [f"{self!r}: unmet expectation: {r.describe()}" for r in self.rules.unmet()]
        problems.extend(f"{self!r}: exception in the server thread:\n{e}" for e in self.errors)
        if problems:
            problems.append(f"queries received by {self!r}:\n{self.log.describe()}")
        return problems

    def check(self) -> None:
        """Raise ``AssertionError`` listing :meth:`verify` problems, if any."""
        problems = self.verify()
        if problems:
            raise AssertionError("\n".join(problems))

    def reset(self, *, zones: bool = True) -> None:
        """Cancel pending replies, close client TCP connections, forget rules, errors, the
        query log and (unless *zones* is False) the zones."""
        self._call(self._drop_state)
        self.rules.clear()
        self.log.clear()
        self.errors.clear()
        if zones:
            self.clear_zones()

    # ----------------------------------------------------------------- server thread

    def _call(self, fn: Callable[[], None]) -> None:
        if not self.running or threading.current_thread() is self._thread:
            fn()
            return
        done = threading.Event()
        self._calls.put((fn, done))
        self._wake()
        done.wait(10)

    def _drop_state(self) -> None:
        self._timers.clear()
        for conn in list(self._conns):
            self._close_conn(conn)

    def _run(self) -> None:
        assert self._udp is not None and self._tcp is not None and self._wake_r is not None
        sel = selectors.DefaultSelector()
        self._selector = sel
        sel.register(self._udp, selectors.EVENT_READ, "udp")
        sel.register(self._tcp, selectors.EVENT_READ, "accept")
        sel.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self._stopping:
                timeout = None
                if self._timers:
                    timeout = max(0.0, self._timers[0][0] - time.monotonic())
                for key, _ in sel.select(timeout):
                    self._guard(self._on_ready, key)
                while not self._calls.empty():
                    fn, done = self._calls.get()
                    self._guard(fn)
                    done.set()
                now = time.monotonic()
                while self._timers and self._timers[0][0] <= now:
                    _, _, fn = heapq.heappop(self._timers)
                    self._guard(fn)
        finally:
            for conn in list(self._conns):
                self._close_conn(conn)
            sel.close()
            self._selector = None
            while not self._calls.empty():
                self._calls.get()[1].set()

    def _guard(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            text = traceback.format_exc()
            self.errors.append(text)
            log.error("exception in %r:\n%s", self, text)

    def _on_ready(self, key: selectors.SelectorKey) -> None:
        sock: socket.socket = key.fileobj  # type: ignore[assignment]
        if key.data == "wake":
            with contextlib.suppress(OSError):
                sock.recv(4096)
        elif key.data == "udp":
            try:
                data, addr = sock.recvfrom(65535)
            except OSError:
                return
            self._handle(data, "udp", addr, None)
        elif key.data == "accept":
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.settimeout(_TCP_SEND_TIMEOUT)
            self._conns[conn] = bytearray()
            assert self._selector is not None
            self._selector.register(conn, selectors.EVENT_READ, "conn")
        else:
            self._on_conn(sock)

    def _on_conn(self, conn: socket.socket) -> None:
        try:
            chunk = conn.recv(65535)
        except OSError:
            chunk = b""
        if not chunk:
            self._close_conn(conn)
            return
        buf = self._conns[conn]
        buf.extend(chunk)
        peer = conn.getpeername()
        while len(buf) >= 2:
            length = int.from_bytes(buf[:2], "big")
            if len(buf) < 2 + length:
                break
            message = bytes(buf[2 : 2 + length])
            del buf[: 2 + length]
            self._handle(message, "tcp", peer, conn)
            if conn not in self._conns:
                break

    def _close_conn(self, conn: socket.socket) -> None:
        if self._conns.pop(conn, None) is not None and self._selector is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(conn)
        conn.close()

    def _handle(
        self, data: bytes, transport: Transport, client: Any, conn: socket.socket | None
    ) -> None:
        record = QueryRecord.from_wire(data, transport, (str(client[0]), int(client[1])))
        msg = record.message
        if msg.header.qr if msg is not None else len(data) > 2 and data[2] & 0x80:
            # A response, parseable or not, is never answered (two servers would ping-pong).
            record.action = "ignored (QR set)"
            self.log.append(record)
            return
        rule = self.rules.select(record)
        delay = 0.0
        if rule is not None:
            record.action, action, delay = rule.label, rule.action, rule.delay
        elif msg is None:
            record.action = "formerr"
            reply = _formerr(data)
            action = lambda ctx: [Emission(reply)] if reply else []  # noqa: E731
        else:
            action = None
        self.log.append(record)
        zones = self.zones
        ctx = Context(
            query=record,
            transport=transport,
            build_reply=lambda: build_reply(msg, zones),
            soa_for=lambda name: soa_for(zones, DNSLabel(name)),
            udp_limit=udp_limit(msg) if msg is not None else 512,
        )
        if action is None:
            emissions = [Emission(ctx.finish(ctx.build_reply()))]
        else:
            emissions = action(ctx)
        for emission in emissions:
            total = delay + emission.delay
            send = self._sender(emission, transport, client, conn)
            if total <= 0:
                send()
            else:
                heapq.heappush(self._timers, (time.monotonic() + total, next(self._seq), send))

    def _sender(
        self, emission: Emission, transport: Transport, client: Any, conn: socket.socket | None
    ) -> Callable[[], None]:
        def send() -> None:
            try:
                if transport == "udp":
                    self._send_udp(emission, client)
                elif conn is not None and conn in self._conns:
                    self._send_tcp(emission, conn)
            except OSError as exc:
                if exc.errno == errno.EMSGSIZE:
                    self.errors.append(f"a UDP reply to {client} was too large to send: {exc}")
                log.debug("%r: sending to %s failed: %s", self, client, exc)

        return send

    def _send_udp(self, emission: Emission, client: Any) -> None:
        if emission.data is None:
            return
        if emission.other_port:
            with socket.socket(_family(self.host), socket.SOCK_DGRAM) as other:
                other.bind((self.host, 0))
                other.sendto(emission.data, client)
        else:
            assert self._udp is not None
            self._udp.sendto(emission.data, client)

    def _send_tcp(self, emission: Emission, conn: socket.socket) -> None:
        data = emission.data or b""
        if len(data) > MAX_TCP_MESSAGE:
            self._close_conn(conn)
            raise ValueError(
                f"cannot send {len(data)} octets over TCP: a length prefix frames at most "
                f"{MAX_TCP_MESSAGE} (the connection was closed)"
            )
        framed = len(data).to_bytes(2, "big") + data
        try:
            if emission.partial is not None:
                if emission.partial > 0:
                    conn.sendall(framed[: emission.partial])
                self._close_conn(conn)
            elif emission.data is not None:
                conn.sendall(framed)
        except OSError:
            # Timed out (a client not reading) or reset: part of a frame may be sent, so the
            # stream is unusable; close it rather than block the thread again.
            self._close_conn(conn)
            raise
