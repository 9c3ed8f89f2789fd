"""The A6 record (RFC 2874, historic): an IPv6 address suffix and the name of a prefix."""

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

__all__ = ["A6"]

_ALL = (1 << 128) - 1


@rr_type(38, IN)
class A6(RR):
    """An IPv6 address built from a suffix and a prefix held elsewhere (class IN).

    Attributes:
        prefix_len: how many leading bits come from the prefix name (0..128).
        suffix: the address with the first ``prefix_len`` bits zero
            (:class:`ipaddress.IPv6Address`).
        prefix_name: the name whose A6 records give the prefix, or ``None`` when
            ``prefix_len`` is 0 (the suffix is then the whole address). Never compressed.
    """

    __slots__ = ("prefix_len", "prefix_name", "suffix")
    _fields = ("prefix_len", "suffix", "prefix_name")
    prefix_len: int
    suffix: ipaddress.IPv6Address
    prefix_name: bytes | None

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        prefix_len: int,
        suffix: str | int | bytes | ipaddress.IPv6Address = 0,
        prefix_name: str | bytes | None = None,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 38, rr_class, ttl)
        self.prefix_len = _check_u(prefix_len, 8, "prefix_len")
        if prefix_len > 128:
            raise ValueError("prefix_len must be in 0..128")
        self.suffix = ipaddress.IPv6Address(suffix)
        if int(self.suffix) & ~(_ALL >> prefix_len):
            raise ValueError(
                f"suffix {self.suffix} has bits set inside the {prefix_len}-bit prefix"
            )
        if (prefix_name is None) != (prefix_len == 0):
            raise ValueError("prefix_name is required exactly when prefix_len is not 0")
        self.prefix_name = None if prefix_name is None else name_from_text(prefix_name)

    @property
    def address(self) -> ipaddress.IPv6Address | None:
        """The whole address when the record holds it all (``prefix_len`` 0), else ``None``."""
        return self.suffix if self.prefix_len == 0 else None

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[A6, int]:
        if off >= end:
            raise ValueError("empty A6 RDATA")
        prefix_len = buf[off]
        if prefix_len > 128:
            raise ValueError("A6 prefix length over 128")
        octets = 16 - prefix_len // 8
        start = off + 1
        off = start + octets
        if off > end:
            raise ValueError("A6 address suffix runs past the RDATA")
        if octets and buf[start] & ~(0xFF >> (prefix_len % 8)):
            raise ValueError("A6 suffix has pad bits set")
        rr = cls.__new__(cls)
        rr.prefix_len = prefix_len
        rr.suffix = ipaddress.IPv6Address(int.from_bytes(buf[start:off], "big"))
        rr.prefix_name = None
        if prefix_len:
            rr.prefix_name, off = read_plain_name(buf, off, end, names)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.u8(self.prefix_len)
        writer.raw(self.suffix.packed[self.prefix_len // 8 :])
        if self.prefix_name is not None:
            writer.name(self.prefix_name, compress=False)

    def rdata_to_text(self) -> str:
        # BIND leaves the address out at prefix 128 but keeps both separators: "128  name."
        text = f"{self.prefix_len} "
        if self.prefix_len != 128:
            text += ipv6_text(self.suffix)
        if self.prefix_name is not None:
            text += " " + name_to_text(self.prefix_name)
        return text

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        prefix_len = tokens.integer(8, "a prefix length")
        suffix = 0
        if prefix_len < 128:
            text = tokens.string("an IPv6 address suffix")
            try:
                # Like BIND, ignore whatever the text has inside the prefix.
                suffix = int(ipaddress.IPv6Address(text)) & (_ALL >> prefix_len)
            except ValueError:
                raise TextSyntaxError("bad IPv6 address suffix", text) from None
        name = tokens.name() if prefix_len else None
        return (prefix_len, suffix, name)
