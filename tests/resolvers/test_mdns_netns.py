"""The MulticastResolver against real multicast, inside a private network namespace.

The cases live in ``mdns_netns_cases.py``; this module runs them once with pytest in a child
process under ``unshare -n`` (``pytest_asyncdns.run_in_netns``: lo up with multicast on, and
a veth pair for IPv6) and reports each case as a test of its own. Nothing is multicast from
this process. Where a namespace cannot be made, every case skips with the reason.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_asyncdns import netns_available, run_in_netns

HERE = Path(__file__).parent
CASES = HERE / "mdns_netns_cases.py"
ROOT = HERE.parents[1]


def case_names(path: Path) -> list[str]:
    """The test functions a cases module defines, in order (read without importing it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test_")
    ]


def run_cases(
    path: Path,
    tmp: Path,
    argv_prefix: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> dict[str, str]:
    """Run *path* with pytest in a private network namespace; each case's outcome by name.

    The namespace is ``run_in_netns``'s unless *argv_prefix* (a command that sets one up and
    runs its arguments) is given; *env* replaces the environment.

    An outcome is ``"passed"``, ``"skipped: why"`` or ``"failed: details"``; parametrized
    cases are folded into their function (the first failure or skip wins).
    """
    report = tmp / "report.xml"
    argv = [
        sys.executable,
        "-m",
        "pytest",
        str(path),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-q",
        "-rs",
        f"--junitxml={report}",
    ]
    if argv_prefix is None:
        proc = run_in_netns(argv, timeout=300, cwd=str(ROOT), env=env)
    else:
        proc = subprocess.run(
            [*argv_prefix, *argv],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=str(ROOT),
            env=env,
            check=False,
        )
    if not report.exists():
        pytest.fail(f"the cases did not run:\n{proc.stdout}\n{proc.stderr}")
    outcomes: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("name", "").split("[")[0]
        outcome = "passed"
        for tag in ("failure", "error", "skipped"):
            element = case.find(tag)
            if element is not None:
                detail = (element.get("message") or "") + "\n" + (element.text or "")
                outcome = ("skipped" if tag == "skipped" else "failed") + ": " + detail.strip()
                break
        if outcomes.get(name, "passed") == "passed":
            outcomes[name] = outcome
    return outcomes


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    ok, reason = netns_available()
    if not ok:
        pytest.skip(f"no private network namespace: {reason}")
    return run_cases(CASES, tmp_path_factory.mktemp("mdns"))


@pytest.mark.parametrize("case", case_names(CASES))
def test_in_a_private_network_namespace(outcomes: dict[str, str], case: str) -> None:
    outcome = outcomes.get(case, "missing: the case did not run")
    if outcome.startswith("skipped"):
        pytest.skip(outcome)
    assert outcome == "passed", outcome


def test_every_case_ran(outcomes: dict[str, str]) -> None:
    assert sorted(outcomes) == sorted(case_names(CASES))
