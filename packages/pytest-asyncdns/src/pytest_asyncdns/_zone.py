"""Zones for the fake servers: parsed with dnslib, stored as plain lists of ``dnslib.RR``.

A zone can be given as zone-file text (``$ORIGIN`` and ``$TTL`` are honoured), as a list of
``dnslib.RR`` objects, or as a list of ``(name, rrtype, rdata)`` / ``(name, rrtype, rdata, ttl)``
tuples whose rdata is written the way a zone file writes it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from dnslib import CLASS, DNAME, QTYPE, RD, RDMAP, RR, DNSLabel, ZoneParser

#: A record as a tuple: ``(name, rrtype, rdata)`` or ``(name, rrtype, rdata, ttl)``.
RecordTuple: TypeAlias = tuple[str, str, str] | tuple[str, str, str, int]
#: Anything :func:`make_zone` accepts: zone text, a :class:`Zone`, or records.
ZoneSpec: TypeAlias = "str | Zone | Sequence[Any]"

DEFAULT_TTL = 3600
_SYNTHETIC_SOA = "ns.invalid. hostmaster.invalid. 1 3600 600 86400 300"


class _DName(DNAME):  # type: ignore[misc]
    """DNAME rdata packed without name compression (RFC 6672 section 2.5)."""

    def pack(self, buffer: Any) -> None:
        buffer.encode_name_nocompress(self.label)


#: The rdata fields that hold a domain name, by type (zone text and record tuples).
_NAME_FIELDS = {
    "CNAME": (0,),
    "DNAME": (0,),
    "NS": (0,),
    "PTR": (0,),
    "MX": (1,),
    "SRV": (3,),
    "SOA": (0, 1),
    "HTTPS": (1,),
    "SVCB": (1,),
}
#: The types whose names dnslib's ``fromZone`` takes without completing them from ``$ORIGIN``
#: (it would serve ``SRV 0 0 631 www`` with the target ``www.``).
_UNQUALIFIED = ("SRV", "HTTPS", "SVCB")


class _Parser(ZoneParser):  # type: ignore[misc]
    """dnslib's zone parser, plus the DNAME type it lacks, completing the relative names that
    dnslib leaves as they are in SRV, SVCB and HTTPS records."""

    def parse_rr(self, rr: list[str]) -> Any:
        label = self.parse_label(rr.pop(0))
        ttl = int(rr.pop(0)) if rr[0].isdigit() else self.ttl
        rclass = rr.pop(0) if rr[0] in ("IN", "CH", "HS") else "IN"
        rtype = rr.pop(0)
        if rtype in _UNQUALIFIED:
            for field in _NAME_FIELDS[rtype]:
                if field < len(rr) and rr[field] != ".":
                    rr[field] = str(self.parse_label(rr[field]))
        rd = _DName if rtype == "DNAME" else RDMAP.get(rtype, RD)
        return RR(
            rname=label,
            ttl=ttl,
            rclass=getattr(CLASS, rclass),
            rtype=getattr(QTYPE, rtype),
            rdata=rd.fromZone(rr, self.origin),
        )


def parse_zone_text(text: str, origin: str = "", ttl: int = DEFAULT_TTL) -> list[Any]:
    """Parse zone-file text into ``dnslib.RR`` objects (``$ORIGIN``/``$TTL`` honoured).

    The text is dedented first, so an indented triple-quoted string in a test works; inside it,
    a line indented further than the rest still continues the previous owner name.
    """
    return list(_Parser(textwrap.dedent(text).strip("\n") + "\n", origin=origin, ttl=ttl))


def to_label(name: str | DNSLabel) -> DNSLabel:
    """Return *name* as a ``DNSLabel`` (a trailing dot is optional)."""
    return name if isinstance(name, DNSLabel) else DNSLabel(name)


def is_subdomain(name: DNSLabel, parent: DNSLabel) -> bool:
    """True when *name* equals *parent* or lies below it (case-insensitive)."""
    if len(parent.label) > len(name.label):
        return False
    if not parent.label:
        return True
    tail = name.label[-len(parent.label) :]
    return [x.lower() for x in tail] == [x.lower() for x in parent.label]


def _key(name: DNSLabel) -> tuple[bytes, ...]:
    return tuple(x.lower() for x in name.label)


def _common_suffix(names: Sequence[DNSLabel]) -> DNSLabel:
    keys = [_key(n) for n in names]
    suffix: list[bytes] = []
    for parts in zip(*(reversed(k) for k in keys), strict=False):
        if all(p == parts[0] for p in parts):
            suffix.insert(0, parts[0])
        else:
            break
    return DNSLabel(suffix)


def _absolute(name: str, origin: DNSLabel) -> str:
    """*name* with a trailing dot when it is written in full (at or below *origin*), so the
    origin is not appended a second time; a name outside *origin* stays relative to it."""
    if name.endswith(".") or name == "@" or not origin.label:
        return name
    return f"{name}." if is_subdomain(DNSLabel(name), origin) else name


def records_from_tuples(
    items: Iterable[Any], origin: str = "", ttl: int = DEFAULT_TTL
) -> list[Any]:
    """Turn ``dnslib.RR`` objects and record tuples into a list of ``dnslib.RR``.

    With an *origin*, a name in a tuple (the owner, or a name in the rdata of CNAME, DNAME, NS,
    PTR, MX, SRV, SOA, HTTPS and SVCB) that is at or below the origin is taken as written in full,
    ``"www.example.test"`` as ``www.example.test.``; any other name without a trailing dot
    is relative to the origin (``"www"``). Without an origin every name is absolute.
    """
    base = DNSLabel(origin) if origin else DNSLabel(())
    out: list[Any] = []
    for item in items:
        if isinstance(item, RR):
            out.append(item)
            continue
        if not isinstance(item, tuple) or len(item) not in (3, 4):
            raise TypeError(
                f"a record must be a dnslib.RR or (name, rrtype, rdata[, ttl]): {item!r}"
            )
        name, rrtype, rdata = _absolute(str(item[0]), base), str(item[1]).upper(), str(item[2])
        fields = _NAME_FIELDS.get(rrtype, ())
        if fields:
            words = rdata.split()
            for index in fields:
                if index < len(words):
                    words[index] = _absolute(words[index], base)
            rdata = " ".join(words)
        rr_ttl = int(item[3]) if len(item) == 4 else ttl
        line = f"{name} {rr_ttl} IN {rrtype} {rdata}"
        parsed = parse_zone_text(line, origin=origin, ttl=rr_ttl)
        if len(parsed) != 1:
            raise ValueError(f"cannot parse record {item!r}")
        out.append(parsed[0])
    return out


class Zone:
    """One authoritative zone: an origin and its records (``dnslib.RR`` objects).

    Records may lie below delegation points (they then act as glue) and even outside the
    zone (served only as glue: that is how out-of-bailiwick glue is modelled). A zone
    without an SOA record gets a synthetic one so negative answers always carry an SOA.
    """

    def __init__(self, origin: str | DNSLabel, records: Iterable[Any] = ()) -> None:
        self.origin: DNSLabel = to_label(origin)
        self.records: list[Any] = list(records)
        if self.soa is None:
            self.records.insert(
                0, parse_zone_text(f"{self.origin} {DEFAULT_TTL} IN SOA {_SYNTHETIC_SOA}")[0]
            )
        self._index()

    @classmethod
    def from_text(cls, text: str, origin: str | None = None, ttl: int = DEFAULT_TTL) -> Zone:
        """Parse zone-file *text*; the origin is *origin*, else the SOA owner, else inferred."""
        records = parse_zone_text(text, origin=origin or "", ttl=ttl)
        return cls(_infer_origin(records, origin), records)

    @classmethod
    def from_records(
        cls, records: Iterable[Any], origin: str | None = None, ttl: int = DEFAULT_TTL
    ) -> Zone:
        """Build a zone from ``dnslib.RR`` objects and/or record tuples."""
        rrs = records_from_tuples(records, origin or "", ttl)
        return cls(_infer_origin(rrs, origin), rrs)

    def _index(self) -> None:
        self._nodes: dict[tuple[bytes, ...], list[Any]] = {}
        self._existing: set[tuple[bytes, ...]] = set()
        for rr in self.records:
            key = _key(rr.rname)
            self._nodes.setdefault(key, []).append(rr)
            # Every ancestor down to the origin exists (empty non-terminals included).
            for i in range(len(key) + 1):
                self._existing.add(key[i:])

    def add(self, *records: Any) -> None:
        """Add ``dnslib.RR`` objects or record tuples to the zone."""
        self.records.extend(records_from_tuples(records, str(self.origin)))
        self._index()

    @property
    def soa(self) -> Any | None:
        """The SOA record at the apex, or ``None``."""
        for rr in self.records:
            if rr.rtype == QTYPE.SOA and _key(rr.rname) == _key(self.origin):
                return rr
        return None

    def rrset(self, name: DNSLabel, rrtype: int) -> list[Any]:
        """The records of *rrtype* owned by *name* (``QTYPE.ANY`` returns every record)."""
        node = self._nodes.get(_key(name), [])
        if rrtype == QTYPE.ANY:
            return list(node)
        return [rr for rr in node if rr.rtype == rrtype]

    def has_node(self, name: DNSLabel) -> bool:
        """True when *name* owns records or is an empty non-terminal."""
        return _key(name) in self._existing

    def contains(self, name: DNSLabel) -> bool:
        """True when *name* is at or below the origin."""
        return is_subdomain(name, self.origin)

    def text(self) -> str:
        """The zone as zone-file text (one record a line, with ``$ORIGIN``)."""
        lines = [f"$ORIGIN {self.origin}"]
        lines.extend(rr.toZone() for rr in self.records)
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"<Zone {self.origin} ({len(self.records)} records)>"


def _infer_origin(records: Sequence[Any], origin: str | None) -> DNSLabel:
    if origin is not None:
        return DNSLabel(origin)
    for rr in records:
        if rr.rtype == QTYPE.SOA:
            return DNSLabel(rr.rname)
    if not records:
        raise ValueError("cannot infer the origin of an empty zone; pass origin=")
    owners = [DNSLabel(rr.rname) for rr in records]
    suffix = _common_suffix(owners)
    if len({_key(o) for o in owners}) == 1 and len(suffix.label) > 1:
        # A single owner name: serve its parent so siblings get NXDOMAIN, not REFUSED.
        suffix = DNSLabel(suffix.label[1:])
    return suffix


def make_zone(spec: Any, origin: str | None = None, ttl: int = DEFAULT_TTL) -> Zone:
    """Build a :class:`Zone` from zone text, records, or an existing :class:`Zone`."""
    if isinstance(spec, Zone):
        return spec
    if isinstance(spec, str):
        return Zone.from_text(spec, origin=origin, ttl=ttl)
    if isinstance(spec, RR) or (isinstance(spec, tuple) and spec and isinstance(spec[0], str)):
        spec = [spec]
    return Zone.from_records(spec, origin=origin, ttl=ttl)
