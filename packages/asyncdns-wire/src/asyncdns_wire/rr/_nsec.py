"""Authenticated denial and child synchronisation: NSEC (RFC 4034), NSEC3 and NSEC3PARAM
(RFC 5155) and CSYNC (RFC 7477). Their type lists share the bitmap code of ``_bitmap``."""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Iterable
from typing import Any, ClassVar

from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import (
    as_data,
    bitmap_from_tokens,
    bitmap_from_wire,
    bitmap_to_text,
    bitmap_to_wire,
    read_plain_name,
    types_tuple,
)

__all__ = ["CSYNC", "NSEC", "NSEC3", "NSEC3PARAM", "NSEC3ParamsRR"]

_NSEC3_HEAD = struct.Struct(">BBHB")
_CSYNC_HEAD = struct.Struct(">IH")


@rr_type(47)
class NSEC(RR):
    """Next secure (RFC 4034 section 4): the next owner name in the zone and the types at this one.

    Attributes:
        next_name: the next owner name in canonical order (``bytes``).
        types: the types present at the owner name (sorted tuple of ``int``).
    """

    __slots__ = ("next_name", "types")
    _fields = ("next_name", "types")
    next_name: bytes
    types: tuple[int, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        next_name: str | bytes,
        types: Iterable[int | str] = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 47, rr_class, ttl)
        self.next_name = name_from_text(next_name)
        self.types = types_tuple(types)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NSEC, int]:
        rr = cls.__new__(cls)
        rr.next_name, off = read_plain_name(buf, off, end, names)
        rr.types = bitmap_from_wire(buf, off, end)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.name(self.next_name, compress=False)
        bitmap_to_wire(writer, self.types)

    def rdata_to_text(self) -> str:
        next_name = name_to_text(self.next_name)
        return f"{next_name} {bitmap_to_text(self.types)}" if self.types else next_name

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (tokens.name("a next name"), bitmap_from_tokens(tokens))

    unicode_next_name = unicode_property("next_name")


def _salt_text(salt: bytes) -> str:
    return salt.hex().upper() if salt else "-"


def _salt_token(tokens: Tokens) -> bytes:
    text = tokens.string("a salt")
    if text == "-":
        return b""
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise TextSyntaxError("bad salt", text) from None


class NSEC3ParamsRR(RR):
    """Base of NSEC3PARAM and NSEC3: the hashing parameters both begin with.

    Attributes:
        hash_algorithm: the hash algorithm (1: SHA-1).
        flags: the flags (NSEC3: 1 is opt-out; NSEC3PARAM: always 0 in zones).
        iterations: the number of additional hash iterations.
        salt: the salt (``bytes``, at most 255 octets; ``-`` in text when empty).
    """

    __slots__ = ("flags", "hash_algorithm", "iterations", "salt")
    _fields: ClassVar[tuple[str, ...]] = ("hash_algorithm", "flags", "iterations", "salt")
    hash_algorithm: int
    flags: int
    iterations: int
    salt: bytes

    def _set_params(self, hash_algorithm: int, flags: int, iterations: int, salt: bytes) -> None:
        self.hash_algorithm = _check_u(hash_algorithm, 8, "hash_algorithm")
        self.flags = _check_u(flags, 8, "flags")
        self.iterations = _check_u(iterations, 16, "iterations")
        self.salt = as_data(salt, "salt", empty=True, limit=255)

    @classmethod
    def _read_params(cls, buf: bytes, off: int, end: int) -> tuple[Any, int]:
        if off + 5 > end:
            raise ValueError("NSEC3 parameters run past the RDATA")
        rr = cls.__new__(cls)
        rr.hash_algorithm, rr.flags, rr.iterations, salt_len = _NSEC3_HEAD.unpack_from(buf, off)
        off += 5
        if off + salt_len > end:
            raise ValueError("NSEC3 salt runs past the RDATA")
        rr.salt = buf[off : off + salt_len]
        return rr, off + salt_len

    def _write_params(self, writer: Writer) -> None:
        writer.raw(
            _NSEC3_HEAD.pack(self.hash_algorithm, self.flags, self.iterations, len(self.salt))
        )
        writer.raw(self.salt)

    def _params_text(self) -> str:
        return f"{self.hash_algorithm} {self.flags} {self.iterations} {_salt_text(self.salt)}"

    @staticmethod
    def _params_from_tokens(tokens: Tokens) -> tuple[int, int, int, bytes]:
        return (
            tokens.integer(8, "a hash algorithm"),
            tokens.integer(8, "flags"),
            tokens.integer(16, "iterations"),
            _salt_token(tokens),
        )


@rr_type(51)
class NSEC3PARAM(NSEC3ParamsRR):
    """The NSEC3 parameters of a zone (RFC 5155 section 4), published at its apex."""

    __slots__ = ()

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        hash_algorithm: int,
        flags: int,
        iterations: int,
        salt: bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 51, rr_class, ttl)
        self._set_params(hash_algorithm, flags, iterations, salt)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NSEC3PARAM, int]:
        return cls._read_params(buf, off, end)

    def _to_wire(self, writer: Writer) -> None:
        self._write_params(writer)

    def rdata_to_text(self) -> str:
        return self._params_text()

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return cls._params_from_tokens(tokens)


def _b32_text(data: bytes) -> str:
    return base64.b32hexencode(data).decode("ascii").rstrip("=")


def _b32_token(tokens: Tokens) -> bytes:
    text = tokens.string("a next hashed owner name")
    upper = text.upper()
    try:
        data = base64.b32hexdecode(upper + "=" * (-len(upper) % 8))
    except (binascii.Error, ValueError):
        raise TextSyntaxError("bad base32hex", text) from None
    if _b32_text(data) != upper:
        raise TextSyntaxError("bad base32hex", text)
    return data


@rr_type(50)
class NSEC3(NSEC3ParamsRR):
    """Hashed next secure (RFC 5155 section 3).

    Attributes:
        hash_algorithm, flags, iterations, salt: see :class:`NSEC3ParamsRR`.
        next_hashed: the next hashed owner name, raw (``bytes``; base32hex in text).
        types: the types present at the original owner name (sorted tuple of ``int``).
    """

    __slots__ = ("next_hashed", "types")
    _fields = ("hash_algorithm", "flags", "iterations", "salt", "next_hashed", "types")
    next_hashed: bytes
    types: tuple[int, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        hash_algorithm: int,
        flags: int,
        iterations: int,
        salt: bytes,
        next_hashed: bytes,
        types: Iterable[int | str] = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 50, rr_class, ttl)
        self._set_params(hash_algorithm, flags, iterations, salt)
        self.next_hashed = as_data(next_hashed, "next_hashed", limit=255)
        self.types = types_tuple(types)

    @property
    def opt_out(self) -> bool:
        """Whether the Opt-Out flag is set."""
        return bool(self.flags & 1)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NSEC3, int]:
        rr, off = cls._read_params(buf, off, end)
        if off >= end:
            raise ValueError("NSEC3 hash length missing")
        stop = off + 1 + buf[off]
        if stop == off + 1:
            raise ValueError("empty NSEC3 next hashed owner name")
        if stop > end:
            raise ValueError("NSEC3 next hashed owner name runs past the RDATA")
        rr.next_hashed = buf[off + 1 : stop]
        rr.types = bitmap_from_wire(buf, stop, end)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        self._write_params(writer)
        writer.char_string(self.next_hashed)
        bitmap_to_wire(writer, self.types)

    def rdata_to_text(self) -> str:
        head = f"{self._params_text()} {_b32_text(self.next_hashed)}"
        return f"{head} {bitmap_to_text(self.types)}" if self.types else head

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        params = cls._params_from_tokens(tokens)
        return (*params, _b32_token(tokens), bitmap_from_tokens(tokens))


@rr_type(62)
class CSYNC(RR):
    """Child-to-parent synchronisation (RFC 7477).

    Attributes:
        serial: the child zone's SOA serial.
        flags: 1 immediate, 2 soaminimum.
        types: the types the parent should copy (sorted tuple of ``int``).
    """

    __slots__ = ("flags", "serial", "types")
    _fields = ("serial", "flags", "types")
    serial: int
    flags: int
    types: tuple[int, ...]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        serial: int,
        flags: int,
        types: Iterable[int | str] = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 62, rr_class, ttl)
        self.serial = _check_u(serial, 32, "serial")
        self.flags = _check_u(flags, 16, "flags")
        self.types = types_tuple(types)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[CSYNC, int]:
        if off + 6 > end:
            raise ValueError("CSYNC RDATA shorter than 6 octets")
        rr = cls.__new__(cls)
        rr.serial, rr.flags = _CSYNC_HEAD.unpack_from(buf, off)
        rr.types = bitmap_from_wire(buf, off + 6, end)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(_CSYNC_HEAD.pack(self.serial, self.flags))
        bitmap_to_wire(writer, self.types)

    def rdata_to_text(self) -> str:
        head = f"{self.serial} {self.flags}"
        return f"{head} {bitmap_to_text(self.types)}" if self.types else head

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (
            tokens.integer(32, "a serial"),
            tokens.integer(16, "flags"),
            bitmap_from_tokens(tokens),
        )
