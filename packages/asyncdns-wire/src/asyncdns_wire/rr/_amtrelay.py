"""The AMTRELAY record (RFC 8777): where to find an Automatic Multicast Tunneling relay."""

from __future__ import annotations

import ipaddress
from typing import Any

from .._errors import TextSyntaxError
from .._inet import ipv6_text
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type
from ._bitmap import read_plain_name
from ._rdutil import generic_text

__all__ = ["AMTRELAY"]

#: Relay types: 0 none, 1 IPv4 address, 2 IPv6 address, 3 domain name.
NO_RELAY, RELAY_IPV4, RELAY_IPV6, RELAY_NAME = 0, 1, 2, 3

_Relay = ipaddress.IPv4Address | ipaddress.IPv6Address | bytes | None


def _check_relay(relay_type: int, relay: Any) -> _Relay:
    if relay_type == NO_RELAY:
        if relay not in (None, b".", "."):
            raise ValueError("relay type 0 has no relay")
        return None
    if relay_type == RELAY_IPV4:
        return ipaddress.IPv4Address(relay)
    if relay_type == RELAY_IPV6:
        return ipaddress.IPv6Address(relay)
    if relay_type == RELAY_NAME:
        if not isinstance(relay, (str, bytes)):
            raise TypeError("relay type 3 needs a domain name")
        return name_from_text(relay)
    if not isinstance(relay, (bytes, bytearray, memoryview)):
        raise TypeError(f"relay type {relay_type} needs the relay as raw bytes")
    return bytes(relay)


@rr_type(260)
class AMTRELAY(RR):
    """An AMT relay for the owner's multicast source (RFC 8777).

    Attributes:
        precedence: lower is preferred.
        discovery: the D bit: whether the relay may be found by discovery too.
        relay_type: 0 (no relay), 1 (IPv4), 2 (IPv6), 3 (domain name); 4-127 are undefined.
        relay: ``None`` for type 0, an :class:`ipaddress.IPv4Address` or
            :class:`~ipaddress.IPv6Address` for types 1 and 2, a name (``bytes``, never
            compressed) for type 3, and the raw octets for an undefined type (whose record
            then prints in RFC 3597's ``\\#`` form, as dig prints it).
    """

    __slots__ = ("discovery", "precedence", "relay", "relay_type")
    _fields = ("precedence", "discovery", "relay_type", "relay")
    precedence: int
    discovery: bool
    relay_type: int
    relay: _Relay

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        precedence: int,
        discovery: bool,
        relay_type: int,
        relay: str | bytes | ipaddress.IPv4Address | ipaddress.IPv6Address | None = None,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 260, rr_class, ttl)
        self.precedence = _check_u(precedence, 8, "precedence")
        if not isinstance(discovery, (bool, int)) or discovery not in (0, 1):
            raise ValueError("discovery must be a bool")
        self.discovery = bool(discovery)
        self.relay_type = _check_u(relay_type, 7, "relay_type")
        self.relay = _check_relay(relay_type, relay)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[AMTRELAY, int]:
        if off + 2 > end:
            raise ValueError("AMTRELAY RDATA too short")
        rr = cls.__new__(cls)
        rr.precedence = buf[off]
        rr.discovery = buf[off + 1] >= 0x80
        rr.relay_type = kind = buf[off + 1] & 0x7F
        off += 2
        relay: _Relay
        if kind == RELAY_NAME:
            relay, off = read_plain_name(buf, off, end, names)
        elif kind > RELAY_NAME:
            relay, off = buf[off:end], end
        else:
            size = (0, 4, 16)[kind]
            if end - off != size:
                raise ValueError(f"AMTRELAY relay of type {kind} must be {size} octets")
            relay = None if kind == NO_RELAY else ipaddress.ip_address(buf[off:end])
            off = end
        rr.relay = relay
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.u8(self.precedence)
        writer.u8(self.relay_type | (0x80 if self.discovery else 0))
        relay = self.relay
        if isinstance(relay, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            writer.raw(relay.packed)
        elif self.relay_type == RELAY_NAME and relay is not None:
            writer.name(relay, compress=False)
        elif relay is not None:
            writer.raw(relay)

    def rdata_to_text(self) -> str:
        head = f"{self.precedence} {int(self.discovery)} {self.relay_type}"
        relay = self.relay
        if self.relay_type == NO_RELAY:
            return head + " ."
        if self.relay_type == RELAY_NAME and isinstance(relay, bytes):
            return f"{head} {name_to_text(relay)}"
        if isinstance(relay, ipaddress.IPv6Address):
            return f"{head} {ipv6_text(relay)}"
        if isinstance(relay, ipaddress.IPv4Address):
            return f"{head} {relay}"
        return generic_text(self.rdata_to_wire())

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        precedence = tokens.integer(8, "a precedence")
        discovery = tokens.integer(1, "a discovery bit (0 or 1)")
        relay_type = tokens.integer(7, "a relay type")
        relay: Any = None
        if relay_type == NO_RELAY:
            if not tokens.at_end() and tokens.string("a relay") != ".":
                raise TextSyntaxError("relay type 0 takes '.' or nothing as its relay")
        elif relay_type == RELAY_NAME:
            relay = tokens.name("a relay name")
        elif relay_type in (RELAY_IPV4, RELAY_IPV6):
            relay = tokens.string("a relay address")
        else:
            raise TextSyntaxError(f"relay type {relay_type} has no text form; use the \\# form")
        return (precedence, bool(discovery), relay_type, relay)
