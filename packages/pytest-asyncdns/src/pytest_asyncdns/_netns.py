"""Private network namespaces for multicast tests (Linux, ``unshare -n``).

Multicast DNS must never reach a real network, so the mDNS responder only runs inside a
network namespace of its own: :func:`run_in_netns` re-executes a command under
``unshare -n`` after bringing up ``lo`` with multicast on (IPv4 mDNS over loopback) and a
veth pair ``mdns0``/``mdns1`` whose both ends stay in the namespace (IPv6 link-local
multicast, which Linux does not loop over ``lo``).
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
from collections.abc import Mapping, Sequence

#: The interface IPv6 mDNS uses inside the namespace (the veth end the responder joins on).
V6_RESPONDER_INTERFACE = "mdns1"
#: The other veth end, for queriers.
V6_QUERIER_INTERFACE = "mdns0"
#: The interfaces a private test namespace holds: ``lo`` and the veth pair of
#: :data:`SETUP_SCRIPT`, plus the fallback tunnel devices the kernel puts in every new
#: namespace when their modules are loaded (unconfigured: they have no remote end).
PRIVATE_INTERFACES = frozenset(
    {
        "lo",
        V6_RESPONDER_INTERFACE,
        V6_QUERIER_INTERFACE,
        "erspan0",
        "gre0",
        "gretap0",
        "ip6_vti0",
        "ip6gre0",
        "ip6tnl0",
        "ip_vti0",
        "sit0",
        "tunl0",
    }
)

SETUP_SCRIPT = (
    "set -e; ip link set lo up; ip link set lo multicast on; "
    "if echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad 2>/dev/null "
    "&& ip link add mdns0 type veth peer name mdns1 2>/dev/null; then "
    "ip link set mdns0 up; ip link set mdns1 up; "
    "i=0; while [ $i -lt 40 ] && ! ip -6 addr show dev mdns1 | grep 'inet6 fe80' "
    "| grep -vq tentative; "
    "do sleep 0.05; i=$((i+1)); done; "
    "export ASYNCDNS_NETNS_V6=1; fi; "
    'export ASYNCDNS_NETNS=1; exec "$@"'
)


def private_netns_status() -> tuple[bool, str]:
    """Whether multicast sent from this process stays on this machine.

    Two conditions must hold: this process is not in PID 1's network namespace (when both
    can be read), and it sees no network interface but those of a private test namespace
    (:data:`PRIVATE_INTERFACES`). A namespace of its own is not enough: ``docker --pid=host``
    or ``ip netns exec`` into a namespace holding a physical NIC or a macvlan differ from
    PID 1's and still reach a real network.

    Returns:
        ``(True, "")`` when both hold, else ``(False, reason)``.
    """
    try:
        mine = os.readlink("/proc/self/ns/net")
        init = os.readlink("/proc/1/ns/net")
    except OSError:
        mine = init = ""  # not Linux, or PID 1 not ours to inspect: the interfaces decide
    if mine and mine == init:
        return False, "this process shares the network namespace of PID 1 (the host's network)"
    try:
        names = {name for _, name in socket.if_nameindex()}
    except OSError as exc:
        return False, f"cannot list the network interfaces: {exc}"
    extra = names - PRIVATE_INTERFACES
    if extra:
        return False, (
            f"network interfaces that may reach a real network are present: "
            f"{', '.join(sorted(extra))} (a private test namespace holds only lo, "
            f"{V6_QUERIER_INTERFACE}, {V6_RESPONDER_INTERFACE} and unconfigured tunnels)"
        )
    return True, ""


@functools.cache
def netns_available() -> tuple[bool, str]:
    """Whether ``unshare -n`` works here: ``(True, "")`` or ``(False, reason)``."""
    if not shutil.which("unshare"):
        return False, "the unshare command is not installed (util-linux)"
    if not shutil.which("ip"):
        return False, "the ip command is not installed (iproute2)"
    try:
        proc = subprocess.run(
            ["unshare", "-n", "sh", "-c", "ip link set lo up"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"unshare -n failed: {exc}"
    if proc.returncode != 0:
        detail = proc.stderr.strip() or f"exit status {proc.returncode}"
        return False, f"unshare -n is not permitted here (needs root or user namespaces): {detail}"
    return True, ""


def netns_command(argv: Sequence[str]) -> list[str]:
    """*argv* wrapped to run in a fresh private network namespace (see :data:`SETUP_SCRIPT`)."""
    return ["unshare", "-n", "sh", "-c", SETUP_SCRIPT, "sh", *argv]


def run_in_netns(
    argv: Sequence[str],
    *,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run *argv* in a fresh private network namespace and return the completed process
    (output captured as text). Raises ``RuntimeError`` when ``unshare -n`` is unavailable."""
    ok, reason = netns_available()
    if not ok:
        raise RuntimeError(reason)
    full_env = dict(os.environ if env is None else env)
    return subprocess.run(
        netns_command(argv),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=cwd,
        check=False,
    )
