"""pytest-asyncdns: fake authoritative DNS servers, a fake DNS hierarchy, a fake mDNS
responder and system-configuration fixtures for any test suite.

The servers are built on dnslib (never on asyncdns-wire), so they are an independent oracle.
Public names are imported lazily: importing this package (as pytest does when it loads the
plugin) does not import dnslib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._behaviour import On, Rule, RuleOptions
    from ._factory import ServerFactory
    from ._hierarchy import Hierarchy, RootHint, ServerSpec, zone_texts
    from ._mdns import MDNSResponder
    from ._netns import netns_available, private_netns_status, run_in_netns
    from ._querylog import QueryLog, QueryRecord
    from ._server import FakeDNSServer
    from ._sysconf import (
        DarwinResolver,
        HostsFile,
        ResolvConf,
        WindowsAdapter,
        darwin_dns_config,
        darwin_resolver,
        hosts_text,
        resolv_conf_text,
        windows_adapter,
        write_darwin_resolver_dir,
        write_hosts,
        write_resolv_conf,
    )
    from ._zone import Zone, make_zone, parse_zone_text

_EXPORTS = {
    "DarwinResolver": "_sysconf",
    "FakeDNSServer": "_server",
    "Hierarchy": "_hierarchy",
    "HostsFile": "_sysconf",
    "MDNSResponder": "_mdns",
    "On": "_behaviour",
    "QueryLog": "_querylog",
    "QueryRecord": "_querylog",
    "ResolvConf": "_sysconf",
    "RootHint": "_hierarchy",
    "Rule": "_behaviour",
    "RuleOptions": "_behaviour",
    "ServerFactory": "_factory",
    "ServerSpec": "_hierarchy",
    "WindowsAdapter": "_sysconf",
    "Zone": "_zone",
    "darwin_dns_config": "_sysconf",
    "darwin_resolver": "_sysconf",
    "hosts_text": "_sysconf",
    "make_zone": "_zone",
    "netns_available": "_netns",
    "parse_zone_text": "_zone",
    "private_netns_status": "_netns",
    "resolv_conf_text": "_sysconf",
    "run_in_netns": "_netns",
    "windows_adapter": "_sysconf",
    "write_darwin_resolver_dir": "_sysconf",
    "write_hosts": "_sysconf",
    "write_resolv_conf": "_sysconf",
    "zone_texts": "_hierarchy",
}

__all__ = [
    "DarwinResolver",
    "FakeDNSServer",
    "Hierarchy",
    "HostsFile",
    "MDNSResponder",
    "On",
    "QueryLog",
    "QueryRecord",
    "ResolvConf",
    "RootHint",
    "Rule",
    "RuleOptions",
    "ServerFactory",
    "ServerSpec",
    "WindowsAdapter",
    "Zone",
    "__version__",
    "darwin_dns_config",
    "darwin_resolver",
    "hosts_text",
    "make_zone",
    "netns_available",
    "parse_zone_text",
    "private_netns_status",
    "resolv_conf_text",
    "run_in_netns",
    "windows_adapter",
    "write_darwin_resolver_dir",
    "write_hosts",
    "write_resolv_conf",
    "zone_texts",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
