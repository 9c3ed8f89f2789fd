"""Self-test of the fake mDNS responder; run it inside a private network namespace.

``python -m pytest_asyncdns._mdns_selftest`` exits 0 when a legacy-unicast query over IPv4
(and over IPv6 when the namespace has the veth pair) gets the right answer, 77 when it is
not in a private network namespace (nothing is sent then), 1 on failure. To run it::

    python -c "from pytest_asyncdns import run_in_netns; import sys; \\
        print(run_in_netns([sys.executable, '-m', 'pytest_asyncdns._mdns_selftest']).stdout)"
"""

from __future__ import annotations

import os
import socket
import sys

from dnslib import DNSRecord

from ._mdns import MDNS_GROUP_V4, MDNS_GROUP_V6, MDNS_PORT, MDNSResponder
from ._netns import V6_RESPONDER_INTERFACE, private_netns_status

RECORDS = "printer.local. 120 IN A 198.51.100.7\nprinter.local. 120 IN AAAA 2001:db8::7\n"


def _legacy_query(family: int, dest: tuple[object, ...], rrtype: str) -> DNSRecord:
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2.0)
        if family == socket.AF_INET:
            mreqn = bytes(8) + socket.if_nametoindex("lo").to_bytes(4, sys.byteorder)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, int(dest[3]))  # type: ignore[call-overload]
        query = DNSRecord.question("printer.local", rrtype)
        sock.sendto(query.pack(), dest)
        data, _ = sock.recvfrom(9000)
        reply = DNSRecord.parse(data)
        assert reply.header.id == query.header.id, "legacy unicast reply must keep the ID"
        return reply


def main() -> int:
    """Run the checks; print one line per check."""
    safe, reason = private_netns_status()
    if not safe:
        print(f"skip: {reason}")
        return 77
    failures = 0
    with MDNSResponder(RECORDS):
        reply = _legacy_query(socket.AF_INET, (MDNS_GROUP_V4, MDNS_PORT), "A")
        ok = [str(rr.rdata) for rr in reply.rr] == ["198.51.100.7"] and reply.rr[0].ttl <= 10
        print(("ok" if ok else "FAIL") + " ipv4 legacy unicast")
        failures += not ok
    if os.environ.get("ASYNCDNS_NETNS_V6"):
        with MDNSResponder(RECORDS, family=6, interface=V6_RESPONDER_INTERFACE):
            ifindex = socket.if_nametoindex("mdns0")
            reply = _legacy_query(socket.AF_INET6, (MDNS_GROUP_V6, MDNS_PORT, 0, ifindex), "AAAA")
            ok = [str(rr.rdata) for rr in reply.rr] == ["2001:db8::7"]
            print(("ok" if ok else "FAIL") + " ipv6 legacy unicast")
            failures += not ok
    else:
        print("skip: ipv6 (no veth pair in the namespace)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
