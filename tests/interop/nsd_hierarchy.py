"""pytest-asyncdns's fake hierarchy served by real NSD instances (a helper, not a test).

One NSD per server address of :data:`pytest_asyncdns._hierarchy.SERVERS`, each listening on
``{net}.N`` port 53 (UDP and TCP) and serving that server's zones, so that a real recursive
resolver (Unbound) can walk the same tree as the fake servers: glue carries addresses only, and
recursive resolvers always query port 53. Nothing here talks to anything but those loopback
addresses.

Differences from the fake servers, forced by NSD:

* NSD rejects out-of-zone data, so the out-of-bailiwick glue of ``oob.test.`` (and any other
  record outside its zone's origin) is dropped from the zone files: there is nothing to poison
  with, and the ``poison`` server is never reachable;
* ``lame-refused`` is an NSD without zones (it answers REFUSED to everything);
* ``lame-nonauth`` serves the root zone, so it answers every ``*.lame.test`` question with a
  referral to ``test.``: upward, hence lame, as the fake's referral to the root is;
* ``silent`` is a UDP socket that this process binds and never reads (no TCP listener: a
  silent TCP peer keeps Unbound waiting for minutes).
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Self

from pytest_asyncdns import zone_texts
from pytest_asyncdns._hierarchy import POISON_ZONE, SERVERS, ServerSpec

from ._process import ChildServer, spawn, stop_process
from .nsd import nsd_binary, nsd_config, zone_file_name

__all__ = ["NsdHierarchy", "in_zone_only", "nsd_binary"]

DNS_PORT = 53


def _under(name: str, origin: str) -> bool:
    name, origin = name.lower().rstrip(".") + ".", origin.lower().rstrip(".") + "."
    return origin == "." or name == origin or name.endswith("." + origin)


def in_zone_only(text: str) -> str:
    """*text* (a zone file of pytest-asyncdns's simple shape) without out-of-zone records.

    The origin is the last ``$ORIGIN`` line (the root before any). Only absolute owner names
    can leave the zone.
    """
    origin = "."
    kept = []
    for line in text.splitlines():
        fields = line.split()
        if not fields:
            continue
        if fields[0] == "$ORIGIN":
            origin = fields[1]
        elif fields[0].endswith(".") and not _under(fields[0], origin):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def _zones_of(spec: ServerSpec, texts: dict[str, str], net: str) -> dict[str, str]:
    if spec.mode == "refused":
        return {}
    if spec.mode == "nonauth":
        return {".": texts["."]}
    zones = {}
    for origin in spec.zones:
        if origin.startswith("poison:"):
            zones[origin.split(":", 1)[1]] = POISON_ZONE.format(net=net)
        else:
            zones[origin] = texts[origin]
    return {origin: in_zone_only(text) for origin, text in zones.items()}


def _ping(host: str, port: int, *, timeout: float = 0.2) -> bool:
    """Whether *host*:*port* answers a UDP query at all (any rcode)."""
    query = b"\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x06\x00\x01"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect((host, port))
            sock.send(query)
            return sock.recv(512)[:2] == b"\x12\x34"
        except OSError:
            return False


class _Nsd:
    """One NSD process for one address."""

    def __init__(self, binary: str, host: str, port: int, zones: dict[str, str], workdir: Path):
        self.binary = binary
        self.host = host
        self.port = port
        self.zones = zones
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def write(self) -> None:
        d = self.workdir
        d.mkdir(parents=True, exist_ok=True)
        for origin, text in self.zones.items():
            (d / zone_file_name(origin)).write_text(text)
        (d / "nsd.conf").write_text(nsd_config(d, (self.host,), self.port, self.zones))

    def output(self) -> str:
        try:
            return (self.workdir / "nsd.out").read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def launch(self) -> None:
        self.proc = spawn(
            [self.binary, "-d", "-c", str(self.workdir / "nsd.conf")],
            self.workdir,
            self.workdir / "nsd.out",
        )

    def ready(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            raise OSError(f"nsd on {self.host} exited: {self.output()}")
        return _ping(self.host, self.port)

    def stop(self, timeout: float = 5.0) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            stop_process(proc, timeout, reap_group=True)


class NsdHierarchy(ChildServer):
    """The fake hierarchy's tree on real NSDs at ``{net}.N`` port 53.

    Args:
        workdir: a directory of its own (one subdirectory per server).
        net: the first three octets of the loopback addresses.
        start_timeout: seconds to wait for every server to answer.

    Raises:
        FileNotFoundError: ``nsd`` is not installed.
        OSError (from :meth:`start`): an address could not be bound (port 53 taken, no /8
            loopback) or NSD did not come up in time.
    """

    def __init__(self, workdir: Path, *, net: str = "127.0.1", start_timeout: float = 15.0):
        binary = nsd_binary()
        if binary is None:
            raise FileNotFoundError("nsd is not installed")
        self.binary = binary
        self.workdir = Path(workdir)
        self.net = net
        self.port = DNS_PORT
        self.start_timeout = start_timeout
        self.texts = zone_texts(net)
        self._nsds: list[_Nsd] = []
        self._silent: list[socket.socket] = []

    def address_of(self, label: str) -> str:
        """The address of the server labelled *label*."""
        spec = next(s for s in SERVERS if s.label == label)
        return f"{self.net}.{spec.host}"

    def root_hints_text(self) -> str:
        """A ``named.root``-style root hints file (port 53 is implied)."""
        root = self.address_of("root")
        return f". 3600000 NS a.root-servers.test.\na.root-servers.test. 3600000 A {root}\n"

    def _bind_silent(self, host: str) -> None:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._silent.append(udp)
        udp.bind((host, self.port))

    def start(self) -> Self:
        """Start every server and wait until each answers (bounded by ``start_timeout``)."""
        try:
            for spec in SERVERS:
                host = self.address_of(spec.label)
                if spec.mode == "silent":
                    self._bind_silent(host)
                    continue
                # Fail early and clearly when the address cannot be bound.
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                    probe.bind((host, self.port))
                nsd = _Nsd(
                    self.binary,
                    host,
                    self.port,
                    _zones_of(spec, self.texts, self.net),
                    self.workdir / spec.label,
                )
                nsd.write()
                nsd.launch()
                self._nsds.append(nsd)
            deadline = time.monotonic() + self.start_timeout
            waiting = list(self._nsds)
            while waiting and time.monotonic() < deadline:
                if waiting[0].ready():
                    waiting.pop(0)
                else:
                    time.sleep(0.05)
            if waiting:
                raise OSError(f"nsd on {waiting[0].host} did not answer: {waiting[0].output()}")
        except BaseException:
            self.stop()
            raise
        return self

    def outputs(self) -> str:
        """Everything the NSDs printed, one block per server."""
        return "\n".join(f"--- {n.host} ---\n{n.output()}" for n in self._nsds)

    def stop(self) -> None:
        """Stop every NSD and close the silent sockets. Idempotent."""
        for nsd in self._nsds:
            nsd.stop()
        self._nsds = []
        for sock in self._silent:
            sock.close()
        self._silent = []
