"""asyncdns-resolvers: asyncio DNS resolvers for asyncdns.

:class:`Resolver` is the stub resolver of asyncdns 0.1: give it a :class:`~asyncdns_wire.Query`
and servers, await the :class:`~asyncdns_wire.Message` reply.
"""

from ._errors import (
    LimitExceeded,
    NoNameservers,
    NoServersLeft,
    ResolutionTimeout,
    ResolverClosed,
    ResolverError,
    ServerFailure,
)
from ._options import ResolverOptions
from ._resolver import Resolver
from ._servers import RandomServer, RoundRobinServer, Server
from ._version import __version__

__all__ = [
    "LimitExceeded",
    "NoNameservers",
    "NoServersLeft",
    "RandomServer",
    "ResolutionTimeout",
    "Resolver",
    "ResolverClosed",
    "ResolverError",
    "ResolverOptions",
    "RoundRobinServer",
    "Server",
    "ServerFailure",
    "__version__",
]
