"""Interop: the MulticastResolver against avahi-daemon, in private network and mount namespaces.

The cases live in ``mdns_avahi_cases.py``; this module runs them once under
``unshare -n -m`` with ``/etc/avahi/hosts`` replaced, inside the mount namespace only, by a
temporary file and ``/run`` by a tmpfs: the real files are never modified and no multicast
leaves the namespace. avahi-daemon comes from Debian (``.ci/run`` installs it); where it is
missing or the namespaces cannot be made, the cases skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pytest_asyncdns import netns_available

from .mdns_avahi_cases import HOSTS
from .test_mdns_netns import case_names, run_cases

pytestmark = pytest.mark.interop

HERE = Path(__file__).parent
CASES = HERE / "mdns_avahi_cases.py"
HOSTS_FILE = Path("/etc/avahi/hosts")

# In the new mount namespace (private propagation): hide the real static hosts file and /run,
# then carry on with the network namespace set-up the other multicast tests use.
MOUNTS = (
    'set -e; mount --bind "$ASYNCDNS_AVAHI_HOSTS" /etc/avahi/hosts; '
    'mount -t tmpfs asyncdns-run /run; exec "$@"'
)


def _unavailable() -> str:
    ok, reason = netns_available()
    if not ok:
        return f"no private network namespace: {reason}"
    if not (shutil.which("avahi-daemon") or os.path.exists("/usr/sbin/avahi-daemon")):
        return "avahi-daemon is not installed (Debian package avahi-daemon)"
    if not HOSTS_FILE.exists():
        return f"{HOSTS_FILE} is missing, so there is nothing to bind-mount over"
    probe = subprocess.run(
        ["unshare", "-n", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs x /run"],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    if probe.returncode != 0:
        return f"cannot make a private mount namespace: {probe.stderr.strip()}"
    return ""


@pytest.fixture(scope="module")
def hosts_before() -> bytes:
    """The real static hosts file, read before the cases run."""
    return HOSTS_FILE.read_bytes() if HOSTS_FILE.exists() else b""


@pytest.fixture(scope="module")
def outcomes(hosts_before: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    reason = _unavailable()
    if reason:
        pytest.skip(reason)
    from pytest_asyncdns._netns import SETUP_SCRIPT

    tmp = tmp_path_factory.mktemp("avahi")
    hosts = tmp / "hosts"
    hosts.write_text(HOSTS, encoding="utf-8")
    prefix = [
        "unshare",
        "-n",
        "-m",
        "--propagation",
        "private",
        "sh",
        "-c",
        MOUNTS,
        "sh",
        "sh",
        "-c",
        SETUP_SCRIPT,
        "sh",
    ]
    env = {**os.environ, "ASYNCDNS_AVAHI_HOSTS": str(hosts), "ASYNCDNS_AVAHI_NAMESPACE": "1"}
    return run_cases(CASES, tmp, prefix, env=env)


@pytest.mark.parametrize("case", case_names(CASES))
def test_against_avahi(outcomes: dict[str, str], case: str) -> None:
    outcome = outcomes.get(case, "missing: the case did not run")
    if outcome.startswith("skipped"):
        pytest.skip(outcome)
    assert outcome == "passed", outcome


def test_the_real_hosts_file_is_untouched(hosts_before: bytes, outcomes: dict[str, str]) -> None:
    assert outcomes  # the cases ran
    assert HOSTS_FILE.read_bytes() == hosts_before
    assert HOSTS.encode() not in hosts_before
