"""The embedded demo zones the command line answers from when no server is given (offline).

:class:`DemoServer` serves them over UDP and TCP on one loopback port the kernel picks, as a
tiny authoritative server: AA set, RD echoed, CNAMEs followed within the zones, NXDOMAIN and
NODATA with the zone's SOA, names outside the zones REFUSED.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
from typing import cast

from asyncdns_wire import (
    AA,
    ANY,
    CNAME,
    FORMERR,
    IN,
    NXDOMAIN,
    QR,
    RD,
    REFUSED,
    SOA,
    DecodeError,
    Edns,
    Message,
    Query,
    StreamDecoder,
    frame,
    is_subdomain,
    name_key,
    parse_zone,
)
from asyncdns_wire.rr import RR

__all__ = ["DEMO_ZONE", "DEMO_REVERSE_ZONE", "DemoServer", "demo_reply"]

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

DEMO_REVERSE_ZONE = """\
$ORIGIN 100.51.198.in-addr.arpa.
$TTL 3600
@       IN SOA  ns1.example.com. hostmaster.example.com. 2026112601 7200 3600 1209600 300
@       IN NS   ns1.example.com.
25      IN PTR  mail.example.com.
53      IN PTR  ns1.example.com.
80      IN PTR  www.example.com.
"""

_MAX_CHAIN = 8
_BIND_ATTEMPTS = 20


class _Zone:
    """One zone: its origin, its SOA and its records by owner name."""

    __slots__ = ("by_name", "origin", "soa")

    def __init__(self, text: str) -> None:
        records = parse_zone(text)
        self.soa = next(r for r in records if r.rr_type == SOA)
        self.origin = self.soa.name
        self.by_name: dict[bytes, list[RR]] = {}
        for record in records:
            self.by_name.setdefault(name_key(record.name), []).append(record)

    def exists(self, name: bytes) -> bool:
        """Whether *name* owns records or has names below it that do (an empty non-terminal,
        RFC 8020: ``_tcp.example.com`` exists because ``_https._tcp.example.com`` does)."""
        return name_key(name) in self.by_name or any(
            is_subdomain(owner, name) for owner in self.by_name
        )


@functools.cache
def _zones() -> tuple[_Zone, ...]:
    return (_Zone(DEMO_ZONE), _Zone(DEMO_REVERSE_ZONE))


def _zone_of(name: bytes) -> _Zone | None:
    return next((z for z in _zones() if is_subdomain(name, z.origin)), None)


def demo_reply(query: Query, msg_id: int = 0, *, edns: bool = False, rd: bool = True) -> bytes:
    """The wire-format answer the demo zones give to *query*.

    Args:
        query: the question.
        msg_id: the ID to answer with.
        edns: whether the query had an OPT record (the reply then has one too).
        rd: the query's RD flag, echoed.

    Returns:
        The reply message: AA set, CNAMEs followed within the zones (ANY: every record of the
        name); NXDOMAIN or NODATA with the zone's SOA (an empty non-terminal is NODATA, RFC
        8020); REFUSED for a name outside the zones or a class other than IN (or ANY).
    """
    flags = QR | (RD if rd else 0)
    zone = _zone_of(query.name) if query.q_class in (IN, ANY) else None
    if zone is None:
        return Message(
            id=msg_id, flags=flags, rcode=REFUSED, questions=[query], edns=_edns(edns)
        ).to_wire()
    answers: list[RR] = []
    name = query.name
    found: list[RR] = []
    for _ in range(_MAX_CHAIN):
        found = zone.by_name.get(name_key(name), [])
        exact = [r for r in found if r.rr_type == query.q_type or query.q_type == ANY]
        if exact:
            answers += exact
            break
        cname = [r for r in found if r.rr_type == CNAME]
        if not cname or query.q_type == CNAME:
            break
        answers += cname
        name = cname[0].target  # type: ignore[attr-defined]
        next_zone = _zone_of(name)
        if next_zone is None:
            break  # the target is elsewhere: the answer is the chain so far
        zone = next_zone
    reply = Message(
        id=msg_id,
        flags=flags | AA,
        rcode=0 if answers or zone.exists(name) else NXDOMAIN,
        questions=[query],
        answers=answers,
        authorities=[] if answers else [zone.soa],
        edns=_edns(edns),
    )
    return reply.to_wire()


def _edns(present: bool) -> Edns | None:
    return Edns(1232) if present else None


def _answer(data: bytes) -> bytes | None:
    """The reply to the request *data*, or ``None`` to stay silent."""
    try:
        request = Message.from_wire(data)
    except DecodeError:
        return None
    if request.is_response:
        return None
    if len(request.questions) != 1:
        return Message(id=request.id, flags=QR, rcode=FORMERR).to_wire()
    return demo_reply(
        request.questions[0],
        request.id,
        edns=request.edns is not None,
        rd=bool(request.flags & RD),
    )


class _DemoDatagram(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        reply = _answer(data)
        if reply is not None and self.transport is not None:
            self.transport.sendto(reply, addr)


class _DemoStream(asyncio.Protocol):
    def __init__(self, open_streams: set[asyncio.Transport]) -> None:
        self.transport: asyncio.Transport | None = None
        self.decoder = StreamDecoder()
        self.open_streams = open_streams

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self.open_streams.add(self.transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            self.open_streams.discard(self.transport)

    def data_received(self, data: bytes) -> None:
        self.decoder.feed(data)
        for message in self.decoder.messages():
            reply = _answer(message)
            if reply is not None and self.transport is not None:
                self.transport.write(frame(reply))


class DemoServer:
    """The demo zones served over UDP and TCP on 127.0.0.1, on one port the kernel picks.

    Use it as ``async with DemoServer() as demo:``; :attr:`address` is where it listens.
    """

    def __init__(self) -> None:
        self._udp: asyncio.DatagramTransport | None = None
        self._tcp: asyncio.Server | None = None
        self._streams: set[asyncio.Transport] = set()
        self.address: tuple[str, int] = ("127.0.0.1", 0)

    async def __aenter__(self) -> DemoServer:
        loop = asyncio.get_running_loop()
        for attempt in range(_BIND_ATTEMPTS):
            udp, _ = await loop.create_datagram_endpoint(_DemoDatagram, local_addr=("127.0.0.1", 0))
            port = udp.get_extra_info("sockname")[1]
            try:
                self._tcp = await loop.create_server(
                    lambda: _DemoStream(self._streams), "127.0.0.1", port
                )
            except OSError as exc:
                udp.close()
                if exc.errno != errno.EADDRINUSE or attempt == _BIND_ATTEMPTS - 1:
                    raise
                continue
            self._udp = udp
            self.address = ("127.0.0.1", port)
            return self
        raise AssertionError("unreachable")  # pragma: no cover

    async def __aexit__(self, *exc_info: object) -> None:
        if self._udp is not None:
            self._udp.close()
            self._udp = None
        if self._tcp is not None:
            self._tcp.close()
            for stream in list(self._streams):
                stream.close()
            with contextlib.suppress(Exception):
                await self._tcp.wait_closed()
            self._tcp = None
