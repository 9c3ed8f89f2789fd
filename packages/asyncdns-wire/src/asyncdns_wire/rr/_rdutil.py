"""Small RDATA helpers shared by the classic record types: character-strings, 16-bit fields,
Latin-1 argument coercion and the RFC 3597 fallback text. (Names inside RDATA are read with
``_bitmap.read_plain_name``, which the security types share.)"""

from __future__ import annotations

from .._errors import TextSyntaxError
from .._text import Tokens
from ._bitmap import hex_text

__all__ = [
    "as_bytes",
    "generic_text",
    "read_char_string",
    "read_u16",
    "string_token",
]


def as_bytes(value: str | bytes, what: str, *, limit: int | None = 255) -> bytes:
    """*value* as octets: ``str`` is encoded ISO Latin 1 (as asyncdns 0.1 decoded it).

    Raises:
        TypeError: neither ``str`` nor bytes-like.
        ValueError: a ``str`` outside Latin 1, or more than *limit* octets.
    """
    if isinstance(value, str):
        try:
            data = value.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError(f"{what} must be ISO Latin 1 text or bytes") from None
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")
    if limit is not None and len(data) > limit:
        raise ValueError(f"{what} is longer than {limit} octets")
    return data


def read_u16(buf: bytes, off: int, end: int) -> int:
    """The 16-bit integer at *off*, which must lie inside the RDATA."""
    if off + 2 > end:
        raise ValueError("RDATA too short for a 16-bit field")
    return (buf[off] << 8) | buf[off + 1]


def read_char_string(buf: bytes, off: int, end: int) -> tuple[bytes, int]:
    """The character-string at *off* (length octet, then data) and the offset after it."""
    if off >= end:
        raise ValueError("missing character-string")
    nxt = off + 1 + buf[off]
    if nxt > end:
        raise ValueError("character-string runs past the RDATA")
    return buf[off + 1 : nxt], nxt


def generic_text(data: bytes) -> str:
    """RDATA in RFC 3597's ``\\# <length> <hex>`` form, as dig prints what it cannot show
    (the hex in chunks of 56 digits)."""
    return f"\\# {len(data)} {hex_text(data)}" if data else "\\# 0"


def string_token(
    tokens: Tokens, what: str, *, quoted: bool = False, limit: int | None = None
) -> bytes:
    """The next token's octets (escapes resolved), optionally insisting that it was quoted and
    not longer than *limit*."""
    tok = tokens.next(what)
    if quoted and not tok.quoted:
        raise TextSyntaxError(f"{what} must be a quoted string", tok.text)
    data = tok.to_bytes()
    if limit is not None and len(data) > limit:
        raise TextSyntaxError(f"{what} is longer than {limit} octets", tok.text[:20])
    return data
