"""Running the real ``asyncdns`` command in a subprocess, bounded in time."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests._support import offline_env

ZONE = """
$ORIGIN example.net.
$TTL 300
@     SOA   ns1 hostmaster 1 7200 3600 1209600 60
@     NS    ns1
@     MX    10 mail
ns1   A     198.51.100.53
mail  A     198.51.100.25
www   A     203.0.113.9
www   AAAA  2001:db8::9
api   CNAME www
txt   TXT   "hello world" "second"
"""
"""The zone the fake-server tests serve."""


def run(
    *args: str, input: str | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """``python -m asyncdns ARGS...``: its exit status, stdout and stderr (decoded as they
    are: no newline translation, so a progress bar's ``\r`` stays visible)."""
    env = offline_env()  # --system runs read only the files their arguments name
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run(
        [sys.executable, "-m", "asyncdns", *args],
        input=None if input is None else input.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def at(server: Any) -> str:
    """The ``@server`` word for a fake server."""
    host, port = server.address
    return f"@[{host}]:{port}" if ":" in host else f"@{host}:{port}"


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every line of *text* parsed as JSON."""
    return [json.loads(line) for line in text.splitlines()]
