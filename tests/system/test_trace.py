"""Traces of the system resolvers: which source answered (hosts file, multicast DNS, system
DNS and its configuration), the search list's names, then the inner resolver's attempts.

Files are temporary; servers are pytest-asyncdns fakes on loopback.
"""

from __future__ import annotations

import asyncio

import pytest

from asyncdns_resolvers import Trace
from asyncdns_resolvers import TraceEvent as E
from asyncdns_resolvers._trace_arg import accepts_trace
from asyncdns_system import HostsResolver, SmartResolver, SystemResolver
from asyncdns_wire import NOERROR, NXDOMAIN, A, Message, Query, rr
from pytest_asyncdns import FakeDNSServer, HostsFile, ResolvConf

from ._support import ZONE, WriteConf, WriteHosts, addresses, fast

pytestmark = pytest.mark.asyncdns(zone=ZONE)


class PlainMulticast:
    """A multicast component of the caller's own, whose lookup takes no ``trace``."""

    def lookup(
        self, query: Query, use_ipv6: bool = False, unicast_reply: bool = False
    ) -> asyncio.Future[Message]:
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        answer = rr.A(query.name, 120, "169.254.10.20")
        fut.set_result(Message(flags=0x8400, questions=[query], answers=[answer]))
        return fut

    def close(self) -> None:
        pass


class TracedMulticast(PlainMulticast):
    """One whose lookup takes ``trace`` (as MulticastResolver's does)."""

    def __init__(self) -> None:
        self.traces: list[Trace | None] = []

    def lookup(
        self,
        query: Query,
        use_ipv6: bool = False,
        unicast_reply: bool = False,
        *,
        trace: Trace | None = None,
    ) -> asyncio.Future[Message]:
        self.traces.append(trace)
        return super().lookup(query, use_ipv6, unicast_reply)


def smart(
    conf: ResolvConf, hosts: HostsFile, multicast: PlainMulticast | None = None
) -> SmartResolver:
    return SmartResolver(
        hosts=hosts.path,
        multicast=multicast or PlainMulticast(),
        resolv_conf=conf.path,
        env={},
        options=fast(),
    )


@pytest.fixture
def files(
    asyncdns_resolv_conf: WriteConf, asyncdns_hosts_file: WriteHosts
) -> tuple[ResolvConf, HostsFile]:
    hosts = asyncdns_hosts_file({"203.0.113.5": ["db.example.test", "printer.local"]})
    conf = asyncdns_resolv_conf(port_style="bracket", search=["example.test"])
    return conf, hosts


async def test_a_hosts_file_answer(files: tuple[ResolvConf, HostsFile]) -> None:
    conf, hosts = files
    trace = Trace()
    async with smart(conf, hosts) as resolver:
        # The first lookup waits for the file to be read, the second answers at once.
        for _ in range(2):
            trace.clear()
            reply = await resolver.lookup(Query("db.example.test", A), trace=trace)
            assert addresses(reply) == ["203.0.113.5"]
            assert [e.event for e in trace] == [E.SOURCE, E.REPLY]
            assert trace[0].detail == f"the hosts file {hosts.path}"
            answer = trace.answered_by()
            assert answer is trace[1] and answer.transport == "hosts" and answer.rcode == NOERROR
            assert [str(r.address) for r in answer.records] == ["203.0.113.5"]  # type: ignore[attr-defined]
    assert f"hosts db.example.test. A: reply NOERROR - {hosts.path}" in trace.to_text()


async def test_system_dns_with_the_search_list(
    files: tuple[ResolvConf, HostsFile], asyncdns_server: FakeDNSServer
) -> None:
    conf, hosts = files
    trace = Trace()
    async with smart(conf, hosts) as resolver:
        reply = await resolver.lookup(Query("www", A), trace=trace)
    assert addresses(reply) == ["198.51.100.80"]
    assert [e.event for e in trace] == [E.SOURCE, E.SOURCE, E.SEARCH, E.REPLY]
    assert trace[0].detail == "system DNS (not in the hosts file)"
    assert trace[1].detail == f"system DNS, ResolvConfSource({str(conf.path)!r})"
    assert trace[2].names == (b"www.example.test", b"www")
    answer = trace.answered_by()
    assert answer is not None and answer.server == asyncdns_server.address
    assert answer.transport == "udp" and answer.query == Query("www.example.test", A)
    text = trace.to_text()
    assert "search (www.example.test., www.) - the search list applies" in text


async def test_each_search_candidate_is_traced(
    files: tuple[ResolvConf, HostsFile], asyncdns_server: FakeDNSServer
) -> None:
    conf, _ = files
    trace = Trace()
    async with SystemResolver(fast(), resolv_conf=conf.path, env={}) as resolver:
        reply = await resolver.lookup(Query("nothing.example.test", A), trace=trace)
        assert reply.rcode == NXDOMAIN
        assert [e.event for e in trace] == [E.SOURCE, E.SEARCH, E.REPLY, E.REPLY]
        assert [e.query.name for e in trace[2:] if e.query] == [
            b"nothing.example.test",  # enough dots: as given first
            b"nothing.example.test.example.test",
        ]
        assert [e.rcode for e in trace[2:]] == [NXDOMAIN, NXDOMAIN]
        # Asked again: both candidates come from the cache, with their age.
        again = Trace()
        await resolver.lookup(Query("nothing.example.test", A), trace=again)
        assert [e.event for e in again] == [E.SOURCE, E.SEARCH, E.CACHE_HIT, E.CACHE_HIT]
        assert all(e.age is not None for e in again[2:])


async def test_multicast_names(files: tuple[ResolvConf, HostsFile]) -> None:
    conf, hosts = files
    traced = TracedMulticast()
    trace = Trace()
    async with smart(conf, hosts, traced) as resolver:
        await resolver.lookup(Query("scanner.local", A), trace=trace)
    assert [e.event for e in trace] == [E.SOURCE]
    assert trace[0].detail == "multicast DNS (not in the hosts file)"
    assert traced.traces == [trace]  # handed on to the component, which records its own


async def test_components_without_trace_still_work(files: tuple[ResolvConf, HostsFile]) -> None:
    conf, hosts = files
    trace = Trace()
    async with smart(conf, hosts, PlainMulticast()) as resolver:
        reply = await resolver.lookup(Query("scanner.local", A), trace=trace)
    assert addresses(reply) == ["169.254.10.20"]
    assert [e.event for e in trace] == [E.SOURCE]


async def test_untraced_lookups_hand_no_trace_on(files: tuple[ResolvConf, HostsFile]) -> None:
    conf, hosts = files
    traced = TracedMulticast()
    async with smart(conf, hosts, traced) as resolver:
        await resolver.lookup(Query("scanner.local", A))
    assert traced.traces == [None]


async def test_trace_must_be_a_trace(files: tuple[ResolvConf, HostsFile]) -> None:
    conf, hosts = files
    async with smart(conf, hosts) as resolver:
        with pytest.raises(TypeError):
            resolver.lookup(Query("www", A), trace=[])  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            resolver.system.lookup(Query("www", A), trace=[])  # type: ignore[call-arg]


def test_accepts_trace() -> None:
    def plain(query: Query) -> None: ...
    def keyword(query: Query, *, trace: Trace | None = None) -> None: ...
    def anything(query: Query, **kw: object) -> None: ...
    def positional_only(trace: object, /) -> None: ...

    assert [accepts_trace(f) for f in (plain, keyword, anything, positional_only)] == [
        False,
        True,
        True,
        False,
    ]
    assert accepts_trace(TracedMulticast().lookup) and not accepts_trace(PlainMulticast().lookup)
    assert not accepts_trace(len)  # a builtin without a signature


async def test_hosts_resolver_lookup(files: tuple[ResolvConf, HostsFile]) -> None:
    _, hosts = files
    resolver = HostsResolver(hosts.path)
    trace = Trace()
    reply = await resolver.lookup(Query("db.example.test", A), trace=trace)  # reads the file
    assert addresses(reply) == ["203.0.113.5"]
    await resolver.lookup(Query("elsewhere.example.test", A), trace=trace)  # answers at once
    assert [(e.event, e.transport, e.rcode) for e in trace] == [
        (E.REPLY, "hosts", NOERROR),
        (E.REPLY, "hosts", NXDOMAIN),
    ]
    assert trace[0].detail == str(hosts.path)
    assert trace[1].detail == f"{hosts.path}: not here"
    with pytest.raises(TypeError):
        resolver.lookup(Query("db.example.test", A), trace=[])  # type: ignore[arg-type]
    resolver.close()
