"""Obsolete and experimental records that still have a presentation format: NXT (RFC 2535),
EID and NIMLOC (Nimrod), ATMA (ATM Forum af-dans-0152.000) and SINK (the "kitchen sink"
draft). Their text is what BIND prints: NXT lists the types, EID and NIMLOC are hex, ATMA is
an AESA in hex or ``+`` and E.164 digits, SINK is three numbers and base64."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from typing import Any

from .._constants import rrtype_from_text, rrtype_to_text
from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import HeadBlobRR, read_plain_name, types_tuple
from ._rdutil import as_bytes, generic_text

__all__ = ["ATMA", "EID", "NIMLOC", "NXT", "SINK", "HexRR"]

# -- NXT ----------------------------------------------------------------------------------------


def _nxt_types_from_wire(buf: bytes, off: int, end: int) -> tuple[int, ...]:
    """The types in the RFC 2535 bitmap ``buf[off:end]``: bit N set means type N is present.

    Raises:
        ValueError: the bitmap is longer than 16 octets (types above 127), sets bit 0 (the
            extended format RFC 2535 reserves and never defined) or ends with a zero octet.
    """
    if off == end:
        return ()
    if end - off > 16:
        raise ValueError("NXT type bitmap longer than 16 octets")
    if buf[off] & 0x80:
        raise ValueError("NXT type bitmap sets bit 0 (the undefined extended format)")
    if buf[end - 1] == 0:
        raise ValueError("NXT type bitmap ends with a zero octet")
    bits = int.from_bytes(buf[off:end], "big")
    top = (end - off) * 8 - 1
    found = []
    while bits:
        low = bits & -bits
        found.append(top - low.bit_length() + 1)
        bits ^= low
    found.reverse()
    return tuple(found)


def _nxt_type_text(rr_type_: int) -> str:
    """A type as BIND lists it in NXT: its mnemonic, or the bare number when it has none."""
    text = rrtype_to_text(rr_type_)
    return str(rr_type_) if text == f"TYPE{rr_type_}" else text


@rr_type(30)
class NXT(RR):
    """The old DNSSEC "next" record (RFC 2535 section 5): the next name in the zone and the
    types present at the owner, in a plain bitmap that covers types 1 to 127.

    The next name may arrive compressed (RFC 3597 section 4 allows it for NXT) but is always
    written uncompressed. In text, types without a mnemonic are bare numbers, as BIND shows
    them (``host.example. A 54 127``); ``TYPEnnn`` and numbers both parse.

    Attributes:
        next_name: the next owner name in the zone (``bytes``).
        types: the types present at the owner (sorted tuple of ``int``, each 1..127).
    """

    __slots__ = ("next_name", "types")
    _fields = ("next_name", "types")
    next_name: bytes
    types: tuple[int, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        next_name: str | bytes,
        types: Iterable[int | str] = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 30, rr_class, ttl)
        self.next_name = name_from_text(next_name)
        self.types = types_tuple(types)
        for t in self.types:
            if not 1 <= t <= 127:
                raise ValueError(f"an NXT bitmap holds types 1 to 127, not {t}")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NXT, int]:
        rr = cls.__new__(cls)
        rr.next_name, off = read_plain_name(buf, off, end, names, compressed=True)
        rr.types = _nxt_types_from_wire(buf, off, end)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.name(self.next_name, compress=False)
        if self.types:
            bits = 0
            for t in self.types:
                bits |= 1 << (127 - t)
            length = self.types[-1] // 8 + 1
            writer.raw((bits >> (128 - 8 * length)).to_bytes(length, "big"))

    def rdata_to_text(self) -> str:
        return " ".join([name_to_text(self.next_name), *map(_nxt_type_text, self.types)])

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        next_name = tokens.name("a next name")
        types = []
        for tok in tokens.remaining():
            try:
                value = (
                    int(tok.text)
                    if tok.text.isascii() and tok.text.isdigit()
                    else rrtype_from_text(tok.text)
                )
            except ValueError:
                raise TextSyntaxError("unknown RR type in NXT bitmap", tok.text) from None
            if not 1 <= value <= 127:
                raise TextSyntaxError("an NXT bitmap holds types 1 to 127", tok.text)
            types.append(value)
        return (next_name, types)

    unicode_next_name = unicode_property("next_name")


# -- EID and NIMLOC -------------------------------------------------------------------------------


class HexRR(HeadBlobRR):
    """Base of the records whose RDATA is one opaque blob shown in hex (EID, NIMLOC); the
    hex twin of :class:`~asyncdns_wire.rr.Base64RR`.

    Attributes:
        data: the RDATA octets (never empty); upper-case hex in text, split like dig splits it.
    """

    __slots__ = ("data",)
    _fields = ("data",)
    _blob_text = "hex"
    data: bytes

    def __init__(self, name: str | bytes, ttl: int, data: bytes, *, rr_class: int = IN) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self._set(data)


@rr_type(31, IN)
class EID(HexRR):
    """A Nimrod endpoint identifier (draft-ietf-nimrod-dns, never published; class IN as
    BIND has it): ``data`` is the identifier."""

    __slots__ = ()


@rr_type(32, IN)
class NIMLOC(HexRR):
    """A Nimrod locator (draft-ietf-nimrod-dns, never published; class IN as BIND has it):
    ``data`` is the locator."""

    __slots__ = ()


# -- ATMA -----------------------------------------------------------------------------------------

#: An AESA in text: hex digits, single dots allowed between them.
_AESA_TEXT = re.compile(r"[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]+)*")
#: An E.164 number in text: ``+`` then decimal digits, single dots allowed between them.
_E164_TEXT = re.compile(r"\+[0-9]+(?:\.[0-9]+)*")
_E164 = re.compile(rb"[0-9]+")


@rr_type(34, IN)
class ATMA(RR):
    """An ATM address (ATM Forum af-dans-0152.000; class IN).

    Text is what BIND prints: format 0 (an ATM End System Address) as lower-case hex, format 1
    (E.164) as ``+`` and the digits. Other formats have no text form and print in RFC 3597's
    ``\\#`` form, as dig prints them.

    Attributes:
        format: 0 AESA, 1 E.164; other values are kept as they are.
        address: the address octets (at least one): the AESA itself (normally 20 octets) or the
            E.164 number's ASCII digits (``str`` is accepted and encoded).
    """

    __slots__ = ("address", "format")
    _fields = ("format", "address")
    format: int
    address: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        format: int,
        address: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 34, rr_class, ttl)
        self.format = _check_u(format, 8, "format")
        self.address = as_bytes(address, "address", limit=0xFFFE)
        self._check()

    def _check(self) -> None:
        if not self.address:
            raise ValueError("an ATMA address must not be empty")
        if self.format == 1 and _E164.fullmatch(self.address) is None:
            raise ValueError("an E.164 ATMA address is decimal digits only")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[ATMA, int]:
        if off >= end:
            raise ValueError("empty ATMA RDATA")
        rr = cls.__new__(cls)
        rr.format = buf[off]
        rr.address = buf[off + 1 : end]
        rr._check()
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.u8(self.format)
        writer.raw(self.address)

    def rdata_to_text(self) -> str:
        if self.format == 0:
            return self.address.hex()
        if self.format == 1:
            return "+" + self.address.decode("ascii")
        return generic_text(self.rdata_to_wire())

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        text = tokens.string("an ATM address")
        if text.startswith("+"):
            if _E164_TEXT.fullmatch(text) is None:
                raise TextSyntaxError("an E.164 ATM address is + and digits", text)
            return (1, text[1:].replace(".", "").encode("ascii"))
        digits = text.replace(".", "")
        if _AESA_TEXT.fullmatch(text) is None or len(digits) % 2:
            raise TextSyntaxError("an AESA ATM address is an even number of hex digits", text)
        return (0, bytes.fromhex(digits))


# -- SINK -----------------------------------------------------------------------------------------


@rr_type(40)
class SINK(HeadBlobRR):
    """The "kitchen sink" record (draft-eastlake-kitchen-sink, expired): typed data of any kind.

    Attributes:
        meaning: what the data means (the draft's registry; 0 reserved).
        coding: how the data is encoded.
        subcoding: the coding's variant.
        data: the data (``bytes``, may be empty; base64 in text).
    """

    __slots__ = ("coding", "data", "meaning", "subcoding")
    _fields = ("meaning", "coding", "subcoding", "data")
    _head = struct.Struct(">BBB")
    _blob_text = "base64"
    meaning: int
    coding: int
    subcoding: int
    data: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        meaning: int,
        coding: int,
        subcoding: int,
        data: bytes = b"",
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 40, rr_class, ttl)
        self._set(meaning, coding, subcoding, data)

    def _check(self) -> None:
        """Any data, none included, is valid."""
