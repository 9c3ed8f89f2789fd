"""Service location records: SRV (RFC 2782), NAPTR (RFC 3403) and URI (RFC 7553).

Their names are written uncompressed; SRV and NAPTR still decode compressed names, which
RFC 3597 section 4 allows for them.
"""

from __future__ import annotations

import struct
from typing import Any

from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens, quote_string
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import read_plain_name
from ._rdutil import as_bytes, read_char_string, string_token
from ._regexp import check_regexp

__all__ = ["NAPTR", "SRV", "URI"]

_HHH = struct.Struct(">HHH")
_HH = struct.Struct(">HH")


@rr_type(33)
class SRV(RR):
    """The location of a service (RFC 2782).

    Attributes:
        priority: lower is tried first.
        weight: relative weight among targets of equal priority.
        port: the TCP or UDP port.
        target: the server's name; the root means the service is not offered there.
    """

    __slots__ = ("port", "priority", "target", "weight")
    _fields = ("priority", "weight", "port", "target")
    priority: int
    weight: int
    port: int
    target: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        priority: int,
        weight: int,
        port: int,
        target: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 33, rr_class, ttl)
        self.priority = _check_u(priority, 16, "priority")
        self.weight = _check_u(weight, 16, "weight")
        self.port = _check_u(port, 16, "port")
        self.target = name_from_text(target)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[SRV, int]:
        if off + 6 > end:
            raise ValueError("SRV RDATA too short")
        rr = cls.__new__(cls)
        rr.priority, rr.weight, rr.port = _HHH.unpack_from(buf, off)
        rr.target, off = read_plain_name(buf, off + 6, end, names, compressed=True)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_HHH.pack(self.priority, self.weight, self.port))
        writer.name(self.target, compress=False)

    def rdata_to_text(self) -> str:
        return f"{self.priority} {self.weight} {self.port} {name_to_text(self.target)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (
            tokens.integer(16, "a priority"),
            tokens.integer(16, "a weight"),
            tokens.integer(16, "a port"),
            tokens.name(),
        )

    unicode_target = unicode_property("target")


@rr_type(35)
class NAPTR(RR):
    """A naming authority pointer: a rewrite rule (RFC 3403).

    Attributes:
        order: rules are processed in increasing order.
        preference: lower is preferred among rules of equal order.
        flags: the flags character-string (``bytes``), e.g. ``b"u"``.
        services: the services character-string (``bytes``), e.g. ``b"E2U+sip"``.
        regexp: the substitution expression (``bytes``; may be empty).
        replacement: the replacement name (the root when ``regexp`` is used instead).
    """

    __slots__ = ("flags", "order", "preference", "regexp", "replacement", "services")
    _fields = ("order", "preference", "flags", "services", "regexp", "replacement")
    order: int
    preference: int
    flags: bytes
    services: bytes
    regexp: bytes
    replacement: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        order: int,
        preference: int,
        flags: str | bytes,
        services: str | bytes,
        regexp: str | bytes,
        replacement: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 35, rr_class, ttl)
        self.order = _check_u(order, 16, "order")
        self.preference = _check_u(preference, 16, "preference")
        self.flags = as_bytes(flags, "flags")
        self.services = as_bytes(services, "services")
        self.regexp = as_bytes(regexp, "regexp")
        check_regexp(self.regexp)
        self.replacement = name_from_text(replacement)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NAPTR, int]:
        if off + 4 > end:
            raise ValueError("NAPTR RDATA too short")
        rr = cls.__new__(cls)
        rr.order, rr.preference = _HH.unpack_from(buf, off)
        rr.flags, off = read_char_string(buf, off + 4, end)
        rr.services, off = read_char_string(buf, off, end)
        rr.regexp, off = read_char_string(buf, off, end)
        check_regexp(rr.regexp)
        rr.replacement, off = read_plain_name(buf, off, end, names, compressed=True)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_HH.pack(self.order, self.preference))
        writer.char_string(self.flags)
        writer.char_string(self.services)
        writer.char_string(self.regexp)
        writer.name(self.replacement, compress=False)

    def rdata_to_text(self) -> str:
        return (
            f"{self.order} {self.preference} {quote_string(self.flags)} "
            f"{quote_string(self.services)} {quote_string(self.regexp)} "
            f"{name_to_text(self.replacement)}"
        )

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (
            tokens.integer(16, "an order"),
            tokens.integer(16, "a preference"),
            tokens.char_string("flags"),
            tokens.char_string("services"),
            tokens.char_string("a regexp"),
            tokens.name(),
        )

    unicode_replacement = unicode_property("replacement")


@rr_type(256)
class URI(RR):
    """A URI for the owner name (RFC 7553).

    Attributes:
        priority: lower is tried first.
        weight: relative weight among targets of equal priority.
        target: the URI octets (``bytes``, never empty); printed as one quoted string.
    """

    __slots__ = ("priority", "target", "weight")
    _fields = ("priority", "weight", "target")
    priority: int
    weight: int
    target: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        priority: int,
        weight: int,
        target: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 256, rr_class, ttl)
        self.priority = _check_u(priority, 16, "priority")
        self.weight = _check_u(weight, 16, "weight")
        self.target = as_bytes(target, "target", limit=0xFFFF - 4)
        if not self.target:
            raise ValueError("a URI target must not be empty")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[URI, int]:
        if end - off < 5:
            raise ValueError("URI RDATA too short (the target must not be empty)")
        rr = cls.__new__(cls)
        rr.priority, rr.weight = _HH.unpack_from(buf, off)
        rr.target = buf[off + 4 : end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_HH.pack(self.priority, self.weight))
        writer.raw(self.target)

    def rdata_to_text(self) -> str:
        return f"{self.priority} {self.weight} {quote_string(self.target)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (
            tokens.integer(16, "a priority"),
            tokens.integer(16, "a weight"),
            string_token(tokens, "a URI", quoted=True),
        )
