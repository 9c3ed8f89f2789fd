"""asyncdns-wire is a codec: importing it must not drag in I/O, threads or randomness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

WIRE_SRC = Path(__file__).resolve().parents[2] / "packages" / "asyncdns-wire" / "src"

FORBIDDEN = ["asyncio", "socket", "ssl", "threading", "random", "secrets", "ctypes", "selectors"]

_PROBE = """
import json, sys
before = set(sys.modules)
import asyncdns_wire
import asyncdns_wire.rr
asyncdns_wire.Message.from_wire(asyncdns_wire.encode_query(asyncdns_wire.Query("a.example", 1), 1))
print(json.dumps({"all": sorted(sys.modules), "new": sorted(set(sys.modules) - before),
                  "file": asyncdns_wire.__file__}))
"""


def _probe(*flags: str, env: dict[str, str]) -> dict[str, list[str] | str]:
    result = subprocess.run(
        [sys.executable, *flags, "-c", _PROBE],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, list[str] | str] = json.loads(result.stdout)
    return data


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def test_bare_interpreter_imports_nothing_forbidden() -> None:
    # -S: no site, so no .pth hooks; only the package's own source directory is on the path.
    env = _clean_env()
    env["PYTHONPATH"] = str(WIRE_SRC)
    data = _probe("-S", env=env)
    assert str(data["file"]).startswith(str(WIRE_SRC))
    loaded = set(data["all"])
    assert not loaded & set(FORBIDDEN), sorted(loaded & set(FORBIDDEN))
    # Nor any sibling distribution or third-party DNS library.
    others = {
        "asyncdns",
        "asyncdns_resolvers",
        "asyncdns_system",
        "pytest_asyncdns",
        "dns",
        "dnslib",
    }
    assert not loaded & others


def test_installed_package_adds_nothing_forbidden() -> None:
    # As the test environment has it installed (editable), with site and its hooks running.
    data = _probe(env=_clean_env())
    new = set(data["new"])
    assert not new & set(FORBIDDEN), sorted(new & set(FORBIDDEN))


@pytest.mark.parametrize("module", FORBIDDEN)
def test_each_forbidden_module_is_really_importable(module: str) -> None:
    # Guard against a typo in FORBIDDEN making the test above vacuous.
    __import__(module)
