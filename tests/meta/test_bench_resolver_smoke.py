"""Smoke test of the resolver benchmark (``bench/resolver.py``): it runs, and reports sane figures.

No timing is asserted: the machine may be busy. What is checked is the shape of the report:
every client measured, ratios and targets agreeing with the figures they come from, and the
in-flight lookups all ending with the timeout error. Skipped when NSD is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
from typing import Any

import pytest

from tests.interop.nsd import nsd_binary

from ._bench_support import assert_ratios, quick_report, run_bench

UNCACHED = {"ours", "dnspython", "aiodns", "minimal", "minimal+timeout", "minimal+decode"}
CACHED = {"ours", "dnspython"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(nsd_binary() is None, reason="nsd is not installed (apt-get install nsd)"),
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_bench("resolver.py", *args, timeout=300)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return quick_report("resolver.py", timeout=300)


def test_top_level_keys(report: dict[str, Any]) -> None:
    assert {
        "quick",
        "repeat",
        "lookups",
        "concurrency",
        "server",
        "environment",
        "cpu_share",
        "results",
        "inflight",
        "ratios",
        "targets",
    } <= report.keys()
    assert report["quick"] is True
    assert report["repeat"] >= 1 and report["lookups"] >= 1 and report["concurrency"] == 256
    assert report["server"].startswith("127.0.0.1:")
    assert 0 < report["cpu_share"] <= 1
    env = report["environment"]
    assert {
        "python",
        "loop",
        "asyncdns_resolvers",
        "dnspython",
        "aiodns",
        "c_ares",
        "nsd",
    } <= env.keys()
    assert env["loop"] == "asyncio"


def test_every_measurement_is_positive(report: dict[str, Any]) -> None:
    results = report["results"]
    assert set(results) == {"uncached", "cached"}
    for section, labels in (("uncached", UNCACHED), ("cached", CACHED)):
        assert set(results[section]) == labels, section
        for label, m in results[section].items():
            assert math.isfinite(m["best"]) and m["best"] > 0, (section, label)
            assert 0 < m["median"] <= m["best"], (section, label)
            assert m["cpu_us_per_lookup"] > 0, (section, label)
            assert m["errors"] >= 0 and m["repeat"] == report["repeat"], (section, label)
    # Our resolver, on loopback, loses nothing.
    assert results["uncached"]["ours"]["errors"] == 0


def test_ratios_come_from_the_results(report: dict[str, Any]) -> None:
    results, ratios = report["results"], report["ratios"]
    for section, labels in (("uncached", UNCACHED), ("cached", CACHED)):
        assert set(ratios[section]) == {f"ours/{o}" for o in labels - {"ours"}}
        assert_ratios(results[section], ratios[section], labels - {"ours"}, section)


def test_targets_are_judged(report: dict[str, Any]) -> None:
    targets = report["targets"]
    assert len(targets) == 7
    for t in targets:
        if "minimum" in t:
            assert t["pass"] is (t["value"] >= t["minimum"]), t
        else:
            assert t["pass"] is (t["value"] < t["maximum"]), t
    by_name = {t["target"]: t for t in targets}
    assert by_name["uncached >= 2x aiodns"]["value"] == pytest.approx(
        report["ratios"]["uncached"]["ours/aiodns"]
    )
    assert by_name["in flight: open fds < 300"]["value"] == report["inflight"]["peak_fds"]


def test_every_lookup_in_flight_timed_out(report: dict[str, Any]) -> None:
    inflight = report["inflight"]
    assert inflight["lookups"] >= 1
    assert inflight["outcomes"] == {"ResolutionTimeout": inflight["lookups"]}
    assert inflight["all_timed_out"] is True
    # Every lookup ended within its lifetime, give or take the loop's latency.
    assert inflight["lifetime"] * 0.99 <= inflight["seconds"] < inflight["lifetime"] + 30
    assert inflight["peak_rss_mib"] >= inflight["baseline_rss_mib"] > 0
    assert inflight["peak_fds"] >= inflight["baseline_fds"] > 0


def test_text_report_and_profile() -> None:
    text = _run("--quick", "--lookups", "500", "--inflight", "200").stdout
    assert "uncached lookups (distinct names)" in text and "cache hits" in text
    assert text.count("PASS") + text.count("MISS") == 7
    listing = _run("--quick", "--lookups", "500", "--profile", "uncached", "--top", "5").stdout
    assert "uncached lookups under cProfile" in listing
    assert "function calls" in listing


@pytest.mark.skipif(importlib.util.find_spec("uvloop") is None, reason="uvloop is not installed")
def test_uvloop() -> None:
    result = json.loads(
        _run("--quick", "--uvloop", "--json", "--lookups", "500", "--inflight", "200").stdout
    )
    assert result["environment"]["loop"] == "uvloop"
    assert result["results"]["uncached"]["ours"]["best"] > 0
    assert result["inflight"]["all_timed_out"] is True
