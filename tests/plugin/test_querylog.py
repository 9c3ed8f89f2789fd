"""The query log and the assertions over it."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from dnslib import EDNS0, EDNSOption

from pytest_asyncdns import FakeDNSServer

from ._wire import EXAMPLE_ZONE, make_query, tcp_query, udp_query

pytestmark = pytest.mark.asyncdns(zone=EXAMPLE_ZONE)


def test_fields_of_a_udp_query(asyncdns_server: FakeDNSServer) -> None:
    query = make_query("WwW.Example.com", "AAAA", qid=777, edns=1400, do=True)
    query.header.cd = 1
    query.ar[0].rdata.append(EDNSOption(10, b"\x01" * 8))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(1)
        sock.sendto(query.pack(), asyncdns_server.address)
        sock.recv(4096)
        client = sock.getsockname()
    (q,) = asyncdns_server.queries
    assert q.transport == "udp"
    assert q.client == client
    assert (q.id, q.qname, q.qtype, q.qclass) == (777, "WwW.Example.com.", "AAAA", "IN")
    assert q.flags == frozenset({"rd", "cd"})
    assert q.rd
    assert (q.edns, q.edns_payload, q.edns_version, q.edns_do) == (True, 1400, 0, True)
    assert q.edns_options == [(10, b"\x01" * 8)]
    assert q.raw == bytes(query.pack())
    assert q.message.header.id == 777
    assert q.action == "answer"
    assert "udp id=777 WwW.Example.com. AAAA IN flags=cd,rd edns(payload=1400, do=1)" in q.summary()


def test_tcp_and_no_edns(asyncdns_server: FakeDNSServer) -> None:
    tcp_query(asyncdns_server.address, make_query("www.example.com", rd=False))
    (q,) = asyncdns_server.queries
    assert q.transport == "tcp"
    assert not q.rd
    assert (q.edns, q.edns_payload, q.edns_do) == (False, None, False)


def test_unknown_type_and_class_names(asyncdns_server: FakeDNSServer) -> None:
    query = make_query("www.example.com")
    query.q.qtype = 65280
    query.q.qclass = 3  # CH
    udp_query(asyncdns_server.address, query)
    (q,) = asyncdns_server.queries
    assert (q.qtype, q.qclass) == ("TYPE65280", "CH")


def test_assert_queried_filters(asyncdns_server: FakeDNSServer) -> None:
    udp_query(asyncdns_server.address, make_query("WWW.example.com", edns=1232))
    udp_query(asyncdns_server.address, make_query("www.example.com"))
    tcp_query(asyncdns_server.address, make_query("www.example.com", "AAAA"))
    server = asyncdns_server
    assert len(server.assert_queried("www.example.com")) == 2
    server.assert_queried("www.example.com.", "A", count=2)
    server.assert_queried("www.example.com", "A", transport="udp", edns=True, count=1)
    server.assert_queried("www.example.com", "AAAA", transport="tcp", rd=True)
    server.assert_queried("WWW.example.com", exact_case=True, count=1)
    server.assert_queried("www.example.com", rrtype=None, count=3)
    server.assert_queried("www.example.com", where=lambda q: not q.edns, count=1)
    server.assert_not_queried("alias.example.com")
    server.assert_not_queried("www.example.com", "MX")


def test_assert_queried_failure_message(asyncdns_server: FakeDNSServer) -> None:
    udp_query(asyncdns_server.address, make_query("www.example.com"))
    with pytest.raises(AssertionError) as info:
        asyncdns_server.assert_queried("www.example.com", transport="tcp")
    message = str(info.value)
    assert "expected at least one query for 'www.example.com'" in message
    assert "transport='tcp'" in message
    assert "udp id=" in message and "www.example.com. A IN" in message
    with pytest.raises(AssertionError, match="exactly 2"):
        asyncdns_server.assert_queried("www.example.com", count=2)
    with pytest.raises(AssertionError, match="expected no query"):
        asyncdns_server.assert_not_queried("www.example.com")
    with pytest.raises(AssertionError, match="no queries"):
        FakeDNSServer().log.assert_queried("x.test")


def test_wait_for(asyncdns_server: FakeDNSServer) -> None:
    def later() -> None:
        time.sleep(0.1)
        udp_query(asyncdns_server.address, make_query("www.example.com"))

    thread = threading.Thread(target=later)
    thread.start()
    found = asyncdns_server.wait_for("www.example.com", "A", count=1, timeout=3)
    thread.join()
    assert len(found) == 1
    start = time.monotonic()
    assert asyncdns_server.wait_for("nothing.example.com", timeout=0.1) == []
    assert time.monotonic() - start < 1


def test_rule_records_its_queries(asyncdns_server: FakeDNSServer) -> None:
    rule = asyncdns_server.on("www.example.com").rcode("SERVFAIL")
    udp_query(asyncdns_server.address, make_query("www.example.com"))
    assert [q.qname for q in rule.queries] == ["www.example.com."]
    assert asyncdns_server.queries[0].action == "rcode(SERVFAIL)"


def test_opt_without_options_is_logged(asyncdns_server: FakeDNSServer) -> None:
    query = make_query("www.example.com")
    query.add_ar(EDNS0(udp_len=512))
    udp_query(asyncdns_server.address, query)
    assert asyncdns_server.queries[0].edns_payload == 512
    assert asyncdns_server.queries[0].edns_options == []
