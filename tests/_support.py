"""What test folders share: the types of pytest-asyncdns's factory fixtures, and the
environment of a subprocess that must read the test's DNS configuration files only."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pytest_asyncdns import FakeDNSServer, HostsFile, ResolvConf

__all__ = ["MakeServer", "WriteConf", "WriteHosts", "offline_env"]

WriteConf = Callable[..., ResolvConf]
"""``asyncdns_resolv_conf``: writes a resolv.conf naming the fake server."""
WriteHosts = Callable[..., HostsFile]
"""``asyncdns_hosts_file``: writes a hosts file."""
MakeServer = Callable[..., FakeDNSServer]
"""``asyncdns_make_server``: starts one more fake server."""

#: Variables that steer a system resolver besides asyncdns's own (``ASYNCDNS_*``).
_STEERING = ("RES_OPTIONS", "LOCALDOMAIN", "HOSTALIASES")


def offline_env(*, resolv_conf: Path | None = None, hosts: Path | None = None) -> dict[str, str]:
    """This process's environment without anything that steers a system resolver (the
    variables above and every ``ASYNCDNS_*``), with ``ASYNCDNS_RESOLV_CONF`` and
    ``ASYNCDNS_HOSTS`` naming the given files, for a subprocess whose system resolver must
    read the test's files and never the machine's."""
    env = {
        k: v for k, v in os.environ.items() if k not in _STEERING and not k.startswith("ASYNCDNS_")
    }
    if resolv_conf is not None:
        env["ASYNCDNS_RESOLV_CONF"] = str(resolv_conf)
    if hosts is not None:
        env["ASYNCDNS_HOSTS"] = str(hosts)
    return env
