"""Reverse-mapping names (``in-addr.arpa`` and ``ip6.arpa``) to addresses and back."""

from __future__ import annotations

import ipaddress

__all__ = [
    "IP6_ARPA",
    "IN_ADDR_ARPA",
    "address_from_reverse",
    "is_reverse_name",
    "reverse_name_of",
    "without_zone",
]

IN_ADDR_ARPA = b"in-addr.arpa"
IP6_ARPA = b"ip6.arpa"
_V4_SUFFIX = b"." + IN_ADDR_ARPA
_V6_SUFFIX = b"." + IP6_ARPA
_HEX = frozenset(b"0123456789abcdef")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_reverse_name(name: bytes) -> bool:
    """Whether *name* lies in ``in-addr.arpa`` or ``ip6.arpa`` (case-insensitive)."""
    key = name.lower()
    return key.endswith((_V4_SUFFIX, _V6_SUFFIX)) or key in (IN_ADDR_ARPA, IP6_ARPA)


def address_from_reverse(name: bytes) -> Address | None:
    """The address a complete reverse name stands for.

    Args:
        name: ``b"5.100.51.198.in-addr.arpa"`` or the 32-nibble ``ip6.arpa`` form.

    Returns:
        The address, or ``None`` for a partial or malformed reverse name, or any other name.
    """
    key = name.lower()
    if key.endswith(_V4_SUFFIX):
        labels = key[: -len(_V4_SUFFIX)].split(b".")
        if len(labels) != 4 or not all(
            label.isdigit() and len(label) <= 3 and (label == b"0" or label[:1] != b"0")
            for label in labels
        ):
            return None
        octets = [int(label) for label in reversed(labels)]
        if max(octets) > 255:
            return None
        return ipaddress.IPv4Address(bytes(octets))
    if key.endswith(_V6_SUFFIX):
        labels = key[: -len(_V6_SUFFIX)].split(b".")
        if len(labels) != 32 or not all(len(x) == 1 and x[0] in _HEX for x in labels):
            return None
        return ipaddress.IPv6Address(bytes.fromhex(b"".join(reversed(labels)).decode("ascii")))
    return None


def without_zone(address: Address) -> Address:
    """*address* without its IPv6 zone id (reverse names and lookups ignore zones)."""
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id is not None:
        return ipaddress.IPv6Address(address.packed)
    return address


def reverse_name_of(address: Address) -> bytes:
    """The reverse-mapping name of *address* (any zone id dropped).

    Args:
        address: an IPv4 or IPv6 address.

    Returns:
        Its ``in-addr.arpa`` / ``ip6.arpa`` name.
    """
    return without_zone(address).reverse_pointer.encode("ascii")
