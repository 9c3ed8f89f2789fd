"""Helpers for the recursive Resolver tests on pytest-asyncdns's fake hierarchy.

The hierarchy runs root, TLD and authoritative fake servers on 127.0.1.x, one common port;
every lookup here starts at its root hints (never the real root servers) and is bounded in
time.
"""

from __future__ import annotations

import asyncio
from typing import Any

from asyncdns_resolvers import Resolver, ResolverOptions, Trace
from asyncdns_wire import A, Message, Query, rr
from pytest_asyncdns import Hierarchy

LIMIT = 15.0  # seconds any one lookup may take in these tests


def hints(hierarchy: Hierarchy) -> list[tuple[str, int]]:
    """The hierarchy's root hints as ``(address, port)``."""
    return [(h.address, h.port) for h in hierarchy.root_hints]


def options(hierarchy: Hierarchy, **overrides: Any) -> ResolverOptions:
    """Resolver options starting at *hierarchy*'s root, with short timeouts."""
    settings: dict[str, Any] = {
        "root_hints": hints(hierarchy),
        "timeout": 0.2,
        "max_timeout": 0.4,
        "recursion_lifetime": 10.0,
    }
    settings.update(overrides)
    return ResolverOptions(**settings)


async def recurse(
    resolver: Resolver, name: str, q_type: int = A, *, trace: Trace | None = None, **kw: Any
) -> Message:
    """A recursive lookup (``servers=None``) awaited with an outer bound."""
    return await asyncio.wait_for(resolver.lookup(Query(name, q_type), trace=trace, **kw), LIMIT)


def answers(reply: Message) -> list[str]:
    """The answer section as ``"owner TYPE rdata"`` strings."""
    return [f"{r.name.decode()} {type(r).__name__} {r.rdata_to_text()}" for r in reply.answers]


def addresses(reply: Message) -> list[str]:
    """The A/AAAA addresses in the answer section."""
    return [str(r.address) for r in reply.answers if isinstance(r, (rr.A, rr.AAAA))]


def asked(hierarchy: Hierarchy, label: str | None = None) -> list[tuple[str, str, str]]:
    """``(server label, qname lower-cased without the final dot, qtype)`` of every query."""
    return [
        (who, q.qname.lower().rstrip("."), q.qtype)
        for who, q in hierarchy.queries
        if label is None or who == label
    ]


def qnames(hierarchy: Hierarchy, label: str) -> list[str]:
    """The names *label* was asked about, in order."""
    return [name for _, name, _ in asked(hierarchy, label)]
