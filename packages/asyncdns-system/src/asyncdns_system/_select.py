"""Which backend reads the configuration: a pure function of the platform string, called when
a resolver is built (never at import time), so every branch is testable on Linux."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ._errors import SystemConfigError
from ._paths import hosts_path, resolv_conf_override
from ._sources import ConfigSource, DarwinSource, ResolvConfSource, WindowsSource

__all__ = ["Backend", "backend_for"]

_UNIX_PREFIXES = (
    "linux",
    "freebsd",
    "openbsd",
    "netbsd",
    "dragonfly",
    "sunos",
    "aix",
    "cygwin",
    "gnu",
    "haiku",
)


@dataclass(frozen=True, slots=True)
class Backend:
    """One OS family's way to find its DNS configuration."""

    name: Literal["unix", "darwin", "windows"]
    """``"unix"`` (resolv.conf), ``"darwin"`` (SystemConfiguration) or ``"windows"``."""
    platform: str
    """The ``sys.platform`` value it was chosen for."""

    def source(self, env: Mapping[str, str] | None = None) -> ConfigSource:
        """The configuration source of this backend (nothing is read yet).

        Args:
            env: the environment (``LOCALDOMAIN``/``RES_OPTIONS`` for resolv.conf;
                ``ASYNCDNS_RESOLV_CONF`` names a resolv.conf to read instead of this
                backend's configuration); default the process environment.

        Returns:
            A :class:`~asyncdns_system.ConfigSource`.
        """
        override = resolv_conf_override(os.environ if env is None else env)
        if override is not None:
            return ResolvConfSource(override, env)
        if self.name == "darwin":
            return DarwinSource(env=env)
        if self.name == "windows":
            return WindowsSource()
        return ResolvConfSource(env=env)

    def hosts_path(self, env: Mapping[str, str]) -> str:
        """The hosts file on this platform.

        Args:
            env: the environment (``ASYNCDNS_HOSTS``; ``SystemRoot`` on Windows).

        Returns:
            Its path.
        """
        return hosts_path(env, self.platform)


def backend_for(platform: str) -> Backend:
    """The backend for a ``sys.platform`` value.

    Args:
        platform: ``"linux"``, ``"darwin"``, ``"win32"``, ``"freebsd14"``...

    Returns:
        The :class:`Backend`.

    Raises:
        SystemConfigError: a platform without a known DNS configuration (``emscripten``,
            ``wasi``...).
    """
    if platform == "darwin":
        return Backend("darwin", platform)
    if platform == "win32":
        return Backend("windows", platform)
    if platform.startswith(_UNIX_PREFIXES):
        return Backend("unix", platform)
    raise SystemConfigError(
        f"no system DNS configuration backend for platform {platform!r}", source=platform
    )
