"""Plain-socket DNS clients for the plugin tests: the bytes on the wire, nothing hidden.

Every exchange is bounded in time and count and only talks to loopback servers the test
started.
"""

from __future__ import annotations

import socket
import time
from typing import Any

from dnslib import EDNS0, DNSRecord


def family(addr: tuple[str, int]) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in addr[0] else socket.AF_INET


def make_query(
    name: str,
    rrtype: str = "A",
    *,
    edns: int | None = None,
    do: bool = False,
    rd: bool = True,
    qid: int | None = None,
) -> Any:
    query = DNSRecord.question(name, rrtype)
    query.header.rd = int(rd)
    if qid is not None:
        query.header.id = qid
    if edns is not None:
        query.add_ar(EDNS0(udp_len=edns, flags="do" if do else ""))
    return query


def udp_collect(
    addr: tuple[str, int], data: bytes, *, timeout: float = 1.0, count: int = 1
) -> list[tuple[bytes, tuple[str, int]]]:
    """Send *data* and gather up to *count* datagrams arriving within *timeout* seconds."""
    out: list[tuple[bytes, tuple[str, int]]] = []
    with socket.socket(family(addr), socket.SOCK_DGRAM) as sock:
        sock.sendto(data, addr)
        deadline = time.monotonic() + timeout
        while len(out) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            try:
                payload, source = sock.recvfrom(65535)
            except TimeoutError:
                break
            out.append((payload, (source[0], source[1])))
    return out


def udp_query(addr: tuple[str, int], query: Any, *, timeout: float = 1.0) -> Any:
    """One UDP exchange; raises TimeoutError when nothing comes back."""
    got = udp_collect(addr, query.pack(), timeout=timeout)
    if not got:
        raise TimeoutError("no UDP reply")
    return DNSRecord.parse(got[0][0])


def frame(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def read_frame(sock: socket.socket) -> bytes | None:
    """One length-prefixed message, or None when the connection closed first."""
    header = _read_exact(sock, 2)
    if header is None:
        return None
    return _read_exact(sock, int.from_bytes(header, "big"))


def _read_exact(sock: socket.socket, size: int) -> bytes | None:
    buf = b""
    while len(buf) < size:
        chunk = sock.recv(size - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def tcp_connect(addr: tuple[str, int], timeout: float = 2.0) -> socket.socket:
    return socket.create_connection(addr, timeout=timeout)


def tcp_query(addr: tuple[str, int], query: Any, *, timeout: float = 2.0) -> Any:
    with tcp_connect(addr, timeout) as sock:
        sock.sendall(frame(query.pack()))
        data = read_frame(sock)
    if data is None:
        raise ConnectionError("connection closed before a full reply")
    return DNSRecord.parse(data)


def rdata(reply: Any) -> list[str]:
    return [str(rr.rdata) for rr in reply.rr]


EXAMPLE_ZONE = """
$ORIGIN example.com.
$TTL 300
@       IN SOA ns1 hostmaster 2024010101 3600 600 86400 60
@       IN NS  ns1
ns1     IN A   198.51.100.53
www     IN A   198.51.100.1
www     IN AAAA 2001:db8::1
alias   IN CNAME www
chain   IN CNAME alias
outside IN CNAME www.example.org.
loop1   IN CNAME loop2
loop2   IN CNAME loop1
*.wild  IN A   203.0.113.7
wild    IN TXT "the wildcard's parent"
sub     IN NS  ns.sub
ns.sub  IN A   198.51.100.99
a.b     IN TXT "b is an empty non-terminal"
dn      IN DNAME other.example.com.
www.other IN A 198.51.100.2
big     IN TXT "%s"
""" % ("x" * 200)
EXAMPLE_ZONE += "".join(f'big IN TXT "{i:03d}{"y" * 200}"\n' for i in range(4))
