"""The transaction meta-records: TKEY (RFC 2930) and TSIG (RFC 8945).

They live inside one exchange and never in a zone; this module decodes, encodes and prints
them, nothing more (no key agreement, no signing). Both carry an algorithm name (never
compressed, in either direction), an extended error code and length-prefixed blobs. Their text
is exactly what BIND prints, spacing included: the blob lengths are written out, an empty TKEY
key leaves two spaces between its length and the next field, and a TSIG always ends with a
space after its other-data length. Both default to class ANY, as the RFCs require.
"""

from __future__ import annotations

import struct
from typing import Any

from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._writer import Writer
from ._base import ANY, RR, _check_u, rr_type, unicode_property
from ._bitmap import as_data, b64_decode, b64_text, read_plain_name

__all__ = ["TKEY", "TSIG", "tsig_error_from_text", "tsig_error_to_text"]

#: The extended error codes as BIND names them in TKEY and TSIG (others print as numbers).
_ERRORS = [
    "NOERROR",
    "FORMERR",
    "SERVFAIL",
    "NXDOMAIN",
    "NOTIMP",
    "REFUSED",
    "YXDOMAIN",
    "YXRRSET",
    "NXRRSET",
    "NOTAUTH",
    "NOTZONE",
    "RESERVED11",
    "RESERVED12",
    "RESERVED13",
    "RESERVED14",
    "RESERVED15",
    "BADSIG",
    "BADKEY",
    "BADTIME",
    "BADMODE",
    "BADNAME",
    "BADALG",
    "BADTRUNC",
]
#: What text parsing accepts: BIND's names plus the other spellings of those codes.
_ERROR_FROM_TEXT = {text: code for code, text in enumerate(_ERRORS)} | {
    "DSOTYPENI": 11,
    "BADVERS": 16,
    "BADCOOKIE": 23,
}

_TKEY_HEAD = struct.Struct(">IIHHH")  # inception, expiration, mode, error, key size
_TSIG_HEAD = struct.Struct(">HIHH")  # time signed (high 16, low 32 bits), fudge, MAC size
_TSIG_TAIL = struct.Struct(">HHH")  # original id, error, other size
_U16 = struct.Struct(">H")


def tsig_error_to_text(error: int) -> str:
    """A TKEY or TSIG error code as BIND prints it (``BADTIME``, ``RESERVED11``, ``23``...)."""
    return _ERRORS[error] if error < len(_ERRORS) else str(error)


def tsig_error_from_text(text: str) -> int:
    """Parse a TKEY or TSIG error: a mnemonic (case-insensitive) or a number up to 65535.

    Raises:
        TextSyntaxError: neither.
    """
    code = _ERROR_FROM_TEXT.get(text.upper())
    if code is not None:
        return code
    if not (text.isascii() and text.isdigit()) or int(text) > 0xFFFF:
        raise TextSyntaxError("bad TSIG/TKEY error code", text)
    return int(text)


def _read_counted(buf: bytes, off: int, end: int, what: str) -> tuple[bytes, int]:
    """The blob at *off* preceded by its 16-bit length, and the offset after it."""
    if off + 2 > end:
        raise ValueError(f"{what} length runs past the RDATA")
    stop = off + 2 + _U16.unpack_from(buf, off)[0]
    if stop > end:
        raise ValueError(f"{what} runs past the RDATA")
    return buf[off + 2 : stop], stop


def _counted_b64(tokens: Tokens, size: int, what: str) -> bytes:
    """*size* octets of base64, read from as many tokens as they take (none when *size* is 0,
    though a quoted empty string is skipped there: dnspython writes an empty blob as ``""``)."""
    if size == 0:
        tok = tokens.peek()
        if tok is not None and tok.quoted and not tok.text:
            tokens.next()
        return b""
    need = (size + 2) // 3 * 4
    text = ""
    while len(text) < need:
        text += tokens.string(what)
    data = b64_decode(text, what)
    if len(data) != size:
        raise TextSyntaxError(f"{what} is not the {size} octets its length says", text[:20])
    return data


@rr_type(249)
class TKEY(RR):
    """A transaction key negotiation record (RFC 2930).

    Text is ``algorithm inception expiration mode error key-size key other-size [other]``, the
    times as seconds since the epoch and the error by name, as BIND prints it.

    Attributes:
        algorithm: the name of the algorithm the key is for (``bytes``, e.g. ``b"gss-tsig"``).
        inception: the start of the key's validity, seconds since the epoch (32 bits).
        expiration: the end of the key's validity, seconds since the epoch (32 bits).
        mode: the key agreement mode (1 server assignment, 2 Diffie-Hellman, 3 GSS-API,
            4 resolver assignment, 5 key deletion).
        error: the extended error code (0, or 16 BADSIG ... 22 BADTRUNC, 19 BADMODE...).
        key: the key exchange data (``bytes``, may be empty).
        other: the other data (``bytes``, usually empty).
    """

    __slots__ = ("algorithm", "error", "expiration", "inception", "key", "mode", "other")
    _fields = ("algorithm", "inception", "expiration", "mode", "error", "key", "other")
    algorithm: bytes
    inception: int
    expiration: int
    mode: int
    error: int
    key: bytes
    other: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        algorithm: str | bytes,
        inception: int,
        expiration: int,
        mode: int,
        error: int,
        key: bytes,
        other: bytes = b"",
        *,
        rr_class: int = ANY,
    ) -> None:
        super().__init__(name, 249, rr_class, ttl)
        self.algorithm = name_from_text(algorithm)
        self.inception = _check_u(inception, 32, "inception")
        self.expiration = _check_u(expiration, 32, "expiration")
        self.mode = _check_u(mode, 16, "mode")
        self.error = _check_u(error, 16, "error")
        self.key = as_data(key, "key", empty=True)
        self.other = as_data(other, "other", empty=True)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[TKEY, int]:
        rr = cls.__new__(cls)
        rr.algorithm, off = read_plain_name(buf, off, end, names)
        if off + _TKEY_HEAD.size > end:
            raise ValueError("TKEY RDATA too short")
        rr.inception, rr.expiration, rr.mode, rr.error, size = _TKEY_HEAD.unpack_from(buf, off)
        off += _TKEY_HEAD.size
        if off + size > end:
            raise ValueError("TKEY key runs past the RDATA")
        rr.key = buf[off : off + size]
        rr.other, off = _read_counted(buf, off + size, end, "TKEY other data")
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.name(self.algorithm, compress=False)
        writer.raw(
            _TKEY_HEAD.pack(self.inception, self.expiration, self.mode, self.error, len(self.key))
        )
        writer.raw(self.key)
        writer.u16(len(self.other))
        writer.raw(self.other)

    def rdata_to_text(self) -> str:
        text = (
            f"{name_to_text(self.algorithm)} {self.inception} {self.expiration} {self.mode} "
            f"{tsig_error_to_text(self.error)} {len(self.key)} {b64_text(self.key)} "
            f"{len(self.other)}"
        )
        return f"{text} {b64_text(self.other)}" if self.other else text

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        algorithm = tokens.name("an algorithm name")
        inception = tokens.integer(32, "an inception time")
        expiration = tokens.integer(32, "an expiration time")
        mode = tokens.integer(16, "a mode")
        error = tsig_error_from_text(tokens.string("an error"))
        key = _counted_b64(tokens, tokens.integer(16, "a key size"), "base64 key")
        other = _counted_b64(tokens, tokens.integer(16, "an other size"), "base64 other data")
        return (algorithm, inception, expiration, mode, error, key, other)

    unicode_algorithm = unicode_property("algorithm")


@rr_type(250)
class TSIG(RR):
    """A transaction signature (RFC 8945), the last record of a signed message.

    Text is ``algorithm time-signed fudge mac-size [mac] original-id error other-size [other]``
    with the time as seconds since the epoch and the error by name, as BIND prints it.

    Attributes:
        algorithm: the MAC algorithm's name (``bytes``, e.g. ``b"hmac-sha256"``).
        time_signed: when the message was signed, seconds since the epoch (48 bits).
        fudge: the seconds of clock skew permitted around ``time_signed``.
        mac: the message authentication code (``bytes``; empty in some error replies).
        original_id: the message ID of the message as it was first signed.
        error: the extended error code (0, 16 BADSIG, 17 BADKEY, 18 BADTIME, 22 BADTRUNC...).
        other: the other data (``bytes``; the server's time when ``error`` is BADTIME).
    """

    __slots__ = ("algorithm", "error", "fudge", "mac", "original_id", "other", "time_signed")
    _fields = ("algorithm", "time_signed", "fudge", "mac", "original_id", "error", "other")
    algorithm: bytes
    time_signed: int
    fudge: int
    mac: bytes
    original_id: int
    error: int
    other: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        algorithm: str | bytes,
        time_signed: int,
        fudge: int,
        mac: bytes,
        original_id: int,
        error: int = 0,
        other: bytes = b"",
        *,
        rr_class: int = ANY,
    ) -> None:
        super().__init__(name, 250, rr_class, ttl)
        self.algorithm = name_from_text(algorithm)
        self.time_signed = _check_u(time_signed, 48, "time_signed")
        self.fudge = _check_u(fudge, 16, "fudge")
        self.mac = as_data(mac, "mac", empty=True)
        self.original_id = _check_u(original_id, 16, "original_id")
        self.error = _check_u(error, 16, "error")
        self.other = as_data(other, "other", empty=True)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[TSIG, int]:
        rr = cls.__new__(cls)
        rr.algorithm, off = read_plain_name(buf, off, end, names)
        if off + _TSIG_HEAD.size > end:
            raise ValueError("TSIG RDATA too short")
        high, low, rr.fudge, size = _TSIG_HEAD.unpack_from(buf, off)
        rr.time_signed = high << 32 | low
        off += _TSIG_HEAD.size
        stop = off + size
        if stop + _TSIG_TAIL.size > end:
            raise ValueError("TSIG MAC runs past the RDATA")
        rr.mac = buf[off:stop]
        rr.original_id, rr.error, _ = _TSIG_TAIL.unpack_from(buf, stop)
        rr.other, off = _read_counted(buf, stop + 4, end, "TSIG other data")
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        writer.name(self.algorithm, compress=False)
        time_signed = self.time_signed
        writer.raw(
            _TSIG_HEAD.pack(time_signed >> 32, time_signed & 0xFFFFFFFF, self.fudge, len(self.mac))
        )
        writer.raw(self.mac)
        writer.raw(_TSIG_TAIL.pack(self.original_id, self.error, len(self.other)))
        writer.raw(self.other)

    def rdata_to_text(self) -> str:
        mac = f"{len(self.mac)} {b64_text(self.mac)}" if self.mac else "0"
        # BIND ends the text with a space when there is no other data; so does this.
        return (
            f"{name_to_text(self.algorithm)} {self.time_signed} {self.fudge} {mac} "
            f"{self.original_id} {tsig_error_to_text(self.error)} {len(self.other)} "
            f"{b64_text(self.other)}"
        )

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        algorithm = tokens.name("an algorithm name")
        time_signed = tokens.integer(48, "a time signed")
        fudge = tokens.integer(16, "a fudge")
        mac = _counted_b64(tokens, tokens.integer(16, "a MAC size"), "base64 MAC")
        original_id = tokens.integer(16, "an original id")
        error = tsig_error_from_text(tokens.string("an error"))
        other = _counted_b64(tokens, tokens.integer(16, "an other size"), "base64 other data")
        return (algorithm, time_signed, fudge, mac, original_id, error, other)

    unicode_algorithm = unicode_property("algorithm")
