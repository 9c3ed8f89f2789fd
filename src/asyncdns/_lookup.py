"""Asking any resolver with the asyncdns 0.1 ``lookup(query)`` contract, and reading what the
answer says about one question: the records of the type asked for at the end of the CNAME
chain, or a :class:`~asyncdns_resolvers.NameNotFound` / :class:`~asyncdns_resolvers.NoData`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from asyncdns_resolvers import NameNotFound, NoData, ResolverError, Trace
from asyncdns_resolvers._trace_arg import accepts_trace, checked_trace
from asyncdns_wire import (
    ANY,
    CNAME,
    NOERROR,
    NXDOMAIN,
    Message,
    Query,
    rcode_to_text,
    rr,
    rrtype_to_text,
)

from ._default import default_resolver

__all__ = ["SupportsLookup", "ask", "records_of"]


class SupportsLookup(Protocol):
    """Anything with asyncdns 0.1's ``lookup(query)``: every asyncdns resolver, or your own.

    A ``lookup`` that also takes a ``trace`` keyword is given the caller's trace.
    """

    def lookup(self, query: Query) -> Awaitable[Message]:
        """Resolve *query*; the awaitable gives the reply."""
        ...


async def ask(query: Query, resolver: SupportsLookup | None, trace: Trace | None) -> Message:
    """Look *query* up with *resolver* (default: the loop's default resolver).

    Args:
        query: the question.
        resolver: any :class:`SupportsLookup`, or ``None`` for
            :func:`~asyncdns.default_resolver`.
        trace: handed to ``lookup(..., trace=trace)`` when the resolver takes it.

    Returns:
        The reply.

    Raises:
        TypeError: *trace* is not a :class:`~asyncdns_resolvers.Trace`.
    """
    if resolver is None:
        resolver = default_resolver()
    if trace is None:
        return await resolver.lookup(query)
    checked_trace(trace)
    lookup: Callable[..., Awaitable[Message]] = resolver.lookup
    if accepts_trace(lookup):
        return await lookup(query, trace=trace)
    return await lookup(query)


def records_of(reply: Message, query: Query) -> list[rr.RR]:
    """The answer to *query* in *reply*: the records of its type (and class) owned by the end
    of the CNAME chain that starts at its name.

    Args:
        reply: the reply.
        query: the question it answers.

    Returns:
        The records, in the reply's order (never empty).

    Raises:
        NameNotFound: the reply is NXDOMAIN.
        NoData: NOERROR without such records.
        ResolverError: any other rcode.
    """
    name, found = _follow(reply, query)
    rcode = reply.rcode
    if rcode == NOERROR and found:
        return found
    soa = next((r for r in reply.authorities if isinstance(r, rr.SOA)), None)
    text = _text(query.name)
    kind = rrtype_to_text(query.q_type)
    details: dict[str, Any] = {
        "qname": query.name,
        "rrtype": query.q_type,
        "canonical_name": name,
        "soa": soa,
        "response": reply,
    }
    alias = "" if name == query.name else f" (alias of {_text(name)})"
    if rcode == NXDOMAIN:
        raise NameNotFound(f"{text}{alias} does not exist (NXDOMAIN)", **details)
    if rcode == NOERROR:
        raise NoData(f"{text}{alias} has no {kind} records", **details)
    raise ResolverError(f"the answer for {text} {kind} was {rcode_to_text(rcode)}")


def _follow(reply: Message, query: Query) -> tuple[bytes, list[rr.RR]]:
    """(the name at the end of the CNAME chain, its records of the type asked)."""
    q_type, q_class = query.q_type, query.q_class
    answers = reply.answers
    name = query.name
    key = name.lower()
    seen = {key}
    for _ in range(len(answers) + 1):  # each step consumes a distinct CNAME
        found = [
            r
            for r in answers
            if r.name.lower() == key
            and (r.rr_type == q_type or q_type == ANY)
            and (r.rr_class == q_class or q_class == ANY)
        ]
        if found or q_type == CNAME:
            return name, found
        alias = next((r for r in answers if r.rr_type == CNAME and r.name.lower() == key), None)
        if not isinstance(alias, rr.CNAME):
            break
        name = alias.target
        key = name.lower()
        if key in seen:  # a CNAME loop
            break
        seen.add(key)
    return name, []


def _text(name: bytes) -> str:
    return name.decode("ascii", "backslashreplace")
