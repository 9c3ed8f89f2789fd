"""Search-list expansion: which names to try, in order, for the name a caller asked about.

asyncdns names are always absolute (a :class:`~asyncdns_wire.Query` name has no trailing dot
to tell), so "relative" follows the resolv.conf rule: a name with fewer dots than ``ndots``
is tried with each search domain appended first and as given last; a name with at least
``ndots`` dots is tried as given first, then with the search domains. Callers that want no
expansion pass ``search=False`` to the resolver.
"""

from __future__ import annotations

from collections.abc import Sequence

from asyncdns_wire import ROOT, name_to_wire

__all__ = ["MAX_CANDIDATES", "search_candidates"]

MAX_CANDIDATES = 33
"""At most this many names are tried for one lookup: the name as given and 32 search domains
(glibc has had no limit since 2.26; Kubernetes allows 32)."""


def _dots(name: bytes) -> int:
    if b"\\" not in name:
        return name.count(b".")
    dots, i = 0, 0
    while i < len(name):
        if name[i] == 0x5C:  # backslash: skip the escaped character (or \DDD)
            i += 4 if name[i + 1 : i + 2].isdigit() else 2
            continue
        dots += name[i] == 0x2E
        i += 1
    return dots


def search_candidates(
    name: bytes,
    search: Sequence[bytes],
    ndots: int = 1,
    *,
    no_tld_query: bool = False,
    limit: int = MAX_CANDIDATES,
) -> list[bytes]:
    """The names to try for *name*, in order.

    Args:
        name: the name asked about (presentation form, as in a :class:`~asyncdns_wire.Query`).
        search: the search domains, in order.
        ndots: names with at least this many dots are tried as given first.
        no_tld_query: never try a single-label name as given.
        limit: at most this many candidates (at least 1). The name as given is always among
            them: the search domains are cut short instead.

    Returns:
        The candidates, without duplicates (compared case-insensitively); names that would
        exceed 255 octets are left out. The root gives ``[ROOT]``.
    """
    if name == ROOT:
        return [ROOT]
    dots = _dots(name)
    expanded: list[bytes] = []
    seen = {name.lower()}
    for domain in search:
        if domain == ROOT:
            continue
        candidate = name + b"." + domain
        key = candidate.lower()
        if key in seen:
            continue
        try:
            name_to_wire(candidate)
        except ValueError:
            continue  # too long
        seen.add(key)
        expanded.append(candidate)
    if dots >= ndots:
        return [name, *expanded][:limit]
    if dots == 0 and no_tld_query and expanded:
        return expanded[:limit]
    return [*expanded[: max(limit - 1, 0)], name]  # the name as given is always tried
