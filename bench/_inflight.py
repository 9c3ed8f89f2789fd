"""Memory and file descriptors with thousands of lookups in flight to a server that never answers.

:func:`measure` runs in a fresh interpreter (``bench/resolver.py --inflight-child``), so the
resident set it reports is not blurred by what earlier benchmarks allocated and freed. It binds
a UDP socket on 127.0.0.1 itself and never reads it (the "server"), starts *count* lookups of
distinct names at once, samples the process's RSS and open descriptors every few milliseconds
until every lookup has ended, and counts how each ended (all should be
:class:`~asyncdns_resolvers.ResolutionTimeout` after *lifetime* seconds).
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import time
from collections import Counter
from typing import Any

from asyncdns_resolvers import Resolver, ResolverOptions
from asyncdns_wire import A, Query

__all__ = ["measure", "open_fds", "rss_bytes"]

_SAMPLE_EVERY = 0.005


def rss_bytes() -> int:
    """This process's resident set size now (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def open_fds() -> int:
    """File descriptors this process has open (Linux ``/proc``; 0 elsewhere)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 0


async def _sample(peak: dict[str, int], stop: asyncio.Event) -> None:
    deadline = time.monotonic() + 120  # bounded whatever happens
    while not stop.is_set() and time.monotonic() < deadline:
        peak["rss"] = max(peak["rss"], rss_bytes())
        peak["fds"] = max(peak["fds"], open_fds())
        await asyncio.sleep(_SAMPLE_EVERY)


async def measure(count: int, lifetime: float) -> dict[str, Any]:
    """Start *count* lookups against a silent loopback socket; report RSS, fds and outcomes."""
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))  # never read: every query to it goes unanswered
    server = sink.getsockname()
    resolver = Resolver(ResolverOptions(lifetime=lifetime))
    try:
        queries = [Query(f"q{i}.silent.test", A) for i in range(count)]
        gc.collect()
        base_rss, base_fds = rss_bytes(), open_fds()
        peak = {"rss": base_rss, "fds": base_fds}
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample(peak, stop))
        started = time.perf_counter()
        futures = [resolver.lookup(q, server) for q in queries]
        issued = time.perf_counter() - started
        peak["rss"] = max(peak["rss"], rss_bytes())
        peak["fds"] = max(peak["fds"], open_fds())
        results = await asyncio.wait_for(
            asyncio.gather(*futures, return_exceptions=True), lifetime + 30
        )
        elapsed = time.perf_counter() - started
        stop.set()
        await sampler
        sockets_left = resolver.open_sockets()
    finally:
        resolver.close()
        sink.close()
    outcomes = Counter(type(r).__name__ for r in results)
    return {
        "lookups": count,
        "lifetime": lifetime,
        "baseline_rss_mib": base_rss / 2**20,
        "peak_rss_mib": peak["rss"] / 2**20,
        "extra_rss_mib": (peak["rss"] - base_rss) / 2**20,
        "baseline_fds": base_fds,
        "peak_fds": peak["fds"],
        "extra_fds": peak["fds"] - base_fds,
        "issue_seconds": issued,
        "seconds": elapsed,
        "outcomes": dict(outcomes),
        "all_timed_out": outcomes.get("ResolutionTimeout", 0) == count,
        "sockets_left": sockets_left,
    }
