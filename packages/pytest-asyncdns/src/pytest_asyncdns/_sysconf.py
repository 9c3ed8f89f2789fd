"""System configuration for tests: resolv.conf and hosts files, Darwin and Windows shapes.

The files are written where the caller says (the fixtures use ``tmp_path``) and never
touch the machine's own configuration. The Darwin and Windows helpers return plain data
in the shapes the asyncdns-system parsers consume (documented in the README):

* Darwin: a dict modelled on SCDynamicStore ``State:/Network/Global/DNS`` plus the
  per-domain ``/etc/resolver/*`` files (:func:`darwin_dns_config`), and the files
  themselves (:func:`write_darwin_resolver_dir`).
* Windows: a list of adapter dicts modelled on ``Get-DnsClientServerAddress`` /
  ``GetAdaptersAddresses`` (:func:`windows_adapter`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict, cast

#: One nameserver: an address (port 53) or ``(address, port)`` such as ``server.address``.
Nameserver = str | tuple[str, int]
#: One nameserver, or several (any iterable of them).
Nameservers = Nameserver | Iterable[Nameserver]


def _split(ns: Nameserver) -> tuple[str, int]:
    return (ns, 53) if isinstance(ns, str) else (ns[0], int(ns[1]))


def split_nameservers(nameservers: Nameservers) -> list[tuple[str, int]]:
    """*nameservers* as ``(address, port)`` pairs. A single nameserver — ``"127.0.0.1"`` or
    ``("127.0.0.1", 5300)``, the shape of ``server.address`` — is a list of one, not iterated
    (a str would give one server per character)."""
    if isinstance(nameservers, str):
        return [(nameservers, 53)]
    if isinstance(nameservers, tuple) and len(nameservers) == 2:
        host, port = nameservers
        if isinstance(host, str) and isinstance(port, int) and not isinstance(port, bool):
            return [(host, port)]
    return [_split(ns) for ns in cast("Iterable[Nameserver]", nameservers)]


@dataclass
class ResolvConf:
    """A resolv.conf written for a test: its path, text and the servers in it.

    resolv.conf has no port syntax (glibc), so with the default ``port_style="none"`` the
    fake server's port is only in :attr:`nameservers` and in a ``# pytest-asyncdns:``
    comment; pass it to the resolver under test separately. ``port_style="bracket"`` writes
    ``nameserver [addr]:port`` (the OpenBSD syntax) for servers not on port 53.
    """

    path: Path
    text: str
    nameservers: list[tuple[str, int]]
    search: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        """The port of the first nameserver."""
        return self.nameservers[0][1]


def resolv_conf_text(
    nameservers: Nameservers,
    *,
    search: Sequence[str] = (),
    domain: str | None = None,
    options: Sequence[str] = (),
    port_style: Literal["none", "bracket"] = "none",
    extra: str = "",
) -> str:
    """The text of a resolv.conf listing *nameservers* (address or ``(address, port)``)."""
    servers = split_nameservers(nameservers)
    lines = ["# written by pytest-asyncdns for a test"]
    ports = sorted({port for _, port in servers if port != 53})
    if ports:
        lines.append(f"# pytest-asyncdns: fake servers listen on port {','.join(map(str, ports))}")
    if domain:
        lines.append(f"domain {domain}")
    if search:
        lines.append("search " + " ".join(search))
    for host, port in servers:
        if port_style == "bracket" and port != 53:
            lines.append(f"nameserver [{host}]:{port}")
        else:
            lines.append(f"nameserver {host}")
    if options:
        lines.append("options " + " ".join(options))
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join(lines) + "\n"


def write_resolv_conf(path: Path, nameservers: Nameservers, **kw: Any) -> ResolvConf:
    """Write a resolv.conf at *path* (see :func:`resolv_conf_text` for the keywords)."""
    servers = split_nameservers(nameservers)
    text = resolv_conf_text(servers, **kw)
    path.write_text(text, encoding="utf-8")
    return ResolvConf(
        path=path,
        text=text,
        nameservers=servers,
        search=list(kw.get("search", ())),
        options=list(kw.get("options", ())),
    )


HostsEntries = Mapping[str, Sequence[str] | str] | Iterable[tuple[str, Sequence[str] | str]]


@dataclass
class HostsFile:
    """A hosts file written for a test."""

    path: Path
    text: str


def hosts_text(entries: HostsEntries, *, extra: str = "") -> str:
    """Hosts-file text: *entries* map an address to one name or a list of names (the first
    is canonical, the rest aliases); a list of ``(address, names)`` pairs keeps order and
    allows an address twice."""
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    lines = ["# written by pytest-asyncdns for a test"]
    for address, names in pairs:
        listed = [names] if isinstance(names, str) else list(names)
        lines.append(f"{address}\t{' '.join(listed)}")
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join(lines) + "\n"


def write_hosts(path: Path, entries: HostsEntries, *, extra: str = "") -> HostsFile:
    """Write a hosts file at *path* (see :func:`hosts_text`)."""
    text = hosts_text(entries, extra=extra)
    path.write_text(text, encoding="utf-8")
    return HostsFile(path=path, text=text)


class DarwinResolver(TypedDict, total=False):
    """One per-domain resolver (an ``/etc/resolver/<Domain>`` file)."""

    Domain: str
    ServerAddresses: list[str]
    ServerPort: int
    SearchOrder: int
    Options: str
    Timeout: int


def darwin_resolver(
    domain: str,
    nameservers: Nameservers,
    *,
    search_order: int | None = None,
    options: str | None = None,
    timeout: int | None = None,
) -> DarwinResolver:
    """A per-domain resolver entry; the port is that of the first nameserver."""
    servers = split_nameservers(nameservers)
    entry: DarwinResolver = {
        "Domain": domain.rstrip("."),
        "ServerAddresses": [h for h, _ in servers],
        "ServerPort": servers[0][1] if servers else 53,
    }
    if search_order is not None:
        entry["SearchOrder"] = search_order
    if options is not None:
        entry["Options"] = options
    if timeout is not None:
        entry["Timeout"] = timeout
    return entry


def darwin_dns_config(
    nameservers: Nameservers,
    *,
    search_domains: Sequence[str] = (),
    domain_name: str | None = None,
    resolvers: Iterable[DarwinResolver] = (),
) -> dict[str, Any]:
    """An SCDynamicStore-like DNS dict::

        {"ServerAddresses": ["127.0.0.1"], "ServerPort": 53000,
         "SearchDomains": ["example.test"], "DomainName": "example.test",
         "Resolvers": [{"Domain": "corp.test", "ServerAddresses": [...], "ServerPort": N}]}

    ``ServerPort`` (absent in the real global key, where the port is always 53) carries the
    fake server's port; ``Resolvers`` mirrors the ``/etc/resolver/*`` files.
    """
    servers = split_nameservers(nameservers)
    config: dict[str, Any] = {
        "ServerAddresses": [h for h, _ in servers],
        "ServerPort": servers[0][1] if servers else 53,
        "SearchDomains": [d.rstrip(".") for d in search_domains],
        "Resolvers": list(resolvers),
    }
    if domain_name is not None:
        config["DomainName"] = domain_name.rstrip(".")
    return config


def write_darwin_resolver_dir(directory: Path, resolvers: Iterable[DarwinResolver]) -> Path:
    """Write each resolver as ``directory/<Domain>`` in the ``resolver(5)`` format."""
    directory.mkdir(parents=True, exist_ok=True)
    for entry in resolvers:
        domain = entry["Domain"]
        if not domain or domain in (".", "..") or "/" in domain or "\\" in domain or ":" in domain:
            raise ValueError(f"Domain {domain!r} is not a plain file name (no '/', ':' or '..')")
        lines = [f"nameserver {address}" for address in entry.get("ServerAddresses", [])]
        if "ServerPort" in entry:
            lines.append(f"port {entry['ServerPort']}")
        lines.append(f"domain {entry['Domain']}")
        if "SearchOrder" in entry:
            lines.append(f"search_order {entry['SearchOrder']}")
        if "Timeout" in entry:
            lines.append(f"timeout {entry['Timeout']}")
        if "Options" in entry:
            lines.append(f"options {entry['Options']}")
        (directory / domain).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


class WindowsAdapter(TypedDict):
    """One network adapter as the Windows backend sees it."""

    FriendlyName: str
    InterfaceIndex: int
    OperStatus: Literal["Up", "Down"]
    DnsServers: list[str]
    DnsServerPort: int
    DnsSuffix: str
    Ipv4Metric: int
    Ipv6Metric: int


def windows_adapter(
    friendly_name: str,
    nameservers: Nameservers,
    *,
    up: bool = True,
    dns_suffix: str = "",
    ipv4_metric: int = 25,
    ipv6_metric: int = 25,
    interface_index: int = 1,
) -> WindowsAdapter:
    """An adapter record. ``DnsServerPort`` (Windows always uses 53) carries the fake
    server's port."""
    servers = split_nameservers(nameservers)
    return {
        "FriendlyName": friendly_name,
        "InterfaceIndex": interface_index,
        "OperStatus": "Up" if up else "Down",
        "DnsServers": [h for h, _ in servers],
        "DnsServerPort": servers[0][1] if servers else 53,
        "DnsSuffix": dns_suffix,
        "Ipv4Metric": ipv4_metric,
        "Ipv6Metric": ipv6_metric,
    }
