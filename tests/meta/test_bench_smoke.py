"""Smoke test of the codec benchmark (``bench/codec.py``): it runs, and reports sane numbers.

No timing is asserted: the machine may be busy. What is checked is that every measurement is
there and positive, and that ratios and targets agree with the figures they come from.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from ._bench_support import assert_ratios, quick_report, run_bench

LIBS = ("ours", "dnspython", "dnslib")
SECTIONS = (
    "decode",
    "decode_dnssec",
    "query_encode",
    "query_encode_hot",
    "query_encode_premade",
    "message_encode",
)
CATEGORIES = {"plain", "negative", "referral", "edns", "mx_srv", "txt", "dnssec"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return quick_report("codec.py")


def test_top_level_keys(report: dict[str, Any]) -> None:
    assert {
        "quick",
        "repeat",
        "environment",
        "corpus",
        "sanity",
        "results",
        "ratios",
        "targets",
    } <= report.keys()
    assert report["quick"] is True
    assert report["repeat"] >= 1
    assert report["clock"] == "wall"
    assert 0 < report["cpu_share"] <= 1
    assert {"python", "asyncdns_wire", "dnspython", "dnslib"} <= report["environment"].keys()


def test_every_measurement_is_positive(report: dict[str, Any]) -> None:
    results = report["results"]
    assert set(results) == set(SECTIONS)
    for section in SECTIONS:
        assert set(results[section]) == set(LIBS), section
        for lib in LIBS:
            m = results[section][lib]
            assert math.isfinite(m["best"]) and m["best"] > 0, (section, lib)
            assert 0 < m["median"] <= m["best"], (section, lib)
            assert m["best"] == m["wall_best"], (section, lib)
            assert m["cpu_best"] > 0, (section, lib)
            assert m["ops"] > 0, (section, lib)


def test_ratios_come_from_the_results(report: dict[str, Any]) -> None:
    results, ratios = report["results"], report["ratios"]
    for section in SECTIONS:
        assert_ratios(results[section], ratios[section], ("dnspython", "dnslib"), section)


def test_targets_are_judged(report: dict[str, Any]) -> None:
    targets = report["targets"]
    assert [t["target"].split()[0] for t in targets] == ["decode", "decode", "query"]
    for t in targets:
        assert t["ratio"] > 0 and t["minimum"] > 0
        assert t["pass"] is (t["ratio"] >= t["minimum"])


def test_corpus_covers_every_category(report: dict[str, Any]) -> None:
    corpus = report["corpus"]
    rows = {row["category"]: row for row in corpus["composition"]}
    assert set(rows) == CATEGORIES
    for row in rows.values():
        assert row["distinct"] > 0 and row["messages"] > 0
        assert row["mean_octets"] > 12 and row["mean_records"] >= 1
    assert sum(row["messages"] for row in rows.values()) == corpus["messages"]
    assert sum(row["share"] for row in rows.values()) == pytest.approx(1.0)
    assert corpus["dnssec_messages"] == rows["dnssec"]["messages"]
    assert corpus["octets"] > 0 and corpus["records"] > corpus["messages"]


def test_every_library_reencodes_the_corpus(report: dict[str, Any]) -> None:
    sanity = report["sanity"]
    assert sanity["original_octets"] > 0
    for lib in LIBS:
        assert sanity["reencoded_octets"][lib] > 0
    assert all(n > 0 for n in sanity["unknown_records"].values())


def test_text_report_and_profile() -> None:
    text = run_bench("codec.py", "--quick", "--repeat", "1").stdout
    assert "decode, weighted corpus" in text
    assert text.count("PASS") + text.count("MISS") == 3
    listing = run_bench("codec.py", "--quick", "--profile", "decode", "--top", "5").stdout
    assert "from_wire" in listing
