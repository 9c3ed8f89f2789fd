"""The trace of a recursive lookup: which server was asked what, and what it said.

A :class:`Trace` is a list of :class:`TraceEntry`, one per event of the walk, in order. Pass one
to :meth:`Resolver.lookup` (``trace=Trace()``) and read it when the lookup is done;
:meth:`Trace.to_text` renders it in the spirit of ``dig +trace``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from asyncdns_wire import Query, rr, rrtype_to_text

from ._servers import Server

__all__ = ["TraceEvent", "Trace", "TraceEntry"]


class TraceEvent(enum.Enum):
    """What one :class:`TraceEntry` records."""

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
    """The walk (or a nested lookup) failed; the detail says why."""


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One event of a recursive walk.

    Attributes:
        event: what happened (:class:`TraceEvent`).
        zone: the zone the walk was in (presentation form, ``b"."`` for the root).
        server: the server asked, or ``None`` for events without a query.
        query: the question sent (minimised or not), or the name being looked up.
        rcode: the reply's rcode, when there was a reply.
        names: the NS names of a referral or a cached delegation; the target of an
            :attr:`TraceEvent.ALIAS`.
        addresses: the servers a walk starts from (:attr:`TraceEvent.START`), or the addresses
            found for a nameserver (:attr:`TraceEvent.NS_ADDRESSES`, :attr:`TraceEvent.CACHED`).
        records: the answer records accepted from this reply.
        detail: a human-readable explanation (why a server was lame, why the walk gave up...).
        depth: 0 for the lookup itself, 1 for a nameserver address lookup it needed, and so on.
        rtt: seconds between the question and the reply (``None`` without a reply).
    """

    event: TraceEvent
    zone: bytes
    server: Server | None = None
    query: Query | None = None
    rcode: int | None = None
    names: tuple[bytes, ...] = ()
    addresses: tuple[Server, ...] = ()
    records: tuple[rr.RR, ...] = ()
    detail: str = ""
    depth: int = 0
    rtt: float | None = None

    def to_text(self) -> str:
        """One line in the spirit of ``dig +trace``."""
        indent = "  " * self.depth
        zone = _abs(self.zone)
        where = f"{self.server[0]}#{self.server[1]}" if self.server is not None else "-"
        question = ""
        if self.query is not None:
            question = f" {_abs(self.query.name)} {rrtype_to_text(self.query.q_type)}"
        head = f";; {indent}[{zone}] {where}{question}: {self.event.value}"
        parts = [head]
        if self.names:
            parts.append("(" + ", ".join(_abs(n) for n in self.names) + ")")
        if self.addresses:
            parts.append("[" + ", ".join(f"{a}#{p}" for a, p in self.addresses) + "]")
        if self.detail:
            parts.append(f"- {self.detail}")
        if self.rtt is not None:
            parts.append(f"in {self.rtt * 1000:.1f} ms")
        lines = [" ".join(parts)]
        lines.extend(f"{indent}{record}" for record in self.records)
        return "\n".join(lines)


class Trace(list[TraceEntry]):
    """The events of one recursive lookup, in order (a ``list`` of :class:`TraceEntry`)."""

    def queries(self) -> list[tuple[Server, Query]]:
        """Every ``(server, question)`` sent, in order."""
        return [
            (e.server, e.query)
            for e in self
            if e.server is not None and e.query is not None and e.event is not TraceEvent.START
        ]

    def to_text(self) -> str:
        """The whole walk, one event per line (records indented under their answer)."""
        return "\n".join(entry.to_text() for entry in self)


def _abs(name: bytes) -> str:
    return "." if name == b"." else name.decode("ascii", "backslashreplace") + "."
