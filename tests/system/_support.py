"""Shared helpers for the asyncdns-system tests: fixture data, a fake clock, a zone.

Nothing here reads the machine's own DNS configuration: files come from ``data/`` or the
test's ``tmp_path``, and every server is a pytest-asyncdns fake on loopback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from asyncdns_resolvers import ResolverOptions
from asyncdns_system import DarwinSnapshot, WindowsSnapshot
from asyncdns_wire import Message
from tests._support import MakeServer, WriteConf, WriteHosts  # noqa: F401 (the system tests' names)

DATA = Path(__file__).parent / "data"


ZONE = """
$ORIGIN example.test.
$TTL 300
@        SOA   ns1 hostmaster 1 3600 600 86400 60
@        NS    ns1
ns1      A     198.51.100.53
www      A     198.51.100.80
www      AAAA  2001:db8::80
v4only   A     198.51.100.81
web.corp A     198.51.100.82
"""
"""``www`` (A and AAAA), ``v4only`` (A only) and ``web.corp`` under ``example.test``."""

OTHER_ZONE = """
$ORIGIN example.test.
$TTL 300
@        SOA   ns1 hostmaster 1 3600 600 86400 60
@        NS    ns1
www      A     203.0.113.80
web.corp A     203.0.113.82
"""
"""The same names with other addresses: tells which server answered."""


def text(*parts: str) -> str:
    """The text of a fixture file under ``data/``."""
    return DATA.joinpath(*parts).read_text(encoding="utf-8")


def load_json(*parts: str) -> Any:
    """A JSON fixture under ``data/``."""
    return json.loads(text(*parts))


def darwin_snapshot(name: str) -> DarwinSnapshot:
    """A captured SCDynamicStore state from ``data/darwin``."""
    return DarwinSnapshot(**load_json("darwin", name))


def windows_snapshot(name: str) -> WindowsSnapshot:
    """A captured Windows state from ``data/windows``."""
    return WindowsSnapshot(**load_json("windows", name))


def fast() -> ResolverOptions:
    """Short timeouts so failure paths finish quickly."""
    return ResolverOptions(timeout=0.3, max_timeout=0.6, lifetime=3.0)


def addresses(reply: Message) -> list[str]:
    """The A/AAAA addresses of the answer section, as text."""
    return [str(rr.address) for rr in reply.answers if hasattr(rr, "address")]


def replace_file(path: Path, content: str) -> None:
    """Replace *path* the way configuration tools do (new inode, atomic rename)."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += seconds
