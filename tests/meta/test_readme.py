"""The root README's examples are true: its pytest example runs, its quick start is two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_quick_start_is_exactly_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.split("#", 1)[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", quick, re.S)
        for line in block.splitlines()
        if line.strip()
    ]
    assert commands == ["hatch run lookup www.example.com A", "hatch run test:all"]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nhatch run test:all" in ci  # CI runs the README's test command


def test_pytest_example_runs(pytester: pytest.Pytester) -> None:
    examples = [b for b in _blocks("python") if "def test_" in b]
    assert examples, "the README has a pytest example"
    pytester.makepyfile(*examples)
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
        "filterwarnings = error\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(examples))
