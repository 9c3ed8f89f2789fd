"""Every scripted behaviour, shown on the wire with plain UDP and TCP sockets."""

from __future__ import annotations

import socket
import time

import pytest
from dnslib import QTYPE, RCODE, DNSRecord

from pytest_asyncdns import FakeDNSServer, QueryRecord

from ._wire import (
    EXAMPLE_ZONE,
    frame,
    make_query,
    rdata,
    read_frame,
    tcp_connect,
    tcp_query,
    udp_collect,
    udp_query,
)

pytestmark = pytest.mark.asyncdns(zone=EXAMPLE_ZONE)

WWW = "www.example.com"


def test_drop_once_then_answer(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").drop(once=True)
    with pytest.raises(TimeoutError):
        udp_query(asyncdns_server.address, make_query(WWW), timeout=0.3)
    assert rdata(udp_query(asyncdns_server.address, make_query(WWW))) == ["198.51.100.1"]
    assert [q.action for q in asyncdns_server.queries] == ["drop", "answer"]


def test_drop_over_tcp_keeps_the_connection_silent(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, transport="tcp").drop()
    with tcp_connect(asyncdns_server.address, timeout=0.3) as sock:
        sock.sendall(frame(make_query(WWW).pack()))
        with pytest.raises(TimeoutError):
            sock.recv(2)


def test_permanent_drop(asyncdns_server: FakeDNSServer) -> None:
    rule = asyncdns_server.on(WWW, "A").drop()
    for _ in range(2):
        with pytest.raises(TimeoutError):
            udp_query(asyncdns_server.address, make_query(WWW), timeout=0.2)
    assert rule.hits == 2
    assert rule.remaining is None
    # Other names and types are untouched.
    assert rdata(udp_query(asyncdns_server.address, make_query(WWW, "AAAA"))) == ["2001:db8::1"]


def test_delay(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).delay(0.3)
    start = time.monotonic()
    reply = udp_query(asyncdns_server.address, make_query(WWW), timeout=2)
    assert time.monotonic() - start >= 0.28
    assert rdata(reply) == ["198.51.100.1"]


def test_delayed_tcp_answer_is_overtaken_on_a_pipelined_connection(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW, "A").delay(0.3)
    slow, fast = make_query(WWW, qid=1), make_query("alias.example.com", qid=2)
    with tcp_connect(asyncdns_server.address) as sock:
        sock.sendall(frame(slow.pack()) + frame(fast.pack()))
        first, second = (DNSRecord.parse(read_frame(sock)) for _ in range(2))
    assert [first.header.id, second.header.id] == [2, 1]


def test_delay_does_not_block_other_clients(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).delay(1.0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as slow:
        slow.sendto(make_query(WWW).pack(), asyncdns_server.address)
        start = time.monotonic()
        udp_query(asyncdns_server.address, make_query("alias.example.com"))
        assert time.monotonic() - start < 0.5


def test_truncate(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).truncate()
    udp = udp_query(asyncdns_server.address, make_query(WWW))
    assert udp.header.tc == 1
    assert udp.rr == []
    assert str(udp.q.qname) == "www.example.com."
    tcp = tcp_query(asyncdns_server.address, make_query(WWW))
    assert tcp.header.tc == 0
    assert rdata(tcp) == ["198.51.100.1"]


def test_truncate_partial_keeps_a_record(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).truncate(partial=True)
    udp = udp_query(asyncdns_server.address, make_query(WWW))
    assert udp.header.tc == 1
    assert rdata(udp) == ["198.51.100.1"]


def test_tcp_only(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on().tcp_only()
    for name in (WWW, "nope.example.com"):
        udp = udp_query(asyncdns_server.address, make_query(name))
        assert (udp.header.tc, udp.rr) == (1, [])
    assert rdata(tcp_query(asyncdns_server.address, make_query(WWW))) == ["198.51.100.1"]
    assert tcp_query(asyncdns_server.address, make_query("nope.example.com")).header.rcode == 3


@pytest.mark.parametrize("code", ["SERVFAIL", "REFUSED", "FORMERR", "NOTIMP", 2])
def test_rcode(asyncdns_server: FakeDNSServer, code: str | int) -> None:
    asyncdns_server.on(WWW).rcode(code)
    reply = udp_query(asyncdns_server.address, make_query(WWW))
    expected = code if isinstance(code, int) else getattr(RCODE, code)
    assert reply.header.rcode == expected
    assert (reply.rr, reply.auth, reply.ar) == ([], [], [])
    assert reply.header.aa == 0


def test_formerr_with_and_without_opt(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, transport="udp").rcode("FORMERR", with_opt=True)
    asyncdns_server.on(WWW, transport="tcp").rcode("FORMERR", with_opt=False)
    with_opt = udp_query(asyncdns_server.address, make_query(WWW))
    assert [QTYPE[rr.rtype] for rr in with_opt.ar] == ["OPT"]
    without = tcp_query(asyncdns_server.address, make_query(WWW, edns=1232))
    assert without.ar == []
    assert without.header.rcode == with_opt.header.rcode == RCODE.FORMERR


def test_rcode_echoes_opt_by_default(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).rcode("SERVFAIL")
    reply = udp_query(asyncdns_server.address, make_query(WWW, edns=1232))
    assert [QTYPE[rr.rtype] for rr in reply.ar] == ["OPT"]


def test_rcode_with_soa_and_aa(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).rcode("NXDOMAIN", soa=True, aa=True)
    reply = udp_query(asyncdns_server.address, make_query(WWW))
    assert reply.header.rcode == RCODE.NXDOMAIN
    assert reply.header.aa == 1
    assert [QTYPE[rr.rtype] for rr in reply.auth] == ["SOA"]


def test_extended_rcode_goes_into_the_opt(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).rcode("BADVERS")
    reply = udp_query(asyncdns_server.address, make_query(WWW))
    opt = reply.ar[0]
    assert (reply.header.rcode, opt.edns_rcode) == (0, 1)  # 16 = 1 << 4 | 0


def test_raw_bytes(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).raw(b"\x00\x01garbage")
    got = udp_collect(asyncdns_server.address, make_query(WWW).pack())
    assert got[0][0] == b"\x00\x01garbage"
    with tcp_connect(asyncdns_server.address) as sock:
        sock.sendall(frame(make_query(WWW).pack()))
        assert read_frame(sock) == b"\x00\x01garbage"


def test_raw_with_the_query_id(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).raw(b"\xff\xff\x81\x80\x00\x01\x00\x01", fix_id=True)
    got = udp_collect(asyncdns_server.address, make_query(WWW, qid=0x1234).pack())
    assert got[0][0] == b"\x12\x34\x81\x80\x00\x01\x00\x01"


def test_raw_from_a_callable(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).raw(lambda q: q.raw[:12])
    query = make_query(WWW)
    got = udp_collect(asyncdns_server.address, query.pack())
    assert got[0][0] == bytes(query.pack()[:12])


def test_wrong_id(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).wrong_id()
    reply = udp_query(asyncdns_server.address, make_query(WWW, qid=0xFFFF))
    assert reply.header.id == 0
    assert rdata(reply) == ["198.51.100.1"]


def test_wrong_question(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).wrong_question()
    reply = udp_query(asyncdns_server.address, make_query(WWW))
    assert str(reply.q.qname) == "wrong-question.invalid."
    asyncdns_server.on("alias.example.com").wrong_question(rrtype="AAAA")
    reply = udp_query(asyncdns_server.address, make_query("alias.example.com"))
    assert (str(reply.q.qname), QTYPE[reply.q.qtype]) == ("alias.example.com.", "AAAA")


def test_from_other_port(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).from_other_port()
    got = udp_collect(asyncdns_server.address, make_query(WWW).pack())
    payload, source = got[0]
    assert source[0] == "127.0.0.1"
    assert source[1] != asyncdns_server.port
    assert rdata(DNSRecord.parse(payload)) == ["198.51.100.1"]
    # Over TCP there is nothing to spoof: a normal answer.
    assert rdata(tcp_query(asyncdns_server.address, make_query(WWW))) == ["198.51.100.1"]


def test_close_mid_message_over_tcp(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).close_mid_message()
    with tcp_connect(asyncdns_server.address) as sock:
        sock.sendall(frame(make_query(WWW).pack()))
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    announced = int.from_bytes(received[:2], "big")
    assert 0 < len(received) - 2 < announced


def test_close_mid_message_at_a_byte(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).close_mid_message(at=1)
    with tcp_connect(asyncdns_server.address) as sock:
        sock.sendall(frame(make_query(WWW).pack()))
        assert sock.recv(10) == b"\x00"
        assert sock.recv(10) == b""
    asyncdns_server.on("alias.example.com").close_mid_message(at=0)
    with tcp_connect(asyncdns_server.address) as sock:
        sock.sendall(frame(make_query("alias.example.com").pack()))
        assert sock.recv(10) == b""


def test_close_mid_message_over_udp_sends_half_a_datagram(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).close_mid_message()
    full = udp_collect(asyncdns_server.address, make_query(WWW, qid=7).pack(), count=1)
    asyncdns_server.reset(zones=False)
    normal = udp_collect(asyncdns_server.address, make_query(WWW, qid=7).pack())
    assert len(full[0][0]) == len(normal[0][0]) // 2


def test_several_replies(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).replies("wrong_id", "SERVFAIL", "answer", interval=0.05)
    got = udp_collect(asyncdns_server.address, make_query(WWW, qid=10).pack(), count=3)
    replies = [DNSRecord.parse(p) for p, _ in got]
    assert [r.header.id for r in replies] == [11, 10, 10]
    assert [r.header.rcode for r in replies] == [0, 2, 0]
    assert rdata(replies[2]) == ["198.51.100.1"]


def test_several_replies_over_tcp_and_custom_items(asyncdns_server: FakeDNSServer) -> None:
    forged = make_query(WWW).reply()
    asyncdns_server.on(WWW).replies(b"\x00\x00", forged, lambda q: q.raw, "drop", "truncate")
    with tcp_connect(asyncdns_server.address) as sock:
        query = make_query(WWW, qid=99)
        sock.sendall(frame(query.pack()))
        frames = [read_frame(sock) for _ in range(4)]
    assert frames[0] == b"\x00\x00"
    assert DNSRecord.parse(frames[1]).header.id == forged.header.id
    assert frames[2] == bytes(query.pack())
    assert rdata(DNSRecord.parse(frames[3])) == ["198.51.100.1"]  # truncate: full over TCP


def test_respond_with_a_function(asyncdns_server: FakeDNSServer) -> None:
    def answer(query: QueryRecord) -> object:
        reply = query.message.reply()
        reply.add_answer(*__import__("dnslib").RR.fromZone(f"{query.qname} 5 A 203.0.113.9"))
        return reply

    asyncdns_server.on(match=lambda q: q.qname.startswith("dyn")).respond(answer)
    assert rdata(udp_query(asyncdns_server.address, make_query("dyn1.example.com"))) == [
        "203.0.113.9"
    ]
    asyncdns_server.on("nothing.example.com").respond(lambda q: None)
    with pytest.raises(TimeoutError):
        udp_query(asyncdns_server.address, make_query("nothing.example.com"), timeout=0.2)


def test_times_then_fall_back(asyncdns_server: FakeDNSServer) -> None:
    rule = asyncdns_server.on(WWW).rcode("SERVFAIL", times=2)
    codes = [udp_query(asyncdns_server.address, make_query(WWW)).header.rcode for _ in range(3)]
    assert codes == [2, 2, 0]
    assert (rule.hits, rule.remaining) == (2, 0)


def test_counted_rules_first_in_order_then_permanent(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).rcode("REFUSED")
    asyncdns_server.on(WWW).rcode("SERVFAIL", once=True)
    asyncdns_server.on(WWW).rcode("NOTIMP", once=True)
    codes = [udp_query(asyncdns_server.address, make_query(WWW)).header.rcode for _ in range(4)]
    assert codes == [RCODE.SERVFAIL, RCODE.NOTIMP, RCODE.REFUSED, RCODE.REFUSED]


def test_transport_and_type_filters(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "AAAA", transport="udp").rcode("SERVFAIL")
    assert udp_query(asyncdns_server.address, make_query(WWW, "AAAA")).header.rcode == 2
    assert udp_query(asyncdns_server.address, make_query(WWW, "A")).header.rcode == 0
    assert tcp_query(asyncdns_server.address, make_query(WWW, "AAAA")).header.rcode == 0


def test_names_match_case_insensitively(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("WWW.Example.COM.").rcode("SERVFAIL")
    assert udp_query(asyncdns_server.address, make_query("www.example.com")).header.rcode == 2


def test_predicate_sees_unparseable_queries(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(match=lambda q: q.message is None).raw(b"bad!")
    got = udp_collect(asyncdns_server.address, b"\x00\x01\x00")
    assert got[0][0] == b"bad!"


def test_expect_is_met(asyncdns_server: FakeDNSServer) -> None:
    rule = asyncdns_server.expect(WWW, "A", times=2)
    for _ in range(2):
        assert rdata(udp_query(asyncdns_server.address, make_query(WWW))) == ["198.51.100.1"]
    assert not rule.unmet
    assert asyncdns_server.verify() == []


def test_unmet_rules_are_reported(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).drop(once=True)
    asyncdns_server.on(WWW).drop(times=3, required=False)
    problems = asyncdns_server.verify()
    assert "unmet expectation: drop for www.example.com (0/1 fired)" in problems[0]
    assert len([p for p in problems if "unmet" in p]) == 1
    with pytest.raises(AssertionError, match="unmet expectation"):
        asyncdns_server.check()
    asyncdns_server.strict = False  # keep this test's teardown green
    asyncdns_server.rules.clear()


def test_invalid_arguments(asyncdns_server: FakeDNSServer) -> None:
    with pytest.raises(ValueError, match="times"):
        asyncdns_server.on(WWW).drop(times=0)
    with pytest.raises(ValueError, match="rcode"):
        asyncdns_server.on(WWW).rcode("NOPE")
