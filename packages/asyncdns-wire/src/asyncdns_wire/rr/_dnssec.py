"""DNSSEC records: the DS family (DS, CDS, DLV, TA), the DNSKEY family (DNSKEY, CDNSKEY, KEY)
and the signatures (RRSIG, SIG) -- RFC 4034, RFC 7344, RFC 4431, RFC 2535 / RFC 2931.

TSIG (RFC 8945) and TKEY (RFC 2930), the transaction meta-types, live in :mod:`._tsig`.
"""

from __future__ import annotations

import calendar
import datetime
import struct
import time
from typing import Any, ClassVar

from .._constants import rrtype_from_text, rrtype_to_text
from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._ttl import ttl_from_text
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import (
    HeadBlobRR,
    algorithm_token,
    as_data,
    b64_decode,
    b64_text,
    check_length,
    read_plain_name,
    remaining_text,
)

__all__ = [
    "CDNSKEY",
    "CDS",
    "DLV",
    "DNSKEY",
    "DNSKEYBase",
    "DS",
    "DSBase",
    "KEY",
    "RRSIG",
    "RRSIGBase",
    "SIG",
    "TA",
    "compute_key_tag",
]

# -- DS family ---------------------------------------------------------------------------------

#: Digest lengths of the known DS digest types (SHA-1, SHA-256, GOST R 34.11-94, SHA-384).
DS_DIGEST_LENGTHS = {1: 20, 2: 32, 3: 32, 4: 48}


class DSBase(HeadBlobRR):
    """Base of the records shaped like DS: ``key_tag algorithm digest_type digest``.

    Attributes:
        key_tag: the key tag of the DNSKEY the digest is of.
        algorithm: that key's DNSSEC algorithm number.
        digest_type: the digest algorithm (1 SHA-1, 2 SHA-256, 4 SHA-384...).
        digest: the digest (``bytes``); its length must match a known digest type.
    """

    __slots__ = ("algorithm", "digest", "digest_type", "key_tag")
    _fields = ("key_tag", "algorithm", "digest_type", "digest")
    _head = struct.Struct(">HBB")
    _mnemonics = True
    key_tag: int
    algorithm: int
    digest_type: int
    digest: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        key_tag: int,
        algorithm: int,
        digest_type: int,
        digest: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self._set(key_tag, algorithm, digest_type, digest)

    def _check(self) -> None:
        super()._check()
        check_length(self.digest, DS_DIGEST_LENGTHS, self.digest_type, "a digest")


@rr_type(43)
class DS(DSBase):
    """Delegation signer (RFC 4034 section 5): the digest of a child zone's key."""

    __slots__ = ()


@rr_type(59)
class CDS(DSBase):
    """Child DS (RFC 7344): the DS the child wants its parent to publish (``0 0 0 00``: delete)."""

    __slots__ = ()


@rr_type(32769)
class DLV(DSBase):
    """DNSSEC lookaside validation (RFC 4431, historic)."""

    __slots__ = ()


@rr_type(32768)
class TA(DSBase):
    """DNSSEC trust authority (unpublished draft; same format as DS)."""

    __slots__ = ()


# -- DNSKEY family -----------------------------------------------------------------------------


def compute_key_tag(rdata: bytes, algorithm: int) -> int:
    """The key tag of a key whose RDATA (flags, protocol, algorithm, key) is *rdata*
    (RFC 4034 Appendix B; algorithm 1 uses the older rule of B.1)."""
    if algorithm == 1:
        return int.from_bytes(rdata[-3:-1], "big")
    ac = (sum(rdata[0::2]) << 8) + sum(rdata[1::2])
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


class DNSKEYBase(HeadBlobRR):
    """Base of the records shaped like DNSKEY: ``flags protocol algorithm key``.

    Attributes:
        flags: the key flags (256: zone key, 257: zone key with the SEP bit).
        protocol: always 3 for DNSSEC.
        algorithm: the DNSSEC algorithm number.
        key: the public key (``bytes``, never empty except for a KEY with the NOKEY flags).
    """

    __slots__ = ("algorithm", "flags", "key", "protocol")
    _fields = ("flags", "protocol", "algorithm", "key")
    _head = struct.Struct(">HBB")
    _blob_text = "base64"
    _mnemonics = True
    #: Whether the NOKEY flag combination (0xC000) means "no key material" (KEY only).
    _nokey: ClassVar[bool] = False
    flags: int
    protocol: int
    algorithm: int
    key: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        flags: int,
        protocol: int,
        algorithm: int,
        key: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self._set(flags, protocol, algorithm, key)

    def _check(self) -> None:
        if self._nokey and self.flags & 0xC000 == 0xC000:
            if self.key:
                raise ValueError("a KEY with the NOKEY flags holds no key material")
        else:
            super()._check()

    @property
    def key_tag(self) -> int:
        """The key tag (RFC 4034 Appendix B) that DS and RRSIG records use to name this key."""
        return compute_key_tag(self.rdata_to_wire(), self.algorithm)

    @property
    def is_zone_key(self) -> bool:
        """Whether the Zone Key flag (bit 7, value 256) is set."""
        return bool(self.flags & 0x0100)

    @property
    def is_sep(self) -> bool:
        """Whether the Secure Entry Point flag (value 1, usually a key-signing key) is set."""
        return bool(self.flags & 0x0001)


@rr_type(48)
class DNSKEY(DNSKEYBase):
    """A DNSSEC zone key (RFC 4034 section 2)."""

    __slots__ = ()


@rr_type(60)
class CDNSKEY(DNSKEYBase):
    """Child DNSKEY (RFC 7344): a key the child wants its parent to make a DS for."""

    __slots__ = ()


@rr_type(25)
class KEY(DNSKEYBase):
    """The old DNSSEC key (RFC 2535), still used by SIG(0) and TKEY (RFC 2931, RFC 3445).

    With both bits of 0xC000 set in ``flags`` (NOKEY) it holds no key, and ``key`` is ``b""``.
    """

    __slots__ = ()
    _nokey = True


# -- RRSIG and SIG -----------------------------------------------------------------------------

_SIG_HEAD = struct.Struct(">HBBIIIH")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def sigtime_to_text(value: int, now: int | None = None) -> str:
    """A signature time as ``YYYYMMDDHHmmSS`` (UTC), the way BIND prints it.

    The 32-bit value is read in serial-number arithmetic (RFC 4034 section 3.1.5) as the
    moment nearest to *now* (default: the current time), so values more than 68 years ahead
    of now print as dates before 1970, as dig prints them.
    """
    if now is None:
        now = int(time.time())
    delta = (value - now) & 0xFFFFFFFF
    if delta >= 0x80000000:
        delta -= 0x100000000
    moment = _EPOCH + datetime.timedelta(seconds=now + delta)
    return f"{moment.year:04d}{moment:%m%d%H%M%S}"


def sigtime_from_text(text: str) -> int:
    """Parse a signature time: ``YYYYMMDDHHmmSS`` (UTC) or seconds since the epoch; the result
    is taken modulo 2**32 (RFC 4034 section 3.2).

    Raises:
        TextSyntaxError: neither form.
    """
    if not text.isdigit():
        raise TextSyntaxError("bad signature time", text)
    if len(text) != 14:
        value = int(text)
        if value > 0xFFFFFFFF:
            raise TextSyntaxError("signature time out of range", text)
        return value
    try:
        moment = datetime.datetime(
            int(text[0:4]),
            int(text[4:6]),
            int(text[6:8]),
            int(text[8:10]),
            int(text[10:12]),
            int(text[12:14]),
        )
    except ValueError:
        raise TextSyntaxError("bad signature time", text) from None
    return calendar.timegm(moment.timetuple()) & 0xFFFFFFFF


class RRSIGBase(RR):
    """Base of RRSIG and SIG: a signature over an RRset.

    Attributes:
        type_covered: the type of the RRset signed (0 for SIG(0) transaction signatures).
        algorithm: the DNSSEC algorithm number.
        labels: the number of labels in the original owner name (wildcards have fewer).
        original_ttl: the RRset's TTL as it is in the zone.
        expiration, inception: the validity period, seconds since the epoch modulo 2**32.
        key_tag: the key tag of the signing key.
        signer: the name of the zone (or host) that signed (``bytes``).
        signature: the signature (``bytes``, never empty).
    """

    __slots__ = (
        "algorithm",
        "expiration",
        "inception",
        "key_tag",
        "labels",
        "original_ttl",
        "signature",
        "signer",
        "type_covered",
    )
    _fields = (
        "type_covered",
        "algorithm",
        "labels",
        "original_ttl",
        "expiration",
        "inception",
        "key_tag",
        "signer",
        "signature",
    )
    #: Whether a compressed signer name is accepted when decoding (SIG only, RFC 3597 section 4).
    _compressed: ClassVar[bool] = False
    type_covered: int
    algorithm: int
    labels: int
    original_ttl: int
    expiration: int
    inception: int
    key_tag: int
    signer: bytes
    signature: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        type_covered: int,
        algorithm: int,
        labels: int,
        original_ttl: int,
        expiration: int,
        inception: int,
        key_tag: int,
        signer: str | bytes,
        signature: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self.type_covered = _check_u(type_covered, 16, "type_covered")
        self.algorithm = _check_u(algorithm, 8, "algorithm")
        self.labels = _check_u(labels, 8, "labels")
        self.original_ttl = _check_u(original_ttl, 32, "original_ttl")
        self.expiration = _check_u(expiration, 32, "expiration")
        self.inception = _check_u(inception, 32, "inception")
        self.key_tag = _check_u(key_tag, 16, "key_tag")
        self.signer = name_from_text(signer)
        self.signature = as_data(signature, "signature")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        if end - off < 18:
            raise ValueError("signature RDATA shorter than 18 octets")
        rr = cls.__new__(cls)
        (
            rr.type_covered,
            rr.algorithm,
            rr.labels,
            rr.original_ttl,
            rr.expiration,
            rr.inception,
            rr.key_tag,
        ) = _SIG_HEAD.unpack_from(buf, off)
        rr.signer, off = read_plain_name(buf, off + 18, end, names, compressed=cls._compressed)
        if off >= end:
            raise ValueError("empty signature")
        rr.signature = buf[off:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(
            _SIG_HEAD.pack(
                self.type_covered,
                self.algorithm,
                self.labels,
                self.original_ttl,
                self.expiration,
                self.inception,
                self.key_tag,
            )
        )
        writer.name(self.signer, compress=False)
        writer.raw(self.signature)

    def rdata_to_text(self) -> str:
        return (
            f"{rrtype_to_text(self.type_covered)} {self.algorithm} {self.labels} "
            f"{self.original_ttl} "
            f"{sigtime_to_text(self.expiration)} {sigtime_to_text(self.inception)} {self.key_tag} "
            f"{name_to_text(self.signer)} {b64_text(self.signature)}"
        )

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        covered = tokens.string("a type")
        try:
            type_covered = rrtype_from_text(covered)
        except ValueError:
            raise TextSyntaxError("unknown type covered", covered) from None
        return (
            type_covered,
            algorithm_token(tokens),
            tokens.integer(8, "a label count"),
            ttl_from_text(tokens.string("an original TTL")),
            sigtime_from_text(tokens.string("an expiration time")),
            sigtime_from_text(tokens.string("an inception time")),
            tokens.integer(16, "a key tag"),
            tokens.name("a signer name"),
            b64_decode(remaining_text(tokens), "base64 signature"),
        )

    unicode_signer = unicode_property("signer")


@rr_type(46)
class RRSIG(RRSIGBase):
    """A DNSSEC signature over an RRset (RFC 4034 section 3)."""

    __slots__ = ()


@rr_type(24)
class SIG(RRSIGBase):
    """The old DNSSEC signature (RFC 2535), still used for SIG(0) (RFC 2931)."""

    __slots__ = ()
    _compressed = True
