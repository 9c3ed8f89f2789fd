"""A corpus of real DNS packets built by dnslib and dnspython (shared by the fuzz and
differential tests).

Every packet is built fresh by the two reference libraries, so the corpus tracks what they put
on the wire rather than bytes frozen here. Addresses are from the documentation ranges only.
"""

from __future__ import annotations

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dnslib

__all__ = ["CORPUS", "corpus_ids", "corpus_packets"]


def _dnslib_response(qname: str, qtype: str, **header: int) -> dnslib.DNSRecord:
    header.setdefault("id", 0x1234)
    header.setdefault("qr", 1)
    header.setdefault("ra", 1)
    header.setdefault("rd", 1)
    return dnslib.DNSRecord(
        dnslib.DNSHeader(**header),
        q=dnslib.DNSQuestion(qname, getattr(dnslib.QTYPE, qtype)),
    )


def _rr(name: str, qtype: str, rdata: object, ttl: int = 300) -> dnslib.RR:
    return dnslib.RR(name, getattr(dnslib.QTYPE, qtype), rdata=rdata, ttl=ttl)


def _dnslib_packets() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    r = _dnslib_response("www.example.com", "A", aa=1)
    for host in (7, 8, 9):
        r.add_answer(_rr("www.example.com", "A", dnslib.A(f"198.51.100.{host}")))
    r.add_ar(dnslib.EDNS0(udp_len=1232))
    out["dnslib-a-answers-edns"] = bytes(r.pack())

    r = _dnslib_response("www.example.org", "A", ra=0, rd=0)
    for ns in ("ns1.example.org", "ns2.example.org"):
        r.add_auth(_rr("example.org", "NS", dnslib.NS(ns), ttl=172800))
    r.add_ar(_rr("ns1.example.org", "A", dnslib.A("203.0.113.53"), ttl=172800))
    r.add_ar(_rr("ns1.example.org", "AAAA", dnslib.AAAA("2001:db8::53"), ttl=172800))
    r.add_ar(_rr("ns2.example.org", "A", dnslib.A("203.0.113.54"), ttl=172800))
    out["dnslib-referral-glue"] = bytes(r.pack())

    r = _dnslib_response("nope.example.net", "AAAA", aa=1, rcode=3)
    soa = dnslib.SOA(
        "ns.example.net", "hostmaster.example.net", (2024010101, 7200, 3600, 1209600, 300)
    )
    r.add_auth(_rr("example.net", "SOA", soa, ttl=300))
    out["dnslib-nxdomain-soa"] = bytes(r.pack())

    r = _dnslib_response("txt.example.com", "TXT")
    r.add_answer(_rr("txt.example.com", "TXT", dnslib.TXT([b"v=spf1 -all"])))
    r.add_answer(_rr("txt.example.com", "TXT", dnslib.TXT([b"two", b'strings "quoted"'])))
    r.add_answer(_rr("txt.example.com", "TXT", dnslib.TXT([b"\x00\xff\\;()"])))
    r.add_answer(_rr("txt.example.com", "TXT", dnslib.TXT([b""])))
    out["dnslib-txt"] = bytes(r.pack())

    r = _dnslib_response("example.com", "MX")
    r.add_answer(_rr("example.com", "MX", dnslib.MX("mx1.example.com", 10)))
    r.add_answer(_rr("example.com", "MX", dnslib.MX("mx2.example.com", 20)))
    r.add_answer(_rr("example.com", "MX", dnslib.MX(".", 0)))
    r.add_ar(_rr("mx1.example.com", "A", dnslib.A("198.51.100.25")))
    out["dnslib-mx"] = bytes(r.pack())

    r = _dnslib_response("v6.example.com", "AAAA")
    r.add_answer(_rr("v6.example.com", "AAAA", dnslib.AAAA("2001:db8::1")))
    r.add_answer(_rr("v6.example.com", "AAAA", dnslib.AAAA("2001:db8:ffff::abcd:1")))
    out["dnslib-aaaa"] = bytes(r.pack())

    r = _dnslib_response("www.example.com", "A")
    r.add_answer(_rr("www.example.com", "CNAME", dnslib.CNAME("a.example.net")))
    r.add_answer(_rr("a.example.net", "CNAME", dnslib.CNAME("b.cdn.example.org")))
    r.add_answer(_rr("b.cdn.example.org", "A", dnslib.A("203.0.113.80"), ttl=20))
    out["dnslib-cname-chain"] = bytes(r.pack())

    q = dnslib.DNSRecord.question("example.com", "ANY")
    q.add_ar(dnslib.EDNS0(udp_len=4096, flags="do", opts=[dnslib.EDNSOption(10, b"\x01" * 8)]))
    out["dnslib-query-edns"] = bytes(q.pack())

    r = _dnslib_response("7.100.51.198.in-addr.arpa", "PTR", aa=1)
    r.add_answer(_rr("7.100.51.198.in-addr.arpa", "PTR", dnslib.PTR("host.example.com")))
    out["dnslib-ptr"] = bytes(r.pack())
    return out


def _py_response(qname: str, rdtype: str) -> dns.message.Message:
    query = dns.message.make_query(qname, rdtype)
    return dns.message.make_response(query)


def _add(section: list[dns.rrset.RRset], name: str, ttl: int, rdtype: str, *rdatas: str) -> None:
    section.append(dns.rrset.from_text(name, ttl, "IN", rdtype, *rdatas))


def _dnspython_packets() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    r = _py_response("example.com.", "A")
    r.use_edns(
        0,
        dns.flags.DO,
        4096,
        options=[
            dns.edns.CookieOption(b"\x01\x02\x03\x04\x05\x06\x07\x08", b"\xaa" * 16),
            dns.edns.ECSOption("198.51.100.0", 24, 24),
            dns.edns.NSIDOption(b"ns1"),
            dns.edns.EDEOption(dns.edns.EDECode.STALE_ANSWER, "served stale"),
            dns.edns.GenericOption(dns.edns.OptionType.PADDING, b"\x00" * 12),
            dns.edns.GenericOption(65001, b"private"),
        ],
    )
    _add(r.answer, "example.com.", 60, "A", "198.51.100.1")
    out["dnspython-edns-options"] = r.to_wire()

    r = _py_response("_sip._tcp.example.com.", "SRV")
    _add(
        r.answer,
        "_sip._tcp.example.com.",
        300,
        "SRV",
        "10 60 5060 sip1.example.com.",
        "20 0 5060 sip2.example.com.",
    )
    _add(r.additional, "sip1.example.com.", 300, "AAAA", "2001:db8::5060")
    out["dnspython-srv"] = r.to_wire()

    r = _py_response("8.b.d.0.1.0.0.2.ip6.arpa.", "PTR")
    _add(r.answer, "1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.", 3600, "PTR", "v6host.example.com.")
    out["dnspython-ptr6"] = r.to_wire()

    r = _py_response("WwW.ExAmPlE.CoM.", "TXT")
    r.flags |= dns.flags.AD
    _add(r.answer, r"WwW.ExAmPlE.CoM.", 30, "TXT", r'"a\"b" "semi;colon" "\255\000"')
    _add(r.answer, r"odd\.label\032here.example.com.", 30, "TXT", '"escaped owner"')
    out["dnspython-mixed-case-escapes"] = r.to_wire()

    r = _py_response("example.com.", "A")
    r.use_edns(0, 0, 1232)
    r.set_rcode(dns.rcode.BADVERS)
    out["dnspython-badvers"] = r.to_wire()

    r = _py_response("example.com.", "CAA")
    _add(r.answer, "example.com.", 3600, "CAA", '0 issue "ca.example.net"')
    _add(r.answer, "example.com.", 3600, "DS", "12345 13 2 " + "ab" * 32)
    _add(r.answer, "example.com.", 3600, "SSHFP", "4 2 " + "cd" * 32)
    _add(r.answer, "example.com.", 3600, "NAPTR", '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.')
    _add(r.answer, "example.com.", 3600, "HINFO", '"PC" "Linux"')
    _add(r.answer, "example.com.", 3600, "TYPE65280", r"\# 3 abcdef")
    out["dnspython-other-types"] = r.to_wire()

    r = _py_response("big.example.com.", "A")
    r.flags |= dns.flags.TC
    _add(r.answer, "big.example.com.", 300, "A", *[f"203.0.113.{i}" for i in range(1, 30)])
    out["dnspython-many-a-tc"] = r.to_wire()

    r = _py_response("example.com.", "NS")
    r.flags |= dns.flags.AA
    _add(r.answer, "example.com.", 86400, "NS", "a.iana-servers.net.", "b.iana-servers.net.")
    _add(
        r.authority,
        "example.com.",
        3600,
        "SOA",
        "ns.icann.org. noc.dns.icann.org. 2024080101 7200 3600 1209600 3600",
    )
    out["dnspython-ns-soa"] = r.to_wire()
    return out


CORPUS: dict[str, bytes] = {**_dnslib_packets(), **_dnspython_packets()}


def corpus_ids() -> list[str]:
    """The names of the corpus packets (pytest ids)."""
    return list(CORPUS)


def corpus_packets() -> list[bytes]:
    """The corpus packets, in the order of :func:`corpus_ids`."""
    return list(CORPUS.values())
