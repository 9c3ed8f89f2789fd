"""Records holding a 16-bit preference and a domain name: MX (RFC 1035), KX (RFC 2230),
RT (RFC 1183) and AFSDB (RFC 1183, the preference being its subtype)."""

from __future__ import annotations

import struct
from typing import Any, ClassVar

from .._names import NameCache, name_from_text, read_name
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property

__all__ = ["AFSDB", "KX", "MX", "RT", "PreferenceNameRR"]

_H = struct.Struct(">H")


class PreferenceNameRR(RR):
    """Base of records whose RDATA is ``preference`` (16 bits) then ``exchange`` (a name)."""

    __slots__ = ("exchange", "preference")
    _fields = ("preference", "exchange")
    _compress: ClassVar[bool] = False
    preference: int
    exchange: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        preference: int,
        exchange: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self.preference = _check_u(preference, 16, "preference")
        self.exchange = name_from_text(exchange)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        rr = cls.__new__(cls)
        rr.preference = (buf[off] << 8) | buf[off + 1]
        rr.exchange, stop = read_name(buf, off + 2, names)
        return rr, stop

    def _to_wire(self, writer: Writer) -> None:
        writer.u16(self.preference)
        writer.name(self.exchange, compress=self._compress)

    def rdata_to_text(self) -> str:
        exchange = (
            "."
            if self.exchange == b"."
            else self.exchange.decode("ascii", "backslashreplace") + "."
        )
        return f"{self.preference} {exchange}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.integer(16, "a preference"), tokens.name())

    unicode_exchange = unicode_property("exchange")


@rr_type(15)
class MX(PreferenceNameRR):
    """A mail exchanger for the owner name.

    Attributes:
        preference: lower is preferred.
        exchange: the mail server's name.
    """

    __slots__ = ()
    _compress = True


@rr_type(36)
class KX(PreferenceNameRR):
    """A key exchanger (RFC 2230)."""

    __slots__ = ()


@rr_type(21)
class RT(PreferenceNameRR):
    """Route through (RFC 1183)."""

    __slots__ = ()


@rr_type(18)
class AFSDB(PreferenceNameRR):
    """An AFS database location (RFC 1183); ``subtype`` is the preference field."""

    __slots__ = ()

    @property
    def subtype(self) -> int:
        """The AFSDB subtype (1: AFS volume location server, 2: DCE authentication server)."""
        return self.preference

    @property
    def hostname(self) -> bytes:
        """The server's name."""
        return self.exchange
