"""The resolver the high-level helpers use when none is given: one
:class:`~asyncdns_system.SmartResolver` per event loop, built on first use.

It reads the system's configuration like any ``SmartResolver()`` (``ASYNCDNS_RESOLV_CONF`` and
``ASYNCDNS_HOSTS`` point it at other files). Its sockets belong to the loop it was built on, so
each loop gets its own; :func:`close_default_resolver` closes them (call it before the loop
ends, for example at the end of the coroutine given to ``asyncio.run``).
"""

from __future__ import annotations

import asyncio
import weakref

from asyncdns_system import SmartResolver

__all__ = ["close_default_resolver", "default_resolver"]

_resolvers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SmartResolver] = (
    weakref.WeakKeyDictionary()
)


def default_resolver() -> SmartResolver:
    """The running event loop's default resolver (a ``SmartResolver()``, built on first use).

    Returns:
        The same resolver for every call on this loop until :func:`close_default_resolver`.

    Raises:
        RuntimeError: no event loop is running.
    """
    loop = asyncio.get_running_loop()
    resolver = _resolvers.get(loop)
    if resolver is None:
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
