"""OSI and X.400 records: NSAP and NSAP-PTR (RFC 1706) and PX (RFC 2163)."""

from __future__ import annotations

import re
from typing import Any

from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import read_plain_name
from ._rdutil import read_u16
from ._single_name import SingleNameRR

__all__ = ["NSAP", "NSAPPTR", "PX"]

_NSAP_TEXT = re.compile(r"0[xX](?:[0-9a-fA-F.])+")


@rr_type(22)
class NSAP(RR):
    """An OSI network service access point address (RFC 1706); text is ``0x`` and hex.

    Attributes:
        address: the NSAP address octets (at least one).
    """

    __slots__ = ("address",)
    _fields = ("address",)
    address: bytes

    def __init__(self, name: str | bytes, ttl: int, address: bytes, *, rr_class: int = IN) -> None:
        super().__init__(name, 22, rr_class, ttl)
        if not isinstance(address, (bytes, bytearray, memoryview)):
            raise TypeError(f"address must be bytes, not {type(address).__name__}")
        if not 0 < len(address) <= 0xFFFF:
            raise ValueError("an NSAP address holds 1 to 65535 octets")
        self.address = bytes(address)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NSAP, int]:
        if off >= end:
            raise ValueError("empty NSAP address")
        rr = cls.__new__(cls)
        rr.address = buf[off:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.address)

    def rdata_to_text(self) -> str:
        return "0x" + self.address.hex()

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        text = tokens.string("an NSAP address")
        if _NSAP_TEXT.fullmatch(text) is None:
            raise TextSyntaxError("an NSAP address is 0x and hex digits (dots allowed)", text)
        digits = text[2:].replace(".", "")
        if not digits or len(digits) % 2:
            raise TextSyntaxError(
                "an NSAP address needs an even, non-zero number of hex digits", text
            )
        return (bytes.fromhex(digits),)


@rr_type(23)
class NSAPPTR(SingleNameRR):
    """Maps an NSAP address back to a name (RFC 1706, type mnemonic ``NSAP-PTR``).

    Attributes:
        target: the name the owner's NSAP address belongs to; never compressed.
    """

    __slots__ = ()
    _compress = False

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        rr = cls.__new__(cls)
        rr.target, stop = read_plain_name(buf, off, end, names)
        return rr, stop

    unicode_target = unicode_property("target")


@rr_type(26)
class PX(RR):
    """X.400 mail mapping information (RFC 2163).

    Attributes:
        preference: lower is preferred.
        map822: the RFC 822 part of the mapping (a name).
        mapx400: the X.400 part of the mapping (a name).
    """

    __slots__ = ("map822", "mapx400", "preference")
    _fields = ("preference", "map822", "mapx400")
    preference: int
    map822: bytes
    mapx400: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        preference: int,
        map822: str | bytes,
        mapx400: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 26, rr_class, ttl)
        self.preference = _check_u(preference, 16, "preference")
        self.map822 = name_from_text(map822)
        self.mapx400 = name_from_text(mapx400)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[PX, int]:
        rr = cls.__new__(cls)
        rr.preference = read_u16(buf, off, end)
        rr.map822, off = read_plain_name(buf, off + 2, end, names, compressed=True)
        rr.mapx400, off = read_plain_name(buf, off, end, names, compressed=True)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.u16(self.preference)
        writer.name(self.map822, compress=False)
        writer.name(self.mapx400, compress=False)

    def rdata_to_text(self) -> str:
        return f"{self.preference} {name_to_text(self.map822)} {name_to_text(self.mapx400)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.integer(16, "a preference"), tokens.name(), tokens.name())

    unicode_map822 = unicode_property("map822")
    unicode_mapx400 = unicode_property("mapx400")
