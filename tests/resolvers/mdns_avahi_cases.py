"""MulticastResolver against a real responder, avahi-daemon: run ONLY inside private network
and mount namespaces.

``test_mdns_avahi.py`` runs this module under ``unshare -n -m`` with ``/etc/avahi/hosts``
bind-mounted over by a temporary static-hosts file and a tmpfs on ``/run`` (so the real
files are never touched), and with ``lo`` plus the veth pair ``mdns0``/``mdns1`` set up as
for the other multicast tests. avahi-daemon publishes on ``mdns1``; the resolver queries on
``mdns0``. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from asyncdns_resolvers import MulticastOptions, MulticastResolver
from asyncdns_wire import AAAA, NOERROR, NXDOMAIN, PTR, A, Message, Query, rr
from pytest_asyncdns import private_netns_status

HOSTS = """\
198.51.100.10 printer.local
2001:db8::10 printer6.local
169.254.7.7 linklocal.local
198.51.100.11 café.local
"""
"""The static hosts avahi publishes (written to the file bind-mounted on /etc/avahi/hosts)."""

CONFIG = """\
[server]
host-name=asyncdns-avahi
domain-name=local
use-ipv4=yes
use-ipv6=yes
allow-interfaces=mdns1
enable-dbus=no
ratelimit-interval-usec=1000000
ratelimit-burst=1000

[wide-area]
enable-wide-area=no

[publish]
publish-hinfo=no
publish-workstation=no
publish-addresses=yes
"""

RESPONDER_ADDRESS = "198.51.100.1"  # avahi's end, mdns1
QUERIER_ADDRESS = "198.51.100.2"  # ours, mdns0


@dataclass
class Avahi:
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _sh(*argv: str) -> None:
    subprocess.run(argv, check=True, timeout=10, capture_output=True)


def _sysctl(path: str, value: str) -> None:
    with open(f"/proc/sys/net/{path}", "w") as f:
        f.write(value)


@pytest.fixture(scope="module")
def avahi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Avahi]:
    safe, reason = private_netns_status()
    if not safe:
        pytest.skip(f"avahi runs only in a private network namespace ({reason})")
    if not os.environ.get("ASYNCDNS_AVAHI_NAMESPACE"):
        pytest.skip("not in the mount namespace test_mdns_avahi.py prepares")
    if not os.environ.get("ASYNCDNS_NETNS_V6"):
        pytest.skip("no veth pair in this namespace (avahi does not use loopback)")
    daemon = shutil.which("avahi-daemon") or "/usr/sbin/avahi-daemon"
    tmp = tmp_path_factory.mktemp("avahi")
    (tmp / "avahi-daemon.conf").write_text(CONFIG, encoding="utf-8")
    # Two ends of one link in one namespace: accept packets whose source is a local address.
    for conf in ("all", "mdns0", "mdns1"):
        _sysctl(f"ipv4/conf/{conf}/accept_local", "1")
        _sysctl(f"ipv4/conf/{conf}/rp_filter", "0")
    _sh("ip", "addr", "replace", f"{RESPONDER_ADDRESS}/24", "dev", "mdns1")
    _sh("ip", "addr", "replace", f"{QUERIER_ADDRESS}/24", "dev", "mdns0")
    log = tmp / "avahi.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                daemon,
                "--no-drop-root",
                "--no-chroot",
                "--no-rlimits",
                "--no-proc-title",
                "-f",
                str(tmp / "avahi-daemon.conf"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    handle = Avahi(process, log)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            text = handle.text()
            if text.count("successfully established") >= HOSTS.count("\n"):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"avahi-daemon did not publish the static hosts:\n{handle.text()}")
        yield handle
    finally:
        handle.stop()


def options(**overrides: Any) -> MulticastOptions:
    settings: dict[str, Any] = {"interface": "mdns0"}
    settings.update(overrides)
    return MulticastOptions(**settings)


def addresses(reply: Message) -> list[str]:
    return sorted(str(r.address) for r in reply.answers if isinstance(r, (rr.A, rr.AAAA)))


@pytest.mark.parametrize("check_hop_limit", [False, True])
async def test_static_host_over_ipv4(avahi: Avahi, check_hop_limit: bool) -> None:
    query = Query("Printer.local", A)
    async with MulticastResolver(options(check_hop_limit=check_hop_limit)) as resolver:
        reply = await resolver.lookup(query)
    assert reply.rcode == NOERROR, avahi.text()
    assert addresses(reply) == ["198.51.100.10"]
    assert reply.questions == [query]
    assert all(r.ttl <= 10 for r in reply.answers)  # legacy unicast TTL cap (section 6.7)


async def test_static_host_over_ipv6(avahi: Avahi) -> None:
    async with MulticastResolver(options()) as resolver:
        reply = await resolver.lookup(Query("printer6.local", AAAA), use_ipv6=True)
    assert addresses(reply) == ["2001:db8::10"], avahi.text()


async def test_daemon_host_name(avahi: Avahi) -> None:
    async with MulticastResolver(options()) as resolver:
        reply = await resolver.lookup(Query("asyncdns-avahi.local", A), unicast_reply=True)
    assert addresses(reply) == [RESPONDER_ADDRESS]


async def test_link_local_reverse_name(avahi: Avahi) -> None:
    async with MulticastResolver(options()) as resolver:
        reply = await resolver.lookup(Query(ipaddress.ip_address("169.254.7.7"), PTR))
    assert [r.target for r in reply.answers if isinstance(r, rr.PTR)] == [b"linklocal.local"]


async def test_utf8_name(avahi: Avahi) -> None:
    async with MulticastResolver(options()) as resolver:
        reply = await resolver.lookup(Query("café.local", A))
    assert addresses(reply) == ["198.51.100.11"]


async def test_unknown_name_is_nxdomain(avahi: Avahi) -> None:
    async with MulticastResolver(options(timeout=0.8)) as resolver:
        started = time.monotonic()
        reply = await resolver.lookup(Query("nobody.local", A))
    assert reply.rcode == NXDOMAIN
    assert time.monotonic() - started < 2.0


async def test_zzz_goodbyes_on_shutdown_reach_the_cache(avahi: Avahi) -> None:
    """Last (it stops avahi): the goodbyes avahi multicasts as it exits empty the cache."""
    async with MulticastResolver(options(timeout=0.8)) as resolver:
        first = await resolver.lookup(Query("printer.local", A))
        assert addresses(first) == ["198.51.100.10"]
        cached = await resolver.lookup(Query("printer.local", A))
        assert resolver.cache.hits == 1 and addresses(cached) == ["198.51.100.10"]
        await asyncio.to_thread(avahi.stop)
        assert "Got SIGTERM" in avahi.text()
        await asyncio.sleep(1.2)  # a goodbye leaves the record for one more second
        after = await resolver.lookup(Query("printer.local", A))
    assert after.rcode == NXDOMAIN, avahi.text()
