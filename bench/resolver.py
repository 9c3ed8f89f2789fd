"""The resolver benchmark: our Resolver against dnspython, aiodns and a minimal UDP client, all
asking one real NSD on loopback, side by side in one run.

Run it with ``hatch run bench:resolver`` (``--quick`` for a smoke run, ``--json`` for
machine-readable output, ``--uvloop`` for uvloop's event loop, ``--profile uncached`` for a
cProfile listing of our lookups). ``bench/README.md`` says how to read it.

What is measured:

* uncached lookups/s: 256 lookups in flight at all times (256 workers, each awaiting one lookup
  after another), every name distinct (NSD answers them from a wildcard), so no cache on
  either side can answer; ours with ``should_cache=False``, dnspython's async resolver without
  a cache, aiodns (c-ares), and a minimal client (one socket, no checks, no decoding) whose
  rate is the ceiling of any Python client on this loop, also with a timeout per lookup
  (``asyncio.wait_for``) and with our decoder;
* cache hits/s: 256 names already cached, looked up again one after the other (ours; dnspython
  with ``LRUCache``);
* 10,000 lookups in flight to a UDP socket that never answers (bound here, never read), in a
  fresh interpreter: extra resident memory, peak open file descriptors, and how each lookup
  ended (all should time out after ``--lifetime`` seconds).

Every packet goes to 127.0.0.1: to the NSD this script starts, or to its own silent socket.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import itertools
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]  # bench/_clients.py, and tests/interop/nsd.py

import dns.version  # noqa: E402
from _clients import AiodnsClient, Client, DnspythonClient, MinimalClient, OursClient  # noqa: E402
from _inflight import measure as measure_inflight  # noqa: E402
from tests.interop.nsd import NsdError, NsdServer, nsd_binary  # noqa: E402

import asyncdns_resolvers  # noqa: E402

BENCH_ZONE = """\
$ORIGIN bench.test.
$TTL 3600
@    IN SOA ns1.bench.test. hostmaster.bench.test. 1 7200 3600 1209600 3600
@       NS  ns1
ns1     A   198.51.100.53
*       A   198.51.100.7
"""
ANSWER = "198.51.100.7"

UNCACHED = ("ours", "dnspython", "aiodns", "minimal", "minimal+timeout", "minimal+decode")
CACHED = ("ours", "dnspython")

#: (label, section, numerator, denominator, minimum ratio).
RATIO_TARGETS = (
    ("uncached >= 2x aiodns", "uncached", "ours", "aiodns", 2.0),
    ("uncached >= 10x dnspython", "uncached", "ours", "dnspython", 10.0),
    ("uncached >= 75% of the minimal client", "uncached", "ours", "minimal", 0.75),
    ("cache hits >= 5x dnspython", "cached", "ours", "dnspython", 5.0),
)
#: (label, in-flight key, maximum): judged on the in-flight measurement.
LIMIT_TARGETS = (
    ("in flight: extra RSS < 30 MiB", "extra_rss_mib", 30.0),
    ("in flight: open fds < 300", "peak_fds", 300.0),
)


# -- measurements -----------------------------------------------------------------------------


async def uncached_sample(client: Client, names: list[str], concurrency: int) -> dict[str, float]:
    """Look up every name in *names*, *concurrency* at a time; the rate and CPU per lookup."""
    it = iter(names)
    errors = 0

    async def worker() -> None:
        nonlocal errors
        for name in it:
            try:
                await client.lookup(name)
            except Exception:
                errors += 1

    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        # Bounded: a client that loses a reply and never retries would otherwise wait forever.
        await asyncio.wait_for(
            asyncio.gather(*(worker() for _ in range(concurrency))), 30 + len(names) / 100
        )
    except TimeoutError:
        raise SystemExit(
            f"{client.name}: lookups still unanswered after {time.perf_counter() - wall:.0f} s"
        ) from None
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = len(names) - errors
    return {
        "rate": done / wall,
        "cpu_us": cpu / len(names) * 1e6,
        "errors": errors,
        "seconds": wall,
    }


async def cached_sample(client: Client, names: list[str], min_time: float) -> dict[str, float]:
    """Look up the (cached) *names* one after another until *min_time* has passed; the rate."""
    loops = 1
    while True:
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(loops):
            for name in names:
                await client.lookup(name)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if wall >= min_time or loops >= 1 << 20:
            n = loops * len(names)
            return {"rate": n / wall, "cpu_us": cpu / n * 1e6, "errors": 0, "seconds": wall}
        loops = max(loops * 2, int(loops * min_time / max(wall, 1e-6) * 1.1))


def summarise(samples: list[dict[str, float]], lookups: int) -> dict[str, Any]:
    """Best and median rate of *samples*, with the CPU per lookup of the best one."""
    rates = [s["rate"] for s in samples]
    best = max(samples, key=lambda s: s["rate"])
    return {
        "best": best["rate"],
        "median": statistics.median(rates),
        "cpu_us_per_lookup": best["cpu_us"],
        "errors": int(sum(s["errors"] for s in samples)),
        "lookups": lookups,
        "repeat": len(samples),
    }


class Names:
    """Distinct names under the wildcard, never the same twice in one run."""

    def __init__(self) -> None:
        self.batch = itertools.count()

    def take(self, n: int) -> list[str]:
        b = next(self.batch)
        return [f"n{i}-{b}.bench.test" for i in range(n)]


def make_clients(server: tuple[str, int], workdir: Path, *, cache: bool) -> dict[str, Client]:
    if cache:
        return {
            "ours": OursClient(server, cache=True),
            "dnspython": DnspythonClient(server, cache=True),
        }
    return {
        "ours": OursClient(server, cache=False),
        "dnspython": DnspythonClient(server, cache=False),
        "aiodns": AiodnsClient(server, workdir),
        "minimal": MinimalClient(server),
        "minimal+timeout": MinimalClient(server, timeout=2.0),
        "minimal+decode": MinimalClient(server, decode=True),
    }


async def sanity(clients: dict[str, Client], names: Names) -> None:
    """Every client gets the wildcard's address for a few names before anything is timed."""
    for label, client in clients.items():
        for name in names.take(3):
            got = client.address(await asyncio.wait_for(client.lookup(name), 10))
            if got != ANSWER:
                raise SystemExit(f"{label} resolved {name} to {got}, not {ANSWER}")


async def run_benchmarks(
    args: argparse.Namespace, server: tuple[str, int], workdir: Path
) -> dict[str, Any]:
    names = Names()
    results: dict[str, Any] = {}
    samples: dict[str, list[dict[str, float]]] = {}

    clients = make_clients(server, workdir, cache=False)
    for client in clients.values():
        await client.start()
    try:
        await sanity(clients, names)
        for client in clients.values():  # warm up: sockets, caches of names, the loop
            await uncached_sample(client, names.take(args.concurrency * 2), args.concurrency)
        order = list(clients)
        for r in range(args.repeat):
            for label in order[r % len(order) :] + order[: r % len(order)]:  # rotate who goes first
                sample = await uncached_sample(
                    clients[label], names.take(args.lookups), args.concurrency
                )
                samples.setdefault(label, []).append(sample)
    finally:
        for client in clients.values():
            await client.close()
    results["uncached"] = {label: summarise(samples[label], args.lookups) for label in UNCACHED}

    samples = {}
    clients = make_clients(server, workdir, cache=True)
    hot = names.take(256)
    try:
        for client in clients.values():
            await client.start()
            for name in hot:
                await client.lookup(name)  # now cached
        for _ in range(args.repeat):
            for label, client in clients.items():
                samples.setdefault(label, []).append(
                    await cached_sample(client, hot, args.min_time)
                )
    finally:
        for client in clients.values():
            await client.close()
    results["cached"] = {label: summarise(samples[label], len(hot)) for label in CACHED}
    return results


async def run_profile(args: argparse.Namespace, server: tuple[str, int], workdir: Path) -> str:
    """cProfile of our uncached (or cached) lookups; the pstats listing."""
    names = Names()
    cached = args.profile == "cached"
    client = OursClient(server, cache=cached)
    profiler = cProfile.Profile()
    try:
        await uncached_sample(client, names.take(args.concurrency * 4), args.concurrency)
        if cached:
            hot = names.take(256)
            for name in hot:
                await client.lookup(name)
            profiler.enable()
            sample = await cached_sample(client, hot, args.min_time)
        else:
            profiler.enable()
            sample = await uncached_sample(client, names.take(args.lookups), args.concurrency)
        profiler.disable()
    finally:
        await client.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    head = f"{args.profile} lookups under cProfile: {sample['rate']:,.0f}/s ({sample['cpu_us']:.1f} us CPU each)\n"
    return head + out.getvalue()


def inflight_in_child(args: argparse.Namespace) -> dict[str, Any]:
    """The in-flight measurement, in a fresh interpreter (see ``_inflight.py``)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--inflight-child"]
    cmd += ["--inflight", str(args.inflight), "--lifetime", str(args.lifetime)]
    if args.uvloop:
        cmd.append("--uvloop")
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=args.lifetime + 120, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"the in-flight measurement failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# -- judging and printing -----------------------------------------------------------------------


def judge(
    results: dict[str, Any], inflight: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ratios: dict[str, dict[str, float]] = {}
    for section, labels in (("uncached", UNCACHED), ("cached", CACHED)):
        ours = results[section]["ours"]["best"]
        ratios[section] = {
            f"ours/{o}": ours / results[section][o]["best"] for o in labels if o != "ours"
        }
    targets: list[dict[str, Any]] = []
    for label, section, num, den, minimum in RATIO_TARGETS:
        ratio = ratios[section][f"{num}/{den}"]
        targets.append(
            {"target": label, "value": ratio, "minimum": minimum, "pass": ratio >= minimum}
        )
    for label, key, maximum in LIMIT_TARGETS:
        value = float(inflight[key])
        targets.append(
            {"target": label, "value": value, "maximum": maximum, "pass": value < maximum}
        )
    targets.append(
        {
            "target": "in flight: every lookup timed out",
            "value": float(inflight["all_timed_out"]),
            "minimum": 1.0,
            "pass": bool(inflight["all_timed_out"]),
        }
    )
    return ratios, targets


def environment(loop_name: str) -> dict[str, Any]:
    env: dict[str, Any] = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "loop": loop_name,
        "asyncdns_resolvers": asyncdns_resolvers.__version__,
        "dnspython": dns.version.version,
    }
    try:
        import aiodns
        import pycares

        env["aiodns"] = getattr(aiodns, "__version__", "?")
        env["pycares"] = getattr(pycares, "__version__", "?")
        env["c_ares"] = getattr(pycares, "ARES_VERSION", "?")
    except ImportError:  # pragma: no cover - the bench env has them
        pass
    binary = nsd_binary()
    if binary:
        out = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
        env["nsd"] = (out.stdout + out.stderr).splitlines()[0] if (out.stdout + out.stderr) else "?"
    return env


def print_report(report: dict[str, Any]) -> None:
    env, res, inflight = report["environment"], report["results"], report["inflight"]
    print(
        f"Python {env['python']} on {env['machine']} ({env['cpus']} CPUs), loop {env['loop']}; "
        f"{env.get('nsd', 'NSD')} on {report['server']}; dnspython {env['dnspython']}, "
        f"aiodns {env.get('aiodns', '?')} (c-ares {env.get('c_ares', '?')})"
    )
    print(
        f"best of {report['repeat']}; {report['lookups']:,} lookups per uncached sample, {report['concurrency']} in flight\n"
    )
    print(f"{'':34}{'best/s':>10}{'median/s':>10}{'CPU us':>9}{'errors':>8}{'ours/x':>9}")
    for section, title, labels in (
        ("uncached", "uncached lookups (distinct names)", UNCACHED),
        ("cached", "cache hits", CACHED),
    ):
        print(title)
        for label in labels:
            m = res[section][label]
            ratio = report["ratios"][section].get(f"ours/{label}")
            ratio_text = f"{ratio:8.2f}x" if ratio is not None else f"{'':9}"
            print(
                f"  {label:32}{m['best']:10,.0f}{m['median']:10,.0f}{m['cpu_us_per_lookup']:9.1f}{m['errors']:8}{ratio_text}"
            )
    outcomes = ", ".join(f"{n:,} {k}" for k, n in inflight["outcomes"].items())
    print(
        f"\n{inflight['lookups']:,} lookups in flight to a silent socket (lifetime {inflight['lifetime']} s): "
        f"+{inflight['extra_rss_mib']:.1f} MiB RSS (from {inflight['baseline_rss_mib']:.1f}), "
        f"peak {inflight['peak_fds']} fds (+{inflight['extra_fds']}), issued in "
        f"{inflight['issue_seconds'] * 1000:.0f} ms, all ended after {inflight['seconds']:.2f} s: {outcomes}"
    )
    print("\ntargets")
    for t in report["targets"]:
        bound = f">= {t['minimum']:g}" if "minimum" in t else f"< {t['maximum']:g}"
        print(
            f"  {'PASS' if t['pass'] else 'MISS'}  {t['target']:42} {t['value']:10.2f}  ({bound})"
        )
    if report["cpu_share"] < 0.9:
        print(
            f"\nnote: this process had a CPU for only {report['cpu_share']:.0%} of the timed wall time (NSD shares the machine)"
        )


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="a smoke run: small samples, rough numbers")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--uvloop", action="store_true", help="run on uvloop's event loop")
    p.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="samples per measurement (default 5, 1 with --quick)",
    )
    p.add_argument(
        "--lookups", type=int, default=None, help="lookups per uncached sample (default 20000)"
    )
    p.add_argument(
        "--concurrency", type=int, default=256, help="uncached lookups in flight (default 256)"
    )
    p.add_argument(
        "--min-time", type=float, default=None, help="seconds per cache-hit sample (default 0.5)"
    )
    p.add_argument(
        "--inflight", type=int, default=10_000, help="lookups in flight to the silent socket"
    )
    p.add_argument("--lifetime", type=float, default=2.0, help="lifetime of those lookups, seconds")
    p.add_argument("--profile", choices=("uncached", "cached"), help="cProfile our lookups instead")
    p.add_argument(
        "--sort", default="tottime", help="pstats sort key for --profile (default tottime)"
    )
    p.add_argument("--top", type=int, default=25, help="rows of the --profile listing")
    p.add_argument("--inflight-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 5
    if args.lookups is None:
        args.lookups = 2_000 if args.quick else 20_000
    if args.min_time is None:
        args.min_time = 0.05 if args.quick else 0.5
    if args.quick and args.inflight == 10_000:
        args.inflight = 2_000
    if args.quick and args.lifetime == 2.0:
        args.lifetime = 1.0
    if min(args.repeat, args.lookups, args.concurrency, args.inflight) < 1 or args.lifetime <= 0:
        p.error("counts must be at least 1 and --lifetime positive")
    return args


def run_loop(main: Callable[[], Coroutine[Any, Any, Any]], use_uvloop: bool) -> Any:
    if use_uvloop:
        import uvloop

        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            return runner.run(main())
    return asyncio.run(main())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.inflight_child:
        print(
            json.dumps(
                run_loop(lambda: measure_inflight(args.inflight, args.lifetime), args.uvloop)
            )
        )
        return 0
    if nsd_binary() is None:
        print("bench/resolver.py needs NSD (apt-get install nsd)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="asyncdns-bench-") as tmp:
        workdir = Path(tmp)
        try:
            nsd = NsdServer(
                {"bench.test": BENCH_ZONE}, workdir / "nsd", ipv6=False, tcp_count=64
            ).start()
        except NsdError as exc:
            print(exc, file=sys.stderr)
            return 1
        server = nsd.servers[0]
        try:
            if args.profile:
                print(run_loop(lambda: run_profile(args, server, workdir), args.uvloop))
                return 0
            wall, cpu = time.perf_counter(), time.process_time()
            results = run_loop(lambda: run_benchmarks(args, server, workdir), args.uvloop)
            cpu_share = (time.process_time() - cpu) / (time.perf_counter() - wall)
        finally:
            nsd.stop()
    inflight = inflight_in_child(args)
    ratios, targets = judge(results, inflight)
    report = {
        "quick": args.quick,
        "repeat": args.repeat,
        "lookups": args.lookups,
        "concurrency": args.concurrency,
        "server": f"{server[0]}:{server[1]}",
        "environment": environment("uvloop" if args.uvloop else "asyncio"),
        "cpu_share": min(cpu_share, 1.0),
        "results": results,
        "inflight": inflight,
        "ratios": ratios,
        "targets": targets,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
