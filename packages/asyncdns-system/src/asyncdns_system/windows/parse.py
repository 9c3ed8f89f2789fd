"""Windows DNS configuration, parsed from adapter records, registry values and NRPT rules.

* Servers come from the adapters that are up (not the software loopback), ordered by the
  interface metric of their address family, then by adapter and position; the site-local
  ``fec0:0:0:ffff::1``-``3`` placeholders Windows lists for IPv6 adapters without real servers
  are dropped (hickory does the same).
* The search list is the group-policy ``SearchList``, else the registry's ``SearchList``, else
  the primary DNS suffix followed by each adapter's connection-specific suffixes.
* Without adapter data (``GetAdaptersAddresses`` failed) the registry's ``NameServer`` and
  ``DhcpNameServer`` values (global and per interface) are used instead.
* NRPT rules with generic DNS servers become :class:`SplitRoute` entries: ``.corp.example``
  matches that domain and below, ``host.corp.example`` that name only.

Pure: plain data in, :class:`SystemConfig` out; bad entries are skipped with a warning.
"""

from __future__ import annotations

import ipaddress
import struct
from collections.abc import Mapping, Sequence
from typing import Any

from asyncdns_wire import ROOT

from .._config import SplitRoute, SystemConfig, SystemNameserver
from .._sanitize import dedupe, domain_from_text, domains_from_text, nameserver_from_text
from .._snapshot import WindowsSnapshot

__all__ = ["SITE_LOCAL_DEFAULTS", "parse_windows", "sockaddr_text"]

SITE_LOCAL_DEFAULTS = frozenset(ipaddress.IPv6Address(f"fec0:0:0:ffff::{i}") for i in (1, 2, 3))
"""The deprecated site-local resolver addresses Windows shows when IPv6 has no real server."""

_UP = (1, "Up", "up", "UP")
_LOOPBACK_IFTYPE = 24  # IF_TYPE_SOFTWARE_LOOPBACK
_NRPT_GENERIC_SERVERS = 0x8
_AF_INET = 2
_AF_INET6 = 23


def parse_windows(snapshot: WindowsSnapshot | Sequence[Mapping[str, Any]]) -> SystemConfig:
    """Turn Windows' adapters, registry values and NRPT rules into a :class:`SystemConfig`.

    Args:
        snapshot: a :class:`~asyncdns_system.WindowsSnapshot`, or just a list of adapters
            (pytest-asyncdns's ``asyncdns_windows_adapters`` shape).

    Returns:
        The configuration.
    """
    if not isinstance(snapshot, WindowsSnapshot):
        snapshot = WindowsSnapshot(adapters=snapshot)
    warnings: list[str] = []
    registry = snapshot.registry
    if snapshot.adapters is not None:
        nameservers, suffixes = _from_adapters(snapshot.adapters, warnings)
        origin = "GetAdaptersAddresses"
    else:
        nameservers, suffixes = _from_registry(registry, warnings)
        origin = "registry"
    search = _search_list(registry, suffixes, warnings)
    routes = _nrpt(snapshot.nrpt, warnings)
    return SystemConfig(
        nameservers=tuple(nameservers),
        search=tuple(search),
        routes=tuple(routes),
        origin=origin,
        warnings=tuple(warnings),
    )


def sockaddr_text(raw: bytes) -> str | None:
    """The address in a Windows ``SOCKADDR`` (``sockaddr_in`` / ``sockaddr_in6``) as text.

    Args:
        raw: the structure's bytes (little-endian family first).

    Returns:
        ``"198.51.100.1"``, ``"2001:db8::1"`` or ``"fe80::1%12"`` (with the scope id), or
        ``None`` for another family or a short buffer.
    """
    if len(raw) < 2:
        return None
    (family,) = struct.unpack_from("<H", raw)
    if family == _AF_INET and len(raw) >= 8:
        return str(ipaddress.IPv4Address(raw[4:8]))
    if family == _AF_INET6 and len(raw) >= 28:
        address = ipaddress.IPv6Address(raw[8:24])
        (scope,) = struct.unpack_from("<I", raw, 24)
        return f"{address}%{scope}" if scope and address.is_link_local else str(address)
    return None


def _is_up(adapter: Mapping[str, Any]) -> bool:
    return adapter.get("OperStatus") in _UP and adapter.get("IfType") != _LOOPBACK_IFTYPE


def _metric(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 1 << 32


def _from_adapters(
    adapters: Sequence[Mapping[str, Any]], warnings: list[str]
) -> tuple[list[SystemNameserver], list[bytes]]:
    ranked: list[tuple[int, int, int, SystemNameserver]] = []
    adapter_rank: list[tuple[int, int, Mapping[str, Any]]] = []
    for a, adapter in enumerate(adapters):
        if not isinstance(adapter, Mapping):
            warnings.append(f"adapter {a}: not a dictionary")
            continue
        if not _is_up(adapter):
            continue
        name = adapter.get("FriendlyName", a)
        port = adapter.get("DnsServerPort", 53)
        v4, v6 = _metric(adapter.get("Ipv4Metric")), _metric(adapter.get("Ipv6Metric"))
        adapter_rank.append((min(v4, v6), a, adapter))
        servers = adapter.get("DnsServers") or []
        if isinstance(servers, str):
            servers = servers.replace(",", " ").split()
        for s, text in enumerate(servers):
            try:
                server = nameserver_from_text(str(text), default_port=int(port))
            except ValueError as exc:
                warnings.append(f"adapter {name!r}: {exc}")
                continue
            ip = ipaddress.ip_address(server.address)
            if ip in SITE_LOCAL_DEFAULTS:
                continue
            ranked.append((v4 if ip.version == 4 else v6, a, s, server))
    nameservers = dedupe(server for *_, server in sorted(ranked, key=lambda r: r[:3]))
    suffixes: list[bytes] = []
    for _, _, adapter in sorted(adapter_rank, key=lambda r: r[:2]):
        texts = [adapter.get("DnsSuffix") or ""]
        extra = adapter.get("DnsSuffixes") or []
        texts.extend(extra if isinstance(extra, list) else [str(extra)])
        found, _ = domains_from_text(" ".join(str(t) for t in texts))
        suffixes.extend(found)
    return nameservers, dedupe(suffixes)


def _from_registry(
    registry: Mapping[str, Any], warnings: list[str]
) -> tuple[list[SystemNameserver], list[bytes]]:
    sources: list[tuple[str, Mapping[str, Any]]] = [("Parameters", registry)]
    interfaces = registry.get("Interfaces")
    if isinstance(interfaces, Mapping):
        sources.extend(
            (f"Interfaces\\{guid}", values)
            for guid, values in sorted(interfaces.items())
            if isinstance(values, Mapping)
        )
    nameservers: list[SystemNameserver] = []
    suffixes: list[bytes] = []
    for where, values in sources:
        # A static NameServer overrides the DHCP-provided one, per interface as globally.
        text = values.get("NameServer") or values.get("DhcpNameServer") or ""
        for token in str(text).replace(",", " ").split():
            try:
                server = nameserver_from_text(token)
            except ValueError as exc:
                warnings.append(f"registry {where}: {exc}")
                continue
            if ipaddress.ip_address(server.address) not in SITE_LOCAL_DEFAULTS:
                nameservers.append(server)
        if where != "Parameters":
            suffix = domain_from_text(str(values.get("Domain") or values.get("DhcpDomain") or ""))
            if suffix is not None:
                suffixes.append(suffix)
    return dedupe(nameservers), dedupe(suffixes)


def _search_list(
    registry: Mapping[str, Any], suffixes: list[bytes], warnings: list[str]
) -> list[bytes]:
    for key in ("PolicySearchList", "SearchList"):
        text = registry.get(key)
        if text:
            found, bad = domains_from_text(str(text))
            warnings.extend(f"registry {key}: {token!r} is not a domain name" for token in bad)
            if found:
                return found
    primary = domain_from_text(str(registry.get("Domain") or registry.get("NV Domain") or ""))
    return dedupe(([primary] if primary is not None else []) + suffixes)


def _nrpt(rules: Sequence[Mapping[str, Any]], warnings: list[str]) -> list[SplitRoute]:
    routes: list[SplitRoute] = []
    for order, rule in enumerate(rules):
        key = str(rule.get("Key", order))
        options = rule.get("ConfigOptions")
        servers_text = str(rule.get("GenericDNSServers") or "")
        if isinstance(options, int) and not options & _NRPT_GENERIC_SERVERS:
            continue  # a DNSSEC or DirectAccess rule: no servers of its own
        servers: list[SystemNameserver] = []
        for token in servers_text.replace(",", ";").split(";"):
            if token.strip():
                try:
                    servers.append(nameserver_from_text(token))
                except ValueError as exc:
                    warnings.append(f"NRPT rule {key}: {exc}")
        if not servers:
            warnings.append(f"NRPT rule {key}: no generic DNS servers")
            continue
        names = rule.get("Name") or []
        if isinstance(names, str):
            names = names.replace(";", " ").split()
        for namespace in names:
            namespace = str(namespace).strip()
            if namespace == ".":
                domain: bytes | None = ROOT
            else:
                domain = domain_from_text(namespace.lstrip("."))
            if domain is None:
                warnings.append(f"NRPT rule {key}: bad namespace {namespace!r}")
                continue
            routes.append(
                SplitRoute(
                    domain=domain,
                    nameservers=tuple(servers),
                    order=order,
                    exact=not namespace.startswith("."),
                    origin=f"nrpt:{key}",
                )
            )
    return routes
