"""Start a real Unbound, as a reference recursive resolver, for interop tests (a helper).

:class:`UnboundServer` writes a configuration into a directory of its own and starts
``unbound -d -c unbound.conf`` as a child process listening on one loopback address (default
``127.0.2.1``) on a free port. It resolves from the root hints it is given — never the real
root servers: the hints file is mandatory — with QNAME minimisation on, no validator
(``module-config: "iterator"``) and Unbound's default hardening. It may query loopback
addresses (``do-not-query-localhost: no``), where the test's own servers are.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import struct
import subprocess
import time
from pathlib import Path
from typing import Self

from ._process import ChildServer, find_binary, spawn, stop_process
from .nsd import free_port

__all__ = ["UnboundError", "UnboundServer", "unbound_binary"]


class UnboundError(RuntimeError):
    """Unbound could not be started, or did not answer in time; carries its log."""


def unbound_binary() -> str | None:
    """The path of the ``unbound`` executable, or ``None`` when it is not installed."""
    return find_binary("unbound")


def _answers(host: str, port: int, timeout: float = 0.3) -> bool:
    """Whether *host*:*port* answers a query (for ``.`` SOA, RD set) at all."""
    msg_id = secrets.randbits(16)
    query = struct.pack(">HHHHHH", msg_id, 0x0100, 1, 0, 0, 0) + b"\x00\x00\x06\x00\x01"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect((host, port))
            sock.send(query)
            data = sock.recv(4096)
        except OSError:
            return False
    return len(data) >= 12 and struct.unpack_from(">H", data)[0] == msg_id


class UnboundServer(ChildServer):
    """A real Unbound resolving from *root_hints_text*.

    Args:
        root_hints_text: the root hints file (``named.root`` format).
        workdir: a directory Unbound may own.
        host: the loopback address it listens on.
        extra: more ``server:`` lines (``"qname-minimisation: no"``...).
        start_timeout: seconds to wait for its first answer.

    Attributes after :meth:`start`: :attr:`host`, :attr:`port`, :attr:`server`.

    Raises:
        FileNotFoundError: ``unbound`` is not installed.
    """

    def __init__(
        self,
        root_hints_text: str,
        workdir: Path,
        *,
        host: str = "127.0.2.1",
        extra: tuple[str, ...] = (),
        start_timeout: float = 15.0,
    ) -> None:
        binary = unbound_binary()
        if binary is None:
            raise FileNotFoundError("unbound is not installed")
        self.binary = binary
        self.root_hints_text = root_hints_text
        self.workdir = Path(workdir)
        self.host = host
        self.extra = extra
        self.start_timeout = start_timeout
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> tuple[str, int]:
        """``(address, port)`` to send queries to."""
        return (self.host, self.port)

    @property
    def log_path(self) -> Path:
        """Unbound's log file."""
        return self.workdir / "unbound.log"

    def log(self) -> str:
        """What Unbound logged so far."""
        text = ""
        for path in (self.log_path, self.workdir / "unbound.out"):
            with contextlib.suppress(FileNotFoundError):
                text += path.read_text(errors="replace")
        return text

    def _write_config(self) -> None:
        d = self.workdir
        (d / "root.hints").write_text(self.root_hints_text)
        lines = [
            "server:",
            f"    interface: {self.host}",
            f"    port: {self.port}",
            "    do-ip4: yes",
            "    do-ip6: no",
            "    do-udp: yes",
            "    do-tcp: yes",
            "    do-daemonize: no",
            '    chroot: ""',
            '    username: ""',
            f'    directory: "{d}"',
            f'    pidfile: "{d / "unbound.pid"}"',
            "    use-syslog: no",
            f'    logfile: "{self.log_path}"',
            "    verbosity: 1",
            "    num-threads: 1",
            f'    root-hints: "{d / "root.hints"}"',
            "    do-not-query-localhost: no",
            "    access-control: 127.0.0.0/8 allow",
            '    module-config: "iterator"',
            "    qname-minimisation: yes",
            # test. is a special-use name that Unbound answers itself by default (RFC 6761).
            '    local-zone: "test." nodefault',
            # Failures (the silent server) end within seconds rather than minutes.
            "    infra-cache-max-rtt: 1000",
            "    outbound-msg-retry: 2",
            # Debian's 1.17 drops a reply that took over 1.9 s to work out (the silent server):
            # send it, SERVFAIL included.
            "    discard-timeout: 0",
            "    prefetch: no",
            "    minimal-responses: no",
            *(f"    {line}" for line in self.extra),
            "remote-control:",
            "    control-enable: no",
        ]
        (d / "unbound.conf").write_text("\n".join(lines) + "\n")

    def start(self) -> Self:
        """Write the files, start Unbound and wait until it answers.

        Raises:
            UnboundError: it exited, or did not answer within ``start_timeout`` (three tries,
                each on a fresh port).
        """
        self.workdir.mkdir(parents=True, exist_ok=True)
        problem = ""
        for _ in range(3):
            self.port = free_port((self.host,))
            self._write_config()
            problem = self._launch()
            if not problem:
                return self
        raise UnboundError(f"unbound did not start: {problem}\n--- log ---\n{self.log()}")

    def _launch(self) -> str:
        self.proc = spawn(
            [self.binary, "-d", "-c", str(self.workdir / "unbound.conf")],
            self.workdir,
            self.workdir / "unbound.out",
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                return f"unbound exited with status {code}"
            if _answers(self.host, self.port):
                return ""
            time.sleep(0.05)
        self.stop()
        return f"no answer on {self.host} port {self.port} within {self.start_timeout} s"

    def stop(self, timeout: float = 5.0) -> None:
        """Stop Unbound (SIGTERM, then SIGKILL to its process group). Idempotent."""
        proc, self.proc = self.proc, None
        if proc is not None:
            stop_process(proc, timeout, reap_group=True)
