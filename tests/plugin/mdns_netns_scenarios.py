"""mDNS responder scenarios; run ONLY inside a private network namespace.

``test_mdns.py`` runs this file under ``unshare -n`` (see ``pytest_asyncdns.run_in_netns``).
Each scenario prints ``PASS <name>``, ``SKIP <name>: why`` or ``FAIL <name>: why``. Every
socket here talks to the namespace's own loopback or veth pair; nothing can leave it.
"""

from __future__ import annotations

import os
import socket
import struct
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from dnslib import QTYPE, DNSRecord

from pytest_asyncdns import MDNSResponder, private_netns_status

GROUP4, GROUP6, PORT = "224.0.0.251", "ff02::fb", 5353
RECORDS = """
printer.local. 120 IN A 198.51.100.7
printer.local. 120 IN AAAA 2001:db8::7
_ipp._tcp.local. 120 IN PTR printer._ipp._tcp.local.
"""
LO = socket.if_nametoindex("lo")


class Skip(Exception):
    pass


def v4_socket(bind: tuple[str, int] = ("0.0.0.0", 0), join: bool = False) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(bind)
    mreqn = socket.inet_aton(GROUP4) + bytes(4) + struct.pack("@i", LO)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
    if join:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    sock.settimeout(1.0)
    return sock


def receive_responses(
    sock: socket.socket, timeout: float = 2.0, count: int = 1
) -> list[tuple[Any, Any]]:
    """Up to *count* responses (QR set) arriving within *timeout*; looped-back queries are
    skipped."""
    out: list[tuple[Any, Any]] = []
    deadline = time.monotonic() + timeout
    while len(out) < count and (remaining := deadline - time.monotonic()) > 0:
        sock.settimeout(remaining)
        try:
            data, source = sock.recvfrom(9000)
        except TimeoutError:
            break
        msg = DNSRecord.parse(data)
        if msg.header.qr:
            out.append((msg, source))
    return out


def question(name: str, rrtype: str, qu: bool = False, qid: int = 0) -> Any:
    query = DNSRecord.question(name, rrtype)
    query.header.id = qid
    query.header.rd = 0
    if qu:
        query.q.qclass |= 0x8000
    return query


def scenario_ipv4_legacy_unicast() -> None:
    with MDNSResponder(RECORDS) as responder, v4_socket() as sock:
        sock.sendto(question("Printer.local", "A", qid=4321).pack(), (GROUP4, PORT))
        (reply, source), *_ = receive_responses(sock)
        assert source[1] == PORT, source
        assert reply.header.id == 4321
        assert reply.header.aa == 1
        assert str(reply.q.qname) == "Printer.local."
        assert [(str(rr.rdata), rr.ttl, rr.rclass) for rr in reply.rr] == [("198.51.100.7", 10, 1)]
        (logged,) = responder.queries
        assert logged.action == "legacy unicast"


def scenario_ipv4_multicast_response() -> None:
    with MDNSResponder(RECORDS), v4_socket(("0.0.0.0", PORT), join=True) as sock:
        sock.sendto(question("printer.local", "A").pack(), (GROUP4, PORT))
        (reply, source), *_ = receive_responses(sock)
        assert source[1] == PORT
        assert reply.header.id == 0
        assert reply.questions == []
        assert reply.header.aa == 1
        assert [(str(rr.rdata), rr.ttl, rr.rclass) for rr in reply.rr] == [
            ("198.51.100.7", 120, 0x8001)  # cache-flush bit on a unique record
        ]


def scenario_ipv4_shared_ptr_has_no_cache_flush() -> None:
    with MDNSResponder(RECORDS), v4_socket(("0.0.0.0", PORT), join=True) as sock:
        sock.sendto(question("_ipp._tcp.local", "PTR").pack(), (GROUP4, PORT))
        (reply, _), *_ = receive_responses(sock)
        assert [(QTYPE[rr.rtype], rr.rclass) for rr in reply.rr] == [("PTR", 1)]


def scenario_ipv4_qu_unicast_response() -> None:
    with MDNSResponder(RECORDS) as responder, v4_socket(("127.0.0.1", PORT)) as sock:
        sock.sendto(question("printer.local", "A", qu=True).pack(), (GROUP4, PORT))
        (reply, source), *_ = receive_responses(sock)
        assert source[1] == PORT
        assert reply.header.id == 0
        assert [str(rr.rdata) for rr in reply.rr] == ["198.51.100.7"]
        assert responder.queries[0].action == "unicast (QU)"
        assert responder.queries[0].qclass == "CLASS32769"


def scenario_no_answer_for_unknown_names() -> None:
    with MDNSResponder(RECORDS) as responder, v4_socket() as sock:
        sock.sendto(question("scanner.local", "A", qid=1).pack(), (GROUP4, PORT))
        assert receive_responses(sock, 0.3) == []
        assert responder.queries[0].action == "legacy unicast (no records)"


def scenario_silent() -> None:
    with MDNSResponder(RECORDS, silent=True) as responder, v4_socket() as sock:
        sock.sendto(question("printer.local", "A", qid=2).pack(), (GROUP4, PORT))
        assert receive_responses(sock, 0.3) == []
        assert responder.queries[0].action == "silent"


def scenario_forged_reply() -> None:
    def forge(query: Any) -> Any:
        reply = query.message.reply()
        reply.add_answer(*__import__("dnslib").RR.fromZone("printer.local. 10 A 203.0.113.66"))
        return reply

    with MDNSResponder(RECORDS, forge=forge) as responder, v4_socket() as sock:
        sock.sendto(question("printer.local", "A", qid=3).pack(), (GROUP4, PORT))
        (reply, _), *_ = receive_responses(sock)
        assert [str(rr.rdata) for rr in reply.rr] == ["203.0.113.66"]
        assert responder.queries[0].action == "legacy unicast (forged)"


def scenario_reply_from_other_port() -> None:
    with MDNSResponder(RECORDS, reply_from_other_port=True), v4_socket() as sock:
        sock.sendto(question("printer.local", "A", qid=4).pack(), (GROUP4, PORT))
        (reply, source), *_ = receive_responses(sock)
        assert source[1] != PORT
        assert reply.header.id == 4


def scenario_unsolicited_announcement() -> None:
    with MDNSResponder(RECORDS) as responder, v4_socket(("0.0.0.0", PORT), join=True) as sock:
        announcement = DNSRecord()
        announcement.header.qr = 1
        announcement.header.aa = 1
        announcement.header.id = 0
        announcement.add_answer(*__import__("dnslib").RR.fromZone("ghost.local. 120 A 203.0.113.5"))
        responder.send(announcement)
        (reply, source), *_ = receive_responses(sock)
        assert source[1] == PORT
        assert [str(rr.rdata) for rr in reply.rr] == ["203.0.113.5"]
        assert responder.queries == []


def scenario_ipv6_legacy_and_multicast() -> None:
    if not os.environ.get("ASYNCDNS_NETNS_V6"):
        raise Skip("no veth pair in this namespace")
    querier_if = socket.if_nametoindex("mdns0")
    with MDNSResponder(RECORDS, family=6, interface="mdns1"):
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, querier_if)
            sock.sendto(
                question("printer.local", "AAAA", qid=6).pack(), (GROUP6, PORT, 0, querier_if)
            )
            (reply, source), *_ = receive_responses(sock)
            assert source[0].startswith("fe80::") and source[1] == PORT
            assert reply.header.id == 6
            assert [str(rr.rdata) for rr in reply.rr] == ["2001:db8::7"]
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("::", PORT))
            mreq = socket.inet_pton(socket.AF_INET6, GROUP6) + struct.pack("@I", querier_if)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, querier_if)
            sock.sendto(question("printer.local", "AAAA").pack(), (GROUP6, PORT, 0, querier_if))
            (reply, _), *_ = receive_responses(sock)
            assert reply.header.id == 0
            assert [str(rr.rdata) for rr in reply.rr] == ["2001:db8::7"]


SCENARIOS: dict[str, Callable[[], None]] = {
    name.removeprefix("scenario_"): func
    for name, func in sorted(globals().items())
    if name.startswith("scenario_")
}


def main() -> int:
    safe, reason = private_netns_status()
    if not safe:
        print(f"REFUSED: {reason}")
        return 2
    for name, func in SCENARIOS.items():
        try:
            func()
        except Skip as exc:
            print(f"SKIP {name}: {exc}")
        except Exception:
            print(f"FAIL {name}: " + traceback.format_exc().replace("\n", "\\n"))
        else:
            print(f"PASS {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
