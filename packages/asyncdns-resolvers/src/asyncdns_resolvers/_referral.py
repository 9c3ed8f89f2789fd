"""Reading a referral safely: does it lead down towards the name, and which glue to believe.

A referral (no AA, NOERROR, no answer, NS records in the authority section) is only followed
when its cut lies strictly below the zone the server was asked about and at or above the name
asked. Only glue for NS names *under the delegated zone* is kept (in-bailiwick glue); any other
additional record, out-of-bailiwick glue included, is ignored, and so are addresses no server
can have (unspecified, multicast, broadcast).
"""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from asyncdns_wire import Message, rr

from ._cache_policy import effective_ttl
from ._names import ancestor, count_labels, is_below, is_under, same
from ._servers import Server

__all__ = ["Referral", "bogus_referral", "read_referral", "server_of"]

_BROADCAST = ipaddress.IPv4Address("255.255.255.255")


class Referral(NamedTuple):
    """What a referral delegates: the zone cut, its NS names, their glue, the NS TTL."""

    cut: bytes
    ns: list[bytes]
    glue: dict[bytes, list[Server]]
    ttl: int


def bogus_referral(cut: bytes, zone: bytes, asked: bytes) -> bool:
    """Whether a referral to *cut*, from a server asked about *zone* for *asked*, is bogus:
    upward, sideways (the zone itself) or away from the name."""
    return not is_below(cut, zone) or not is_under(asked, cut)


def server_of(record: rr.A | rr.AAAA, port: int) -> Server | None:
    """The server an address record names, or ``None`` for an address no server can have."""
    address = record.address
    if address.is_unspecified or address.is_multicast or address == _BROADCAST:
        return None
    return (str(address), port)


def read_referral(reply: Message, cut: bytes, *, port: int, max_ns: int) -> Referral:
    """The delegation to *cut* in *reply* (already checked with :func:`bogus_referral`).

    Args:
        reply: the referral.
        cut: the owner of its first NS record.
        port: the port of the servers its glue names.
        max_ns: NS names kept at most.

    Returns:
        The lower-cased cut, its NS names (lower case, first *max_ns*), in-bailiwick glue by NS
        name, and the smallest NS TTL (a TTL with its top bit set counts as 0, RFC 2181
        section 8).
    """
    cut = ancestor(cut, count_labels(cut))  # lower case
    ns: list[bytes] = []
    ttl: int | None = None
    for record in reply.authorities:
        if isinstance(record, rr.NS) and same(record.name, cut):
            record_ttl = effective_ttl(record.ttl)  # top bit set: 0 (RFC 2181 section 8)
            ttl = record_ttl if ttl is None else min(ttl, record_ttl)
            host = record.target.lower()
            if host not in ns and len(ns) < max_ns:
                ns.append(host)
    glue: dict[bytes, list[Server]] = {}
    for record in reply.additional:
        # Glue only for NS names under the delegated zone: nothing else is believed.
        if isinstance(record, (rr.A, rr.AAAA)) and is_under(record.name, cut):
            host = record.name.lower()
            server = server_of(record, port)
            if host in ns and server is not None:
                known = glue.setdefault(host, [])
                if server not in known:
                    known.append(server)
    return Referral(cut, ns, glue, ttl or 0)
