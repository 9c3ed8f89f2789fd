"""Configuration sources: where a :class:`~asyncdns_system.SystemResolver` gets its config.

A source's :meth:`~ConfigSource.load` is blocking (it may read files or call the OS), so the
resolver runs it in an executor thread, at most once per check interval, and compares the
result with the previous snapshot (:func:`config_changed`). The OS modules are imported
inside :meth:`load`, never when this module is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from ._config import SystemConfig
from ._errors import SystemConfigError
from ._paths import DARWIN_RESOLVER_DIR, RESOLV_CONF

__all__ = [
    "ConfigSource",
    "DarwinSource",
    "ResolvConfSource",
    "StaticSource",
    "WindowsSource",
    "config_changed",
]


@runtime_checkable
class ConfigSource(Protocol):
    """Anything that can produce the current :class:`SystemConfig`."""

    def load(self) -> SystemConfig:
        """Read the configuration now (blocking).

        Returns:
            The current snapshot.

        Raises:
            SystemConfigError: the configuration cannot be read.
        """
        ...


def config_changed(old: SystemConfig | None, new: SystemConfig) -> bool:
    """Whether *new* resolves differently from *old* (warnings are not compared).

    Args:
        old: the previous snapshot, or ``None`` before the first.
        new: the snapshot just loaded.

    Returns:
        ``True`` when the resolver must switch (and flush its cache).
    """
    return old is None or old != new


class StaticSource:
    """A fixed configuration (tests, or an application that configures DNS itself).

    Args:
        config: the snapshot :meth:`load` always returns.
    """

    def __init__(self, config: SystemConfig) -> None:
        if not isinstance(config, SystemConfig):
            raise TypeError("config must be a SystemConfig")
        self.config = config

    def load(self) -> SystemConfig:
        """Return the configuration given."""
        return self.config

    def __repr__(self) -> str:
        return f"StaticSource({self.config!r})"


class ResolvConfSource:
    """A resolv.conf file, re-parsed only when its stamp (inode, size, mtime) or the
    ``LOCALDOMAIN``/``RES_OPTIONS`` variables change.

    Args:
        path: the file (default ``/etc/resolv.conf``).
        env: the environment to read ``LOCALDOMAIN`` and ``RES_OPTIONS`` from; default the
            process environment. Pass ``{}`` to ignore both.
    """

    def __init__(
        self, path: str | os.PathLike[str] = RESOLV_CONF, env: Mapping[str, str] | None = None
    ) -> None:
        self.path = os.fspath(path)
        self.env = env
        self._key: object = None
        self._config: SystemConfig | None = None

    def load(self) -> SystemConfig:
        """Parse the file if it changed since the last call (blocking).

        Returns:
            The current snapshot (the same object while nothing changed).

        Raises:
            SystemConfigError: the file exists but cannot be read.
        """
        from .unix import fetch
        from .unix.parse import parse_unix

        env = os.environ if self.env is None else self.env
        key = (fetch.stamp(self.path), env.get("LOCALDOMAIN"), env.get("RES_OPTIONS"))
        if self._config is not None and key == self._key:
            return self._config
        config = parse_unix(fetch.fetch(self.path, env))
        self._key, self._config = key, config
        return config

    def __repr__(self) -> str:
        return f"ResolvConfSource({self.path!r})"


class DarwinSource:
    """macOS's live configuration (SCDynamicStore and ``/etc/resolver``); falls back to
    resolv.conf when SystemConfiguration cannot be used.

    Args:
        resolver_dir: the per-domain resolver files' directory.
        env: passed to the resolv.conf fallback.
    """

    def __init__(
        self, resolver_dir: str = DARWIN_RESOLVER_DIR, env: Mapping[str, str] | None = None
    ) -> None:
        self.resolver_dir = resolver_dir
        self._fallback = ResolvConfSource(RESOLV_CONF, env)

    def load(self) -> SystemConfig:
        """Read the dynamic store and the resolver files (blocking).

        Returns:
            The current snapshot.

        Raises:
            SystemConfigError: neither SystemConfiguration nor resolv.conf can be read.
        """
        from .darwin import fetch
        from .darwin.parse import parse_darwin

        try:
            snapshot = fetch.fetch(self.resolver_dir)
        except SystemConfigError:
            return self._fallback.load()
        return parse_darwin(snapshot)


class WindowsSource:
    """Windows' adapters, registry and NRPT rules."""

    def load(self) -> SystemConfig:
        """Read the adapters, registry and NRPT rules (blocking).

        Returns:
            The current snapshot.

        Raises:
            SystemConfigError: not on Windows.
        """
        from .windows import fetch
        from .windows.parse import parse_windows

        return parse_windows(fetch.fetch())
