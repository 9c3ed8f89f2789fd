"""The trace of a lookup: where the answer came from, and everything tried on the way.

A :class:`Trace` is a list of :class:`TraceEntry`, one per event, in order. Pass one to a
resolver's ``lookup(..., trace=trace)`` and read it when the lookup is done;
:meth:`Trace.to_text` renders it in the spirit of ``dig +trace``.

* A **recursive** lookup records its walk: which server was asked what, and what it said
  (referrals, answers, lame servers, nameserver address lookups).
* A **stub** lookup records a cache hit (with the entry's age), or each attempt: the server,
  the transport (``udp``/``tcp``) and the outcome: the reply, a timeout, an error rcode, TC →
  TCP, the retry without EDNS, a network error, a reply ignored as forged or malformed.
* **Multicast DNS** records each query multicast, each response gathered and the reply.
* The **system** and **smart** resolvers record which source handled the question (the
  hosts file, multicast DNS, the system's DNS configuration) and the search-list names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from asyncdns_wire import Query, Rcode, rr, rrtype_to_text

from ._servers import Server

__all__ = ["TraceEvent", "Trace", "TraceEntry"]


class TraceEvent(enum.Enum):
    """What one :class:`TraceEntry` records."""

    # -- recursive walks ------------------------------------------------------------------------
    START = "start"
    """The walk starts at these servers for this zone (root hints, given servers or cache)."""
    CACHED = "cached"
    """A delegation (or a nameserver's addresses) came from the delegation cache."""
    REFERRAL = "referral"
    """The server referred the walk down to a child zone."""
    DESCEND = "descend"
    """QNAME minimisation: the minimised name is no zone cut; one more label is asked next."""
    RETRY_FULL = "retry-full"
    """QNAME minimisation: NXDOMAIN for a minimised name; the full name is asked (RFC 9156)."""
    ANSWER = "answer"
    """An authoritative answer with the data asked for."""
    ALIAS = "alias"
    """An authoritative CNAME/DNAME whose target must be resolved elsewhere."""
    NXDOMAIN = "nxdomain"
    """An authoritative answer: the name does not exist."""
    NODATA = "nodata"
    """An authoritative answer: the name exists without data of the type asked."""
    LAME = "lame"
    """The server is lame for the zone (error rcode, bogus referral, non-authoritative)."""
    FAILED = "failed"
    """No usable reply (timeout, network error): the server is not asked again."""
    LOOKUP_NS = "lookup-ns"
    """A nameserver without glue: its address is looked up (a nested walk)."""
    NS_ADDRESSES = "ns-addresses"
    """The nested lookup ended: the nameserver's addresses (none when it failed)."""
    GIVE_UP = "give-up"
    """The lookup (a walk, a nested lookup, or a stub lookup) failed; the detail says why."""

    # -- stub lookups ---------------------------------------------------------------------------
    CACHE_HIT = "cache-hit"
    """The reply came from the resolver's reply cache; :attr:`TraceEntry.age` is the entry's
    age in seconds."""
    REPLY = "reply"
    """The reply the lookup completes with, and where it came from (:attr:`TraceEntry.server`
    and :attr:`TraceEntry.transport`: ``udp``, ``tcp``, ``mdns`` or ``hosts``)."""
    TIMEOUT = "timeout"
    """No reply to this attempt in time; the next attempt follows (or the lookup gives up)."""
    RCODE = "rcode"
    """The server answered SERVFAIL, REFUSED, NOTIMP or FORMERR; the next server is asked."""
    TRUNCATED = "truncated"
    """The UDP reply was truncated (TC); the same server is asked over TCP."""
    NO_EDNS = "no-edns"
    """The server rejected EDNS (FORMERR, NOTIMP or BADVERS without OPT); asked again
    without it."""
    NETWORK_ERROR = "network-error"
    """Sending failed, the network reported an error (ICMP unreachable), or the TCP
    connection failed or carried a bad reply."""
    IGNORED = "ignored"
    """A reply carrying this lookup's ID was ignored: wrong question, not a response,
    undecodable, a bad cookie (possibly forged), or from off the link (mDNS)."""
    STALE = "stale"
    """Every attempt failed and an expired cache entry was served (RFC 8767)."""

    # -- system, smart and multicast resolvers --------------------------------------------------
    SOURCE = "source"
    """The source chosen for the question: the hosts file, multicast DNS or the system's DNS
    configuration (the detail says which)."""
    SEARCH = "search"
    """The search list applies: :attr:`TraceEntry.names` are the names tried, in order."""
    QUERY = "query"
    """A multicast DNS query was sent to the group (:attr:`TraceEntry.server`)."""
    RESPONSE = "response"
    """A multicast DNS response was gathered from a responder (:attr:`TraceEntry.server`)."""


_STUB_FAILURES = frozenset(
    {
        TraceEvent.TIMEOUT,
        TraceEvent.RCODE,
        TraceEvent.TRUNCATED,
        TraceEvent.NO_EDNS,
        TraceEvent.NETWORK_ERROR,
        TraceEvent.LAME,
        TraceEvent.FAILED,
    }
)
_ANSWERS = frozenset(
    {
        TraceEvent.REPLY,
        TraceEvent.CACHE_HIT,
        TraceEvent.STALE,
        TraceEvent.ANSWER,
        TraceEvent.NXDOMAIN,
        TraceEvent.NODATA,
    }
)


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One event of a lookup.

    Attributes:
        event: what happened (:class:`TraceEvent`).
        zone: for recursive walks, the zone the walk was in (presentation form, ``b"."`` for
            the root); empty for the events of other lookups.
        server: the server asked (or the multicast group, or the mDNS responder that
            answered), or ``None`` for events without one.
        query: the question sent (minimised or not), or the name being looked up.
        rcode: the reply's rcode, when there was a reply.
        names: the NS names of a referral or a cached delegation; the target of an
            :attr:`TraceEvent.ALIAS`; the names a :attr:`TraceEvent.SEARCH` tries.
        addresses: the servers a walk starts from (:attr:`TraceEvent.START`), or the addresses
            found for a nameserver (:attr:`TraceEvent.NS_ADDRESSES`, :attr:`TraceEvent.CACHED`).
        records: the answer records accepted from this reply.
        detail: a human-readable explanation (why a server was lame, why the lookup gave up,
            which source was chosen...).
        depth: 0 for the lookup itself, 1 for a nameserver address lookup it needed, and so on.
        rtt: seconds between the question and the reply (``None`` without a reply).
        transport: how the question went: ``"udp"``, ``"tcp"``, ``"mdns"``, ``"hosts"``, or
            empty.
        age: for :attr:`TraceEvent.CACHE_HIT`, the cached entry's age in seconds.
    """

    event: TraceEvent
    zone: bytes = b""
    server: Server | None = None
    query: Query | None = None
    rcode: int | None = None
    names: tuple[bytes, ...] = ()
    addresses: tuple[Server, ...] = ()
    records: tuple[rr.RR, ...] = ()
    detail: str = ""
    depth: int = 0
    rtt: float | None = None
    transport: str = ""
    age: float | None = None

    def to_text(self) -> str:
        """One line in the spirit of ``dig +trace`` (then the records, one per line)."""
        indent = "  " * self.depth
        where = f"{self.server[0]}#{self.server[1]}" if self.server is not None else ""
        question = ""
        if self.query is not None:
            question = f" {_abs(self.query.name)} {rrtype_to_text(self.query.q_type)}"
        if self.zone:  # a step of a recursive walk
            head = f";; {indent}[{_abs(self.zone)}] {where or '-'}{question}: {self.event.value}"
        else:
            lead = "cache" if self.event is TraceEvent.CACHE_HIT else self.transport
            lead = " ".join(part for part in (lead, where) if part) or "-"
            head = f";; {indent}{lead}{question}: {self.event.value}"
        parts = [head]
        if self.rcode is not None and not self.zone:
            parts.append(_rcode_name(self.rcode))
        if self.names:
            parts.append("(" + ", ".join(_abs(n) for n in self.names) + ")")
        if self.addresses:
            parts.append("[" + ", ".join(f"{a}#{p}" for a, p in self.addresses) + "]")
        if self.detail:
            parts.append(f"- {self.detail}")
        if self.rtt is not None:
            parts.append(f"in {self.rtt * 1000:.1f} ms")
        if self.age is not None:
            parts.append(f"(cached {self.age:.1f} s ago)")
        lines = [" ".join(parts)]
        lines.extend(f"{indent}{record}" for record in self.records)
        return "\n".join(lines)


class Trace(list[TraceEntry]):
    """The events of one lookup, in order (a ``list`` of :class:`TraceEntry`)."""

    def queries(self) -> list[tuple[Server, Query]]:
        """Every ``(server, question)`` of a recursive walk, in order."""
        return [
            (e.server, e.query)
            for e in self
            if e.server is not None
            and e.query is not None
            and e.zone
            and e.event is not TraceEvent.START
        ]

    def answered_by(self) -> TraceEntry | None:
        """Where the answer came from: the last entry of the lookup itself (depth 0) that
        delivered a reply (:attr:`TraceEvent.REPLY`, :attr:`TraceEvent.CACHE_HIT`,
        :attr:`TraceEvent.STALE`, or a walk's answer, NXDOMAIN or NODATA).

        Returns:
            The entry, or ``None`` when nothing answered (the lookup failed or is under way).
        """
        for entry in reversed(self):
            if entry.depth == 0 and entry.event in _ANSWERS:
                return entry
        return None

    def failures(self) -> list[TraceEntry]:
        """Every attempt that did not give the answer: timeouts, error rcodes, truncated
        replies, EDNS rejections, network errors, lame or dead servers.

        Returns:
            The entries, in order.
        """
        return [e for e in self if e.event in _STUB_FAILURES]

    def to_text(self) -> str:
        """The whole lookup, one event per line (records indented under their answer)."""
        return "\n".join(entry.to_text() for entry in self)


def _abs(name: bytes) -> str:
    return "." if name == b"." else name.decode("ascii", "backslashreplace") + "."


def _rcode_name(rcode: int) -> str:
    try:
        return Rcode(rcode).name
    except ValueError:
        return f"RCODE{rcode}"
