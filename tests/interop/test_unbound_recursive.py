"""Interop: our recursive Resolver and a real Unbound walk the same tree and must agree.

pytest-asyncdns's fake hierarchy is served by real NSD instances on 127.0.1.x port 53
(:mod:`tests.interop.nsd_hierarchy`), and Unbound (:mod:`tests.interop.unbound`) resolves from
the same root hints. For every case the rcode, the answer section (owner, type, RDATA; TTLs
count down in Unbound's cache, so they are left out) and the owner of the negative answer's
SOA must be equal; where Unbound answers SERVFAIL, our lookup must fail with
:class:`RecursionFailure` or :class:`LimitExceeded`. Only loopback addresses are ever queried:
the root hints point at the NSD root on 127.0.1.1, never at the real root servers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from asyncdns_resolvers import LimitExceeded, RecursionFailure, Resolver, ResolverOptions
from asyncdns_wire import Message, Query, rrtype_from_text

from .nsd_hierarchy import NsdHierarchy, nsd_binary
from .unbound import UnboundServer, unbound_binary

pytestmark = pytest.mark.interop

LIMIT = 20.0  # seconds any one lookup may take here
SERVFAIL = "SERVFAIL"

# (name, type): every case of the fake hierarchy, asked of both resolvers.
CASES: list[tuple[str, str]] = [
    ("www.example.test", "A"),  # glue
    ("www.example.test", "AAAA"),
    ("mail.example.test", "MX"),
    ("example.test", "NS"),
    ("example.test", "DS"),  # answered by the parent
    ("test", "SOA"),
    ("alias.example.test", "A"),  # CNAME inside a zone
    ("chain.example.test", "A"),
    ("cross.example.test", "A"),  # CNAME across zones
    ("loop1.example.test", "A"),  # CNAME loop inside a zone
    ("xloop.example.test", "A"),  # CNAME loop across zones
    ("dangling.example.test", "A"),
    ("x.wild.example.test", "A"),  # wildcard
    ("www.dname.example.test", "A"),  # DNAME
    ("x.dname.example.test", "A"),
    ("dname.example.test", "DNAME"),
    ("deep.example.test", "TXT"),  # empty non-terminal
    ("leaf.deep.example.test", "TXT"),
    ("www.glueless.test", "A"),  # glueless NS in a sibling zone
    ("www.other.example", "A"),  # glueless NS in another TLD
    ("www.oob.test", "A"),  # out-of-bailiwick NS (its glue is dropped: NSD rejects it)
    ("www.lame.test", "A"),  # partly lame
    ("www.alllame.test", "A"),  # completely lame
    ("www.silent.test", "A"),  # a server that never answers
    ("nosuchtld", "A"),  # NXDOMAIN at the root
    ("nope.test", "A"),  # ... at a TLD
    ("www.nope.test", "A"),
    ("nope.example.test", "A"),  # ... at an authoritative server
    ("www.example.test", "TXT"),  # NODATA
    (".", "TXT"),
    ("test", "TXT"),
]


class Outcome(NamedTuple):
    """What a resolver concluded: rcode name, answers, and the SOA owner of a negative reply."""

    rcode: str
    answers: list[str]
    soa: list[str]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NsdHierarchy]:
    """The hierarchy on NSDs at 127.0.1.x:53 (skipped when NSD or the addresses are missing)."""
    if nsd_binary() is None:
        pytest.skip("nsd is not installed (apt-get install nsd)")
    try:
        hierarchy = NsdHierarchy(tmp_path_factory.mktemp("nsd-hierarchy")).start()
    except OSError as exc:
        pytest.skip(f"cannot serve the hierarchy on 127.0.1.x port 53: {exc}")
    try:
        yield hierarchy
    finally:
        hierarchy.stop()
    assert " error" not in hierarchy.outputs().lower(), hierarchy.outputs()


@pytest.fixture(scope="module")
def unbound(
    tree: NsdHierarchy, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UnboundServer]:
    """Unbound resolving from the tree's root hints."""
    if unbound_binary() is None:
        pytest.skip("unbound is not installed (apt-get install unbound)")
    workdir: Path = tmp_path_factory.mktemp("unbound")
    with UnboundServer(tree.root_hints_text(), workdir) as server:
        yield server


def unbound_outcome(unbound: UnboundServer, name: str, rrtype: str) -> Outcome:
    """Ask Unbound (RD set) and read its reply."""
    query = dns.message.make_query(name, rrtype)
    reply = dns.query.udp(query, unbound.host, port=unbound.port, timeout=LIMIT)
    rcode = dns.rcode.to_text(reply.rcode())
    answers = sorted(
        f"{rrset.name.to_text().lower()} {dns.rdatatype.to_text(rrset.rdtype)} {rd.to_text()}"
        for rrset in reply.answer
        for rd in rrset
    )
    soa = sorted(
        rrset.name.to_text().lower()
        for rrset in reply.authority
        if rrset.rdtype == dns.rdatatype.SOA
    )
    return Outcome(rcode, answers if rcode != SERVFAIL else [], soa if rcode != SERVFAIL else [])


def our_outcome(reply: Message) -> Outcome:
    """Read our recursive reply the same way."""
    rcode = {0: "NOERROR", 3: "NXDOMAIN"}.get(reply.rcode, str(reply.rcode))
    answers = sorted(
        f"{_abs(r.name)} {type(r).__name__} {r.rdata_to_text()}" for r in reply.answers
    )
    soa = sorted(_abs(r.name) for r in reply.authorities if type(r).__name__ == "SOA")
    return Outcome(rcode, answers, soa)


def _abs(name: bytes) -> str:
    return "." if name == b"." else name.decode().lower() + "."


async def resolve(tree: NsdHierarchy, name: str, rrtype: str) -> Outcome:
    root = (tree.address_of("root"), tree.port)
    options = ResolverOptions(
        root_hints=[root], timeout=0.5, max_timeout=1.0, recursion_lifetime=LIMIT
    )
    async with Resolver(options) as resolver:
        try:
            reply = await asyncio.wait_for(
                resolver.lookup(Query(name, rrtype_from_text(rrtype))), LIMIT
            )
        except (RecursionFailure, LimitExceeded):
            return Outcome(SERVFAIL, [], [])
    return our_outcome(reply)


@pytest.mark.parametrize(("name", "rrtype"), CASES, ids=[f"{n}/{t}" for n, t in CASES])
async def test_same_outcome_as_unbound(
    tree: NsdHierarchy, unbound: UnboundServer, name: str, rrtype: str
) -> None:
    ours = await resolve(tree, name, rrtype)
    reference = await asyncio.to_thread(unbound_outcome, unbound, name, rrtype)
    assert ours == reference, f"{name} {rrtype}: ours {ours}, Unbound {reference}"


async def test_the_cases_are_not_trivial(tree: NsdHierarchy, unbound: UnboundServer) -> None:
    """The comparison covers answers, aliases, negative answers and failures alike."""
    outcomes = [await resolve(tree, n, t) for n, t in CASES]
    kinds = {o.rcode for o in outcomes}
    assert kinds == {"NOERROR", "NXDOMAIN", SERVFAIL}
    assert any(" CNAME " in a for o in outcomes for a in o.answers)
    assert any(" DNAME " in a for o in outcomes for a in o.answers)
    assert any(o.rcode == "NOERROR" and not o.answers and o.soa for o in outcomes)
