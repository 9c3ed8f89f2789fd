"""EUI-48 and EUI-64 address records (RFC 7043); text is hex pairs joined by ``-``."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from .._errors import TextSyntaxError
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, rr_type

__all__ = ["EUI48", "EUI64", "EUIRR"]

_HEX_PAIR = re.compile(r"[0-9a-fA-F]{2}")


class EUIRR(RR):
    """Base of EUI48 and EUI64: a fixed-size link-layer address.

    Attributes:
        address: the address octets (6 for EUI48, 8 for EUI64).
    """

    __slots__ = ("address",)
    _fields = ("address",)
    #: The address size in octets.
    _size: ClassVar[int] = 0
    address: bytes

    def __init__(
        self, name: str | bytes, ttl: int, address: str | bytes, *, rr_class: int = IN
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        if isinstance(address, str):
            address = self._parse(address)
        elif isinstance(address, (bytes, bytearray, memoryview)):
            address = bytes(address)
        else:
            raise TypeError(f"address must be bytes or str, not {type(address).__name__}")
        if len(address) != self._size:
            raise ValueError(f"{type(self).__name__} address must be {self._size} octets")
        self.address = address

    @classmethod
    def _parse(cls, text: str) -> bytes:
        parts = text.split("-")
        if len(parts) != cls._size or not all(_HEX_PAIR.fullmatch(p) for p in parts):
            raise ValueError(
                f"{cls.__name__} text is {cls._size} hex pairs joined by '-': {text!r}"
            )
        return bytes.fromhex("".join(parts))

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        if end - off != cls._size:
            raise ValueError(f"{cls.__name__} holds exactly {cls._size} octets")
        rr = cls.__new__(cls)
        rr.address = buf[off:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.address)

    def rdata_to_text(self) -> str:
        return self.address.hex("-")

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        text = tokens.string("an EUI address")
        try:
            return (cls._parse(text),)
        except ValueError as exc:
            raise TextSyntaxError(str(exc)) from None


@rr_type(108)
class EUI48(EUIRR):
    """A 48-bit extended unique identifier (MAC address), e.g. ``00-00-5e-00-53-2a``."""

    __slots__ = ()
    _size = 6


@rr_type(109)
class EUI64(EUIRR):
    """A 64-bit extended unique identifier, e.g. ``00-00-5e-ef-10-00-00-2a``."""

    __slots__ = ()
    _size = 8
