"""Start a real NSD on loopback for interop tests and benchmarks (a helper, not a test).

:class:`NsdServer` writes a configuration and zone files into a directory of its own, starts
``nsd -d -c nsd.conf`` as a child process listening on 127.0.0.1 (and ::1 when the machine has
it) on one free ephemeral port, UDP and TCP, and waits for it with a bounded poll of UDP
queries. :meth:`NsdServer.stop` ends it (and only it: its own process group). Nothing here
talks to anything but the loopback addresses it binds.

Used by ``tests/interop/conftest.py`` and by ``bench/resolver.py`` (which puts the repository
root on ``sys.path`` and imports this module), so it depends on the standard library only.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import struct
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Self

from ._process import ChildServer, find_binary, spawn, stop_process

__all__ = [
    "NsdError",
    "NsdServer",
    "free_port",
    "has_ipv6_loopback",
    "nsd_binary",
    "nsd_config",
    "zone_file_name",
]

_LOOPBACK4 = "127.0.0.1"
_LOOPBACK6 = "::1"


class NsdError(RuntimeError):
    """NSD could not be started, or did not answer in time; carries its output."""


def nsd_binary() -> str | None:
    """The path of the ``nsd`` executable, or ``None`` when it is not installed."""
    return find_binary("nsd")


def zone_file_name(origin: str) -> str:
    """The file NSD reads the zone *origin* from, in its ``zonesdir``."""
    return (origin.rstrip(".").lower() or "root") + ".zone"


def nsd_config(
    workdir: Path,
    hosts: Sequence[str],
    port: int,
    origins: Iterable[str],
    *,
    ipv6: bool = False,
    verbosity: int = 1,
    options: Sequence[str] = (),
) -> str:
    """An ``nsd.conf`` for one foreground NSD owning *workdir*: listening on *hosts* at *port*,
    serving the zones *origins* from their :func:`zone_file_name` files there, with more
    ``server:`` *options*; without response rate limiting (Debian builds NSD with it, 200
    replies/s per /24 by default: a benchmark, or a busy test, would see dropped and truncated
    replies) nor remote control."""
    d = workdir
    lines = [
        "server:",
        *(f"    ip-address: {host}@{port}" for host in hosts),
        f"    port: {port}",
        f"    do-ip6: {'yes' if ipv6 else 'no'}",
        f'    zonesdir: "{d}"',
        f'    pidfile: "{d / "nsd.pid"}"',
        f'    xfrdfile: "{d / "xfrd.state"}"',
        f'    xfrdir: "{d}"',
        f'    zonelistfile: "{d / "zone.list"}"',
        '    database: ""',
        '    username: ""',
        '    chroot: ""',
        "    server-count: 1",
        "    reuseport: no",
        "    minimal-responses: no",
        f"    verbosity: {verbosity}",
        "    rrl-ratelimit: 0",
        "    rrl-whitelist-ratelimit: 0",
        *(f"    {option}" for option in options),
        "remote-control:",
        "    control-enable: no",
    ]
    for origin in origins:
        name = origin.rstrip(".") or "."
        lines += ["zone:", f'    name: "{name}"', f'    zonefile: "{zone_file_name(origin)}"']
    return "\n".join(lines) + "\n"


def has_ipv6_loopback() -> bool:
    """Whether a socket can be bound to ``::1`` here."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.bind((_LOOPBACK6, 0))
    except OSError:
        return False
    return True


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(hosts: Sequence[str] = (_LOOPBACK4,), *, tries: int = 50) -> int:
    """An ephemeral port free for both UDP and TCP on every address of *hosts*.

    The kernel picks a port on the first address; it is then bind-tested for UDP and TCP on
    all of them. Another process may still take it before NSD binds it: callers retry.

    Raises:
        OSError: no such port was found in *tries* attempts.
    """
    for _ in range(tries):
        with socket.socket(_family(hosts[0]), socket.SOCK_DGRAM) as probe:
            probe.bind((hosts[0], 0))
            port: int = probe.getsockname()[1]
        try:
            with contextlib.ExitStack() as stack:
                for host in hosts:
                    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                        sock = stack.enter_context(socket.socket(_family(host), kind))
                        sock.bind((host, port))
        except OSError:
            continue
        return port
    raise OSError(f"no port free for UDP and TCP on {', '.join(hosts)} in {tries} tries")


def _soa_probe(zone: str) -> tuple[int, bytes]:
    """A UDP query for the SOA of *zone* (no EDNS) and its message ID."""
    msg_id = secrets.randbits(16)
    labels = [] if zone in ("", ".") else zone.rstrip(".").split(".")
    qname = b"".join(bytes([len(lb)]) + lb.encode("ascii") for lb in labels) + b"\x00"
    return msg_id, struct.pack(">HHHHHH", msg_id, 0, 1, 0, 0, 0) + qname + b"\x00\x06\x00\x01"


def ping(host: str, port: int, zone: str, *, timeout: float = 0.2) -> bool:
    """Whether *host*:*port* answers a UDP SOA query for *zone* authoritatively (AA, NOERROR)."""
    msg_id, query = _soa_probe(zone)
    with socket.socket(_family(host), socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect((host, port))
            sock.send(query)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:  # bounded: skips stray datagrams only
                data = sock.recv(4096)
                if len(data) >= 12 and struct.unpack_from(">H", data)[0] == msg_id:
                    return bool(data[2] & 0x04) and data[3] & 0x0F == 0
        except OSError:  # timeout, ICMP port unreachable (not listening yet)
            return False
    return False


class NsdServer(ChildServer):
    """A real NSD serving *zones* on loopback, in *workdir*.

    Args:
        zones: zone origin (``"example.test"``) to zone-file text.
        workdir: a directory NSD may own: config, zone files, pid and state files, its output.
        ipv6: also listen on ``::1``; ``None`` means when the machine has it.
        tcp_count: NSD's ``tcp-count`` (simultaneous TCP connections).
        verbosity: NSD's ``verbosity``.
        start_timeout: seconds to wait for the first answer.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. Attributes after
    :meth:`start`: :attr:`port`, :attr:`hosts`, :attr:`servers` (``(address, port)`` pairs).

    Raises:
        FileNotFoundError: ``nsd`` is not installed (check :func:`nsd_binary` first).
    """

    def __init__(
        self,
        zones: Mapping[str, str],
        workdir: Path,
        *,
        ipv6: bool | None = None,
        tcp_count: int = 256,
        verbosity: int = 1,
        start_timeout: float = 15.0,
    ) -> None:
        binary = nsd_binary()
        if binary is None:
            raise FileNotFoundError("nsd is not installed")
        if not zones:
            raise ValueError("NSD needs at least one zone")
        self.binary = binary
        self.zones = dict(zones)
        self.workdir = Path(workdir)
        self.ipv6 = has_ipv6_loopback() if ipv6 is None else ipv6
        self.hosts: tuple[str, ...] = (_LOOPBACK4, _LOOPBACK6) if self.ipv6 else (_LOOPBACK4,)
        self.tcp_count = tcp_count
        self.verbosity = verbosity
        self.start_timeout = start_timeout
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def servers(self) -> list[tuple[str, int]]:
        """``(address, port)`` of every address NSD listens on."""
        return [(host, self.port) for host in self.hosts]

    @property
    def config_path(self) -> Path:
        """The configuration file."""
        return self.workdir / "nsd.conf"

    @property
    def output_path(self) -> Path:
        """Where NSD's stdout and stderr go."""
        return self.workdir / "nsd.out"

    def output(self) -> str:
        """What NSD printed so far."""
        try:
            return self.output_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def _write_config(self) -> None:
        options = (
            "round-robin: no",
            "hide-version: yes",
            "hide-identity: yes",
            f"tcp-count: {self.tcp_count}",
            "tcp-timeout: 10",
        )
        self.config_path.write_text(
            nsd_config(
                self.workdir,
                self.hosts,
                self.port,
                self.zones,
                ipv6=self.ipv6,
                verbosity=self.verbosity,
                options=options,
            )
        )

    def start(self) -> Self:
        """Write the files, start NSD and wait until it answers on every address.

        Raises:
            NsdError: NSD exited, or did not answer within ``start_timeout`` (three tries,
                each on a fresh port, in case another process took the port first).
        """
        self.workdir.mkdir(parents=True, exist_ok=True)
        for origin, text in self.zones.items():
            (self.workdir / zone_file_name(origin)).write_text(text)
        problem = ""
        for _ in range(3):
            self.port = free_port(self.hosts)
            self._write_config()
            problem = self._launch()
            if not problem:
                return self
        raise NsdError(f"NSD did not start: {problem}\n--- nsd output ---\n{self.output()}")

    def _launch(self) -> str:
        """Start NSD once; '' when it answers, else why not (and it is stopped)."""
        self.proc = spawn(
            [self.binary, "-d", "-c", str(self.config_path)], self.workdir, self.output_path
        )
        first_zone = next(iter(self.zones))
        deadline = time.monotonic() + self.start_timeout
        waiting = list(self.hosts)
        while waiting and time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                return f"nsd exited with status {code}"
            if ping(waiting[0], self.port, first_zone):
                waiting.pop(0)
            else:
                time.sleep(0.05)
        if waiting:
            self.stop()
            return f"no answer on {waiting[0]} port {self.port} within {self.start_timeout} s"
        return ""

    def stop(self, timeout: float = 5.0) -> None:
        """Stop NSD (SIGTERM, then SIGKILL to its process group after *timeout*). Idempotent."""
        proc, self.proc = self.proc, None
        if proc is not None:
            stop_process(proc, timeout)  # NSD stops its xfrd and server children itself
