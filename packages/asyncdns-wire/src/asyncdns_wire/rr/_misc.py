"""Classic records made of character-strings or pairs of names: HINFO, MINFO and NULL
(RFC 1035), RP, X25 and ISDN (RFC 1183), and GPOS (RFC 1712)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from .._errors import TextSyntaxError
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens, quote_string
from .._writer import Writer
from ._base import IN, RR, rr_type, unicode_property
from ._bitmap import read_plain_name
from ._rdutil import as_bytes, generic_text, read_char_string

__all__ = ["GPOS", "HINFO", "ISDN", "MINFO", "NUL", "RP", "X25", "CharStringsRR", "TwoNamesRR"]

_DIGITS = re.compile(rb"[0-9]{4,}")


class CharStringsRR(RR):
    """Base of records whose RDATA is a fixed series of character-strings (HINFO, X25, ISDN,
    GPOS). Each string is kept as ``bytes`` in the slot ``_strings`` names; the last
    ``_optional`` of them may be absent (``None``)."""

    __slots__ = ()
    #: The slots holding the strings, in wire order.
    _strings: ClassVar[tuple[str, ...]] = ()
    #: How many trailing strings may be left out.
    _optional: ClassVar[int] = 0

    def _set_strings(self, *values: str | bytes | None) -> None:
        required = len(self._strings) - self._optional
        absent = False
        for i, (slot, value) in enumerate(zip(self._strings, values, strict=True)):
            if value is None:
                if i < required:
                    raise TypeError(f"{slot} is required")
                absent = True
                setattr(self, slot, None)
            elif absent:
                raise ValueError(f"{slot} given without the strings before it")
            else:
                setattr(self, slot, as_bytes(value, slot))
        self._validate()

    def _validate(self) -> None:
        """Check the strings' contents (a hook for types that restrict them).

        Raises:
            ValueError: the strings are not valid for the type.
        """

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        rr = cls.__new__(cls)
        required = len(cls._strings) - cls._optional
        for i, slot in enumerate(cls._strings):
            if i >= required and off == end:
                setattr(rr, slot, None)
                continue
            value, off = read_char_string(buf, off, end)
            setattr(rr, slot, value)
        rr._validate()
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        for slot in self._strings:
            value = getattr(self, slot)
            if value is not None:
                writer.char_string(value)

    def rdata_to_text(self) -> str:
        values = (getattr(self, slot) for slot in self._strings)
        return " ".join(quote_string(v) for v in values if v is not None)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        required = len(cls._strings) - cls._optional
        values: list[bytes | None] = []
        for i, slot in enumerate(cls._strings):
            if i >= required and tokens.at_end():
                values.append(None)
            else:
                values.append(tokens.char_string(slot.removesuffix("_bytes")))
        return tuple(values)


@rr_type(13)
class HINFO(CharStringsRR):
    """Host information: CPU and operating system (RFC 1035 section 3.3.2).

    Attributes:
        cpu: the CPU type, decoded as ISO Latin 1 (``str``).
        os: the operating system, decoded as ISO Latin 1 (``str``).
        cpu_bytes: the CPU character-string exactly as on the wire.
        os_bytes: the OS character-string exactly as on the wire.
    """

    __slots__ = ("cpu_bytes", "os_bytes")
    _fields = ("cpu", "os")
    _strings = ("cpu_bytes", "os_bytes")
    cpu_bytes: bytes
    os_bytes: bytes

    def __init__(
        self, name: str | bytes, ttl: int, cpu: str | bytes, os: str | bytes, *, rr_class: int = IN
    ) -> None:
        super().__init__(name, 13, rr_class, ttl)
        self._set_strings(cpu, os)

    @property
    def cpu(self) -> str:
        """The CPU type (ISO Latin 1)."""
        return self.cpu_bytes.decode("latin-1")

    @property
    def os(self) -> str:
        """The operating system (ISO Latin 1)."""
        return self.os_bytes.decode("latin-1")


@rr_type(19)
class X25(CharStringsRR):
    """An X.25 PSDN address (RFC 1183 section 3.1).

    Attributes:
        address: the PSDN address: at least four ASCII digits (``bytes``), as RFC 1183 and
            BIND require.
    """

    __slots__ = ("address",)
    _fields = ("address",)
    _strings = ("address",)
    address: bytes

    def __init__(
        self, name: str | bytes, ttl: int, address: str | bytes, *, rr_class: int = IN
    ) -> None:
        super().__init__(name, 19, rr_class, ttl)
        self._set_strings(address)

    def _validate(self) -> None:
        if _DIGITS.fullmatch(self.address) is None:
            raise ValueError("an X25 PSDN address is at least 4 decimal digits")


@rr_type(20)
class ISDN(CharStringsRR):
    """An ISDN address and optional subaddress (RFC 1183 section 3.2).

    Attributes:
        address: the ISDN number (``bytes``).
        sa: the subaddress (``bytes``), or ``None`` when the record has none.
    """

    __slots__ = ("address", "sa")
    _fields = ("address", "sa")
    _strings = ("address", "sa")
    _optional = 1
    address: bytes
    sa: bytes | None

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        address: str | bytes,
        sa: str | bytes | None = None,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 20, rr_class, ttl)
        self._set_strings(address, sa)


@rr_type(27)
class GPOS(CharStringsRR):
    """A geographical position (RFC 1712), each coordinate a decimal number in text.

    The fields are named in RFC 1712's wire order; the RFC's own example puts the latitude
    first, so treat the names with care.

    Attributes:
        longitude: the first string (``bytes``), e.g. ``b"-32.6882"``.
        latitude: the second string (``bytes``).
        altitude: the third string, in metres (``bytes``).
    """

    __slots__ = ("altitude", "latitude", "longitude")
    _fields = ("longitude", "latitude", "altitude")
    _strings = ("longitude", "latitude", "altitude")
    longitude: bytes
    latitude: bytes
    altitude: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        longitude: str | bytes,
        latitude: str | bytes,
        altitude: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 27, rr_class, ttl)
        self._set_strings(longitude, latitude, altitude)


class TwoNamesRR(RR):
    """Base of records whose RDATA is two domain names, held in the slots ``_fields`` names
    (MINFO, RP)."""

    __slots__ = ()
    #: Whether the names may be compressed when encoding (only RFC 1035's own types).
    _compress: ClassVar[bool] = False

    def _set_names(self, first: str | bytes, second: str | bytes) -> None:
        setattr(self, self._fields[0], name_from_text(first))
        setattr(self, self._fields[1], name_from_text(second))

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        rr = cls.__new__(cls)
        first, off = read_plain_name(buf, off, end, names, compressed=True)
        second, off = read_plain_name(buf, off, end, names, compressed=True)
        setattr(rr, cls._fields[0], first)
        setattr(rr, cls._fields[1], second)
        return rr, off

    def _to_wire(self, writer: Writer) -> None:
        for field in self._fields:
            writer.name(getattr(self, field), compress=self._compress)

    def rdata_to_text(self) -> str:
        return " ".join(name_to_text(getattr(self, field)) for field in self._fields)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return tuple(tokens.name() for _ in cls._fields)


@rr_type(14)
class MINFO(TwoNamesRR):
    """Mailbox or mail list information (RFC 1035 section 3.3.7, experimental).

    Attributes:
        rmailbox: the mailbox responsible for the list or mailbox (a name).
        emailbox: the mailbox that receives error messages (a name).
    """

    __slots__ = ("emailbox", "rmailbox")
    _fields = ("rmailbox", "emailbox")
    _compress = True
    rmailbox: bytes
    emailbox: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        rmailbox: str | bytes,
        emailbox: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 14, rr_class, ttl)
        self._set_names(rmailbox, emailbox)

    unicode_rmailbox = unicode_property("rmailbox")
    unicode_emailbox = unicode_property("emailbox")


@rr_type(17)
class RP(TwoNamesRR):
    """The responsible person (RFC 1183 section 2.2).

    Attributes:
        mbox: the person's mailbox as a name (the root when there is none).
        txt: a name holding TXT records with more information (the root when there are none).
    """

    __slots__ = ("mbox", "txt")
    _fields = ("mbox", "txt")
    mbox: bytes
    txt: bytes

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        mbox: str | bytes,
        txt: str | bytes,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 17, rr_class, ttl)
        self._set_names(mbox, txt)

    unicode_mbox = unicode_property("mbox")
    unicode_txt = unicode_property("txt")


@rr_type(10)
class NUL(RR):
    """The NULL record (RFC 1035 section 3.3.10): up to 65535 octets of anything.

    NULL has no presentation format, so its text is RFC 3597's ``\\# <length> <hex>``, which
    is also the only form it parses from.

    Attributes:
        data: the RDATA octets.
    """

    __slots__ = ("data",)
    _fields = ("data",)
    data: bytes

    def __init__(self, name: str | bytes, ttl: int, data: bytes, *, rr_class: int = IN) -> None:
        super().__init__(name, 10, rr_class, ttl)
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data must be bytes, not {type(data).__name__}")
        if len(data) > 0xFFFF:
            raise ValueError("NULL RDATA is at most 65535 octets")
        self.data = bytes(data)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[NUL, int]:
        rr = cls.__new__(cls)
        rr.data = buf[off:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.data)

    def rdata_to_text(self) -> str:
        return generic_text(self.data)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        raise TextSyntaxError("NULL has no presentation format; use the \\# form of RFC 3597")
