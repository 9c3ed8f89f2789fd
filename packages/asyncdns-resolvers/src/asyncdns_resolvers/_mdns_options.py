"""How a :class:`MulticastResolver` behaves: group, port, interface, timing, trust and cache."""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

__all__ = ["MulticastOptions"]


def _number(name: str, value: object) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, not {value}")
    return float(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class MulticastOptions:
    """Multicast DNS resolver settings. Every field has a safe default; construct with keywords.

    A lookup sends a one-shot query, retransmits it ``attempts - 1`` times (after
    ``retry_interval`` seconds, doubling each time) while nothing has answered, and completes
    ``gather`` seconds after the first answer so that other responders can add theirs; with no
    answer within ``timeout`` seconds it completes with NXDOMAIN. A lookup therefore takes at
    most ``timeout + gather`` seconds.

    Raises:
        TypeError: a field of the wrong type.
        ValueError: an impossible value (a group that is not a multicast address, a negative
            time...).
    """

    group_v4: str = "224.0.0.251"
    """The IPv4 mDNS group (RFC 6762 section 3)."""
    group_v6: str = "ff02::fb"
    """The IPv6 mDNS group (link-local scope)."""
    port: int = 5353
    """The mDNS port: queries go to it, and responses must come from it (section 6)."""
    interface: str | int | None = None
    """The network interface, by name (``"eth0"``) or index: it carries the queries, scopes
    ``ff02::fb``, and its subnets define "on-link". ``None`` lets the system choose for IPv4
    and accepts responses from the subnets of every interface; IPv6 usually needs one."""
    timeout: float = 1.5
    """Seconds to wait for a first answer before completing with NXDOMAIN."""
    retry_interval: float = 0.5
    """Seconds before the first retransmission; each later one waits twice as long."""
    attempts: int = 2
    """Queries sent at most per lookup, the first included (only while nothing has answered)."""
    gather: float = 0.2
    """Seconds to keep gathering answers after the first one (other responders, section 6
    response delays of 20-120 ms); 0 completes on the first answer."""
    listen_multicast: bool = True
    """Also join the group on the mDNS port to hear answers multicast by responders (for other
    queriers, or unsolicited announcements and goodbyes). The membership is dropped by
    :meth:`MulticastResolver.close`. Where the port cannot be shared, lookups carry on with the
    unicast replies alone."""
    check_hop_limit: bool = False
    """Also insist that responses arrive with IP TTL / hop limit 255 (RFC 6762 section 11):
    proof that no router forwarded them. Off by default because responders need only *should*
    send 255 and some (python-zeroconf) send legacy unicast replies with the system default;
    avahi's ``check-response-ttl`` has the same default. Where the system does not report the
    hop limit, the source address check alone applies."""
    allow_any_name: bool = False
    """Let :meth:`MulticastResolver.lookup` multicast names outside the mDNS zones (``.local``
    and the link-local reverse zones). Leave it off: such questions would be answered by
    whoever is on the link."""
    cache_size: int = 1_000
    """Entries the cache holds at most (LRU); 0 turns the cache off."""
    min_ttl: int = 0
    """TTLs below this are raised to it in the cache."""
    max_ttl: int = 4_500
    """TTLs above this are lowered to it in the cache (RFC 6762 suggests 75 minutes at most
    for most records)."""

    def __post_init__(self) -> None:
        for field, version in (("group_v4", 4), ("group_v6", 6)):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise TypeError(f"{field} must be a str")
            try:
                address = ipaddress.ip_address(value)
            except ValueError:
                raise ValueError(f"{field} is not an IP address: {value!r}") from None
            if address.version != version or not address.is_multicast:
                raise ValueError(f"{field} must be an IPv{version} multicast address: {value!r}")
        _check_int("port", self.port, 1, 0xFFFF)
        _check_int("attempts", self.attempts, 1, 100)
        _check_int("cache_size", self.cache_size, 0, 2**63 - 1)
        _check_int("min_ttl", self.min_ttl, 0, 0x7FFFFFFF)
        _check_int("max_ttl", self.max_ttl, 0, 0x7FFFFFFF)
        if self.min_ttl > self.max_ttl:
            raise ValueError(f"min_ttl ({self.min_ttl}) is above max_ttl ({self.max_ttl})")
        for field in ("timeout", "retry_interval"):
            if _number(field, getattr(self, field)) <= 0:
                raise ValueError(f"{field} must be positive, not {getattr(self, field)}")
        if _number("gather", self.gather) < 0:
            raise ValueError(f"gather must not be negative, not {self.gather}")
        for field in ("listen_multicast", "check_hop_limit", "allow_any_name"):
            if not isinstance(getattr(self, field), bool):
                raise TypeError(f"{field} must be a bool")
        interface = self.interface
        if isinstance(interface, bool) or not isinstance(interface, (str, int, type(None))):
            raise TypeError("interface must be a name, an index or None")
        if isinstance(interface, int) and interface < 1:
            raise ValueError(f"an interface index is at least 1, not {interface}")
        if isinstance(interface, str) and not (interface and "\0" not in interface):
            raise ValueError(f"not an interface name: {interface!r}")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in {low}..{high}, not {value}")
