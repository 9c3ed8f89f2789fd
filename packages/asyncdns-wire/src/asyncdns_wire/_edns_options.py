"""EDNS(0) options (RFC 6891 section 6.1.2), decoded into typed values.

Known codes decode into :class:`Cookie` (RFC 7873), :class:`ClientSubnet` (RFC 7871),
:class:`Nsid` (RFC 5001), :class:`Padding` (RFC 7830) and :class:`ExtendedError` (RFC 8914);
every other code stays an :class:`Option` holding its raw data.
"""

from __future__ import annotations

import ipaddress
from typing import ClassVar

from ._constants import EdnsOption

__all__ = [
    "ClientSubnet",
    "Cookie",
    "ExtendedError",
    "Nsid",
    "Option",
    "Padding",
    "decode_option",
]


class Option:
    """An EDNS option: a 16-bit code and its data.

    Subclasses decode the data of known codes; this class keeps any other code as raw bytes.
    """

    __slots__ = ("code", "data")
    CODE: ClassVar[int] = -1

    def __init__(self, code: int, data: bytes = b"") -> None:
        if not 0 <= code <= 0xFFFF:
            raise ValueError("an EDNS option code is a 16-bit unsigned integer")
        if len(data) > 0xFFFF:
            raise ValueError("EDNS option data is at most 65535 octets")
        self.code = code
        self.data = bytes(data)

    @classmethod
    def from_data(cls, data: bytes) -> Option:
        """Decode the option data of this class's code (raises ValueError when malformed)."""
        return cls(cls.CODE, data)

    def to_text(self) -> str:
        """A dig-like rendering of the option."""
        try:
            name = EdnsOption(self.code).name
        except ValueError:
            name = f"OPT{self.code}"
        return f"{name}: {self.data.hex()}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Option):
            return NotImplemented
        return self.code == other.code and self.data == other.data

    def __hash__(self) -> int:
        return hash((self.code, self.data))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code}, data={self.data!r})"


class Nsid(Option):
    """Name server identifier (RFC 5001); empty in a query, the server's id in a reply."""

    __slots__ = ()
    CODE = EdnsOption.NSID

    def __init__(self, data: bytes = b"") -> None:
        super().__init__(self.CODE, data)

    @classmethod
    def from_data(cls, data: bytes) -> Nsid:
        return cls(data)

    def to_text(self) -> str:
        text = self.data.decode("ascii", "replace") if self.data.isascii() else ""
        return f'NSID: {self.data.hex()} ("{text}")'


class Cookie(Option):
    """DNS cookie (RFC 7873): an 8-octet client cookie, optionally an 8-32 octet server cookie."""

    __slots__ = ("client", "server")
    CODE = EdnsOption.COOKIE

    def __init__(self, client: bytes, server: bytes = b"") -> None:
        if len(client) != 8:
            raise ValueError("a client cookie is exactly 8 octets")
        if server and not 8 <= len(server) <= 32:
            raise ValueError("a server cookie is 8 to 32 octets")
        super().__init__(self.CODE, client + server)
        self.client = bytes(client)
        self.server = bytes(server)

    @classmethod
    def from_data(cls, data: bytes) -> Cookie:
        return cls(data[:8], data[8:])

    def to_text(self) -> str:
        return f"COOKIE: {self.client.hex()}{self.server.hex()}"


class ClientSubnet(Option):
    """EDNS Client Subnet (RFC 7871).

    Attributes:
        address: the (masked) network address.
        source_prefix: the prefix length the client offers.
        scope_prefix: the prefix length the answer covers (0 in queries).
    """

    __slots__ = ("address", "scope_prefix", "source_prefix")
    CODE = EdnsOption.ECS

    def __init__(
        self,
        address: str | ipaddress.IPv4Address | ipaddress.IPv6Address,
        source_prefix: int,
        scope_prefix: int = 0,
    ) -> None:
        addr = ipaddress.ip_address(address)
        bits = addr.max_prefixlen
        if not (0 <= source_prefix <= bits and 0 <= scope_prefix <= bits):
            raise ValueError("ECS prefix length out of range for the address family")
        family = 1 if addr.version == 4 else 2
        nbytes = (source_prefix + 7) // 8
        packed = addr.packed[:nbytes]
        if nbytes and source_prefix % 8:
            mask = (0xFF << (8 - source_prefix % 8)) & 0xFF
            packed = packed[:-1] + bytes([packed[-1] & mask])
        data = family.to_bytes(2, "big") + bytes([source_prefix, scope_prefix]) + packed
        super().__init__(self.CODE, data)
        full = packed + bytes(bits // 8 - nbytes)
        self.address = ipaddress.ip_address(full)
        self.source_prefix = source_prefix
        self.scope_prefix = scope_prefix

    @classmethod
    def from_data(cls, data: bytes) -> ClientSubnet:
        if len(data) < 4:
            raise ValueError("ECS option shorter than 4 octets")
        family = int.from_bytes(data[:2], "big")
        source, scope = data[2], data[3]
        if family == 1:
            size = 4
        elif family == 2:
            size = 16
        else:
            raise ValueError(f"unknown ECS address family {family}")
        addr = data[4:]
        if len(addr) != (source + 7) // 8 or len(addr) > size:
            raise ValueError("ECS address length does not match its prefix")
        return cls(ipaddress.ip_address(addr + bytes(size - len(addr))), source, scope)

    def to_text(self) -> str:
        return f"CLIENT-SUBNET: {self.address}/{self.source_prefix}/{self.scope_prefix}"


class Padding(Option):
    """Padding (RFC 7830): *length* zero octets."""

    __slots__ = ()
    CODE = EdnsOption.PADDING

    def __init__(self, length: int = 0) -> None:
        super().__init__(self.CODE, bytes(length))

    @classmethod
    def from_data(cls, data: bytes) -> Padding:
        pad = cls.__new__(cls)
        Option.__init__(pad, cls.CODE, data)
        return pad

    @property
    def length(self) -> int:
        """How many octets of padding."""
        return len(self.data)

    def to_text(self) -> str:
        return f"PADDING: {len(self.data)} octets"


class ExtendedError(Option):
    """Extended DNS Error (RFC 8914): an info code and optional UTF-8 text."""

    __slots__ = ("extra_text", "info_code")
    CODE = EdnsOption.EDE

    def __init__(self, info_code: int, extra_text: str = "") -> None:
        if not 0 <= info_code <= 0xFFFF:
            raise ValueError("an EDE info code is a 16-bit unsigned integer")
        try:
            text = extra_text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("EDE extra text must be encodable as UTF-8") from None
        super().__init__(self.CODE, info_code.to_bytes(2, "big") + text)
        self.info_code = info_code
        self.extra_text = extra_text

    @classmethod
    def from_data(cls, data: bytes) -> ExtendedError:
        if len(data) < 2:
            raise ValueError("EDE option shorter than 2 octets")
        return cls(int.from_bytes(data[:2], "big"), data[2:].decode("utf-8", "replace"))

    def to_text(self) -> str:
        text = f" ({self.extra_text})" if self.extra_text else ""
        return f"EDE: {self.info_code}{text}"


_BY_CODE: dict[int, type[Option]] = {
    cls.CODE: cls for cls in (Nsid, Cookie, ClientSubnet, Padding, ExtendedError)
}


def decode_option(code: int, data: bytes) -> Option:
    """Decode one option; malformed data of a known code raises ValueError."""
    cls = _BY_CODE.get(code)
    if cls is None:
        return Option(code, data)
    return cls.from_data(data)
