"""The field codecs the security record types share (``_dnssec``, ``_nsec``, ``_certs``,
``_svcb``): type bitmaps, hex and base64 fields split the way ``dig`` splits them, byte-field
checks, names that must not be compressed, DNSSEC algorithm mnemonics, and :class:`HeadBlobRR`,
the base of every record that is a few integers followed by one opaque blob.

Type bitmaps (RFC 4034 section 4.1.2) are the list of RR types that NSEC, NSEC3 and CSYNC carry.

On the wire a bitmap is a series of windows: window number (the high octet of the types in it),
length (1 to 32), then the bits, most significant first. Windows come in increasing order and
none ends with a zero octet. In the API a bitmap is a sorted tuple of type numbers; in text it
is the type mnemonics (``A MX RRSIG NSEC TYPE1234``).
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Iterable
from typing import Any, ClassVar

from .._constants import rrtype_from_text, rrtype_to_text
from .._errors import TextSyntaxError
from .._names import NameCache, read_name
from .._text import Tokens, hex_text, split_text
from .._writer import Writer
from ._base import RR, _check_u

__all__ = [
    "ALGORITHMS",
    "HeadBlobRR",
    "algorithm_token",
    "as_data",
    "b64_decode",
    "b64_text",
    "bitmap_from_tokens",
    "bitmap_from_wire",
    "bitmap_to_text",
    "bitmap_to_wire",
    "check_length",
    "hex_text",
    "read_plain_name",
    "remaining_text",
    "split_text",
    "types_tuple",
]


def types_tuple(types: Iterable[int | str]) -> tuple[int, ...]:
    """RR types (numbers or mnemonics) as the sorted tuple of distinct numbers a bitmap holds.

    Raises:
        TypeError: an element is neither ``int`` nor ``str``, or *types* is a lone string.
        ValueError: a number outside 0..65535 or an unknown mnemonic.
    """
    if isinstance(types, (str, bytes)):
        raise TypeError("types must be an iterable of RR types, not a string")
    out = set()
    for t in types:
        if isinstance(t, str):
            out.add(rrtype_from_text(t))
        elif isinstance(t, int) and not isinstance(t, bool):
            if not 0 <= t <= 0xFFFF:
                raise ValueError(f"RR type {t} out of range")
            out.add(int(t))
        else:
            raise TypeError(f"an RR type must be int or str, not {type(t).__name__}")
    return tuple(sorted(out))


def bitmap_from_wire(buf: bytes, off: int, end: int) -> tuple[int, ...]:
    """Decode the bitmap in ``buf[off:end]`` (all of it) into a sorted tuple of types.

    Raises:
        ValueError: windows out of order, a bad window length, a trailing zero octet, or a
            window running past *end*.
    """
    types: list[int] = []
    last = -1
    while off < end:
        if off + 2 > end:
            raise ValueError("type bitmap window header runs past the RDATA")
        window = buf[off]
        length = buf[off + 1]
        if window <= last:
            raise ValueError("type bitmap windows out of order")
        if not 1 <= length <= 32:
            raise ValueError(f"type bitmap window length {length} not in 1..32")
        nxt = off + 2 + length
        if nxt > end:
            raise ValueError("type bitmap window runs past the RDATA")
        if buf[nxt - 1] == 0:
            raise ValueError("type bitmap window ends with a zero octet")
        bits = int.from_bytes(buf[off + 2 : nxt], "big")
        top = (window << 8) + length * 8 - 1
        found = []
        while bits:
            high = bits.bit_length() - 1
            found.append(top - high)
            bits ^= 1 << high
        types.extend(found)
        last = window
        off = nxt
    return tuple(types)


def bitmap_to_wire(writer: Writer, types: tuple[int, ...]) -> None:
    """Append the bitmap of *types* (sorted, distinct) to *writer*."""
    start = 0
    n = len(types)
    while start < n:
        window = types[start] >> 8
        stop = start
        bits = 0
        while stop < n and types[stop] >> 8 == window:
            bits |= 1 << (255 - (types[stop] & 0xFF))
            stop += 1
        length = (types[stop - 1] & 0xFF) // 8 + 1
        writer.u8(window)
        writer.u8(length)
        writer.raw((bits >> (256 - length * 8)).to_bytes(length, "big"))
        start = stop


def bitmap_to_text(types: tuple[int, ...]) -> str:
    """The types as dig lists them: mnemonics, ``TYPEnnn`` for types without one."""
    return " ".join([rrtype_to_text(t) for t in types])


def bitmap_from_tokens(tokens: Tokens) -> tuple[int, ...]:
    """Every remaining token read as an RR type.

    Raises:
        TextSyntaxError: a token names no type.
    """
    out = []
    for tok in tokens.remaining():
        try:
            out.append(rrtype_from_text(tok.text))
        except ValueError:
            raise TextSyntaxError("unknown RR type in type bitmap", tok.text) from None
    return types_tuple(out)


# -- fields shared by the security record modules ---------------------------------------------

#: DNSSEC algorithm mnemonics as BIND prints them (IANA "DNS Security Algorithm Numbers").
ALGORITHMS: dict[int, str] = {
    1: "RSAMD5",
    2: "DH",
    3: "DSA",
    5: "RSASHA1",
    6: "NSEC3DSA",
    7: "NSEC3RSASHA1",
    8: "RSASHA256",
    10: "RSASHA512",
    12: "ECCGOST",
    13: "ECDSAP256SHA256",
    14: "ECDSAP384SHA384",
    15: "ED25519",
    16: "ED448",
    252: "INDIRECT",
    253: "PRIVATEDNS",
    254: "PRIVATEOID",
}
_ALGORITHM_FROM_TEXT = {v: k for k, v in ALGORITHMS.items()} | {
    # Other spellings BIND and dnspython read (never printed).
    "ECC": 4,
    "DSA-NSEC3-SHA1": 6,
    "DSANSEC3SHA1": 6,
    "RSASHA1-NSEC3-SHA1": 7,
    "RSASHA1NSEC3SHA1": 7,
}


def b64_text(data: bytes) -> str:
    """Base64, split like dig splits it."""
    return split_text(base64.b64encode(data).decode("ascii"))


def b64_decode(text: str, what: str) -> bytes:
    """Strict base64 (padding required), or :class:`TextSyntaxError`."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise TextSyntaxError(f"bad {what}", text) from None


def as_data(value: object, what: str, *, empty: bool = False, limit: int = 0xFFFF) -> bytes:
    """*value* (bytes-like) as ``bytes``; non-empty unless *empty*, at most *limit* octets.

    Raises:
        TypeError: not bytes-like.
        ValueError: empty when it must not be, or too long.
    """
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes, not {type(value).__name__}")
    data = bytes(value)
    if not data and not empty:
        raise ValueError(f"{what} must not be empty")
    if len(data) > limit:
        raise ValueError(f"{what} is longer than {limit} octets")
    return data


def check_length(data: bytes, lengths: dict[int, int], kind: int, what: str) -> None:
    """Insist that *data* has the length *lengths* gives for a known *kind* (a digest type).

    Raises:
        ValueError: the length is wrong for the kind.
    """
    want = lengths.get(kind)
    if want is not None and len(data) != want:
        raise ValueError(f"{what} of type {kind} must be {want} octets, not {len(data)}")


def read_plain_name(
    buf: bytes, off: int, end: int, names: NameCache, *, compressed: bool = False
) -> tuple[bytes, int]:
    """The name at *off*, which must end inside the RDATA; compression pointers are refused
    unless *compressed* (RFC 3597 section 4 allows them only for the older types)."""
    if off >= end:
        raise ValueError("missing domain name")
    name, stop = read_name(buf, off, names)
    if stop > end:
        raise ValueError("domain name runs past the RDATA")
    if not compressed and names[off][1] != stop - off:
        raise ValueError("compressed domain name in RDATA that forbids compression")
    return name, stop


def algorithm_token(tokens: Tokens, what: str = "an algorithm") -> int:
    """A DNSSEC algorithm: a number or one of BIND's mnemonics (``RSASHA256``...)."""
    text = tokens.string(what)
    value = _ALGORITHM_FROM_TEXT.get(text.upper())
    if value is not None:
        return value
    return _small_int(text, 8, what)


def _small_int(text: str, bits: int, what: str) -> int:
    if not text.isdigit() or int(text) >= 1 << bits:
        raise TextSyntaxError(f"expected {what}", text)
    return int(text)


def remaining_text(tokens: Tokens) -> str:
    """Every token left, joined without spaces (hex and base64 may be split over several)."""
    return "".join(t.text for t in tokens.remaining())


# -- integers then one blob -------------------------------------------------------------------

_BITS = {"B": 8, "H": 16, "I": 32}


class HeadBlobRR(RR):
    """Base of the records whose RDATA is fixed-width unsigned integers, then one opaque blob
    to the end (DS, DNSKEY, CERT, SSHFP, TLSA, ZONEMD, DHCID...).

    A subclass declares the integers' :class:`struct.Struct` format in ``_head`` (in
    ``_fields`` order, the blob being the last field), shows the blob as ``_blob_text``
    (``"hex"`` or ``"base64"``, split like dig splits it) and adds rules in :meth:`_check`.
    """

    __slots__ = ()
    _head: ClassVar[struct.Struct] = struct.Struct(">")
    _blob_text: ClassVar[str] = "hex"
    #: Whether an ``algorithm`` field also reads DNSSEC algorithm mnemonics in text.
    _mnemonics: ClassVar[bool] = False

    def _set(self, *values: Any) -> None:
        """Check and store the RDATA field values (the constructor's, in ``_fields`` order)."""
        fields = self._fields
        for field, code, value in zip(fields, self._head.format[1:], values, strict=False):
            setattr(self, field, _check_u(value, _BITS[code], field))
        setattr(self, fields[-1], as_data(values[-1], fields[-1], empty=True))
        self._check()

    def _blob(self) -> bytes:
        data: bytes = getattr(self, self._fields[-1])
        return data

    def _check(self) -> None:
        """Raise ValueError if the fields do not fit together (by default: an empty blob)."""
        if not self._blob():
            raise ValueError(f"{self._fields[-1]} must not be empty")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        head = cls._head
        stop = off + head.size
        if stop > end:
            raise ValueError(f"RDATA shorter than {head.size} octets")
        rr = cls.__new__(cls)
        fields = cls._fields
        for field, value in zip(fields, head.unpack_from(buf, off), strict=False):
            setattr(rr, field, value)
        setattr(rr, fields[-1], buf[stop:end])
        rr._check()
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self._head.pack(*[getattr(self, f) for f in self._fields[:-1]]))
        writer.raw(self._blob())

    def rdata_to_text(self) -> str:
        parts = [str(getattr(self, f)) for f in self._fields[:-1]]
        blob = self._blob()
        if blob:
            parts.append(hex_text(blob) if self._blob_text == "hex" else b64_text(blob))
        return " ".join(parts)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        values: list[Any] = []
        for field, code in zip(cls._fields, cls._head.format[1:], strict=False):
            if field == "algorithm" and cls._mnemonics:
                values.append(algorithm_token(tokens))
            else:
                values.append(tokens.integer(_BITS[code], field.replace("_", " ")))
        values.append(cls._blob_from_tokens(tokens))
        return tuple(values)

    @classmethod
    def _blob_from_tokens(cls, tokens: Tokens) -> bytes:
        if tokens.at_end():
            return b""  # the constructor says whether that is allowed
        if cls._blob_text == "hex":
            return tokens.hex(cls._fields[-1])
        return b64_decode(remaining_text(tokens), f"base64 {cls._fields[-1]}")
