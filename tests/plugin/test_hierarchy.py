"""The fake root -> TLD -> authoritative tree, walked with a tiny iterative resolver."""

from __future__ import annotations

from dataclasses import dataclass, field

import dns.zone
import pytest
from dnslib import QTYPE, RCODE, DNSLabel, DNSRecord

from pytest_asyncdns import Hierarchy, zone_texts
from pytest_asyncdns._hierarchy import SERVERS

from ._wire import make_query, udp_query


def under(name: DNSLabel, zone: DNSLabel) -> bool:
    n = [x.lower() for x in name.label]
    z = [x.lower() for x in zone.label]
    return not z or n[-len(z) :] == z


@dataclass
class Walk:
    """A minimal iterative resolver over plain sockets: enough to prove the tree walks."""

    hierarchy: Hierarchy
    trust_out_of_bailiwick_glue: bool = False
    timeout: float = 0.3
    visited: list[str] = field(default_factory=list)

    def resolve(self, name: str, rrtype: str = "A", depth: int = 0) -> tuple[int, list[str]]:
        assert depth < 8, "resolution too deep"
        port = self.hierarchy.port
        servers = [(h.address, h.port) for h in self.hierarchy.root_hints]
        zone = DNSLabel(".")
        qname = name
        answers: list[str] = []
        for _ in range(16):
            reply = self._ask(servers, qname, rrtype, zone)
            if reply is None:
                return RCODE.SERVFAIL, answers
            cnames = [rr for rr in reply.rr if rr.rtype == QTYPE.CNAME]
            answers += [str(rr.rdata) for rr in reply.rr if QTYPE[rr.rtype] == rrtype]
            if answers or reply.header.rcode != RCODE.NOERROR:
                return reply.header.rcode, answers
            if cnames and reply.header.aa:
                qname = str(cnames[-1].rdata)
                servers = [(h.address, h.port) for h in self.hierarchy.root_hints]
                zone = DNSLabel(".")
                continue
            if reply.header.aa:
                return RCODE.NOERROR, []  # NODATA
            cut = DNSLabel(reply.auth[0].rname)
            ns_names = [DNSLabel(rr.rdata.label) for rr in reply.auth if rr.rtype == QTYPE.NS]
            glue = {
                str(rr.rname).lower(): str(rr.rdata)
                for rr in reply.ar
                if rr.rtype == QTYPE.A
                and (self.trust_out_of_bailiwick_glue or under(DNSLabel(rr.rname), zone))
            }
            servers = []
            for ns in ns_names:
                address = glue.get(str(ns).lower())
                if address is None:
                    _, found = self.resolve(str(ns), "A", depth + 1)
                    address = found[0] if found else None
                if address is not None:
                    servers.append((address, port))
            zone = cut
        return RCODE.SERVFAIL, answers

    def _ask(
        self, servers: list[tuple[str, int]], qname: str, rrtype: str, zone: DNSLabel
    ) -> DNSRecord | None:
        for server in servers:
            self.visited.append(server[0])
            try:
                reply = udp_query(server, make_query(qname, rrtype, rd=False), timeout=self.timeout)
            except TimeoutError:
                continue
            if reply.header.rcode == RCODE.REFUSED:
                continue  # lame
            upward = (
                not reply.header.aa
                and not reply.rr
                and reply.auth
                and not under(DNSLabel(reply.auth[0].rname), zone)
            )
            if upward or (
                not reply.header.aa and reply.auth and DNSLabel(reply.auth[0].rname) == zone
            ):
                continue  # lame: a referral that does not go down
            return reply
        return None


@pytest.fixture
def walk(asyncdns_hierarchy: Hierarchy) -> Walk:
    return Walk(asyncdns_hierarchy)


def test_servers_on_distinct_addresses_one_port(asyncdns_hierarchy: Hierarchy) -> None:
    addresses = {s.address[0] for s in asyncdns_hierarchy.servers.values()}
    ports = {s.address[1] for s in asyncdns_hierarchy.servers.values()}
    assert len(addresses) == len(SERVERS)
    assert ports == {asyncdns_hierarchy.port}
    (hint,) = asyncdns_hierarchy.root_hints
    assert (hint.name, hint.address, hint.port) == (
        "a.root-servers.test.",
        "127.0.1.1",
        asyncdns_hierarchy.port,
    )
    assert asyncdns_hierarchy.root_hints_text() == (
        ". 3600000 NS a.root-servers.test.\na.root-servers.test. 3600000 A 127.0.1.1\n"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("www.example.test", ["198.51.100.10"]),  # glue at every level
        ("www.glueless.test", ["198.51.100.40"]),  # glueless, NS in a sibling zone
        ("www.other.example", ["198.51.100.20"]),  # glueless, NS in another TLD
        ("www.oob.test", ["198.51.100.66"]),  # out-of-bailiwick glue ignored
        ("www.lame.test", ["198.51.100.50"]),  # two lame servers, one good
        ("cross.example.test", ["198.51.100.20"]),  # CNAME into another TLD
        ("chain.example.test", ["198.51.100.10"]),
        ("anything.wild.example.test", ["198.51.100.30"]),
        ("www.dname.example.test", ["198.51.100.20"]),  # DNAME
    ],
)
def test_walk_from_the_root(walk: Walk, name: str, expected: list[str]) -> None:
    assert walk.resolve(name) == (RCODE.NOERROR, expected)


def test_lame_servers_were_tried(walk: Walk, asyncdns_hierarchy: Hierarchy) -> None:
    walk.resolve("www.lame.test")
    for label in ("lame-refused", "lame-nonauth", "lame-good"):
        asyncdns_hierarchy.servers[label].assert_queried("www.lame.test", "A", count=1)


def test_trusting_out_of_bailiwick_glue_gets_poisoned(asyncdns_hierarchy: Hierarchy) -> None:
    gullible = Walk(asyncdns_hierarchy, trust_out_of_bailiwick_glue=True)
    assert gullible.resolve("www.oob.test") == (RCODE.NOERROR, ["203.0.113.66"])
    asyncdns_hierarchy.servers["poison"].assert_queried("www.oob.test")


@pytest.mark.parametrize("name", ["www.alllame.test", "www.silent.test"])
def test_unresolvable(walk: Walk, name: str) -> None:
    assert walk.resolve(name) == (RCODE.SERVFAIL, [])


@pytest.mark.parametrize(
    ("label", "name", "rrtype", "rcode"),
    [
        ("root", "www.nosuchtld", "A", RCODE.NXDOMAIN),
        ("root", ".", "A", RCODE.NOERROR),
        ("tld-test", "nosuch.test", "A", RCODE.NXDOMAIN),
        ("tld-test", "test", "A", RCODE.NOERROR),
        ("tld-example", "nosuch.example", "A", RCODE.NXDOMAIN),
        ("example-test-1", "nosuch.example.test", "A", RCODE.NXDOMAIN),
        ("example-test-2", "www.example.test", "TXT", RCODE.NOERROR),
        ("example-test-1", "deep.example.test", "A", RCODE.NOERROR),
    ],
)
def test_negative_answers_at_each_level(
    asyncdns_hierarchy: Hierarchy, label: str, name: str, rrtype: str, rcode: int
) -> None:
    server = asyncdns_hierarchy.servers[label]
    reply = udp_query(server.address, make_query(name, rrtype))
    assert reply.header.rcode == rcode
    assert reply.header.aa == 1
    assert reply.rr == []
    assert [QTYPE[rr.rtype] for rr in reply.auth] == ["SOA"]


def test_cname_loops_and_dangling(asyncdns_hierarchy: Hierarchy) -> None:
    auth = asyncdns_hierarchy.servers["example-test-1"].address
    loop = udp_query(auth, make_query("loop1.example.test"))
    assert [str(rr.rdata) for rr in loop.rr] == ["loop2.example.test.", "loop1.example.test."]
    xloop = udp_query(auth, make_query("xloop.example.test"))
    assert [str(rr.rdata) for rr in xloop.rr] == ["xloop.other.example."]
    dangling = udp_query(auth, make_query("dangling.example.test"))
    assert dangling.header.rcode == RCODE.NXDOMAIN
    assert [str(rr.rdata) for rr in dangling.rr] == ["nowhere.example.test."]


def test_referrals(asyncdns_hierarchy: Hierarchy) -> None:
    tld = asyncdns_hierarchy.servers["tld-test"].address
    ref = udp_query(tld, make_query("www.example.test"))
    assert ref.header.aa == 0
    assert sorted(str(rr.rdata) for rr in ref.ar) == ["127.0.1.10", "127.0.1.11"]
    glueless = udp_query(tld, make_query("www.glueless.test"))
    assert [str(rr.rdata) for rr in glueless.auth] == ["ns-glueless.example.test."]
    assert glueless.ar == []
    oob = udp_query(tld, make_query("www.oob.test"))
    assert [(str(rr.rname), str(rr.rdata)) for rr in oob.ar] == [("ns.oob.example.", "127.0.1.66")]


def test_a_scripted_failure_in_the_tree(walk: Walk, asyncdns_hierarchy: Hierarchy) -> None:
    asyncdns_hierarchy.servers["tld-test"].on("www.example.test").rcode("SERVFAIL", once=True)
    assert walk.resolve("www.example.test") == (RCODE.SERVFAIL, [])
    assert walk.resolve("www.example.test") == (RCODE.NOERROR, ["198.51.100.10"])
    labels = [label for label, _ in asyncdns_hierarchy.queries]
    assert labels[:2] == ["root", "tld-test"]


def test_zone_texts_are_plain_zone_files() -> None:
    texts = zone_texts()
    assert set(texts) == {
        ".",
        "test.",
        "example.",
        "example.test.",
        "other.example.",
        "glueless.test.",
        "oob.test.",
        "lame.test.",
    }
    for origin, text in texts.items():
        if origin == "test.":
            continue  # holds out-of-zone (bogus) glue on purpose, which dnspython refuses
        zone = dns.zone.from_text(text, origin=origin, relativize=False)
        assert zone.get_soa() is not None
    assert "127.0.9.1" in zone_texts("127.0.9")["."]
