"""Instructions per operation, counted by valgrind's callgrind: steady where timings are not.

Run it with ``hatch run bench:instructions`` (``--json`` for machine-readable output,
``--only uncached`` for one workload). It needs valgrind (``apt-get install valgrind``).
``bench/README.md`` says how to read it.

On a shared machine a timed benchmark moves by a third from run to run, which hides any change
smaller than that. An instruction count does not move with the machine's load: the same code,
inputs and interpreter give the same count (to a few hundred instructions), so a change of 1 %
shows. It counts this process's user-space work only: not the kernel's (system calls), and not
what a cache miss or a branch misprediction costs. Use it to compare two versions of the code;
use ``bench:resolver`` for what users see.

Each workload runs twice in a child interpreter under callgrind (``PYTHONHASHSEED=0``), once
with 0 operations and once with N; the difference divided by N is the count per operation, so
imports, set-up and the interpreter's start are not in it.

* ``decode``: ``Message.from_wire`` of a reply shaped like NSD's to an A query (an A answer, an
  NS record in authority, its glue and an OPT record: 94 octets);
* ``uncached``: ``Resolver.lookup(Query(name, A), server, should_cache=False)`` answered by a
  UDP socket in this process, on 127.0.0.1, with that reply (ID and question copied from each
  query). A batch of 250 queries is sent, answered and awaited at a time, so every reply is
  waiting in the kernel before the event loop looks: the loop's wake-ups, and so the count,
  do not depend on timing. Counted: the lookup, the exchange, encoding, sending, the event
  loop's wake-ups, receiving, checking, decoding and completing, and the answering socket's
  work in this process (receiving each query and sending its reply: a few hundred
  instructions of Python per query);
* ``hit``: the same lookup with the cache on, for one of 256 names already cached;
* ``minimal``: the floor the issue's speed target is set against, ``bench/_clients.py``'s
  minimal client (one connected socket, a dict from ID to future, the reply's bytes as the
  result: no checks, no decoding), answered and batched as ``uncached`` is. ``uncached``
  divided by ``minimal`` is how many times the floor's work a lookup does.

Every packet goes to 127.0.0.1, to the socket this script binds.
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: name -> (what it measures, operations in the counted run).
WORKLOADS: dict[str, tuple[str, int]] = {
    "decode": ("Message.from_wire of an NSD-shaped reply", 20_000),
    "uncached": ("an uncached lookup answered on loopback", 4_000),
    "hit": ("a lookup answered from the cache", 25_600),
    "minimal": ("the minimal client's lookup (no checks, no decoding)", 4_000),
}

BATCH = 250
HOT_NAMES = 256
SERVER_HOST = "127.0.0.1"


def names(count: int) -> list[str]:
    """Distinct names of one length, so that every reply has the same layout."""
    return [f"n{i:06d}.bench.test" for i in range(count)]


def reply_template() -> tuple[bytes, int]:
    """An NSD-shaped reply to ``n000000.bench.test A`` and the length of its question."""
    from asyncdns_wire import A, Edns, Message, Query, rr

    question = Query(names(1)[0], A)
    message = Message(
        id=0,
        flags=0x8400 | 0x0100,  # QR, AA, RD (echoed)
        questions=[question],
        answers=[rr.A(question.name, 3600, "198.51.100.7")],
        authorities=[rr.NS(b"bench.test", 3600, b"ns1.bench.test")],
        additional=[rr.A(b"ns1.bench.test", 3600, "198.51.100.53")],
        edns=Edns(1232),
    )
    wire = message.to_wire()
    return wire, len(question.name) + 2 + 4


def answer(server: socket.socket, count: int, template: bytes, question_len: int) -> None:
    """Answer *count* queries waiting on *server*, each with *template* behind its ID and question."""
    head, tail = template[2:12], template[12 + question_len :]
    for _ in range(count):
        query, peer = server.recvfrom(4096)
        server.sendto(query[:2] + head + query[12 : 12 + question_len] + tail, peer)


# -- the workloads (run in the child, under valgrind) ------------------------------------------


def run_decode(count: int) -> None:
    from asyncdns_wire import Message

    data, _ = reply_template()
    decode = Message.from_wire
    for _ in range(count):
        decode(data)


async def run_lookups(count: int, *, cached: bool) -> None:
    from asyncdns_resolvers import Resolver
    from asyncdns_wire import A, Query

    template, question_len = reply_template()
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    server.bind((SERVER_HOST, 0))
    server.settimeout(5.0)  # a query that never arrives ends the run instead of hanging it
    address = server.getsockname()
    pool = names(HOT_NAMES if cached else 2 * BATCH + count)

    async def batch(resolver: Resolver, batch_names: list[str], *, cache: bool) -> None:
        futures = [
            resolver.lookup(Query(name, A), address, should_cache=cache) for name in batch_names
        ]
        sent = sum(1 for f in futures if not f.done())  # a cache hit sends nothing
        answer(server, sent, template, question_len)
        for future in futures:
            await future

    resolver = Resolver()
    try:
        if cached:
            await batch(resolver, pool, cache=True)  # now cached
            for start in range(0, count, HOT_NAMES):
                for name in pool[: min(HOT_NAMES, count - start)]:
                    await resolver.lookup(Query(name, A), address)
        else:
            await batch(resolver, pool[: 2 * BATCH], cache=False)  # warm: sockets, memos
            for start in range(2 * BATCH, 2 * BATCH + count, BATCH):
                end = min(start + BATCH, 2 * BATCH + count)
                await batch(resolver, pool[start:end], cache=False)
    finally:
        resolver.close()
        server.close()


async def run_minimal(count: int) -> None:
    from _clients import MinimalClient

    template, question_len = reply_template()
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    server.bind((SERVER_HOST, 0))
    server.settimeout(5.0)
    client = MinimalClient(server.getsockname())
    pool = names(2 * BATCH + count)
    try:
        await client.start()
        for start in range(0, 2 * BATCH + count, BATCH):  # the first two batches warm up
            futures = [client.lookup(name) for name in pool[start : start + BATCH]]
            answer(server, len(futures), template, question_len)
            for future in futures:
                await future
    finally:
        await client.close()
        server.close()


class StillClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock stands still.

    Under valgrind the code runs some fifty times slower, and what the resolver does per
    second of the clock (a timer per 1/64 s tick of attempt deadlines, a cache entry's records
    counted down once per second of its age) would be charged to fewer operations than in real
    use, by an amount that moves with the speed of the run. With the clock held still, that work
    is done once and the count is the same from run to run. No workload waits for a timer.
    """

    def time(self) -> float:
        return 1000.0


def child_seconds(count: int) -> float:
    """How long a child may run under valgrind (some fifty times slower than without) before it
    is stopped: a reply lost on loopback would otherwise leave a lookup waiting for ever, as
    the still clock never lets its timeout fire."""
    return 120 + count / 50


def run_child(workload: str, count: int) -> None:
    faulthandler.dump_traceback_later(child_seconds(count), exit=True)
    if workload == "decode":
        run_decode(count)
        return
    with asyncio.Runner(loop_factory=StillClockLoop) as runner:
        if workload == "minimal":
            runner.run(run_minimal(count))
        else:
            runner.run(run_lookups(count, cached=workload == "hit"))


# -- the parent: valgrind, twice per workload --------------------------------------------------

_COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")


def count_instructions(valgrind: str, workload: str, count: int) -> int:
    """Instructions callgrind counts for the child running *count* operations of *workload*."""
    cmd = [
        valgrind,
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        workload,
        str(count),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=child_seconds(count) + 60, check=False
    )
    found = _COLLECTED.search(proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"{workload}: the run under valgrind failed:\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def measure(valgrind: str, workload: str, count: int) -> dict[str, Any]:
    started = time.perf_counter()
    base = count_instructions(valgrind, workload, 0)
    total = count_instructions(valgrind, workload, count)
    return {
        "what": WORKLOADS[workload][0],
        "operations": count,
        "instructions_per_op": round((total - base) / count),
        "baseline_instructions": base,
        "seconds": round(time.perf_counter() - started, 1),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--only", choices=sorted(WORKLOADS), action="append", help="this workload only")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every workload's count")
    p.add_argument(
        "--child", nargs=2, metavar=("WORKLOAD", "N"), help="run one workload (used under valgrind)"
    )
    args = p.parse_args(argv)
    if args.scale <= 0:
        p.error("--scale must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        workload, count = args.child
        if workload not in WORKLOADS:
            raise SystemExit(f"unknown workload {workload!r}")
        run_child(workload, int(count))
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("bench/instructions.py needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    results = {}
    for workload in args.only or list(WORKLOADS):
        count = max(1, int(WORKLOADS[workload][1] * args.scale))
        results[workload] = measure(valgrind, workload, count)
    report = {"python": sys.version.split()[0], "results": results}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"Python {report['python']}; instructions per operation (callgrind)\n")
        for workload, r in results.items():
            print(
                f"  {workload:10}{r['instructions_per_op']:>10,}  {r['what']} "
                f"({r['operations']:,} operations, {r['seconds']:.0f} s)"
            )
        if "uncached" in results and "minimal" in results:
            ratio = (
                results["uncached"]["instructions_per_op"]
                / results["minimal"]["instructions_per_op"]
            )
            print(f"\n  uncached / minimal: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
