"""Where each OS keeps its resolver files: pure functions of an environment and a platform."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DARWIN_RESOLVER_DIR", "RESOLV_CONF", "hosts_path", "resolv_conf_path"]

RESOLV_CONF = "/etc/resolv.conf"
"""The UNIX resolver configuration file."""
DARWIN_RESOLVER_DIR = "/etc/resolver"
"""macOS's per-domain resolver files (resolver(5))."""


def hosts_path(env: Mapping[str, str], platform: str) -> str:
    """The hosts file of *platform*.

    Args:
        env: the environment; on Windows ``SystemRoot`` (default ``C:\\Windows``) locates it.
        platform: a ``sys.platform`` value.

    Returns:
        ``%SystemRoot%\\System32\\drivers\\etc\\hosts`` on Windows, else ``/etc/hosts``.
    """
    if platform == "win32":
        root = env.get("SystemRoot") or env.get("SYSTEMROOT") or "C:\\Windows"
        return root.rstrip("\\/") + "\\System32\\drivers\\etc\\hosts"
    return "/etc/hosts"


def resolv_conf_path(env: Mapping[str, str], platform: str) -> str | None:
    """The resolv.conf of *platform*, or ``None`` where there is none (Windows).

    Args:
        env: the environment (no variable moves the file today; kept for symmetry).
        platform: a ``sys.platform`` value.

    Returns:
        ``/etc/resolv.conf``, or ``None`` on Windows.
    """
    if platform == "win32":
        return None
    return RESOLV_CONF
