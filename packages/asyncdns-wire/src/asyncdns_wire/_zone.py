"""Records from presentation text: one record (:func:`rr_from_text`) or a whole zone file
(:func:`parse_zone`, with ``$ORIGIN``, ``$TTL`` and owner inheritance)."""

from __future__ import annotations

from ._constants import RRClass, RRType, rrclass_from_text, rrtype_from_text
from ._errors import TextSyntaxError
from ._names import ROOT
from ._text import Token, Tokens, absolute_name, split_records, tokenize
from ._ttl import ttl_from_text
from .rr._base import RR, lookup_class, parse_rdata_text

__all__ = ["parse_zone", "rr_from_text"]

IN = int(RRClass.IN)


def _is_ttl(text: str) -> bool:
    if text.isascii() and text.isdigit():
        return True
    try:
        ttl_from_text(text)
    except TextSyntaxError:
        return False
    return True


def _record(
    tokens: list[Token],
    owner: bytes,
    origin: bytes,
    default_ttl: int | None,
    default_class: int,
) -> RR:
    ttl: int | None = None
    rr_class: int | None = None
    pos = 0
    for _ in range(2):
        if pos >= len(tokens):
            break
        text = tokens[pos].text
        if ttl is None and _is_ttl(text):
            ttl = ttl_from_text(text)
            pos += 1
            continue
        if rr_class is None:
            try:
                rr_class = rrclass_from_text(text)
            except ValueError:
                break
            pos += 1
    if pos >= len(tokens):
        raise TextSyntaxError("missing record type")
    try:
        rr_type = rrtype_from_text(tokens[pos].text)
    except ValueError as exc:
        raise TextSyntaxError(str(exc)) from None
    if rr_class is None:
        rr_class = default_class
    cls = lookup_class(rr_type, rr_class)
    rdata = Tokens(tokens[pos + 1 :], origin)
    if ttl is None:
        if default_ttl is None:
            if rr_type != RRType.SOA:
                raise TextSyntaxError("record has no TTL and no $TTL is in force")
            # An SOA with no TTL in force takes its MINIMUM, as BIND and dnspython read it.
            soa = parse_rdata_text(cls, owner, 0, rr_type, rr_class, rdata)
            minimum = getattr(soa, "minimum", None)
            if not isinstance(minimum, int):
                raise TextSyntaxError("record has no TTL and no $TTL is in force")
            soa.ttl = minimum
            return soa
        ttl = default_ttl
    return parse_rdata_text(cls, owner, ttl, rr_type, rr_class, rdata)


def rr_from_text(
    text: str,
    *,
    origin: str | bytes = ROOT,
    default_ttl: int | None = None,
    default_class: int = IN,
) -> RR:
    """Parse one record, e.g. ``"www.example.com. 300 IN A 198.51.100.7"``.

    Owner names without a trailing dot are relative to *origin*. The TTL and class may be left
    out when *default_ttl* / *default_class* supply them. Unknown types use RFC 3597's
    ``TYPE1234 \\# 2 abcd``.

    Raises:
        TextSyntaxError: the text is not a valid record.
    """
    base = absolute_name(origin if isinstance(origin, str) else origin.decode("ascii"), ROOT)
    tokens = tokenize(text)
    if not tokens:
        raise TextSyntaxError("empty record text")
    owner = absolute_name(tokens[0].text, base)
    return _record(tokens[1:], owner, base, default_ttl, default_class)


def parse_zone(
    text: str,
    *,
    origin: str | bytes = ROOT,
    default_ttl: int | None = None,
    default_class: int = IN,
) -> list[RR]:
    """Parse zone-file text into records (``$ORIGIN``, ``$TTL``, ``@``, blank owners).

    A record without a TTL takes ``$TTL`` (or *default_ttl*) when one is in force, else the
    TTL of the record before it (an SOA with neither: its MINIMUM); one without a class takes
    the class of the record before it (RFC 1035 section 5.1, RFC 2308 section 4), as BIND and
    dnspython read zone files.

    Raises:
        TextSyntaxError: a line does not parse; the message quotes it.
    """
    base = absolute_name(origin if isinstance(origin, str) else origin.decode("ascii"), ROOT)
    ttl = default_ttl
    last_ttl: int | None = None
    last_class = default_class
    records: list[RR] = []
    owner: bytes | None = None
    for line in split_records(text):
        tokens = tokenize(line)
        if not tokens:
            continue
        head = tokens[0].text.upper()
        if head == "$ORIGIN" and len(tokens) == 2:
            base = absolute_name(tokens[1].text, base)
            continue
        if head == "$TTL" and len(tokens) == 2:
            ttl = ttl_from_text(tokens[1].text)
            continue
        if head.startswith("$"):
            raise TextSyntaxError("unsupported directive", line)
        try:
            if line[:1] in (" ", "\t"):
                if owner is None:
                    raise TextSyntaxError("first record has no owner name")
                rest = tokens
            else:
                owner = absolute_name(tokens[0].text, base)
                rest = tokens[1:]
            record = _record(rest, owner, base, last_ttl if ttl is None else ttl, last_class)
        except TextSyntaxError as exc:
            raise TextSyntaxError(exc.reason, line) from None
        records.append(record)
        last_ttl, last_class = record.ttl, record.rr_class
    return records
