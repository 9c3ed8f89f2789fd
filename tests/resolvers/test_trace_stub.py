"""The trace of stub lookups: cache hits with their age, and every attempt (server, transport,
outcome: reply, timeout, error rcode, TC -> TCP, EDNS fallback, network error, ignored forged
reply), the give-up and serve-stale; rendered by ``Trace.to_text()``.

Every server is a pytest-asyncdns fake on loopback.
"""

from __future__ import annotations

import socket

import pytest

from asyncdns_resolvers import (
    NoNameservers,
    ResolutionTimeout,
    Resolver,
    Trace,
    TraceEntry,
)
from asyncdns_resolvers import TraceEvent as E
from asyncdns_wire import NOERROR, NXDOMAIN, SERVFAIL
from pytest_asyncdns import FakeDNSServer

from ._resolver_support import (
    WWW,
    WWW_ADDRESS,
    ZONE,
    MakeServer,
    addresses,
    fast,
    forged,
    query,
    resolve,
)

pytestmark = [pytest.mark.asyncdns(zone=ZONE), pytest.mark.usefixtures("fail_on_loop_errors")]


def events(trace: Trace) -> list[E]:
    return [e.event for e in trace]


async def test_a_reply_records_server_transport_rcode_rtt_and_records(
    asyncdns_server: FakeDNSServer,
) -> None:
    trace = Trace()
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert addresses(reply) == [WWW_ADDRESS]
    (entry,) = trace
    assert entry.event is E.REPLY
    assert entry.server == asyncdns_server.address and entry.transport == "udp"
    assert entry.rcode == NOERROR and entry.rtt is not None and 0 <= entry.rtt < 5
    assert entry.query == query() and entry.zone == b"" and entry.depth == 0
    assert [str(r.address) for r in entry.records] == [WWW_ADDRESS]  # type: ignore[attr-defined]
    assert trace.answered_by() is entry and trace.failures() == []
    host, port = asyncdns_server.address
    text = trace.to_text()
    assert text.startswith(f";; udp {host}#{port} www.example.test. A: reply NOERROR in ")
    assert WWW_ADDRESS in text.splitlines()[1]
    assert trace.queries() == []  # queries() lists the steps of recursive walks


async def test_a_cache_hit_records_the_entrys_age(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
        trace = Trace()
        reply = await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 1  # a traced lookup still answers from the cache
    (hit,) = trace
    assert hit.event is E.CACHE_HIT and hit.server is None and hit.rcode == NOERROR
    assert hit.age is not None and 0 <= hit.age < 5
    assert trace.answered_by() is hit
    assert "cache www.example.test. A: cache-hit NOERROR" in trace.to_text()
    assert "s ago)" in trace.to_text()


async def test_the_age_grows_with_the_clock(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
        key = next(iter(resolver.cache._entries))
        stored = resolver.cache.age(key, 0.0)
        assert stored == 0.0  # never negative, even with a clock that went back
        now = resolver.cache._entries[key].stored + 12.5
        assert resolver.cache.age(key, now) == pytest.approx(12.5)
        assert resolver.cache.age(("nothing", None), now) is None


async def test_a_timeout_then_the_next_server(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    silent = asyncdns_make_server(ZONE)
    silent.on(WWW).drop()
    trace = Trace()
    async with Resolver(fast(timeout=0.1)) as resolver:
        servers = iter([silent.address, asyncdns_server.address])
        reply = await resolve(resolver, query(), servers, trace=trace)
    assert addresses(reply) == [WWW_ADDRESS]
    assert events(trace) == [E.TIMEOUT, E.REPLY]
    assert trace[0].server == silent.address and trace[0].transport == "udp"
    assert trace[0].rtt is None and trace[0].detail.startswith("no reply in ")
    assert trace[1].server == asyncdns_server.address
    assert trace.failures() == [trace[0]] and trace.answered_by() is trace[1]


async def test_an_error_rcode_then_the_next_server(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: MakeServer
) -> None:
    failing = asyncdns_make_server(ZONE)
    failing.on(WWW).rcode("SERVFAIL")
    trace = Trace()
    async with Resolver(fast()) as resolver:
        servers = iter([failing.address, asyncdns_server.address])
        await resolve(resolver, query(), servers, trace=trace)
    assert events(trace) == [E.RCODE, E.REPLY]
    assert trace[0].rcode == SERVFAIL and trace[0].server == failing.address
    assert trace[0].rtt is not None
    assert "rcode SERVFAIL - trying the next server" in trace.to_text()


async def test_truncation_moves_to_tcp(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).truncate()
    trace = Trace()
    async with Resolver(fast()) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert addresses(reply) == [WWW_ADDRESS]
    assert events(trace) == [E.TRUNCATED, E.REPLY]
    assert [e.transport for e in trace] == ["udp", "tcp"]
    assert trace.answered_by() is trace[1] and trace[1].server == asyncdns_server.address


async def test_force_tcp_is_traced_as_tcp(asyncdns_server: FakeDNSServer) -> None:
    trace = Trace()
    async with Resolver(fast()) as resolver:
        await resolve(resolver, query(), asyncdns_server.address, force_tcp=True, trace=trace)
    assert [(e.event, e.transport) for e in trace] == [(E.REPLY, "tcp")]


async def test_edns_fallback(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").rcode("FORMERR", with_opt=False, once=True)
    trace = Trace()
    async with Resolver(fast()) as resolver:
        await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert events(trace) == [E.NO_EDNS, E.REPLY]
    assert trace[0].detail == "retrying without EDNS"


async def test_a_forged_reply_is_recorded_as_ignored(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").replies(forged(qname="evil.example.test"), "answer", interval=0.05)
    trace = Trace()
    async with Resolver(fast(timeout=1.0)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert addresses(reply) == [WWW_ADDRESS]
    assert events(trace) == [E.IGNORED, E.REPLY]
    assert trace[0].server == asyncdns_server.address and trace[0].rtt is None


async def test_a_network_error(asyncdns_server: FakeDNSServer) -> None:
    # A loopback port nobody listens on: the kernel answers with ICMP port unreachable.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()
    trace = Trace()
    async with Resolver(fast(timeout=0.5)) as resolver:
        servers = iter([closed, asyncdns_server.address])
        await resolve(resolver, query(), servers, trace=trace)
    assert events(trace) == [E.NETWORK_ERROR, E.REPLY]
    assert trace[0].server == closed and trace[0].detail.startswith("network error")


async def test_giving_up_is_recorded(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).drop()
    trace = Trace()
    async with Resolver(fast(timeout=0.05, max_timeout=0.05, attempts=2)) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert events(trace) == [E.TIMEOUT, E.TIMEOUT, E.GIVE_UP]
    assert trace.answered_by() is None and len(trace.failures()) == 2
    assert "give-up - no answer for" in trace.to_text()


async def test_every_server_failing_is_recorded(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).rcode("REFUSED")
    trace = Trace()
    async with Resolver(fast(attempts=2)) as resolver:
        with pytest.raises(NoNameservers):
            await resolve(resolver, query(), asyncdns_server.address, trace=trace)
    assert events(trace) == [E.RCODE, E.RCODE, E.GIVE_UP]


async def test_serving_stale_is_recorded(asyncdns_server: FakeDNSServer) -> None:
    name = "brief.example.test"  # TTL 1
    async with Resolver(fast(serve_stale=30.0, attempts=1)) as resolver:
        await resolve(resolver, query(name), asyncdns_server.address)
        asyncdns_server.on(name).rcode("SERVFAIL")
        key = next(iter(resolver.cache._entries))
        resolver.cache._entries[key].expires -= 5  # expired, still within the stale window
        trace = Trace()
        reply = await resolve(resolver, query(name), asyncdns_server.address, trace=trace)
    assert addresses(reply) == ["198.51.100.6"]
    assert events(trace) == [E.RCODE, E.GIVE_UP, E.STALE]
    assert trace.answered_by() is trace[-1] and "served from the cache after" in trace[-1].detail


async def test_nxdomain_is_a_reply(asyncdns_server: FakeDNSServer) -> None:
    trace = Trace()
    async with Resolver() as resolver:
        reply = await resolve(
            resolver, query("nope.example.test"), asyncdns_server.address, trace=trace
        )
    assert reply.rcode == NXDOMAIN
    assert [(e.event, e.rcode) for e in trace] == [(E.REPLY, NXDOMAIN)]
    assert "reply NXDOMAIN" in trace.to_text()


async def test_a_traced_lookup_does_not_join_one_in_flight(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW).delay(0.1)
    trace = Trace()
    async with Resolver() as resolver:
        first = resolver.lookup(query(), asyncdns_server.address)
        second = resolver.lookup(query(), asyncdns_server.address, trace=trace)
        third = resolver.lookup(query(), asyncdns_server.address)  # joins the first
        for fut in (first, second, third):
            assert addresses(await fut) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 2
    assert events(trace) == [E.REPLY]


async def test_untraced_lookups_record_nothing_anywhere(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        fut = resolver.lookup(query(), asyncdns_server.address)
        assert addresses(await fut) == [WWW_ADDRESS]
        assert not hasattr(fut, "trace")


async def test_trace_must_be_a_trace(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        with pytest.raises(TypeError):
            resolver.lookup(query(), asyncdns_server.address, trace=[])  # type: ignore[arg-type]
        await resolve(resolver, query(), asyncdns_server.address)
        with pytest.raises(TypeError):  # on a cache hit too
            resolver.lookup(query(), asyncdns_server.address, trace=[])  # type: ignore[arg-type]
        assert resolver.in_flight == 0


def test_walk_entries_render_as_before() -> None:
    entry = TraceEntry(E.REFERRAL, b"test", ("127.0.1.2", 53), names=(b"ns1.example.test",))
    assert entry.to_text() == ";; [test.] 127.0.1.2#53: referral (ns1.example.test.)"
    assert TraceEntry(E.SOURCE, detail="hosts file").to_text() == ";; -: source - hosts file"


WWW_COM = """
$ORIGIN example.com.
$TTL 300
@    SOA  ns1 hostmaster 1 3600 600 86400 300
www  A    198.51.100.80
"""


def test_readme_example_runs(
    asyncdns_make_server: MakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2] / "packages" / "asyncdns-resolvers" / "README.md"
    section = readme.read_text().split("## Tracing a lookup", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    body, last = code.rstrip().rsplit("\n", 1)
    assert last.startswith("asyncio.run(main(")
    silent, server = asyncdns_make_server(WWW_COM), asyncdns_make_server(WWW_COM)
    silent.on("www.example.com").drop()
    server.on("www.example.com").truncate(once=True)
    namespace: dict[str, object] = {}
    exec(compile(body, str(readme), "exec"), namespace)
    asyncio.run(namespace["main"]([silent.address, server.address]))  # type: ignore[operator]
    lines = capsys.readouterr().out.splitlines()
    host, port = server.address
    assert lines[0].startswith(
        f";; udp {silent.address[0]}#{silent.address[1]} www.example.com. A: timeout"
    )
    assert lines[1].startswith(f";; udp {host}#{port} www.example.com. A: truncated NOERROR")
    assert lines[2].startswith(f";; tcp {host}#{port} www.example.com. A: reply NOERROR in ")
    assert lines[3] == "www.example.com.\t300\tIN\tA\t198.51.100.80"
