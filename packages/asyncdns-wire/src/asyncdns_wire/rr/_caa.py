"""The CAA record (RFC 8659): which certification authorities may issue for a domain."""

from __future__ import annotations

import re
from typing import Any

from .._errors import TextSyntaxError
from .._names import NameCache
from .._text import Tokens, quote_string
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type
from ._rdutil import as_bytes, string_token

__all__ = ["CAA"]

_TAG = re.compile(rb"[0-9A-Za-z]{1,255}")


@rr_type(257)
class CAA(RR):
    """A certification authority authorization property.

    Attributes:
        flags: the flags octet (bit 0x80 is *issuer critical*).
        tag: the property tag, 1-255 ASCII letters and digits (``str``), e.g. ``"issue"``.
        value: the property value (``bytes``; may be empty, may exceed 255 octets).
    """

    __slots__ = ("flags", "tag", "value")
    _fields = ("flags", "tag", "value")
    flags: int
    tag: str
    value: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        flags: int,
        tag: str | bytes,
        value: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 257, rr_class, ttl)
        self.flags = _check_u(flags, 8, "flags")
        raw_tag = as_bytes(tag, "tag")
        if _TAG.fullmatch(raw_tag) is None:
            raise ValueError(f"a CAA tag is 1-255 ASCII letters and digits, not {raw_tag!r}")
        self.tag = raw_tag.decode("ascii")
        self.value = as_bytes(value, "value", limit=0xFFFF - 2 - len(raw_tag))

    @property
    def critical(self) -> bool:
        """Whether the issuer-critical flag is set."""
        return bool(self.flags & 0x80)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[CAA, int]:
        if off + 2 > end:
            raise ValueError("CAA RDATA too short")
        tag_end = off + 2 + buf[off + 1]
        if tag_end > end:
            raise ValueError("CAA tag runs past the RDATA")
        tag = buf[off + 2 : tag_end]
        if _TAG.fullmatch(tag) is None:
            raise ValueError("a CAA tag must be 1-255 ASCII letters and digits")
        rr = cls.__new__(cls)
        rr.flags = buf[off]
        rr.tag = tag.decode("ascii")
        rr.value = buf[tag_end:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.u8(self.flags)
        writer.char_string(self.tag.encode("ascii"))
        writer.raw(self.value)

    def rdata_to_text(self) -> str:
        return f"{self.flags} {self.tag} {quote_string(self.value)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        flags = tokens.integer(8, "flags")
        tag = tokens.string("a tag")
        if _TAG.fullmatch(tag.encode("utf-8")) is None:
            raise TextSyntaxError("a CAA tag is 1-255 ASCII letters and digits", tag)
        return (flags, tag, string_token(tokens, "a value"))
