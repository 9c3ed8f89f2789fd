"""A fake Multicast DNS responder (RFC 6762), for use inside a private network namespace.

It joins the mDNS group (224.0.0.251 or ff02::fb, configurable) on one interface and answers
questions for its records:

* a query from a source port other than 5353 is a *legacy unicast* query (section 6.7): the
  reply goes by unicast to the source address and port, keeps the query ID and question,
  and caps TTLs at 10 seconds;
* a question with the QU bit (top bit of the class) set gets a unicast reply to port 5353
  of the source (section 5.4);
* anything else gets a multicast reply to the group (ID 0, no question, AA set, the
  cache-flush bit on records other than PTR).

It stays quiet when it has no matching record (mDNS sends no negative answers), can be made
to never answer (``silent``), to send a forged reply instead of the real one (``forge``),
to reply from a port other than 5353 (``reply_from_other_port``) and to send arbitrary
unsolicited packets (:meth:`MDNSResponder.send`).

:meth:`MDNSResponder.start` refuses to run outside a private network namespace.
"""

from __future__ import annotations

import logging
import selectors
import socket
import struct
import traceback
from collections.abc import Callable, Iterable
from typing import Any, Literal, Self

from dnslib import QTYPE, RR, DNSHeader, DNSLabel, DNSRecord

from ._netns import private_netns_status
from ._querylog import QueryLog, QueryRecord
from ._serving import ServingThread
from ._zone import parse_zone_text, records_from_tuples

log = logging.getLogger("pytest_asyncdns")

MDNS_PORT = 5353
MDNS_GROUP_V4 = "224.0.0.251"
MDNS_GROUP_V6 = "ff02::fb"
LEGACY_TTL = 10
_QU = 0x8000
_CACHE_FLUSH = 0x8000


def _records(spec: Any) -> list[Any]:
    if isinstance(spec, str):
        return parse_zone_text(spec, ttl=120)
    return records_from_tuples(spec, ttl=120)


class MDNSResponder(ServingThread):
    """A fake mDNS responder on *interface* (default ``lo``; IPv6 needs the namespace's
    veth end ``mdns1``). *records* are zone text, ``dnslib.RR`` objects or record tuples.
    """

    def __init__(
        self,
        records: Any = (),
        *,
        family: Literal[4, 6] = 4,
        interface: str = "lo",
        group: str | None = None,
        port: int = MDNS_PORT,
        silent: bool = False,
        forge: Callable[[QueryRecord], Any] | None = None,
        reply_from_other_port: bool = False,
    ) -> None:
        super().__init__()
        self.family = family
        self.interface = interface
        self.group = group or (MDNS_GROUP_V4 if family == 4 else MDNS_GROUP_V6)
        self.port = port
        self.silent = silent
        self.forge = forge
        self.reply_from_other_port = reply_from_other_port
        self.records: list[Any] = _records(records)
        self.log = QueryLog()
        self.errors: list[str] = []
        self._sock: socket.socket | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Join the group and start answering. Raises ``RuntimeError`` outside a private
        network namespace: multicast must never reach a real network."""
        safe, reason = private_netns_status()
        if not safe:
            raise RuntimeError(f"refusing to send multicast: {reason}; use run_in_netns()")
        self._ifindex = socket.if_nametoindex(self.interface)
        self._sock = self._open_socket(bind_port=self.port, join=True)
        self._start_thread("asyncdns-mdns")
        return self

    def _open_socket(self, *, bind_port: int, join: bool) -> socket.socket:
        if self.family == 4:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("0.0.0.0", bind_port))
            mreqn = socket.inet_aton(self.group) + bytes(4) + struct.pack("@i", self._ifindex)
            if join:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        else:
            sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(("::", bind_port))
            if join:
                mreq = socket.inet_pton(socket.AF_INET6, self.group) + struct.pack(
                    "@I", self._ifindex
                )
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, self._ifindex)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 1)
        return sock

    def close(self) -> None:
        """Leave the group, stop the thread, close the sockets. Idempotent."""
        self._stop_thread()
        if self._sock is not None:
            self._sock.close()
        self._sock = None

    @property
    def group_address(self) -> tuple[Any, ...]:
        """Where multicast goes: ``(group, port)`` or ``(group, port, 0, ifindex)``."""
        if self.family == 4:
            return (self.group, self.port)
        return (self.group, self.port, 0, socket.if_nametoindex(self.interface))

    @property
    def queries(self) -> list[QueryRecord]:
        """Every query received, oldest first."""
        return self.log.queries

    def add_records(self, records: Any) -> None:
        """Answer for more records (zone text, ``dnslib.RR`` objects or tuples)."""
        self.records.extend(_records(records))

    def verify(self) -> list[str]:
        """Exceptions raised in the responder thread, for strict teardown."""
        return [f"exception in the mDNS responder thread:\n{e}" for e in self.errors]

    # ----------------------------------------------------------------- sending

    def send(
        self,
        message: bytes | DNSRecord,
        to: tuple[Any, ...] | None = None,
        *,
        from_other_port: bool = False,
    ) -> None:
        """Send *message* (an unsolicited announcement or a forged reply) to *to*, default
        the group, from port 5353 (or an ephemeral port with *from_other_port*)."""
        data = message if isinstance(message, bytes) else message.pack()
        self._sendto(data, to or self.group_address, from_other_port)

    def _sendto(self, data: bytes, dest: tuple[Any, ...], other_port: bool) -> None:
        if other_port:
            with self._open_socket(bind_port=0, join=False) as other:
                other.sendto(data, dest)
        else:
            assert self._sock is not None
            self._sock.sendto(data, dest)

    # ----------------------------------------------------------------- answering

    def _run(self) -> None:
        assert self._sock is not None and self._wake_r is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self._sock, selectors.EVENT_READ, "mdns")
            sel.register(self._wake_r, selectors.EVENT_READ, "wake")
            while not self._stopping:
                for key, _ in sel.select():
                    if key.data == "wake" or self._stopping:
                        continue
                    try:
                        data, addr = self._sock.recvfrom(9000)
                        self._handle(data, addr)
                    except Exception:
                        text = traceback.format_exc()
                        self.errors.append(text)
                        log.error("exception in the mDNS responder:\n%s", text)

    def _matching(self, msg: DNSRecord) -> list[Any]:
        return [
            rr
            for q in msg.questions
            for rr in self.records
            if DNSLabel(rr.rname) == q.qname and q.qtype in (rr.rtype, QTYPE.ANY)
        ]

    def _handle(self, data: bytes, addr: tuple[Any, ...]) -> None:
        record = QueryRecord.from_wire(data, "udp", (str(addr[0]), int(addr[1])))
        msg = record.message
        if msg is None or msg.header.qr or not msg.questions:
            return  # our own multicast replies come back too; ignore every response
        self.log.append(record)
        legacy = addr[1] != MDNS_PORT
        qu = any(q.qclass & _QU for q in msg.questions)
        dest: tuple[Any, ...] = (
            addr if legacy else ((addr[0], MDNS_PORT, *addr[2:]) if qu else self.group_address)
        )
        record.action = "legacy unicast" if legacy else ("unicast (QU)" if qu else "multicast")
        if self.silent:
            record.action = "silent"
            return
        if self.forge is not None:
            forged = self.forge(record)
            if forged is not None:
                record.action += " (forged)"
                self.send(forged, dest, from_other_port=self.reply_from_other_port)
            return
        answers = self._matching(msg)
        if not answers:
            record.action += " (no records)"
            return
        self._sendto(self._reply(msg, answers, legacy).pack(), dest, self.reply_from_other_port)

    def _reply(self, msg: DNSRecord, answers: Iterable[Any], legacy: bool) -> DNSRecord:
        if legacy:
            reply = DNSRecord(
                DNSHeader(id=msg.header.id, qr=1, aa=1),
                questions=[type(q)(q.qname, q.qtype, q.qclass & ~_QU) for q in msg.questions],
            )
        else:
            reply = DNSRecord(DNSHeader(id=0, qr=1, aa=1))
        for rr in answers:
            rclass = rr.rclass
            ttl = rr.ttl
            if legacy:
                ttl = min(ttl, LEGACY_TTL)
            elif rr.rtype != QTYPE.PTR:
                rclass |= _CACHE_FLUSH
            reply.add_answer(RR(rr.rname, rr.rtype, rclass, ttl, rr.rdata))
        return reply
