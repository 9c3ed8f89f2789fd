"""The codec benchmark: asyncdns-wire against dnspython and dnslib, side by side in one run.

Run it with ``hatch run bench:codec`` (``--quick`` for a smoke run, ``--json`` for machine-readable
output, ``--profile decode`` for a cProfile listing of our decoder). ``bench/README.md`` says how to
read the table.

What is measured (operations per second; the best of several repeats, median kept too):

* decode: the weighted corpus (``_corpus.py``), counting a message only once every record's
  typed RDATA exists: ours touches ``rr.rdata()`` of every record, dnspython iterates every
  rdata of every rrset, dnslib reads every ``rr.rdata``;
* decode of the DNSSEC-heavy subset alone;
* query encode: building the query and encoding it, as a resolver does for every query (ours
  ``encode_query(Query(...), id)`` with EDNS, the default; dnspython
  ``make_query(name, type, use_edns=0).to_wire()``; dnslib ``DNSRecord.question().pack()``,
  which has no OPT record), with a pool of names larger than our name caches ("cold") and with a
  small pool ("hot"), and encoding a pre-made query;
* message encode: re-encoding the decoded corpus (``to_wire()`` / ``pack()``).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import platform
import pstats
import secrets
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import dns.message
import dns.rdatatype
import dns.version
import dnslib
from _corpus import DNSSEC_TYPES, WEIGHTS, Corpus, build_corpus

import asyncdns_wire
from asyncdns_wire import Message, Query, encode_query, rr

LIBS = ("ours", "dnspython", "dnslib")

#: (name, section key, numerator, denominator, minimum ratio) for PASS/MISS.
TARGETS = (
    ("decode >= 2x dnslib", "decode", "ours", "dnslib", 2.0),
    ("decode >= 6x dnspython (about)", "decode", "ours", "dnspython", 6.0),
    ("query encode >= 3x dnspython", "query_encode", "ours", "dnspython", 3.0),
)

#: Table rows: (JSON section, label, unit).
ROWS = (
    ("decode", "decode, weighted corpus", "msg/s"),
    ("decode_dnssec", "decode, DNSSEC subset", "msg/s"),
    ("query_encode", "query build+encode, cold names", "q/s"),
    ("query_encode_hot", "query build+encode, hot names", "q/s"),
    ("query_encode_premade", "query encode, pre-made query", "q/s"),
    ("message_encode", "message encode, corpus", "msg/s"),
)

#: Distinct questions in the "cold" pool: more than the name caches hold (4096 entries), so
#: every call of ours misses them.
COLD_NAMES = 6000
#: Distinct questions in the "hot" pool (and the pre-made queries).
HOT_NAMES = 64

Runner = Callable[[int], int]
"""Runs *loops* passes of a benchmark and returns how many operations it performed."""


# -- the timer ---------------------------------------------------------------------------------


#: Wall and CPU nanoseconds of every timed sample, for :func:`cpu_share`.
_SPENT = [0, 0]


def _sample(run: Runner, loops: int) -> tuple[int, int, int]:
    """Run *run* once; return (operations, wall ns, process CPU ns)."""
    c0 = time.process_time_ns()
    t0 = time.perf_counter_ns()
    ops = run(loops)
    wall = max(time.perf_counter_ns() - t0, 1)
    cpu = max(time.process_time_ns() - c0, 1)
    return ops, wall, cpu


def calibrate(run: Runner, min_time: float) -> int:
    """The loop count that makes *run* last at least *min_time* seconds (doubles as warm-up)."""
    loops = 1
    while True:
        _, elapsed, _ = _sample(run, loops)
        if elapsed >= min_time * 1e9 or loops >= 1 << 24:
            return loops
        # Aim just past min_time, growing at least 2x and at most 100x per step.
        loops = min(loops * 100, max(loops * 2, int(loops * min_time * 1.1e9 / elapsed)))


def measure(
    runners: dict[str, Runner], repeat: int, min_time: float, clock: str = "wall"
) -> dict[str, Any]:
    """Time each runner: calibrate its loop count, then take *repeat* samples of each.

    The samples of the libraries are interleaved (ours, dnspython, dnslib, ours, ...), so a
    burst of load on the machine hits all of them rather than one. The garbage collector is
    collected first and off while timing (as :mod:`timeit` does). ``best`` and ``median`` use
    *clock* (``wall``: ``perf_counter_ns``; ``cpu``: this process's CPU time); ``wall_best``
    and ``cpu_best`` are both always there.
    """
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        loops = {lib: calibrate(run, min_time) for lib, run in runners.items()}
        wall: dict[str, list[float]] = {lib: [] for lib in runners}
        cpu: dict[str, list[float]] = {lib: [] for lib in runners}
        ops = dict.fromkeys(runners, 0)
        for _ in range(repeat):
            for lib, run in runners.items():
                ops[lib], wall_ns, cpu_ns = _sample(run, loops[lib])
                wall[lib].append(ops[lib] * 1e9 / wall_ns)
                cpu[lib].append(ops[lib] * 1e9 / cpu_ns)
                _SPENT[0] += wall_ns
                _SPENT[1] += cpu_ns
    finally:
        if enabled:
            gc.enable()
    chosen = cpu if clock == "cpu" else wall
    return {
        lib: {
            "best": max(chosen[lib]),
            "median": statistics.median(chosen[lib]),
            "wall_best": max(wall[lib]),
            "cpu_best": max(cpu[lib]),
            "ops": ops[lib],
            "repeat": repeat,
        }
        for lib in runners
    }


def cpu_share() -> float:
    """The share of the timed wall time this process spent on a CPU (1.0 on an idle machine)."""
    return min(_SPENT[1] / max(_SPENT[0], 1), 1.0)


# -- decode ------------------------------------------------------------------------------------


def decode_ours(wires: Sequence[bytes]) -> Runner:
    from_wire = Message.from_wire

    def run(loops: int) -> int:
        for _ in range(loops):
            for wire in wires:
                msg = from_wire(wire)
                for record in msg.answers:
                    record.rdata()
                for record in msg.authorities:
                    record.rdata()
                for record in msg.additional:
                    record.rdata()
        return loops * len(wires)

    return run


def decode_dnspython(wires: Sequence[bytes]) -> Runner:
    from_wire = dns.message.from_wire

    def run(loops: int) -> int:
        for _ in range(loops):
            for wire in wires:
                msg = from_wire(wire)
                for section in (msg.answer, msg.authority, msg.additional):
                    for rrset in section:
                        for _rdata in rrset:
                            pass
        return loops * len(wires)

    return run


def decode_dnslib(wires: Sequence[bytes]) -> Runner:
    parse = dnslib.DNSRecord.parse

    def run(loops: int) -> int:
        for _ in range(loops):
            for wire in wires:
                msg = parse(wire)
                for record in msg.rr:
                    record.rdata  # noqa: B018
                for record in msg.auth:
                    record.rdata  # noqa: B018
                for record in msg.ar:
                    record.rdata  # noqa: B018
        return loops * len(wires)

    return run


# -- query encode ------------------------------------------------------------------------------


def query_names(count: int) -> list[tuple[str, int]]:
    """*count* distinct (name, type) questions, alternating A and AAAA."""
    zones = ("example.com", "example.net", "example.org", "cdn.example", "corp.test")
    return [
        (f"host{i}.svc{i % 7}.{zones[i % len(zones)]}", 28 if i % 2 else 1) for i in range(count)
    ]


class Batches:
    """A pool of questions handed out in fixed-size batches, round and round.

    A query benchmark loop takes one batch, so a sample stays short however large the pool is
    (the questions all have the same shape, so any batch is as costly as any other), and over a
    run every question comes round: with the cold pool, far more than our caches hold.
    """

    def __init__(self, questions: Sequence[tuple[str, int]], size: int = 100) -> None:
        self.chunks = [questions[i : i + size] for i in range(0, len(questions), size)]
        self.index = 0

    def next(self) -> Sequence[tuple[str, int]]:
        """The next batch."""
        chunk = self.chunks[self.index]
        self.index = (self.index + 1) % len(self.chunks)
        return chunk


def query_ours(questions: Sequence[tuple[str, int]]) -> Runner:
    randbits = secrets.randbits
    batches = Batches(questions)

    def run(loops: int) -> int:
        ops = 0
        for _ in range(loops):
            chunk = batches.next()
            for name, qtype in chunk:
                encode_query(Query(name, qtype), randbits(16))
            ops += len(chunk)
        return ops

    return run


def query_dnspython(questions: Sequence[tuple[str, int]]) -> Runner:
    make_query = dns.message.make_query
    types = {1: dns.rdatatype.A, 28: dns.rdatatype.AAAA}
    batches = Batches(questions)

    def run(loops: int) -> int:
        ops = 0
        for _ in range(loops):
            chunk = batches.next()
            for name, qtype in chunk:
                make_query(name, types[qtype], use_edns=0).to_wire()
            ops += len(chunk)
        return ops

    return run


def query_dnslib(questions: Sequence[tuple[str, int]]) -> Runner:
    question = dnslib.DNSRecord.question
    types = {1: "A", 28: "AAAA"}
    batches = Batches(questions)

    def run(loops: int) -> int:
        ops = 0
        for _ in range(loops):
            chunk = batches.next()
            for name, qtype in chunk:
                question(name, types[qtype]).pack()
            ops += len(chunk)
        return ops

    return run


def premade_ours(questions: Sequence[tuple[str, int]]) -> Runner:
    queries = [Query(name, qtype) for name, qtype in questions]
    randbits = secrets.randbits

    def run(loops: int) -> int:
        for _ in range(loops):
            for query in queries:
                encode_query(query, randbits(16))
        return loops * len(queries)

    return run


def premade_dnspython(questions: Sequence[tuple[str, int]]) -> Runner:
    msgs = [dns.message.make_query(name, qtype, use_edns=0) for name, qtype in questions]

    def run(loops: int) -> int:
        for _ in range(loops):
            for msg in msgs:
                msg.to_wire()
        return loops * len(msgs)

    return run


def premade_dnslib(questions: Sequence[tuple[str, int]]) -> Runner:
    types = {1: "A", 28: "AAAA"}
    msgs = [dnslib.DNSRecord.question(name, types[qtype]) for name, qtype in questions]

    def run(loops: int) -> int:
        for _ in range(loops):
            for msg in msgs:
                msg.pack()
        return loops * len(msgs)

    return run


# -- message encode ----------------------------------------------------------------------------


def encode_ours(wires: Sequence[bytes]) -> Runner:
    msgs = [Message.from_wire(w) for w in wires]

    def run(loops: int) -> int:
        for _ in range(loops):
            for msg in msgs:
                msg.to_wire()
        return loops * len(msgs)

    return run


def encode_dnspython(wires: Sequence[bytes]) -> Runner:
    msgs = [dns.message.from_wire(w) for w in wires]

    def run(loops: int) -> int:
        for _ in range(loops):
            for msg in msgs:
                msg.to_wire(max_size=65535)
        return loops * len(msgs)

    return run


def encode_dnslib(wires: Sequence[bytes]) -> Runner:
    msgs = [dnslib.DNSRecord.parse(w) for w in wires]

    def run(loops: int) -> int:
        for _ in range(loops):
            for msg in msgs:
                msg.pack()
        return loops * len(msgs)

    return run


# -- sanity ------------------------------------------------------------------------------------


def check_corpus(corpus: Corpus) -> dict[str, Any]:
    """Decode every distinct message with all three libraries and compare record counts.

    Also re-encodes ours and decodes it again (must give an equal message) and counts the
    records ours decoded as :class:`rr.Unknown`, by type.

    Raises:
        SystemExit: a library failed on a message, or the libraries disagree on its contents.
    """
    unknown: Counter[str] = Counter()
    octets = dict.fromkeys(LIBS, 0)
    for sample in corpus.samples:
        wire = sample.wire
        try:
            ours = Message.from_wire(wire)
        except asyncdns_wire.DecodeError as exc:
            raise SystemExit(
                f"ours failed to decode a {sample.category} message: {exc!r}"
            ) from None
        theirs = dns.message.from_wire(wire)
        other = dnslib.DNSRecord.parse(wire)
        n_ours = len(ours.answers) + len(ours.authorities) + len(ours.additional)
        n_dnspython = sum(
            len(s) for sec in (theirs.answer, theirs.authority, theirs.additional) for s in sec
        )
        n_dnslib = len(other.rr) + len(other.auth) + sum(1 for r in other.ar if r.rtype != 41)
        if not n_ours == n_dnspython == n_dnslib == sample.records:
            raise SystemExit(
                f"record counts disagree on a {sample.category} message: ours {n_ours}, "
                f"dnspython {n_dnspython}, dnslib {n_dnslib}, built {sample.records}"
            )
        again = ours.to_wire()
        if Message.from_wire(again) != ours:
            raise SystemExit(f"ours does not round-trip a {sample.category} message")
        octets["ours"] += len(again)
        octets["dnspython"] += len(theirs.to_wire(max_size=65535))
        octets["dnslib"] += len(other.pack())
        for record in (*ours.answers, *ours.authorities, *ours.additional):
            if type(record) is rr.Unknown:
                unknown[dns.rdatatype.to_text(record.rr_type)] += 1
    return {
        "unknown_records": dict(sorted(unknown.items())),
        "reencoded_octets": octets,
        "original_octets": sum(len(s.wire) for s in corpus.samples),
    }


# -- the run -----------------------------------------------------------------------------------


def run_benchmarks(corpus: Corpus, repeat: int, min_time: float, clock: str) -> dict[str, Any]:
    wires = [s.wire for s in corpus.weighted]
    dnssec = [s.wire for s in corpus.dnssec]
    cold = query_names(COLD_NAMES)
    hot = query_names(HOT_NAMES)
    decoders = (decode_ours, decode_dnspython, decode_dnslib)
    suites: dict[str, tuple[tuple[Callable[[Any], Runner], ...], Sequence[Any]]] = {
        "decode": (decoders, wires),
        "decode_dnssec": (decoders, dnssec),
        "query_encode": ((query_ours, query_dnspython, query_dnslib), cold),
        "query_encode_hot": ((query_ours, query_dnspython, query_dnslib), hot),
        "query_encode_premade": ((premade_ours, premade_dnspython, premade_dnslib), hot),
        "message_encode": ((encode_ours, encode_dnspython, encode_dnslib), wires),
    }
    results: dict[str, Any] = {}
    for section, (factories, data) in suites.items():
        runners = {lib: make(data) for lib, make in zip(LIBS, factories, strict=True)}
        results[section] = measure(runners, repeat, min_time, clock)
    return results


def ratios(results: dict[str, Any]) -> dict[str, dict[str, float]]:
    out = {}
    for section in results:
        ours = results[section]["ours"]["best"]
        out[section] = {
            "ours/dnspython": ours / results[section]["dnspython"]["best"],
            "ours/dnslib": ours / results[section]["dnslib"]["best"],
        }
    return out


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, section, num, den, minimum in TARGETS:
        ratio = results[section][num]["best"] / results[section][den]["best"]
        out.append({"target": name, "ratio": ratio, "minimum": minimum, "pass": ratio >= minimum})
    return out


def print_report(report: dict[str, Any]) -> None:
    env = report["environment"]
    corpus = report["corpus"]
    print(
        f"asyncdns codec benchmark: Python {env['python']}, asyncdns-wire {env['asyncdns_wire']}, "
        f"dnspython {env['dnspython']}, dnslib {env['dnslib']}"
        + (" [--quick: numbers are rough]" if report["quick"] else "")
    )
    print(
        f"\ncorpus: {corpus['messages']} messages ({corpus['distinct']} distinct), "
        f"{corpus['octets']:,} octets, {corpus['records']:,} records; "
        f"DNSSEC subset {corpus['dnssec_messages']} messages"
    )
    print(
        f"  {'category':<10} {'share':>6} {'distinct':>9} {'mean octets':>12} {'mean records':>13}"
    )
    for row in corpus["composition"]:
        print(
            f"  {row['category']:<10} {row['share']:>6.0%} {row['distinct']:>9} "
            f"{row['mean_octets']:>12.0f} {row['mean_records']:>13.1f}"
        )
    sanity = report["sanity"]
    unknown = ", ".join(f"{t} {n}" for t, n in sanity["unknown_records"].items()) or "none"
    print(f"  records ours decodes as rr.Unknown (distinct messages): {unknown}")
    reenc = sanity["reencoded_octets"]
    print(
        f"  re-encoded size of the {corpus['distinct']} distinct messages (original "
        f"{sanity['original_octets']:,}): ours {reenc['ours']:,}, "
        f"dnspython {reenc['dnspython']:,}, dnslib {reenc['dnslib']:,} octets"
    )
    results = report["results"]
    rat = report["ratios"]
    if report["cpu_share"] < 0.9:
        hint = " (or --clock cpu)" if report["clock"] == "wall" else ""
        print(
            f"\nnote: the machine is busy: this process had a CPU for only "
            f"{report['cpu_share']:.0%} of the timed wall time; rates are low and ratios noisy: "
            f"a quiet machine{hint} gives steadier figures"
        )
    print(
        f"\n{'ops/s (' + report['clock'] + ' clock, best of ' + str(report['repeat']) + ')':<38}"
        f"{'ours':>11}{'dnspython':>11}{'dnslib':>11}{'ours/dnspy':>12}{'ours/dnslib':>12}"
    )
    for section, label, unit in ROWS:
        cells = "".join(f"{results[section][lib]['best']:>11,.0f}" for lib in LIBS)
        print(
            f"{label + ' (' + unit + ')':<38}{cells}"
            f"{rat[section]['ours/dnspython']:>11.2f}x{rat[section]['ours/dnslib']:>11.2f}x"
        )
    print("\ntargets:")
    for t in report["targets"]:
        verdict = "PASS" if t["pass"] else "MISS"
        print(f"  {verdict}  {t['target']:<34} measured {t['ratio']:.2f}x")


def profile(corpus: Corpus, what: str, top: int) -> None:
    """Print a cProfile listing (by own time) of our decoder or encoder on the corpus."""
    wires = [s.wire for s in corpus.weighted]
    runners = {
        "decode": decode_ours(wires),
        "encode": encode_ours(wires),
        "query": query_ours(query_names(COLD_NAMES)),
    }
    run = runners[what]
    run(1)
    prof = cProfile.Profile()
    prof.enable()
    run(20 if what != "query" else 60)
    prof.disable()
    stats = pstats.Stats(prof, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (rough numbers)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--repeat", type=int, help="samples per measurement (default 15, quick 2)")
    parser.add_argument(
        "--min-time", type=float, help="least seconds per sample (default 0.05, quick 0.005)"
    )
    parser.add_argument("--size", type=int, help="weighted corpus size (default 500, quick 100)")
    parser.add_argument(
        "--profile",
        choices=("decode", "encode", "query"),
        help="profile ours (cProfile, by own time) instead of benchmarking",
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="rank samples by wall time (perf_counter_ns, the default) or by this process's "
        "CPU time (steadier on a busy machine)",
    )
    parser.add_argument("--top", type=int, default=30, help="rows of the --profile listing")
    args = parser.parse_args(argv)
    repeat = args.repeat or (2 if args.quick else 15)
    min_time = args.min_time or (0.005 if args.quick else 0.05)
    size = args.size or (100 if args.quick else 500)

    corpus = build_corpus(size)
    if args.profile:
        profile(corpus, args.profile, args.top)
        return 0
    sanity = check_corpus(corpus)
    results = run_benchmarks(corpus, repeat, min_time, args.clock)
    report = {
        "quick": args.quick,
        "repeat": repeat,
        "min_time": min_time,
        "clock": args.clock,
        "cpu_share": cpu_share(),
        "query_names": {"cold": COLD_NAMES, "hot": HOT_NAMES},
        "environment": {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "machine": platform.machine(),
            "asyncdns_wire": asyncdns_wire.__version__,
            "dnspython": dns.version.version,
            "dnslib": dnslib.version,
        },
        "corpus": {
            "messages": len(corpus.weighted),
            "distinct": len(corpus.samples),
            "octets": sum(len(s.wire) for s in corpus.weighted),
            "records": sum(s.records for s in corpus.weighted),
            "dnssec_messages": len(corpus.dnssec),
            "dnssec_types": sorted(dns.rdatatype.to_text(t) for t in DNSSEC_TYPES),
            "weights": WEIGHTS,
            "composition": corpus.composition(),
        },
        "sanity": sanity,
        "results": results,
        "ratios": ratios(results),
        "targets": targets(results),
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
