"""Raw OS data as the fetchers return it: no parsing, no FFI, no interpretation.

Each ``<os>/fetch.py`` fills one of these; each ``<os>/parse.py`` turns it into a
:class:`~asyncdns_system.SystemConfig`. Tests build them from captured fixtures (JSON for the
Darwin and Windows structures, text files for resolv.conf), so every parser runs on Linux.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DarwinSnapshot", "UnixSnapshot", "WindowsSnapshot"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UnixSnapshot:
    """A resolv.conf and the process state glibc also consults."""

    text: str | None
    """The file's text, or ``None`` when it does not exist."""
    path: str = "/etc/resolv.conf"
    """Where it was read from."""
    env: Mapping[str, str] = field(default_factory=dict)
    """``LOCALDOMAIN`` and ``RES_OPTIONS`` when set (other variables are ignored)."""
    hostname: str = ""
    """``gethostname()``: its domain part is the default search domain."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DarwinSnapshot:
    """macOS's live DNS configuration, as SCDynamicStore and ``/etc/resolver`` hold it.

    The dictionaries keep SystemConfiguration's key names (``ServerAddresses``,
    ``SearchDomains``, ``DomainName``, ``SupplementalMatchDomains``,
    ``SupplementalMatchOrders``, ``SearchOrder``, ``ServerPort``...).
    """

    global_dns: Mapping[str, Any]
    """``State:/Network/Global/DNS``. pytest-asyncdns's merged shape (with ``ServerPort`` and a
    ``Resolvers`` list standing for ``/etc/resolver/*``) is accepted too."""
    services: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """``State:/Network/Service/<id>/DNS`` by service id."""
    interfaces: Mapping[str, str] = field(default_factory=dict)
    """Service id to interface name (``State:/Network/Service/<id>/IPv4`` ``InterfaceName``)."""
    primary_service: str | None = None
    """``State:/Network/Global/IPv4`` ``PrimaryService``."""
    resolver_files: Mapping[str, str] = field(default_factory=dict)
    """``/etc/resolver/<name>`` files: file name to text."""
    resolver_dir: str = "/etc/resolver"
    """Where :attr:`resolver_files` were read."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowsSnapshot:
    """Windows' adapters, TCP/IP registry parameters and NRPT rules.

    An adapter is a dict with ``GetAdaptersAddresses`` fields under the names pytest-asyncdns
    uses: ``FriendlyName``, ``InterfaceIndex``, ``OperStatus`` (``"Up"``/``"Down"`` or the
    ``IF_OPER_STATUS`` number), ``IfType``, ``DnsServers`` (literals, zone ids as
    ``%index``), ``DnsSuffix``, ``DnsSuffixes`` (the adapter's search suffixes),
    ``Ipv4Metric``, ``Ipv6Metric``; ``DnsServerPort`` is a test-only extension.
    """

    adapters: Sequence[Mapping[str, Any]] | None
    """The adapters, or ``None`` when ``GetAdaptersAddresses`` failed (registry fallback)."""
    registry: Mapping[str, Any] = field(default_factory=dict)
    """``HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters`` values (``NameServer``,
    ``DhcpNameServer``, ``SearchList``, ``Domain``, ``DhcpDomain``...), with ``Interfaces``
    holding each interface subkey's values by GUID, and ``PolicySearchList`` the group-policy
    ``SearchList``."""
    nrpt: Sequence[Mapping[str, Any]] = ()
    """NRPT rules: each a dict of the rule key's values (``Name``, ``GenericDNSServers``,
    ``ConfigOptions``...) plus ``Key``, the rule's name."""
