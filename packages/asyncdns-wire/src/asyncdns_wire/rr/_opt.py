"""The OPT pseudo-record (RFC 6891) as a record; messages expose it as :class:`~asyncdns_wire.Edns`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._edns_options import Option, decode_option
from .._errors import TextSyntaxError
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import RR, rr_type
from ._rdutil import generic_text

__all__ = ["OPT", "read_options"]


def read_options(buf: bytes, off: int, end: int) -> tuple[Option, ...]:
    """Decode the EDNS options in ``buf[off:end]`` (an OPT record's RDATA).

    Raises:
        ValueError: an option runs past *end*, or its data is malformed for its code.
    """
    options = []
    while off < end:
        if off + 4 > end:
            raise ValueError("EDNS option header runs past the RDATA")
        code = (buf[off] << 8) | buf[off + 1]
        length = (buf[off + 2] << 8) | buf[off + 3]
        off += 4
        if off + length > end:
            raise ValueError("EDNS option data runs past the RDATA")
        options.append(decode_option(code, buf[off : off + length]))
        off += length
    return tuple(options)


@rr_type(41)
class OPT(RR):
    """The EDNS pseudo-record. Its class is the UDP payload size and its TTL packs the extended
    rcode, version and flags; :class:`~asyncdns_wire.Edns` gives those names.

    Attributes:
        options: the EDNS options, decoded (:class:`~asyncdns_wire.Option` subclasses).
    """

    __slots__ = ("options",)
    _fields = ("options",)
    options: tuple[Option, ...]

    def __init__(
        self, name: str | bytes, ttl: int, options: Iterable[Option] = (), *, rr_class: int = 1232
    ) -> None:
        super().__init__(name, 41, rr_class, ttl)
        self.options = tuple(options)
        for opt in self.options:
            if not isinstance(opt, Option):
                raise TypeError("OPT options must be Option instances")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[OPT, int]:
        rr = cls.__new__(cls)
        rr.options = read_options(buf, off, end)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        for opt in self.options:
            writer.u16(opt.code)
            writer.u16(len(opt.data))
            writer.raw(opt.data)

    def rdata_to_text(self) -> str:
        """The options in RFC 3597 generic form (OPT has no presentation format of its own)."""
        return generic_text(self.rdata_to_wire())

    def to_text(self) -> str:
        return f"; OPT udp={self.rr_class} ttl={self.ttl:#x} " + "; ".join(
            o.to_text() for o in self.options
        )

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        raise TextSyntaxError("OPT has no presentation format; use the \\# form")
