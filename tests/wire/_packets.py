"""Building blocks for hand-made packets in the codec tests: the header and record-header
layouts, and the uncompressed wire form of a name from its raw labels."""

from __future__ import annotations

import struct

__all__ = ["HEADER", "RR_HEAD", "wire_name"]

#: ID, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT.
HEADER = struct.Struct(">HHHHHH")
#: TYPE, CLASS, TTL, RDLENGTH (after the owner name).
RR_HEAD = struct.Struct(">HHIH")


def wire_name(*labels: bytes) -> bytes:
    """The uncompressed wire form of the name made of *labels* (none: the root)."""
    return b"".join(bytes([len(label)]) + label for label in labels) + b"\x00"
