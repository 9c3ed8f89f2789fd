"""MulticastResolver pieces that need no multicast: options, argument checks, the on-link
filter, hop-limit parsing, the kernel address dump, and lookups over fake sockets (replies
fed by hand). Nothing here sends a packet; the real multicast tests run in a private network
namespace (test_mdns_netns.py)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import sys
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from asyncdns_resolvers import (
    MulticastOptions,
    MulticastResolver,
    NoNameservers,
    ResolverClosed,
    is_mdns_name,
)
from asyncdns_resolvers._mdns import _Family, _Lookup
from asyncdns_resolvers._mdns_link import LinkFilter, interface_networks
from asyncdns_resolvers._mdns_socket import hop_limit, interface_index
from asyncdns_wire import AA, PTR, QR, TC, A, Message, Query, rr

# -- options -------------------------------------------------------------------------------


def test_default_options() -> None:
    opts = MulticastOptions()
    assert (opts.group_v4, opts.group_v6, opts.port) == ("224.0.0.251", "ff02::fb", 5353)
    assert opts.interface is None
    assert not opts.allow_any_name
    assert opts.listen_multicast
    assert not opts.check_hop_limit
    assert 1.0 <= opts.timeout <= 2.0
    assert 0.1 <= opts.gather <= 0.25
    assert opts.attempts == 2
    with pytest.raises(AttributeError):
        opts.port = 53  # type: ignore[misc]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("group_v4", "198.51.100.1", ValueError),  # not multicast
        ("group_v4", "ff02::fb", ValueError),  # wrong version
        ("group_v4", "nonsense", ValueError),
        ("group_v4", 5, TypeError),
        ("group_v6", "224.0.0.251", ValueError),
        ("group_v6", "2001:db8::1", ValueError),
        ("port", 0, ValueError),
        ("port", 70000, ValueError),
        ("port", "5353", TypeError),
        ("port", True, TypeError),
        ("timeout", 0, ValueError),
        ("timeout", float("inf"), ValueError),
        ("timeout", "1", TypeError),
        ("retry_interval", -1, ValueError),
        ("gather", -0.1, ValueError),
        ("attempts", 0, ValueError),
        ("cache_size", -1, ValueError),
        ("min_ttl", -1, ValueError),
        ("allow_any_name", 1, TypeError),
        ("check_hop_limit", "yes", TypeError),
        ("interface", 0, ValueError),
        ("interface", "", ValueError),
        ("interface", 1.5, TypeError),
        ("interface", True, TypeError),
    ],
)
def test_bad_options(field: str, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        MulticastOptions(**{field: value})


def test_min_ttl_above_max_ttl() -> None:
    with pytest.raises(ValueError, match="min_ttl"):
        MulticastOptions(min_ttl=10, max_ttl=5)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        MulticastOptions("224.0.0.251")  # type: ignore[call-arg]


# -- argument checks (all raised before any socket exists) ------------------------------------


async def test_names_outside_the_mdns_zones_are_refused() -> None:
    async with MulticastResolver() as resolver:
        for name in (
            "www.example.com",
            "printer.local.example",
            "localhost",
            "1.2.0.192.in-addr.arpa",
        ):
            with pytest.raises(ValueError, match="not a Multicast DNS name"):
                resolver.lookup(Query(name, A))
        assert resolver.group_members() == []
        assert resolver.in_flight == 0


async def test_bad_arguments() -> None:
    async with MulticastResolver() as resolver:
        with pytest.raises(TypeError):
            resolver.lookup("printer.local")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            resolver.lookup(Query("printer.local", A), use_ipv6=1)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            resolver.lookup(Query("printer.local", A), unicast_reply="yes")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="QU bit"):
            resolver.lookup(Query("printer.local", A, 0x8001))
    with pytest.raises(TypeError):
        MulticastResolver(options={"timeout": 1})  # type: ignore[arg-type]


async def test_closed_resolver_fails_lookups_without_sending() -> None:
    resolver = MulticastResolver()
    resolver.close()
    resolver.close()  # idempotent
    assert resolver.closed
    fut = resolver.lookup(Query("printer.local", A))
    with pytest.raises(ResolverClosed):
        await fut
    assert resolver.group_members() == []


def test_predicate_is_exported() -> None:
    import asyncdns_resolvers

    assert asyncdns_resolvers.is_mdns_name is is_mdns_name
    assert "MulticastResolver" in asyncdns_resolvers.__all__
    reverse = Query(ipaddress.ip_address("169.254.3.4"), PTR)
    assert is_mdns_name(reverse.name)


# -- the on-link filter (pure: subnets given) --------------------------------------------------

V4_NETS: list[Any] = [ipaddress.ip_network("198.51.100.0/24"), ipaddress.ip_network("127.0.0.0/8")]
V6_NETS: list[Any] = [ipaddress.ip_network("2001:db8:1::/64")]


def test_v4_sources() -> None:
    f = LinkFilter(socket.AF_INET, 2, networks=V4_NETS)
    assert f.accepts("198.51.100.9", 0, 64, 0.0)
    assert f.accepts("127.0.0.1", 0, None, 0.0)
    assert f.accepts("169.254.7.7", 0, 1, 0.0)  # link-local, always on-link
    assert not f.accepts("203.0.113.9", 0, 64, 0.0)
    assert not f.accepts("203.0.113.9", 0, 255, 0.0)  # subnets known: the address decides
    assert not f.accepts("198.51.101.1", 0, 64, 0.0)
    assert not f.accepts("not an address", 0, 64, 0.0)


def test_v6_sources() -> None:
    f = LinkFilter(socket.AF_INET6, 3, networks=V6_NETS)
    assert f.accepts("fe80::1", 3, 64, 0.0)
    assert f.accepts("fe80::1%mdns0", 3, 64, 0.0)
    assert not f.accepts("fe80::1", 7, 64, 0.0)  # link-local, but on another interface
    assert f.accepts("2001:db8:1::5", 3, 64, 0.0)
    assert not f.accepts("2001:db8:2::5", 3, 64, 0.0)
    any_interface = LinkFilter(socket.AF_INET6, 0, networks=V6_NETS)
    assert any_interface.accepts("fe80::1", 7, 64, 0.0)


def test_hop_limit_check() -> None:
    f = LinkFilter(socket.AF_INET, 0, check_hop_limit=True, networks=V4_NETS)
    assert f.accepts("198.51.100.9", 0, 255, 0.0)
    assert not f.accepts("198.51.100.9", 0, 254, 0.0)
    assert not f.accepts("198.51.100.9", 0, 64, 0.0)
    assert not f.accepts("169.254.1.1", 0, 1, 0.0)
    assert f.accepts("198.51.100.9", 0, None, 0.0)  # not reported: the address check alone
    assert not f.accepts("203.0.113.9", 0, 255, 0.0)


def test_unknown_subnets_need_the_hop_limit() -> None:
    f = LinkFilter(socket.AF_INET, 0)
    f._networks = None
    f._static = True  # as on a system where the subnets cannot be read
    assert f.accepts("198.51.100.9", 0, 255, 0.0)
    assert not f.accepts("198.51.100.9", 0, 64, 0.0)
    assert not f.accepts("198.51.100.9", 0, None, 0.0)
    assert f.accepts("169.254.1.1", 0, None, 0.0)


def test_verdicts_are_remembered_and_refreshed(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    nets: list[Any] = [ipaddress.ip_network("198.51.100.0/24")]

    def fake(family: int, ifindex: int) -> list[Any]:
        reads.append(ifindex)
        return list(nets)

    monkeypatch.setattr("asyncdns_resolvers._mdns_link.interface_networks", fake)
    f = LinkFilter(socket.AF_INET, 4)
    assert f.accepts("198.51.100.9", 0, 64, 100.0)
    assert not f.accepts("203.0.113.9", 0, 64, 100.5)
    assert reads == [4]  # read once
    nets.append(ipaddress.ip_network("203.0.113.0/24"))  # an address was added to the link
    assert not f.accepts("203.0.113.9", 0, 64, 101.0)  # not re-read within 5 s
    assert f.accepts("203.0.113.9", 0, 64, 106.0)
    assert reads == [4, 4]
    assert f.accepts("198.51.100.9", 0, 64, 107.0)  # judged again, from the fresh read
    assert f.accepts("203.0.113.9", 0, 64, 500.0)  # an accepted source is remembered
    assert reads == [4, 4]


# -- hop limits from ancillary data ----------------------------------------------------------


def test_hop_limit_parsing() -> None:
    native = sys.byteorder
    assert hop_limit([]) is None
    assert hop_limit([(socket.IPPROTO_IP, socket.IP_TTL, (255).to_bytes(4, native))]) == 255
    assert hop_limit([(socket.IPPROTO_IP, socket.IP_TTL, (64).to_bytes(4, native))]) == 64
    assert hop_limit([(socket.IPPROTO_IP, socket.IP_TTL, b"\xff")]) == 255  # BSD style, 1 octet
    if hasattr(socket, "IPV6_HOPLIMIT"):
        item = (socket.IPPROTO_IPV6, socket.IPV6_HOPLIMIT, (1).to_bytes(4, native))
        assert hop_limit([item]) == 1
    assert hop_limit([(socket.SOL_SOCKET, 99, b"\x01\x02\x03\x04")]) is None


def test_interface_index() -> None:
    assert interface_index(None) == 0
    assert interface_index(7) == 7
    name = socket.if_indextoname(1)
    assert interface_index(name) == 1
    with pytest.raises(OSError):
        interface_index("no-such-interface0")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rtnetlink is Linux only")
def test_kernel_address_dump_sees_loopback() -> None:
    lo = socket.if_nametoindex("lo")
    v4 = interface_networks(socket.AF_INET, lo)
    assert v4 is not None
    assert ipaddress.ip_network("127.0.0.0/8") in v4
    every = interface_networks(socket.AF_INET, 0)
    assert every is not None
    assert set(v4) <= set(every)
    v6 = interface_networks(socket.AF_INET6, lo)
    if v6:  # IPv6 may be disabled
        assert all(net.version == 6 for net in v6)
    assert interface_networks(socket.AF_INET, 10**6) == []  # no such interface: no subnets


def test_lookup_without_a_running_loop_is_lazy() -> None:
    # No running loop: the future belongs to a new loop and nothing is sent before it runs;
    # closing before running cancels it.
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        resolver = MulticastResolver()
        resolver.close()
        fut = resolver.lookup(Query("printer.local", A))
        assert isinstance(fut.exception(), ResolverClosed)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def test_trace_must_be_a_trace() -> None:
    async with MulticastResolver() as resolver:
        with pytest.raises(TypeError):
            resolver.lookup(Query("printer.local", A), trace=[])  # type: ignore[arg-type]


# -- lookups over fake sockets (nothing leaves the process) ----------------------------------

RESPONDER = ("198.51.100.7", 5353)
UTF8_OWNER = b"\\195\\188.local"  # "ü.local" as it is on the wire, in presentation form


class FakeSocket:
    """A socket stand-in: keeps what is sent, hands out the datagrams queued."""

    def __init__(self) -> None:
        self.queue: deque[tuple[bytes, tuple[str, int]]] = deque()
        self.sent: list[bytes] = []

    def recvmsg(self, size: int, ancsize: int) -> tuple[bytes, list[Any], int, tuple[str, int]]:
        if not self.queue:
            raise BlockingIOError
        data, source = self.queue.popleft()
        return data[:size], [], 0, source

    def sendto(self, data: bytes, dest: object) -> int:
        self.sent.append(data)
        return len(data)

    def fileno(self) -> int:
        return -1  # never registered with the loop: nothing to remove

    def close(self) -> None:
        pass


class FakeLink:
    """A resolver whose IPv4 family reads and writes fake sockets."""

    def __init__(self, loop: asyncio.AbstractEventLoop, options: MulticastOptions) -> None:
        self.resolver = resolver = MulticastResolver(options)
        self.sock, self.group_sock = FakeSocket(), FakeSocket()
        family = _Family.__new__(_Family)
        family.loop, family.use_ipv6, family.options = loop, False, options
        family.cache, family.port, family.ifindex = resolver.cache, options.port, 0
        family.group = options.group_v4
        family.dest = (family.group, family.port)
        family.link = LinkFilter(
            socket.AF_INET, 0, networks=[ipaddress.ip_network("198.51.100.0/24")]
        )
        family.by_id, family.active, family.membership = {}, {}, ""
        family.sock = cast(socket.socket, self.sock)
        family.group_sock = cast(socket.socket, self.group_sock)
        resolver._families[False] = family
        self.family = family

    def answer(self, *answers: rr.RR, flags: int = QR | AA) -> None:
        """Reply to the last query sent, by legacy unicast (RFC 6762 section 6.7)."""
        query = Message.from_wire(self.sock.sent[-1], mdns=True)
        reply = Message(id=query.id, flags=flags, questions=query.questions, answers=answers)
        self.sock.queue.append((reply.to_wire(), RESPONDER))
        self.family._read_unicast()

    def announce(self, *answers: rr.RR) -> None:
        """Multicast a response on the link."""
        self.group_sock.queue.append((Message(flags=QR | AA, answers=answers).to_wire(), RESPONDER))
        self.family._read_multicast()

    def fill_ids(self) -> None:
        """Take every free message ID, as that many other queries in flight would."""
        busy, by_id = cast(_Lookup, object()), self.family.by_id
        for msg_id in range(1, 65536):
            by_id.setdefault(msg_id, busy)


@pytest.fixture
async def loop_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """What reaches the running loop's exception handler during the test."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield errors
    loop.set_exception_handler(None)


async def test_id_exhaustion_fails_the_lookup_cleanly(loop_errors: list[dict[str, Any]]) -> None:
    """No free message ID: NoNameservers, nothing left in flight to strand a later lookup."""
    link = FakeLink(asyncio.get_running_loop(), MulticastOptions(gather=0.0))
    link.fill_ids()
    query = Query("printer.local", A)
    with pytest.raises(NoNameservers, match="no free message ID"):
        await link.resolver.lookup(query)
    assert link.resolver.in_flight == 0
    assert not link.family.active
    assert link.sock.sent == []
    link.family.by_id.clear()
    fut = link.resolver.lookup(query)  # identical: must not join the failed one
    assert len(link.sock.sent) == 1
    link.answer(rr.A("printer.local", 120, "198.51.100.7"))
    reply = await asyncio.wait_for(fut, 2.0)
    assert [str(r.address) for r in reply.answers if isinstance(r, rr.A)] == ["198.51.100.7"]
    assert link.resolver.in_flight == 0
    link.resolver.close()
    await asyncio.sleep(0)
    assert loop_errors == []


async def test_id_exhaustion_on_retransmission_is_not_an_error(
    loop_errors: list[dict[str, Any]],
) -> None:
    """A retransmission without a free ID is skipped; the lookup goes on and completes."""
    link = FakeLink(asyncio.get_running_loop(), MulticastOptions(retry_interval=0.01, gather=0.0))
    fut = link.resolver.lookup(Query("printer.local", A))
    link.fill_ids()
    await asyncio.sleep(0.05)  # the retransmission is due
    assert len(link.sock.sent) == 1
    assert link.resolver.in_flight == 1
    link.answer(rr.A("printer.local", 120, "198.51.100.7"))
    assert (await asyncio.wait_for(fut, 2.0)).answers
    link.resolver.close()
    assert loop_errors == []


def test_id_exhaustion_before_the_loop_runs() -> None:
    """A lookup started by the loop later fails the same way, not in the loop's handler."""
    loop = asyncio.new_event_loop()
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        asyncio.set_event_loop(loop)
        link = FakeLink(loop, MulticastOptions())
        link.fill_ids()
        fut = link.resolver.lookup(Query("printer.local", A))
        assert not fut.done()  # starts when the loop runs
        loop.run_until_complete(asyncio.sleep(0.01))
        assert isinstance(fut.exception(), NoNameservers)
        assert link.resolver.in_flight == 0
        assert errors == []
        link.resolver.close()
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def test_truncated_legacy_reply_is_returned_with_tc_and_not_cached() -> None:
    """TC in a legacy unicast reply (RFC 6762 section 18.5): partial, never cached."""
    link = FakeLink(asyncio.get_running_loop(), MulticastOptions(gather=0.0))
    query = Query("printer.local", A)
    fut = link.resolver.lookup(query)
    link.answer(rr.A("printer.local", 120, "198.51.100.7"), flags=QR | AA | TC)
    reply = await asyncio.wait_for(fut, 2.0)
    assert reply.flags & TC
    assert reply.answers
    assert len(link.resolver.cache) == 0
    again = link.resolver.lookup(query)
    assert len(link.sock.sent) == 2  # asked again, not answered from the cache
    again.cancel()
    link.resolver.close()


async def test_reply_for_a_non_ascii_name_is_cached() -> None:
    """Records owned by the UTF-8 name answer "ü.local": cached, and hit by both forms."""
    link = FakeLink(asyncio.get_running_loop(), MulticastOptions(gather=0.0))
    query = Query("ü.local", A)
    fut = link.resolver.lookup(query)
    assert Message.from_wire(link.sock.sent[-1], mdns=True).questions[0].name == UTF8_OWNER
    link.answer(rr.A(UTF8_OWNER, 120, "198.51.100.7"))
    reply = await asyncio.wait_for(fut, 2.0)
    assert reply.questions == [query]
    assert reply.questions[0].name == b"xn--tda.local"
    assert len(link.resolver.cache) == 1
    for asked in (query, Query("ü.local".encode(), A)):
        hit = link.resolver.lookup(asked)
        assert hit.done()  # from the cache, nothing sent
        assert hit.result().questions[0].name == asked.name
        assert [r.name for r in hit.result().answers] == [UTF8_OWNER]
    assert len(link.sock.sent) == 1
    link.resolver.close()


async def test_goodbye_for_a_utf8_owner_reaches_the_cached_reply() -> None:
    """A TTL 0 record owned by the UTF-8 name removes it from the cached "ü.local" reply."""
    link = FakeLink(asyncio.get_running_loop(), MulticastOptions(gather=0.0))
    query = Query("ü.local", A)
    fut = link.resolver.lookup(query)
    link.answer(rr.A(UTF8_OWNER, 120, "198.51.100.7"), rr.A(UTF8_OWNER, 120, "198.51.100.8"))
    assert len((await asyncio.wait_for(fut, 2.0)).answers) == 2
    link.announce(rr.A(UTF8_OWNER, 0, "198.51.100.7"))
    hit = link.resolver.lookup(query)
    assert hit.done()
    assert [str(r.address) for r in hit.result().answers if isinstance(r, rr.A)] == ["198.51.100.8"]
    link.resolver.close()
