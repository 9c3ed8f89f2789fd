"""Records whose RDATA is one domain name: NS, CNAME, PTR, DNAME and the obsolete MB, MD, MF,
MG and MR (RFC 1035, RFC 6672).

The field keeps the name asyncdns 0.1 gave it (``host``, ``cname``, ``dname``, ``mailbox``),
with a ``unicode_<field>`` twin after IDNA decoding.
"""

from __future__ import annotations

import ipaddress
from typing import Any, ClassVar

from .._names import NameCache, name_from_text, read_name
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, rr_type, unicode_property

__all__ = ["CNAME", "DNAME", "MB", "MD", "MF", "MG", "MR", "NS", "PTR", "SingleNameRR"]


class SingleNameRR(RR):
    """Base of the records whose RDATA is a single domain name held in ``target``."""

    __slots__ = ("target",)
    _fields = ("target",)
    #: Whether the name may be compressed on the wire (only RFC 1035's own types).
    _compress: ClassVar[bool] = True
    target: bytes

    def __init__(
        self, name: str | bytes, ttl: int, target: str | bytes, *, rr_class: int = IN
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self.target = name_from_text(target)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        rr = cls.__new__(cls)
        rr.target, stop = read_name(buf, off, names)
        return rr, stop

    def _to_wire(self, writer: Writer) -> None:
        writer.name(self.target, compress=self._compress)

    def rdata_to_text(self) -> str:
        return _abs(self.target)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.name(),)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, ttl={self.ttl}, {self._fields[-1]}={self.target!r})"


def _abs(name: bytes) -> str:
    return "." if name == b"." else name.decode("ascii", "backslashreplace") + "."


def _alias(field: str) -> property:
    def getter(self: SingleNameRR) -> bytes:
        return self.target

    getter.__doc__ = (
        "The domain name in the RDATA (``bytes``, presentation form); same as ``target``."
    )
    return property(getter)


@rr_type(2)
class NS(SingleNameRR):
    """An authoritative nameserver for the owner zone."""

    __slots__ = ()
    host = _alias("host")
    unicode_host = unicode_property("target")


@rr_type(3)
class MD(SingleNameRR):
    """Mail destination (obsolete, RFC 973)."""

    __slots__ = ()
    host = _alias("host")
    unicode_host = unicode_property("target")


@rr_type(4)
class MF(SingleNameRR):
    """Mail forwarder (obsolete, RFC 973)."""

    __slots__ = ()
    host = _alias("host")
    unicode_host = unicode_property("target")


@rr_type(5)
class CNAME(SingleNameRR):
    """The canonical name of an alias."""

    __slots__ = ()
    cname = _alias("cname")
    unicode_cname = unicode_property("target")


@rr_type(7)
class MB(SingleNameRR):
    """Mailbox domain name (experimental)."""

    __slots__ = ()
    host = _alias("host")
    unicode_host = unicode_property("target")


@rr_type(8)
class MG(SingleNameRR):
    """Mail group member (experimental)."""

    __slots__ = ()
    mailbox = _alias("mailbox")
    unicode_mailbox = unicode_property("target")


@rr_type(9)
class MR(SingleNameRR):
    """Mail rename domain name (experimental)."""

    __slots__ = ()
    mailbox = _alias("mailbox")
    unicode_mailbox = unicode_property("target")


@rr_type(12)
class PTR(SingleNameRR):
    """A pointer to another name, usually for reverse lookups."""

    __slots__ = ()
    dname = _alias("dname")
    unicode_dname = unicode_property("target")
    unicode_host = unicode_property("target")

    @property
    def address(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
        """The address the owner name encodes (``in-addr.arpa``/``ip6.arpa``), else ``None``."""
        return address_from_reverse(self.name)


@rr_type(39)
class DNAME(SingleNameRR):
    """Redirection of a whole subtree (RFC 6672); its name is never compressed."""

    __slots__ = ()
    _compress = False
    dname = _alias("dname")
    unicode_dname = unicode_property("target")


_HEX_DIGITS = frozenset(bytes([c]) for c in b"0123456789abcdef")


def address_from_reverse(name: bytes) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a complete ``in-addr.arpa`` or ``ip6.arpa`` name stands for, else ``None``."""
    labels = name.lower().split(b".")
    try:
        if labels[-2:] == [b"in-addr", b"arpa"] and len(labels) == 6:
            return ipaddress.IPv4Address(".".join(x.decode() for x in reversed(labels[:4])))
        if labels[-2:] == [b"ip6", b"arpa"] and len(labels) == 34:
            nibbles = labels[:32]
            if all(len(x) == 1 and x in _HEX_DIGITS for x in nibbles):
                return ipaddress.IPv6Address(int(b"".join(reversed(nibbles)), 16))
    except (ValueError, UnicodeDecodeError):
        return None
    return None
