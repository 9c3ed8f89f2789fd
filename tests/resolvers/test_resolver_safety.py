"""RFC 5452 hardening: random IDs and ports, and every forged or broken reply ignored while
the real answer is still accepted; 0x20 case randomisation; DNS cookies."""

from __future__ import annotations

import asyncio
import itertools
import struct
from collections import Counter
from typing import Any

import pytest
from dnslib import EDNS0, DNSRecord, EDNSOption

from asyncdns_resolvers import NoNameservers, ResolutionTimeout, Resolver, _exchange
from pytest_asyncdns import FakeDNSServer, QueryRecord

from ._resolver_support import (
    FORGED_ADDRESS,
    WWW,
    WWW_ADDRESS,
    ZONE,
    addresses,
    client_ports,
    fast,
    forged,
    query,
    question_bytes,
    resolve,
)

pytestmark = [pytest.mark.asyncdns(zone=ZONE), pytest.mark.usefixtures("fail_on_loop_errors")]


# Each forged reply arrives first; the real answer follows it.
INTERVAL = 0.05


async def test_message_ids_vary(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        replies = await asyncio.wait_for(
            asyncio.gather(
                *(
                    resolver.lookup(query(f"id{i}.bulk.example.test"), asyncdns_server.address)
                    for i in range(200)
                )
            ),
            20,
        )
    assert all(addresses(r) == ["203.0.113.7"] for r in replies)
    ids = [q.id for q in asyncdns_server.queries]
    assert len(ids) == 200
    # 200 draws from 65536 values collide about 0.3 times on average.
    assert len(set(ids)) >= 195
    assert max(ids) - min(ids) > 30_000
    steps = {(b - a) & 0xFFFF for a, b in itertools.pairwise(ids)}
    assert len(steps) > 150  # not a counter with a fixed stride


async def test_source_ports_vary_and_sockets_retire(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast(max_udp_uses=8)) as resolver:
        for i in range(40):
            await resolve(resolver, query(f"p{i}.bulk.example.test"), asyncdns_server.address)
            assert resolver.open_sockets() <= 1  # a retired socket closes once idle
    ports = client_ports(asyncdns_server)
    assert len(ports) == 40
    per_port = Counter(ports)
    assert max(per_port.values()) <= 8
    assert len(per_port) >= 5
    # The port changes exactly every max_udp_uses queries.
    runs = [ports[i : i + 8] for i in range(0, 40, 8)]
    assert all(len(set(run)) == 1 for run in runs)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(runs))


async def test_concurrent_lookups_spread_over_several_ports(
    asyncdns_server: FakeDNSServer,
) -> None:
    async with Resolver(fast(max_udp_uses=4)) as resolver:
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    resolver.lookup(query(f"c{i}.bulk.example.test"), asyncdns_server.address)
                    for i in range(32)
                )
            ),
            10,
        )
        assert resolver.open_sockets() <= 1
    per_port = Counter(client_ports(asyncdns_server))
    assert len(per_port) >= 8
    assert max(per_port.values()) <= 4


async def test_wrong_id_is_ignored(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").replies(forged(id_delta=1), "answer", interval=INTERVAL)
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 1


async def test_plugin_wrong_id_alone_times_out(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").wrong_id()
    async with Resolver(fast(attempts=2)) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 2


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param({"qname": "www.attacker.test"}, id="other-name"),
        pytest.param({"qname": "ww.example.test"}, id="shorter-name"),
        pytest.param({"qname": "www.example.test.attacker.test"}, id="longer-name"),
    ],
)
async def test_wrong_question_is_ignored(
    asyncdns_server: FakeDNSServer, forgery: dict[str, str]
) -> None:
    asyncdns_server.on(WWW, "A").replies(forged(**forgery), "answer", interval=INTERVAL)  # type: ignore[arg-type]
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]


async def test_wrong_question_type_is_ignored(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").replies("wrong_question", "answer", interval=INTERVAL)
    asyncdns_server.on(WWW, "AAAA").wrong_question(rrtype="A")
    async with Resolver(fast(attempts=1)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
        assert addresses(reply) == [WWW_ADDRESS]
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(WWW, 28), asyncdns_server.address)


@pytest.mark.parametrize(
    ("asked", "echoed"),
    [
        pytest.param(65, 97, id="HTTPS-as-TYPE97"),  # 0x41 vs 0x61: equal once lower-cased
        pytest.param(67, 99, id="TYPE67-as-SPF"),
        pytest.param(1, 28, id="A-as-AAAA"),
    ],
)
async def test_a_question_of_another_type_is_ignored_whatever_its_octets(
    asyncdns_server: FakeDNSServer, asked: int, echoed: int
) -> None:
    asyncdns_server.on(WWW).replies(forged(qtype=echoed), "answer", interval=INTERVAL)
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(WWW, asked), asyncdns_server.address)
    assert reply.questions[0].q_type == asked
    assert FORGED_ADDRESS not in addresses(reply)


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param({"qname": "www.attacker.test"}, id="other-name"),
        pytest.param({"qtype": 28}, id="other-type"),
        pytest.param({"qr": False}, id="not-a-response"),
    ],
)
async def test_over_tcp_a_message_that_does_not_answer_is_ignored_too(
    asyncdns_server: FakeDNSServer, forgery: dict[str, Any]
) -> None:
    # The same message ID on the same connection, but not the answer: dropped, and the
    # lookup keeps waiting for the real answer on that connection, as over UDP.
    asyncdns_server.on(WWW, "A").replies(forged(**forgery), "answer", interval=INTERVAL)
    async with Resolver(fast(attempts=1)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address, force_tcp=True)
    assert addresses(reply) == [WWW_ADDRESS]
    assert [q.transport for q in asyncdns_server.queries] == ["tcp"]


def _malformed(q: QueryRecord) -> bytes:
    """The query's ID and question, QR set, an answer count the data cannot satisfy."""
    header = struct.pack(">HHHHHH", q.id, 0x8180, 1, 3, 0, 0)
    return header + question_bytes(q.raw) + b"\xc0\x0c\x00\x01\x00\x01\x00\x00"


def _pointer_loop(q: QueryRecord) -> bytes:
    header = struct.pack(">HHHHHH", q.id, 0x8180, 1, 1, 0, 0)
    return header + question_bytes(q.raw) + b"\xc0\x30" * 4


@pytest.mark.parametrize(
    "garbage",
    [
        pytest.param(lambda q: q.raw[:2], id="two-bytes"),
        pytest.param(lambda q: q.raw[:2] + b"\x81\x80\x00\x01", id="short-header"),
        pytest.param(lambda q: q.raw[:2] + bytes(range(200)), id="random-bytes"),
        pytest.param(_malformed, id="counts-past-the-end"),
        pytest.param(_pointer_loop, id="pointer-loop"),
    ],
)
async def test_malformed_reply_is_ignored(asyncdns_server: FakeDNSServer, garbage: object) -> None:
    asyncdns_server.on(WWW, "A").replies(garbage, "answer", interval=INTERVAL)
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 1


async def test_several_bad_replies_then_the_answer(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").replies(
        forged(id_delta=7),
        _malformed,
        forged(qname="www.attacker.test"),
        forged(qr=False),
        "from_other_port",
        "answer",
        interval=0.02,
    )
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]


async def test_half_a_datagram_is_ignored(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").close_mid_message(once=True)
    async with Resolver(fast()) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 2  # the half reply was ignored; the retry answered


async def test_reply_from_another_port_is_ignored(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").from_other_port()
    async with Resolver(fast(attempts=2)) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 2


async def test_reply_from_another_port_then_the_real_one(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").replies("from_other_port", "answer", interval=INTERVAL)
    async with Resolver(fast(timeout=2.0)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]
    assert len(asyncdns_server.queries) == 1


async def test_non_response_is_ignored(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").replies(
        forged(qr=False), lambda q: q.raw, "answer", interval=INTERVAL
    )
    async with Resolver() as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]


async def test_randomize_case_sends_mixed_case(asyncdns_server: FakeDNSServer) -> None:
    names = [f"mixed-case-probe-{i}.bulk.example.test" for i in range(4)]
    async with Resolver(fast(randomize_case=True)) as resolver:
        for name in names:
            reply = await resolve(resolver, query(name), asyncdns_server.address)
            assert addresses(reply) == ["203.0.113.7"]
    sent = [q.qname for q in asyncdns_server.queries]
    assert [s.lower() for s in sent] == [n + "." for n in names]
    # Each name has 31 letters: all-lowercase by chance has probability 2**-31.
    assert all(s != s.lower() and s != s.upper() for s in sent)
    assert len(set(sent)) == 4


async def test_without_randomize_case_the_name_is_sent_as_given(
    asyncdns_server: FakeDNSServer,
) -> None:
    async with Resolver() as resolver:
        await resolve(resolver, query("WwW.Example.TEST"), asyncdns_server.address)
    assert [q.qname for q in asyncdns_server.queries] == ["WwW.Example.TEST."]


async def test_randomize_case_rejects_a_lower_cased_echo(asyncdns_server: FakeDNSServer) -> None:
    name = "lower-case-echo-probe.bulk.example.test"
    asyncdns_server.on(name, "A").respond(forged(lower_question=True))
    async with Resolver(fast(randomize_case=True, attempts=2)) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(name), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 2
    assert all(q.qname != q.qname.lower() for q in asyncdns_server.queries)


async def test_without_randomize_case_a_lower_cased_echo_is_accepted(
    asyncdns_server: FakeDNSServer,
) -> None:
    """The control for the test above: only 0x20 makes the echo's case matter."""
    name = "Lower-Case-Echo-Probe.bulk.example.test"
    asyncdns_server.on(name, "A").respond(forged(lower_question=True))
    async with Resolver(fast()) as resolver:
        reply = await resolve(resolver, query(name), asyncdns_server.address)
    assert addresses(reply) == ["203.0.113.66"]


async def test_cookies_send_a_client_cookie(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver(fast(cookies=True)) as resolver:
        for name in (WWW, "api.example.test"):
            reply = await resolve(resolver, query(name), asyncdns_server.address)
            assert addresses(reply) == [WWW_ADDRESS]
    cookies = [dict(q.edns_options).get(10) for q in asyncdns_server.queries]
    assert all(c is not None and len(c) == 8 for c in cookies)
    assert cookies[0] == cookies[1]  # one client cookie per server (RFC 7873 section 5.1)


async def test_no_cookie_by_default(asyncdns_server: FakeDNSServer) -> None:
    async with Resolver() as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
    assert all(10 not in dict(q.edns_options) for q in asyncdns_server.queries)


async def test_cookies_server_cookie_is_echoed_back(asyncdns_server: FakeDNSServer) -> None:
    server_cookie = bytes(range(100, 116))

    def with_cookie(q: QueryRecord) -> object:
        client = dict(q.edns_options)[10][:8]
        return forged(WWW_ADDRESS, cookie=client + server_cookie)(q)

    asyncdns_server.on(WWW, "A").respond(with_cookie)
    async with Resolver(fast(cookies=True)) as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
        await resolve(resolver, query(), asyncdns_server.address, should_cache=False)
    first, second = (dict(q.edns_options)[10] for q in asyncdns_server.queries)
    assert len(first) == 8
    assert second == first + server_cookie


async def test_cookies_reject_a_wrong_client_cookie(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").respond(forged(cookie=b"\x01" * 8 + b"\x02" * 8))
    async with Resolver(fast(cookies=True, attempts=2)) as resolver:
        with pytest.raises(ResolutionTimeout):
            await resolve(resolver, query(), asyncdns_server.address)
    assert len(asyncdns_server.queries) == 2


SERVER_COOKIE = bytes(range(100, 116))


def _badcookie(q: QueryRecord) -> DNSRecord:
    """BADCOOKIE (23: 7 in the header, 1 in the OPT record) with our client cookie and a new
    server cookie, as a server that wants cookies answers a query without its cookie."""
    assert q.message is not None
    reply = q.message.reply()
    reply.header.rcode = 7
    client = dict(q.edns_options)[10][:8]
    reply.add_ar(EDNS0(udp_len=1232, ext_rcode=1, opts=[EDNSOption(10, client + SERVER_COOKIE)]))
    return reply


def _answer_with_cookie(q: QueryRecord) -> DNSRecord:
    client = dict(q.edns_options)[10][:8]
    return forged(WWW_ADDRESS, cookie=client + SERVER_COOKIE)(q)


async def test_badcookie_asks_again_with_the_new_server_cookie(
    asyncdns_server: FakeDNSServer,
) -> None:
    def demand_cookie(q: QueryRecord) -> DNSRecord:
        sent = dict(q.edns_options)[10]
        return _badcookie(q) if sent[8:] != SERVER_COOKIE else _answer_with_cookie(q)

    asyncdns_server.on(WWW, "A").respond(demand_cookie)
    async with Resolver(fast(cookies=True)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert reply.rcode == 0
    assert addresses(reply) == [WWW_ADDRESS]
    first, second = (dict(q.edns_options)[10] for q in asyncdns_server.queries)
    assert (len(first), second[8:]) == (8, SERVER_COOKIE)


async def test_badcookie_for_ever_goes_to_tcp_then_fails(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on(WWW, "A").respond(_badcookie)
    async with Resolver(fast(cookies=True, attempts=1)) as resolver:
        with pytest.raises(NoNameservers):
            await resolve(resolver, query(), asyncdns_server.address)
    assert [q.transport for q in asyncdns_server.queries] == ["udp"] * 3 + ["tcp"]


async def test_a_badcookie_without_a_cookie_is_ignored(asyncdns_server: FakeDNSServer) -> None:
    def bare_badcookie(q: QueryRecord) -> DNSRecord:
        assert q.message is not None
        reply = q.message.reply()
        reply.header.rcode = 7
        reply.add_ar(EDNS0(udp_len=1232, ext_rcode=1))
        return reply

    asyncdns_server.on(WWW, "A").replies(bare_badcookie, "answer", interval=INTERVAL)
    async with Resolver(fast(cookies=True)) as resolver:
        reply = await resolve(resolver, query(), asyncdns_server.address)
    assert addresses(reply) == [WWW_ADDRESS]


async def test_a_server_that_sent_cookies_must_go_on_sending_them(
    asyncdns_server: FakeDNSServer,
) -> None:
    asyncdns_server.on(WWW, "A").respond(_answer_with_cookie)
    async with Resolver(fast(cookies=True)) as resolver:
        await resolve(resolver, query(), asyncdns_server.address)  # its server cookie is known
        asyncdns_server.rules.clear()
        # Now a reply without any cookie comes first (forged: the server has cookies), then
        # the server's own.
        asyncdns_server.on(WWW, "A").replies(forged(), _answer_with_cookie, interval=INTERVAL)
        reply = await resolve(resolver, query(), asyncdns_server.address, should_cache=False)
    assert addresses(reply) == [WWW_ADDRESS]


async def test_a_server_that_stopped_sending_cookies_is_believed_after_a_while(
    asyncdns_server: FakeDNSServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_exchange, "_COOKIE_REGRESSION", 0.3)  # two minutes in real use
    asyncdns_server.on(WWW, "A").respond(_answer_with_cookie)
    async with Resolver(fast(cookies=True, attempts=1)) as resolver:
        await resolve(resolver, query(), asyncdns_server.address)
        asyncdns_server.rules.clear()  # from now on it answers without cookies
        with pytest.raises(ResolutionTimeout):  # taken for forged at first
            await resolve(resolver, query(), asyncdns_server.address, should_cache=False)
        await asyncio.sleep(0.3)
        reply = await resolve(resolver, query(), asyncdns_server.address, should_cache=False)
    assert addresses(reply) == [WWW_ADDRESS]
