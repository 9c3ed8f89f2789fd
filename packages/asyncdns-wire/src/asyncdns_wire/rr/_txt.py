"""Text records: TXT (RFC 1035) and SPF (RFC 4408, obsolete), which keep every
character-string separately (DNS-SD, RFC 6763, depends on the boundaries)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._names import NameCache
from .._text import Tokens, quote_string
from .._writer import Writer
from ._base import IN, RR, rr_type
from ._rdutil import generic_text

__all__ = ["SPF", "TXT", "TextRR"]


def _to_bytes(value: str | bytes | bytearray | memoryview) -> bytes:
    if isinstance(value, str):
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"TXT strings must be str or bytes, not {type(value).__name__}")


def _chunks(data: bytes) -> tuple[bytes, ...]:
    if not data:
        return (b"",)
    return tuple(data[i : i + 255] for i in range(0, len(data), 255))


class TextRR(RR):
    """Base of TXT and SPF.

    Attributes:
        strings: the character-strings exactly as on the wire (a tuple of ``bytes``).
    """

    __slots__ = ("strings",)
    _fields = ("strings",)
    strings: tuple[bytes, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        text: str | bytes | Iterable[str | bytes],
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        if isinstance(text, (str, bytes, bytearray, memoryview)):
            self.strings = _chunks(_to_bytes(text))
        else:
            strings = tuple(_to_bytes(s) for s in text)
            for s in strings:
                if len(s) > 255:
                    raise ValueError("a TXT character-string holds at most 255 octets")
            self.strings = strings

    @property
    def text(self) -> str:
        """All strings joined, decoded as ISO Latin 1 (asyncdns 0.1's ``text``)."""
        return b"".join(self.strings).decode("latin-1")

    @property
    def data(self) -> bytes:
        """All strings joined, as bytes."""
        return b"".join(self.strings)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        strings = []
        while off < end:
            n = buf[off]
            nxt = off + 1 + n
            if nxt > end:
                raise ValueError("character-string runs past the RDATA")
            strings.append(buf[off + 1 : nxt])
            off = nxt
        rr = cls.__new__(cls)
        rr.strings = tuple(strings)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        for s in self.strings:
            writer.char_string(s)

    def rdata_to_text(self) -> str:
        if not self.strings:
            # No strings at all (RDATA of length 0, which RFC 1035 does not allow but servers
            # send): '""' would read back as one empty string; the generic form reads back as
            # what it is (RFC 3597).
            return generic_text(b"")
        return " ".join(quote_string(s) for s in self.strings)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        strings = [tokens.char_string()]
        while not tokens.at_end():
            strings.append(tokens.char_string())
        return (strings,)


@rr_type(16)
class TXT(TextRR):
    """Free-form text."""

    __slots__ = ()


@rr_type(99)
class SPF(TextRR):
    """Sender Policy Framework text (obsolete type; SPF now lives in TXT)."""

    __slots__ = ()
