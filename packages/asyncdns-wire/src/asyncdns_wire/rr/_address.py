"""Address records: A (RFC 1035) and AAAA (RFC 3596)."""

from __future__ import annotations

import ipaddress
from typing import Any, Generic, TypeVar, overload

from .._inet import ipv6_text
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, rr_type

__all__ = ["AAAA", "A"]

_IPv4 = ipaddress.IPv4Address
_IPv6 = ipaddress.IPv6Address
_Addr = TypeVar("_Addr", ipaddress.IPv4Address, ipaddress.IPv6Address)


class _LazyAddress(Generic[_Addr]):
    """The ``address`` of A and AAAA records, kept in the ``_address`` slot.

    A decoded record holds the packed octets (already checked for length) and builds the
    :mod:`ipaddress` object the first time ``address`` is read: most address records of a reply
    (glue, additional data) are never looked at. Assigning converts the value as the
    constructor does (``ValueError`` for anything that is not an address of the family).
    """

    __slots__ = ("_make",)

    def __init__(self, make: type[_Addr]) -> None:
        self._make: type[_Addr] = make

    @overload
    def __get__(self, rr: None, owner: type | None = None) -> _LazyAddress[_Addr]: ...
    @overload
    def __get__(self, rr: RR, owner: type | None = None) -> _Addr: ...
    def __get__(self, rr: RR | None, owner: type | None = None) -> _Addr | _LazyAddress[_Addr]:
        if rr is None:
            return self
        value: Any = rr._address  # type: ignore[attr-defined]
        if type(value) is not self._make:
            value = rr._address = self._make(value)  # type: ignore[attr-defined]
        return value  # type: ignore[no-any-return]

    def __set__(self, rr: RR, value: str | int | bytes | _Addr) -> None:
        rr._address = self._make(value)  # type: ignore[attr-defined]


def _packed(rr: A | AAAA) -> bytes:
    """The address octets of *rr*, without building its address object."""
    value = rr._address
    return value if type(value) is bytes else rr.address.packed


@rr_type(1, IN)
class A(RR):
    """An IPv4 address record.

    Attributes:
        address: the address (:class:`ipaddress.IPv4Address`).
    """

    __slots__ = ("_address",)
    _fields = ("address",)
    address = _LazyAddress(_IPv4)
    _address: ipaddress.IPv4Address | bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        address: str | int | bytes | ipaddress.IPv4Address,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 1, rr_class, ttl)
        self._address = _IPv4(address)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[A, int]:
        # Message.from_wire decodes A records inline, the same way: keep the two in step.
        if end - off != 4:
            raise ValueError("an A record holds exactly 4 octets")
        rr = cls.__new__(cls)
        rr._address = buf[off:end]  # the IPv4Address is built when first read
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_packed(self))

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

    __slots__ = ("_address",)
    _fields = ("address",)
    address = _LazyAddress(_IPv6)
    _address: ipaddress.IPv6Address | bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        address: str | int | bytes | ipaddress.IPv6Address,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 28, rr_class, ttl)
        self._address = _IPv6(address)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[AAAA, int]:
        if end - off != 16:
            raise ValueError("an AAAA record holds exactly 16 octets")
        rr = cls.__new__(cls)
        rr._address = buf[off:end]  # the IPv6Address is built when first read
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_packed(self))

    def rdata_to_text(self) -> str:
        return ipv6_text(self.address)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.string("an IPv6 address"),)
