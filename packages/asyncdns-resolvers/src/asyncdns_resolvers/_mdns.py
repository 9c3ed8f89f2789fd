"""The :class:`MulticastResolver`: one-shot Multicast DNS queries (RFC 6762), asyncdns 0.1
section 2.3.3.

A lookup multicasts its question to 224.0.0.251 (or ff02::fb) port 5353 from an ephemeral
port: a *one-shot* query (section 5.1), which responders answer by *legacy unicast* to that
port, echoing the ID and the question (section 6.7). Answers multicast on the link are heard
too, through a socket that joins the group. Every response must

* come from the mDNS port (section 6) and, for unicast replies, from an on-link source
  (section 11, :mod:`._mdns_link`);
* be a response to a standard query with rcode 0 (section 18);
* for unicast replies, carry the ID of one of our queries and repeat its question;

anything else is silently ignored. Answers from every responder within the window are merged
(:mod:`._mdns_gather`); with none, the lookup completes with NXDOMAIN.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import secrets
import socket
import weakref
from collections.abc import Iterator
from typing import Any

from asyncdns_wire import DecodeError, Message, Query, encode_query, rr

from ._cache import ReplyCache
from ._errors import LimitExceeded, NoNameservers
from ._lifecycle import Closing, abort_all, closed_future, failed, lookup_loop
from ._mdns_gather import Gatherer, answers_question, is_usable_response
from ._mdns_link import LinkFilter
from ._mdns_names import is_mdns_name, mdns_wire_name
from ._mdns_options import MulticastOptions
from ._mdns_socket import (
    ANCILLARY_SIZE,
    hop_limit,
    interface_index,
    leave_group,
    open_group_socket,
    open_query_socket,
)
from ._trace import Trace, TraceEntry, TraceEvent
from ._trace_arg import checked_trace
from ._waiters import settle

__all__ = ["MulticastResolver"]

log = logging.getLogger("asyncdns_resolvers.mdns")

_QU = 0x8000  # the unicast-response bit of a question's class (section 5.4)
_MAX_PACKET = 9000  # section 17: mDNS messages never exceed 9000 octets
_READS_PER_WAKEUP = 64  # datagrams read per readiness callback, so one socket cannot hog the loop
_ID_TRIES = 64
_QR_BYTE = 2  # the header octet holding QR (its top bit)

CacheKey = tuple[tuple[bytes, int, int], bool]


class MulticastResolver(Closing):
    """Resolves queries with Multicast DNS (asyncdns 0.1 section 2.3.3), without a system
    mDNS daemon: it works wherever Python runs and IP multicast is available.

    Only names in the mDNS zones are looked up: ``.local`` names and the link-local reverse
    zones ``254.169.in-addr.arpa`` and ``8.e.f.ip6.arpa`` .. ``b.e.f.ip6.arpa`` (see
    :func:`is_mdns_name`). Anyone on the link can answer a multicast question, so other names
    are refused unless ``MulticastOptions(allow_any_name=True)`` says otherwise.

    Names go on the wire in UTF-8, never Punycode (RFC 6762 section 16): the ``xn--`` labels
    of a :class:`~asyncdns_wire.Query` are decoded back to UTF-8. A ``str`` name is IDNA
    processed by :class:`~asyncdns_wire.Query` first (nameprep: ``"Über.local"`` is asked as
    ``über.local``, ``"Straße.local"`` as ``strasse.local``); pass the name as ``bytes``
    (``"Über.local".encode()``) to ask for the exact UTF-8 name. Both forms of one wire name
    share the cache and the lookups in flight.

    Args:
        options: group, port, interface, timing, trust and cache settings
            (:class:`MulticastOptions`).

    Use it as ``async with MulticastResolver() as r:`` or call :meth:`close`, which cancels
    the lookups in progress, leaves the multicast groups and closes the sockets. A resolver
    that is garbage collected does the same.
    """

    def __init__(self, options: MulticastOptions | None = None) -> None:
        if options is not None and not isinstance(options, MulticastOptions):
            raise TypeError("options must be a MulticastOptions")
        self.options = opts = options or MulticastOptions()
        self._cache = ReplyCache(
            max_entries=opts.cache_size,
            min_ttl=opts.min_ttl,
            max_ttl=opts.max_ttl,
            max_negative_ttl=0,  # "nobody answered" is not a fact worth remembering
        )
        self._families: dict[bool, _Family] = {}
        self._inflight: dict[tuple[CacheKey, bool], _Lookup] = {}
        self._closed = False
        self._finalizer = weakref.finalize(self, _shutdown, self._families, self._inflight)

    # -- the asyncdns 0.1 API ---------------------------------------------------------------

    def lookup(
        self,
        query: Query,
        use_ipv6: bool = False,
        unicast_reply: bool = False,
        *,
        trace: Trace | None = None,
    ) -> asyncio.Future[Message]:
        """Resolve *query* with Multicast DNS.

        Args:
            query: the :class:`~asyncdns_wire.Query`; its name must be in an mDNS zone unless
                ``allow_any_name`` is set.
            use_ipv6: multicast to the IPv6 group (``ff02::fb``) instead of the IPv4 one.
            unicast_reply: set the QU bit of the question, asking for a unicast reply
                (RFC 6762 section 5.4) to spare the link multicast traffic.
            trace: a :class:`Trace` to record the lookup in: a cache hit with the entry's
                age, or each query multicast (:attr:`TraceEvent.QUERY`), each response
                gathered with its responder (:attr:`TraceEvent.RESPONSE`), unicast replies
                ignored as off-link (:attr:`TraceEvent.IGNORED`) and the reply
                (:attr:`TraceEvent.REPLY`, transport ``"mdns"``). A traced lookup may share
                an identical one in flight; both traces then record it.

        Returns:
            A future completing with a :class:`~asyncdns_wire.Message` (``Reply``) whose
            question is *query*: NOERROR with the answers gathered from every responder,
            or NXDOMAIN when none answered within ``timeout``; TC is set when a responder's
            reply was truncated (such a reply is not cached). It fails with
            :class:`ResolverClosed` after :meth:`close`, or :class:`NoNameservers` when the
            query cannot be sent (no such interface, no route for multicast, every message
            ID in use by queries in flight...).

        Raises:
            TypeError: an argument of the wrong type.
            ValueError: a name outside the mDNS zones (without ``allow_any_name``), or a
                class with its top bit set (that bit is the QU bit).
        """
        if not isinstance(query, Query):
            raise TypeError(f"query must be an asyncdns Query, not {type(query).__name__}")
        if not isinstance(use_ipv6, bool) or not isinstance(unicast_reply, bool):
            raise TypeError("use_ipv6 and unicast_reply must be bools")
        if trace is not None:
            checked_trace(trace)
        if query.q_class & _QU:
            raise ValueError("the top bit of the class is the QU bit: use unicast_reply=True")
        if not self.options.allow_any_name and not is_mdns_name(query.name):
            raise ValueError(
                f"{query.name.decode('ascii', 'backslashreplace')} is not a Multicast DNS name "
                "(.local, 254.169.in-addr.arpa, 8.e.f.ip6.arpa .. b.e.f.ip6.arpa); set "
                "MulticastOptions(allow_any_name=True) to multicast it anyway"
            )
        loop = lookup_loop()
        if self._closed:
            return closed_future(loop)
        wire_query = _wire_query(query)
        # Keyed by the question on the wire: the cached replies' records are owned by it.
        key: CacheKey = (wire_query.key(), use_ipv6)
        hit = self._cache.get(key, loop.time())
        if hit is not None:
            hit.questions = [query]
            if trace is not None:
                trace.append(
                    TraceEntry(
                        TraceEvent.CACHE_HIT,
                        query=query,
                        rcode=hit.rcode,
                        records=tuple(hit.answers),
                        transport="mdns",
                        age=self._cache.age(key, loop.time()),
                    )
                )
            fut: asyncio.Future[Message] = loop.create_future()
            fut.set_result(hit)
            return fut
        shared = self._inflight.get((key, unicast_reply))
        if shared is not None and shared.loop is loop:
            if trace is not None:
                shared.traces.append(trace)
            return shared.waiter(query)
        try:
            family = self._family(loop, use_ipv6)
        except OSError as exc:
            opts = self.options
            group = opts.group_v6 if use_ipv6 else opts.group_v4
            return failed(loop, NoNameservers([((group, opts.port), exc)]))
        lookup = _Lookup(family, query, wire_query, unicast_reply, self._cache, key, self._inflight)
        if trace is not None:
            lookup.traces.append(trace)
        waiter = lookup.waiter(query)
        # Shared from now on; a lookup that fails to start leaves the table (_cleanup).
        self._inflight[(key, unicast_reply)] = lookup
        if loop.is_running():
            lookup.start()
        else:
            loop.call_soon(lookup.start)
        return waiter

    def flush_cache(self) -> None:
        """Forget every cached reply."""
        self._cache.flush()

    def close(self) -> None:
        """Cancel every lookup in progress, leave the multicast groups and close the sockets.
        Idempotent."""
        self._closed = True
        self._finalizer()

    # -- introspection ------------------------------------------------------------------------

    @property
    def cache(self) -> ReplyCache:
        """The reply cache (keyed by question and IP version)."""
        return self._cache

    @property
    def in_flight(self) -> int:
        """Lookups under way."""
        return len(self._inflight)

    def group_members(self) -> list[str]:
        """The groups this resolver is a member of, as ``"224.0.0.251"`` or ``"ff02::fb%3"``."""
        return [f.membership for f in self._families.values() if f.membership]

    # -- internals ----------------------------------------------------------------------------

    def _family(self, loop: asyncio.AbstractEventLoop, use_ipv6: bool) -> _Family:
        family = self._families.get(use_ipv6)
        if family is not None and family.loop is not loop:
            family.close()  # the loop it was bound to is gone or another one runs now
            family = None
        if family is None:
            family = _Family(loop, use_ipv6, self.options, self._cache)
            self._families[use_ipv6] = family
        return family


def _shutdown(families: dict[bool, _Family], inflight: dict[Any, _Lookup]) -> None:
    try:
        abort_all(inflight.values())
        inflight.clear()
    finally:
        for family in list(families.values()):
            family.close()
        families.clear()


class _Family:
    """The sockets of one IP version, bound to one event loop, and the lookups using them."""

    __slots__ = (
        "active",
        "by_id",
        "cache",
        "dest",
        "group",
        "group_sock",
        "ifindex",
        "link",
        "loop",
        "membership",
        "options",
        "port",
        "sock",
        "use_ipv6",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        use_ipv6: bool,
        options: MulticastOptions,
        cache: ReplyCache,
    ) -> None:
        self.loop = loop
        self.use_ipv6 = use_ipv6
        self.options = options
        self.cache = cache
        self.port = options.port
        self.group = options.group_v6 if use_ipv6 else options.group_v4
        self.ifindex = ifindex = interface_index(options.interface)
        family = socket.AF_INET6 if use_ipv6 else socket.AF_INET
        self.dest: tuple[Any, ...] = (
            (self.group, self.port, 0, ifindex) if use_ipv6 else (self.group, self.port)
        )
        self.link = LinkFilter(family, ifindex, check_hop_limit=options.check_hop_limit)
        self.by_id: dict[int, _Lookup] = {}
        self.active: dict[_Lookup, None] = {}
        self.group_sock: socket.socket | None = None
        self.membership = ""
        self.sock, _ = open_query_socket(family, self.group, ifindex)
        try:
            loop.add_reader(self.sock.fileno(), self._read_unicast)
        except BaseException:
            self.sock.close()
            raise
        if options.listen_multicast:
            self._join(family)

    def _join(self, family: int) -> None:
        try:
            sock = open_group_socket(family, self.group, self.port, self.ifindex)
        except OSError as exc:
            log.debug("not listening to %s port %d: %s", self.group, self.port, exc)
            return
        try:
            self.loop.add_reader(sock.fileno(), self._read_multicast)
        except BaseException:
            sock.close()
            raise
        self.group_sock = sock
        self.membership = f"{self.group}%{self.ifindex}" if self.use_ipv6 else self.group

    def close(self) -> None:
        """Abort the lookups, stop reading, leave the group and close the sockets."""
        abort_all(self.active)
        loop = self.loop
        for sock in (self.sock, self.group_sock):
            if sock is None or sock.fileno() < 0:
                continue
            if not loop.is_closed():
                with contextlib.suppress(RuntimeError, ValueError):
                    loop.remove_reader(sock.fileno())
            if sock is self.group_sock:
                family = socket.AF_INET6 if self.use_ipv6 else socket.AF_INET
                leave_group(sock, family, self.group, self.ifindex)
            sock.close()
        self.membership = ""

    def new_id(self) -> int:
        """A random message ID, not 0 and not in use by another query on this socket.

        Raises:
            LimitExceeded: no free ID found (nearly every ID is in use).
        """
        by_id = self.by_id
        for _ in range(_ID_TRIES):
            msg_id = secrets.randbits(16)
            if msg_id and msg_id not in by_id:
                return msg_id
        raise LimitExceeded("no free message ID: too many mDNS queries in flight")

    def send(self, data: bytes) -> None:
        """Multicast *data* to the group (an ``OSError`` other than a full buffer propagates)."""
        with contextlib.suppress(BlockingIOError, InterruptedError):
            self.sock.sendto(data, self.dest)

    def _read_unicast(self) -> None:
        link, by_id = self.link, self.by_id
        now = self.loop.time()
        for data, ancdata, source in _responses(self.sock, self.port, "query"):
            lookup = by_id.get(int.from_bytes(data[:2], "big"))
            if lookup is None:
                continue
            scope = source[3] if len(source) > 3 else 0
            if not link.accepts(source[0], scope, hop_limit(ancdata), now):
                log.debug("ignored a reply from off-link source %s", source[0])
                if lookup.traces:
                    lookup.note(TraceEvent.IGNORED, (source[0], source[1]), "from off the link")
                continue
            try:
                msg = Message.from_wire(data, mdns=True)
            except DecodeError:
                continue
            if is_usable_response(msg) and answers_question(msg, lookup.wire_query):
                lookup.on_response(msg, now, direct=True, source=(source[0], source[1]))

    def _read_multicast(self) -> None:
        sock = self.group_sock
        if sock is None:
            return
        check = self.options.check_hop_limit
        now = self.loop.time()
        for data, ancdata, source in _responses(sock, self.port, "group"):
            if check:
                hops = hop_limit(ancdata)
                if hops is not None and hops != 255:
                    continue
            try:
                msg = Message.from_wire(data, mdns=True)
            except DecodeError:
                continue
            if not is_usable_response(msg):
                continue
            for lookup in list(self.active):
                lookup.on_response(msg, now, direct=False, source=(source[0], source[1]))
            self._goodbyes(msg, now)

    def _goodbyes(self, msg: Message, now: float) -> None:
        """Apply the TTL 0 records of a multicast response to the cache (RFC 6762 section
        10.1): the record leaves the cached reply; a reply left without answers expires in a
        second."""
        cache = self.cache
        for record in msg.answers:
            if record.ttl:
                continue
            key: CacheKey = ((record.name.lower(), record.rr_type, record.rr_class), self.use_ipv6)
            cached = cache.get(key, now)
            if cached is None:
                continue
            kept = [r for r in cached.answers if not r.same_rdata(record)]
            if len(kept) == len(cached.answers):
                continue
            if kept:
                cached.answers = kept
            else:
                cached.answers = [r.with_ttl(1) for r in cached.answers]
            cache.put(key, cached, now)


def _responses(
    sock: socket.socket, port: int, which: str
) -> Iterator[tuple[bytes, list[tuple[int, int, bytes]], Any]]:
    """The datagrams queued on *sock* (at most a wake-up's worth) that look like responses
    sent from the mDNS *port* (RFC 6762 section 6): queries, ours looped back included, and
    foreign ports are passed over, and errors (an ICMP error queued on the socket) logged."""
    for _ in range(_READS_PER_WAKEUP):
        try:
            data, ancdata, _flags, source = sock.recvmsg(_MAX_PACKET, ANCILLARY_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            log.debug("mDNS %s socket: %s", which, exc)
            continue
        if source[1] == port and len(data) >= 12 and data[_QR_BYTE] & 0x80:
            yield data, ancdata, source


class _Lookup:
    """One question on the link: the queries, the timers, the gathered answers and the callers
    waiting (each with a future of its own; the last one cancelling stops the lookup)."""

    __slots__ = (
        "_deadline",
        "_finish_at",
        "_retry",
        "cache",
        "family",
        "gatherer",
        "ids",
        "inflight",
        "key",
        "loop",
        "query",
        "sent",
        "template",
        "traces",
        "unicast_reply",
        "waiters",
        "wire_query",
    )

    def __init__(
        self,
        family: _Family,
        query: Query,
        wire_query: Query,
        unicast_reply: bool,
        cache: ReplyCache,
        key: CacheKey,
        inflight: dict[tuple[CacheKey, bool], _Lookup],
    ) -> None:
        self.family = family
        self.loop = family.loop
        self.query = query
        self.unicast_reply = unicast_reply
        self.cache = cache
        self.key = key
        self.inflight = inflight
        self.wire_query = wire_query
        # The query without its ID: flags 0 (no RD), one question, no EDNS (section 18).
        template = encode_query(self.wire_query, 0, flags=0, edns_payload=None)[2:]
        if unicast_reply:
            template = template[:-2] + (query.q_class | _QU).to_bytes(2, "big")
        self.template = template
        self.gatherer = Gatherer(self.wire_query)
        self.ids: list[int] = []
        self.sent = 0
        #: Each caller's future, with the query it asked (the question of the reply it gets).
        self.waiters: dict[asyncio.Future[Message], Query] = {}
        self._retry: asyncio.TimerHandle | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._finish_at: asyncio.TimerHandle | None = None
        #: The traces of the callers who asked for one.
        self.traces: list[Trace] = []

    def note(
        self,
        event: TraceEvent,
        server: tuple[str, int],
        detail: str = "",
        *,
        rcode: int | None = None,
        records: tuple[rr.RR, ...] = (),
    ) -> None:
        """Record an event in every trace of this lookup."""
        entry = TraceEntry(
            event,
            server=server,
            query=self.query,
            rcode=rcode,
            records=records,
            detail=detail,
            transport="mdns",
        )
        for trace in self.traces:
            trace.append(entry)

    def waiter(self, query: Query) -> asyncio.Future[Message]:
        """A new caller's future, to complete with a reply whose question is *query*."""
        fut: asyncio.Future[Message] = self.loop.create_future()
        self.waiters[fut] = query
        fut.add_done_callback(self._waiter_done)
        return fut

    @property
    def done(self) -> bool:
        return not self.waiters

    def start(self) -> None:
        if self.done:
            return
        opts = self.family.options
        self.family.active[self] = None
        try:
            self._send()
        except (OSError, LimitExceeded) as exc:
            self._fail(NoNameservers([((self.family.group, self.family.port), exc)]))
            return
        if opts.attempts > 1:
            self._retry = self.loop.call_later(opts.retry_interval, self._retransmit)
        self._deadline = self.loop.call_later(opts.timeout, self._expire)

    def _send(self) -> None:
        family = self.family
        msg_id = family.new_id()
        family.by_id[msg_id] = self
        self.ids.append(msg_id)
        self.sent += 1
        family.send(msg_id.to_bytes(2, "big") + self.template)
        if self.traces:
            qu = ", QU" if self.unicast_reply else ""
            self.note(TraceEvent.QUERY, (family.group, family.port), f"query {self.sent}{qu}")

    def _retransmit(self) -> None:
        self._retry = None
        if self.done or self.gatherer.answered:
            return
        try:
            self._send()
        except (OSError, LimitExceeded) as exc:
            log.debug("mDNS retransmission failed: %s", exc)
        opts = self.family.options
        if self.sent < opts.attempts:
            delay = opts.retry_interval * 2 ** (self.sent - 1)
            self._retry = self.loop.call_later(delay, self._retransmit)

    def _expire(self) -> None:
        self._deadline = None
        if not self.gatherer.answered:
            self._finish()  # nobody answered: NXDOMAIN (or NODATA)

    def on_response(
        self, msg: Message, now: float, *, direct: bool, source: tuple[str, int] | None = None
    ) -> None:
        if self.done:
            return
        first = not self.gatherer.answered
        taken = self.gatherer.add(msg, now, direct=direct)
        if self.traces and taken and source is not None:
            how = "unicast" if direct else "multicast"
            records = tuple(r for r in msg.answers if self.gatherer.concerns(r))
            self.note(TraceEvent.RESPONSE, source, how, records=records)
        if taken and first:
            if self._retry is not None:
                self._retry.cancel()
                self._retry = None
            gather = self.family.options.gather
            if gather:
                self._finish_at = self.loop.call_later(gather, self._finish)
            else:
                self._finish()

    def _finish(self) -> None:
        self._finish_at = None
        if self.done:
            return
        # The question on the wire, which owns the records: as the cache keeps it.
        reply = self.gatherer.reply(self.ids[0] if self.ids else 0)
        self._cleanup()
        if self.traces:
            family = self.family
            detail = "" if self.gatherer.answered else "nobody answered in time"
            self.note(
                TraceEvent.REPLY,
                (family.group, family.port),
                detail,
                rcode=reply.rcode,
                records=tuple(reply.answers),
            )
        self.cache.put(self.key, reply, self.loop.time())
        waiters, self.waiters = self.waiters, {}
        for fut, asked in waiters.items():
            if not fut.done():
                fut.set_result(_asking(reply, asked))

    def _fail(self, exc: BaseException) -> None:
        self._cleanup()
        if self.traces:
            self.note(TraceEvent.GIVE_UP, (self.family.group, self.family.port), f"{exc}")
        waiters, self.waiters = self.waiters, {}
        settle(waiters, None, exc)

    def abort(self) -> None:
        """Stop: cancel the timers and every caller's future."""
        self._cleanup()
        waiters, self.waiters = self.waiters, {}
        for fut in waiters:
            fut.cancel()

    def _waiter_done(self, fut: asyncio.Future[Message]) -> None:
        if fut.cancelled() and fut in self.waiters:
            del self.waiters[fut]
            if not self.waiters:
                self._cleanup()

    def _cleanup(self) -> None:
        for handle in (self._retry, self._deadline, self._finish_at):
            if handle is not None:
                handle.cancel()
        self._retry = self._deadline = self._finish_at = None
        family = self.family
        for msg_id in self.ids:
            if family.by_id.get(msg_id) is self:
                del family.by_id[msg_id]
        family.active.pop(self, None)
        inflight_key = (self.key, self.unicast_reply)
        if self.inflight.get(inflight_key) is self:
            del self.inflight[inflight_key]


def _wire_query(query: Query) -> Query:
    """*query* as it goes on the wire: its ``xn--`` labels in UTF-8 (see :func:`mdns_wire_name`)."""
    wire_name = mdns_wire_name(query.name)
    return query if wire_name == query.name else Query(wire_name, query.q_type, query.q_class)


def _asking(reply: Message, query: Query) -> Message:
    """A copy of *reply* for a caller who asked *query*: its own section lists, that question."""
    mine = copy.copy(reply)
    mine.questions = [query]
    mine.answers = list(reply.answers)
    mine.authorities = list(reply.authorities)
    mine.additional = list(reply.additional)
    return mine
