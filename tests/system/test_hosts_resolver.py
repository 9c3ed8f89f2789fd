"""HostsResolver on temporary hosts files: answers, "not here", reloading."""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path

import pytest

from asyncdns_resolvers import ResolverClosed
from asyncdns_system import HostsResolver, _hosts
from asyncdns_wire import (
    AA,
    AAAA,
    ANY,
    CH,
    MX,
    NOERROR,
    NXDOMAIN,
    PTR,
    QR,
    SOA,
    TXT,
    A,
    Message,
    Query,
    reverse_name,
    rr,
)

from ._support import FakeClock, WriteHosts, addresses, replace_file

ENTRIES = [
    ("198.51.100.5", ["web.example.test", "web", "WWW.Example.Test"]),
    ("198.51.100.6", "web.example.test"),
    ("2001:db8::5", "web.example.test"),
    ("203.0.113.7", "v4only.example.test"),
    ("fe80::1%eth0", "router.lan"),
    ("203.0.113.9", "bücher.example.test"),
]


def targets(reply: Message) -> list[bytes]:
    """The targets of the PTR records in the answer section."""
    return [r.target for r in reply.answers if isinstance(r, rr.PTR)]


@pytest.fixture
def hosts_path(asyncdns_hosts_file: WriteHosts) -> Path:
    return asyncdns_hosts_file(ENTRIES).path


async def test_a_aaaa_and_any(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    reply = await resolver.lookup(Query("web.example.test", A))
    assert reply.rcode == NOERROR
    assert reply.flags & QR and reply.flags & AA
    assert reply.questions == [Query("web.example.test", A)]
    assert addresses(reply) == ["198.51.100.5", "198.51.100.6"]
    assert [rr.ttl for rr in reply.answers] == [30, 30]
    assert addresses(await resolver.lookup(Query("web.example.test", AAAA))) == ["2001:db8::5"]
    reply = await resolver.lookup(Query("web.example.test", ANY))
    assert addresses(reply) == ["198.51.100.5", "198.51.100.6", "2001:db8::5"]


async def test_aliases_case_and_idn(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    assert addresses(await resolver.lookup(Query("web", A))) == ["198.51.100.5"]
    assert addresses(await resolver.lookup(Query("www.EXAMPLE.test", A))) == ["198.51.100.5"]
    reply = await resolver.lookup(Query("WEB.Example.TEST", A))
    assert addresses(reply) == ["198.51.100.5", "198.51.100.6"]
    assert reply.answers[0].name == b"WEB.Example.TEST"
    reply = await resolver.lookup(Query("BÜCHER.example.test", A))
    assert addresses(reply) == ["203.0.113.9"]
    # The owner name echoes the question's spelling.
    assert reply.answers[0].name == Query("BÜCHER.example.test", A).name


async def test_zone_id_kept_in_aaaa(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    reply = await resolver.lookup(Query("router.lan", AAAA))
    (record,) = reply.answers
    assert isinstance(record, rr.AAAA)
    assert record.address == ipaddress.IPv6Address("fe80::1%eth0")
    assert record.address.scope_id == "eth0"


async def test_ptr_in_both_reverse_zones(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    reply = await resolver.lookup(Query(ipaddress.ip_address("198.51.100.5"), PTR))
    assert targets(reply) == [b"web.example.test"]
    reply = await resolver.lookup(Query(ipaddress.ip_address("2001:db8::5"), PTR))
    assert targets(reply) == [b"web.example.test"]
    name = reverse_name(ipaddress.ip_address("fe80::1"))
    reply = await resolver.lookup(Query(name.upper(), ANY))
    assert targets(reply) == [b"router.lan"]
    # localhost's reverse mapping comes from RFC 6761 when the file lacks it.
    reply = await resolver.lookup(Query(ipaddress.ip_address("127.0.0.1"), PTR))
    assert targets(reply) == [b"localhost"]


async def test_not_here(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    absent = Query("absent.example.test", A)
    assert await resolver.resolve(absent) is None
    reply = await resolver.lookup(absent)
    assert reply.rcode == NXDOMAIN
    assert reply.authorities == [] and not reply.flags & AA  # no SOA: "not here", not a denial
    # Types the file cannot answer are not here either, even for names it lists.
    for q in (Query("web.example.test", MX), Query("web.example.test", TXT)):
        assert resolver.answer(q) is None
        reply = await resolver.lookup(q)
        assert reply.rcode == NOERROR and reply.answers == []
    assert resolver.answer(Query("web.example.test", A, CH)) is None
    # Reverse names: an address the file does not map, a partial name, a wrong type.
    assert resolver.answer(Query(ipaddress.ip_address("198.51.100.99"), PTR)) is None
    assert resolver.answer(Query("100.51.198.in-addr.arpa", PTR)) is None
    assert resolver.answer(Query(ipaddress.ip_address("198.51.100.5"), A)) is None
    assert resolver.holds(reverse_name(ipaddress.ip_address("198.51.100.5")))
    assert not resolver.holds(b"100.51.198.in-addr.arpa")


async def test_a_name_without_that_family_is_nodata(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    reply = await resolver.resolve(Query("v4only.example.test", AAAA))
    assert reply is not None
    assert reply.rcode == NOERROR and reply.answers == [] and reply.flags & AA


async def test_rfc6761_localhost(asyncdns_hosts_file: WriteHosts) -> None:
    resolver = HostsResolver(asyncdns_hosts_file({"198.51.100.5": "web.example.test"}).path)
    reply = await resolver.lookup(Query("localhost", A))
    assert addresses(reply) == ["127.0.0.1"]
    assert addresses(await resolver.lookup(Query("app.localhost", AAAA))) == ["::1"]
    # Other types for localhost names are answered (empty), never sent to DNS.
    soa = await resolver.resolve(Query("localhost", SOA))
    assert soa is not None and soa.answers == []
    off = HostsResolver(resolver.path, localhost=False)
    assert await off.resolve(Query("localhost", A)) is None


async def test_missing_file_leaves_rfc6761_names(tmp_path: Path) -> None:
    resolver = HostsResolver(tmp_path / "absent")
    assert await resolver.resolve(Query("web.example.test", A)) is None
    assert addresses(await resolver.lookup(Query("localhost", A))) == ["127.0.0.1"]
    assert resolver.last_error is None


async def test_reload_after_a_change_at_most_every_interval(
    asyncdns_hosts_file: WriteHosts,
) -> None:
    clock = FakeClock()
    path = asyncdns_hosts_file({"198.51.100.5": "web.example.test"}).path
    resolver = HostsResolver(path, clock=clock)
    query = Query("web.example.test", A)
    assert resolver.refresh_due()
    assert addresses(await resolver.lookup(query)) == ["198.51.100.5"]
    assert not resolver.refresh_due()
    replace_file(path, "198.51.100.6 web.example.test\n")
    clock.advance(29.0)
    # Within 30 seconds the file is not even examined: the answer is immediate and old.
    fut = resolver.lookup(query)
    assert fut.done()
    assert addresses(fut.result()) == ["198.51.100.5"]
    clock.advance(1.0)
    assert resolver.refresh_due()
    assert addresses(await resolver.lookup(query)) == ["198.51.100.6"]
    # Unchanged file: examined again after the interval, but not re-read.
    clock.advance(30.0)
    table = resolver.table
    assert await resolver.refresh() is False
    assert resolver.table is table
    # The file disappears: only RFC 6761 names remain.
    path.unlink()
    clock.advance(30.0)
    assert await resolver.resolve(query) is None
    assert resolver.holds(b"localhost")


async def test_concurrent_lookups_share_one_examination(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    calls = 0
    original = resolver._start_refresh

    def counting(loop: asyncio.AbstractEventLoop) -> asyncio.Future[bool]:
        nonlocal calls
        if resolver._refreshing is None:
            calls += 1
        return original(loop)

    resolver._start_refresh = counting  # type: ignore[method-assign]
    replies = await asyncio.gather(*(resolver.lookup(Query("web", A)) for _ in range(5)))
    assert calls == 1
    assert all(addresses(r) == ["198.51.100.5"] for r in replies)


async def test_unreadable_file_keeps_the_previous_table(hosts_path: Path) -> None:
    clock = FakeClock()
    resolver = HostsResolver(hosts_path, clock=clock)
    assert await resolver.resolve(Query("web", A)) is not None
    hosts_path.unlink()
    hosts_path.mkdir()  # exists, but reading it fails
    clock.advance(30.0)
    assert await resolver.refresh() is False
    assert isinstance(resolver.last_error, OSError)
    assert await resolver.resolve(Query("web", A)) is not None


async def test_closed_resolver(hosts_path: Path) -> None:
    resolver = HostsResolver(hosts_path)
    pending = resolver.lookup(Query("web", A))  # waits for the first examination
    resolver.close()
    with pytest.raises(asyncio.CancelledError):
        await pending
    with pytest.raises(ResolverClosed):
        await resolver.lookup(Query("web", A))


async def test_async_with_closes_it(hosts_path: Path) -> None:
    # As every resolver of the asyncdns 0.1 contract (README: "Each can be used with async with").
    async with HostsResolver(hosts_path) as resolver:
        assert not resolver.closed
        assert (await resolver.lookup(Query("web", A))).answers
    assert resolver.closed
    with pytest.raises(ResolverClosed):
        await resolver.lookup(Query("web", A))


async def test_arguments_are_checked(hosts_path: Path) -> None:
    with pytest.raises(TypeError):
        HostsResolver(hosts_path).lookup("web.example.test")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        HostsResolver(hosts_path, ttl=-1)
    with pytest.raises(ValueError):
        HostsResolver(hosts_path, interval=-1)


def test_default_path_comes_from_the_platform() -> None:
    assert HostsResolver(platform="linux").path == "/etc/hosts"
    windows = HostsResolver(env={"SystemRoot": "C:\\WINDOWS"}, platform="win32")
    assert windows.path == "C:\\WINDOWS\\System32\\drivers\\etc\\hosts"


async def test_a_file_past_the_size_limit_is_read_to_its_last_whole_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_hosts, "_MAX_BYTES", 64)  # 16 MiB in real use
    path = tmp_path / "hosts"
    first = "198.51.100.1 first.example\n"
    # The limit falls inside the second name: it must not be read as "second-ho".
    path.write_text(first + "#" * (60 - len(first)) + "\n198.51.100.2 second-host.example\n")
    resolver = HostsResolver(path)
    found = await resolver.lookup(Query("first.example", A))
    assert [str(r.address) for r in found.answers] == ["198.51.100.1"]  # type: ignore[attr-defined]
    for cut in ("second-ho", "second-host.example", "second"):
        assert (await resolver.lookup(Query(cut, A))).rcode == NXDOMAIN
    assert any("larger than" in w for w in resolver.table.warnings)
    resolver.close()
