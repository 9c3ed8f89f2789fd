"""Where each OS keeps its resolver files: pure functions of an environment and a platform.

Two environment variables move them, on every platform, so that a program (or a test) can run
``SmartResolver()`` / ``SystemResolver()`` / ``HostsResolver()`` without arguments against
files of its own instead of the machine's configuration:

* ``ASYNCDNS_HOSTS``: the hosts file to read instead of the platform's.
* ``ASYNCDNS_RESOLV_CONF``: a resolv.conf to read instead of the platform's configuration
  (also on macOS and Windows, whose native sources it then replaces).

An empty value counts as unset. Arguments given explicitly (``path=``, ``resolv_conf=``,
``source=``, ``config=``) win over both.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "DARWIN_RESOLVER_DIR",
    "HOSTS_ENV",
    "RESOLV_CONF",
    "RESOLV_CONF_ENV",
    "hosts_path",
    "resolv_conf_override",
    "resolv_conf_path",
]

RESOLV_CONF = "/etc/resolv.conf"
"""The UNIX resolver configuration file."""
DARWIN_RESOLVER_DIR = "/etc/resolver"
"""macOS's per-domain resolver files (resolver(5))."""
HOSTS_ENV = "ASYNCDNS_HOSTS"
"""The environment variable naming a hosts file to use instead of the platform's."""
RESOLV_CONF_ENV = "ASYNCDNS_RESOLV_CONF"
"""The environment variable naming a resolv.conf to use instead of the platform's
configuration."""


def hosts_path(env: Mapping[str, str], platform: str) -> str:
    """The hosts file of *platform*, unless ``ASYNCDNS_HOSTS`` names another.

    Args:
        env: the environment: ``ASYNCDNS_HOSTS`` overrides the file; on Windows
            ``SystemRoot`` (default ``C:\\Windows``) locates it.
        platform: a ``sys.platform`` value.

    Returns:
        ``$ASYNCDNS_HOSTS`` when set; else ``%SystemRoot%\\System32\\drivers\\etc\\hosts`` on
        Windows, ``/etc/hosts`` elsewhere.
    """
    override = env.get(HOSTS_ENV)
    if override:
        return override
    if platform == "win32":
        root = env.get("SystemRoot") or env.get("SYSTEMROOT") or "C:\\Windows"
        return root.rstrip("\\/") + "\\System32\\drivers\\etc\\hosts"
    return "/etc/hosts"


def resolv_conf_override(env: Mapping[str, str]) -> str | None:
    """The resolv.conf ``ASYNCDNS_RESOLV_CONF`` names, if it is set.

    Args:
        env: the environment.

    Returns:
        The path, or ``None`` when the variable is unset or empty.
    """
    return env.get(RESOLV_CONF_ENV) or None


def resolv_conf_path(env: Mapping[str, str], platform: str) -> str | None:
    """The resolv.conf of *platform*, or ``None`` where there is none (Windows).

    Args:
        env: the environment: ``ASYNCDNS_RESOLV_CONF`` overrides the file (on every
            platform).
        platform: a ``sys.platform`` value.

    Returns:
        ``$ASYNCDNS_RESOLV_CONF`` when set; else ``/etc/resolv.conf``, or ``None`` on Windows.
    """
    override = resolv_conf_override(env)
    if override is not None:
        return override
    if platform == "win32":
        return None
    return RESOLV_CONF
