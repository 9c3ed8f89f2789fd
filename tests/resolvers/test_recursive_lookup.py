"""Resolver.lookup's recursive side: where walks start, the trace, caching, sharing, closing,
and the transport features every hop gets (0x20, TCP, TC -> TCP), on the fake hierarchy."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from asyncdns_resolvers import (
    ROOT_HINTS,
    RecursionFailure,
    Resolver,
    ResolverOptions,
    RoundRobinServer,
    Trace,
    TraceEntry,
)
from asyncdns_resolvers import TraceEvent as E
from asyncdns_resolvers._recursive import recursion_hints
from asyncdns_resolvers._roothints import ROOT_SERVERS
from asyncdns_wire import A, Query
from pytest_asyncdns import Hierarchy

from ..conftest import NO_ROOT
from ._recursive_support import LIMIT, addresses, asked, hints, options, qnames, recurse
from ._resolver_support import wait_until

pytestmark = pytest.mark.usefixtures("fail_on_loop_errors")


# -- where the walk starts ----------------------------------------------------------------------


async def test_servers_none_starts_at_the_root_hints_option(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        reply = await asyncio.wait_for(r.lookup(Query("www.example.test", A)), LIMIT)
    assert addresses(reply) == ["198.51.100.10"]
    assert qnames(asyncdns_hierarchy, "root") == ["test"]


async def test_recursive_true_starts_at_the_servers_given(asyncdns_hierarchy: Hierarchy) -> None:
    tld = (asyncdns_hierarchy.address_of("tld-test"), asyncdns_hierarchy.port)
    async with Resolver(options(asyncdns_hierarchy)) as r:
        trace = Trace()
        reply = await asyncio.wait_for(
            r.lookup(Query("www.example.test", A), tld, recursive=True, trace=trace), LIMIT
        )
    assert addresses(reply) == ["198.51.100.10"]
    assert not asyncdns_hierarchy.servers["root"].queries
    assert trace[0].event is E.START and trace[0].addresses == (tld,)


async def test_recursive_true_takes_lists_and_iterators(asyncdns_hierarchy: Hierarchy) -> None:
    tld = (asyncdns_hierarchy.address_of("tld-test"), asyncdns_hierarchy.port)
    async with Resolver(options(asyncdns_hierarchy)) as r:
        for servers in ([tld], RoundRobinServer([tld])):
            reply = await asyncio.wait_for(
                r.lookup(Query("www.example.test", A), servers, recursive=True, should_cache=False),
                LIMIT,
            )
            assert addresses(reply) == ["198.51.100.10"]
    assert not asyncdns_hierarchy.servers["root"].queries


def test_default_root_hints_are_the_iana_root_servers() -> None:
    # Nothing is sent: recursion_hints only decides where a walk would start, and during the
    # tests the root conftest swaps the real roots for a closed loopback port.
    assert recursion_hints(None, ResolverOptions()) == NO_ROOT
    assert len(ROOT_HINTS) == 26 and len({a for a, _ in ROOT_HINTS}) == 26
    assert {p for _, p in ROOT_HINTS} == {53}
    assert ROOT_HINTS[0] == ("198.41.0.4", 53) and ("2001:7fd::1", 53) in ROOT_HINTS
    assert [name for name, _, _ in ROOT_SERVERS] == [
        f"{c}.root-servers.net" for c in "abcdefghijklm"
    ]
    assert recursion_hints(None, ResolverOptions(root_hints=[("127.0.1.1", 5300)])) == (
        ("127.0.1.1", 5300),
    )


def test_root_hints_match_the_systems_named_root_when_there_is_one() -> None:
    path = Path("/usr/share/dns/root.hints")
    if not path.exists():
        pytest.skip("no /usr/share/dns/root.hints (Debian's dns-root-data) to compare with")
    published = set()
    for line in path.read_text().splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in ("A", "AAAA"):
            published.add(fields[3].lower())
    assert published == {a for a, _ in ROOT_HINTS}


@pytest.mark.parametrize(
    ("hints_value", "error"),
    [([], ValueError), ("127.0.0.1", TypeError), ([("not-an-address", 53)], ValueError)],
)
def test_root_hints_option_is_checked(hints_value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        ResolverOptions(root_hints=hints_value)  # type: ignore[arg-type]


def test_recursion_options_are_checked() -> None:
    with pytest.raises(ValueError):
        ResolverOptions(max_queries=0)
    with pytest.raises(TypeError):
        ResolverOptions(qname_minimisation=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ResolverOptions(recursion_lifetime=0)
    assert ResolverOptions(root_hints=[("::1", 53)]).root_hints == (("::1", 53),)


# -- the trace ----------------------------------------------------------------------------------


async def test_trace_shows_the_walk(asyncdns_hierarchy: Hierarchy) -> None:
    trace = Trace()
    async with Resolver(options(asyncdns_hierarchy)) as r:
        await recurse(r, "www.example.test", trace=trace)
    assert all(isinstance(e, TraceEntry) for e in trace)
    assert [e.event for e in trace] == [E.START, E.REFERRAL, E.REFERRAL, E.ANSWER]
    root = (asyncdns_hierarchy.address_of("root"), asyncdns_hierarchy.port)
    assert trace[1].server == root and trace[1].names == (b"ns1.nic.test",)
    assert trace[2].zone == b"test" and trace[2].detail == "to example.test."
    assert [q.name for _, q in trace.queries()] == [b"test", b"example.test", b"www.example.test"]
    text = trace.to_text()
    assert text.count("\n") >= 4 and "www.example.test.\t3600\tIN\tA\t198.51.100.10" in text


async def test_a_traced_lookup_walks_even_when_the_answer_is_cached(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        await recurse(r, "www.example.test")
        before = len(asyncdns_hierarchy.queries)
        await recurse(r, "www.example.test")
        assert len(asyncdns_hierarchy.queries) == before  # from the cache
        trace = Trace()
        await recurse(r, "www.example.test", trace=trace)
    assert len(asyncdns_hierarchy.queries) == before + 1  # the delegation was cached
    assert [e.event for e in trace] == [E.CACHED, E.ANSWER]


async def test_a_failed_lookup_carries_its_trace(asyncdns_hierarchy: Hierarchy) -> None:
    trace = Trace()
    async with Resolver(options(asyncdns_hierarchy)) as r:
        with pytest.raises(RecursionFailure) as info:
            await recurse(r, "www.alllame.test", trace=trace)
    assert info.value.trace is trace
    assert {E.LOOKUP_NS, E.LAME, E.GIVE_UP} <= {e.event for e in trace}


async def test_trace_must_be_a_trace(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        with pytest.raises(TypeError):
            r.lookup(Query("www.example.test", A), trace=[])  # type: ignore[arg-type]
        assert r.in_flight == 0


# -- caches and sharing -------------------------------------------------------------------------


async def test_recursive_answers_are_cached_apart_from_stub_answers(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    root = hints(asyncdns_hierarchy)
    async with Resolver(options(asyncdns_hierarchy)) as r:
        stub = await asyncio.wait_for(r.lookup(Query("www.example.test", A), root), LIMIT)
        assert not stub.answers  # the root's referral, as a stub lookup returns it
        reply = await asyncio.wait_for(
            r.lookup(Query("www.example.test", A), root, recursive=True), LIMIT
        )
        assert addresses(reply) == ["198.51.100.10"]
        again = await asyncio.wait_for(r.lookup(Query("www.example.test", A), root), LIMIT)
        assert not again.answers
        count = len(asyncdns_hierarchy.queries)
        cached = await asyncio.wait_for(
            r.lookup(Query("www.example.test", A), root, recursive=True), LIMIT
        )
        assert addresses(cached) == ["198.51.100.10"]
        assert len(asyncdns_hierarchy.queries) == count


async def test_a_minimised_question_refused_is_asked_in_full_of_the_same_server(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    # RFC 9156 section 3: a server that refuses the minimised question may answer the full
    # one; test.'s only server must be asked that before it counts as lame.
    tld = asyncdns_hierarchy.servers["tld-test"]
    tld.on("glueless.test", "A").rcode("REFUSED")
    async with Resolver(options(asyncdns_hierarchy)) as r:
        reply = await recurse(r, "www.glueless.test")
    assert addresses(reply) == ["198.51.100.40"]
    assert [q.qname for q in tld.queries][:2] == ["glueless.test.", "www.glueless.test."]


async def test_a_cached_recursive_answer_carries_the_question_as_asked(
    asyncdns_hierarchy: Hierarchy,
) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        await recurse(r, "www.example.test")
        count = len(asyncdns_hierarchy.queries)
        hit = await recurse(r, "WWW.Example.TEST")
        assert len(asyncdns_hierarchy.queries) == count  # from the cache
        assert hit.questions[0].name == b"WWW.Example.TEST"
        assert addresses(hit) == ["198.51.100.10"]


async def test_delegations_are_cached_between_lookups(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        await recurse(r, "www.example.test")
        await recurse(r, "mail.example.test", should_cache=False)
        assert len(asyncdns_hierarchy.servers["root"].queries) == 1
        assert len(asyncdns_hierarchy.servers["tld-test"].queries) == 1
        r.flush_cache()
        await recurse(r, "mx.example.test")
        assert len(asyncdns_hierarchy.servers["root"].queries) == 2


async def test_identical_recursive_lookups_share_one_walk(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        futures = [r.lookup(Query("www.example.test", A)) for _ in range(5)]
        assert r.in_flight == 1
        replies = await asyncio.wait_for(asyncio.gather(*futures), LIMIT)
    assert all(addresses(x) == ["198.51.100.10"] for x in replies)
    assert len(asyncdns_hierarchy.queries) == 3


async def test_close_cancels_a_walk_in_progress(asyncdns_hierarchy: Hierarchy) -> None:
    r = Resolver(options(asyncdns_hierarchy, timeout=5.0, max_timeout=5.0))
    future = r.lookup(Query("www.silent.test", A))
    await wait_until(lambda: bool(asyncdns_hierarchy.servers["silent"].queries))
    r.close()
    with pytest.raises(asyncio.CancelledError):
        await future
    assert r.in_flight == 0 and r.open_sockets() == 0


async def test_cancelling_the_caller_stops_the_walk(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy, timeout=0.3, max_timeout=0.3)) as r:
        future = r.lookup(Query("www.silent.test", A))
        await wait_until(lambda: bool(asyncdns_hierarchy.servers["silent"].queries))
        future.cancel()
        await wait_until(lambda: r.in_flight == 0)
        count = len(asyncdns_hierarchy.queries)
        await asyncio.sleep(0.8)
        assert len(asyncdns_hierarchy.queries) == count


async def test_a_closed_resolver_refuses_recursive_lookups(asyncdns_hierarchy: Hierarchy) -> None:
    from asyncdns_resolvers import ResolverClosed

    r = Resolver(options(asyncdns_hierarchy))
    r.close()
    with pytest.raises(ResolverClosed):
        await r.lookup(Query("www.example.test", A))
    assert not asyncdns_hierarchy.queries


# -- every hop is a full stub exchange ------------------------------------------------------------


async def test_0x20_applies_to_every_hop(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy, randomize_case=True)) as r:
        reply = await recurse(r, "www.glueless.test")
    assert addresses(reply) == ["198.51.100.40"]
    sent = [q.qname.rstrip(".") for _, q in asyncdns_hierarchy.queries]
    letters = sum(c.isalpha() for name in sent for c in name)
    assert letters > 40
    assert any(name != name.lower() for name in sent)
    assert any(c.isupper() for name in sent for c in name) and any(
        c.islower() for name in sent for c in name
    )


async def test_force_tcp_applies_to_every_hop(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        reply = await recurse(r, "cross.example.test", force_tcp=True)
    assert addresses(reply) == ["198.51.100.20"]
    assert {q.transport for _, q in asyncdns_hierarchy.queries} == {"tcp"}


async def test_a_truncated_hop_is_retried_over_tcp(asyncdns_hierarchy: Hierarchy) -> None:
    asyncdns_hierarchy.servers["tld-test"].on("example.test", "A").tcp_only()
    async with Resolver(options(asyncdns_hierarchy)) as r:
        reply = await recurse(r, "www.example.test")
    assert addresses(reply) == ["198.51.100.10"]
    tld = [(n, q.transport) for n, q in asyncdns_hierarchy.queries if n == "tld-test"]
    assert tld == [("tld-test", "udp"), ("tld-test", "tcp")]


async def test_iterative_queries_clear_rd(asyncdns_hierarchy: Hierarchy) -> None:
    async with Resolver(options(asyncdns_hierarchy)) as r:
        await recurse(r, "www.other.example")
    assert asyncdns_hierarchy.queries and not any(q.rd for _, q in asyncdns_hierarchy.queries)
    assert asked(asyncdns_hierarchy, "poison") == []


# -- the README ---------------------------------------------------------------------------------


def test_readme_example_runs(
    asyncdns_hierarchy: Hierarchy, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = Path(__file__).resolve().parents[2] / "packages" / "asyncdns-resolvers" / "README.md"
    section = readme.read_text().split("## Recursive resolution", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    body, last = code.rstrip().rsplit("\n", 1)
    assert last.startswith("asyncio.run(main(")  # the README runs it against 127.0.1.1:53
    namespace: dict[str, object] = {}
    exec(compile(body, str(readme), "exec"), namespace)
    main = namespace["main"]
    asyncio.run(main(hints(asyncdns_hierarchy)))  # type: ignore[operator]
    out = capsys.readouterr().out
    assert "[example.test.]" in out and "198.51.100.10" in out


async def test_a_walk_that_breaks_fails_the_lookup_instead_of_hanging(
    asyncdns_hierarchy: Hierarchy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from asyncdns_resolvers._walk import Walk

    def broken(*args: object) -> None:
        raise RuntimeError("bug in the walk")

    monkeypatch.setattr(Walk, "on_reply", broken)
    async with Resolver(options(asyncdns_hierarchy)) as r:
        with pytest.raises(RuntimeError, match="bug in the walk"):
            await recurse(r, "www.example.test")
        assert r.in_flight == 0
