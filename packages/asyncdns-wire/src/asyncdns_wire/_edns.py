"""EDNS(0) as a message sees it (RFC 6891): payload size, version, DO bit, extended rcode, options."""

from __future__ import annotations

from collections.abc import Iterable

from ._edns_options import Option
from ._names import ROOT
from .rr._opt import OPT

__all__ = ["Edns"]

DO = 0x8000


class Edns:
    """The EDNS parameters of a message.

    Attributes:
        payload: the largest UDP payload the sender can reassemble (values below 512 are read
            as 512, RFC 6891 section 6.2.3).
        version: the EDNS version (0).
        flags: the 16 EDNS flag bits; :attr:`do` is the top one.
        ext_rcode: the upper 8 bits of the 12-bit rcode.
        options: the options, decoded where the code is known.
    """

    __slots__ = ("ext_rcode", "flags", "options", "payload", "version")

    def __init__(
        self,
        payload: int = 1232,
        *,
        version: int = 0,
        do: bool = False,
        flags: int = 0,
        ext_rcode: int = 0,
        options: Iterable[Option] = (),
    ) -> None:
        if not 0 <= payload <= 0xFFFF:
            raise ValueError("EDNS payload size is a 16-bit unsigned integer")
        if not (0 <= version <= 255 and 0 <= ext_rcode <= 255 and 0 <= flags <= 0xFFFF):
            raise ValueError("EDNS version, extended rcode or flags out of range")
        self.payload = payload
        self.version = version
        self.flags = flags | (DO if do else 0)
        self.ext_rcode = ext_rcode
        self.options = tuple(options)

    @property
    def do(self) -> bool:
        """The DNSSEC OK bit (RFC 3225)."""
        return bool(self.flags & DO)

    @property
    def udp_payload(self) -> int:
        """The payload size to honour: :attr:`payload`, but never less than 512."""
        return max(self.payload, 512)

    def option(self, code: int) -> Option | None:
        """The first option with *code*, or ``None``."""
        for opt in self.options:
            if opt.code == code:
                return opt
        return None

    @classmethod
    def from_rr(cls, rr: OPT) -> Edns:
        """The EDNS parameters an OPT record carries."""
        return cls._from_fields(rr.rr_class, rr.ttl, rr.options)

    @classmethod
    def _from_fields(cls, payload: int, ttl: int, options: tuple[Option, ...]) -> Edns:
        """The EDNS parameters of an OPT record's class (*payload*), TTL and options."""
        edns = cls.__new__(cls)
        edns.payload = payload
        edns.ext_rcode = ttl >> 24
        edns.version = (ttl >> 16) & 0xFF
        edns.flags = ttl & 0xFFFF
        edns.options = options
        return edns

    def to_rr(self) -> OPT:
        """The OPT record that carries these parameters."""
        ttl = (self.ext_rcode << 24) | (self.version << 16) | self.flags
        return OPT(ROOT, ttl, self.options, rr_class=self.payload)

    def to_text(self) -> str:
        """A dig-like summary (``version: 0, flags: do; udp: 1232``)."""
        flags = " do" if self.do else ""
        text = f"EDNS: version: {self.version}, flags:{flags}; udp: {self.payload}"
        for opt in self.options:
            text += f"\n; {opt.to_text()}"
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Edns):
            return NotImplemented
        return (self.payload, self.version, self.flags, self.ext_rcode, self.options) == (
            other.payload,
            other.version,
            other.flags,
            other.ext_rcode,
            other.options,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Edns(payload={self.payload}, version={self.version}, do={self.do}, "
            f"flags={self.flags:#06x}, ext_rcode={self.ext_rcode}, options={self.options!r})"
        )
