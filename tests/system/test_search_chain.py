"""SearchChain: glibc's res_search outcomes, driven by scripted candidate replies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from asyncdns_resolvers import NoNameservers, ResolutionTimeout, ServerFailure
from asyncdns_system._search_chain import SearchChain, answered
from asyncdns_wire import NOERROR, NXDOMAIN, SERVFAIL, YXDOMAIN, A, Message, Query, rr

Outcome = Message | BaseException | None  # None: never completes
NAMES = [b"www.a.test", b"www.b.test", b"www"]


def reply(name: bytes, rcode: int, *, answer: bool = False) -> Message:
    answers = [rr.A(name, 60, "198.51.100.1")] if answer else []
    return Message(flags=0x8180, rcode=rcode, questions=[Query(name, A)], answers=answers)


def servfail() -> ServerFailure:
    return ServerFailure(("127.0.0.1", 53), SERVFAIL)


def scripted(
    outcomes: dict[bytes, Outcome], asked: list[bytes]
) -> Callable[[Query], asyncio.Future[Message]]:
    loop = asyncio.get_running_loop()

    def ask(query: Query) -> asyncio.Future[Message]:
        asked.append(query.name)
        fut: asyncio.Future[Message] = loop.create_future()
        outcome = outcomes[query.name]
        if isinstance(outcome, Message):
            fut.set_result(outcome)
        elif isinstance(outcome, BaseException):
            fut.set_exception(outcome)
        return fut

    return ask


async def run(
    outcomes: dict[bytes, Outcome], names: list[bytes] = NAMES
) -> tuple[Message, list[bytes]]:
    asked: list[bytes] = []
    chain = SearchChain(
        asyncio.get_running_loop(), Query("www", A), names, scripted(outcomes, asked)
    )
    return await asyncio.wait_for(chain.future, 5), asked


async def test_first_answer_wins() -> None:
    outcomes: dict[bytes, Outcome] = {
        b"www.a.test": reply(b"www.a.test", NXDOMAIN),
        b"www.b.test": reply(b"www.b.test", NOERROR, answer=True),
        b"www": None,
    }
    got, asked = await run(outcomes)
    assert got is outcomes[b"www.b.test"]
    assert asked == [b"www.a.test", b"www.b.test"]


async def test_nodata_is_reported_when_nothing_answers() -> None:
    nodata = reply(b"www.a.test", NOERROR)
    outcomes: dict[bytes, Outcome] = {
        b"www.a.test": nodata,
        b"www.b.test": reply(b"www.b.test", NXDOMAIN),
        b"www": reply(b"www", NXDOMAIN),
    }
    got, asked = await run(outcomes)
    assert got is nodata and asked == NAMES


async def test_nxdomain_of_the_name_as_given() -> None:
    given = reply(b"www", NXDOMAIN)
    outcomes: dict[bytes, Outcome] = {
        b"www.a.test": reply(b"www.a.test", NXDOMAIN),
        b"www.b.test": reply(b"www.b.test", NXDOMAIN),
        b"www": given,
    }
    assert (await run(outcomes))[0] is given
    # Without the name as given among the candidates: the last NXDOMAIN.
    last = outcomes[b"www.b.test"]
    assert (await run(outcomes, NAMES[:2]))[0] is last


async def test_servfail_moves_on_and_is_raised_when_nothing_else_came() -> None:
    outcomes: dict[bytes, Outcome] = {
        b"www.a.test": servfail(),
        b"www.b.test": NoNameservers([(("127.0.0.1", 53), servfail())]),
        b"www": reply(b"www", NOERROR, answer=True),
    }
    got, _ = await run(outcomes)
    assert got is outcomes[b"www"]
    outcomes[b"www"] = servfail()
    with pytest.raises(ServerFailure):
        await run(outcomes)
    # SERVFAIL then NXDOMAIN everywhere else: the SERVFAIL is the outcome (try again later).
    outcomes[b"www"] = reply(b"www", NXDOMAIN)
    with pytest.raises(ServerFailure):
        await run(outcomes)


async def test_a_timeout_ends_the_search_unless_nodata_was_seen() -> None:
    timeout = ResolutionTimeout("no answer")
    outcomes: dict[bytes, Outcome] = {b"www.a.test": timeout, b"www.b.test": None, b"www": None}
    with pytest.raises(ResolutionTimeout):
        await run(outcomes)
    nodata = reply(b"www.a.test", NOERROR)
    outcomes = {b"www.a.test": nodata, b"www.b.test": timeout, b"www": None}
    assert (await run(outcomes))[0] is nodata


async def test_other_rcodes_end_the_search() -> None:
    odd = reply(b"www.a.test", YXDOMAIN)
    outcomes: dict[bytes, Outcome] = {b"www.a.test": odd, b"www.b.test": None, b"www": None}
    assert (await run(outcomes))[0] is odd


async def test_ask_raising() -> None:
    loop = asyncio.get_running_loop()

    def refuse(query: Query) -> asyncio.Future[Message]:
        raise ValueError("bad servers")

    with pytest.raises(ValueError):  # the first candidate: raised to the caller at once
        SearchChain(loop, Query("www", A), NAMES, refuse)
    asked: list[bytes] = []
    first = scripted({b"www.a.test": reply(b"www.a.test", NXDOMAIN)}, asked)

    def later(query: Query) -> asyncio.Future[Message]:
        return first(query) if not asked else refuse(query)

    chain = SearchChain(loop, Query("www", A), NAMES, later)
    with pytest.raises(ValueError):
        await chain.future


async def test_cancelling_the_caller_cancels_the_candidate_lookup() -> None:
    asked: list[bytes] = []
    pending: list[asyncio.Future[Message]] = []
    ask = scripted({b"www.a.test": None}, asked)

    def keep(query: Query) -> asyncio.Future[Message]:
        fut = ask(query)
        pending.append(fut)
        return fut

    chain = SearchChain(asyncio.get_running_loop(), Query("www", A), NAMES, keep)
    chain.future.cancel()
    await asyncio.sleep(0)
    assert pending[0].cancelled()
    # A candidate cancelled from elsewhere cancels the caller's future.
    chain = SearchChain(asyncio.get_running_loop(), Query("www", A), NAMES, keep)
    pending[1].cancel()
    await asyncio.sleep(0)
    assert chain.future.cancelled()


async def test_a_first_lookup_already_started() -> None:
    loop = asyncio.get_running_loop()
    positive = reply(b"www.a.test", NOERROR, answer=True)
    done: asyncio.Future[Message] = loop.create_future()
    done.set_result(positive)
    assert answered(done)
    for outcome in (reply(b"www.a.test", NOERROR), reply(b"www.a.test", NXDOMAIN)):
        other: asyncio.Future[Message] = loop.create_future()
        other.set_result(outcome)
        assert not answered(other)
    pending: asyncio.Future[Message] = loop.create_future()
    assert not answered(pending)
    failed: asyncio.Future[Message] = loop.create_future()
    failed.set_exception(servfail())
    assert not answered(failed)
    # The chain takes over a started first lookup and asks only the later candidates.
    asked: list[bytes] = []
    ask = scripted({b"www.b.test": reply(b"www.b.test", NOERROR, answer=True)}, asked)
    nx: asyncio.Future[Message] = loop.create_future()
    chain = SearchChain(loop, Query("www", A), NAMES, ask, first=nx)
    nx.set_result(reply(b"www.a.test", NXDOMAIN))
    got = await asyncio.wait_for(chain.future, 5)
    assert got.questions[0].name == b"www.b.test" and asked == [b"www.b.test"]
