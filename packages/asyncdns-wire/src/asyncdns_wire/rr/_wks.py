"""The WKS record (RFC 1035 section 3.4.2): well-known services of an IPv4 host."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from .._errors import TextSyntaxError
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type

__all__ = ["WKS"]

#: The bitmap covers ports 0..65535, so at most 8192 octets (BIND's limit too).
_MAX_BITMAP = 8192
#: For each octet value, the bit positions set in it (most significant bit first).
_BITS = tuple(tuple(j for j in range(8) if value & (0x80 >> j)) for value in range(256))
_PROTOCOLS = {"tcp": 6, "udp": 17}
#: Service names understood in text (BIND asks getservbyname; the codec does no I/O).
_SERVICES = {
    "ftp": 21,
    "ssh": 22,
    "telnet": 23,
    "smtp": 25,
    "domain": 53,
    "tftp": 69,
    "finger": 79,
    "http": 80,
    "kerberos": 88,
    "pop3": 110,
    "sunrpc": 111,
    "nntp": 119,
    "ntp": 123,
    "imap": 143,
    "snmp": 161,
    "ldap": 389,
    "https": 443,
    "submission": 587,
    "ldaps": 636,
    "domain-s": 853,
    "imaps": 993,
    "pop3s": 995,
}


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def ports_to_bitmap(ports: Iterable[int]) -> bytes:
    """The WKS bitmap with a bit set for each port, as short as it can be.

    Raises:
        ValueError: a port outside 0..65535.
    """
    bitmap = bytearray()
    for port in ports:
        _check_u(port, 16, "port")
        index = port >> 3
        if index >= len(bitmap):
            bitmap.extend(bytes(index + 1 - len(bitmap)))
        bitmap[index] |= 0x80 >> (port & 7)
    return bytes(bitmap)


@rr_type(11, IN)
class WKS(RR):
    """Well-known services offered by an IPv4 host over one protocol (class IN only).

    Attributes:
        address: the host's address (:class:`ipaddress.IPv4Address`).
        protocol: the IP protocol number (6 is TCP, 17 is UDP).
        bitmap: a bit per port, the most significant bit of the first octet being port 0;
            never ends in a zero octet (BIND rejects those, and they would not survive text).
    """

    __slots__ = ("address", "bitmap", "protocol")
    _fields = ("address", "protocol", "bitmap")
    address: ipaddress.IPv4Address
    protocol: int
    bitmap: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        address: str | int | bytes | ipaddress.IPv4Address,
        protocol: int,
        bitmap: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 11, rr_class, ttl)
        self.address = ipaddress.IPv4Address(address)
        self.protocol = _check_u(protocol, 8, "protocol")
        if not isinstance(bitmap, (bytes, bytearray, memoryview)):
            raise TypeError(f"bitmap must be bytes, not {type(bitmap).__name__}")
        bitmap = bytes(bitmap)
        if len(bitmap) > _MAX_BITMAP:
            raise ValueError("a WKS bitmap is at most 8192 octets")
        if bitmap.endswith(b"\x00"):
            raise ValueError("a WKS bitmap must not end in a zero octet")
        self.bitmap = bitmap

    @classmethod
    def from_ports(
        cls,
        name: str | bytes,
        ttl: int,
        address: str | int | bytes | ipaddress.IPv4Address,
        protocol: int,
        ports: Iterable[int],
        *,
        rr_class: int = IN,
    ) -> WKS:
        """A WKS record listing *ports*."""
        return cls(name, ttl, address, protocol, ports_to_bitmap(ports), rr_class=rr_class)

    @property
    def ports(self) -> tuple[int, ...]:
        """The ports whose bits are set, in ascending order."""
        return tuple(
            i * 8 + j for i, octet in enumerate(self.bitmap) if octet for j in _BITS[octet]
        )

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[WKS, int]:
        length = end - off
        if length < 5:
            raise ValueError("a WKS record holds at least 5 octets")
        if length > 5 + _MAX_BITMAP:
            raise ValueError("WKS bitmap longer than 8192 octets")
        if length > 5 and buf[end - 1] == 0:
            raise ValueError("WKS bitmap ends in a zero octet")
        rr = cls.__new__(cls)
        rr.address = ipaddress.IPv4Address(buf[off : off + 4])
        rr.protocol = buf[off + 4]
        rr.bitmap = buf[off + 5 : end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.address.packed)
        writer.u8(self.protocol)
        writer.raw(self.bitmap)

    def rdata_to_text(self) -> str:
        return " ".join([str(self.address), str(self.protocol), *map(str, self.ports)])

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        address = tokens.string("an IPv4 address")
        text = tokens.string("a protocol")
        protocol = int(text) if _is_number(text) else _PROTOCOLS.get(text.lower())
        if protocol is None or protocol > 0xFF:
            raise TextSyntaxError("unknown protocol (use a number, tcp or udp)", text)
        ports = []
        for tok in tokens.remaining():
            port = int(tok.text) if _is_number(tok.text) else _SERVICES.get(tok.text.lower())
            if port is None or port > 0xFFFF:
                raise TextSyntaxError("unknown service (use a port number)", tok.text)
            ports.append(port)
        return (address, protocol, ports_to_bitmap(ports))
