"""asyncdns-system: resolve the way the operating system does.

* :class:`HostsResolver`: the hosts file (A, AAAA, PTR; RFC 6761 ``localhost``).
* :class:`SystemResolver`: a :class:`~asyncdns_resolvers.Resolver` configured by the OS
  (resolv.conf on UNIX; SystemConfiguration with split DNS on macOS; adapters, registry and
  NRPT on Windows), re-checked at most every 30 seconds.
* :class:`SmartResolver`: hosts file, then multicast DNS for ``.local``, then the system.

Each OS backend is a pure parser (:func:`parse_resolv_conf`, :func:`parse_darwin`,
:func:`parse_windows`) fed by a thin fetcher that is imported only when used.
"""

from ._config import SplitRoute, SystemConfig, SystemNameserver
from ._errors import SystemConfigError
from ._hosts import HostsResolver
from ._hosts_table import HostsTable, parse_hosts
from ._paths import hosts_path
from ._search import search_candidates
from ._select import Backend, backend_for
from ._smart import HostsComponent, MulticastComponent, SmartResolver, SystemComponent
from ._snapshot import DarwinSnapshot, UnixSnapshot, WindowsSnapshot
from ._sources import ConfigSource, DarwinSource, ResolvConfSource, StaticSource, WindowsSource
from ._system import SystemResolver
from ._version import __version__
from .darwin.parse import parse_darwin
from .unix.parse import parse_resolv_conf
from .windows.parse import parse_windows

__all__ = [
    "Backend",
    "ConfigSource",
    "DarwinSnapshot",
    "DarwinSource",
    "HostsComponent",
    "HostsResolver",
    "HostsTable",
    "MulticastComponent",
    "ResolvConfSource",
    "SmartResolver",
    "SplitRoute",
    "StaticSource",
    "SystemComponent",
    "SystemConfig",
    "SystemConfigError",
    "SystemNameserver",
    "SystemResolver",
    "UnixSnapshot",
    "WindowsSnapshot",
    "WindowsSource",
    "__version__",
    "backend_for",
    "hosts_path",
    "parse_darwin",
    "parse_hosts",
    "parse_resolv_conf",
    "parse_windows",
    "search_candidates",
]
