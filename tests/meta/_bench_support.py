"""What the benchmark smoke tests share: running a ``bench/`` script and checking its ratios."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bench(script: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``bench/<script>`` with *args* from the repository root; it must succeed."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, (
        f"bench/{script} {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    )
    return proc


def quick_report(script: str, *, timeout: float = 600) -> dict[str, Any]:
    """The ``--quick --json`` report of ``bench/<script>``."""
    result: dict[str, Any] = json.loads(
        run_bench(script, "--quick", "--json", timeout=timeout).stdout
    )
    return result


def assert_ratios(
    results: Mapping[str, Any], ratios: Mapping[str, float], others: Iterable[str], where: str
) -> None:
    """Each ``ours/OTHER`` of *ratios* is ours' best over OTHER's best in *results*."""
    ours = results["ours"]["best"]
    for other in others:
        expected = ours / results[other]["best"]
        assert ratios[f"ours/{other}"] == pytest.approx(expected), (where, other)
