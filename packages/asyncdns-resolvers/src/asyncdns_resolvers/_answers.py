"""Reading an authoritative answer: in-bailiwick data, alias steps and negative proofs.

Only records under the zone the server was asked about count (its bailiwick). A DNAME above
the name wins over any CNAME at the name, and its CNAME is synthesised here (RFC 6672), never
taken from the server.
"""

from __future__ import annotations

from asyncdns_wire import ANY, RRSIG, SOA, Message, rr

from ._names import count_labels, is_below, is_under, same, substitute

__all__ = ["OVERFLOW", "data_for", "in_bailiwick", "negative_soa", "next_alias", "overflows"]

OVERFLOW = b""
"""The alias target :func:`next_alias` returns when a DNAME substitution would make a name
longer than 255 octets (the answer is then YXDOMAIN)."""


def in_bailiwick(reply: Message, zone: bytes) -> list[rr.RR]:
    """The answer records of *reply* under *zone*."""
    return [r for r in reply.answers if is_under(r.name, zone)]


def data_for(records: list[rr.RR], name: bytes, qtype: int, qclass: int) -> list[rr.RR]:
    """The records of *records* that answer (*name*, *qtype*, *qclass*) (ANY: all but RRSIG)."""
    return [
        r
        for r in records
        if (r.rr_type == qtype or (qtype == ANY and r.rr_type != RRSIG))
        and r.rr_class == qclass
        and same(r.name, name)
    ]


def next_alias(records: list[rr.RR], name: bytes) -> tuple[list[rr.RR], bytes | None]:
    """One alias step from *name*: the records it takes and the new name.

    Returns:
        ``([DNAME, synthesised CNAME], target)`` for the deepest DNAME above *name*,
        ``([DNAME], OVERFLOW)`` when its substitution is too long, ``([CNAME], target)`` for a
        CNAME at *name*, or ``([], None)`` when there is no alias.
    """
    best: rr.DNAME | None = None
    for r in records:
        if (
            isinstance(r, rr.DNAME)
            and is_below(name, r.name)
            and (best is None or count_labels(r.name) > count_labels(best.name))
        ):
            best = r
    if best is not None:
        target = substitute(name, best.name, best.target)
        if target is None:
            return [best], OVERFLOW
        return [best, rr.CNAME(name, best.ttl, target)], target
    for r in records:
        if isinstance(r, rr.CNAME) and same(r.name, name):
            return [r], r.target
    return [], None


def overflows(records: list[rr.RR], name: bytes, max_steps: int) -> bool:
    """Whether the alias chain from *name* through *records* reaches a DNAME substitution too
    long to make (what a YXDOMAIN answer must show, RFC 6672 section 2.2)."""
    for _ in range(max_steps + 1):
        _, target = next_alias(records, name)
        if target is None:
            return False
        if target == OVERFLOW:
            return True
        name = target
    return False


def negative_soa(reply: Message, zone: bytes, name: bytes) -> tuple[rr.RR, ...]:
    """The SOA in *reply* proving a negative answer for *name*, from the server's own zone."""
    for r in reply.authorities:
        if r.rr_type == SOA and is_under(r.name, zone) and is_under(name, r.name):
            return (r,)
    return ()
