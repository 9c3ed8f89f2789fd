"""Authoritative answering: what a well-behaved authoritative server puts in its reply.

Handles AA, NXDOMAIN and NODATA with the SOA in the authority section (TTL per RFC 2308),
CNAME chains across the served zones (with loop detection), wildcards (RFC 4592 basics),
DNAME synthesis (YXDOMAIN when the synthesised name is too long), delegations (NS in authority, glue in additional, AA clear), EDNS (an OPT
is echoed with payload 1232 and the DO bit; other versions get BADVERS) and UDP truncation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dnslib import CLASS, CNAME, EDNS0, QTYPE, RCODE, RR, DNSHeader, DNSLabel, DNSRecord

from ._zone import Zone, is_subdomain

#: The UDP payload size the fake servers advertise in their OPT record.
SERVER_UDP_PAYLOAD = 1232
_MAX_CHAIN = 12
_MAX_NAME = 255  # octets of a name in wire format
#: The largest UDP payload an IPv4 datagram carries (65535 - 20 - 8): a larger reply is
#: truncated even when the client's EDNS payload size allows it (sendto would fail).
MAX_UDP_PAYLOAD = 65507
#: The largest message a TCP length prefix frames.
MAX_TCP_MESSAGE = 65535
_BADVERS = 16


@dataclass
class Answer:
    """The sections of an answer before they are put into a message."""

    rcode: int = RCODE.NOERROR
    aa: bool = True
    answer: list[Any] = field(default_factory=list)
    authority: list[Any] = field(default_factory=list)
    additional: list[Any] = field(default_factory=list)


@dataclass
class _Step:
    kind: str  # answer, cname, referral, nodata, nxdomain, yxdomain
    records: list[Any] = field(default_factory=list)
    target: Any = None
    authority: list[Any] = field(default_factory=list)
    additional: list[Any] = field(default_factory=list)


def _owned(rrs: Sequence[Any], owner: DNSLabel) -> list[Any]:
    return [RR(rname=owner, rtype=r.rtype, rclass=r.rclass, ttl=r.ttl, rdata=r.rdata) for r in rrs]


def find_zone(zones: Sequence[Zone], name: DNSLabel) -> Zone | None:
    """The most specific zone containing *name*, or ``None``."""
    best: Zone | None = None
    for zone in zones:
        if zone.contains(name) and (
            best is None or len(zone.origin.label) > len(best.origin.label)
        ):
            best = zone
    return best


def negative_soa(zone: Zone) -> Any:
    """The zone's SOA with the negative-caching TTL, min(SOA TTL, SOA MINIMUM)."""
    soa = zone.soa
    assert soa is not None  # every Zone has one (a synthetic one if need be)
    ttl = min(soa.ttl, soa.rdata.times[-1])
    return RR(rname=soa.rname, rtype=QTYPE.SOA, rclass=soa.rclass, ttl=ttl, rdata=soa.rdata)


def _referral(zone: Zone, node: DNSLabel, ns: list[Any]) -> _Step:
    glue: list[Any] = []
    for rr in ns:
        target = DNSLabel(rr.rdata.label)
        glue.extend(zone.rrset(target, QTYPE.A))
        glue.extend(zone.rrset(target, QTYPE.AAAA))
    return _Step("referral", authority=list(ns), additional=glue)


def _at_node(zone: Zone, source: DNSLabel, owner: DNSLabel, qtype: int) -> _Step | None:
    records = zone.rrset(source, qtype)
    if records:
        return _Step("answer", _owned(records, owner))
    if qtype != QTYPE.CNAME:
        cname = zone.rrset(source, QTYPE.CNAME)
        if cname:
            return _Step("cname", _owned(cname[:1], owner), target=DNSLabel(cname[0].rdata.label))
    return None


def _wire_length(labels: Sequence[bytes]) -> int:
    return sum(len(label) + 1 for label in labels) + 1


def _lookup_in_zone(zone: Zone, name: DNSLabel, qtype: int) -> _Step:
    origin_depth = len(zone.origin.label)
    depth_name = len(name.label)
    for depth in range(origin_depth, depth_name + 1):
        node = DNSLabel(name.label[-depth:]) if depth else DNSLabel(())
        if depth > origin_depth:
            ns = zone.rrset(node, QTYPE.NS)
            if ns and not (depth == depth_name and qtype == QTYPE.DS):
                return _referral(zone, node, ns)
        if depth < depth_name:
            dname = zone.rrset(node, QTYPE.DNAME)
            if dname:
                labels = name.label[: depth_name - depth] + DNSLabel(dname[0].rdata.label).label
                if _wire_length(labels) > _MAX_NAME:
                    return _Step("yxdomain", [dname[0]])  # RFC 6672 section 2.2
                target = DNSLabel(labels)
                cname = RR(rname=name, rtype=QTYPE.CNAME, ttl=dname[0].ttl, rdata=CNAME(target))
                return _Step("cname", [dname[0], cname], target=target)
    step = _at_node(zone, name, name, qtype)
    if step is not None:
        return step
    if zone.has_node(name):
        return _Step("nodata")
    encloser = name
    while len(encloser.label) > origin_depth and not zone.has_node(encloser):
        encloser = DNSLabel(encloser.label[1:])
    wildcard = DNSLabel((b"*", *encloser.label))
    if zone.has_node(wildcard):  # an empty non-terminal wildcard still matches (RFC 4592 4.8)
        step = _at_node(zone, wildcard, name, qtype)
        return step if step is not None else _Step("nodata")
    return _Step("nxdomain")


def lookup(zones: Sequence[Zone], qname: DNSLabel, qtype: int) -> Answer:
    """Answer *qname*/*qtype* from *zones* as an authoritative server would."""
    zone = find_zone(zones, qname)
    if zone is None:
        return Answer(rcode=RCODE.REFUSED, aa=False)
    result = Answer()
    seen: set[tuple[bytes, ...]] = set()
    current = qname
    first = True
    while True:
        step = _lookup_in_zone(zone, current, qtype)
        if step.kind == "referral":
            result.aa = result.aa and not first
            result.authority = step.authority
            result.additional = step.additional
            return result
        result.answer.extend(step.records)
        if step.kind == "yxdomain":
            result.rcode = RCODE.YXDOMAIN
            return result
        if step.kind in ("nodata", "nxdomain"):
            result.authority = [negative_soa(zone)]
            if step.kind == "nxdomain":
                result.rcode = RCODE.NXDOMAIN
            return result
        if step.kind == "answer":
            return result
        seen.add(tuple(x.lower() for x in current.label))
        target = step.target
        next_zone = find_zone(zones, target)
        if (
            next_zone is None
            or tuple(x.lower() for x in target.label) in seen
            or len(seen) > _MAX_CHAIN
        ):
            return result
        zone, current, first = next_zone, target, False


def query_opt(query: DNSRecord) -> Any | None:
    """The query's OPT record, or ``None``."""
    for rr in query.ar:
        if rr.rtype == QTYPE.OPT:
            return rr
    return None


def udp_limit(query: DNSRecord) -> int:
    """The largest UDP reply the client accepts: its EDNS payload size, at least 512 and at
    most :data:`MAX_UDP_PAYLOAD` (what a datagram carries)."""
    opt = query_opt(query)
    return min(max(512, opt.rclass), MAX_UDP_PAYLOAD) if opt is not None else 512


def reply_skeleton(query: DNSRecord, *, aa: bool = False) -> DNSRecord:
    """An empty reply: same ID, opcode, RD and CD, the question echoed byte for byte."""
    header = DNSHeader(
        id=query.header.id,
        qr=1,
        opcode=query.header.opcode,
        aa=int(aa),
        rd=query.header.rd,
        cd=query.header.cd,
    )
    return DNSRecord(header, questions=list(query.questions))


def set_rcode(reply: DNSRecord, rcode: int, *, opt: bool, do: bool = False) -> None:
    """Set *rcode* (extended rcodes go into an OPT) and add an OPT record when *opt*."""
    reply.header.rcode = rcode & 0xF
    reply.ar = [rr for rr in reply.ar if rr.rtype != QTYPE.OPT]
    if opt or rcode > 15:
        flags = "do" if do else ""
        reply.add_ar(EDNS0(udp_len=SERVER_UDP_PAYLOAD, ext_rcode=rcode >> 4, flags=flags))


def build_reply(query: DNSRecord, zones: Sequence[Zone]) -> DNSRecord:
    """The full, untruncated reply to *query* from *zones*."""
    opts = [rr for rr in query.ar if rr.rtype == QTYPE.OPT]
    reply = reply_skeleton(query)
    if query.header.opcode != 0:
        set_rcode(reply, RCODE.NOTIMP, opt=bool(opts))
        return reply
    if len(query.questions) != 1 or len(opts) > 1:
        set_rcode(reply, RCODE.FORMERR, opt=False)
        return reply
    opt = opts[0] if opts else None
    do = bool(opt is not None and opt.edns_do)
    if opt is not None and opt.edns_ver != 0:
        set_rcode(reply, _BADVERS, opt=True, do=do)
        return reply
    question = query.questions[0]
    if question.qclass not in (CLASS.IN, 255):  # IN or ANY
        set_rcode(reply, RCODE.REFUSED, opt=opt is not None, do=do)
        return reply
    answer = lookup(zones, DNSLabel(question.qname), question.qtype)
    reply.header.aa = int(answer.aa)
    reply.rr = answer.answer
    reply.auth = answer.authority
    reply.ar = list(answer.additional)
    set_rcode(reply, answer.rcode, opt=opt is not None, do=do)
    return reply


def truncated(reply: DNSRecord) -> DNSRecord:
    """*reply* with TC set and every section but the question and the OPT emptied."""
    out = DNSRecord(
        DNSHeader(id=reply.header.id, bitmap=reply.header.bitmap), questions=list(reply.questions)
    )
    out.header.tc = 1
    out.ar = [rr for rr in reply.ar if rr.rtype == QTYPE.OPT]
    return out


def pack_for_udp(reply: DNSRecord, limit: int) -> bytes:
    """Pack *reply*, truncating it (TC set, sections emptied) when it exceeds *limit* (capped
    at :data:`MAX_UDP_PAYLOAD`)."""
    data: bytes = reply.pack()
    if len(data) <= min(limit, MAX_UDP_PAYLOAD):
        return data
    packed: bytes = truncated(reply).pack()
    return packed


def soa_for(zones: Sequence[Zone], name: DNSLabel) -> Any | None:
    """The negative SOA of the zone holding *name*, if any."""
    zone = find_zone(zones, name)
    return negative_soa(zone) if zone is not None else None


__all__ = [
    "MAX_TCP_MESSAGE",
    "MAX_UDP_PAYLOAD",
    "Answer",
    "build_reply",
    "find_zone",
    "is_subdomain",
    "lookup",
    "negative_soa",
    "pack_for_udp",
    "query_opt",
    "reply_skeleton",
    "set_rcode",
    "soa_for",
    "truncated",
    "udp_limit",
]
