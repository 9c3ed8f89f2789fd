"""Query IDs: 16-bit values from the operating system's CSPRNG, drawn in batches.

``secrets.randbits(16)`` reads ``os.urandom`` once per call, a system call per query. This
module reads 4 KiB at a time and hands the values out one by one: every ID is still from the
kernel's CSPRNG and unpredictable to anyone outside the process. A forked child forgets the
batch it inherited, so parent and child never send the same sequence.
"""

from __future__ import annotations

import os

__all__ = ["random_id"]

_BATCH = 4096  # octets read at a time: 2048 IDs
_ids: list[int] = []


def random_id() -> int:
    """A random 16-bit message ID."""
    try:
        return _ids.pop()
    except IndexError:
        _ids.extend(memoryview(os.urandom(_BATCH)).cast("H"))
        return _ids.pop()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_ids.clear)
