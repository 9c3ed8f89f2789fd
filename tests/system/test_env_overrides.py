"""``ASYNCDNS_HOSTS`` and ``ASYNCDNS_RESOLV_CONF``: files used instead of the system's, so that
``SmartResolver()`` (no arguments) can run against files of the test's own.

The environment is always passed explicitly (``env=``) or set with monkeypatch; the machine's
own configuration is never read.
"""

from __future__ import annotations

import pytest

from asyncdns_system import (
    HostsResolver,
    ResolvConfSource,
    SmartResolver,
    SystemResolver,
    backend_for,
    hosts_path,
)
from asyncdns_system._paths import (
    HOSTS_ENV,
    RESOLV_CONF_ENV,
    resolv_conf_override,
    resolv_conf_path,
)
from asyncdns_wire import A, Query
from pytest_asyncdns import FakeDNSServer

from ._support import ZONE, WriteConf, WriteHosts, addresses, fast

pytestmark = pytest.mark.asyncdns(zone=ZONE)


def test_variable_names() -> None:
    assert (HOSTS_ENV, RESOLV_CONF_ENV) == ("ASYNCDNS_HOSTS", "ASYNCDNS_RESOLV_CONF")


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32", "freebsd14"])
def test_the_paths_follow_the_variables_on_every_platform(platform: str) -> None:
    env = {"ASYNCDNS_HOSTS": "/tmp/h", "ASYNCDNS_RESOLV_CONF": "/tmp/r", "SystemRoot": "D:\\W"}
    assert hosts_path(env, platform) == "/tmp/h"
    assert resolv_conf_path(env, platform) == "/tmp/r"
    assert resolv_conf_override(env) == "/tmp/r"
    source = backend_for(platform).source(env)
    assert isinstance(source, ResolvConfSource) and source.path == "/tmp/r"
    assert source.env is env
    assert backend_for(platform).hosts_path(env) == "/tmp/h"


def test_empty_values_count_as_unset() -> None:
    env = {"ASYNCDNS_HOSTS": "", "ASYNCDNS_RESOLV_CONF": ""}
    assert hosts_path(env, "linux") == "/etc/hosts"
    assert resolv_conf_path(env, "linux") == "/etc/resolv.conf"
    assert resolv_conf_path(env, "win32") is None
    assert resolv_conf_override(env) is None
    assert type(backend_for("win32").source(env)).__name__ == "WindowsSource"


def test_explicit_arguments_win() -> None:
    env = {"ASYNCDNS_HOSTS": "/tmp/h", "ASYNCDNS_RESOLV_CONF": "/tmp/r"}
    assert HostsResolver("/elsewhere/hosts", env=env).path == "/elsewhere/hosts"
    resolver = SystemResolver(resolv_conf="/elsewhere/resolv.conf", env=env)
    assert isinstance(resolver.source, ResolvConfSource)
    assert resolver.source.path == "/elsewhere/resolv.conf"


def test_an_unknown_platform_still_takes_the_override() -> None:
    resolver = SystemResolver(platform="emscripten", env={"ASYNCDNS_RESOLV_CONF": "/tmp/r"})
    assert isinstance(resolver.source, ResolvConfSource) and resolver.source.path == "/tmp/r"


async def test_smart_resolver_without_arguments_uses_the_variables(
    monkeypatch: pytest.MonkeyPatch,
    asyncdns_resolv_conf: WriteConf,
    asyncdns_hosts_file: WriteHosts,
    asyncdns_server: FakeDNSServer,
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket")
    hosts = asyncdns_hosts_file({"203.0.113.5": "db.example.test"})
    monkeypatch.setenv("ASYNCDNS_RESOLV_CONF", str(conf.path))
    monkeypatch.setenv("ASYNCDNS_HOSTS", str(hosts.path))
    monkeypatch.delenv("RES_OPTIONS", raising=False)
    monkeypatch.delenv("LOCALDOMAIN", raising=False)
    async with SmartResolver(options=fast()) as resolver:
        assert addresses(await resolver.lookup(Query("db.example.test", A))) == ["203.0.113.5"]
        assert addresses(await resolver.lookup(Query("www.example.test", A))) == ["198.51.100.80"]
        system = resolver.system
        assert isinstance(system, SystemResolver)
        assert isinstance(system.source, ResolvConfSource)
        assert system.source.path == str(conf.path)
    assert [q.qname for q in asyncdns_server.queries] == ["www.example.test."]


async def test_the_env_argument_carries_them_too(
    asyncdns_resolv_conf: WriteConf,
    asyncdns_hosts_file: WriteHosts,
    asyncdns_server: FakeDNSServer,
) -> None:
    conf = asyncdns_resolv_conf(port_style="bracket")
    hosts = asyncdns_hosts_file({"203.0.113.6": "db.example.test"})
    env = {"ASYNCDNS_RESOLV_CONF": str(conf.path), "ASYNCDNS_HOSTS": str(hosts.path)}
    async with SmartResolver(env=env, options=fast()) as resolver:
        assert addresses(await resolver.lookup(Query("db.example.test", A))) == ["203.0.113.6"]
        assert addresses(await resolver.lookup(Query("www.example.test", A))) == ["198.51.100.80"]
