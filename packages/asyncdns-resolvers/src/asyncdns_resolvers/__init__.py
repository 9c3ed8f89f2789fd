"""asyncdns-resolvers: asyncio DNS resolvers for asyncdns.

:class:`Resolver` is the stub resolver of asyncdns 0.1: give it a :class:`~asyncdns_wire.Query`
and servers, await the :class:`~asyncdns_wire.Message` reply; without servers it resolves
recursively from the root (a :class:`Trace` shows the walk). :class:`MulticastResolver`
resolves ``.local`` names with Multicast DNS (RFC 6762).
"""

from ._errors import (
    LimitExceeded,
    NameNotFound,
    NoData,
    NoNameservers,
    NoServersLeft,
    RecursionFailure,
    ResolutionTimeout,
    ResolverClosed,
    ResolverError,
    ServerFailure,
)
from ._mdns import MulticastResolver
from ._mdns_names import is_mdns_name
from ._mdns_options import MulticastOptions
from ._options import ResolverOptions
from ._resolver import Resolver
from ._roothints import ROOT_HINTS
from ._servers import RandomServer, RoundRobinServer, Server
from ._trace import Trace, TraceEntry, TraceEvent
from ._version import __version__

__all__ = [
    "LimitExceeded",
    "MulticastOptions",
    "MulticastResolver",
    "NameNotFound",
    "NoData",
    "NoNameservers",
    "NoServersLeft",
    "ROOT_HINTS",
    "RandomServer",
    "RecursionFailure",
    "ResolutionTimeout",
    "Resolver",
    "ResolverClosed",
    "ResolverError",
    "ResolverOptions",
    "RoundRobinServer",
    "Server",
    "ServerFailure",
    "Trace",
    "TraceEntry",
    "TraceEvent",
    "__version__",
    "is_mdns_name",
]
