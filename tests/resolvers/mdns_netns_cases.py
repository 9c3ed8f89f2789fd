"""MulticastResolver against real multicast: run ONLY inside a private network namespace.

``test_mdns_netns.py`` runs this module with pytest under ``unshare -n`` (lo up with
multicast on, plus the veth pair ``mdns0``/``mdns1`` for IPv6; see
``pytest_asyncdns.run_in_netns``). The ``asyncdns_mdns_responder`` fixture refuses to start
outside such a namespace, and every test here that does not use it checks for one itself,
so nothing is ever multicast on a real network. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dnslib import QTYPE, RR, DNSLabel
from dnslib import A as DnslibA

from asyncdns_resolvers import (
    MulticastOptions,
    MulticastResolver,
    NoNameservers,
    ResolverClosed,
    Trace,
    TraceEvent,
)
from asyncdns_wire import AA, AAAA, NOERROR, NXDOMAIN, PTR, QR, A, Message, Query, rr
from pytest_asyncdns import MDNSResponder, QueryRecord, private_netns_status

RECORDS = """
printer.local. 120 IN A 198.51.100.7
printer.local. 120 IN AAAA 2001:db8::7
7.7.254.169.in-addr.arpa. 120 IN PTR printer.local.
printer.example. 120 IN A 198.51.100.70
"""
PRINTER = "printer.local"
ADDRESS = "198.51.100.7"
OFF_LINK = "203.0.113.9"
V6 = bool(os.environ.get("ASYNCDNS_NETNS_V6"))

Responders = Callable[..., MDNSResponder]


@pytest.fixture(autouse=True)
def _private_namespace_only() -> None:
    safe, reason = private_netns_status()
    if not safe:
        pytest.skip(f"multicast tests run only in a private network namespace ({reason})")


def fast(**overrides: Any) -> MulticastOptions:
    """Short timings on loopback, so that the "nobody answers" paths finish quickly."""
    settings: dict[str, Any] = {
        "interface": "lo",
        "timeout": 0.6,
        "retry_interval": 0.25,
        "gather": 0.1,
    }
    settings.update(overrides)
    return MulticastOptions(**settings)


def addresses(reply: Message) -> list[str]:
    return sorted(str(r.address) for r in reply.answers if isinstance(r, (rr.A, rr.AAAA)))


async def queries_seen(
    responder: MDNSResponder, count: int = 1, timeout: float = 3.0
) -> list[QueryRecord]:
    """The responder's queries once *count* have arrived (bounded wait)."""
    deadline = time.monotonic() + timeout
    while len(responder.queries) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    found = responder.queries
    assert len(found) >= count, f"expected {count} queries, saw:\n{responder.log.describe()}"
    return found


def legacy_reply(
    query: QueryRecord, *records: rr.RR, name: str = PRINTER, msg_id: int | None = None
) -> bytes:
    """A legacy unicast reply to *query*: its ID, the question, *records*."""
    return Message(
        id=query.id if msg_id is None else msg_id,
        flags=QR | AA,
        questions=[Query(name, A)],
        answers=records,
    ).to_wire()


def announcement(*records: rr.RR) -> bytes:
    """An unsolicited multicast response: ID 0, no question."""
    return Message(flags=QR | AA, answers=records).to_wire()


@contextlib.contextmanager
def sender(source: str, ttl: int | None = None) -> Iterator[socket.socket]:
    """A socket on *source* port 5353 (shared with the responders), to forge replies from."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((source, 5353))
        if ttl is not None:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        yield sock


def group_users(proc_file: str, interface: str, group: str) -> int:
    """Members of *group* on *interface* according to /proc/net/igmp or /proc/net/igmp6."""
    with open(proc_file) as f:
        lines = f.read().splitlines()
    if proc_file.endswith("igmp6"):
        for line in lines:
            fields = line.split()
            if fields[1] == interface and fields[2] == group:
                return int(fields[3])
        return 0
    current = ""
    for line in lines[1:]:
        if not line.startswith("\t"):
            current = line.split()[1]
        elif current == interface and line.split()[0] == group:
            return int(line.split()[1])
    return 0


IGMP_GROUP = "FB0000E0"  # 224.0.0.251 as /proc/net/igmp writes it
IGMP6_GROUP = "ff0200000000000000000000000000fb"


# -- finding responders --------------------------------------------------------------------


async def test_finds_the_responder_over_ipv4(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS)
    query = Query("Printer.LOCAL", A)
    async with MulticastResolver(fast(timeout=3.0)) as resolver:
        started = time.monotonic()
        reply = await resolver.lookup(query)
        elapsed = time.monotonic() - started
    assert reply.rcode == NOERROR
    assert reply.flags & QR and reply.flags & AA
    assert reply.questions == [query]
    assert addresses(reply) == [ADDRESS]
    assert reply.answers[0].ttl <= 10  # a legacy unicast reply (RFC 6762 section 6.7)
    assert elapsed < 1.5  # completes on the first answer (plus 0.1 s), not at the timeout
    (seen,) = responder.queries
    assert seen.action == "legacy unicast"
    assert seen.client[1] != 5353  # one-shot: from an ephemeral port
    assert seen.message is not None and seen.message.header.rd == 0
    assert not seen.edns


async def test_group_and_port_are_configurable(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS, group="239.255.0.251", port=5354)
    async with MulticastResolver(fast(group_v4="239.255.0.251", port=5354)) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
        assert addresses(reply) == [ADDRESS]
        assert resolver.group_members() == ["239.255.0.251"]
    assert len(responder.queries) == 1
    async with MulticastResolver(fast()) as resolver:  # the default group: nobody there
        reply = await resolver.lookup(Query(PRINTER, A))
    assert reply.rcode == NXDOMAIN
    assert len(responder.queries) == 1


@pytest.mark.skipif(not V6, reason="no veth pair in this namespace (IPv6 multicast needs one)")
async def test_finds_the_responder_over_ipv6(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS, family=6, interface="mdns1")
    async with MulticastResolver(fast(interface="mdns0")) as resolver:
        reply = await resolver.lookup(Query(PRINTER, AAAA), use_ipv6=True)
        members = resolver.group_members()
    assert addresses(reply) == ["2001:db8::7"]
    assert members == [f"ff02::fb%{socket.if_nametoindex('mdns0')}"]
    assert responder.queries[0].action == "legacy unicast"
    assert responder.queries[0].client[0].startswith("fe80::")


async def test_answers_of_two_responders_are_gathered(asyncdns_mdns_responder: Responders) -> None:
    asyncdns_mdns_responder("printer.local. 120 A 198.51.100.7")
    asyncdns_mdns_responder("printer.local. 120 A 198.51.100.8")
    async with MulticastResolver(fast(gather=0.3)) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
    assert addresses(reply) == ["198.51.100.7", "198.51.100.8"]


async def test_same_answer_from_two_responders_is_kept_once(
    asyncdns_mdns_responder: Responders,
) -> None:
    asyncdns_mdns_responder(RECORDS)
    asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast(gather=0.3)) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
    assert addresses(reply) == [ADDRESS]


async def test_link_local_reverse_lookup(asyncdns_mdns_responder: Responders) -> None:
    import ipaddress

    asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(Query(ipaddress.ip_address("169.254.7.7"), PTR))
    assert [r.target for r in reply.answers if isinstance(r, rr.PTR)] == [b"printer.local"]


async def test_utf8_names_go_out_as_utf8(asyncdns_mdns_responder: Responders) -> None:
    label = DNSLabel(["café".encode(), b"local"])
    responder = asyncdns_mdns_responder(
        [RR(label, QTYPE.A, rdata=DnslibA("198.51.100.9"), ttl=120)]
    )
    query = Query("café.local", A)
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(query)
    assert addresses(reply) == ["198.51.100.9"]
    assert reply.questions == [query]
    assert "café".encode() in responder.queries[0].raw
    assert b"xn--" not in responder.queries[0].raw


async def test_names_outside_the_zones_only_when_allowed(
    asyncdns_mdns_responder: Responders,
) -> None:
    responder = asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast()) as resolver:
        with pytest.raises(ValueError, match="not a Multicast DNS name"):
            resolver.lookup(Query("printer.example", A))
    assert responder.queries == []  # nothing was sent
    async with MulticastResolver(fast(allow_any_name=True)) as resolver:
        reply = await resolver.lookup(Query("printer.example", A))
    assert addresses(reply) == ["198.51.100.70"]


# -- nobody answers ------------------------------------------------------------------------


async def test_silent_responder_gives_nxdomain_within_the_window(
    asyncdns_mdns_responder: Responders,
) -> None:
    responder = asyncdns_mdns_responder(RECORDS, silent=True)
    query = Query(PRINTER, A)
    async with MulticastResolver(fast()) as resolver:
        started = time.monotonic()
        reply = await asyncio.wait_for(resolver.lookup(query), 5)
        elapsed = time.monotonic() - started
    assert reply.rcode == NXDOMAIN
    assert reply.questions == [query]
    assert reply.answers == []
    assert 0.55 <= elapsed < 1.5
    sent = responder.queries
    assert len(sent) == 2  # one retransmission (attempts=2)
    assert sent[0].id != sent[1].id
    assert sent[1].time - sent[0].time >= 0.2


async def test_unknown_name_gives_nxdomain(asyncdns_mdns_responder: Responders) -> None:
    asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(Query("scanner.local", A))
        assert reply.rcode == NXDOMAIN
        assert len(resolver.cache) == 0  # "nobody answered" is not cached


async def test_no_retransmission_after_an_answer(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast(gather=0.5, retry_interval=0.1, attempts=4)) as resolver:
        await resolver.lookup(Query(PRINTER, A))
    assert len(responder.queries) == 1


# -- replies that must be ignored ------------------------------------------------------------


async def test_forged_reply_from_off_link_is_ignored(asyncdns_mdns_responder: Responders) -> None:
    interface = "mdns1" if V6 else ""
    if not interface:
        pytest.skip("no second interface to hold an off-link address")
    subprocess.run(
        ["ip", "addr", "replace", f"{OFF_LINK}/32", "dev", interface], check=True, timeout=10
    )
    try:
        responder = asyncdns_mdns_responder(RECORDS, silent=True)
        forged = rr.A(PRINTER, 10, "203.0.113.66")
        async with MulticastResolver(fast()) as resolver:
            lookup = resolver.lookup(Query(PRINTER, A))
            (query, *_) = await queries_seen(responder)
            with sender(OFF_LINK, ttl=255) as sock:
                sock.sendto(legacy_reply(query, forged), ("127.0.0.1", query.client[1]))
            reply = await lookup
            assert reply.rcode == NXDOMAIN
            # The same reply from an on-link source is taken: the test above can fail.
            responder.log.clear()
            lookup = resolver.lookup(Query(PRINTER, A))
            (query, *_) = await queries_seen(responder)
            with sender("127.0.0.1") as sock:
                sock.sendto(legacy_reply(query, forged), ("127.0.0.1", query.client[1]))
            reply = await lookup
            assert addresses(reply) == ["203.0.113.66"]
    finally:
        subprocess.run(
            ["ip", "addr", "del", f"{OFF_LINK}/32", "dev", interface], check=False, timeout=10
        )


async def test_hop_limit_check(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS)  # replies with the system's TTL, 64
    async with MulticastResolver(fast(check_hop_limit=True)) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
        assert reply.rcode == NXDOMAIN
        assert responder.queries[0].action == "legacy unicast"  # it did answer
    silent = asyncdns_mdns_responder("", silent=True)
    async with MulticastResolver(fast(check_hop_limit=True)) as resolver:
        for ttl, expected in ((254, []), (255, ["198.51.100.77"])):
            silent.log.clear()
            responder.log.clear()
            lookup = resolver.lookup(Query("ttl.local", A))
            (query, *_) = await queries_seen(silent)
            with sender("127.0.0.1", ttl=ttl) as sock:
                data = legacy_reply(query, rr.A("ttl.local", 10, "198.51.100.77"), name="ttl.local")
                sock.sendto(data, ("127.0.0.1", query.client[1]))
            assert addresses(await lookup) == expected, ttl


async def test_reply_from_another_port_is_ignored(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS, reply_from_other_port=True)
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
    assert reply.rcode == NXDOMAIN
    assert responder.queries[0].action == "legacy unicast"


@pytest.mark.parametrize("flaw", ["wrong id", "wrong question", "not a response", "rcode"])
async def test_replies_that_do_not_answer_are_ignored(
    asyncdns_mdns_responder: Responders, flaw: str
) -> None:
    def forge(query: QueryRecord) -> bytes:
        record = rr.A(PRINTER, 10, "203.0.113.66")
        msg = Message.from_wire(legacy_reply(query, record))
        if flaw == "wrong id":
            msg.id ^= 0x5A5A
        elif flaw == "wrong question":
            msg.questions = [Query("scanner.local", A)]
        elif flaw == "not a response":
            msg.flags = AA
        else:
            msg.rcode = 3
        return msg.to_wire()

    responder = asyncdns_mdns_responder(RECORDS, forge=forge)
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
    assert reply.rcode == NXDOMAIN, flaw
    assert responder.queries[0].action == "legacy unicast (forged)"


# -- the QU bit, the cache-flush bit, goodbyes, multicast answers -----------------------------


async def test_qu_bit_only_with_unicast_reply(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast(cache_size=0)) as resolver:
        plain = await resolver.lookup(Query(PRINTER, A))
        qu = await resolver.lookup(Query(PRINTER, A), unicast_reply=True)
    first, second = responder.queries
    assert first.qclass == "IN" and first.raw[-2:] == b"\x00\x01"
    assert second.qclass == "CLASS32769" and second.raw[-2:] == b"\x80\x01"
    assert addresses(plain) == addresses(qu) == [ADDRESS]
    assert qu.questions[0].q_class == 1


async def test_cache_flush_bit_is_split_from_the_class(asyncdns_mdns_responder: Responders) -> None:
    def forge(query: QueryRecord) -> bytes:
        record = rr.A(PRINTER, 10, ADDRESS)
        record.cache_flush = True
        return legacy_reply(query, record)

    responder = asyncdns_mdns_responder(RECORDS, forge=forge)
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
    assert responder.queries[0].action == "legacy unicast (forged)"
    (answer,) = reply.answers
    assert answer.rr_class == 1
    assert answer.cache_flush


@pytest.mark.parametrize("listen", [True, False])
async def test_answers_multicast_on_the_link_are_heard(
    asyncdns_mdns_responder: Responders, listen: bool
) -> None:
    quiet = asyncdns_mdns_responder(RECORDS, silent=True)
    other = asyncdns_mdns_responder("", silent=True)
    async with MulticastResolver(fast(listen_multicast=listen)) as resolver:
        lookup = resolver.lookup(Query(PRINTER, A))
        await queries_seen(quiet)
        record = rr.A(PRINTER, 120, "198.51.100.33")
        record.cache_flush = True
        other.send(announcement(record, rr.A("other.local", 120, "198.51.100.34")))
        reply = await lookup
    if listen:
        (answer,) = reply.answers  # other.local is not part of the answer
        assert isinstance(answer, rr.A)
        assert str(answer.address) == "198.51.100.33"
        assert answer.cache_flush and answer.rr_class == 1
        assert answer.ttl == 120  # multicast answers are not capped like legacy ones
    else:
        assert reply.rcode == NXDOMAIN


async def test_goodbye_within_the_window_removes_the_record(
    asyncdns_mdns_responder: Responders,
) -> None:
    records = [rr.A(PRINTER, 10, "198.51.100.7"), rr.A(PRINTER, 10, "198.51.100.8")]
    holder: list[MDNSResponder] = []

    def forge(query: QueryRecord) -> None:
        responder = holder[0]
        responder.send(legacy_reply(query, *records), to=query.client)
        time.sleep(0.05)  # the goodbye comes after the answer
        responder.send(announcement(rr.A(PRINTER, 0, "198.51.100.7")))

    holder.append(asyncdns_mdns_responder(RECORDS, forge=forge))
    async with MulticastResolver(fast(gather=0.4)) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
    assert addresses(reply) == ["198.51.100.8"]


async def test_goodbye_reaches_the_cache(asyncdns_mdns_responder: Responders) -> None:
    zone = "printer.local. 120 A 198.51.100.7\nprinter.local. 120 A 198.51.100.8\n"
    responder = asyncdns_mdns_responder(zone)
    async with MulticastResolver(fast()) as resolver:
        first = await resolver.lookup(Query(PRINTER, A))
        assert addresses(first) == ["198.51.100.7", "198.51.100.8"]
        responder.send(announcement(rr.A(PRINTER, 0, "198.51.100.7")))
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            cached = await resolver.lookup(Query(PRINTER, A))
            if addresses(cached) == ["198.51.100.8"]:
                break
        assert addresses(cached) == ["198.51.100.8"]
        assert len(responder.queries) == 1  # served from the cache all along


# -- cache, sharing, cancelling, closing ------------------------------------------------------


async def test_cache_and_shared_lookups(asyncdns_mdns_responder: Responders) -> None:
    responder = asyncdns_mdns_responder(RECORDS)
    async with MulticastResolver(fast()) as resolver:
        one, two = await asyncio.gather(
            resolver.lookup(Query(PRINTER, A)), resolver.lookup(Query("PRINTER.local", A))
        )
        assert addresses(one) == addresses(two) == [ADDRESS]
        assert len(responder.queries) == 1  # the second shared the first's query
        cached = await resolver.lookup(Query(PRINTER, A))
        assert addresses(cached) == [ADDRESS]
        assert len(responder.queries) == 1
        assert resolver.cache.hits == 1
        resolver.flush_cache()
        await resolver.lookup(Query(PRINTER, A))
        assert len(responder.queries) == 2
        await resolver.lookup(Query(PRINTER, AAAA))  # another type: another entry
        assert len(responder.queries) == 3


async def test_cancelling_the_only_caller_stops_the_lookup(
    asyncdns_mdns_responder: Responders,
) -> None:
    responder = asyncdns_mdns_responder(RECORDS, silent=True)
    async with MulticastResolver(fast(timeout=1.0, retry_interval=0.3)) as resolver:
        lookup = resolver.lookup(Query(PRINTER, A))
        await queries_seen(responder)
        lookup.cancel()
        await asyncio.sleep(0)
        assert resolver.in_flight == 0
        await asyncio.sleep(0.5)
    assert len(responder.queries) == 1  # no retransmission after the cancel


async def test_close_cancels_lookups_and_leaves_the_group(
    asyncdns_mdns_responder: Responders,
) -> None:
    responder = asyncdns_mdns_responder(RECORDS, silent=True)
    before = group_users("/proc/net/igmp", "lo", IGMP_GROUP)
    resolver = MulticastResolver(fast(timeout=5.0))
    lookup = resolver.lookup(Query(PRINTER, A))
    await queries_seen(responder)
    assert resolver.group_members() == ["224.0.0.251"]
    assert group_users("/proc/net/igmp", "lo", IGMP_GROUP) == before + 1
    resolver.close()
    assert lookup.cancelled()
    assert resolver.group_members() == []
    assert resolver.in_flight == 0
    assert group_users("/proc/net/igmp", "lo", IGMP_GROUP) == before
    with pytest.raises(ResolverClosed):
        await resolver.lookup(Query(PRINTER, A))


@pytest.mark.skipif(not V6, reason="no veth pair in this namespace (IPv6 multicast needs one)")
async def test_close_leaves_the_ipv6_group(asyncdns_mdns_responder: Responders) -> None:
    asyncdns_mdns_responder(RECORDS, family=6, interface="mdns1")
    resolver = MulticastResolver(fast(interface="mdns0"))
    await resolver.lookup(Query(PRINTER, AAAA), use_ipv6=True)
    assert group_users("/proc/net/igmp6", "mdns0", IGMP6_GROUP) == 1
    resolver.close()
    assert group_users("/proc/net/igmp6", "mdns0", IGMP6_GROUP) == 0


async def test_a_collected_resolver_leaves_the_group(asyncdns_mdns_responder: Responders) -> None:
    asyncdns_mdns_responder(RECORDS)
    before = group_users("/proc/net/igmp", "lo", IGMP_GROUP)
    resolver = MulticastResolver(fast())
    await resolver.lookup(Query(PRINTER, A))
    assert group_users("/proc/net/igmp", "lo", IGMP_GROUP) == before + 1
    del resolver
    gc.collect()
    assert group_users("/proc/net/igmp", "lo", IGMP_GROUP) == before


async def test_no_group_membership_without_listening(asyncdns_mdns_responder: Responders) -> None:
    asyncdns_mdns_responder(RECORDS)
    before = group_users("/proc/net/igmp", "lo", IGMP_GROUP)
    async with MulticastResolver(fast(listen_multicast=False)) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A))
        assert addresses(reply) == [ADDRESS]
        assert resolver.group_members() == []
        assert group_users("/proc/net/igmp", "lo", IGMP_GROUP) == before


async def test_unknown_interface_fails_the_lookup() -> None:
    async with MulticastResolver(fast(interface="nosuch0")) as resolver:
        with pytest.raises(NoNameservers):
            await resolver.lookup(Query(PRINTER, A))


# -- the trace --------------------------------------------------------------------------------


async def test_trace_records_the_query_the_responder_and_the_reply(
    asyncdns_mdns_responder: Responders,
) -> None:
    asyncdns_mdns_responder(RECORDS)
    trace, joined, again = Trace(), Trace(), Trace()
    async with MulticastResolver(fast()) as resolver:
        reply, shared = await asyncio.gather(
            resolver.lookup(Query(PRINTER, A), trace=trace),
            resolver.lookup(Query(PRINTER, A), trace=joined),  # shares the first's query
        )
        assert addresses(reply) == addresses(shared) == [ADDRESS]
        await resolver.lookup(Query(PRINTER, A), trace=again)
    events = [e.event for e in trace]
    assert events[0] is TraceEvent.QUERY and events[-1] is TraceEvent.REPLY
    assert trace[0].server == ("224.0.0.251", 5353) and trace[0].transport == "mdns"
    responses = [e for e in trace if e.event is TraceEvent.RESPONSE]
    assert responses and responses[0].server is not None and responses[0].server[1] == 5353
    assert responses[0].detail == "unicast"
    assert [str(r.address) for r in responses[0].records] == [ADDRESS]  # type: ignore[attr-defined]
    assert trace[-1].rcode == NOERROR and trace.answered_by() is trace[-1]
    assert [e.event for e in joined][-1] is TraceEvent.REPLY
    assert [e.event for e in again] == [TraceEvent.CACHE_HIT]
    assert again[0].age is not None and again[0].age >= 0
    assert "mdns 224.0.0.251#5353 printer.local. A: query - query 1" in trace.to_text()


async def test_trace_when_nobody_answers(asyncdns_mdns_responder: Responders) -> None:
    asyncdns_mdns_responder(RECORDS, silent=True)
    trace = Trace()
    async with MulticastResolver(fast()) as resolver:
        reply = await resolver.lookup(Query(PRINTER, A), trace=trace)
    assert reply.rcode == NXDOMAIN
    assert [e.event for e in trace] == [TraceEvent.QUERY, TraceEvent.QUERY, TraceEvent.REPLY]
    assert trace[-1].detail == "nobody answered in time"
