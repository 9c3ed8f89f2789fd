"""macOS DNS configuration, parsed from SCDynamicStore dictionaries and resolver(5) files.

The result routes queries the way mDNSResponder does:

* the global resolver (``State:/Network/Global/DNS``) answers by default: its
  ``ServerAddresses`` and ``SearchDomains`` (or ``DomainName``);
* supplemental resolvers (a service's ``SupplementalMatchDomains``, typically a VPN) and
  ``/etc/resolver/<domain>`` files become :class:`SplitRoute` entries: a query for a name
  under the match domain goes to that resolver's servers (longest match first, then the lowest
  ``SearchOrder``);
* the other services' resolvers are interface-scoped: kept as :attr:`SystemConfig.scoped`,
  used only when there is no global resolver.

Pure: dictionaries and text in, :class:`SystemConfig` out. Bad entries are skipped with a
warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from asyncdns_wire import ROOT

from .._config import SplitRoute, SystemConfig, SystemNameserver
from .._sanitize import (
    dedupe,
    domain_from_text,
    domains_from_text,
    nameserver_from_text,
    number_from_text,
)
from .._snapshot import DarwinSnapshot
from ..unix.parse import parse_options

__all__ = ["parse_darwin", "parse_resolver_file"]


def parse_darwin(snapshot: DarwinSnapshot | Mapping[str, Any]) -> SystemConfig:
    """Turn macOS's DNS state into a :class:`SystemConfig` with split-DNS routes.

    Args:
        snapshot: a :class:`~asyncdns_system.DarwinSnapshot`, or just the global DNS
            dictionary (pytest-asyncdns's ``asyncdns_darwin_config`` shape).

    Returns:
        The configuration.
    """
    if not isinstance(snapshot, DarwinSnapshot):
        snapshot = DarwinSnapshot(global_dns=snapshot)
    warnings: list[str] = []
    glob = snapshot.global_dns
    nameservers = _servers(glob, "global", warnings)
    search = _search(glob, "global", warnings)
    values, flags, problems = parse_options(str(glob.get("Options", "")).split(), "global")
    warnings.extend(problems)

    routes: list[SplitRoute] = []
    for i, entry in enumerate(_dicts(glob.get("Resolvers"), "Resolvers", warnings)):
        route = _resolver_entry(entry, f"Resolvers[{i}]", warnings)
        if route is not None:
            routes.append(route)
    for name in sorted(snapshot.resolver_files):
        path = f"{snapshot.resolver_dir.rstrip('/')}/{name}"
        route, problems = parse_resolver_file(name, snapshot.resolver_files[name], origin=path)
        warnings.extend(problems)
        if route is not None:
            routes.append(route)

    scoped: list[SplitRoute] = []
    order = _service_order(snapshot)
    for rank, service in enumerate(order):
        dns = snapshot.services[service]
        if not isinstance(dns, Mapping):
            warnings.append(f"service {service}: not a dictionary")
            continue
        where = f"service {service}"
        servers = _servers(dns, where, warnings)
        matches = dns.get("SupplementalMatchDomains")
        if matches:
            routes.extend(_supplemental(service, dns, servers, warnings))
        elif servers:
            scoped.append(
                SplitRoute(
                    domain=ROOT,
                    nameservers=servers,
                    search=tuple(_search(dns, where, warnings)),
                    order=_int(dns.get("SearchOrder"), rank),
                    interface=snapshot.interfaces.get(service) or dns.get("InterfaceName"),
                    origin=f"scoped:{service}",
                )
            )

    # Each route's search domains follow the global ones, by search order.
    for route in sorted(routes, key=lambda r: r.order):
        search.extend(route.search)
    ndots = values.get("ndots", 1)
    return SystemConfig(
        nameservers=nameservers,
        search=tuple(dedupe(search)),
        ndots=ndots,
        timeout=values.get("timeout"),
        attempts=values.get("attempts"),
        rotate="rotate" in flags,
        edns0="edns0" in flags,
        use_vc="use_vc" in flags,
        no_tld_query="no_tld_query" in flags,
        routes=tuple(routes),
        scoped=tuple(sorted(scoped, key=lambda r: r.order)),
        origin="SCDynamicStore",
        warnings=tuple(warnings),
    )


def parse_resolver_file(
    name: str, text: str, *, origin: str = ""
) -> tuple[SplitRoute | None, list[str]]:
    """Parse one resolver(5) file (``/etc/resolver/<name>``).

    Recognised lines: ``nameserver``, ``port``, ``domain`` (the match domain; default: the
    file name), ``search``, ``search_order``, ``timeout`` and ``options``.

    Args:
        name: the file name.
        text: its content.
        origin: recorded in the route (the file's path).

    Returns:
        ``(route, warnings)``; the route is ``None`` when the file has no usable nameserver or
        no valid domain.
    """
    origin = origin or name
    warnings: list[str] = []
    addresses: list[str] = []
    port = 53
    domain_text = name
    search: list[bytes] = []
    order = 0
    timeout: float | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        keyword, *args = line.split()
        where = f"{origin} line {lineno}"
        if keyword == "nameserver" and args:
            addresses.append(args[0])
        elif keyword == "domain" and args:
            domain_text = args[0]
        elif keyword == "search":
            found, bad = domains_from_text(" ".join(args))
            search = found
            warnings.extend(f"{where}: {token!r} is not a domain name" for token in bad)
        elif keyword in ("port", "search_order", "timeout") and args:
            number = number_from_text(args[0], 0x7FFFFFFF)
            if number is None:
                warnings.append(f"{where}: bad number in {keyword!r} line")
                continue
            if keyword == "port":
                port = number
            elif keyword == "search_order":
                order = number
            elif number > 0:
                timeout = float(number)
        elif keyword in ("options", "sortlist"):
            continue
        else:
            warnings.append(f"{where}: cannot use {line!r}")
    domain = domain_from_text(domain_text)
    if domain is None:
        warnings.append(f"{origin}: {domain_text!r} is not a domain name")
        return None, warnings
    servers: list[SystemNameserver] = []
    for address in addresses:
        try:
            servers.append(nameserver_from_text(address, default_port=port))
        except ValueError as exc:
            warnings.append(f"{origin}: {exc}")
    if not servers:
        warnings.append(f"{origin}: no usable nameserver")
        return None, warnings
    route = SplitRoute(
        domain=domain,
        nameservers=tuple(servers),
        search=tuple(search),
        order=order,
        timeout=timeout,
        origin=origin,
    )
    return route, warnings


def _service_order(snapshot: DarwinSnapshot) -> list[str]:
    services = sorted(snapshot.services)
    primary = snapshot.primary_service
    if primary is not None and primary in snapshot.services:
        services.remove(primary)
        services.insert(0, primary)
    return services


def _supplemental(
    service: str,
    dns: Mapping[str, Any],
    servers: tuple[SystemNameserver, ...],
    warnings: list[str],
) -> list[SplitRoute]:
    where = f"service {service}"
    if not servers:
        warnings.append(f"{where}: supplemental match domains without servers")
        return []
    matches = _strings(dns.get("SupplementalMatchDomains"), where, warnings)
    orders = dns.get("SupplementalMatchOrders")
    default_order = _int(dns.get("SearchOrder"), 0)
    search = tuple(_search(dns, where, warnings))
    routes = []
    for i, match in enumerate(matches):
        if not match.strip(". "):
            continue  # "" stands for the default resolver, which the global entry already is
        domain = domain_from_text(match)
        if domain is None:
            warnings.append(f"{where}: {match!r} is not a domain name")
            continue
        order = default_order
        if isinstance(orders, Sequence) and i < len(orders):
            order = _int(orders[i], default_order)
        routes.append(
            SplitRoute(
                domain=domain,
                nameservers=servers,
                search=search,
                order=order,
                origin=f"supplemental:{service}",
            )
        )
    return routes


def _resolver_entry(entry: Mapping[str, Any], where: str, warnings: list[str]) -> SplitRoute | None:
    domain = domain_from_text(str(entry.get("Domain", "")))
    if domain is None:
        warnings.append(f"{where}: bad Domain {entry.get('Domain')!r}")
        return None
    servers = _servers(entry, where, warnings)
    if not servers:
        warnings.append(f"{where}: no usable nameserver")
        return None
    timeout = entry.get("Timeout")
    return SplitRoute(
        domain=domain,
        nameservers=servers,
        search=tuple(_search(entry, where, warnings)),
        order=_int(entry.get("SearchOrder"), 0),
        timeout=float(timeout) if isinstance(timeout, int) and timeout > 0 else None,
        origin=where,
    )


def _servers(
    entry: Mapping[str, Any], where: str, warnings: list[str]
) -> tuple[SystemNameserver, ...]:
    port = _int(entry.get("ServerPort"), 53)
    if not 0 < port <= 0xFFFF:
        warnings.append(f"{where}: bad ServerPort {port}")
        port = 53
    servers: list[SystemNameserver] = []
    for address in _strings(entry.get("ServerAddresses"), where, warnings):
        try:
            servers.append(nameserver_from_text(address, default_port=port))
        except ValueError as exc:
            warnings.append(f"{where}: {exc}")
    return tuple(dedupe(servers))


def _search(entry: Mapping[str, Any], where: str, warnings: list[str]) -> list[bytes]:
    domains = _strings(entry.get("SearchDomains"), where, warnings)
    if not domains and isinstance(entry.get("DomainName"), str):
        domains = [entry["DomainName"]]
    found, bad = domains_from_text(" ".join(domains))
    warnings.extend(f"{where}: {token!r} is not a domain name" for token in bad)
    return found


def _strings(value: Any, where: str, warnings: list[str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    warnings.append(f"{where}: expected strings, got {value!r}")
    return []


def _dicts(value: Any, where: str, warnings: list[str]) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if isinstance(value, Sequence) and all(isinstance(v, Mapping) for v in value):
        return list(value)
    warnings.append(f"{where}: expected a list of dictionaries")
    return []


def _int(value: Any, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return int(value)
