"""The APL record (RFC 3123): a list of address prefixes, each possibly negated.

Text is ``1:198.51.100.0/24 !2:2001:db8::/32``. Address families other than 1 (IPv4) and 2
(IPv6) decode, keeping their address octets, but have no text form: like ``dig``, such a
record prints in RFC 3597's ``\\# <length> <hex>`` form.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable
from typing import Any

from .._errors import TextSyntaxError
from .._inet import ipv6_text
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type
from ._rdutil import generic_text

__all__ = ["APL", "APLItem"]

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_ITEM_TEXT = re.compile(r"(!?)(\d{1,5}):([^/]+)/(\d{1,3})")
#: family -> (address class, octets, prefix bits).
_FAMILIES: dict[int, tuple[type[_IPAddress], int, int]] = {
    1: (ipaddress.IPv4Address, 4, 32),
    2: (ipaddress.IPv6Address, 16, 128),
}


@dataclasses.dataclass(frozen=True, slots=True)
class APLItem:
    """One address prefix of an :class:`APL` record.

    Attributes:
        family: the IANA address family (1: IPv4, 2: IPv6).
        address: the address (:class:`ipaddress.IPv4Address` or
            :class:`~ipaddress.IPv6Address` for families 1 and 2, and the AFDPART octets,
            without trailing zeros, for any other family).
        prefix: the prefix length in bits.
        negation: whether the prefix is excluded (``!`` in text).
    """

    family: int
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | bytes
    prefix: int
    negation: bool = False

    def __post_init__(self) -> None:
        _check_u(self.family, 16, "family")
        if not isinstance(self.negation, bool):
            raise TypeError("negation must be a bool")
        known = _FAMILIES.get(self.family)
        if known is not None:
            addr_cls, _, bits = known
            address = self.address
            if not isinstance(address, addr_cls):
                address = addr_cls(address)
            object.__setattr__(self, "address", address)
        else:
            if not isinstance(self.address, (bytes, bytearray, memoryview)):
                raise TypeError(f"the address of family {self.family} must be bytes")
            data = bytes(self.address)
            if len(data) > 127 or data.endswith(b"\x00"):
                raise ValueError("an APL address is at most 127 octets without trailing zeros")
            object.__setattr__(self, "address", data)
            bits = 255
        _check_u(self.prefix, 8, "prefix")
        if self.prefix > bits:
            raise ValueError(f"prefix {self.prefix} too long for address family {self.family}")

    @classmethod
    def from_text(cls, text: str) -> APLItem:
        """Parse ``[!]family:address/prefix`` (families 1 and 2 only).

        Raises:
            ValueError: not an item in that form.
        """
        match = _ITEM_TEXT.fullmatch(text)
        if match is None or int(match.group(2)) not in _FAMILIES:
            raise ValueError(f"expected [!]1:address/prefix or [!]2:address/prefix, not {text!r}")
        neg, family, address, prefix = match.groups()
        addr_cls = _FAMILIES[int(family)][0]
        return cls(int(family), addr_cls(address), int(prefix), neg == "!")

    @property
    def network(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
        """The prefix as an :mod:`ipaddress` network (host bits cleared); families 1 and 2.

        Raises:
            ValueError: another family.
        """
        if isinstance(self.address, bytes):
            raise ValueError(f"address family {self.family} has no ipaddress network")
        return ipaddress.ip_network((self.address, self.prefix), strict=False)

    def afdpart(self) -> bytes:
        """The address as the wire holds it: trailing zero octets removed."""
        data = self.address if isinstance(self.address, bytes) else self.address.packed
        return data.rstrip(b"\x00")

    def to_text(self) -> str:
        """``[!]family:address/prefix`` (families 1 and 2).

        Raises:
            ValueError: another family (it has no text form).
        """
        if isinstance(self.address, bytes):
            raise ValueError(f"address family {self.family} has no text form")
        address = self.address
        text = ipv6_text(address) if isinstance(address, ipaddress.IPv6Address) else str(address)
        return f"{'!' if self.negation else ''}{self.family}:{text}/{self.prefix}"


@rr_type(42, IN)
class APL(RR):
    """Address prefix lists (RFC 3123, class IN).

    Attributes:
        items: the prefixes, in order (a tuple of :class:`APLItem`; may be empty).
    """

    __slots__ = ("items",)
    _fields = ("items",)
    items: tuple[APLItem, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        items: Iterable[APLItem | str] = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 42, rr_class, ttl)
        if isinstance(items, (str, bytes)):
            raise TypeError("items must be an iterable of APLItem or str")
        parsed = []
        for item in items:
            if isinstance(item, str):
                item = APLItem.from_text(item)
            elif not isinstance(item, APLItem):
                raise TypeError(f"APL items must be APLItem or str, not {type(item).__name__}")
            parsed.append(item)
        self.items = tuple(parsed)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[APL, int]:
        items = []
        while off < end:
            if off + 4 > end:
                raise ValueError("APL item header runs past the RDATA")
            family = (buf[off] << 8) | buf[off + 1]
            prefix = buf[off + 2]
            negation = buf[off + 3] >= 0x80
            length = buf[off + 3] & 0x7F
            off += 4
            if off + length > end:
                raise ValueError("APL address runs past the RDATA")
            data = buf[off : off + length]
            off += length
            if length and data[-1] == 0:
                raise ValueError("APL address ends in a zero octet")
            known = _FAMILIES.get(family)
            address: _IPAddress | bytes = data
            if known is not None:
                addr_cls, size, bits = known
                if length > size or prefix > bits:
                    raise ValueError(f"APL prefix or address too long for family {family}")
                address = addr_cls(data + bytes(size - length))
            item = APLItem.__new__(APLItem)
            object.__setattr__(item, "family", family)
            object.__setattr__(item, "address", address)
            object.__setattr__(item, "prefix", prefix)
            object.__setattr__(item, "negation", negation)
            items.append(item)
        rr = cls.__new__(cls)
        rr.items = tuple(items)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        for item in self.items:
            data = item.afdpart()
            writer.u16(item.family)
            writer.u8(item.prefix)
            writer.u8(len(data) | (0x80 if item.negation else 0))
            writer.raw(data)

    def rdata_to_text(self) -> str:
        if any(item.family not in _FAMILIES for item in self.items):
            return generic_text(self.rdata_to_wire())
        return " ".join(item.to_text() for item in self.items)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        items = []
        for tok in tokens.remaining():
            try:
                items.append(APLItem.from_text(tok.text))
            except ValueError as exc:
                raise TextSyntaxError(str(exc)) from None
        return (items,)
