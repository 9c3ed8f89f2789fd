"""The record base class :class:`RR`, the type registry and :class:`Unknown` (RFC 3597).

A record type is a subclass of :class:`RR` that declares its RDATA fields in ``__slots__`` and
``_fields``, and implements four methods:

* ``_from_wire(buf, off, end, names)`` (classmethod): decode the RDATA in ``buf[off:end]`` and
  return a new instance with only the RDATA fields set, plus the offset where it stopped;
* ``_to_wire(writer)``: append the RDATA;
* ``rdata_to_text()``: the RDATA as ``dig`` prints it;
* ``_from_tokens(tokens)`` (classmethod): parse RDATA text into the field values, in the order
  the constructor takes them.

Its constructor is ``(name, ttl, *fields, rr_class=IN)``, which is what asyncdns 0.1 documented
(``A(name, ttl, address)``, ``MX(name, ttl, preference, exchange)``...).
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

from .._constants import RRClass, rrclass_to_text, rrtype_to_text
from .._errors import BadRdata, DecodeError, TextSyntaxError, TruncatedMessage
from .._names import NameCache, name_from_text, name_key, name_to_text, name_to_unicode
from .._text import Tokens, hex_text
from .._writer import Writer

__all__ = ["RR", "Unknown", "lookup_class", "register", "unicode_property"]

IN = int(RRClass.IN)
ANY = int(RRClass.ANY)

_T = TypeVar("_T", bound="RR")

#: (rr_type | rr_class << 16) -> class. Class ANY (255) means "any class".
_REGISTRY: dict[int, type[RR]] = {}


#: Memo of :func:`lookup_class` by (rr_type | rr_class << 16); cleared by :func:`register`.
_LOOKUP: dict[int, type[RR]] = {}


def lookup_class(rr_type: int, rr_class: int) -> type[RR]:
    """The class that represents records of *rr_type* in *rr_class* (:class:`Unknown` if none)."""
    key = rr_type | rr_class << 16
    cls = _LOOKUP.get(key)
    if cls is None:
        cls = _REGISTRY.get(key) or _REGISTRY.get(rr_type | ANY << 16, Unknown)
        _LOOKUP[key] = cls
    return cls


def register(rr_type: int, rr_class: int, pyclass: type[RR]) -> None:
    """Map records of *rr_type* in *rr_class* (``ANY`` for every class) to *pyclass*."""
    if not (isinstance(pyclass, type) and issubclass(pyclass, RR)):
        raise TypeError("pyclass must be a subclass of rr.RR")
    if not (0 <= rr_type <= 0xFFFF and 0 <= rr_class <= 0xFFFF):
        raise ValueError("rr_type and rr_class must be 16-bit unsigned integers")
    _REGISTRY[rr_type | rr_class << 16] = pyclass
    _LOOKUP.clear()


def _check_u(value: int, bits: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not 0 <= value < 1 << bits:
        raise ValueError(f"{what} must be in 0..{(1 << bits) - 1}, not {value}")
    return value


class RR:
    """A resource record: owner name, type, class and TTL, plus RDATA in subclasses.

    Attributes:
        name: the owner name in presentation form (``bytes``, no trailing dot).
        rr_type: the numeric RR type.
        rr_class: the numeric RR class (with the mDNS cache-flush bit removed).
        ttl: the time to live in seconds.
        cache_flush: the mDNS cache-flush bit (RFC 6762 section 10.2); always ``False`` in
            unicast DNS.
    """

    __slots__ = ("cache_flush", "name", "rr_class", "rr_type", "ttl")

    #: The RDATA attribute names, in constructor order.
    _fields: ClassVar[tuple[str, ...]] = ()
    #: The type a subclass represents (0 for the base and :class:`Unknown`).
    TYPE: ClassVar[int] = 0
    #: Whether this class decodes through ``_from_wire`` (False for 0.1-style subclasses that
    #: override :meth:`decode`).
    _native: ClassVar[bool] = True

    name: bytes
    rr_type: int
    rr_class: int
    ttl: int
    cache_flush: bool

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "decode" in cls.__dict__:
            cls._native = False
        fields = cls._fields
        if len(fields) == 1:
            one = operator.attrgetter(fields[0])
            cls._rdata_getter = staticmethod(lambda rr: (one(rr),))
        elif fields:
            cls._rdata_getter = staticmethod(operator.attrgetter(*fields))
        else:
            cls._rdata_getter = staticmethod(lambda rr: ())

    def __init__(self, name: str | bytes, rr_type: int, rr_class: int, ttl: int) -> None:
        self.name = name_from_text(name)
        self.rr_type = _check_u(rr_type, 16, "rr_type")
        self.rr_class = _check_u(rr_class, 16, "rr_class")
        self.ttl = _check_u(ttl, 32, "ttl")
        self.cache_flush = False

    # -- registry (the asyncdns 0.1 API) -------------------------------------------------

    @staticmethod
    def register(rr_type: int, rr_class: int, pyclass: type[RR]) -> None:
        """Register *pyclass* for records of *rr_type* in *rr_class* (``ANY``: every class)."""
        register(rr_type, rr_class, pyclass)

    @staticmethod
    def decode(
        name: bytes, rr_type: int, rr_class: int, ttl: int, packet: bytes, ptr: int, rdlen: int
    ) -> RR:
        """Decode the RDATA at ``packet[ptr:ptr + rdlen]`` into the registered class.

        Raises:
            DecodeError: the RDATA is malformed for its type.
        """
        cls = lookup_class(rr_type, rr_class)
        return decode_rdata(cls, name, rr_type, rr_class, ttl, packet, ptr, ptr + rdlen, {})

    # -- subclass hooks -------------------------------------------------------------------

    @classmethod
    def _from_wire(
        cls: type[_T], buf: bytes, off: int, end: int, names: NameCache
    ) -> tuple[_T, int]:
        raise NotImplementedError

    def _to_wire(self, writer: Writer) -> None:
        raise NotImplementedError

    def rdata_to_text(self) -> str:
        """The RDATA in presentation format, as ``dig`` prints it."""
        raise NotImplementedError

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        raise NotImplementedError

    # -- conveniences ---------------------------------------------------------------------

    @property
    def unicode_name(self) -> str:
        """The owner name after IDNA decoding."""
        return name_to_unicode(self.name)

    def rdata_to_wire(self) -> bytes:
        """The RDATA in uncompressed wire form."""
        writer = Writer(compress=False)
        self._to_wire(writer)
        return bytes(writer.buf)

    def with_ttl(self: _T, ttl: int) -> _T:
        """A copy of this record with another TTL (the original is untouched)."""
        clone = copy.copy(self)
        clone.ttl = _check_u(ttl, 32, "ttl")
        return clone

    def rdata(self) -> tuple[Any, ...]:
        """The RDATA field values, in constructor order."""
        return type(self)._rdata_getter(self)  # type: ignore[no-any-return]

    #: Reads the RDATA fields as a tuple (built per class from ``_fields``).
    _rdata_getter: ClassVar[Callable[[Any], Any]] = staticmethod(lambda rr: ())

    def to_text(self) -> str:
        """The record in zone-file presentation format (owner, TTL, class, type, RDATA)."""
        return (
            f"{name_to_text(self.name)}\t{self.ttl}\t{rrclass_to_text(self.rr_class)}\t"
            f"{rrtype_to_text(self.rr_type)}\t{self.rdata_to_text()}"
        )

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        fields = "".join(f", {f}={getattr(self, f)!r}" for f in self._fields)
        extra = f", rr_class={self.rr_class}" if self.rr_class != IN else ""
        return f"{type(self).__name__}(name={self.name!r}, ttl={self.ttl}{fields}{extra})"

    def _key(self) -> tuple[Any, ...]:
        return (name_key(self.name), self.rr_type, self.rr_class, self.rdata_to_wire())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RR):
            return NotImplemented
        return self._key() == other._key() and self.ttl == other.ttl

    def __hash__(self) -> int:
        return hash(self._key())

    def same_rdata(self, other: RR) -> bool:
        """Whether *other* is the same record apart from its TTL (RFC 2181 RRset rules)."""
        return self._key() == other._key()


def unicode_property(field: str) -> property:
    """A read-only property giving the IDNA-decoded form of the name held in *field*."""

    def getter(self: RR) -> str:
        return name_to_unicode(getattr(self, field))

    getter.__doc__ = f"``{field}`` after IDNA decoding."
    return property(getter)


def decode_rdata(
    cls: type[RR],
    name: bytes,
    rr_type: int,
    rr_class: int,
    ttl: int,
    buf: bytes,
    off: int,
    end: int,
    names: NameCache,
) -> RR:
    """Decode RDATA with *cls*, insisting that it consumes exactly ``buf[off:end]``."""
    if end > len(buf):
        raise TruncatedMessage("RDATA runs past the end of the message", off)
    if not cls._native:
        return cls.decode(name, rr_type, rr_class, ttl, buf, off, end - off)
    try:
        rr, stop = cls._from_wire(buf, off, end, names)
    except DecodeError:
        raise
    except (IndexError, ValueError, OverflowError) as exc:
        raise BadRdata(f"malformed {rrtype_to_text(rr_type)} RDATA: {exc}", off, rr_type) from None
    if stop != end:
        raise BadRdata(f"{rrtype_to_text(rr_type)} RDATA length mismatch", off, rr_type)
    rr.name = name
    rr.rr_type = rr_type
    rr.rr_class = rr_class
    rr.ttl = ttl
    rr.cache_flush = False
    return rr


def parse_rdata_text(
    cls: type[RR], name: bytes, ttl: int, rr_type: int, rr_class: int, tokens: Tokens
) -> RR:
    """Build a record of *cls* from RDATA tokens, accepting the RFC 3597 ``\\# len hex`` form."""
    first = tokens.peek()
    if first is not None and first.text == "\\#" and not first.quoted:
        tokens.next()
        length = tokens.integer(16, "RDATA length")
        data = tokens.hex("RDATA", allow_empty=True)
        if len(data) != length:
            raise TextSyntaxError("RDATA length does not match the data", str(length))
        if cls is Unknown:
            return Unknown(name, rr_type, rr_class, ttl, data)
        try:
            rr = decode_rdata(cls, name, rr_type, rr_class, ttl, data, 0, len(data), {})
        except DecodeError as exc:
            raise TextSyntaxError(f"bad RDATA for its type: {exc.reason}") from None
        if len(rr.rdata_to_wire()) != length:
            # Only a compression pointer reads back shorter or longer than it was written:
            # generic RDATA has nothing to point into (RFC 3597 section 5).
            raise TextSyntaxError("a compressed name in generic (\\#) RDATA")
        return rr
    if cls is Unknown:
        raise TextSyntaxError(f"type {rrtype_to_text(rr_type)} needs the \\# form of RFC 3597")
    values = cls._from_tokens(tokens)
    tokens.end()
    try:
        instance: RR = cls(name, ttl, *values, rr_class=rr_class)  # type: ignore[misc]
    except (TypeError, ValueError) as exc:
        raise TextSyntaxError(str(exc)) from None
    return instance


class Unknown(RR):
    """A record of a type (or class) this codec has no class for; RDATA kept as bytes.

    Its presentation form is RFC 3597's ``\\# <length> <hex>``.

    Attributes:
        data: the RDATA octets.
    """

    __slots__ = ("data",)
    _fields = ("data",)

    data: bytes

    def __init__(
        self, name: str | bytes, rr_type: int, rr_class: int, ttl: int, data: bytes
    ) -> None:
        super().__init__(name, rr_type, rr_class, ttl)
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes")
        self.data = bytes(data)

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Unknown, int]:
        rr = cls.__new__(cls)
        rr.data = buf[off:end]
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(self.data)

    def rdata_to_text(self) -> str:
        if not self.data:
            return "\\# 0"
        return f"\\# {len(self.data)} {hex_text(self.data)}"

    def __repr__(self) -> str:
        return (
            f"Unknown(name={self.name!r}, rr_type={self.rr_type}, rr_class={self.rr_class}, "
            f"ttl={self.ttl}, data={self.data!r})"
        )


def iter_classes() -> Iterator[tuple[int, int, type[RR]]]:
    """Every registered (rr_type, rr_class, class)."""
    for key, cls in sorted(_REGISTRY.items()):
        yield key & 0xFFFF, key >> 16, cls


def rr_type(rr_type_: int, rr_class: int = ANY) -> Callable[[type[_T]], type[_T]]:
    """Class decorator: set ``TYPE`` and register the class."""

    def deco(cls: type[_T]) -> type[_T]:
        cls.TYPE = rr_type_
        register(rr_type_, rr_class, cls)
        return cls

    return deco
