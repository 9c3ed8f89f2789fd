"""The IANA root servers, where recursive resolution starts by default (data only).

The addresses of the thirteen root server identities, as published by IANA in the root hints
file (``named.root``, https://www.internic.net/domain/named.root; B changed address on
2023-11-27). :class:`~asyncdns_resolvers.Resolver` starts here when ``lookup()`` is given
``servers=None`` and ``ResolverOptions.root_hints`` is not set. Nothing in asyncdns' own tests
or benchmarks ever sends a packet to these addresses: they always pass their own root hints.
"""

from __future__ import annotations

__all__ = ["ROOT_HINTS", "ROOT_SERVERS"]

#: (name, IPv4 address, IPv6 address) of each root server identity.
ROOT_SERVERS: tuple[tuple[str, str, str], ...] = (
    ("a.root-servers.net", "198.41.0.4", "2001:503:ba3e::2:30"),
    ("b.root-servers.net", "170.247.170.2", "2801:1b8:10::b"),
    ("c.root-servers.net", "192.33.4.12", "2001:500:2::c"),
    ("d.root-servers.net", "199.7.91.13", "2001:500:2d::d"),
    ("e.root-servers.net", "192.203.230.10", "2001:500:a8::e"),
    ("f.root-servers.net", "192.5.5.241", "2001:500:2f::f"),
    ("g.root-servers.net", "192.112.36.4", "2001:500:12::d0d"),
    ("h.root-servers.net", "198.97.190.53", "2001:500:1::53"),
    ("i.root-servers.net", "192.36.148.17", "2001:7fe::53"),
    ("j.root-servers.net", "192.58.128.30", "2001:503:c27::2:30"),
    ("k.root-servers.net", "193.0.14.129", "2001:7fd::1"),
    ("l.root-servers.net", "199.7.83.42", "2001:500:9f::42"),
    ("m.root-servers.net", "202.12.27.33", "2001:dc3::35"),
)

#: Every root server address on port 53, IPv4 first.
ROOT_HINTS: tuple[tuple[str, int], ...] = tuple((v4, 53) for _, v4, _ in ROOT_SERVERS) + tuple(
    (v6, 53) for _, _, v6 in ROOT_SERVERS
)
