"""The :class:`SmartResolver`: hosts file first, then multicast DNS for ``.local`` names, then
the system's resolver (asyncdns 0.1 section 2.3.5).

Security: multicast DNS believes whoever answers first on the local link. Any machine on the
same network segment can answer a ``.local`` query (or a link-local reverse one) with
addresses of its choosing, and nothing authenticates the answer. On an untrusted or shared
network (cafés, hotel Wi-Fi, multi-tenant hosts, servers whose multicast is not filtered)
that can send your connection to an attacker's machine. Use ``SmartResolver(use_mdns=False)``
(``.local`` then goes to the system resolver, as Active Directory networks that use
``.local`` in unicast DNS need anyway), or a :class:`~asyncdns_system.SystemResolver` alone,
wherever that matters.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from asyncdns_resolvers import (
    MulticastResolver,
    ResolverError,
    ResolverOptions,
    Trace,
    TraceEvent,
    is_mdns_name,
)
from asyncdns_resolvers._lifecycle import Closing, closed_future, failed, lookup_loop
from asyncdns_resolvers._trace_arg import accepts_trace, checked_trace
from asyncdns_wire import Message, Query

from ._hosts import HostsResolver
from ._pending import Pending
from ._system import SystemResolver
from ._tracing import note, note_reply

__all__ = ["HostsComponent", "MulticastComponent", "SmartResolver", "SystemComponent"]


class HostsComponent(Protocol):
    """What :class:`SmartResolver` needs from its hosts stage (:class:`HostsResolver`)."""

    def refresh_due(self) -> bool:
        """Whether :meth:`answer` would use stale data (then :meth:`resolve` is awaited)."""
        ...

    def answer(self, query: Query) -> Message | None:
        """The reply, or ``None`` for "not here", without waiting."""
        ...

    async def resolve(self, query: Query) -> Message | None:
        """Refresh if due, then :meth:`answer`."""
        ...

    def close(self) -> None:
        """Release resources."""
        ...


class MulticastComponent(Protocol):
    """What :class:`SmartResolver` needs from its multicast stage (``MulticastResolver``)."""

    def lookup(
        self, query: Query, use_ipv6: bool = False, unicast_reply: bool = False
    ) -> asyncio.Future[Message]:
        """Resolve over multicast DNS."""
        ...

    def close(self) -> None:
        """Release resources."""
        ...


class SystemComponent(Protocol):
    """What :class:`SmartResolver` needs from its unicast stage (:class:`SystemResolver`)."""

    def lookup(
        self,
        query: Query,
        servers: Any = None,
        should_cache: bool = True,
        recursive: bool = False,
        prefer_ipv6: bool = False,
        force_tcp: bool = False,
    ) -> asyncio.Future[Message]:
        """Resolve over unicast DNS."""
        ...

    def close(self) -> None:
        """Release resources."""
        ...


class SmartResolver(Closing):
    """Picks the right resolver for each query (asyncdns 0.1 section 2.3.5).

    1. The hosts file (:class:`HostsResolver`), so that it overrides DNS the way people
       expect; its "not here" (``None``) falls through.
    2. Names under ``.local`` and the link-local reverse zones go to multicast DNS.
    3. Everything else goes to :class:`SystemResolver`.

    ``SmartResolver()`` needs no arguments; each component can be replaced, and the defaults
    are only built when first needed (building one reads nothing and opens no socket).
    Components the resolver builds are closed by :meth:`close`; components passed in are the
    caller's to close.

    **Security note:** see the module documentation; multicast answers are unauthenticated,
    so pass ``use_mdns=False`` on networks you do not trust.

    Args:
        hosts: a :class:`HostsComponent`, or the path of a hosts file; default the
            platform's hosts file.
        multicast: a :class:`MulticastComponent`; default a
            :class:`~asyncdns_resolvers.MulticastResolver` with default options.
        system: a :class:`SystemComponent`; default a :class:`SystemResolver`.
        resolv_conf: for the default system resolver: read this resolv.conf.
        env: for the default components: the environment (``ASYNCDNS_HOSTS`` and
            ``ASYNCDNS_RESOLV_CONF``: files to read instead of the system's; ``RES_OPTIONS``,
            ``LOCALDOMAIN``...); default the process environment.
        platform: for the default components: a ``sys.platform`` value.
        options: for the default system resolver: its
            :class:`~asyncdns_resolvers.ResolverOptions`.
        use_mdns: ``False`` sends ``.local`` names to the system resolver instead.
        multicast_names: the predicate choosing multicast names (default
            :func:`~asyncdns_resolvers.is_mdns_name`: ``.local`` and the link-local reverse
            zones).
    """

    def __init__(
        self,
        hosts: HostsComponent | str | os.PathLike[str] | None = None,
        multicast: MulticastComponent | None = None,
        system: SystemComponent | None = None,
        *,
        resolv_conf: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        platform: str | None = None,
        options: ResolverOptions | None = None,
        use_mdns: bool = True,
        multicast_names: Callable[[bytes], bool] = is_mdns_name,
    ) -> None:
        self._owned: list[Any] = []
        if hosts is None or isinstance(hosts, (str, os.PathLike)):
            hosts = HostsResolver(hosts, env=env, platform=platform)
            self._owned.append(hosts)
        self.hosts: HostsComponent = hosts
        self._multicast = multicast
        self._system = system
        self._system_args: dict[str, Any] = {
            "options": options,
            "resolv_conf": resolv_conf,
            "env": env,
            "platform": platform,
        }
        self.use_mdns = use_mdns
        self._is_multicast = multicast_names
        self._tasks = Pending()
        self._closed = False

    # -- components -----------------------------------------------------------------------------

    @property
    def system(self) -> SystemComponent:
        """The unicast resolver (the default :class:`SystemResolver` is built on first use).

        Raises:
            SystemConfigError: the platform has no backend.
        """
        if self._system is None:
            self._system = SystemResolver(**self._system_args)
            self._owned.append(self._system)
        return self._system

    @property
    def multicast(self) -> MulticastComponent:
        """The multicast resolver (the default :class:`~asyncdns_resolvers.MulticastResolver`
        is built on first use; building it opens no socket)."""
        if self._multicast is None:
            self._multicast = MulticastResolver()
            self._owned.append(self._multicast)
        return self._multicast

    # -- the asyncdns 0.1 API -------------------------------------------------------------------

    def lookup(
        self,
        query: Query,
        prefer_ipv6: bool = False,
        should_cache: bool = True,
        recursive: bool = False,
        force_tcp: bool = False,
        *,
        trace: Trace | None = None,
    ) -> asyncio.Future[Message]:
        """Resolve *query* from the hosts file, multicast DNS or the system resolver.

        Args:
            query: the :class:`~asyncdns_wire.Query`.
            prefer_ipv6: multicast over IPv6; for the system resolver, prefer IPv6 servers
                during recursive resolution.
            should_cache: ``False`` bypasses the system resolver's cache.
            recursive: resolve iteratively (system resolver).
            force_tcp: use TCP (system resolver).
            trace: a :class:`~asyncdns_resolvers.Trace` to record the lookup in: the source
                that handled it (:attr:`~asyncdns_resolvers.TraceEvent.SOURCE`: the hosts
                file, multicast DNS or the system's DNS), then that source's own events (a
                hosts-file answer is a :attr:`~asyncdns_resolvers.TraceEvent.REPLY` with
                transport ``"hosts"``). Components that do not take ``trace`` are still
                named; their own steps are not recorded.

        Returns:
            A future completing with the reply of whichever stage answered.

        Raises:
            TypeError: *query* is not a :class:`~asyncdns_wire.Query`.
        """
        if not isinstance(query, Query):
            raise TypeError(f"query must be an asyncdns Query, not {type(query).__name__}")
        loop = lookup_loop()
        if self._closed:
            return closed_future(loop)
        if trace is not None:
            checked_trace(trace)
        args = (prefer_ipv6, should_cache, recursive, force_tcp, trace)
        hosts = self.hosts
        if hosts.refresh_due():
            return self._tasks.task(loop, self._after_hosts(loop, query, *args))
        reply = hosts.answer(query)
        if reply is not None:
            if trace is not None:
                self._trace_hosts(trace, query, reply)
            fut: asyncio.Future[Message] = loop.create_future()
            fut.set_result(reply)
            return fut
        return self._beyond_hosts(loop, query, *args)

    def _trace_hosts(self, trace: Trace, query: Query, reply: Message) -> None:
        path = getattr(self.hosts, "path", None)
        where = "the hosts file" if path is None else f"the hosts file {path}"
        note(trace, TraceEvent.SOURCE, query, where)
        note_reply(trace, query, reply, "hosts", "" if path is None else str(path))

    async def _after_hosts(
        self, loop: asyncio.AbstractEventLoop, query: Query, *args: Any
    ) -> Message:
        reply = await self.hosts.resolve(query)
        if reply is not None:
            trace = args[-1]
            if trace is not None:
                self._trace_hosts(trace, query, reply)
            return reply
        return await self._beyond_hosts(loop, query, *args)

    def _beyond_hosts(
        self,
        loop: asyncio.AbstractEventLoop,
        query: Query,
        prefer_ipv6: bool,
        should_cache: bool,
        recursive: bool,
        force_tcp: bool,
        trace: Trace | None,
    ) -> asyncio.Future[Message]:
        try:
            if self.use_mdns and self._is_multicast(query.name):
                multicast = self.multicast
                if trace is None:
                    return multicast.lookup(query, use_ipv6=prefer_ipv6)
                note(trace, TraceEvent.SOURCE, query, "multicast DNS (not in the hosts file)")
                if accepts_trace(multicast.lookup):
                    traced: Callable[..., asyncio.Future[Message]] = multicast.lookup
                    return traced(query, use_ipv6=prefer_ipv6, trace=trace)
                return multicast.lookup(query, use_ipv6=prefer_ipv6)
            system = self.system
            if trace is None:
                return system.lookup(
                    query,
                    should_cache=should_cache,
                    recursive=recursive,
                    prefer_ipv6=prefer_ipv6,
                    force_tcp=force_tcp,
                )
            note(trace, TraceEvent.SOURCE, query, "system DNS (not in the hosts file)")
            extra = {"trace": trace} if accepts_trace(system.lookup) else {}
            return system.lookup(
                query,
                should_cache=should_cache,
                recursive=recursive,
                prefer_ipv6=prefer_ipv6,
                force_tcp=force_tcp,
                **extra,
            )
        except (ResolverError, ValueError) as exc:
            # A platform without a backend, or a name the multicast stage refuses.
            return failed(loop, exc)

    def close(self) -> None:
        """Cancel lookups in progress and close the components this resolver built.
        Idempotent."""
        self._closed = True
        self._tasks.cancel()
        for component in self._owned:
            component.close()
