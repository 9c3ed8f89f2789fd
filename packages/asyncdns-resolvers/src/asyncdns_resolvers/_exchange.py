"""One lookup on the network: send, validate, retry, fail over, fall back to TCP.

An :class:`Exchange` is driven by callbacks from the UDP sockets, the TCP pool and its timer;
it never awaits. It owns every policy decision of a stub lookup:

* replies are accepted only from the server asked (the socket is connected), with the query's
  ID, as a response, and echoing the question exactly (name case too with 0x20); anything else
  is ignored and the exchange keeps waiting;
* a reply that does not decode is ignored the same way (it may be forged);
* TC over UDP: the same server over TCP; FORMERR/NOTIMP/BADVERS to an EDNS query answered
  without OPT: again without EDNS;
* SERVFAIL, REFUSED, NOTIMP, a timeout or a network error: the next server, with the
  per-attempt timeout doubling up to ``max_timeout``, within ``attempts`` and ``lifetime``.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterator
from typing import Any

from asyncdns_wire import (
    BADCOOKIE,
    BADVERS,
    CNAME,
    DNAME,
    FORMERR,
    NOTIMP,
    Cookie,
    DecodeError,
    EdnsOption,
    Message,
    Query,
    question_to_wire,
)
from asyncdns_wire._message import _query_with_question
from asyncdns_wire.rr import RR

from ._cache_policy import is_final
from ._deadlines import Deadlines, Tick
from ._errors import (
    LimitExceeded,
    NoNameservers,
    NoServersLeft,
    ResolutionTimeout,
    ServerFailure,
)
from ._health import ServerHealth
from ._ids import random_id
from ._options import ResolverOptions
from ._servers import Server, make_room
from ._tcp import TcpPool
from ._trace import Trace, TraceEntry, TraceEvent
from ._udp import UdpPool, UdpSocket
from ._waiters import Waiters

__all__ = ["DoneHook", "Exchange", "Transports"]

DoneHook = Callable[
    ["Exchange", "Message | None", "BaseException | None"],
    "tuple[Message | None, BaseException | None]",
]
"""Called once when an exchange ends, with its reply or error; returns what the callers get."""

_FAILOVER_RCODES = frozenset({2, 4, 5})  # SERVFAIL, NOTIMP, REFUSED
_FLAGS_RD = 0x0100


#: BADCOOKIE replies (RFC 7873 section 5.3) resent with the new server cookie, then over TCP.
_BADCOOKIE_RESENDS = 2
#: Seconds a server that has sent cookies may answer without one (each such reply dropped as
#: forged) before it is taken to have stopped using them.
_COOKIE_REGRESSION = 120.0


class _Attempt:
    """One query sent: where, with which ID and question spelling, and when."""

    __slots__ = ("msg_id", "qname", "question", "sent_at", "server", "sock")

    def __init__(
        self,
        sock: UdpSocket | None,
        msg_id: int,
        qname: bytes,
        question: bytes,
        server: Server,
        sent_at: float,
    ) -> None:
        self.sock = sock
        self.msg_id = msg_id
        #: The name as sent (its 0x20 spelling), and the question's wire form.
        self.qname = qname
        self.question = question
        self.server = server
        self.sent_at = sent_at


#: The current attempt of an exchange that has sent nothing yet.
_NO_ATTEMPT = _Attempt(None, -1, b"", b"", ("", 0), 0.0)


class Transports:
    """The network state one resolver shares between its exchanges."""

    __slots__ = ("cookieless", "cookies", "deadlines", "health", "tcp", "udp")

    def __init__(self, options: ResolverOptions) -> None:
        self.udp = UdpPool(
            max_uses=options.max_udp_uses,
            rcvbuf=options.udp_rcvbuf,
            max_sockets=options.max_udp_sockets,
        )
        self.tcp = TcpPool(idle_timeout=options.tcp_idle_timeout)
        self.health = ServerHealth()
        self.deadlines = Deadlines()
        #: Per server: (client cookie, last server cookie) (RFC 7873).
        self.cookies: dict[Server, tuple[bytes, bytes]] = {}
        #: When a server known to send cookies first answered without one (loop time).
        self.cookieless: dict[Server, float] = {}

    def close(self) -> None:
        """Close every socket."""
        self.udp.close()
        self.tcp.close()


def _randomize_case(name: bytes) -> bytes:
    bits = secrets.randbits(len(name))
    return bytes(
        (c ^ 0x20) if (bits >> i) & 1 and (0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A) else c
        for i, c in enumerate(name)
    )


class Exchange(Waiters):
    """The network side of one lookup; completes :attr:`future` (and the futures of callers who
    :meth:`join`) with a Message or an error."""

    __slots__ = (
        "_attempt",
        "_cookie_resends",
        "_deadline",
        "_edns",
        "_errors",
        "_failover",
        "_fixed",
        "_force_tcp",
        "_loop",
        "_max_attempts",
        "_qname",
        "_rd",
        "_servers",
        "_tcp_future",
        "_tcp_reply",
        "_timeout",
        "_timer",
        "_tried",
        "_udp",
        "_use_tcp",
        "_wire",
        "attempts",
        "key",
        "on_done",
        "options",
        "query",
        "server",
        "trace",
        "transports",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        query: Query,
        servers: Iterator[Server] | None,
        fixed: tuple[Server, ...] | None,
        options: ResolverOptions,
        transports: Transports,
        *,
        force_tcp: bool = False,
        future: asyncio.Future[Message] | None = None,
        on_done: DoneHook | None = None,
        key: Any = None,
        rd: bool = True,
        failover: bool = True,
        attempts: int | None = None,
        deadline: float | None = None,
    ) -> None:
        """*rd* sets the RD flag (recursive resolution clears it); ``failover=False`` ends the
        exchange with a SERVFAIL/REFUSED/NOTIMP/FORMERR reply instead of asking the next
        server (the recursive walk judges replies itself); *attempts* and *deadline* (loop
        time) override the options' ``attempts`` and ``lifetime``."""
        if servers is None and fixed is None:
            raise ValueError("an Exchange needs servers or a fixed server list")
        Waiters.__init__(self, loop, future)
        self._loop = loop
        self.query = query
        self._servers = servers
        self._fixed = fixed
        self.options = options
        self.transports = transports
        self._use_tcp = self._force_tcp = force_tcp
        self._edns = options.edns_payload is not None
        self.on_done = on_done
        self.key = key
        self.attempts = 0
        self._timeout = min(options.timeout, options.max_timeout)
        self._deadline = -1.0 if deadline is None else deadline  # -1: lifetime from start()
        self._max_attempts = options.attempts if attempts is None else attempts
        self._rd = _FLAGS_RD if rd else 0
        self._failover = failover
        self._tried: list[tuple[Server, str]] = []
        self._errors: list[tuple[Server, BaseException]] = []
        #: Outstanding UDP attempts by message ID: a late reply to an earlier attempt still counts.
        self._udp: dict[int, _Attempt] = {}
        self._attempt = _NO_ATTEMPT
        self._tcp_future: asyncio.Future[bytes] | None = None
        self._tcp_reply: Message | None = None
        self._cookie_resends = 0
        #: The tick of the current attempt's deadline (see :mod:`._deadlines`).
        self._timer: Tick | None = None
        self._qname = query.name
        self._wire = b""
        self.server: Server = ("", 0)
        #: A :class:`Trace` to record each attempt in (set by a traced lookup), else ``None``.
        self.trace: Trace | None = None

    # -- driving ----------------------------------------------------------------------------

    def start(self) -> None:
        """Send the first query. Whatever goes wrong doing so ends the lookup with that error
        (its callers are told; nothing is left waiting or in flight)."""
        try:
            now = self._loop.time()
            if self._deadline < 0:
                self._deadline = now + self.options.lifetime
            self._next_server(now)
        except Exception as exc:
            self._finish_error(exc)

    def _next_server(self, now: float | None = None) -> None:
        if self.future.done() and self.abandoned():
            self._complete(None, asyncio.CancelledError())
            return
        if now is None:
            now = self._loop.time()
        if self.attempts >= self._max_attempts or now >= self._deadline:
            self._give_up()
            return
        fixed = self._fixed
        if fixed is not None:
            if len(fixed) == 1:
                server = fixed[0]
            else:
                server = self.transports.health.pick(fixed, (s for s, _ in self._tried), now)
        else:
            assert self._servers is not None
            try:
                server = next(self._servers)
            except StopIteration as stop:
                self._finish_error(NoServersLeft(stop, self._errors))
                return
            except Exception as exc:  # a lazily checked bad server, or the iterator broke
                self._finish_error(exc)
                return
        self.server = server
        self._send(now)

    def _send(self, now: float | None = None) -> None:
        self.attempts += 1
        opts = self.options
        sock: UdpSocket | None = None
        if not self._use_tcp:
            try:
                sock = self.transports.udp.acquire(self._loop, self.server)
            except Exception as exc:  # OSError, or a zone id that names no interface here
                self._attempt_failed(exc, f"no UDP socket: {exc}")
                return
        # A fresh random ID, unused by this lookup's other attempts and on the socket it takes.
        msg_id = random_id()
        while msg_id in self._udp or (sock is not None and msg_id in sock.pending):
            msg_id = random_id()
        if opts.randomize_case:
            self._qname = _randomize_case(self.query.name)
        options: tuple[Cookie, ...] = ()
        if self._edns and opts.cookies:
            cookies = self.transports.cookies
            client, server_cookie = cookies.get(self.server, (b"", b""))
            if not client:
                client = secrets.token_bytes(8)
                make_room(cookies)
                cookies[self.server] = (client, b"")
            options = (Cookie(client, server_cookie),)
        q = self.query
        question = question_to_wire(self._qname, q.q_type, q.q_class)
        self._wire = _query_with_question(
            question,
            msg_id,
            self._rd,
            opts.edns_payload if self._edns else None,
            opts.dnssec_ok,
            options,
        )
        loop = self._loop
        if now is None:
            now = loop.time()
        self._attempt = attempt = _Attempt(sock, msg_id, self._qname, question, self.server, now)
        timeout = self._timeout
        if now + timeout > self._deadline:
            timeout = max(self._deadline - now, 0.0)
        self._cancel_timer()
        self._timer = self.transports.deadlines.add(loop, now + timeout, self)
        if sock is None:
            self._send_tcp()
            return
        try:
            sock.add(msg_id, self)
            self._udp[msg_id] = attempt
            sock.send(self._wire)
        except OSError as exc:
            self._release(attempt)
            self._attempt_failed(exc, "send failed")

    def _send_tcp(self) -> None:
        attempt = self._attempt

        def accept(data: bytes) -> bool:
            """Whether *data*, a message with the attempt's ID, answers it (kept for
            :meth:`_tcp_done`); anything else is dropped and the query keeps waiting."""
            reply = self._accept(data, attempt)
            if reply is None:
                self._ignored(attempt, tcp=True)
                return False
            self._tcp_reply = reply
            return True

        try:
            fut = self.transports.tcp.query(self.server, self._wire, accept)
        except Exception as exc:  # OSError, a zone id that names no interface, another loop
            self._attempt_failed(exc, f"TCP unavailable: {exc}")
            return
        self._tcp_future = fut
        fut.add_done_callback(self._tcp_done)

    # -- inputs -----------------------------------------------------------------------------

    def datagram_received(self, data: bytes) -> None:
        """A UDP datagram carrying the ID of one of our attempts arrived on its socket."""
        attempt = self._udp.get((data[0] << 8) | data[1])
        if attempt is None:
            return
        if self.future.done() and self.abandoned():
            self._complete(None, asyncio.CancelledError())
            return
        reply = self._accept(data, attempt)
        if reply is None:
            self._ignored(attempt, tcp=False)
            return
        self._release(attempt)
        if attempt is self._attempt:
            self._handle(reply)
        elif not is_final(reply):
            # A late reply to an earlier attempt only counts when it is a usable answer.
            self.transports.health.failure(attempt.server, self._loop.time())
            if self.trace is not None:
                self._note(
                    TraceEvent.IGNORED,
                    attempt.server,
                    tcp=False,
                    rcode=reply.rcode,
                    detail="a late reply to an earlier attempt, not a usable answer",
                )
        else:
            self._cancel_timer()
            self._succeed(reply, attempt)

    def udp_error(self, sock: UdpSocket, exc: OSError) -> None:
        """A socket carrying one of our attempts reported an error (ICMP unreachable...)."""
        current = self._attempt.sock is sock
        for attempt in [a for a in self._udp.values() if a.sock is sock]:
            self._release(attempt)
        if current:
            self._attempt_failed(exc, f"network error: {exc}")

    def _tcp_done(self, fut: asyncio.Future[bytes]) -> None:
        if fut is not self._tcp_future:
            return
        self._tcp_future = None
        if fut.cancelled():
            return
        if self.future.done() and self.abandoned():
            self._complete(None, asyncio.CancelledError())
            return
        exc = fut.exception()
        if exc is not None:
            self._attempt_failed(exc, f"TCP error: {exc!r}")
            return
        reply, self._tcp_reply = self._tcp_reply, None
        assert reply is not None  # the query's accept() kept it
        self._handle(reply)

    def _timed_out(self) -> None:
        self._timer = None
        if self.future.done() and self.abandoned():
            self._complete(None, asyncio.CancelledError())
            return
        if self._tcp_future is not None:
            fut, self._tcp_future = self._tcp_future, None
            self.transports.tcp.give_up(self._attempt.server, fut)
        self._timeout = min(self._timeout * 2, self.options.max_timeout)
        self._attempt_failed(TimeoutError("no reply"), "timeout")

    # -- validation and policy ------------------------------------------------------------------

    def _ignored(self, attempt: _Attempt, *, tcp: bool) -> None:
        """A message with the ID of *attempt* did not answer it (:meth:`_accept`): noted in
        the trace, if there is one; the attempt goes on waiting."""
        if self.trace is not None:
            self._note(
                TraceEvent.IGNORED,
                attempt.server,
                tcp=tcp,
                detail="a message with our ID that does not answer the question",
            )

    def _accept(self, data: bytes, attempt: _Attempt) -> Message | None:
        """The reply if *data* answers *attempt*, else ``None`` (ignored as forged/garbage)."""
        if len(data) < 12 or (data[0] << 8 | data[1]) != attempt.msg_id:
            return None
        if not data[2] & 0x80 or data[2] & 0x78 or data[4:6] != b"\x00\x01":
            return None  # not a response, not a QUERY, or not one question
        question = attempt.question
        got = data[12 : 12 + len(question)]
        if (
            got != question
            and (
                self.options.randomize_case
                # The type and class must match exactly: lower() would also fold their octets
                # (TYPE97 would answer HTTPS, 65). Only the name's case may differ.
                or got[-4:] != question[-4:]
                or got.lower() != question.lower()
            )
        ):
            return None
        q = self.query
        if attempt.qname is not q.name:  # sent with 0x20: the reply's question is that spelling
            q = Query._from_wire(attempt.qname, q.q_type, q.q_class)
        try:
            reply = Message._from_wire_asked(data, question, q)
        except DecodeError:
            return None
        if self.options.cookies and self._edns and not self._cookie_ok(reply, attempt):
            return None
        return reply

    def _cookie_ok(self, reply: Message, attempt: _Attempt) -> bool:
        """RFC 7873 checks of a reply to a query that carried our client cookie: a cookie in
        the reply must echo it (its server cookie is kept for the next queries); a BADCOOKIE
        reply must carry one; and a server that has sent cookies must go on doing so over UDP
        (a reply without one is taken for forged), unless it has answered without them for
        two minutes: then it is taken to have stopped, and its cookies are forgotten."""
        server = attempt.server
        transports = self.transports
        client, known = transports.cookies.get(server, (b"", b""))
        cookie = reply.edns.option(EdnsOption.COOKIE) if reply.edns is not None else None
        if cookie is None:
            if reply.rcode == BADCOOKIE:
                return False
            if not known or attempt.sock is None:  # never sent one, or over TCP
                return True
            now = self._loop.time()
            cookieless = transports.cookieless
            since = cookieless.get(server)
            if since is None:
                make_room(cookieless)
                since = cookieless[server] = now
            if now - since < _COOKIE_REGRESSION:
                return False
            transports.cookies.pop(server, None)
            transports.cookieless.pop(server, None)
            return True
        if not isinstance(cookie, Cookie) or cookie.client != client:
            return False
        transports.cookies[server] = (client, cookie.server)
        transports.cookieless.pop(server, None)
        return True

    def _handle(self, reply: Message) -> None:
        self._cancel_timer()
        rcode = reply.rcode
        server = self.server
        if reply.flags & 0x0200 and not self._use_tcp:  # TC
            self._retrying(
                TraceEvent.TRUNCATED, rcode, "retrying over TCP", "truncated, retrying over TCP"
            )
            self._use_tcp = True
            self._send()
            return
        if self._edns and reply.edns is None and rcode in (FORMERR, NOTIMP, BADVERS):
            self._retrying(
                TraceEvent.NO_EDNS,
                rcode,
                "retrying without EDNS",
                f"rcode {rcode} to EDNS, retrying without",
            )
            self._edns = False
            self._send()
            return
        if (
            rcode == BADCOOKIE
            and self.options.cookies
            and self._edns
            and (self._cookie_resends < _BADCOOKIE_RESENDS or not self._use_tcp)
        ):
            # RFC 7873 section 5.3: the reply's server cookie is kept (see _cookie_ok); ask
            # again with it, a couple of times, then over TCP, then the next server.
            self._retrying(
                TraceEvent.RCODE,
                rcode,
                "BADCOOKIE: asking again with the new server cookie",
                "BADCOOKIE, asking again with its cookie",
            )
            if self._cookie_resends >= _BADCOOKIE_RESENDS:
                self._use_tcp = True
            self._cookie_resends += 1
            self._send()
            return
        if self._failover and (rcode in _FAILOVER_RCODES or rcode in (FORMERR, BADCOOKIE)):
            if self.trace is not None:
                self._note(
                    TraceEvent.RCODE,
                    server,
                    rcode=rcode,
                    since_sent=True,
                    detail="trying the next server",
                )
            self.transports.health.failure(server, self._loop.time())
            self._record(server, ServerFailure(server, rcode), f"rcode {rcode}")
            self._use_tcp = self._force_tcp
            self._next_server()
            return
        self._succeed(reply, self._attempt)

    def _retrying(self, event: TraceEvent, rcode: int, detail: str, why: str) -> None:
        """The same server is about to be asked again (over TCP, without EDNS, with its new
        cookie): *detail* goes in the trace (the attempt as it was), *why* in what was tried."""
        server = self.server
        if self.trace is not None:
            self._note(event, server, rcode=rcode, since_sent=True, detail=detail)
        self._tried.append((server, why))

    def _succeed(self, reply: Message, attempt: _Attempt) -> None:
        server = attempt.server
        self.transports.health.success(server, self._loop.time() - attempt.sent_at)
        limit = self.options.max_cname_chain
        if len(reply.answers) > limit:
            chain = sum(1 for rr in reply.answers if rr.rr_type in (CNAME, DNAME))
            if chain > limit:
                self._finish_error(LimitExceeded(f"CNAME/DNAME chain longer than {limit}"))
                return
        if self.trace is not None:
            self._note(
                TraceEvent.REPLY,
                server,
                tcp=attempt.sock is None,
                rcode=reply.rcode,
                rtt=self._loop.time() - attempt.sent_at,
                records=tuple(reply.answers),
            )
        self._complete(reply, None)

    def _attempt_failed(self, exc: BaseException, what: str) -> None:
        if self.future.done() and self.abandoned():
            # Every caller gave up (callers who joined may still wait: then the next attempt
            # is theirs).
            self._complete(None, asyncio.CancelledError())
            return
        self._cancel_timer()
        if self.trace is not None:
            if isinstance(exc, TimeoutError):
                waited = self._loop.time() - self._attempt.sent_at
                self._note(TraceEvent.TIMEOUT, self.server, detail=f"no reply in {waited:.2f} s")
            else:
                self._note(TraceEvent.NETWORK_ERROR, self.server, detail=what)
        self.transports.health.failure(self.server, self._loop.time())
        self._record(self.server, exc, what)
        self._use_tcp = self._force_tcp
        self._next_server()

    def _record(self, server: Server, exc: BaseException, what: str) -> None:
        self._tried.append((server, what))
        self._errors.append((server, exc))

    def _give_up(self) -> None:
        if (self._errors and all(isinstance(e, ServerFailure) for _, e in self._errors)) or (
            self._errors and not any(isinstance(e, TimeoutError) for _, e in self._errors)
        ):
            self._finish_error(NoNameservers(self._errors))
        else:
            tried = ", ".join(f"{s[0]}:{s[1]} ({w})" for s, w in self._tried)
            self._finish_error(
                ResolutionTimeout(f"no answer for {self.query!r} (tried {tried})", self._tried)
            )

    # -- completion -------------------------------------------------------------------------------

    def _finish_error(self, exc: BaseException) -> None:
        if self.trace is not None and not isinstance(exc, asyncio.CancelledError):
            self.trace.append(TraceEntry(TraceEvent.GIVE_UP, query=self.query, detail=f"{exc}"))
        self._complete(None, exc)

    def _note(
        self,
        event: TraceEvent,
        server: Server,
        *,
        tcp: bool | None = None,
        rcode: int | None = None,
        rtt: float | None = None,
        since_sent: bool = False,
        records: tuple[RR, ...] = (),
        detail: str = "",
    ) -> None:
        """Record one attempt's outcome in :attr:`trace` (called only when there is one);
        *since_sent*: the round trip is the time since the current attempt was sent."""
        assert self.trace is not None
        if since_sent:
            rtt = self._loop.time() - self._attempt.sent_at
        self.trace.append(
            TraceEntry(
                event,
                server=server,
                query=self.query,
                rcode=rcode,
                rtt=rtt,
                records=records,
                detail=detail,
                transport="tcp" if (self._use_tcp if tcp is None else tcp) else "udp",
            )
        )

    def _complete(self, reply: Message | None, exc: BaseException | None) -> None:
        """Release everything, let the owner see the outcome, then settle every future."""
        self._cancel_timer()
        if self._udp:
            self._release_udp()
        if self._tcp_future is not None:
            tcp, self._tcp_future = self._tcp_future, None
            tcp.cancel()
        if self.on_done is not None:
            hook, self.on_done = self.on_done, None
            reply, exc = hook(self, reply, exc)
        self._settle(reply, exc)

    def abort(self) -> None:
        """Stop now: release every socket and timer and cancel every caller's future."""
        self._complete(None, asyncio.CancelledError())
        self._cancel_callers()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.pop(self, None)
            self._timer = None

    def _release(self, attempt: _Attempt) -> None:
        if self._udp.pop(attempt.msg_id, None) is not None and attempt.sock is not None:
            attempt.sock.release(attempt.msg_id)

    def _release_udp(self) -> None:
        for attempt in list(self._udp.values()):
            self._release(attempt)
