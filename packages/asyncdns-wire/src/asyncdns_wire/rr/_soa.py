"""The SOA record (RFC 1035 section 3.3.13)."""

from __future__ import annotations

import struct
from typing import Any

from .._names import NameCache, name_from_text, read_name
from .._text import Tokens
from .._ttl import ttl_from_text
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property

__all__ = ["SOA"]

_SOA_TAIL = struct.Struct(">IIIII")


def _ttl_token(tokens: Tokens, what: str) -> int:
    return ttl_from_text(tokens.string(what))


@rr_type(6)
class SOA(RR):
    """Start of authority: the zone's primary server, contact and timers.

    Attributes:
        mname: the primary nameserver.
        rname: the responsible person's mailbox, as a name (the first label is the local part).
        serial, refresh, retry, expire, minimum: the zone's serial and timers (seconds); since
            RFC 2308 ``minimum`` is the negative-caching TTL.
    """

    __slots__ = ("expire", "minimum", "mname", "refresh", "retry", "rname", "serial")
    _fields = ("mname", "rname", "serial", "refresh", "retry", "expire", "minimum")
    mname: bytes
    rname: bytes
    serial: int
    refresh: int
    retry: int
    expire: int
    minimum: int

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        mname: str | bytes,
        rname: str | bytes,
        serial: int,
        refresh: int,
        retry: int,
        expire: int,
        minimum: int,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 6, rr_class, ttl)
        self.mname = name_from_text(mname)
        self.rname = name_from_text(rname)
        self.serial = _check_u(serial, 32, "serial")
        self.refresh = _check_u(refresh, 32, "refresh")
        self.retry = _check_u(retry, 32, "retry")
        self.expire = _check_u(expire, 32, "expire")
        self.minimum = _check_u(minimum, 32, "minimum")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[SOA, int]:
        rr = cls.__new__(cls)
        rr.mname, off = read_name(buf, off, names)
        rr.rname, off = read_name(buf, off, names)
        if off + 20 > end:
            raise ValueError("SOA timers run past the RDATA")
        rr.serial, rr.refresh, rr.retry, rr.expire, rr.minimum = _SOA_TAIL.unpack_from(buf, off)
        return rr, off + 20

    def _to_wire(self, writer: Writer) -> None:
        writer.name(self.mname)
        writer.name(self.rname)
        writer.raw(_SOA_TAIL.pack(self.serial, self.refresh, self.retry, self.expire, self.minimum))

    def rdata_to_text(self) -> str:
        m = "." if self.mname == b"." else self.mname.decode("ascii", "backslashreplace") + "."
        r = "." if self.rname == b"." else self.rname.decode("ascii", "backslashreplace") + "."
        return f"{m} {r} {self.serial} {self.refresh} {self.retry} {self.expire} {self.minimum}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (
            tokens.name(),
            tokens.name(),
            tokens.integer(32, "a serial"),
            _ttl_token(tokens, "refresh"),
            _ttl_token(tokens, "retry"),
            _ttl_token(tokens, "expire"),
            _ttl_token(tokens, "minimum"),
        )

    unicode_mname = unicode_property("mname")
    unicode_rname = unicode_property("rname")
