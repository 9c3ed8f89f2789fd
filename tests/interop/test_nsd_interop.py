"""Interop: our :class:`Resolver` and ``dig`` ask the same real NSD and must see the same reply.

For every case the rcode, the AA and TC flags, the EDNS payload size and all three record
sections (owner, TTL, class, type, RDATA text from ``rdata_to_text()``) must be identical, over
UDP and with ``force_tcp=True`` (dig ``+tcp``). Only 127.0.0.1 and ::1 are ever queried: the
NSD the session started (``conftest.py``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct

import pytest

from asyncdns_resolvers import NoNameservers, Resolver, ResolverOptions, ServerFailure
from asyncdns_wire import AAAA, PTR, TXT, A, Message, Query, rrtype_from_text

from .digview import View, dig, message_view
from .nsd import NsdServer
from .zones import BIG_AAAA_COUNT, BIG_TXT_COUNT

pytestmark = [pytest.mark.interop, pytest.mark.usefixtures("dig_available")]

LIMIT = 10.0  # seconds any one lookup may take here

# (query name, type): every case is compared in full with dig.
CASES: list[tuple[str, str]] = [
    ("www.example.test", "A"),
    ("www.example.test", "AAAA"),
    ("multi.example.test", "A"),
    ("example.test", "SOA"),
    ("example.test", "NS"),
    ("ns1.example.test", "A"),
    ("c1.example.test", "A"),  # CNAME -> CNAME -> CNAME -> A, all in the answer
    ("c3.example.test", "AAAA"),  # CNAME to a name without AAAA
    ("out.example.test", "A"),  # CNAME leaving the zone
    ("anything.wild.example.test", "A"),  # wildcard
    ("deeper.name.wild.example.test", "TXT"),
    ("example.test", "MX"),  # targets' addresses in additional
    ("example.test", "TXT"),
    ("txt.example.test", "TXT"),  # several strings, quotes, an empty one, non-ASCII
    ("_sip._tcp.example.test", "SRV"),
    ("example.test", "CAA"),
    ("ssh.example.test", "SSHFP"),
    ("_443._tcp.www.example.test", "TLSA"),
    ("naptr.example.test", "NAPTR"),
    ("example.test", "DNSKEY"),
    ("child.example.test", "DS"),  # answered by the parent side of the cut
    ("svc.example.test", "SVCB"),
    ("example.test", "HTTPS"),
    ("loc.example.test", "LOC"),
    ("_http._tcp.example.test", "URI"),
    ("ptr.example.test", "PTR"),
    ("10.100.51.198.in-addr.arpa", "PTR"),
    ("xn--bcher-kva.example.test", "A"),
    ("www.child.example.test", "A"),  # referral: NS in authority, glue in additional, no AA
    ("child.example.test", "NS"),  # referral at the cut itself
    ("nope.example.test", "A"),  # NXDOMAIN, SOA in authority
    ("below.www.example.test", "A"),  # NXDOMAIN under an existing name
    ("a.b.child.example.test", "AAAA"),  # referral for a name deep below the cut
    ("www.example.test", "MX"),  # NODATA
    ("wild.example.test", "A"),  # empty non-terminal: NODATA
    ("big.example.test", "AAAA"),  # too large for UDP: TC, then TCP
    ("bigtxt.example.test", "TXT"),
]


def _ids(case: tuple[str, str]) -> str:
    return f"{case[0]}/{case[1]}"


async def _ours(
    nsd: NsdServer,
    name: str | bytes | ipaddress.IPv4Address,
    rr_type: int,
    *,
    host: str = "127.0.0.1",
    force_tcp: bool = False,
) -> Message:
    async with Resolver() as resolver:
        return await asyncio.wait_for(
            resolver.lookup(Query(name, rr_type), servers=[(host, nsd.port)], force_tcp=force_tcp),
            LIMIT,
        )


def _diff(ours: View, theirs: View) -> str:
    lines = [
        f"{field}: ours {getattr(ours, field)!r}, dig {getattr(theirs, field)!r}"
        for field in ("rcode", "aa", "tc", "edns_payload")
        if getattr(ours, field) != getattr(theirs, field)
    ]
    for section in ("answer", "authority", "additional"):
        a, b = set(getattr(ours, section)), set(getattr(theirs, section))
        lines += [f"{section}: only ours:  {r}" for r in sorted(a - b)]
        lines += [f"{section}: only dig's: {r}" for r in sorted(b - a)]
        if a == b and getattr(ours, section) != getattr(theirs, section):
            lines.append(f"{section}: same records, different multiplicity")
    return "\n".join(lines)


def _assert_same(ours: View, theirs: View) -> None:
    assert ours == theirs, "our Resolver and dig disagree:\n" + _diff(ours, theirs)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
@pytest.mark.parametrize("case", CASES, ids=_ids)
async def test_same_reply_as_dig(nsd: NsdServer, case: tuple[str, str], transport: str) -> None:
    name, type_text = case
    tcp = transport == "tcp"
    theirs = dig("127.0.0.1", nsd.port, name, type_text, tcp=tcp)
    ours = message_view(await _ours(nsd, name, rrtype_from_text(type_text), force_tcp=tcp))
    _assert_same(ours, theirs)
    # The reply is complete: never truncated, whatever the transport.
    assert not ours.tc


async def test_cases_cover_what_they_claim(nsd: NsdServer) -> None:
    """Guards the table above: the zone really produces the situations the cases are for."""
    chain = message_view(await _ours(nsd, "c1.example.test", A))
    assert [r.rr_type for r in chain.answer].count("CNAME") == 3 and chain.aa
    referral = message_view(await _ours(nsd, "www.child.example.test", A))
    assert not referral.aa and not referral.answer
    assert {r.rr_type for r in referral.authority} == {"NS"}
    assert {r.owner for r in referral.additional} == {
        "ns.child.example.test",
        "ns2.child.example.test",
    }
    nx = message_view(await _ours(nsd, "nope.example.test", A))
    assert nx.rcode == "NXDOMAIN" and [r.rr_type for r in nx.authority] == ["SOA"]
    nodata = message_view(await _ours(nsd, "www.example.test", TXT))
    assert (
        nodata.rcode == "NOERROR"
        and not nodata.answer
        and [r.rr_type for r in nodata.authority] == ["SOA"]
    )
    wild = message_view(await _ours(nsd, "x.wild.example.test", A))
    assert [r.owner for r in wild.answer] == ["x.wild.example.test"]


def _udp_reply(port: int, name: str, rr_type: int) -> bytes:
    """One raw UDP exchange with EDNS 1232 (what our resolver advertises), for the TC check."""
    qname = b"".join(bytes([len(lb)]) + lb.encode() for lb in name.split(".")) + b"\x00"
    query = (
        struct.pack(">HHHHHH", 0x1234, 0, 1, 0, 0, 1)
        + qname
        + struct.pack(">HH", rr_type, 1)
        + b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00"
    )
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(LIMIT)
        sock.connect(("127.0.0.1", port))
        sock.send(query)
        return sock.recv(65535)


@pytest.mark.parametrize(
    ("name", "rr_type", "count"),
    [("big.example.test", AAAA, BIG_AAAA_COUNT), ("bigtxt.example.test", TXT, BIG_TXT_COUNT)],
)
async def test_large_rrset_comes_back_whole_over_tcp(
    nsd: NsdServer, name: str, rr_type: int, count: int
) -> None:
    udp = _udp_reply(nsd.port, name, rr_type)
    assert udp[2] & 0x02, "NSD was expected to truncate this RRset over UDP"
    assert len(udp) <= 1232
    async with Resolver() as resolver:
        reply = await asyncio.wait_for(
            resolver.lookup(Query(name, rr_type), servers=[("127.0.0.1", nsd.port)]), LIMIT
        )
        # A TCP connection was opened for the retry (idle connections stay open for reuse).
        assert resolver.open_sockets() >= 2
    assert not reply.flags & 0x0200
    assert len(reply.answers) == count
    assert len({r.rdata_to_text() for r in reply.answers}) == count
    assert len(reply.to_wire()) > 1232
    forced = await _ours(nsd, name, rr_type, force_tcp=True)
    assert message_view(forced) == message_view(reply)


async def test_idn_name_matches_dig_with_punycode(nsd: NsdServer) -> None:
    query = Query("bücher.example.test", A)
    assert query.name == b"xn--bcher-kva.example.test"
    theirs = dig("127.0.0.1", nsd.port, "xn--bcher-kva.example.test", "A")
    ours = message_view(await _ours(nsd, "bücher.example.test", A))
    _assert_same(ours, theirs)
    assert [r.rdata for r in ours.answer] == ["198.51.100.60"]


async def test_reverse_lookup_by_address(nsd: NsdServer) -> None:
    theirs = dig("127.0.0.1", nsd.port, "10.100.51.198.in-addr.arpa", "PTR")
    ours = message_view(await _ours(nsd, ipaddress.IPv4Address("198.51.100.10"), PTR))
    _assert_same(ours, theirs)
    assert [r.rdata for r in ours.answer] == ["www.example.test."]


async def test_refused_outside_the_served_zones(nsd: NsdServer) -> None:
    """NSD refuses names it is not authoritative for; dig sees REFUSED, we fail over and give up."""
    theirs = dig("127.0.0.1", nsd.port, "www.elsewhere.test", "A")
    assert theirs.rcode == "REFUSED"
    options = ResolverOptions(attempts=2, lifetime=LIMIT)
    async with Resolver(options) as resolver:
        with pytest.raises(NoNameservers) as info:
            await asyncio.wait_for(
                resolver.lookup(Query("www.elsewhere.test", A), servers=[("127.0.0.1", nsd.port)]),
                LIMIT,
            )
    errors = [e for _, e in info.value.errors]
    assert errors and all(isinstance(e, ServerFailure) and e.rcode == 5 for e in errors)


@pytest.mark.parametrize(
    "case",
    [("www.example.test", "AAAA"), ("example.test", "MX"), ("big.example.test", "AAAA")],
    ids=_ids,
)
async def test_same_reply_over_ipv6_loopback(nsd: NsdServer, case: tuple[str, str]) -> None:
    if "::1" not in nsd.hosts:
        pytest.skip("no IPv6 loopback on this machine")
    name, type_text = case
    theirs = dig("::1", nsd.port, name, type_text)
    ours = message_view(await _ours(nsd, name, rrtype_from_text(type_text), host="::1"))
    _assert_same(ours, theirs)


async def test_concurrent_lookups_all_agree(nsd: NsdServer) -> None:
    """Many lookups in flight on the shared sockets each get their own, correct, reply."""
    cases = [c for c in CASES if not c[0].startswith("big")]
    expected = {c: dig("127.0.0.1", nsd.port, *c) for c in cases[:12]}
    async with Resolver() as resolver:
        futures = [
            resolver.lookup(
                Query(name, rrtype_from_text(t)),
                servers=[("127.0.0.1", nsd.port)],
                should_cache=False,
            )
            for _ in range(5)
            for name, t in expected
        ]
        replies = await asyncio.wait_for(asyncio.gather(*futures), LIMIT)
    for (case, view), reply in zip([*expected.items()] * 5, replies, strict=True):
        assert message_view(reply) == view, case
