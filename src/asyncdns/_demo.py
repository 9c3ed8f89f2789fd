"""The embedded demo zone the command line answers from when no server is given (offline)."""

from __future__ import annotations

import asyncio
from typing import cast

from asyncdns_wire import (
    AA,
    CNAME,
    FORMERR,
    NXDOMAIN,
    QR,
    RD,
    SOA,
    DecodeError,
    Edns,
    Message,
    Query,
    name_key,
    parse_zone,
)
from asyncdns_wire.rr import RR

__all__ = ["DEMO_ZONE", "DemoServer", "demo_reply"]

DEMO_ZONE = """\
$ORIGIN example.com.
$TTL 3600
@       IN SOA  ns1 hostmaster 2026112601 7200 3600 1209600 300
@       IN NS   ns1
@       IN NS   ns2
@       IN MX   10 mail
@       IN TXT  "v=spf1 mx -all"
@       IN A    198.51.100.80
ns1     IN A    198.51.100.53
ns2     IN AAAA 2001:db8::53
mail    IN A    198.51.100.25
www     IN A    198.51.100.80
www     IN AAAA 2001:db8::80
web     IN CNAME www
_https._tcp IN SRV 0 5 443 www
"""


def _records() -> list[RR]:
    return parse_zone(DEMO_ZONE)


def demo_reply(query: Query, msg_id: int = 0, *, edns: bool = False) -> bytes:
    """The wire-format answer the demo zone gives to *query* (CNAMEs followed)."""
    records = _records()
    answers: list[RR] = []
    name = query.name
    for _ in range(8):
        found = [r for r in records if name_key(r.name) == name_key(name)]
        if not found:
            break
        exact = [r for r in found if r.rr_type == query.q_type]
        if exact:
            answers += exact
            break
        cname = [r for r in found if r.rr_type == CNAME]
        if not cname or query.q_type == CNAME:
            break
        answers += cname
        name = cname[0].target  # type: ignore[attr-defined]
    exists = any(name_key(r.name) == name_key(name) for r in records)
    soa = [r for r in records if r.rr_type == SOA]
    reply = Message(
        id=msg_id,
        flags=QR | AA | RD,
        rcode=0 if exists or answers else NXDOMAIN,
        questions=[query],
        answers=answers,
        authorities=[] if answers else soa,
        edns=Edns(1232) if edns else None,
    )
    return reply.to_wire()


class _DemoProtocol(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            request = Message.from_wire(data)
        except DecodeError:
            return
        if request.is_response or len(request.questions) != 1:
            reply = Message(id=request.id, flags=QR, rcode=FORMERR).to_wire()
        else:
            reply = demo_reply(request.questions[0], request.id, edns=request.edns is not None)
        assert self.transport is not None
        self.transport.sendto(reply, addr)


class DemoServer:
    """The demo zone served over UDP on 127.0.0.1, on a port the kernel picks."""

    def __init__(self) -> None:
        self._transport: asyncio.DatagramTransport | None = None
        self.address: tuple[str, int] = ("127.0.0.1", 0)

    async def __aenter__(self) -> DemoServer:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            _DemoProtocol, local_addr=("127.0.0.1", 0)
        )
        self._transport = transport
        self.address = transport.get_extra_info("sockname")[:2]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._transport is not None:
            self._transport.close()
