"""The resolver the high-level helpers use when none is given: one
:class:`~asyncdns_system.SmartResolver` per event loop, built on first use.

It reads the system's configuration like any ``SmartResolver()`` (``ASYNCDNS_RESOLV_CONF`` and
``ASYNCDNS_HOSTS`` point it at other files). Its sockets belong to the loop it was built on, so
each loop gets its own; :func:`close_default_resolver` closes them (call it before the loop
ends, for example at the end of the coroutine given to ``asyncio.run``). One left open is
closed when a resolver is next built for another loop, once its own loop is closed (a resolver
with sockets keeps its loop alive, so nothing would let either go otherwise).
"""

from __future__ import annotations

import asyncio

from asyncdns_system import SmartResolver

__all__ = ["close_default_resolver", "default_resolver"]

_resolvers: dict[asyncio.AbstractEventLoop, SmartResolver] = {}


def default_resolver() -> SmartResolver:
    """The running event loop's default resolver (a ``SmartResolver()``, built on first use).

    Returns:
        The same resolver for every call on this loop until :func:`close_default_resolver` (or
        until it is closed otherwise: then a new one).

    Raises:
        RuntimeError: no event loop is running.
    """
    loop = asyncio.get_running_loop()
    resolver = _resolvers.get(loop)
    if resolver is None or resolver.closed:  # first use, or closed by its caller
        for other in [other for other in _resolvers if other.is_closed()]:
            _resolvers.pop(other).close()
        resolver = _resolvers[loop] = SmartResolver()
    return resolver


def close_default_resolver() -> None:
    """Close every default resolver built so far (each is rebuilt on its next use).

    Call it from the thread that runs the loop(s), typically just before the program's loop
    ends. Idempotent.
    """
    resolvers = list(_resolvers.values())
    _resolvers.clear()
    for resolver in resolvers:
        resolver.close()
