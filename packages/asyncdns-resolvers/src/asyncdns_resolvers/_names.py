"""Domain-name arithmetic for recursive resolution, on presentation-form ``bytes`` names.

Names are as :mod:`asyncdns_wire` spells them: no trailing dot, the root is ``b"."``, escapes
(``\\.``, ``\\065``) allowed inside labels. Comparisons are ASCII case-insensitive.
"""

from __future__ import annotations

import functools

from asyncdns_wire import ROOT

__all__ = ["ancestor", "count_labels", "is_below", "is_under", "labels", "same", "substitute"]


@functools.lru_cache(maxsize=4096)
def labels(name: bytes) -> tuple[bytes, ...]:
    """The labels of *name*, still escaped, lower-cased, from the leftmost; the root has none."""
    if name == ROOT or not name:
        return ()
    name = name.lower()
    if b"\\" not in name:
        return tuple(name.split(b"."))
    out: list[bytes] = []
    start = i = 0
    n = len(name)
    while i < n:
        c = name[i]
        if c == 0x5C:  # a backslash escapes one character or a \DDD triple
            i += 4 if name[i + 1 : i + 2].isdigit() else 2
            continue
        if c == 0x2E:  # an unescaped dot ends the label
            out.append(name[start:i])
            start = i + 1
        i += 1
    out.append(name[start:])
    return tuple(out)


def count_labels(name: bytes) -> int:
    """How many labels *name* has (0 for the root)."""
    return len(labels(name))


def same(a: bytes, b: bytes) -> bool:
    """Whether *a* and *b* are the same name."""
    return a == b or labels(a) == labels(b)


def is_under(name: bytes, zone: bytes) -> bool:
    """Whether *name* is *zone* or lies below it."""
    z = labels(zone)
    if not z:
        return True
    n = labels(name)
    return len(n) >= len(z) and n[len(n) - len(z) :] == z


def is_below(name: bytes, zone: bytes) -> bool:
    """Whether *name* lies strictly below *zone*."""
    return len(labels(name)) > len(labels(zone)) and is_under(name, zone)


def ancestor(name: bytes, count: int) -> bytes:
    """The ancestor of *name* made of its last *count* labels (the root for 0), lower-cased."""
    parts = labels(name)
    if count <= 0:
        return ROOT
    return b".".join(parts[len(parts) - count :])


def substitute(name: bytes, owner: bytes, target: bytes) -> bytes | None:
    """DNAME substitution (RFC 6672): *name* with its suffix *owner* replaced by *target*.

    Returns:
        The new name, or ``None`` when it would be longer than 255 octets on the wire.
    """
    prefix = labels(name)[: count_labels(name) - count_labels(owner)]
    suffix = labels(target)
    whole = prefix + suffix
    if sum(len(_unescaped(label)) + 1 for label in whole) + 1 > 255:
        return None
    return b".".join(whole) if whole else ROOT


def _unescaped(label: bytes) -> bytes:
    if b"\\" not in label:
        return label
    out = bytearray()
    i = 0
    while i < len(label):
        if label[i] == 0x5C:
            if label[i + 1 : i + 2].isdigit():
                out.append(int(label[i + 1 : i + 4]))
                i += 4
            else:
                out.append(label[i + 1])
                i += 2
        else:
            out.append(label[i])
            i += 1
    return bytes(out)
