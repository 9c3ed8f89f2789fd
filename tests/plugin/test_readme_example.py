"""The README's downstream example is a test: extract it and run it with pytester."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "packages" / "pytest-asyncdns" / "README.md"
BLOCK = re.compile(r"<!-- test: (?P<name>[\w.]+) -->\n```python\n(?P<code>.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    return [(m["name"], m["code"]) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_readme_has_an_example() -> None:
    assert [name for name, _ in examples()] == ["test_readme_downstream.py"]


def test_readme_example_passes(pytester: pytest.Pytester) -> None:
    for name, code in examples():
        pytester.makepyfile(**{name.removesuffix(".py"): code})
    pytester.makeini(
        "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=3)


def test_readme_documents_every_fixture() -> None:
    from pytest_asyncdns import plugin

    text = README.read_text(encoding="utf-8")
    fixtures = [name for name in dir(plugin) if name.startswith("asyncdns_")]
    assert len(fixtures) == 12
    missing = [name for name in fixtures if f"`{name}`" not in text]
    assert missing == []
