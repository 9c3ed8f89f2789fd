"""The delegation cache of recursive resolution: zone cuts and nameserver addresses.

Only what a walk has vetted goes in: a referral's NS set and its in-bailiwick glue (addresses of
NS names under the delegated zone), and addresses of nameservers found by authoritative
answers. Entries expire with their TTL (clamped to ``max_ttl``); the cache is LRU-bounded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ._names import ancestor, count_labels
from ._servers import Server

__all__ = ["Delegation", "DelegationCache"]


@dataclass(frozen=True, slots=True)
class Delegation:
    """A zone cut: the zone, its nameservers' names and the addresses known for them.

    Attributes:
        zone: the delegated zone (lower-case presentation form).
        ns: the NS names (lower case).
        addresses: servers by NS name, for the names with known addresses.
        expires: when the entry goes stale (the resolver's clock).
    """

    zone: bytes
    ns: tuple[bytes, ...]
    addresses: Mapping[bytes, tuple[Server, ...]]
    expires: float


class DelegationCache:
    """Zone cuts and nameserver addresses learnt by recursive walks.

    Args:
        max_entries: delegations and address sets held at most (each bounded separately).
        max_ttl: no entry lives longer than this many seconds.
    """

    __slots__ = ("_hosts", "_zones", "max_entries", "max_ttl")

    def __init__(self, max_entries: int = 2_000, max_ttl: float = 86_400.0) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self.max_ttl = max_ttl
        self._zones: OrderedDict[bytes, Delegation] = OrderedDict()
        self._hosts: OrderedDict[bytes, tuple[tuple[Server, ...], float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._zones) + len(self._hosts)

    def put_delegation(
        self,
        zone: bytes,
        ns: Sequence[bytes],
        addresses: Mapping[bytes, Sequence[Server]],
        ttl: float,
        now: float,
    ) -> Delegation:
        """Remember that *zone* is served by *ns* (with these addresses) for *ttl* seconds.

        Returns:
            The stored :class:`Delegation`.
        """
        entry = Delegation(
            zone.lower(),
            tuple(ns),
            {name: tuple(servers) for name, servers in addresses.items() if servers},
            now + min(max(ttl, 0.0), self.max_ttl),
        )
        self._zones[entry.zone] = entry
        self._zones.move_to_end(entry.zone)
        while len(self._zones) > self.max_entries:
            self._zones.popitem(last=False)
        return entry

    def closest(self, name: bytes, now: float) -> Delegation | None:
        """The fresh delegation nearest above (or at) *name*, or ``None``."""
        for count in range(count_labels(name), -1, -1):
            key = ancestor(name, count)
            entry = self._zones.get(key)
            if entry is None:
                continue
            if entry.expires <= now:
                del self._zones[key]
                continue
            self._zones.move_to_end(key)
            return entry
        return None

    def put_addresses(self, host: bytes, servers: Sequence[Server], ttl: float, now: float) -> None:
        """Remember the addresses of nameserver *host* for *ttl* seconds."""
        if not servers:
            return
        key = host.lower()
        self._hosts[key] = (tuple(servers), now + min(max(ttl, 0.0), self.max_ttl))
        self._hosts.move_to_end(key)
        while len(self._hosts) > self.max_entries:
            self._hosts.popitem(last=False)

    def addresses(self, host: bytes, now: float) -> tuple[Server, ...]:
        """The fresh addresses known for nameserver *host* (empty when none)."""
        key = host.lower()
        entry = self._hosts.get(key)
        if entry is None:
            return ()
        servers, expires = entry
        if expires <= now:
            del self._hosts[key]
            return ()
        self._hosts.move_to_end(key)
        return servers

    def flush(self) -> None:
        """Forget everything."""
        self._zones.clear()
        self._hosts.clear()
