"""Keys, certificates and their fingerprints: CERT (RFC 4398), OPENPGPKEY (RFC 7929), SSHFP
(RFC 4255), TLSA (RFC 6698) and SMIMEA (RFC 8162), DHCID (RFC 4701), IPSECKEY (RFC 4025),
HIP (RFC 8005) and ZONEMD (RFC 8976)."""

from __future__ import annotations

import base64
import ipaddress
import struct
from collections.abc import Iterable
from typing import Any

from .._errors import TextSyntaxError
from .._inet import ipv6_text
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type
from ._bitmap import (
    ALGORITHMS,
    HeadBlobRR,
    as_data,
    b64_decode,
    b64_text,
    check_length,
    read_plain_name,
    remaining_text,
)

__all__ = [
    "CERT",
    "DHCID",
    "HIP",
    "IPSECKEY",
    "OPENPGPKEY",
    "SMIMEA",
    "SSHFP",
    "TLSA",
    "TLSABase",
    "ZONEMD",
    "Base64RR",
]

_IPv4 = ipaddress.IPv4Address
_IPv6 = ipaddress.IPv6Address


class Base64RR(HeadBlobRR):
    """Base of the records whose RDATA is one opaque blob shown in base64.

    Attributes:
        data: the RDATA octets (never empty).
    """

    __slots__ = ("data",)
    _fields = ("data",)
    _blob_text = "base64"
    data: bytes

    def __init__(self, name: str | bytes, ttl: int, data: bytes, *, rr_class: int = IN) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self._set(data)


@rr_type(61)
class OPENPGPKEY(Base64RR):
    """An OpenPGP transferable public key (RFC 7929); ``data`` is the key."""

    __slots__ = ()

    @property
    def key(self) -> bytes:
        """The key (same as ``data``)."""
        return self.data


@rr_type(49, IN)
class DHCID(Base64RR):
    """A DHCP client identifier digest (RFC 4701); ``data`` is identifier type, digest type and
    digest."""

    __slots__ = ()


# -- CERT ---------------------------------------------------------------------------------------

#: Certificate type mnemonics (RFC 4398 section 2.1).
CERT_TYPES = {
    1: "PKIX",
    2: "SPKI",
    3: "PGP",
    4: "IPKIX",
    5: "ISPKI",
    6: "IPGP",
    7: "ACPKIX",
    8: "IACPKIX",
    253: "URI",
    254: "OID",
}
_CERT_TYPE_FROM_TEXT = {v: k for k, v in CERT_TYPES.items()}


@rr_type(37)
class CERT(HeadBlobRR):
    """A certificate or certificate revocation list (RFC 4398).

    Attributes:
        cert_type: the certificate type (1 PKIX, 3 PGP...; mnemonics in text).
        key_tag: the key tag of the key the certificate is for (0 if none).
        algorithm: the DNSSEC algorithm of that key (mnemonic in text when it has one).
        certificate: the certificate (``bytes``, never empty).
    """

    __slots__ = ("algorithm", "cert_type", "certificate", "key_tag")
    _fields = ("cert_type", "key_tag", "algorithm", "certificate")
    _head = struct.Struct(">HHB")
    _blob_text = "base64"
    _mnemonics = True
    cert_type: int
    key_tag: int
    algorithm: int
    certificate: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        cert_type: int,
        key_tag: int,
        algorithm: int,
        certificate: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 37, rr_class, ttl)
        self._set(cert_type, key_tag, algorithm, certificate)

    def rdata_to_text(self) -> str:
        cert_type = CERT_TYPES.get(self.cert_type, str(self.cert_type))
        algorithm = ALGORITHMS.get(self.algorithm, str(self.algorithm))
        return f"{cert_type} {self.key_tag} {algorithm} {b64_text(self.certificate)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        first = tokens.peek()
        if first is not None:
            cert_type = _CERT_TYPE_FROM_TEXT.get(first.text.upper())
            if cert_type is not None:
                first.text = str(cert_type)
        return super()._from_tokens(tokens)


# -- fingerprints and associations ---------------------------------------------------------------

#: SSHFP fingerprint lengths by type (1 SHA-1, 2 SHA-256).
SSHFP_LENGTHS = {1: 20, 2: 32}


@rr_type(44)
class SSHFP(HeadBlobRR):
    """An SSH host key fingerprint (RFC 4255, RFC 6594).

    Attributes:
        algorithm: the SSH key algorithm (1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519...).
        fp_type: the fingerprint type (1 SHA-1, 2 SHA-256).
        fingerprint: the fingerprint (``bytes``, never empty; hex in text).
    """

    __slots__ = ("algorithm", "fingerprint", "fp_type")
    _fields = ("algorithm", "fp_type", "fingerprint")
    _head = struct.Struct(">BB")
    algorithm: int
    fp_type: int
    fingerprint: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        algorithm: int,
        fp_type: int,
        fingerprint: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 44, rr_class, ttl)
        self._set(algorithm, fp_type, fingerprint)

    def _check(self) -> None:
        super()._check()
        check_length(self.fingerprint, SSHFP_LENGTHS, self.fp_type, "a fingerprint")


class TLSABase(HeadBlobRR):
    """Base of TLSA and SMIMEA: a certificate association.

    Attributes:
        usage: the certificate usage (0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE).
        selector: what is matched (0 full certificate, 1 SubjectPublicKeyInfo).
        matching_type: how (0 exact, 1 SHA-256, 2 SHA-512).
        data: the certificate association data (``bytes``, never empty; hex in text).
    """

    __slots__ = ("data", "matching_type", "selector", "usage")
    _fields = ("usage", "selector", "matching_type", "data")
    _head = struct.Struct(">BBB")
    usage: int
    selector: int
    matching_type: int
    data: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        usage: int,
        selector: int,
        matching_type: int,
        data: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self._set(usage, selector, matching_type, data)


@rr_type(52)
class TLSA(TLSABase):
    """A TLS certificate association (DANE, RFC 6698)."""

    __slots__ = ()


@rr_type(53)
class SMIMEA(TLSABase):
    """An S/MIME certificate association (RFC 8162)."""

    __slots__ = ()


# -- ZONEMD ---------------------------------------------------------------------------------------

#: ZONEMD digest lengths by hash algorithm (1 SHA-384, 2 SHA-512).
ZONEMD_LENGTHS = {1: 48, 2: 64}


@rr_type(63)
class ZONEMD(HeadBlobRR):
    """A message digest over a whole zone (RFC 8976).

    Attributes:
        serial: the SOA serial of the zone digested.
        scheme: the digest scheme (1: SIMPLE).
        hash_algorithm: 1 SHA-384, 2 SHA-512.
        digest: the digest (``bytes``, at least 12 octets; exact length for known algorithms).
    """

    __slots__ = ("digest", "hash_algorithm", "scheme", "serial")
    _fields = ("serial", "scheme", "hash_algorithm", "digest")
    _head = struct.Struct(">IBB")
    serial: int
    scheme: int
    hash_algorithm: int
    digest: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        serial: int,
        scheme: int,
        hash_algorithm: int,
        digest: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 63, rr_class, ttl)
        self._set(serial, scheme, hash_algorithm, digest)

    def _check(self) -> None:
        if len(self.digest) < 12:
            raise ValueError("a ZONEMD digest is at least 12 octets")
        check_length(self.digest, ZONEMD_LENGTHS, self.hash_algorithm, "a digest")


# -- IPSECKEY -----------------------------------------------------------------------------------

Gateway = None | ipaddress.IPv4Address | ipaddress.IPv6Address | bytes


def _gateway(gateway_type: int, gateway: object) -> Gateway:
    if gateway_type == 0:
        if gateway not in (None, ".", b"."):
            raise ValueError("gateway type 0 means no gateway (None)")
        return None
    if gateway_type == 1:
        return _IPv4(gateway)
    if gateway_type == 2:
        return _IPv6(gateway)
    if gateway_type == 3:
        if not isinstance(gateway, (str, bytes)):
            raise TypeError("a type 3 gateway is a domain name")
        return name_from_text(gateway)
    raise ValueError(f"unknown IPSECKEY gateway type {gateway_type}")


@rr_type(45)
class IPSECKEY(RR):
    """An IPsec keying gateway and key (RFC 4025).

    Attributes:
        precedence: lower is preferred.
        gateway_type: 0 none, 1 IPv4, 2 IPv6, 3 domain name.
        algorithm: the key algorithm (1 DSA, 2 RSA, 3 ECDSA...).
        gateway: ``None``, an :class:`ipaddress.IPv4Address` or :class:`~ipaddress.IPv6Address`,
            or a name (``bytes``), as ``gateway_type`` says.
        key: the public key (``bytes``, never empty).
    """

    __slots__ = ("algorithm", "gateway", "gateway_type", "key", "precedence")
    _fields = ("precedence", "gateway_type", "algorithm", "gateway", "key")
    precedence: int
    gateway_type: int
    algorithm: int
    gateway: Gateway
    key: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        precedence: int,
        gateway_type: int,
        algorithm: int,
        gateway: object,
        key: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 45, rr_class, ttl)
        self.precedence = _check_u(precedence, 8, "precedence")
        self.gateway_type = _check_u(gateway_type, 8, "gateway_type")
        self.algorithm = _check_u(algorithm, 8, "algorithm")
        self.gateway = _gateway(self.gateway_type, gateway)
        self.key = as_data(key, "key")

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[IPSECKEY, int]:
        if end - off < 3:
            raise ValueError("IPSECKEY RDATA shorter than 3 octets")
        rr = cls.__new__(cls)
        rr.precedence, rr.gateway_type, rr.algorithm = buf[off], buf[off + 1], buf[off + 2]
        off += 3
        kind = rr.gateway_type
        if kind == 0:
            rr.gateway = None
        elif kind in (1, 2):
            size = 4 if kind == 1 else 16
            if off + size > end:
                raise ValueError("IPSECKEY gateway runs past the RDATA")
            rr.gateway = _IPv4(buf[off : off + size]) if kind == 1 else _IPv6(buf[off : off + size])
            off += size
        elif kind == 3:
            rr.gateway, off = read_plain_name(buf, off, end, names)
        else:
            raise ValueError(f"unknown IPSECKEY gateway type {kind}")
        if off >= end:
            raise ValueError("IPSECKEY without a public key")
        rr.key = buf[off:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(bytes((self.precedence, self.gateway_type, self.algorithm)))
        gateway = self.gateway
        if isinstance(gateway, bytes):
            writer.name(gateway, compress=False)
        elif gateway is not None:
            writer.raw(gateway.packed)
        writer.raw(self.key)

    def rdata_to_text(self) -> str:
        gateway = self.gateway
        if gateway is None:
            gw = "."
        elif isinstance(gateway, bytes):
            gw = name_to_text(gateway)
        elif isinstance(gateway, _IPv6):
            gw = ipv6_text(gateway)
        else:
            gw = str(gateway)
        return f"{self.precedence} {self.gateway_type} {self.algorithm} {gw} {b64_text(self.key)}"

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        precedence = tokens.integer(8, "a precedence")
        gateway_type = tokens.integer(8, "a gateway type")
        algorithm = tokens.integer(8, "an algorithm")
        gateway: object
        if gateway_type == 3:
            gateway = tokens.name("a gateway")
        else:
            text = tokens.string("a gateway")
            gateway = None if gateway_type == 0 and text == "." else text
        return (
            precedence,
            gateway_type,
            algorithm,
            gateway,
            b64_decode(remaining_text(tokens), "base64 key"),
        )


# -- HIP ------------------------------------------------------------------------------------------

_HIP_HEAD = struct.Struct(">BBH")


@rr_type(55)
class HIP(RR):
    """A Host Identity Protocol host identity (RFC 8005).

    Attributes:
        hit: the Host Identity Tag (``bytes``, never empty; hex in text).
        algorithm: the public key algorithm (1 DSA, 2 RSA, 3 ECDSA...).
        public_key: the Host Identity public key (``bytes``, never empty).
        servers: the rendezvous servers (a tuple of names, possibly empty).
    """

    __slots__ = ("algorithm", "hit", "public_key", "servers")
    _fields = ("hit", "algorithm", "public_key", "servers")
    hit: bytes
    algorithm: int
    public_key: bytes
    servers: tuple[bytes, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        hit: bytes,
        algorithm: int,
        public_key: bytes,
        servers: Iterable[str | bytes] = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 55, rr_class, ttl)
        self.hit = as_data(hit, "hit", limit=255)
        self.algorithm = _check_u(algorithm, 8, "algorithm")
        self.public_key = as_data(public_key, "public_key")
        if isinstance(servers, (str, bytes)):
            raise TypeError("servers must be an iterable of names, not a single name")
        self.servers = tuple(name_from_text(s) for s in servers)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[HIP, int]:
        if end - off < 4:
            raise ValueError("HIP RDATA shorter than 4 octets")
        rr = cls.__new__(cls)
        hit_len, rr.algorithm, pk_len = _HIP_HEAD.unpack_from(buf, off)
        if not hit_len or not pk_len:
            raise ValueError("HIP with an empty HIT or public key")
        off += 4
        stop = off + hit_len + pk_len
        if stop > end:
            raise ValueError("HIP HIT or public key runs past the RDATA")
        rr.hit = buf[off : off + hit_len]
        rr.public_key = buf[off + hit_len : stop]
        servers = []
        while stop < end:
            server, stop = read_plain_name(buf, stop, end, names)
            servers.append(server)
        rr.servers = tuple(servers)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_HIP_HEAD.pack(len(self.hit), self.algorithm, len(self.public_key)))
        writer.raw(self.hit)
        writer.raw(self.public_key)
        for server in self.servers:
            writer.name(server, compress=False)

    def rdata_to_text(self) -> str:
        parts = [
            str(self.algorithm),
            self.hit.hex().upper(),
            base64.b64encode(self.public_key).decode("ascii"),
        ]
        parts.extend(name_to_text(s) for s in self.servers)
        return " ".join(parts)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        algorithm = tokens.integer(8, "an algorithm")
        text = tokens.string("a HIT")
        try:
            hit = bytes.fromhex(text)
        except ValueError:
            raise TextSyntaxError("bad HIT", text) from None
        key = b64_decode(tokens.string("a base64 public key"), "base64 public key")
        servers = []
        while not tokens.at_end():
            servers.append(tokens.name("a rendezvous server"))
        return (hit, algorithm, key, servers)
