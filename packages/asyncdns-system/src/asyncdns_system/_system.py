"""The :class:`SystemResolver`: a :class:`~asyncdns_resolvers.Resolver` configured by the OS
(asyncdns 0.1 section 2.3.4)."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

from asyncdns_resolvers import Resolver, ResolverOptions, Trace, TraceEvent
from asyncdns_resolvers._lifecycle import Closing, closed_future, failed, lookup_loop
from asyncdns_resolvers._trace_arg import checked_trace
from asyncdns_wire import Message, Query

from ._config import SystemConfig
from ._errors import SystemConfigError
from ._paths import resolv_conf_override
from ._pending import Pending
from ._routing import InOrder, Routes
from ._search import search_candidates
from ._search_chain import SearchChain, answered
from ._select import backend_for
from ._sources import ConfigSource, ResolvConfSource, StaticSource, config_changed
from ._tracing import note

__all__ = ["SystemResolver"]

ServersArg = Any  # whatever Resolver.lookup accepts as ``servers``
_MEMO_SIZE = 4096  # search candidates remembered per configuration


class SystemResolver(Closing):
    """Works like :class:`~asyncdns_resolvers.Resolver`, with the system's nameservers, search
    list and options (asyncdns 0.1 section 2.3.4).

    The configuration comes from a :class:`~asyncdns_system.ConfigSource`: by default the
    platform's (``/etc/resolv.conf`` on UNIX; SystemConfiguration and ``/etc/resolver`` on
    macOS; adapters, registry and NRPT on Windows), chosen by
    :func:`~asyncdns_system.backend_for` when the resolver is built. It is read on the first
    lookup and checked again at most every *interval* seconds, always in an executor thread;
    when it changed, the cache is flushed (a new inner resolver replaces the old one when the
    timeouts changed).

    What the configuration controls:

    * the servers: the default nameservers, or a split-DNS route's servers for names under its
      match domain (macOS supplemental resolvers and ``/etc/resolver``, Windows NRPT); tried in
      order, first one first, as glibc does; with ``rotate``, the load is spread over them and
      servers that fail are avoided for a while;
    * the search list and ``ndots`` (see :func:`~asyncdns_system.search_candidates`);
    * ``timeout`` and ``attempts`` (per server round, as in resolv.conf) override *options*;
      ``edns0`` turns EDNS on if *options* had it off; ``use-vc`` forces TCP.

    Args:
        options: the inner resolver's settings (the configuration overrides the fields it
            mentions).
        resolv_conf: read this resolv.conf instead of the platform's configuration.
        env: the environment for ``LOCALDOMAIN``/``RES_OPTIONS`` and for
            ``ASYNCDNS_RESOLV_CONF`` (a resolv.conf to read instead of the platform's
            configuration when *resolv_conf* is not given); default the process environment.
        platform: a ``sys.platform`` value choosing the backend; default the running one.
        source: any :class:`~asyncdns_system.ConfigSource` (overrides the above).
        config: a fixed :class:`~asyncdns_system.SystemConfig` (overrides the above).
        interval: seconds between two checks of the configuration.
        clock: a monotonic clock in seconds (injectable for tests).

    Raises:
        SystemConfigError: the platform has no backend (and no source was given).
    """

    def __init__(
        self,
        options: ResolverOptions | None = None,
        *,
        resolv_conf: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        platform: str | None = None,
        source: ConfigSource | None = None,
        config: SystemConfig | None = None,
        interval: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if options is not None and not isinstance(options, ResolverOptions):
            raise TypeError("options must be a ResolverOptions")
        if interval < 0:
            raise ValueError("interval must not be negative")
        if config is not None:
            source = StaticSource(config)
        elif source is None:
            if resolv_conf is None:
                resolv_conf = resolv_conf_override(os.environ if env is None else env)
            if resolv_conf is not None:
                source = ResolvConfSource(resolv_conf, env)
            else:
                source = backend_for(platform or sys.platform).source(env)
        self.source = source
        self.interval = interval
        self._clock = clock
        self._base = options or ResolverOptions()
        self._config: SystemConfig | None = None
        self._routes: Routes | None = None
        self._candidates: dict[bytes, list[bytes]] = {}
        self._resolver: Resolver | None = None
        self._retired: dict[Resolver, asyncio.TimerHandle | None] = {}
        self._next_check = 0.0
        self._refreshing: asyncio.Future[bool] | None = None
        self._tasks = Pending()
        self._closed = False
        #: The error of the last configuration check, if it failed.
        self.last_error: BaseException | None = None

    # -- the asyncdns 0.1 API -------------------------------------------------------------------

    def lookup(
        self,
        query: Query,
        servers: ServersArg = None,
        should_cache: bool = True,
        recursive: bool = False,
        prefer_ipv6: bool = False,
        force_tcp: bool = False,
        *,
        search: bool = True,
        trace: Trace | None = None,
    ) -> asyncio.Future[Message]:
        """Perform a DNS lookup with the system's configuration.

        Args:
            query: the :class:`~asyncdns_wire.Query` to resolve.
            servers: servers to use instead of the system's (see
                :meth:`Resolver.lookup <asyncdns_resolvers.Resolver.lookup>`); ``None`` means
                the configured ones.
            should_cache: ``False`` bypasses the cache.
            recursive: resolve iteratively, starting from the configured servers.
            prefer_ipv6: during recursive resolution, prefer servers' IPv6 addresses.
            force_tcp: use TCP even for queries that would fit in UDP.
            search: apply the search list (``ndots`` rule); ``False`` asks for the name
                exactly as given.
            trace: a :class:`~asyncdns_resolvers.Trace` to record the lookup in: the
                configuration source (:attr:`~asyncdns_resolvers.TraceEvent.SOURCE`), the
                search-list names (:attr:`~asyncdns_resolvers.TraceEvent.SEARCH`), then what
                the inner :class:`~asyncdns_resolvers.Resolver` records for each name asked (a
                cache hit with its age, or each attempt).

        Returns:
            A future completing with the reply. With the search list, the first candidate
            name with an answer wins; when none has one, the reply is the first NODATA, else
            the NXDOMAIN for the name as given (or the last one tried). A SERVFAIL moves on
            to the next candidate, as in glibc; any other failure (a timeout, REFUSED) ends
            the search with that error, unless a NODATA was already seen.

        Raises:
            TypeError: a malformed argument (checked now, not in the future).
        """
        if not isinstance(query, Query):
            raise TypeError(f"query must be an asyncdns Query, not {type(query).__name__}")
        for flag, value in (
            ("should_cache", should_cache),
            ("recursive", recursive),
            ("prefer_ipv6", prefer_ipv6),
            ("force_tcp", force_tcp),
            ("search", search),
        ):
            if not isinstance(value, bool):
                raise TypeError(f"{flag} must be a bool")
        loop = lookup_loop()
        if self._closed:
            return closed_future(loop)
        if trace is not None:
            note(checked_trace(trace), TraceEvent.SOURCE, query, f"system DNS, {self.source!r}")
        args = (servers, should_cache, recursive, prefer_ipv6, force_tcp, search, trace)
        config = self._config
        if config is not None and self._clock() < self._next_check:
            return self._dispatch(loop, config, query, *args)
        return self._tasks.task(loop, self._after_refresh(loop, query, *args))

    def flush_cache(self) -> None:
        """Forget every cached reply."""
        if self._resolver is not None:
            self._resolver.flush_cache()

    def close(self) -> None:
        """Cancel every lookup in progress and release every socket. Idempotent."""
        self._closed = True
        self._tasks.cancel()
        for old, handle in list(self._retired.items()):
            if handle is not None:
                handle.cancel()
            old.close()
        self._retired.clear()
        if self._resolver is not None:
            self._resolver.close()

    # -- configuration --------------------------------------------------------------------------

    @property
    def config(self) -> SystemConfig | None:
        """The configuration in use (``None`` before the first lookup or :meth:`refresh`)."""
        return self._config

    @property
    def resolver(self) -> Resolver | None:
        """The inner :class:`~asyncdns_resolvers.Resolver` (``None`` before the first config)."""
        return self._resolver

    async def refresh(self) -> bool:
        """Check the configuration now (in an executor thread), whatever the interval.

        Returns:
            Whether it changed (the cache was then flushed).

        Raises:
            SystemConfigError: it could not be read and there is no previous one.
        """
        changed = await asyncio.shield(self._start_refresh(asyncio.get_running_loop()))
        if self._config is None:
            raise self._config_error()
        return changed

    def _config_error(self) -> BaseException:
        if isinstance(self.last_error, Exception):
            return self.last_error
        return SystemConfigError("the system DNS configuration could not be read")

    def _start_refresh(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[bool]:
        if self._refreshing is not None:
            return self._refreshing
        self._next_check = self._clock() + self.interval
        result: asyncio.Future[bool] = loop.create_future()
        job = loop.run_in_executor(None, self.source.load)

        def done(job: asyncio.Future[SystemConfig]) -> None:
            self._refreshing = None
            changed = False
            if job.cancelled():
                self.last_error = SystemConfigError("the configuration check was cancelled")
            elif (exc := job.exception()) is not None:
                self.last_error = exc
            else:
                self.last_error = None
                if not self._closed:
                    changed = self._apply(loop, job.result())
            if not result.done():
                result.set_result(changed)

        job.add_done_callback(done)
        self._refreshing = result
        return result

    def _apply(self, loop: asyncio.AbstractEventLoop, config: SystemConfig) -> bool:
        if not isinstance(config, SystemConfig):
            self.last_error = TypeError(f"{self.source!r} returned {type(config).__name__}")
            return False
        if not config_changed(self._config, config):
            return False
        options = self._options_for(config)
        old = self._resolver
        if old is None:
            self._resolver = Resolver(options)
        elif old.options != options:
            self._resolver = Resolver(options)
            # Lookups under way finish on the old resolver, which closes once they must have.
            self._retired[old] = loop.call_later(old.options.lifetime + 1.0, self._retire, old)
        else:
            old.flush_cache()
        self._config = config
        self._routes = Routes(config)
        self._candidates.clear()
        return True

    def _retire(self, old: Resolver) -> None:
        self._retired.pop(old, None)
        old.close()

    def _options_for(self, config: SystemConfig) -> ResolverOptions:
        base = self._base
        changes: dict[str, Any] = {}
        if config.timeout is not None:
            changes["timeout"] = config.timeout
            changes["max_timeout"] = max(config.timeout, base.max_timeout)
        if config.attempts is not None:
            widest = max(
                [len(config.default_nameservers())] + [len(r.nameservers) for r in config.routes]
            )
            changes["attempts"] = config.attempts * max(widest, 1)
        if changes:
            per_try = changes.get("timeout", base.timeout)
            changes["lifetime"] = max(
                base.lifetime, per_try * changes.get("attempts", base.attempts)
            )
        if config.edns0 and base.edns_payload is None:
            changes["edns_payload"] = 1232
        return dataclasses.replace(base, **changes) if changes else base

    # -- lookups --------------------------------------------------------------------------------

    async def _after_refresh(
        self, loop: asyncio.AbstractEventLoop, query: Query, *args: Any
    ) -> Message:
        if self._config is None or self._clock() >= self._next_check:
            await asyncio.shield(self._start_refresh(loop))
        config = self._config
        if config is None:
            raise self._config_error()
        return await self._dispatch(loop, config, query, *args)

    def _dispatch(
        self,
        loop: asyncio.AbstractEventLoop,
        config: SystemConfig,
        query: Query,
        servers: ServersArg,
        should_cache: bool,
        recursive: bool,
        prefer_ipv6: bool,
        force_tcp: bool,
        search: bool,
        trace: Trace | None,
    ) -> asyncio.Future[Message]:
        ask = (servers, should_cache, recursive, prefer_ipv6, force_tcp or config.use_vc, trace)
        if search and config.search:
            names = self._candidates.get(query.name)
            if names is None:
                names = search_candidates(
                    query.name, config.search, config.ndots, no_tld_query=config.no_tld_query
                )
                if len(self._candidates) >= _MEMO_SIZE:
                    self._candidates.clear()
                self._candidates[query.name] = names
            if len(names) > 1 or names[0] != query.name:
                if trace is not None:
                    note(trace, TraceEvent.SEARCH, query, "the search list applies", names=names)
                name = names[0]
                first = query if name == query.name else Query(name, query.q_type, query.q_class)
                started = self._ask(loop, first, *ask)
                if answered(started):
                    return started  # answered at once (from the cache): no search needed
                chain = SearchChain(
                    loop, query, names, lambda q: self._ask(loop, q, *ask), first=started
                )
                return self._tasks.keep(chain.future)
        return self._ask(loop, query, *ask)

    def _ask(
        self,
        loop: asyncio.AbstractEventLoop,
        query: Query,
        servers: ServersArg,
        should_cache: bool,
        recursive: bool,
        prefer_ipv6: bool,
        force_tcp: bool,
        trace: Trace | None,
    ) -> asyncio.Future[Message]:
        resolver, routes = self._resolver, self._routes
        assert resolver is not None and routes is not None
        if servers is None:
            chosen = routes.servers_for(query.name)
            if not chosen:
                return failed(
                    loop, SystemConfigError("the system configuration lists no nameserver")
                )
            servers = (
                chosen if self._config is not None and self._config.rotate else InOrder(chosen)
            )
        if trace is None:
            return resolver.lookup(query, servers, should_cache, recursive, prefer_ipv6, force_tcp)
        return resolver.lookup(
            query, servers, should_cache, recursive, prefer_ipv6, force_tcp, trace=trace
        )
