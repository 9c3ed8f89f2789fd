"""TTL text: plain seconds or BIND's ``1w2d3h4m5s`` units."""

from __future__ import annotations

import re

from ._errors import TextSyntaxError

__all__ = ["ttl_from_text"]

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([wdhms])", re.IGNORECASE)


def ttl_from_text(text: str) -> int:
    """Parse a TTL (``3600`` or ``1h``, ``1d12h``...) into seconds (at most 2**32 - 1).

    Raises:
        TextSyntaxError: not a TTL.
    """
    if text.isascii() and text.isdigit():
        value = int(text)
    else:
        parts = _PART.findall(text)
        if not parts or "".join(n + u for n, u in parts).lower() != text.lower():
            raise TextSyntaxError("bad TTL", text)
        value = sum(int(n) * _UNITS[u.lower()] for n, u in parts)
    if value > 0xFFFFFFFF:
        raise TextSyntaxError("TTL out of range", text)
    return value
