"""Address records: A (RFC 1035) and AAAA (RFC 3596)."""

from __future__ import annotations

import ipaddress
from typing import Any

from .._inet import ipv6_text
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, rr_type

__all__ = ["AAAA", "A"]

_IPv4 = ipaddress.IPv4Address
_IPv6 = ipaddress.IPv6Address


@rr_type(1, IN)
class A(RR):
    """An IPv4 address record.

    Attributes:
        address: the address (:class:`ipaddress.IPv4Address`).
    """

    __slots__ = ("address",)
    _fields = ("address",)
    address: ipaddress.IPv4Address

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        address: str | int | bytes | ipaddress.IPv4Address,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 1, rr_class, ttl)
        self.address = _IPv4(address)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[A, int]:
        if end - off != 4:
            raise ValueError("an A record holds exactly 4 octets")
        rr = cls.__new__(cls)
        rr.address = _IPv4(buf[off:end])
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.address.packed)

    def rdata_to_text(self) -> str:
        return str(self.address)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.string("an IPv4 address"),)


@rr_type(28, IN)
class AAAA(RR):
    """An IPv6 address record.

    Attributes:
        address: the address (:class:`ipaddress.IPv6Address`).
    """

    __slots__ = ("address",)
    _fields = ("address",)
    address: ipaddress.IPv6Address

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        address: str | int | bytes | ipaddress.IPv6Address,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 28, rr_class, ttl)
        self.address = _IPv6(address)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[AAAA, int]:
        if end - off != 16:
            raise ValueError("an AAAA record holds exactly 16 octets")
        rr = cls.__new__(cls)
        rr.address = _IPv6(buf[off:end])
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.address.packed)

    def rdata_to_text(self) -> str:
        return ipv6_text(self.address)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.string("an IPv6 address"),)
