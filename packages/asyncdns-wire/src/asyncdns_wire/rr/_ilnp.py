"""Identifier-Locator Network Protocol records (RFC 6742): NID, L32, L64 and LP, each a
16-bit preference and an identifier, a locator or a name."""

from __future__ import annotations

import ipaddress
import re
import struct
from typing import Any

from .._errors import TextSyntaxError
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import read_plain_name
from ._mx import PreferenceNameRR
from ._rdutil import read_u16

__all__ = ["L32", "L64", "LP", "NID", "Preference64RR"]

_GROUPS = re.compile(r"([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})")
_HHHH = struct.Struct(">HHHH")


def _value64(value: str | bytes) -> bytes:
    if isinstance(value, str):
        match = _GROUPS.fullmatch(value)
        if match is None:
            raise ValueError(f"expected four groups of 1-4 hex digits joined by ':', not {value!r}")
        return _HHHH.pack(*(int(g, 16) for g in match.groups()))
    if isinstance(value, (bytes, bytearray, memoryview)):
        if len(value) != 8:
            raise ValueError("a 64-bit identifier or locator is 8 octets")
        return bytes(value)
    raise TypeError(f"expected bytes or str, not {type(value).__name__}")


class Preference64RR(RR):
    """Base of NID and L64: a preference and 64 bits, printed as four 16-bit hex groups
    without leading zeros, as BIND prints them (``10 2001:db8:1140:1000``).

    The 64-bit value is kept as 8 ``bytes`` in the slot named by ``_fields[1]``; the
    constructor also takes the text form (``"2001:0db8:1140:1000"``).
    """

    __slots__ = ("preference",)
    preference: int

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        preference: int,
        value: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self.preference = _check_u(preference, 16, "preference")
        setattr(self, self._fields[1], _value64(value))

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        if end - off != 10:
            raise ValueError(f"a {cls.__name__} record holds exactly 10 octets")
        rr = cls.__new__(cls)
        rr.preference = read_u16(buf, off, end)
        setattr(rr, cls._fields[1], buf[off + 2 : end])
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.u16(self.preference)
        writer.raw(getattr(self, self._fields[1]))

    def rdata_to_text(self) -> str:
        groups = _HHHH.unpack(getattr(self, self._fields[1]))
        return f"{self.preference} {groups[0]:x}:{groups[1]:x}:{groups[2]:x}:{groups[3]:x}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        preference = tokens.integer(16, "a preference")
        text = tokens.string("four groups of hex digits")
        try:
            return (preference, _value64(text))
        except ValueError as exc:
            raise TextSyntaxError(str(exc)) from None


@rr_type(104)
class NID(Preference64RR):
    """An ILNP node identifier.

    Attributes:
        preference: lower is preferred.
        node_id: the 64-bit node identifier (8 ``bytes``).
    """

    __slots__ = ("node_id",)
    _fields = ("preference", "node_id")
    node_id: bytes


@rr_type(106)
class L64(Preference64RR):
    """A 64-bit ILNP locator (an IPv6 routing prefix).

    Attributes:
        preference: lower is preferred.
        locator64: the locator (8 ``bytes``).
    """

    __slots__ = ("locator64",)
    _fields = ("preference", "locator64")
    locator64: bytes


@rr_type(105)
class L32(RR):
    """A 32-bit ILNP locator, written like an IPv4 address.

    Attributes:
        preference: lower is preferred.
        locator32: the locator (:class:`ipaddress.IPv4Address`).
    """

    __slots__ = ("locator32", "preference")
    _fields = ("preference", "locator32")
    preference: int
    locator32: ipaddress.IPv4Address

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        preference: int,
        locator32: str | int | bytes | ipaddress.IPv4Address,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 105, rr_class, ttl)
        self.preference = _check_u(preference, 16, "preference")
        self.locator32 = ipaddress.IPv4Address(locator32)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[L32, int]:
        if end - off != 6:
            raise ValueError("an L32 record holds exactly 6 octets")
        rr = cls.__new__(cls)
        rr.preference = read_u16(buf, off, end)
        rr.locator32 = ipaddress.IPv4Address(buf[off + 2 : end])
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.u16(self.preference)
        writer.raw(self.locator32.packed)

    def rdata_to_text(self) -> str:
        return f"{self.preference} {self.locator32}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.integer(16, "a preference"), tokens.string("a locator"))


@rr_type(107)
class LP(PreferenceNameRR):
    """An ILNP locator pointer: the name holding L32/L64 records. The name is never
    compressed (RFC 3597).

    Attributes:
        preference: lower is preferred.
        fqdn: the name (``bytes``); the same value as ``exchange``.
    """

    __slots__ = ()
    _fields = ("preference", "fqdn")

    @property
    def fqdn(self) -> bytes:
        """The name holding the locators."""
        return self.exchange

    unicode_fqdn = unicode_property("exchange")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        rr = cls.__new__(cls)
        rr.preference = read_u16(buf, off, end)
        rr.exchange, stop = read_plain_name(buf, off + 2, end, names)
        return rr, stop
