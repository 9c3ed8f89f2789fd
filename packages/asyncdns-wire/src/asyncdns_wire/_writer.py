"""The wire writer: a growing buffer with name compression (RFC 1035 section 4.1.4)."""

from __future__ import annotations

import functools
import struct

from ._errors import EncodeError
from ._names import name_labels, name_to_wire

__all__ = ["Writer"]

_H = struct.Struct(">H")


@functools.lru_cache(maxsize=4096)
def _compression_plan(name: bytes) -> tuple[tuple[bytes, bytes], ...]:
    """For each suffix of *name*: (its exact wire form, the encoded first label).

    Matching is case-sensitive on purpose: pointing ``x.example`` at an earlier ``X.example``
    would change the case the receiver decodes, which breaks 0x20 checks and round trips.
    """
    labels = name_labels(name)
    plan = []
    for i, label in enumerate(labels):
        key = b"".join([bytes([len(x)]) + x for x in labels[i:]])
        plan.append((key, bytes([len(label)]) + label))
    return tuple(plan)


class Writer:
    """Accumulates a message; :meth:`name` compresses against names written before."""

    __slots__ = ("_table", "buf")

    def __init__(self, *, compress: bool = True) -> None:
        self.buf = bytearray()
        self._table: dict[bytes, int] | None = {} if compress else None

    def name(self, name: bytes, *, compress: bool = True) -> None:
        """Append *name*; compress it only if both the writer and the caller allow it.

        RFC 3597 section 4: only the RDATA of the well-known types of RFC 1035 may be
        compressed; every other type passes ``compress=False``.
        """
        table = self._table
        buf = self.buf
        if table is None or not compress:
            buf += name_to_wire(name)
            return
        for key, label in _compression_plan(name):
            ptr = table.get(key)
            if ptr is not None:
                buf += _H.pack(0xC000 | ptr)
                return
            pos = len(buf)
            if pos < 0x4000:
                table[key] = pos
            buf += label
        buf.append(0)

    def u8(self, value: int) -> None:
        """Append one octet."""
        self.buf.append(value)

    def u16(self, value: int) -> None:
        """Append a 16-bit big-endian integer."""
        self.buf += _H.pack(value)

    def u32(self, value: int) -> None:
        """Append a 32-bit big-endian integer."""
        self.buf += value.to_bytes(4, "big")

    def raw(self, data: bytes) -> None:
        """Append octets as they are."""
        self.buf += data

    def char_string(self, data: bytes) -> None:
        """Append a length-prefixed character-string (at most 255 octets)."""
        if len(data) > 255:
            raise EncodeError("character-string longer than 255 octets")
        self.buf.append(len(data))
        self.buf += data
