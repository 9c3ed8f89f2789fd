"""asyncdns-wire stands alone: installed by itself into a fresh virtual environment (no other
asyncdns distribution, no dnslib, no dnspython), it decodes a real response."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIRE = ROOT / "packages" / "asyncdns-wire"

#: A real response (dnspython-built, then frozen): www.example.com A, CNAME chain, EDNS cookie.
RESPONSE = bytes.fromhex(
    "beef8580000100020000000103777777076578616d706c6503636f6d0000010001"
    "c00c0005000100000e10000d0a63646e2d6f726967696ec010"
    "c02d000100010000003c0004c6336407"
    "00002904d000008000000c000a00080102030405060708"
)

SCRIPT = textwrap.dedent(
    """
    import importlib, json, sys
    from asyncdns_wire import Message, rr

    reply = Message.from_wire(bytes.fromhex(sys.argv[1]))
    result = {
        "id": reply.id,
        "rcode": reply.rcode,
        "answers": [str(r) for r in reply.answers],
        "cname": isinstance(reply.answers[0], rr.CNAME),
        "do": reply.edns.do,
        "cookie": reply.edns.options[0].client.hex(),
        "missing": [],
    }
    for name in ("asyncdns_resolvers", "asyncdns_system", "pytest_asyncdns", "asyncdns",
                 "dnslib", "dns"):
        try:
            importlib.import_module(name)
        except ImportError:
            result["missing"].append(name)
    print(json.dumps(result))
    """
)


def _run(
    *args: str | Path, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_wire_installs_and_works_alone(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"

    # Build the wheel with this environment's pip (the build backend, hatchling, comes from the
    # package index into an isolated build environment), then install only that wheel, with no
    # index at all, into a fresh virtual environment that has no pip of its own.
    wheels = tmp_path / "wheels"
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, WIRE, env=env
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("asyncdns_wire-*.whl")

    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        wheel,
        env=env,
    )
    assert installed.returncode == 0, installed.stderr

    listed = _run(python, "-I", "-c", "import sys; print(sys.path)", env=env, cwd=tmp_path)
    assert str(ROOT) not in listed.stdout  # nothing from the checkout leaks in

    # -I: isolated mode (no PYTHON* variables, no user site, no cwd on sys.path).
    ran = _run(python, "-I", "-c", SCRIPT, RESPONSE.hex(), env=env, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["id"] == 0xBEEF
    assert result["rcode"] == 0
    assert result["answers"] == [
        "www.example.com.\t3600\tIN\tCNAME\tcdn-origin.example.com.",
        "cdn-origin.example.com.\t60\tIN\tA\t198.51.100.7",
    ]
    assert result["cname"] is True
    assert result["do"] is True
    assert result["cookie"] == "0102030405060708"
    assert result["missing"] == [
        "asyncdns_resolvers",
        "asyncdns_system",
        "pytest_asyncdns",
        "asyncdns",
        "dnslib",
        "dns",
    ]
