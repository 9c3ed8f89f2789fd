"""What the real servers of the interop tests (NSD, Unbound) share as child processes (a helper,
not a test): finding the executable, starting it in a process group of its own with its
output in a file, stopping it, and ``with`` around ``start()``/``stop()``.

Standard library only: ``bench/resolver.py`` imports :mod:`tests.interop.nsd`, and so this.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

__all__ = ["ChildServer", "find_binary", "spawn", "stop_process"]


def find_binary(name: str) -> str | None:
    """The path of the *name* executable (on ``PATH``, else in ``/usr/sbin`` or
    ``/usr/local/sbin``), or ``None`` when it is not installed."""
    for candidate in (shutil.which(name), f"/usr/sbin/{name}", f"/usr/local/sbin/{name}"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _pdeathsig_prefix() -> list[str]:
    """``setpriv --pdeathsig TERM`` (util-linux) when available: the child then gets SIGTERM if
    the process that started it dies without stopping it."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM"] if setpriv else []


def spawn(argv: Sequence[str], workdir: Path, output: Path) -> subprocess.Popen[bytes]:
    """Start *argv* in *workdir*, in a session (process group) of its own so that
    :func:`stop_process` reaches its children, stdout and stderr appended to *output*.

    It gets SIGTERM when this process dies without stopping it (where ``setpriv`` is
    installed), so that a killed test run or benchmark leaves no server behind. Call it from
    the thread that lives as long as the server: the signal follows the thread that started it.
    """
    prefix = _pdeathsig_prefix()
    with output.open("ab") as out:
        return subprocess.Popen(
            [*prefix, *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
            start_new_session=True,
        )


def stop_process(
    proc: subprocess.Popen[bytes], timeout: float = 5.0, *, reap_group: bool = False
) -> None:
    """SIGTERM *proc* unless it has exited; SIGKILL its process group if it is still alive
    after *timeout*.

    Args:
        reap_group: then SIGKILL whatever is left of its process group anyway (children that
            outlive it).
    """
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            # Still alive, so its process group (start_new_session) is still its own.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout)
    if reap_group:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


class ChildServer:
    """``with`` for a server that :meth:`start` starts (returning itself) and :meth:`stop`
    stops."""

    def start(self) -> Self:
        """Start the server and wait until it answers."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the server. Idempotent."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
