"""How a :class:`Resolver` behaves: timeouts, retries, EDNS, hardening and cache bounds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ._servers import check_server

__all__ = ["ResolverOptions"]

_MAX_RCVBUF = 2**31 - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolverOptions:
    """Resolver settings. Every field has a safe default; construct with keywords.

    Raises:
        ValueError: a negative or otherwise impossible value.
    """

    timeout: float = 1.0
    """Seconds to wait for the first attempt's reply; each retransmission doubles it."""
    max_timeout: float = 4.0
    """The per-attempt timeout never grows beyond this."""
    lifetime: float = 8.0
    """Seconds a whole lookup may take, every retry included."""
    attempts: int = 6
    """Queries sent for one lookup at most (retransmissions and failovers together)."""
    edns_payload: int | None = 1232
    """UDP payload size advertised with EDNS(0) (RFC 9715 default); ``None`` disables EDNS."""
    dnssec_ok: bool = False
    """Set the DO bit (ask for DNSSEC records)."""
    randomize_case: bool = False
    """0x20 case randomisation: vary the case of the query name and insist the reply echoes it."""
    cookies: bool = False
    """Send DNS cookies (RFC 7873): a reply's cookie must echo ours; a server that has sent
    cookies must go on doing so over UDP (a reply without one is ignored as forged, until it
    has answered without them for two minutes); BADCOOKIE is answered by asking again with the
    server's new cookie (twice), then over TCP."""
    max_udp_uses: int = 64
    """A UDP socket (and so its source port) carries this many queries, then retires (later
    than that only while ``max_udp_sockets`` are open)."""
    max_udp_sockets: int = 128
    """UDP sockets open at most, in all but extreme loads: past this, retiring sockets keep
    carrying queries, so any number of lookups in flight needs a bounded number of file
    descriptors, and a new server's socket replaces the oldest idle socket of another server,
    so asking many servers (a recursive walk does) does too. A socket with 16,384 queries
    waiting (a quarter of the message IDs) is relieved by a new one even then, and a new
    server gets a socket even when every open one has a query waiting."""
    udp_rcvbuf: int = 1 << 20
    """Requested receive buffer of each UDP socket, so bursts of replies are not dropped (at
    most 2**31 - 1; the kernel may grant less: ``net.core.rmem_max`` on Linux)."""
    tcp_idle_timeout: float = 10.0
    """Seconds an idle TCP connection stays open for reuse."""
    max_cname_chain: int = 16
    """Longest CNAME/DNAME chain accepted in an answer."""
    cache_size: int = 10_000
    """Entries the cache holds at most (LRU)."""
    cache_max_records: int = 100_000
    """Records the cache holds at most over all entries (so a hostile server's huge answers
    cannot fill memory); a reply with more than an eighth of this is not cached."""
    min_ttl: int = 0
    """TTLs below this are raised to it in the cache."""
    max_ttl: int = 86_400
    """TTLs above this are lowered to it in the cache."""
    max_negative_ttl: int = 3_600
    """Negative answers (RFC 2308) are cached this long at most."""
    serve_stale: float = 0.0
    """RFC 8767: when every server fails, answer from a cache entry expired less than this many
    seconds ago (0 turns serve-stale off)."""

    # -- recursive resolution (``lookup(servers=None)`` or ``recursive=True``) -----------------
    root_hints: Sequence[tuple[str, int]] | None = None
    """Where recursive resolution starts when ``lookup()`` gets ``servers=None``: root servers
    as ``(address, port)`` (kept as a tuple). ``None``: the IANA root servers built into
    asyncdns. Test hierarchies pass their own."""
    qname_minimisation: bool = True
    """QNAME minimisation (RFC 9156): each zone is asked only about one more label of the name."""
    recursion_lifetime: float = 15.0
    """Seconds a whole recursive lookup may take, nameserver address lookups included."""
    recursion_tries: int = 2
    """Queries sent to one server for one step of a recursive walk (the first and its
    retransmissions) before it counts as dead and the next server is asked."""
    max_queries: int = 64
    """Questions one recursive lookup may ask in all (nested lookups included). Each is one
    step's question to one server: up to ``recursion_tries`` datagrams (retransmissions), and
    when the server asks for it a TCP retry, a retry without EDNS or with its new cookie, so at
    most about ``max_queries * (recursion_tries + 2)`` packets in all."""
    max_referrals: int = 16
    """Referrals one recursive lookup may follow for one name."""
    max_glueless: int = 6
    """Nameserver address lookups (glueless delegations) one recursive lookup may start."""
    max_glueless_per_zone: int = 3
    """Nameserver address lookups one delegation may cause (NXNSAttack bound)."""
    max_lookup_depth: int = 3
    """Nesting of nameserver address lookups (a glueless nameserver's own glueless zone...)."""
    delegation_cache_size: int = 2_000
    """Delegations (and, separately, nameserver address sets) the delegation cache holds."""

    def __post_init__(self) -> None:
        if self.root_hints is not None:
            if isinstance(self.root_hints, (str, bytes)) or not isinstance(
                self.root_hints, Sequence
            ):
                raise TypeError("root_hints must be a list of (address, port) tuples")
            hints = tuple(check_server(h) for h in self.root_hints)
            if not hints:
                raise ValueError("root_hints must not be empty (None means the IANA roots)")
            object.__setattr__(self, "root_hints", hints)
        if not isinstance(self.qname_minimisation, bool):
            raise TypeError("qname_minimisation must be a bool")
        for field in ("timeout", "max_timeout", "lifetime", "recursion_lifetime"):
            value = getattr(self, field)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise TypeError(f"{field} must be a number")
            if not 0 < value < math.inf:  # NaN too: every comparison with it is false
                raise ValueError(f"{field} must be positive and finite, not {value}")
        for field in (
            "attempts",
            "max_udp_uses",
            "max_udp_sockets",
            "cache_max_records",
            "udp_rcvbuf",
            "max_cname_chain",
            "cache_size",
            "recursion_tries",
            "max_queries",
            "max_referrals",
            "max_lookup_depth",
            "delegation_cache_size",
        ):
            value = getattr(self, field)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{field} must be an int")
            if value < 1:
                raise ValueError(f"{field} must be at least 1, not {value}")
        if self.udp_rcvbuf > _MAX_RCVBUF:  # setsockopt takes a C int
            raise ValueError(f"udp_rcvbuf must be at most {_MAX_RCVBUF}, not {self.udp_rcvbuf}")
        for field in ("max_glueless", "max_glueless_per_zone"):
            value = getattr(self, field)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{field} must be an int")
            if value < 0:
                raise ValueError(f"{field} must not be negative, not {value}")
        for field in ("min_ttl", "max_ttl", "max_negative_ttl"):
            if not getattr(self, field) >= 0:
                raise ValueError(f"{field} must not be negative")
        if not (self.serve_stale >= 0 and self.tcp_idle_timeout > 0):
            raise ValueError(
                "serve_stale must not be negative and tcp_idle_timeout must be positive"
            )
        if self.edns_payload is not None:
            if not isinstance(self.edns_payload, int) or isinstance(self.edns_payload, bool):
                raise TypeError("edns_payload must be an int or None")
            if not 512 <= self.edns_payload <= 0xFFFF:
                raise ValueError("edns_payload must be in 512..65535 or None")
