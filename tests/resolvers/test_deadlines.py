"""The grouped attempt timers (:mod:`asyncdns_resolvers._deadlines`) on a real event loop."""

from __future__ import annotations

import asyncio

from asyncdns_resolvers._deadlines import TICKS_PER_SECOND, Deadlines

TICK = 1 / TICKS_PER_SECOND


class Target:
    def __init__(self, loop: asyncio.AbstractEventLoop, log: list[tuple[str, float]], name: str):
        self.loop = loop
        self.log = log
        self.name = name

    def _timed_out(self) -> None:
        self.log.append((self.name, self.loop.time()))


async def test_fires_never_early_and_at_most_a_tick_late() -> None:
    loop = asyncio.get_running_loop()
    deadlines = Deadlines()
    log: list[tuple[str, float]] = []
    start = loop.time()
    whens = {"a": start + 0.05, "b": start + 0.02, "c": start + 0.021}
    for name, when in whens.items():
        deadlines.add(loop, when, Target(loop, log, name))
    assert len(deadlines) == 3
    await asyncio.sleep(0.05 + 3 * TICK)
    assert sorted(name for name, _ in log) == ["a", "b", "c"]
    assert [name for name, _ in log][-1] == "a"
    for name, fired in log:
        assert whens[name] <= fired <= whens[name] + TICK + 0.02  # a tick, plus loop slack
    assert len(deadlines) == 0


async def test_cancelled_deadlines_do_not_fire() -> None:
    loop = asyncio.get_running_loop()
    deadlines = Deadlines()
    log: list[tuple[str, float]] = []
    keep, drop = Target(loop, log, "keep"), Target(loop, log, "drop")
    tick = deadlines.add(loop, loop.time() + 0.01, keep)
    assert deadlines.add(loop, loop.time() + 0.01, drop) is tick  # the same tick's set
    tick.pop(drop, None)
    await asyncio.sleep(0.01 + 3 * TICK)
    assert [name for name, _ in log] == ["keep"]


async def test_a_target_may_set_its_next_deadline_while_firing() -> None:
    loop = asyncio.get_running_loop()
    deadlines = Deadlines()
    fired: list[float] = []

    class Retrying:
        def _timed_out(self) -> None:
            fired.append(loop.time())
            if len(fired) < 3:
                deadlines.add(loop, loop.time(), self)  # due at once: fires on a later pass

    deadlines.add(loop, loop.time(), Retrying())
    for _ in range(20):
        await asyncio.sleep(TICK)
        if len(fired) == 3:
            break
    assert len(fired) == 3


def test_a_new_loop_starts_afresh() -> None:
    deadlines = Deadlines()
    log: list[tuple[str, float]] = []

    async def add_and_leave(name: str) -> None:
        loop = asyncio.get_running_loop()
        deadlines.add(loop, loop.time() + 60, Target(loop, log, name))

    async def add_and_wait(name: str) -> None:
        loop = asyncio.get_running_loop()
        deadlines.add(loop, loop.time() + 0.01, Target(loop, log, name))
        await asyncio.sleep(0.01 + 3 * TICK)

    asyncio.run(add_and_leave("old loop"))  # its timer dies with its loop
    asyncio.run(add_and_wait("new loop"))
    assert [name for name, _ in log] == ["new loop"]
    assert len(deadlines) == 0


async def test_a_failing_target_does_not_strand_the_others() -> None:
    loop = asyncio.get_running_loop()
    deadlines = Deadlines()
    log: list[tuple[str, float]] = []
    reported: list[dict[str, object]] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))

    class Broken:
        def _timed_out(self) -> None:
            raise RuntimeError("boom")

    when = loop.time() + 0.01
    deadlines.add(loop, when, Target(loop, log, "before"))
    deadlines.add(loop, when, Broken())
    deadlines.add(loop, when, Target(loop, log, "after"))
    try:
        await asyncio.sleep(0.01 + 3 * TICK)
    finally:
        loop.set_exception_handler(None)
    assert [name for name, _ in log] == ["before", "after"]
    assert len(reported) == 1 and isinstance(reported[0]["exception"], RuntimeError)
