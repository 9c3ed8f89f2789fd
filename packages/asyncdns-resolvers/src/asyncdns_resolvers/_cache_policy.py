"""Whether a reply may be cached, and for how long (RFC 1035, RFC 2181, RFC 2308).

* A positive reply (NOERROR, with a record of the asked type at the end of the CNAME chain that
  starts at the question name) lives for the smallest TTL among its answer records, clamped to
  ``[min_ttl, max_ttl]``.
* A negative reply, NXDOMAIN or NODATA (NOERROR without the asked type after following the
  CNAMEs in the answer section), lives for ``min(SOA TTL, SOA MINIMUM)`` of the first SOA in the
  authority section (RFC 2308 section 5), and no longer than any CNAME it carries, clamped to
  ``[min_ttl, min(max_negative_ttl, max_ttl)]``. Without an SOA it is not cached.
* Nothing else is cached: other rcodes (SERVFAIL, REFUSED, FORMERR...), truncated replies,
  opcodes other than QUERY, replies without a question, and replies whose lifetime is 0.

A TTL with its top bit set counts as 0 (RFC 2181 section 8); so does such an SOA MINIMUM.
"""

from __future__ import annotations

from typing import NamedTuple

from asyncdns_wire import Message, rr

__all__ = ["CachePlan", "effective_ttl", "is_final", "plan_reply"]

_NOERROR = 0
_NXDOMAIN = 3
_TC = 0x0200
_CNAME = 5
_ANY = 255
_TTL_TOP_BIT = 0x80000000


class CachePlan(NamedTuple):
    """How to cache a reply.

    Attributes:
        lifetime: seconds the reply stays fresh (at least 1).
        soa_index: for a negative reply, the index in ``authorities`` of the SOA that set the
            lifetime (its cached TTL is the lifetime, RFC 2308 section 5); -1 for a positive one.
    """

    lifetime: int
    soa_index: int


def effective_ttl(ttl: int) -> int:
    """*ttl*, or 0 when its top bit is set (RFC 2181 section 8).

    Args:
        ttl: a TTL as found on the wire (0..2**32-1).

    Returns:
        The TTL to use, in 0..2**31-1.
    """
    return ttl if ttl < _TTL_TOP_BIT else 0


def is_final(reply: Message) -> bool:
    """Whether *reply* is a final answer (NOERROR or NXDOMAIN, not truncated, opcode QUERY),
    cacheable or not, rather than a failure or a partial reply."""
    return reply.rcode in (_NOERROR, _NXDOMAIN) and not reply.flags & _TC and reply.opcode == 0


def plan_reply(
    reply: Message, *, min_ttl: int, max_ttl: int, max_negative_ttl: int
) -> CachePlan | None:
    """Decide whether and how long *reply* may be cached.

    Args:
        reply: a reply to a one-question query.
        min_ttl: the shortest lifetime (raises short and zero TTLs).
        max_ttl: the longest lifetime of any reply.
        max_negative_ttl: the longest lifetime of a negative reply.

    Returns:
        The plan, or ``None`` when the reply must not be cached.
    """
    if not is_final(reply) or not reply.questions:
        return None
    rcode = reply.rcode
    answers = reply.answers
    if rcode == _NOERROR and _answers_question(reply):
        lifetime = min(effective_ttl(r.ttl) for r in answers)
        lifetime = min(max(lifetime, min_ttl), max_ttl)
        return CachePlan(lifetime, -1) if lifetime > 0 else None
    found = next(((i, r) for i, r in enumerate(reply.authorities) if isinstance(r, rr.SOA)), None)
    if found is None:
        return None  # RFC 2308 section 5: no SOA, no negative caching
    soa_index, soa = found
    lifetime = min(effective_ttl(soa.ttl), effective_ttl(soa.minimum))
    for record in answers:
        lifetime = min(lifetime, effective_ttl(record.ttl))
    lifetime = min(max(lifetime, min_ttl), max_negative_ttl, max_ttl)
    return CachePlan(lifetime, soa_index) if lifetime > 0 else None


def _answers_question(reply: Message) -> bool:
    """Whether the answer section holds the asked type at the end of the question's CNAMEs."""
    answers = reply.answers
    if not answers:
        return False
    question = reply.questions[0]
    q_type = question.q_type
    owners: dict[bytes, list[rr.RR]] = {}
    for record in answers:
        owners.setdefault(record.name.lower(), []).append(record)
    name = question.name.lower()
    for _ in range(len(answers) + 1):  # a chain can't be longer than the section; no loops
        records = owners.get(name, ())
        if any(r.rr_type == q_type or q_type == _ANY for r in records):
            return True
        cname = next((r for r in records if r.rr_type == _CNAME), None)
        if not isinstance(cname, rr.CNAME):
            return False
        name = cname.target.lower()
    return False
