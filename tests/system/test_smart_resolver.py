"""SmartResolver: the hosts file, then multicast DNS for .local, then the system resolver."""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path
from typing import Any

import pytest

from asyncdns_resolvers import MulticastResolver, ResolverClosed, ResolverError
from asyncdns_system import HostsResolver, SmartResolver, SystemConfigError, SystemResolver
from asyncdns_wire import AAAA, MX, NXDOMAIN, PTR, A, Message, Query, rr
from pytest_asyncdns import FakeDNSServer

from ._support import ZONE, WriteConf, WriteHosts, addresses, fast

pytestmark = pytest.mark.asyncdns(zone=ZONE)


class FakeMulticast:
    """Stands in for MulticastResolver: answers every query with one link-local address."""

    def __init__(self) -> None:
        self.calls: list[tuple[Query, bool, bool]] = []
        self.closed = False

    def lookup(
        self, query: Query, use_ipv6: bool = False, unicast_reply: bool = False
    ) -> asyncio.Future[Message]:
        self.calls.append((query, use_ipv6, unicast_reply))
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        answer = rr.A(query.name, 120, "169.254.10.20")
        fut.set_result(Message(flags=0x8400, questions=[query], answers=[answer]))
        return fut

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def smart(
    asyncdns_resolv_conf: WriteConf, asyncdns_hosts_file: WriteHosts
) -> tuple[SmartResolver, FakeMulticast]:
    hosts = asyncdns_hosts_file({"203.0.113.5": ["www.example.test", "printer.local"]})
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.test"])
    multicast = FakeMulticast()
    resolver = SmartResolver(
        hosts=hosts.path, multicast=multicast, resolv_conf=conf.path, env={}, options=fast()
    )
    return resolver, multicast


async def test_hosts_file_first(
    smart: tuple[SmartResolver, FakeMulticast], asyncdns_server: FakeDNSServer
) -> None:
    resolver, multicast = smart
    async with resolver:
        reply = await resolver.lookup(Query("www.example.test", A))
        assert addresses(reply) == ["203.0.113.5"]
        # A name the file lists without that family is NODATA from the file, not DNS.
        assert (await resolver.lookup(Query("www.example.test", AAAA))).answers == []
        # Even a .local name in the hosts file never reaches multicast DNS.
        assert addresses(await resolver.lookup(Query("printer.local", A))) == ["203.0.113.5"]
    assert asyncdns_server.queries == [] and multicast.calls == []


async def test_names_not_in_hosts_go_to_the_system_resolver(
    smart: tuple[SmartResolver, FakeMulticast], asyncdns_server: FakeDNSServer
) -> None:
    resolver, multicast = smart
    async with resolver:
        assert addresses(await resolver.lookup(Query("v4only", A))) == ["198.51.100.81"]
        # Types the hosts file cannot answer go to DNS even for names it lists.
        reply = await resolver.lookup(Query("www.example.test", MX))
        assert reply.answers == []
        assert isinstance(resolver.system, SystemResolver)
    asyncdns_server.assert_queried("v4only.example.test", "A", count=1)
    asyncdns_server.assert_queried("www.example.test", "MX", count=1)
    assert multicast.calls == []


async def test_local_and_link_local_reverse_names_go_to_multicast(
    smart: tuple[SmartResolver, FakeMulticast], asyncdns_server: FakeDNSServer
) -> None:
    resolver, multicast = smart
    async with resolver:
        reply = await resolver.lookup(Query("Laptop.LOCAL", A), prefer_ipv6=True)
        assert addresses(reply) == ["169.254.10.20"]
        await resolver.lookup(Query(ipaddress.ip_address("169.254.10.20"), PTR))
        await resolver.lookup(Query(ipaddress.ip_address("fe80::1"), PTR))
    assert [(q.name, v6) for q, v6, _ in multicast.calls] == [
        (b"Laptop.LOCAL", True),
        (b"20.10.254.169.in-addr.arpa", False),
        (Query(ipaddress.ip_address("fe80::1"), PTR).name, False),
    ]
    assert asyncdns_server.queries == []
    assert not multicast.closed  # passed in: the caller's to close


async def test_use_mdns_false_sends_local_to_the_system_resolver(
    asyncdns_resolv_conf: WriteConf,
    asyncdns_hosts_file: WriteHosts,
    asyncdns_server: FakeDNSServer,
) -> None:
    multicast = FakeMulticast()
    resolver = SmartResolver(
        hosts=asyncdns_hosts_file({}).path,
        multicast=multicast,
        resolv_conf=asyncdns_resolv_conf(port_style="bracket").path,
        env={},
        options=fast(),
        use_mdns=False,
    )
    async with resolver:
        with pytest.raises(ResolverError):  # the fake server refuses .local
            await resolver.lookup(Query("laptop.local", A))
    assert multicast.calls == []
    asyncdns_server.assert_queried("laptop.local", "A")


async def test_components_are_replaceable(asyncdns_hosts_file: WriteHosts) -> None:
    class Echo:
        def __init__(self) -> None:
            self.calls: list[dict[str, Any]] = []

        def lookup(
            self,
            query: Query,
            servers: Any = None,
            should_cache: bool = True,
            recursive: bool = False,
            prefer_ipv6: bool = False,
            force_tcp: bool = False,
        ) -> asyncio.Future[Message]:
            self.calls.append(
                {
                    "should_cache": should_cache,
                    "recursive": recursive,
                    "prefer_ipv6": prefer_ipv6,
                    "force_tcp": force_tcp,
                }
            )
            fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
            fut.set_result(Message(flags=0x8000, rcode=NXDOMAIN, questions=[query]))
            return fut

        def close(self) -> None:
            pass

    echo = Echo()
    hosts = HostsResolver(asyncdns_hosts_file({"203.0.113.6": "db.example.test"}).path)
    resolver = SmartResolver(hosts=hosts, system=echo, multicast_names=lambda name: False)
    assert resolver.hosts is hosts
    assert resolver.system is echo
    reply = await resolver.lookup(Query("nope.local", A), False, False, False, True)
    assert reply.rcode == NXDOMAIN
    assert echo.calls == [
        {"should_cache": False, "recursive": False, "prefer_ipv6": False, "force_tcp": True}
    ]
    assert addresses(await resolver.lookup(Query("db.example.test", A))) == ["203.0.113.6"]
    resolver.close()


async def test_system_errors_come_back_through_the_future(
    asyncdns_hosts_file: WriteHosts,
) -> None:
    resolver = SmartResolver(hosts=asyncdns_hosts_file({}).path, platform="emscripten")
    with pytest.raises(SystemConfigError):
        await resolver.lookup(Query("www.example.test", A))
    resolver.close()


async def test_no_arguments_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The defaults: the hosts file, multicast DNS, the system resolver. The machine's own files
    # are never read in tests: ASYNCDNS_HOSTS / ASYNCDNS_RESOLV_CONF name the test's files.
    # Only the localhost lookup runs (RFC 6761: it never leaves the hosts stage): no packet.
    hosts = tmp_path / "hosts"
    hosts.write_text("# no entries\n")
    monkeypatch.setenv("ASYNCDNS_HOSTS", str(hosts))
    monkeypatch.setenv("ASYNCDNS_RESOLV_CONF", str(tmp_path / "resolv.conf"))
    async with SmartResolver() as resolver:
        assert isinstance(resolver.hosts, HostsResolver)
        assert resolver.hosts.path == str(hosts)
        reply = await resolver.lookup(Query("localhost", A))
        assert reply.answers
        assert all(ipaddress.ip_address(a).is_loopback for a in addresses(reply))
        assert resolver._system is None  # never needed, never built


async def test_hosts_check_waits_only_when_due(
    smart: tuple[SmartResolver, FakeMulticast],
) -> None:
    resolver, _ = smart
    first = resolver.lookup(Query("www.example.test", A))
    assert not first.done()  # the hosts file is examined first (in a thread)
    assert addresses(await first) == ["203.0.113.5"]
    second = resolver.lookup(Query("www.example.test", A))
    assert second.done()  # then answered at once
    resolver.close()


async def test_closing(smart: tuple[SmartResolver, FakeMulticast]) -> None:
    resolver, _ = smart
    pending = resolver.lookup(Query("www.example.test", A))
    resolver.close()
    with pytest.raises(asyncio.CancelledError):
        await pending
    with pytest.raises(ResolverClosed):
        await resolver.lookup(Query("www.example.test", A))
    with pytest.raises(TypeError):
        resolver.lookup("www.example.test")  # type: ignore[arg-type]


def test_default_components_are_built_lazily_and_closed(tmp_path: Path) -> None:
    resolver = SmartResolver(hosts=tmp_path / "hosts", resolv_conf=tmp_path / "r", env={})
    assert resolver._system is None and resolver._multicast is None
    system, multicast = resolver.system, resolver.multicast  # building opens no socket
    assert isinstance(system, SystemResolver) and isinstance(multicast, MulticastResolver)
    assert resolver.system is system and resolver.multicast is multicast
    assert not resolver.closed
    resolver.close()
    assert resolver.closed and system.closed and multicast.closed


async def test_a_name_the_multicast_stage_refuses_fails_the_lookup(
    asyncdns_hosts_file: WriteHosts,
) -> None:
    # A predicate sending unicast names to the real MulticastResolver: it refuses them
    # (ValueError) before any socket is opened, and the lookup's future carries that.
    resolver = SmartResolver(hosts=asyncdns_hosts_file({}).path, multicast_names=lambda name: True)
    with pytest.raises(ValueError, match="not a Multicast DNS name"):
        await resolver.lookup(Query("www.example.test", A))
    resolver.close()
