"""Type bitmaps (RFC 4034 section 4.1.2), the list of RR types that NSEC, NSEC3 and CSYNC carry.

On the wire a bitmap is a series of windows: window number (the high octet of the types in it),
length (1 to 32), then the bits, most significant first. Windows come in increasing order and
none ends with a zero octet. In the API a bitmap is a sorted tuple of type numbers; in text it
is the type mnemonics (``A MX RRSIG NSEC TYPE1234``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .._constants import rrtype_from_text, rrtype_to_text
from .._errors import TextSyntaxError
from .._text import Tokens
from .._writer import Writer

__all__ = [
    "bitmap_from_tokens",
    "bitmap_from_wire",
    "bitmap_to_text",
    "bitmap_to_wire",
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
