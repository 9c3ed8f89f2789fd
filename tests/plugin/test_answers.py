"""The fake server's authoritative answers, checked on the wire with plain sockets."""

from __future__ import annotations

import socket

import dns.message
import dns.rcode
import pytest
from dnslib import QTYPE, RCODE, DNSRecord

from pytest_asyncdns import FakeDNSServer, Zone, make_zone
from pytest_asyncdns._answer import build_reply

from ._wire import (
    EXAMPLE_ZONE,
    frame,
    make_query,
    rdata,
    read_frame,
    tcp_query,
    udp_collect,
    udp_query,
)

pytestmark = pytest.mark.asyncdns(zone=EXAMPLE_ZONE)


def ask(server: FakeDNSServer, name: str, rrtype: str = "A", **kw: object) -> DNSRecord:
    return udp_query(server.address, make_query(name, rrtype, **kw))  # type: ignore[arg-type]


def test_positive_answer_is_authoritative(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "www.example.com")
    assert reply.header.aa == 1
    assert reply.header.qr == 1
    assert reply.header.rcode == RCODE.NOERROR
    assert rdata(reply) == ["198.51.100.1"]
    assert reply.rr[0].ttl == 300
    # A second, independent codec agrees with dnslib on the bytes.
    parsed = dns.message.from_wire(bytes(reply.pack()))
    assert parsed.answer[0].to_text() == "www.example.com. 300 IN A 198.51.100.1"


def test_aaaa(asyncdns_server: FakeDNSServer) -> None:
    assert rdata(ask(asyncdns_server, "www.example.com", "AAAA")) == ["2001:db8::1"]


def test_nxdomain_carries_soa_with_negative_ttl(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "nope.example.com")
    assert reply.header.rcode == RCODE.NXDOMAIN
    assert reply.header.aa == 1
    assert reply.rr == []
    assert [QTYPE[rr.rtype] for rr in reply.auth] == ["SOA"]
    assert reply.auth[0].ttl == 60  # min(SOA TTL 300, MINIMUM 60), RFC 2308


def test_nodata_carries_soa(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "www.example.com", "MX")
    assert reply.header.rcode == RCODE.NOERROR
    assert reply.rr == []
    assert QTYPE[reply.auth[0].rtype] == "SOA"


def test_empty_non_terminal_is_nodata(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "b.example.com")
    assert reply.header.rcode == RCODE.NOERROR
    assert reply.rr == []
    assert QTYPE[reply.auth[0].rtype] == "SOA"


def test_cname_chain_is_followed(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "chain.example.com")
    assert [(str(rr.rname), QTYPE[rr.rtype]) for rr in reply.rr] == [
        ("chain.example.com.", "CNAME"),
        ("alias.example.com.", "CNAME"),
        ("www.example.com.", "A"),
    ]
    assert reply.header.aa == 1


def test_cname_query_returns_the_cname_itself(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "alias.example.com", "CNAME")
    assert rdata(reply) == ["www.example.com."]


def test_cname_out_of_zone_stops(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "outside.example.com")
    assert rdata(reply) == ["www.example.org."]
    assert reply.header.rcode == RCODE.NOERROR


def test_cname_loop_terminates(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "loop1.example.com")
    assert rdata(reply) == ["loop2.example.com.", "loop1.example.com."]


def test_wildcard_synthesis(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "anything.wild.example.com")
    assert [(str(rr.rname), str(rr.rdata)) for rr in reply.rr] == [
        ("anything.wild.example.com.", "203.0.113.7")
    ]
    # RFC 4592: the wildcard covers several labels, not existing names or their types.
    assert rdata(ask(asyncdns_server, "a.b.wild.example.com")) == ["203.0.113.7"]
    assert ask(asyncdns_server, "wild.example.com", "A").rr == []
    nodata = ask(asyncdns_server, "x.wild.example.com", "MX")
    assert nodata.header.rcode == RCODE.NOERROR
    assert nodata.rr == []


def test_delegation_has_ns_and_glue_without_aa(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "host.sub.example.com")
    assert reply.header.aa == 0
    assert reply.header.rcode == RCODE.NOERROR
    assert reply.rr == []
    assert [(str(rr.rname), str(rr.rdata)) for rr in reply.auth] == [
        ("sub.example.com.", "ns.sub.example.com.")
    ]
    assert [(str(rr.rname), str(rr.rdata)) for rr in reply.ar] == [
        ("ns.sub.example.com.", "198.51.100.99")
    ]


def test_dname_synthesises_a_cname(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "www.dn.example.com")
    assert [(str(rr.rname), QTYPE[rr.rtype]) for rr in reply.rr] == [
        ("dn.example.com.", "DNAME"),
        ("www.dn.example.com.", "CNAME"),
        ("www.other.example.com.", "A"),
    ]
    assert str(reply.rr[1].rdata) == "www.other.example.com."
    parsed = dns.message.from_wire(bytes(reply.pack()))
    assert parsed.answer[0].to_text() == "dn.example.com. 300 IN DNAME other.example.com."


def test_name_outside_every_zone_is_refused(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "www.example.net")
    assert reply.header.rcode == RCODE.REFUSED
    assert reply.header.aa == 0


def test_question_case_is_echoed(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "wWw.ExAmPlE.cOm")
    assert str(reply.q.qname) == "wWw.ExAmPlE.cOm."
    assert str(reply.rr[0].rname) == "wWw.ExAmPlE.cOm."
    assert b"wWw\x07ExAmPlE\x03cOm" in reply.pack()


def test_id_and_rd_are_copied(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "www.example.com", qid=4242, rd=False)
    assert reply.header.id == 4242
    assert reply.header.rd == 0


def test_edns_is_echoed_only_when_asked(asyncdns_server: FakeDNSServer) -> None:
    plain = ask(asyncdns_server, "www.example.com")
    assert [rr for rr in plain.ar if rr.rtype == QTYPE.OPT] == []
    with_edns = ask(asyncdns_server, "www.example.com", edns=4096, do=True)
    opts = [rr for rr in with_edns.ar if rr.rtype == QTYPE.OPT]
    assert len(opts) == 1
    assert opts[0].rclass == 1232
    assert opts[0].edns_do == 1


def test_unknown_edns_version_gets_badvers(asyncdns_server: FakeDNSServer) -> None:
    from dnslib import EDNS0

    query = make_query("www.example.com")
    query.add_ar(EDNS0(udp_len=1232, version=1))
    reply = dns.message.from_wire(bytes(udp_query(asyncdns_server.address, query).pack()))
    assert reply.rcode() == dns.rcode.BADVERS
    assert reply.answer == []


def test_large_answer_truncated_at_512_without_edns(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "big.example.com", "TXT")
    assert reply.header.tc == 1
    assert reply.rr == []
    assert str(reply.q.qname) == "big.example.com."


def test_large_answer_fits_the_edns_payload(asyncdns_server: FakeDNSServer) -> None:
    reply = ask(asyncdns_server, "big.example.com", "TXT", edns=1232)
    assert reply.header.tc == 0
    assert len(reply.rr) == 5
    small = ask(asyncdns_server, "big.example.com", "TXT", edns=600)
    assert small.header.tc == 1


def test_large_answer_is_whole_over_tcp(asyncdns_server: FakeDNSServer) -> None:
    reply = tcp_query(asyncdns_server.address, make_query("big.example.com", "TXT"))
    assert reply.header.tc == 0
    assert len(reply.rr) == 5


def test_pipelined_tcp_queries_on_one_connection(asyncdns_server: FakeDNSServer) -> None:
    names = ["www.example.com", "alias.example.com", "nope.example.com"]
    queries = [make_query(n, qid=100 + i) for i, n in enumerate(names)]
    with socket.create_connection(asyncdns_server.address, timeout=2) as sock:
        sock.sendall(b"".join(frame(q.pack()) for q in queries))
        replies = [DNSRecord.parse(read_frame(sock)) for _ in names]
    assert [r.header.id for r in replies] == [100, 101, 102]
    assert replies[2].header.rcode == RCODE.NXDOMAIN


def test_garbage_with_a_header_gets_formerr(asyncdns_server: FakeDNSServer) -> None:
    garbage = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\xff\xff"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1)
        sock.sendto(garbage, asyncdns_server.address)
        data = sock.recv(512)
    assert data[:2] == b"\x12\x34"
    assert data[2] & 0x80  # QR
    assert data[3] & 0x0F == RCODE.FORMERR
    assert asyncdns_server.queries[0].parse_error


def test_unknown_opcode_gets_notimp(asyncdns_server: FakeDNSServer) -> None:
    query = make_query("www.example.com")
    query.header.opcode = 2  # STATUS
    assert ask_raw(asyncdns_server, query).header.rcode == RCODE.NOTIMP


def ask_raw(server: FakeDNSServer, query: DNSRecord) -> DNSRecord:
    return udp_query(server.address, query)


def test_responses_sent_to_the_server_are_ignored(asyncdns_server: FakeDNSServer) -> None:
    response = make_query("www.example.com").reply()
    with pytest.raises(TimeoutError):
        udp_query(asyncdns_server.address, response, timeout=0.3)
    assert asyncdns_server.queries[0].action == "ignored (QR set)"


@pytest.mark.asyncdns(zone=None)
def test_zone_from_record_tuples(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.clear_zones()
    zone = asyncdns_server.add_zone(
        [
            ("www.example.org", "A", "198.51.100.3"),
            ("example.org", "MX", "10 mail.example.org.", 60),
        ]
    )
    assert str(zone.origin) == "example.org."
    assert rdata(ask(asyncdns_server, "www.example.org")) == ["198.51.100.3"]
    mx = ask(asyncdns_server, "example.org", "MX")
    assert mx.rr[0].ttl == 60
    # A synthetic SOA makes negative answers well-formed.
    assert QTYPE[ask(asyncdns_server, "nope.example.org").auth[0].rtype] == "SOA"


def test_single_owner_zone_serves_its_parent() -> None:
    zone = make_zone([("host.example.org", "A", "198.51.100.4")])
    assert str(zone.origin) == "example.org."
    assert make_zone(zone) is zone
    assert isinstance(Zone.from_text("@ 60 IN A 198.51.100.5", origin="x.test."), Zone)
    with pytest.raises(TypeError):
        make_zone(["not a record"])


def test_most_specific_zone_wins(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.add_zone(
        "$ORIGIN sub.example.com.\n@ 60 SOA ns hm 1 2 3 4 5\nhost 60 A 198.51.100.77\n"
    )
    reply = ask(asyncdns_server, "host.sub.example.com")
    assert reply.header.aa == 1
    assert rdata(reply) == ["198.51.100.77"]


def test_relative_names_in_srv_and_https_records_are_completed(
    asyncdns_server: FakeDNSServer,
) -> None:
    # dnslib's own zone reader leaves these targets as written ("www."); a zone file means
    # them relative to $ORIGIN.
    asyncdns_server.add_zone(
        "$ORIGIN svc.example.com.\n"
        "@ 60 SOA ns hm 1 2 3 4 5\n"
        "_ipp._tcp 60 SRV 0 0 631 printer\n"
        "_ldap._tcp 60 SRV 0 0 389 ldap.example.net.\n"
        "_none._tcp 60 SRV 0 0 0 .\n"
        "web 60 HTTPS 1 cdn alpn=h2\n"
    )
    srv = dns.message.from_wire(
        bytes(ask(asyncdns_server, "_ipp._tcp.svc.example.com", "SRV").pack())
    )
    assert (
        srv.answer[0].to_text()
        == "_ipp._tcp.svc.example.com. 60 IN SRV 0 0 631 printer.svc.example.com."
    )
    absolute = ask(asyncdns_server, "_ldap._tcp.svc.example.com", "SRV")
    assert str(absolute.rr[0].rdata.target) == "ldap.example.net."
    assert str(ask(asyncdns_server, "_none._tcp.svc.example.com", "SRV").rr[0].rdata.target) == "."
    https = dns.message.from_wire(
        bytes(ask(asyncdns_server, "web.svc.example.com", "HTTPS").pack())
    )
    assert (
        https.answer[0].to_text()
        == 'web.svc.example.com. 60 IN HTTPS 1 cdn.svc.example.com. alpn="h2"'
    )


def test_empty_non_terminal_wildcard_is_nodata(asyncdns_server: FakeDNSServer) -> None:
    # RFC 4592 4.8: *.w exists only as the parent of a.*.w, yet it still covers x.w.
    asyncdns_server.add_zone(
        """
        $ORIGIN example.test.
        @ 300 SOA ns1 hostmaster 1 3600 600 86400 60
        a.*.w 300 TXT "below an empty non-terminal wildcard"
        """
    )
    reply = ask(asyncdns_server, "x.w.example.test")
    assert (reply.header.rcode, reply.rr) == (RCODE.NOERROR, [])
    assert QTYPE[reply.auth[0].rtype] == "SOA"
    assert ask(asyncdns_server, "x.other.example.test").header.rcode == RCODE.NXDOMAIN


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_unparseable_responses_are_ignored(asyncdns_server: FakeDNSServer, transport: str) -> None:
    # QR set, then a truncated question: answering it (FORMERR) could start a ping-pong.
    garbage = bytes.fromhex("123481800001000000000000037777")
    if transport == "udp":
        assert udp_collect(asyncdns_server.address, garbage, timeout=0.3) == []
    else:
        with socket.create_connection(asyncdns_server.address, timeout=0.3) as sock:
            sock.sendall(frame(garbage))
            with pytest.raises(TimeoutError):
                sock.recv(2)
    record = asyncdns_server.wait_for(count=1)[0]
    assert record.action == "ignored (QR set)" and record.parse_error


def _big_zone(records: int, pad: int = 0) -> str:
    lines = ["$ORIGIN example.test.", "$TTL 300", "@ SOA ns1 hostmaster 1 3600 600 86400 60"]
    lines += [f'big TXT "{i:04d}{"x" * 240}"' for i in range(records)]
    if pad:
        lines.append(f'big TXT "{"y" * pad}"')
    return "\n".join(lines)


def test_a_tcp_answer_over_64k_is_truncated(asyncdns_server: FakeDNSServer) -> None:
    zone = asyncdns_server.add_zone(_big_zone(300))
    query = make_query("big.example.test", "TXT")
    assert len(build_reply(query, [zone]).pack()) > 65535
    reply = tcp_query(asyncdns_server.address, query)
    assert (reply.header.tc, reply.rr, reply.header.rcode) == (1, [], RCODE.NOERROR)
    assert asyncdns_server.errors == []
    # The connection and the server still work.
    assert rdata(ask(asyncdns_server, "www.example.com")) == ["198.51.100.1"]


@pytest.mark.asyncdns(strict=False)
def test_raw_tcp_data_over_64k_is_a_clear_error(asyncdns_server: FakeDNSServer) -> None:
    with pytest.raises(ValueError, match="more than a DNS message can be"):
        asyncdns_server.on("www.example.com").raw(b"\0" * 65536)
    asyncdns_server.on("www.example.com").raw(lambda query: b"\0" * 65536)
    with socket.create_connection(asyncdns_server.address, timeout=2) as sock:
        sock.sendall(frame(make_query("www.example.com").pack()))
        assert sock.recv(2) == b""  # closed, nothing half-framed
    assert asyncdns_server.verify() != []  # waits for the server thread
    assert any("cannot send 65536 octets over TCP" in e for e in asyncdns_server.errors)


def _sized_big_zone(query: DNSRecord, size: int) -> str:
    """A zone whose answer to *query* is *size* octets (each octet of padding adds one)."""
    base = len(build_reply(query, [make_zone(_big_zone(254, 1))]).pack())
    text = _big_zone(254, 1 + size - base)
    assert len(build_reply(query, [make_zone(text)]).pack()) == size
    return text


@pytest.mark.parametrize("size", [65507, 65520, 65535])
def test_a_udp_answer_larger_than_a_datagram_is_truncated(
    asyncdns_server: FakeDNSServer, size: int
) -> None:
    query = make_query("big.example.test", "TXT", edns=65535)
    asyncdns_server.add_zone(_sized_big_zone(query, size))
    reply = udp_query(asyncdns_server.address, query)
    assert reply.header.tc == int(size > 65507)
    assert asyncdns_server.errors == []


def test_dname_making_a_name_too_long_is_yxdomain(asyncdns_server: FakeDNSServer) -> None:
    # RFC 6672 2.2: the substituted name would exceed 255 octets.
    target = ".".join(["l" * 60] * 3)
    asyncdns_server.add_zone(
        f"""
        $ORIGIN example.test.
        @ 300 SOA ns1 hostmaster 1 3600 600 86400 60
        d 300 DNAME {target}.example.test.
        """
    )
    name = ".".join(["q" * 60] * 3) + ".d.example.test"  # 200 octets: fits
    for reply in (
        ask(asyncdns_server, name),
        tcp_query(asyncdns_server.address, make_query(name)),
    ):
        assert reply.header.rcode == RCODE.YXDOMAIN
        assert [QTYPE[rr.rtype] for rr in reply.rr] == ["DNAME"]
        assert reply.header.aa == 1
    assert asyncdns_server.errors == []
    # A shorter name below the DNAME is still synthesised.
    short = ask(asyncdns_server, "a.d.example.test")
    assert [QTYPE[rr.rtype] for rr in short.rr] == ["DNAME", "CNAME"]


@pytest.mark.asyncdns(zone=None)
def test_record_tuple_names_below_the_origin_are_absolute(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.clear_zones()
    zone = asyncdns_server.add_zone(
        [("www.example.test", "A", "198.51.100.1"), ("db.example.test", "A", "198.51.100.2")]
    )
    zone.add(
        ("mail.example.test", "A", "198.51.100.3"),
        ("rel", "A", "198.51.100.4"),  # relative to the origin, as in a zone file
        ("api.example.test", "CNAME", "www.example.test"),
        ("example.test", "MX", "10 mail.example.test"),
    )
    assert rdata(ask(asyncdns_server, "mail.example.test")) == ["198.51.100.3"]
    assert rdata(ask(asyncdns_server, "rel.example.test")) == ["198.51.100.4"]
    assert rdata(ask(asyncdns_server, "api.example.test")) == ["www.example.test.", "198.51.100.1"]
    assert rdata(ask(asyncdns_server, "example.test", "MX")) == ["10 mail.example.test."]
    other = make_zone(
        [("www.example.org", "A", "198.51.100.5"), ("ftp", "CNAME", "www")], origin="example.org"
    )
    assert sorted(str(rr.rname) for rr in other.records) == [
        "example.org.",
        "ftp.example.org.",
        "www.example.org.",
    ]
    assert [str(rr.rdata) for rr in other.records if QTYPE[rr.rtype] == "CNAME"] == [
        "www.example.org."
    ]
    # The names in SVCB and HTTPS data too (zone text completes them from the origin).
    https = make_zone(
        [("web.example.org", "HTTPS", "1 cdn.example.org alpn=h2"), ("w2", "HTTPS", "1 cdn")],
        origin="example.org",
    )
    assert sorted(
        str(rr.rdata).split()[1] for rr in https.records if QTYPE[rr.rtype] == "HTTPS"
    ) == [
        "cdn.example.org.",
        "cdn.example.org.",
    ]
