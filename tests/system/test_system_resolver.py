"""SystemResolver end to end: temporary resolv.conf files (and parsed Darwin/Windows shapes)
pointing at pytest-asyncdns fake servers on loopback."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from asyncdns_resolvers import (
    NoNameservers,
    ResolutionTimeout,
    Resolver,
    ResolverClosed,
    ResolverOptions,
)
from asyncdns_system import (
    ConfigSource,
    ResolvConfSource,
    StaticSource,
    SystemConfig,
    SystemConfigError,
    SystemNameserver,
    SystemResolver,
    parse_darwin,
    parse_windows,
)
from asyncdns_wire import AAAA, NOERROR, NXDOMAIN, A, Query
from pytest_asyncdns import FakeDNSServer, ResolvConf, darwin_resolver, windows_adapter

from ._support import (
    OTHER_ZONE,
    ZONE,
    FakeClock,
    MakeServer,
    WriteConf,
    addresses,
    fast,
    replace_file,
)

pytestmark = pytest.mark.asyncdns(zone=ZONE)


def system(conf: ResolvConf, **kw: Any) -> SystemResolver:
    """A SystemResolver reading *conf* only (an empty environment: no RES_OPTIONS)."""
    kw.setdefault("env", {})
    return SystemResolver(kw.pop("options", fast()), resolv_conf=conf.path, **kw)


async def test_resolves_through_resolv_conf(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket")
    async with system(conf) as resolver:
        assert resolver.config is None and resolver.resolver is None
        reply = await resolver.lookup(Query("www.example.test", A))
        assert addresses(reply) == ["198.51.100.80"]
        assert resolver.config is not None
        assert resolver.config.nameservers == (
            SystemNameserver(address="127.0.0.1", port=asyncdns_server.port),
        )
        assert resolver.config.origin == str(conf.path)
        assert isinstance(resolver.resolver, Resolver)
        # The second lookup is answered from the cache, without a check of the file.
        again = resolver.lookup(Query("www.example.test", A))
        assert addresses(await again) == ["198.51.100.80"]
    asyncdns_server.assert_queried("www.example.test", "A", transport="udp", count=1)


async def test_search_list_for_a_relative_name(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["sub.example.test", "example.test"])
    async with system(conf) as resolver:
        reply = await resolver.lookup(Query("www", A))
    assert addresses(reply) == ["198.51.100.80"]
    assert reply.questions[0].name == b"www.example.test"
    # In order: the first search domain (NXDOMAIN), then the next; never the bare name.
    assert [q.qname.lower() for q in asyncdns_server.queries] == [
        "www.sub.example.test.",
        "www.example.test.",
    ]


async def test_ndots_decides_what_is_tried_first(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.test"], options=["ndots:2"])
    async with system(conf) as resolver:
        # One dot, ndots 2: relative, the search list first.
        assert addresses(await resolver.lookup(Query("web.corp", A))) == ["198.51.100.82"]
        asyncdns_server.assert_queried("web.corp.example.test", "A", count=1)
        # Two dots: as given first, and it answers.
        assert addresses(await resolver.lookup(Query("www.example.test", A))) == ["198.51.100.80"]
    asyncdns_server.assert_not_queried("www.example.test.example.test")


async def test_search_can_be_turned_off(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.test"], options=["ndots:5"])
    async with system(conf) as resolver:
        reply = await resolver.lookup(Query("www.example.test", A), search=False)
    assert addresses(reply) == ["198.51.100.80"]
    assert len(asyncdns_server.queries) == 1


async def test_nxdomain_everywhere_reports_the_name_as_given(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["sub.example.test"])
    async with system(conf) as resolver:
        reply = await resolver.lookup(Query("nope.example.test", A))
    assert reply.rcode == NXDOMAIN
    assert reply.questions[0].name == b"nope.example.test"
    assert len(asyncdns_server.queries) == 2


async def test_nodata_is_kept_while_the_search_goes_on(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket", search=["sub.example.test", "example.test"])
    async with system(conf) as resolver:
        reply = await resolver.lookup(Query("v4only.example.test", AAAA))
    assert reply.rcode == NOERROR and reply.answers == []
    assert reply.questions[0].name == b"v4only.example.test"
    assert len(asyncdns_server.queries) == 3  # as given, then both search domains


async def test_servfail_moves_on_to_the_next_candidate(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("www.sub.example.test", "A").rcode("SERVFAIL")
    conf = asyncdns_resolv_conf(port_style="bracket", search=["sub.example.test", "example.test"])
    async with system(conf) as resolver:
        reply = await resolver.lookup(Query("www", A))
    assert addresses(reply) == ["198.51.100.80"]


async def test_refused_ends_the_search(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    # The fake server refuses names outside its zones: "elsewhere.test" ends the search.
    conf = asyncdns_resolv_conf(port_style="bracket", search=["elsewhere.test", "example.test"])
    async with system(conf) as resolver:
        with pytest.raises(NoNameservers) as info:
            await resolver.lookup(Query("www", A))
    assert "REFUSED" in str(info.value)
    asyncdns_server.assert_not_queried("www.example.test")


async def test_servers_are_tried_in_order(
    asyncdns_resolv_conf: WriteConf,
    asyncdns_server: FakeDNSServer,
    asyncdns_make_server: MakeServer,
) -> None:
    second = asyncdns_make_server(OTHER_ZONE)
    conf = asyncdns_resolv_conf([asyncdns_server.address, second.address], port_style="bracket")
    async with system(conf) as resolver:
        for name in ("www.example.test", "web.corp.example.test"):
            await resolver.lookup(Query(name, A))
        assert second.queries == []
        # The first server goes silent: the second answers, after the first's timeout.
        asyncdns_server.on("www.example.test", "AAAA").drop()
        reply = await resolver.lookup(Query("www.example.test", AAAA))
    assert reply.answers == []  # OTHER_ZONE has no AAAA: NODATA, from the second server
    second.assert_queried("www.example.test", "AAAA", count=1)


async def test_rotate_spreads_the_load(
    asyncdns_resolv_conf: WriteConf,
    asyncdns_server: FakeDNSServer,
    asyncdns_make_server: MakeServer,
) -> None:
    second = asyncdns_make_server(ZONE)
    conf = asyncdns_resolv_conf(
        [asyncdns_server.address, second.address], port_style="bracket", options=["rotate"]
    )
    async with system(conf) as resolver:
        for i in range(24):
            reply = await resolver.lookup(Query(f"n{i}.example.test", A))
            assert reply.rcode == NXDOMAIN
    assert asyncdns_server.queries and second.queries
    assert len(asyncdns_server.queries) + len(second.queries) == 24


async def test_changes_are_picked_up_after_the_interval_and_flush_the_cache(
    asyncdns_resolv_conf: WriteConf,
    asyncdns_server: FakeDNSServer,
    asyncdns_make_server: MakeServer,
) -> None:
    second = asyncdns_make_server(OTHER_ZONE)
    conf = asyncdns_resolv_conf(port_style="bracket")
    clock = FakeClock()
    query = Query("www.example.test", A)
    async with system(conf, clock=clock) as resolver:
        assert addresses(await resolver.lookup(query)) == ["198.51.100.80"]
        replace_file(conf.path, f"nameserver [127.0.0.1]:{second.port}\n")
        clock.advance(29.0)
        # Not checked yet: the cached answer (and the old server) still stand.
        assert addresses(await resolver.lookup(query)) == ["198.51.100.80"]
        clock.advance(1.0)
        assert addresses(await resolver.lookup(query)) == ["203.0.113.80"]
        assert resolver.config is not None
        assert resolver.config.nameservers[0].port == second.port
        # Nothing changed since: the check finds the same configuration.
        clock.advance(30.0)
        assert await resolver.refresh() is False
    asyncdns_server.assert_queried("www.example.test", "A", count=1)
    second.assert_queried("www.example.test", "A", count=1)


async def test_resolv_conf_options_shape_the_inner_resolver(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(
        [asyncdns_server.address, ("127.0.0.1", asyncdns_server.port)],
        port_style="bracket",
        options=["timeout:1", "attempts:2", "edns0", "use-vc"],
    )
    base = ResolverOptions(timeout=0.3, max_timeout=0.6, lifetime=3.0, edns_payload=None)
    async with system(conf, options=base) as resolver:
        reply = await resolver.lookup(Query("www.example.test", A))
        inner = resolver.resolver
        assert inner is not None
        assert (inner.options.timeout, inner.options.max_timeout) == (1, 1)
        assert inner.options.attempts == 4  # two rounds over two servers
        assert inner.options.lifetime == 4.0
        assert inner.options.edns_payload == 1232
    assert addresses(reply) == ["198.51.100.80"]
    asyncdns_server.assert_queried("www.example.test", "A", transport="tcp", edns=True)


async def test_an_options_change_replaces_the_inner_resolver(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket")
    clock = FakeClock()
    resolver = system(conf, clock=clock)
    try:
        await resolver.lookup(Query("www.example.test", A))
        first = resolver.resolver
        assert first is not None
        replace_file(conf.path, conf.text + "options timeout:2\n")
        clock.advance(30.0)
        await resolver.lookup(Query("www.example.test", A))
        assert resolver.resolver is not first
        assert resolver.resolver is not None and resolver.resolver.options.timeout == 2
        assert not first.closed  # retired: lookups under way may still finish on it
    finally:
        resolver.close()
    assert first.closed and resolver.resolver.closed
    assert len(asyncdns_server.queries) == 2


async def test_split_dns_from_a_darwin_configuration(
    asyncdns_darwin_config: Callable[..., dict[str, Any]],
    asyncdns_server: FakeDNSServer,
    asyncdns_make_server: MakeServer,
) -> None:
    corp = asyncdns_make_server(OTHER_ZONE)
    shape = asyncdns_darwin_config(
        search_domains=["corp.example.test", "example.test"],
        resolvers=[darwin_resolver("corp.example.test", [corp.address])],
    )
    async with SystemResolver(fast(), config=parse_darwin(shape)) as resolver:
        assert addresses(await resolver.lookup(Query("web.corp.example.test", A))) == [
            "203.0.113.82"
        ]
        assert addresses(await resolver.lookup(Query("www.example.test", A))) == ["198.51.100.80"]
        # A relative name is expanded first, then routed by the expanded name.
        assert addresses(await resolver.lookup(Query("web", A))) == ["203.0.113.82"]
    corp.assert_queried("web.corp.example.test", "A", count=1)  # then from the cache
    asyncdns_server.assert_not_queried("web.corp.example.test")


async def test_windows_adapters_end_to_end(
    asyncdns_windows_adapters: Callable[..., list[Any]],
    asyncdns_server: FakeDNSServer,
    asyncdns_make_server: MakeServer,
) -> None:
    dead = asyncdns_make_server(OTHER_ZONE)
    adapters = asyncdns_windows_adapters(
        dns_suffix="example.test",
        ipv4_metric=30,
        extra=[windows_adapter("Unplugged", [dead.address], up=False, ipv4_metric=1)],
    )
    async with SystemResolver(fast(), config=parse_windows(adapters)) as resolver:
        assert addresses(await resolver.lookup(Query("www", A))) == ["198.51.100.80"]
    assert dead.queries == []


async def test_explicit_servers_override_the_configuration(
    asyncdns_resolv_conf: WriteConf,
    asyncdns_server: FakeDNSServer,
    asyncdns_make_server: MakeServer,
) -> None:
    other = asyncdns_make_server(OTHER_ZONE)
    conf = asyncdns_resolv_conf(port_style="bracket")
    async with system(conf) as resolver:
        reply = await resolver.lookup(Query("www.example.test", A), servers=other.address)
    assert addresses(reply) == ["203.0.113.80"]
    assert asyncdns_server.queries == []


async def test_no_nameserver_configured() -> None:
    async with SystemResolver(fast(), config=SystemConfig()) as resolver:
        with pytest.raises(SystemConfigError):
            await resolver.lookup(Query("www.example.test", A))


async def test_unreadable_configuration(tmp_path: Path) -> None:
    (tmp_path / "resolv.conf").mkdir()  # exists, but cannot be read as a file
    async with SystemResolver(fast(), resolv_conf=tmp_path / "resolv.conf", env={}) as resolver:
        with pytest.raises(SystemConfigError) as info:
            await resolver.lookup(Query("www.example.test", A))
        assert info.value.source == str(tmp_path / "resolv.conf")
        with pytest.raises(SystemConfigError):
            await resolver.refresh()


async def test_a_failed_check_keeps_the_previous_configuration(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket")
    clock = FakeClock()
    async with system(conf, clock=clock) as resolver:
        await resolver.lookup(Query("www.example.test", A))
        conf.path.unlink()
        conf.path.mkdir()
        clock.advance(30.0)
        reply = await resolver.lookup(Query("www.example.test", AAAA))
        assert addresses(reply) == ["2001:db8::80"]
        assert isinstance(resolver.last_error, SystemConfigError)


async def test_missing_file_uses_glibc_fallback_data(tmp_path: Path) -> None:
    # Only the configuration is checked: a lookup would go to the local host's port 53.
    resolver = SystemResolver(resolv_conf=tmp_path / "absent", env={})
    try:
        assert await resolver.refresh() is True
        assert resolver.config is not None
        assert resolver.config.nameservers == (SystemNameserver(address="127.0.0.1"),)
    finally:
        resolver.close()


async def test_a_timeout_reaches_the_caller(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    asyncdns_server.on("www.example.test", "A").drop()
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.test"])
    options = ResolverOptions(timeout=0.1, max_timeout=0.1, lifetime=0.5, attempts=2)
    async with system(conf, options=options) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolver.lookup(Query("www", A))
    asyncdns_server.assert_not_queried("www", "A")  # a timeout ends the search


async def test_closing(asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("www.example.test", "A").drop()
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.test"])
    resolver = system(conf)
    pending = resolver.lookup(Query("www", A))
    await asyncio.sleep(0.05)
    resolver.close()
    assert resolver.closed
    with pytest.raises(asyncio.CancelledError):
        await pending
    with pytest.raises(ResolverClosed):
        await resolver.lookup(Query("www.example.test", A))
    resolver.close()  # idempotent


async def test_sources(asyncdns_server: FakeDNSServer, tmp_path: Path) -> None:
    config = SystemConfig(
        nameservers=(SystemNameserver(address="127.0.0.1", port=asyncdns_server.port),)
    )
    source = StaticSource(config)
    async with SystemResolver(fast(), source=source) as resolver:
        assert resolver.source is source
        assert addresses(await resolver.lookup(Query("www.example.test", A), search=False)) == [
            "198.51.100.80"
        ]
    with pytest.raises(TypeError):
        StaticSource("nameserver 127.0.0.1")  # type: ignore[arg-type]
    path = tmp_path / "resolv.conf"
    path.write_text("nameserver 198.51.100.1\n")
    files = ResolvConfSource(path, env={"RES_OPTIONS": "ndots:3"})
    loaded = files.load()
    assert loaded.ndots == 3
    assert files.load() is loaded  # unchanged stamp: not parsed again


async def test_arguments_are_checked(tmp_path: Path) -> None:
    resolver = SystemResolver(resolv_conf=tmp_path / "x", env={})
    with pytest.raises(TypeError):
        resolver.lookup("www.example.test")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        resolver.lookup(Query("www", A), search=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        SystemResolver("options")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SystemResolver(resolv_conf=tmp_path / "x", interval=-1)
    with pytest.raises(SystemConfigError):
        SystemResolver(platform="emscripten")
    resolver.close()


def test_default_construction_reads_nothing() -> None:
    resolver = SystemResolver()
    assert resolver.config is None and resolver.resolver is None
    assert isinstance(resolver.source, ConfigSource)
    if sys.platform.startswith("linux"):
        assert isinstance(resolver.source, ResolvConfSource)
        assert resolver.source.path == "/etc/resolv.conf"
    resolver.close()


def test_a_system_resolver_serves_one_loop_after_another(
    asyncdns_resolv_conf: WriteConf, asyncdns_server: FakeDNSServer
) -> None:
    # asyncio.run() twice with one resolver: its inner Resolver moves to the second loop.
    resolver = system(asyncdns_resolv_conf(port_style="bracket"))

    async def look(name: str) -> list[str]:
        return addresses(await asyncio.wait_for(resolver.lookup(Query(name, A)), 5))

    try:
        assert asyncio.run(look("www.example.test")) == ["198.51.100.80"]
        assert asyncio.run(look("v4only.example.test")) == ["198.51.100.81"]
    finally:
        resolver.close()
    asyncdns_server.assert_queried("v4only.example.test", "A", count=1)
