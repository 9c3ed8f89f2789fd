"""The :class:`Query`: a name, a type and a class (asyncdns 0.1 section 2.1)."""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from ._constants import RRClass, RRType, rrclass_to_text, rrtype_to_text
from ._names import name_from_text, name_to_text, name_to_unicode, reverse_name

__all__ = ["Query"]

IN = int(RRClass.IN)


def _u16(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not 0 <= value <= 0xFFFF:
        raise ValueError(f"{what} must be in 0..65535, not {value}")
    return int(value)


@functools.lru_cache(maxsize=4096)
def _name_and_key(name: str) -> tuple[bytes, bytes]:
    """``name_from_text`` of a ``str`` name and its case-folded form, memoised: resolvers build
    the same queries often (every cache hit builds one)."""
    raw = name_from_text(name)
    return raw, raw.lower()


_IN = int(IN)  # the default class, a plain int: no conversion for it at every call


class Query:
    """A DNS question.

    Args:
        name: a ``str`` (IDNA applied to non-ASCII labels), ``bytes`` (used literally, escapes
            allowed), or an :class:`~ipaddress.IPv4Address` / :class:`~ipaddress.IPv6Address`
            (turned into its ``in-addr.arpa`` / ``ip6.arpa`` name for a reverse lookup).
        q_type: the RR type asked for (``asyncdns.A``... or any 16-bit number).
        q_class: the class, almost always ``IN``.

    Queries compare, order and hash by name (case-insensitively), type and class.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an invalid name, type or class.
    """

    __slots__ = ("_key", "name", "q_class", "q_type")

    name: bytes
    q_type: int
    q_class: int

    def __init__(
        self,
        name: str | bytes | ipaddress.IPv4Address | ipaddress.IPv6Address,
        q_type: int,
        q_class: int = _IN,
    ) -> None:
        if type(name) is str:
            raw, folded = _name_and_key(name)
        else:
            if isinstance(name, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
                raw = reverse_name(name)
            else:
                raw = name_from_text(name)
            folded = raw.lower()
        # Plain ints and the RRType/RRClass members (turned into plain ints: ``+ 0`` is a few
        # times cheaper than ``int()`` on an enum member, and every cache hit builds a Query)
        # in range pass straight through; anything else (bools, other types, out-of-range
        # values) takes the slow path, which refuses it.
        if type(q_type) is not int:
            q_type = q_type + 0 if type(q_type) is RRType else _u16(q_type, "q_type")
        if not 0 <= q_type <= 0xFFFF:
            q_type = _u16(q_type, "q_type")
        if type(q_class) is not int:
            q_class = q_class + 0 if type(q_class) is RRClass else _u16(q_class, "q_class")
        if not 0 <= q_class <= 0xFFFF:
            q_class = _u16(q_class, "q_class")
        self.name = raw
        self.q_type = q_type
        self.q_class = q_class
        self._key = (folded, q_type, q_class)

    @classmethod
    def _from_wire(cls, name: bytes, q_type: int, q_class: int) -> Query:
        q = cls.__new__(cls)
        q.name = name
        q.q_type = q_type
        q.q_class = q_class
        q._key = (name.lower(), q_type, q_class)
        return q

    @property
    def unicode_name(self) -> str:
        """The name after IDNA decoding."""
        return name_to_unicode(self.name)

    def key(self) -> tuple[bytes, int, int]:
        """(case-folded name, type, class): what two equal queries share."""
        return self._key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return self._key == other._key

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return self._key != other._key

    def __lt__(self, other: Query) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return self._key < other._key

    def __le__(self, other: Query) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return self._key <= other._key

    def __gt__(self, other: Query) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return self._key > other._key

    def __ge__(self, other: Query) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return self._key >= other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return (
            f"Query({self.name!r}, {rrtype_to_text(self.q_type)}, {rrclass_to_text(self.q_class)})"
        )

    def __str__(self) -> str:
        return f"{name_to_text(self.name)}\t{rrclass_to_text(self.q_class)}\t{rrtype_to_text(self.q_type)}"
