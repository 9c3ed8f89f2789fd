"""IPv6 text exactly as BIND's (glibc's) ``inet_ntop`` writes it, without importing ``socket``.

Python's :class:`ipaddress.IPv6Address` writes IPv4-mapped and IPv4-compatible addresses in
hex before Python 3.13 (``::ffff:c633:6401``); dig writes ``::ffff:198.51.100.1``.
"""

from __future__ import annotations

import ipaddress

__all__ = ["ipv6_text"]


def ipv6_text(address: ipaddress.IPv6Address) -> str:
    """*address* as ``inet_ntop(AF_INET6, ...)`` formats it."""
    packed = address.packed
    if packed[:10] == bytes(10):
        tail = packed[12:]
        v4 = f"{tail[0]}.{tail[1]}.{tail[2]}.{tail[3]}"
        if packed[10:12] == b"\xff\xff":
            return f"::ffff:{v4}"
        if packed[10:12] == b"\x00\x00" and packed[12:14] != b"\x00\x00":
            return f"::{v4}"
    return str(address)
