"""The codec benchmark's corpus: realistic DNS responses built in-process with dnspython.

Nothing here touches the network. Every message is built with dnspython's builders
(``dns.message.make_query`` / ``make_response``, ``dns.rrset.from_text``) and turned into wire
bytes once; the benchmark then decodes and re-encodes those bytes. Signatures, keys and digests
are fabricated (well-formed, deterministic, not valid cryptographically): a decoder never
checks them.

Categories (each holds several distinct messages; :data:`WEIGHTS` sets how often each
category appears in the weighted corpus):

* ``plain``: A/AAAA answers, often behind a CNAME chain, with EDNS (payload 1232).
* ``referral``: a delegation: NS set in authority, A/AAAA glue in additional, no AA bit.
* ``negative``: NXDOMAIN and NODATA with the zone's SOA in authority.
* ``edns``: answers whose OPT carries a DNS cookie and padding, with the DO bit.
* ``txt``: long TXT answers (SPF-like, several 255-octet strings).
* ``mx_srv``: MX and SRV sets with address records in additional.
* ``dnssec``: signed answers (RRSIG over A/AAAA/MX), DNSKEY sets, DS, and signed negative
  answers with NSEC or NSEC3 in authority.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import dns.edns
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

__all__ = ["WEIGHTS", "Corpus", "Sample", "build_corpus"]

#: Share of each category in the weighted corpus, in percent. A recursive resolver's upstream
#: traffic: mostly plain answers, a fair share of negative answers and referrals, and (with
#: validation on) a good share of signed answers.
WEIGHTS: dict[str, int] = {
    "plain": 32,
    "negative": 14,
    "referral": 10,
    "edns": 8,
    "mx_srv": 8,
    "txt": 6,
    "dnssec": 22,
}

#: The DNSSEC record types (for the DNSSEC-heavy subset and the "decoded as Unknown" count).
DNSSEC_TYPES = frozenset({43, 46, 47, 48, 50, 51})

_ZONES = ("example.com", "example.net", "example.org", "shop.example", "corp.test", "cdn.example")


@dataclass(frozen=True)
class Sample:
    """One message of the corpus.

    Attributes:
        category: the category it belongs to (a key of :data:`WEIGHTS`).
        wire: the message in wire form.
        records: how many records it holds (all sections, OPT not counted).
    """

    category: str
    wire: bytes
    records: int


@dataclass
class Corpus:
    """The distinct messages and the weighted sequence the benchmark loops over.

    Attributes:
        samples: every distinct message, grouped by category in build order.
        weighted: the benchmark sequence: samples repeated to match :data:`WEIGHTS`, shuffled
            with a fixed seed.
        dnssec: the DNSSEC-heavy subset (the ``dnssec`` category, weighted the same way).
    """

    samples: list[Sample] = field(default_factory=list)
    weighted: list[Sample] = field(default_factory=list)
    dnssec: list[Sample] = field(default_factory=list)

    def composition(self) -> list[dict[str, float | int | str]]:
        """Per category: distinct messages, weighted messages, share, mean size, records."""
        total = len(self.weighted)
        rows: list[dict[str, float | int | str]] = []
        for cat in WEIGHTS:
            distinct = [s for s in self.samples if s.category == cat]
            weighted = [s for s in self.weighted if s.category == cat]
            rows.append(
                {
                    "category": cat,
                    "distinct": len(distinct),
                    "messages": len(weighted),
                    "share": len(weighted) / total if total else 0.0,
                    "mean_octets": sum(len(s.wire) for s in weighted) / max(len(weighted), 1),
                    "mean_records": sum(s.records for s in weighted) / max(len(weighted), 1),
                }
            )
        return rows


# -- fabricated DNSSEC material ---------------------------------------------------------------


class _Forge:
    """Deterministic fake key, signature and digest material of the right sizes."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def b64(self, size: int) -> str:
        return base64.b64encode(self.rng.randbytes(size)).decode("ascii")

    def hex(self, size: int) -> str:
        return self.rng.randbytes(size).hex().upper()

    def sig_size(self, alg: int) -> int:
        return 256 if alg == 8 else 64  # RSA/SHA-256 2048-bit, or ECDSA P-256

    def key_size(self, alg: int) -> int:
        return 260 if alg == 8 else 64

    def rrsig(self, covered: str, owner: str, ttl: int, *, signer: str, alg: int, tag: int) -> str:
        """RRSIG rdata text covering *covered* at *owner* (labels counted from the owner)."""
        labels = len(owner.split("."))
        return (
            f"{covered} {alg} {labels} {ttl} 20260401000000 20260301000000 {tag} {signer}. "
            f"{self.b64(self.sig_size(alg))}"
        )

    def dnskey(self, flags: int, alg: int) -> str:
        return f"{flags} 3 {alg} {self.b64(self.key_size(alg))}"

    def nsec3_hash(self) -> str:
        return base64.b32hexencode(self.rng.randbytes(20)).decode("ascii").rstrip("=")


# -- message helpers -----------------------------------------------------------------------------


def _response(
    qname: str,
    qtype: str,
    *,
    edns: bool = True,
    do: bool = False,
    options: Iterable[dns.edns.Option] = (),
    aa: bool = True,
    rcode: int = dns.rcode.NOERROR,
) -> dns.message.Message:
    query = dns.message.make_query(qname, qtype, use_edns=0 if edns else False, want_dnssec=do)
    resp = dns.message.make_response(query)
    if edns:
        resp.use_edns(0, dns.flags.DO if do else 0, 1232, options=list(options))
    if aa:
        resp.flags |= dns.flags.AA
    else:
        resp.flags &= ~dns.flags.AA
    resp.set_rcode(rcode)
    return resp


def _add(section: list[dns.rrset.RRset], name: str, ttl: int, rdtype: str, *rdatas: str) -> None:
    section.append(dns.rrset.from_text(name + ".", ttl, "IN", rdtype, *rdatas))


def _soa(zone: str, serial: int) -> str:
    return f"ns1.{zone}. hostmaster.{zone}. {serial} 7200 3600 1209600 3600"


def _v4(rng: random.Random) -> str:
    return f"{rng.choice(('198.51.100', '203.0.113'))}.{rng.randrange(1, 255)}"


def _v6(rng: random.Random) -> str:
    return f"2001:db8:{rng.randrange(0x10000):x}::{rng.randrange(1, 0x10000):x}"


# -- categories ------------------------------------------------------------------------------------


def _plain(rng: random.Random) -> list[dns.message.Message]:
    out = []
    hosts = ("www", "api", "static", "login", "img", "m", "mail", "app")
    for i, host in enumerate(hosts):
        zone = _ZONES[i % len(_ZONES)]
        qname = f"{host}.{zone}"
        qtype = "AAAA" if i % 3 == 2 else "A"
        resp = _response(qname, qtype, edns=i % 5 != 4)
        owner = qname
        for hop in range(i % 4):  # a CNAME chain of 0 to 3 hops
            target = f"{host}-{hop}.edge{hop}.cdn.example"
            _add(resp.answer, owner, 300, "CNAME", target + ".")
            owner = target
        count = 1 + (i % 4)
        addrs = [_v6(rng) if qtype == "AAAA" else _v4(rng) for _ in range(count)]
        _add(resp.answer, owner, 60, qtype, *addrs)
        out.append(resp)
    return out


def _referral(rng: random.Random) -> list[dns.message.Message]:
    out = []
    for i, zone in enumerate(_ZONES):
        child = f"sub{i}.{zone}"
        resp = _response(f"www.{child}", "A", aa=False)
        nservers = [f"ns{k}.{child}" for k in range(1, 3 + i % 3)]
        _add(resp.authority, child, 86400, "NS", *(n + "." for n in nservers))
        for ns in nservers:
            _add(resp.additional, ns, 86400, "A", _v4(rng))
            if i % 2 == 0:
                _add(resp.additional, ns, 86400, "AAAA", _v6(rng))
        out.append(resp)
    return out


def _negative(rng: random.Random) -> list[dns.message.Message]:
    out = []
    for i, zone in enumerate(_ZONES):
        nx = i % 2 == 0
        qname = f"{'nosuch' if nx else 'www'}{i}.{zone}"
        qtype = ("A", "AAAA", "MX", "TXT")[i % 4]
        resp = _response(qname, qtype, rcode=dns.rcode.NXDOMAIN if nx else dns.rcode.NOERROR)
        _add(resp.authority, zone, 3600, "SOA", _soa(zone, 2026030100 + rng.randrange(100)))
        out.append(resp)
    return out


def _edns(rng: random.Random) -> list[dns.message.Message]:
    out = []
    for i, zone in enumerate(_ZONES[:4]):
        cookie = dns.edns.CookieOption(rng.randbytes(8), rng.randbytes(16))
        body = f"host{i}.{zone}"
        resp = _response(body, "A", do=True, options=[cookie])
        _add(resp.answer, body, 300, "A", *(_v4(rng) for _ in range(1 + i % 2)))
        # RFC 8467: pad responses to a multiple of 468 octets.
        unpadded = len(resp.to_wire()) + 4
        pad = dns.edns.GenericOption(dns.edns.OptionType.PADDING, bytes(-unpadded % 468))
        resp.use_edns(0, dns.flags.DO, 1232, options=[cookie, pad])
        out.append(resp)
    return out


def _txt(rng: random.Random) -> list[dns.message.Message]:
    out = []
    for i, zone in enumerate(_ZONES[:4]):
        resp = _response(zone, "TXT")
        strings = []
        for k in range(2 + i % 3):
            words = [f"include:_spf{k}{j}.{zone}" for j in range(12)]
            words += [f"ip4:{_v4(rng)}/32" for _ in range(8)]
            words += [f"ip6:{_v6(rng)}/64" for _ in range(4)]
            text = ("v=spf1 " if k == 0 else "") + " ".join(words)
            strings.append(f'"{text[:255]}"')
        spf = " ".join(strings)
        verification = f'"site-verification={rng.randbytes(24).hex()}"'
        _add(resp.answer, zone, 3600, "TXT", spf, verification)
        out.append(resp)
    return out


def _mx_srv(rng: random.Random) -> list[dns.message.Message]:
    out = []
    for i, zone in enumerate(_ZONES[:4]):
        if i % 2 == 0:
            resp = _response(zone, "MX")
            hosts = [f"mx{k}.{zone}" for k in range(1, 4 + i)]
            _add(resp.answer, zone, 3600, "MX", *(f"{10 * k} {h}." for k, h in enumerate(hosts, 1)))
        else:
            qname = f"_sip._tcp.{zone}"
            resp = _response(qname, "SRV")
            hosts = [f"sip{k}.{zone}" for k in range(1, 4 + i)]
            _add(
                resp.answer,
                qname,
                600,
                "SRV",
                *(f"{10 + k // 2} {60 - 10 * k} 5060 {h}." for k, h in enumerate(hosts)),
            )
        _add(resp.authority, zone, 86400, "NS", f"ns1.{zone}.", f"ns2.{zone}.")
        for h in hosts:
            _add(resp.additional, h, 3600, "A", _v4(rng))
            _add(resp.additional, h, 3600, "AAAA", _v6(rng))
        out.append(resp)
    return out


def _dnssec(rng: random.Random) -> list[dns.message.Message]:
    forge = _Forge(rng.randrange(1 << 30))
    out = []
    # Signed positive answers: RRSIG over A, AAAA and MX (one zone RSA, one ECDSA).
    for i, (zone, qtype) in enumerate(
        (
            ("example.com", "A"),
            ("example.net", "AAAA"),
            ("example.org", "MX"),
            ("shop.example", "A"),
        )
    ):
        alg = 8 if i % 2 == 0 else 13
        tag = 20000 + i
        qname = zone if qtype == "MX" else f"www.{zone}"
        resp = _response(qname, qtype, do=True)
        if qtype == "MX":
            data = [f"{10 * k} mx{k}.{zone}." for k in range(1, 3)]
        elif qtype == "AAAA":
            data = [_v6(rng) for _ in range(2)]
        else:
            data = [_v4(rng) for _ in range(2)]
        _add(resp.answer, qname, 300, qtype, *data)
        _add(
            resp.answer,
            qname,
            300,
            "RRSIG",
            forge.rrsig(qtype, qname, 300, signer=zone, alg=alg, tag=tag),
        )
        _add(resp.authority, zone, 86400, "NS", f"ns1.{zone}.", f"ns2.{zone}.")
        _add(
            resp.authority,
            zone,
            86400,
            "RRSIG",
            forge.rrsig("NS", zone, 86400, signer=zone, alg=alg, tag=tag),
        )
        out.append(resp)
    # DNSKEY sets: KSK + one or two ZSKs, signed by the KSK.
    for i, zone in enumerate(("example.com", "example.net")):
        alg = 8 if i == 0 else 13
        resp = _response(zone, "DNSKEY", do=True)
        keys = [forge.dnskey(257, alg)] + [forge.dnskey(256, alg) for _ in range(1 + i)]
        _add(resp.answer, zone, 3600, "DNSKEY", *keys)
        _add(
            resp.answer,
            zone,
            3600,
            "RRSIG",
            forge.rrsig("DNSKEY", zone, 3600, signer=zone, alg=alg, tag=30000 + i),
        )
        out.append(resp)
    # DS at the parent, signed.
    for i, zone in enumerate(("example.com", "corp.test")):
        parent = zone.split(".", 1)[1]
        resp = _response(zone, "DS", do=True)
        _add(resp.answer, zone, 86400, "DS", f"{30000 + i} 13 2 {forge.hex(32)}")
        _add(
            resp.answer,
            zone,
            86400,
            "RRSIG",
            forge.rrsig("DS", zone, 86400, signer=parent, alg=13, tag=40000 + i),
        )
        out.append(resp)
    # Signed NXDOMAIN with NSEC3 (closest encloser, next closer, wildcard), and a signed NODATA
    # with NSEC.
    for i, zone in enumerate(("example.org", "cdn.example")):
        resp = _response(f"nosuch.{zone}", "A", do=True, rcode=dns.rcode.NXDOMAIN)
        _add(resp.authority, zone, 3600, "SOA", _soa(zone, 2026030100 + i))
        _add(
            resp.authority,
            zone,
            3600,
            "RRSIG",
            forge.rrsig("SOA", zone, 3600, signer=zone, alg=13, tag=50000 + i),
        )
        for _ in range(3):
            owner = f"{forge.nsec3_hash()}.{zone}"
            types = "A NS SOA MX TXT AAAA RRSIG DNSKEY NSEC3PARAM" if i == 0 else "A AAAA RRSIG"
            _add(resp.authority, owner, 3600, "NSEC3", f"1 0 0 - {forge.nsec3_hash()} {types}")
            _add(
                resp.authority,
                owner,
                3600,
                "RRSIG",
                forge.rrsig("NSEC3", owner, 3600, signer=zone, alg=13, tag=50000 + i),
            )
        out.append(resp)
    zone = "example.com"
    resp = _response(f"www.{zone}", "MX", do=True)
    _add(resp.authority, zone, 3600, "SOA", _soa(zone, 2026030101))
    _add(
        resp.authority,
        zone,
        3600,
        "RRSIG",
        forge.rrsig("SOA", zone, 3600, signer=zone, alg=8, tag=20000),
    )
    _add(resp.authority, f"www.{zone}", 3600, "NSEC", f"xmpp.{zone}. A AAAA RRSIG NSEC")
    _add(
        resp.authority,
        f"www.{zone}",
        3600,
        "RRSIG",
        forge.rrsig("NSEC", f"www.{zone}", 3600, signer=zone, alg=8, tag=20000),
    )
    out.append(resp)
    # A signed referral: NS + DS + RRSIG(DS) in authority, glue in additional.
    child = "sub.example.net"
    resp = _response(f"www.{child}", "A", do=True, aa=False)
    _add(resp.authority, child, 86400, "NS", f"ns1.{child}.", f"ns2.{child}.")
    _add(resp.authority, child, 86400, "DS", f"41000 13 2 {forge.hex(32)}")
    _add(
        resp.authority,
        child,
        86400,
        "RRSIG",
        forge.rrsig("DS", child, 86400, signer="example.net", alg=13, tag=20001),
    )
    _add(resp.additional, f"ns1.{child}", 86400, "A", _v4(rng))
    _add(resp.additional, f"ns2.{child}", 86400, "AAAA", _v6(rng))
    out.append(resp)
    return out


_BUILDERS: dict[str, Callable[[random.Random], list[dns.message.Message]]] = {
    "plain": _plain,
    "negative": _negative,
    "referral": _referral,
    "edns": _edns,
    "mx_srv": _mx_srv,
    "txt": _txt,
    "dnssec": _dnssec,
}


def _count(msg: dns.message.Message) -> int:
    return sum(
        len(rrset) for section in (msg.answer, msg.authority, msg.additional) for rrset in section
    )


def build_corpus(size: int = 500, seed: int = 2026) -> Corpus:
    """Build the corpus: the distinct messages, and a weighted sequence of about *size*."""
    rng = random.Random(seed)
    corpus = Corpus()
    for cat in WEIGHTS:
        for msg in _BUILDERS[cat](rng):
            msg.id = rng.randrange(0x10000)
            corpus.samples.append(
                Sample(cat, msg.to_wire(max_size=65535, want_shuffle=False), _count(msg))
            )
    total_weight = sum(WEIGHTS.values())
    for cat, weight in WEIGHTS.items():
        distinct = [s for s in corpus.samples if s.category == cat]
        n = max(len(distinct), round(size * weight / total_weight))
        corpus.weighted.extend(distinct[k % len(distinct)] for k in range(n))
    rng.shuffle(corpus.weighted)
    corpus.dnssec = [s for s in corpus.weighted if s.category == "dnssec"]
    return corpus
