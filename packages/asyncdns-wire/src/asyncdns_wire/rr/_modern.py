"""Newer and lesser-known records built on the shapes other modules define: the text records
NINFO, AVC, RESINFO (RFC 9606) and WALLET, the DNSKEY-shaped RKEY, TALINK (two names), DSYNC
(RFC 9859), DOA (draft-durand-doa-over-dns) and the base64 blobs HHIT and BRID (RFC 9886).

Names in their RDATA are never compressed, in either direction (RFC 3597 section 4).
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterable
from typing import Any

from .._constants import rrtype_from_text, rrtype_to_text
from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens, quote_string
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import as_data, b64_decode, read_plain_name, remaining_text
from ._certs import Base64RR
from ._dnssec import DNSKEYBase
from ._misc import TwoNamesRR
from ._rdutil import as_bytes
from ._txt import TextRR

__all__ = [
    "AVC",
    "BRID",
    "DOA",
    "DSYNC",
    "HHIT",
    "NINFO",
    "RESINFO",
    "RKEY",
    "TALINK",
    "WALLET",
    "StringsRR",
]

# -- text records -----------------------------------------------------------------------------


class StringsRR(TextRR):
    """Base of the TXT-shaped records that hold at least one character-string (NINFO, AVC,
    RESINFO, WALLET): BIND refuses them empty, on the wire and in text.

    Attributes:
        strings: the character-strings exactly as on the wire (a non-empty tuple of ``bytes``).
    """

    __slots__ = ()

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        text: str | bytes | Iterable[str | bytes],
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, ttl, text, rr_class=rr_class)
        if not self.strings:
            raise ValueError(f"{type(self).__name__} holds at least one character-string")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        if off >= end:
            raise ValueError("no character-string")
        return super()._from_wire(buf, off, end, names)


@rr_type(56)
class NINFO(StringsRR):
    """Zone status information (draft-reid-dnsext-zs, expired): free-form text."""

    __slots__ = ()


@rr_type(258)
class AVC(StringsRR):
    """Application visibility and control (Cisco, registered with IANA): ``key:value`` text."""

    __slots__ = ()


@rr_type(261)
class RESINFO(StringsRR):
    """Resolver information (RFC 9606): ``key`` and ``key=value`` strings (``qnamemin``,
    ``exterr=15,16``, ``infourl=https://...``)."""

    __slots__ = ()


@rr_type(262)
class WALLET(StringsRR):
    """A public wallet address (registered with IANA): currency, then the address."""

    __slots__ = ()


# -- RKEY, TALINK, HHIT, BRID ------------------------------------------------------------------


@rr_type(57)
class RKEY(DNSKEYBase):
    """A resource key (draft-reid-dnsext-rkey, expired): DNSKEY's format, ``flags`` always 0
    (BIND refuses any other value)."""

    __slots__ = ()

    def _check(self) -> None:
        if self.flags:
            raise ValueError("RKEY flags must be 0")
        super()._check()


@rr_type(58)
class TALINK(TwoNamesRR):
    """A trust anchor link (draft-ietf-dnsop-dnssec-trust-history, expired): the previous and
    next names in a chain of trust anchor histories (the root when there is none).

    Attributes:
        previous_name: the previous name in the chain (``bytes``).
        next_name: the next name in the chain (``bytes``).
    """

    __slots__ = ("next_name", "previous_name")
    _fields = ("previous_name", "next_name")
    previous_name: bytes
    next_name: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        previous_name: str | bytes,
        next_name: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 58, rr_class, ttl)
        self._set_names(previous_name, next_name)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[TALINK, int]:
        rr = cls.__new__(cls)
        rr.previous_name, off = read_plain_name(buf, off, end, names)
        rr.next_name, off = read_plain_name(buf, off, end, names)
        return rr, off

    unicode_previous_name = unicode_property("previous_name")
    unicode_next_name = unicode_property("next_name")


@rr_type(67)
class HHIT(Base64RR):
    """A Hierarchical Host Identity Tag (RFC 9886, DRIP): ``data`` is the opaque RDATA."""

    __slots__ = ()


@rr_type(68)
class BRID(Base64RR):
    """A UAS broadcast remote identification (RFC 9886, DRIP): ``data`` is the opaque RDATA."""

    __slots__ = ()


# -- DSYNC ------------------------------------------------------------------------------------

#: DSYNC scheme mnemonics (RFC 9859 section 6.2).
DSYNC_SCHEMES = {1: "NOTIFY"}
_SCHEME_FROM_TEXT = {v: k for k, v in DSYNC_SCHEMES.items()}
_DSYNC_HEAD = struct.Struct(">HBH")


def _rrtype(value: int | str, what: str) -> int:
    if isinstance(value, str):
        return rrtype_from_text(value)
    return _check_u(value, 16, what)


@rr_type(66)
class DSYNC(RR):
    """Where a child zone's operator sends delegation updates (RFC 9859): the type of update,
    how (the scheme), and the target host and port.

    Attributes:
        rrtype: the type the endpoint accepts updates for (``CDS``, ``CSYNC``...; a number,
            mnemonics accepted). Not to be confused with ``rr_type``, this record's own type.
        scheme: the notification scheme (1 ``NOTIFY``).
        port: the port to send to.
        target: the host to send to (``bytes``; never compressed).
    """

    __slots__ = ("port", "rrtype", "scheme", "target")
    _fields = ("rrtype", "scheme", "port", "target")
    rrtype: int
    scheme: int
    port: int
    target: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        rrtype: int | str,
        scheme: int | str,
        port: int,
        target: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 66, rr_class, ttl)
        self.rrtype = _rrtype(rrtype, "rrtype")
        if isinstance(scheme, str):
            if scheme.upper() not in _SCHEME_FROM_TEXT:
                raise ValueError(f"unknown DSYNC scheme {scheme!r}")
            scheme = _SCHEME_FROM_TEXT[scheme.upper()]
        self.scheme = _check_u(scheme, 8, "scheme")
        self.port = _check_u(port, 16, "port")
        self.target = name_from_text(target)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[DSYNC, int]:
        if off + _DSYNC_HEAD.size > end:
            raise ValueError("DSYNC RDATA too short")
        rr = cls.__new__(cls)
        rr.rrtype, rr.scheme, rr.port = _DSYNC_HEAD.unpack_from(buf, off)
        rr.target, off = read_plain_name(buf, off + _DSYNC_HEAD.size, end, names)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_DSYNC_HEAD.pack(self.rrtype, self.scheme, self.port))
        writer.name(self.target, compress=False)

    def rdata_to_text(self) -> str:
        scheme = DSYNC_SCHEMES.get(self.scheme, str(self.scheme))
        return f"{rrtype_to_text(self.rrtype)} {scheme} {self.port} {name_to_text(self.target)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        text = tokens.string("an RR type")
        try:
            rrtype = int(text) if text.isascii() and text.isdigit() else rrtype_from_text(text)
        except ValueError:
            raise TextSyntaxError("unknown RR type", text) from None
        text = tokens.string("a scheme")
        scheme = _SCHEME_FROM_TEXT.get(text.upper())
        if scheme is None:
            if not (text.isascii() and text.isdigit()):
                raise TextSyntaxError("unknown DSYNC scheme", text)
            scheme = int(text)
        return (rrtype, scheme, tokens.integer(16, "a port"), tokens.name("a target"))

    unicode_target = unicode_property("target")


# -- DOA ----------------------------------------------------------------------------------------

_DOA_HEAD = struct.Struct(">IIB")


@rr_type(259)
class DOA(RR):
    """A Digital Object Architecture record (draft-durand-doa-over-dns, expired).

    Text is ``enterprise type location "media-type" data``, the data in base64 on one line
    (``-`` when empty), as BIND prints it.

    Attributes:
        enterprise: the IANA private enterprise number that defines ``doa_type`` (0: IETF).
        doa_type: the kind of object, as the enterprise defines it.
        location: where the data lives (1 local, 2 URI, 3 handle, 4 hash...).
        media_type: the data's media type (``bytes``, at most 255 octets, may be empty).
        data: the object (``bytes``, may be empty).
    """

    __slots__ = ("data", "doa_type", "enterprise", "location", "media_type")
    _fields = ("enterprise", "doa_type", "location", "media_type", "data")
    enterprise: int
    doa_type: int
    location: int
    media_type: bytes
    data: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        enterprise: int,
        doa_type: int,
        location: int,
        media_type: str | bytes,
        data: bytes = b"",
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 259, rr_class, ttl)
        self.enterprise = _check_u(enterprise, 32, "enterprise")
        self.doa_type = _check_u(doa_type, 32, "doa_type")
        self.location = _check_u(location, 8, "location")
        self.media_type = as_bytes(media_type, "media_type")
        self.data = as_data(data, "data", empty=True, limit=0xFFFF - 10 - len(self.media_type))

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[DOA, int]:
        start = off + _DOA_HEAD.size
        if start >= end:
            raise ValueError("DOA RDATA too short")
        rr = cls.__new__(cls)
        rr.enterprise, rr.doa_type, rr.location = _DOA_HEAD.unpack_from(buf, off)
        stop = start + 1 + buf[start]
        if stop > end:
            raise ValueError("DOA media type runs past the RDATA")
        rr.media_type = buf[start + 1 : stop]
        rr.data = buf[stop:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_DOA_HEAD.pack(self.enterprise, self.doa_type, self.location))
        writer.char_string(self.media_type)
        writer.raw(self.data)

    def rdata_to_text(self) -> str:
        # Unlike every other blob, BIND writes DOA's base64 on one line.
        data = base64.b64encode(self.data).decode("ascii") if self.data else "-"
        return (
            f"{self.enterprise} {self.doa_type} {self.location} "
            f"{quote_string(self.media_type)} {data}"
        )

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        enterprise = tokens.integer(32, "an enterprise number")
        doa_type = tokens.integer(32, "a DOA type")
        location = tokens.integer(8, "a location")
        media_type = tokens.char_string("a media type")
        if tokens.at_end():
            raise TextSyntaxError("missing DOA data (- when there is none)")
        text = remaining_text(tokens)
        data = b"" if text == "-" else b64_decode(text, "base64 DOA data")
        return (enterprise, doa_type, location, media_type, data)
