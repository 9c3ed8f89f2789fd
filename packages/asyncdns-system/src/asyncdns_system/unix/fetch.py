"""Read resolv.conf and the process state it depends on (the only part that touches the OS).

Blocking: :class:`~asyncdns_system.SystemResolver` calls it in an executor thread.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping

from .._errors import SystemConfigError
from .._snapshot import UnixSnapshot

__all__ = ["MAX_FILE_SIZE", "fetch", "read_text", "stamp"]

MAX_FILE_SIZE = 1 << 20
"""Configuration files larger than this are refused (a resolv.conf is a few hundred bytes)."""

_ENV_KEYS = ("LOCALDOMAIN", "RES_OPTIONS")


def read_text(path: str) -> str | None:
    """The text of a small configuration file (UTF-8, undecodable bytes replaced).

    Args:
        path: the file.

    Returns:
        Its text, or ``None`` when it does not exist.

    Raises:
        SystemConfigError: it exists but cannot be read, or is larger than
            :data:`MAX_FILE_SIZE`.
    """
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_SIZE + 1)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise SystemConfigError(f"cannot read {path}: {exc}", source=path) from exc
    if len(data) > MAX_FILE_SIZE:
        raise SystemConfigError(f"{path} is larger than {MAX_FILE_SIZE} bytes", source=path)
    return data.decode("utf-8", "replace")


def stamp(path: str) -> tuple[int, int, int, int] | None:
    """What changes when a file is replaced or edited: (device, inode, size, mtime in ns).

    Args:
        path: the file.

    Returns:
        The stamp, or ``None`` when the file does not exist or cannot be examined.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def fetch(path: str = "/etc/resolv.conf", env: Mapping[str, str] | None = None) -> UnixSnapshot:
    """Read *path*, the resolver variables of *env* and the host name.

    Args:
        path: the resolv.conf to read.
        env: the environment to take ``LOCALDOMAIN`` and ``RES_OPTIONS`` from (default: the
            process environment).

    Returns:
        The :class:`~asyncdns_system.UnixSnapshot`.

    Raises:
        SystemConfigError: the file exists but cannot be read.
    """
    source = os.environ if env is None else env
    return UnixSnapshot(
        text=read_text(path),
        path=path,
        env={k: source[k] for k in _ENV_KEYS if k in source},
        hostname=socket.gethostname(),
    )
