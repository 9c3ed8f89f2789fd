"""asyncdns.aiohttp.AsyncdnsResolver: a drop-in aiohttp resolver. Skipped without aiohttp.

The end-to-end test serves HTTP on 127.0.0.1 and names it in the fake zone, so the request
never leaves loopback."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

aiohttp = pytest.importorskip("aiohttp")
from aiohttp import web  # noqa: E402
from aiohttp.abc import AbstractResolver  # noqa: E402

from asyncdns.aiohttp import AsyncdnsResolver  # noqa: E402
from asyncdns_system import SmartResolver, SystemResolver  # noqa: E402
from pytest_asyncdns import FakeDNSServer  # noqa: E402

from .conftest import ZONES  # noqa: E402

LOOPBACK_ZONE = "web.loopback.test. 300 IN A 127.0.0.1"
pytestmark = pytest.mark.asyncdns(zones=(*ZONES, LOOPBACK_ZONE))


async def test_is_an_aiohttp_resolver(system: SystemResolver) -> None:
    resolver = AsyncdnsResolver(system)
    assert isinstance(resolver, AbstractResolver)
    results = await resolver.resolve("www.example.test", 443, family=socket.AF_INET)
    assert results == [
        {
            "hostname": "www.example.test",
            "host": "198.51.100.80",
            "port": 443,
            "family": socket.AF_INET,
            "proto": socket.IPPROTO_TCP,
            "flags": socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
        }
    ]
    both = await resolver.resolve("www.example.test", 80, family=socket.AF_UNSPEC)
    assert sorted(r["host"] for r in both) == ["198.51.100.80", "2001:db8::80"]
    assert {r["family"] for r in both} == {socket.AF_INET, socket.AF_INET6}
    await resolver.close()
    assert not system.closed  # a resolver passed in stays the caller's


async def test_failures_are_oserrors(system: SystemResolver) -> None:
    resolver = AsyncdnsResolver(system)
    with pytest.raises(OSError) as info:
        await resolver.resolve("nope.example.test", 80)
    assert isinstance(info.value, socket.gaierror) and info.value.errno == socket.EAI_NONAME


@pytest.mark.skipif(sys.platform != "linux", reason="the loopback interface is 'lo' on Linux")
async def test_scoped_addresses_keep_their_zone(
    system: SystemResolver, asyncdns_hosts_file: object
) -> None:
    hosts = asyncdns_hosts_file({"fe80::1%lo": "printer.example.test"})  # type: ignore[operator]
    smart = SmartResolver(hosts=hosts.path, system=system, use_mdns=False)
    resolver = AsyncdnsResolver(smart, close_resolver=True)
    results = await resolver.resolve("printer.example.test", 631, family=socket.AF_INET6)
    assert [(r["host"], r["port"]) for r in results] == [("fe80::1%lo", 631)]
    await resolver.close()


async def test_a_resolver_of_its_own_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASYNCDNS_RESOLV_CONF", "/nonexistent/resolv.conf")
    monkeypatch.setenv("ASYNCDNS_HOSTS", "/nonexistent/hosts")
    resolver = AsyncdnsResolver()
    assert isinstance(resolver.resolver, SmartResolver)
    await resolver.close()
    assert resolver.resolver._closed


async def test_a_client_session_fetches_through_it(
    system: SystemResolver, asyncdns_server: FakeDNSServer
) -> None:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text=f"hello {request.host}")

    app = web.Application()
    app.router.add_get("/", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        connector = aiohttp.TCPConnector(resolver=AsyncdnsResolver(system), use_dns_cache=False)
        async with aiohttp.ClientSession(connector=connector) as session:
            async with session.get(f"http://web.loopback.test:{port}/") as response:
                assert response.status == 200
                assert await response.text() == f"hello web.loopback.test:{port}"
            with pytest.raises(aiohttp.ClientConnectorError):
                await session.get(f"http://nope.loopback.test:{port}/")
    finally:
        await runner.cleanup()
    asyncdns_server.assert_queried("web.loopback.test", "A")


def test_import_asyncdns_does_not_import_aiohttp() -> None:
    probe = "import sys, asyncdns; print('aiohttp' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "False"
