"""What the operating system says about DNS: frozen, keyword-only configuration snapshots.

Every backend's parser produces a :class:`SystemConfig`; :class:`~asyncdns_system.SystemResolver`
consumes it. Names are presentation-form ``bytes`` without the final dot, as everywhere in
asyncdns (non-ASCII domains are IDNA-encoded by the parsers).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from asyncdns_resolvers import Server

__all__ = ["SplitRoute", "SystemConfig", "SystemNameserver"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemNameserver:
    """One configured nameserver.

    Raises:
        ValueError: *address* is not an IP literal, or *port* is outside 1..65535.
    """

    address: str
    """The IPv4 or IPv6 literal, without any zone id."""
    port: int = 53
    """The UDP/TCP port (53 unless the configuration says otherwise)."""
    zone: str | None = None
    """The IPv6 zone id (``en0``, ``eth0``, ``12``) of a link-local server, else ``None``."""

    def __post_init__(self) -> None:
        ip = ipaddress.ip_address(self.address)  # ValueError for anything else
        if "%" in self.address:
            raise ValueError("give the zone id in zone=, not in the address")
        if self.zone is not None and (ip.version != 6 or not self.zone or "%" in self.zone):
            raise ValueError(f"bad zone id {self.zone!r} for {self.address}")
        if not isinstance(self.port, int) or isinstance(self.port, bool):
            raise TypeError("port must be an int")
        if not 0 < self.port <= 0xFFFF:
            raise ValueError(f"port must be in 1..65535, not {self.port}")

    @property
    def server(self) -> Server:
        """The ``(address, port)`` tuple a :class:`~asyncdns_resolvers.Resolver` takes (the
        zone id, if any, appended to the address as ``fe80::1%en0``)."""
        if self.zone is None:
            return (self.address, self.port)
        return (f"{self.address}%{self.zone}", self.port)

    def __str__(self) -> str:
        host = self.address if self.zone is None else f"{self.address}%{self.zone}"
        if self.port == 53:
            return host
        return f"[{host}]:{self.port}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SplitRoute:
    """Split DNS: queries for *domain* (and below it) go to these nameservers.

    macOS supplemental resolvers and ``/etc/resolver/*`` files, and Windows NRPT rules, become
    routes; so do macOS's interface-scoped resolvers (with :attr:`interface` set), which are
    kept as data and used only when there is no global nameserver.
    """

    domain: bytes
    """The match domain (``b"corp.example"``); the root ``b"."`` matches every name."""
    nameservers: tuple[SystemNameserver, ...]
    """Where matching queries go, in order."""
    search: tuple[bytes, ...] = ()
    """Search domains this route contributes (macOS ``search`` lines)."""
    order: int = 0
    """Among routes for the same domain, the lowest order wins (macOS ``search_order``)."""
    timeout: float | None = None
    """The per-query timeout this route asks for, if any (informational)."""
    exact: bool = False
    """Match *domain* itself only, not names below it (a Windows NRPT rule for one FQDN)."""
    interface: str | None = None
    """The interface a scoped resolver belongs to (macOS), else ``None``."""
    origin: str = ""
    """Where the route came from: a file path, ``supplemental:<service>``, ``nrpt:<rule>``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemConfig:
    """One snapshot of the system's resolver configuration ("where" and "how" together).

    Fields the configuration does not mention stay at their defaults; ``None`` for
    :attr:`timeout` and :attr:`attempts` means "not configured: keep the resolver's own
    setting". Two snapshots compare equal exactly when they would resolve alike, which is how
    :class:`~asyncdns_system.SystemResolver` decides that the configuration changed.

    Raises:
        ValueError: a negative *ndots*, a non-positive *timeout* or *attempts*.
    """

    nameservers: tuple[SystemNameserver, ...] = ()
    """The default nameservers, in the order the system lists them."""
    search: tuple[bytes, ...] = ()
    """The search list for relative names, in order."""
    ndots: int = 1
    """Names with at least this many dots are tried as given before the search list."""
    timeout: float | None = None
    """Seconds to wait for one server's reply (resolv.conf ``timeout:``)."""
    attempts: int | None = None
    """Rounds through the server list (resolv.conf ``attempts:``)."""
    rotate: bool = False
    """Spread queries over the servers instead of always starting with the first."""
    edns0: bool = False
    """The configuration asks for EDNS(0)."""
    use_vc: bool = False
    """Always query over TCP (resolv.conf ``use-vc``)."""
    no_tld_query: bool = False
    """Never try a single-label name as it is, only with the search list appended."""
    routes: tuple[SplitRoute, ...] = ()
    """Split-DNS routes by match domain (macOS, Windows NRPT)."""
    scoped: tuple[SplitRoute, ...] = ()
    """Interface-scoped resolvers (macOS): used only when :attr:`nameservers` is empty."""
    origin: str = ""
    """Where the snapshot came from (``/etc/resolv.conf``, ``SCDynamicStore``...)."""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """What the parser skipped or corrected, one message per problem (not compared)."""

    def __post_init__(self) -> None:
        if self.ndots < 0:
            raise ValueError("ndots must not be negative")
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.attempts is not None and self.attempts < 1:
            raise ValueError("attempts must be at least 1")

    def default_nameservers(self) -> tuple[SystemNameserver, ...]:
        """:attr:`nameservers`, or when there are none the first scoped resolver's."""
        if self.nameservers:
            return self.nameservers
        for route in self.scoped:
            if route.nameservers:
                return route.nameservers
        return ()
