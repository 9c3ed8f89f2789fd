"""Shared zone, forged replies and bounded helpers for the Resolver tests.

Every server is a pytest-asyncdns fake on loopback; every wait here is bounded in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from dnslib import EDNS0, QTYPE, RR, DNSQuestion, DNSRecord, EDNSOption
from dnslib import A as DnslibA

from asyncdns_resolvers import Resolver, ResolverOptions
from asyncdns_wire import A, Message, Query, rr
from pytest_asyncdns import FakeDNSServer, QueryRecord
from tests._support import MakeServer  # noqa: F401 (the resolver tests' name)

ZONE = """
$ORIGIN example.test.
$TTL 300
@      SOA   ns1 hostmaster 1 3600 600 86400 60
@      NS    ns1
ns1    A     198.51.100.53
www    A     198.51.100.80
www    AAAA  2001:db8::80
api    CNAME www
multi  A     198.51.100.1
multi  A     198.51.100.2
multi  A     198.51.100.3
short  5     A     198.51.100.5
brief  1     A     198.51.100.6
*.bulk A     203.0.113.7
"""
"""The zone every test serves: ``www`` (TTL 300), ``short`` (TTL 5), ``brief`` (TTL 1),
``multi`` (three A records), a wildcard under ``bulk``; NXDOMAIN carries the SOA (TTL 60)."""

WWW = "www.example.test"
WWW_ADDRESS = "198.51.100.80"
FORGED_ADDRESS = "203.0.113.66"

Address = tuple[str, int]


def query(name: str = WWW, q_type: int = A) -> Query:
    """An IN query for *name*."""
    return Query(name, q_type)


def fast(**overrides: Any) -> ResolverOptions:
    """Options with short timeouts so failure paths finish quickly."""
    settings: dict[str, Any] = {"timeout": 0.2, "max_timeout": 0.4, "lifetime": 3.0}
    settings.update(overrides)
    return ResolverOptions(**settings)


def addresses(reply: Message) -> list[str]:
    """The A/AAAA addresses in the answer section, as text."""
    return [str(r.address) for r in reply.answers if isinstance(r, (rr.A, rr.AAAA))]


async def resolve(resolver: Resolver, q: Query, servers: Any, **kw: Any) -> Message:
    """``resolver.lookup(...)`` awaited with an outer bound of 15 seconds."""
    return await asyncio.wait_for(resolver.lookup(q, servers, **kw), 15)


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the loop run until *predicate* holds; AssertionError after *timeout* seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.005)


async def wait_queries(server: FakeDNSServer, count: int, timeout: float = 5.0) -> None:
    """Wait until *server* has logged *count* queries."""
    await wait_until(lambda: len(server.queries) >= count, timeout)


async def close(resolver: Resolver) -> None:
    """Close *resolver* and give the loop a turn to release transports."""
    resolver.close()
    for _ in range(3):
        await asyncio.sleep(0)


@contextlib.contextmanager
def no_loop_errors() -> Iterator[list[dict[str, Any]]]:
    """Fail if anything reaches the running loop's exception handler meanwhile.

    An exception escaping a socket callback does not fail the lookup that caused it (the real
    answer may still come), so the tests catch it here.
    """
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        yield errors
    finally:
        loop.set_exception_handler(previous)
    assert not errors, f"exceptions reached the event loop: {errors}"


def question_bytes(raw: bytes) -> bytes:
    """The question section (name, type, class) of a one-question message."""
    off = 12
    while raw[off]:
        off += 1 + raw[off]
    return raw[12 : off + 5]


def forged(
    address: str = FORGED_ADDRESS,
    *,
    id_delta: int = 0,
    qname: str | None = None,
    qtype: int | None = None,
    qr: bool = True,
    lower_question: bool = False,
    cookie: bytes | None = None,
) -> Callable[[QueryRecord], DNSRecord]:
    """A reply builder for ``server.on(...).replies()/respond()``: an A answer with *address*.

    Args:
        address: the address the forged answer carries.
        id_delta: added to the query's ID (a wrong ID when non-zero).
        qname: another question name (a wrong question).
        qtype: another question type (a wrong question).
        qr: clear QR when False (not a response).
        lower_question: echo the question lower-cased (defeats 0x20).
        cookie: add an OPT record carrying this COOKIE option data.
    """

    def make(q: QueryRecord) -> DNSRecord:
        assert q.message is not None
        reply = q.message.reply()
        reply.header.id = (q.id + id_delta) & 0xFFFF
        name = q.qname
        if qname is not None:
            name = qname
        elif lower_question:
            name = q.qname.lower()
        reply.questions = [DNSQuestion(name, QTYPE.reverse[q.qtype] if qtype is None else qtype)]
        reply.add_answer(RR(name, QTYPE.A, rdata=DnslibA(address), ttl=300))
        if not qr:
            reply.header.qr = 0
        if cookie is not None:
            reply.add_ar(EDNS0(udp_len=1232, opts=[EDNSOption(10, cookie)]))
        return reply

    return make


def client_ports(server: FakeDNSServer) -> list[int]:
    """The source port of every UDP query *server* received, in order."""
    return [q.client[1] for q in server.queries if q.transport == "udp"]
