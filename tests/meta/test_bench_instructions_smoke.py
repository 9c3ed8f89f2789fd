"""Smoke test of the instruction-count benchmark (``bench/instructions.py``).

Its workloads run and end by themselves (each its own child interpreter, as under valgrind);
where valgrind is installed, a count comes out, and comes out the same twice: the reason the
tool exists.
"""

from __future__ import annotations

import json
import shutil

import pytest

from ._bench_support import run_bench

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("workload", ["decode", "uncached", "hit", "minimal"])
def test_each_workload_runs_and_ends(workload: str) -> None:
    proc = run_bench("instructions.py", "--child", workload, "600", timeout=120)
    assert proc.stdout == ""


def test_an_unknown_workload_is_refused() -> None:
    with pytest.raises(AssertionError, match="unknown workload"):
        run_bench("instructions.py", "--child", "nonsense", "1", timeout=60)


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_the_count_is_steady() -> None:
    counts = []
    for _ in range(2):
        report = json.loads(
            run_bench(
                "instructions.py", "--only", "decode", "--scale", "0.02", "--json", timeout=600
            ).stdout
        )
        decode = report["results"]["decode"]
        assert decode["operations"] == 400
        counts.append(decode["instructions_per_op"])
    # Decoding a 94-octet reply takes tens of thousands of instructions, never millions.
    assert 5_000 < counts[0] < 1_000_000
    assert counts[1] == pytest.approx(counts[0], rel=0.01)
