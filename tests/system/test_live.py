"""Live smoke tests: the real backend of the running OS reads the real configuration.

They only fetch and parse, then check the *shape* of the result: no query is sent (opening a
socket fails the test). They read the machine's own configuration, which no other test may
do, so they run only where ``ASYNCDNS_LIVE_SYSTEM=1`` opts in: the per-OS GitHub matrix sets
it on each runner; ``.ci/run`` and developer machines skip them.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator

import pytest

from asyncdns_system import SystemConfig, SystemNameserver, backend_for

pytestmark = [
    pytest.mark.live_system,
    pytest.mark.skipif(
        os.environ.get("ASYNCDNS_LIVE_SYSTEM") != "1",
        reason="reads this machine's own DNS configuration: set ASYNCDNS_LIVE_SYSTEM=1 to run",
    ),
]

UNIX = not sys.platform.startswith(("darwin", "win32"))


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a live system test opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    yield


def check_shape(config: SystemConfig) -> None:
    assert isinstance(config, SystemConfig)
    assert all(isinstance(ns, SystemNameserver) for ns in config.nameservers)
    assert all(isinstance(name, bytes) and name for name in config.search)
    assert config.ndots >= 0
    for route in (*config.routes, *config.scoped):
        assert isinstance(route.domain, bytes)
        assert all(isinstance(ns, SystemNameserver) for ns in route.nameservers)
    assert all(isinstance(w, str) for w in config.warnings)


@pytest.mark.skipif(not UNIX, reason="the UNIX backend reads resolv.conf")
def test_unix_backend() -> None:
    from asyncdns_system.unix import fetch
    from asyncdns_system.unix.parse import parse_unix

    snapshot = fetch.fetch()
    config = parse_unix(snapshot)
    check_shape(config)
    assert config.nameservers  # glibc's fallback guarantees one
    assert config.origin == "/etc/resolv.conf"
    check_shape(backend_for(sys.platform).source().load())


@pytest.mark.skipif(sys.platform != "darwin", reason="SystemConfiguration is macOS only")
def test_darwin_backend() -> None:
    from asyncdns_system.darwin import fetch
    from asyncdns_system.darwin.parse import parse_darwin

    snapshot = fetch.fetch()
    assert isinstance(snapshot.global_dns, dict)
    config = parse_darwin(snapshot)
    check_shape(config)
    assert config.origin == "SCDynamicStore"
    check_shape(backend_for(sys.platform).source().load())


@pytest.mark.skipif(sys.platform != "win32", reason="GetAdaptersAddresses is Windows only")
def test_windows_backend() -> None:
    from asyncdns_system.windows import fetch
    from asyncdns_system.windows.parse import parse_windows

    adapters = fetch.read_adapters()
    assert all(isinstance(a["DnsServers"], list) for a in adapters)
    assert isinstance(fetch.read_registry(), dict)
    assert isinstance(fetch.read_nrpt(), list)
    config = parse_windows(fetch.fetch())
    check_shape(config)
    assert config.origin in ("GetAdaptersAddresses", "registry")
    check_shape(backend_for(sys.platform).source().load())
