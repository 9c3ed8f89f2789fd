"""The fake mDNS responder, exercised only inside private network namespaces.

Nothing in this file sends multicast from the test process itself: the scenarios run in a
child re-executed under ``unshare -n`` (lo with multicast on, plus a veth pair whose both
ends stay in the namespace). Where ``unshare -n`` is not permitted the tests skip.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_asyncdns import MDNSResponder, netns_available, private_netns_status, run_in_netns

HERE = Path(__file__).parent
SCENARIOS = [
    "forged_reply",
    "ipv4_legacy_unicast",
    "ipv4_multicast_response",
    "ipv4_qu_unicast_response",
    "ipv4_shared_ptr_has_no_cache_flush",
    "ipv6_legacy_and_multicast",
    "no_answer_for_unknown_names",
    "reply_from_other_port",
    "silent",
    "unsolicited_announcement",
]

needs_netns = pytest.mark.skipif(
    not netns_available()[0], reason=f"no private network namespace: {netns_available()[1]}"
)


@pytest.fixture(scope="module")
def scenario_results() -> dict[str, str]:
    ok, reason = netns_available()
    if not ok:
        pytest.skip(f"no private network namespace: {reason}")
    proc = run_in_netns([sys.executable, str(HERE / "mdns_netns_scenarios.py")], timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        verdict, _, rest = line.partition(" ")
        name, _, detail = rest.partition(":")
        results[name] = verdict + (":" + detail.replace("\\n", "\n") if detail else "")
    return results


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(scenario_results: dict[str, str], name: str) -> None:
    result = scenario_results.get(name, "MISSING")
    if result.startswith("SKIP"):
        pytest.skip(result)
    assert result == "PASS", result


def test_every_scenario_is_listed(scenario_results: dict[str, str]) -> None:
    assert sorted(scenario_results) == SCENARIOS


OWN_NETNS = {"/proc/self/ns/net": "net:[4026532500]", "/proc/1/ns/net": "net:[4026531840]"}
HOST_NETNS = {"/proc/self/ns/net": "net:[4026531840]", "/proc/1/ns/net": "net:[4026531840]"}


def netns_status_with(
    monkeypatch: pytest.MonkeyPatch, links: dict[str, str], interfaces: list[str]
) -> tuple[bool, str]:
    """private_netns_status() as it would be with these namespaces and interfaces."""

    def readlink(path: str) -> str:
        if path not in links:
            raise PermissionError(path)
        return links[path]

    monkeypatch.setattr("pytest_asyncdns._netns.os.readlink", readlink)
    monkeypatch.setattr(
        "pytest_asyncdns._netns.socket.if_nameindex", lambda: list(enumerate(interfaces, start=1))
    )
    return private_netns_status()


def test_private_netns_needs_a_namespace_and_only_its_interfaces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another namespace holding a real interface (docker --pid=host, ip netns) is unsafe."""
    safe, reason = netns_status_with(monkeypatch, OWN_NETNS, ["lo", "mdns0", "mdns1", "eth0"])
    assert not safe
    assert "interfaces that may reach a real network are present: eth0 " in reason
    safe, reason = netns_status_with(monkeypatch, OWN_NETNS, ["lo", "macvlan0", "wlan0"])
    assert not safe
    assert "present: macvlan0, wlan0 " in reason
    assert not netns_status_with(monkeypatch, {}, ["lo", "eth0"])[0]  # unreadable namespaces
    safe, reason = netns_status_with(monkeypatch, HOST_NETNS, ["lo"])
    assert not safe
    assert "network namespace of PID 1" in reason
    for interfaces in (["lo"], ["lo", "mdns0", "mdns1"], ["lo", "sit0", "tunl0", "ip6tnl0"]):
        assert netns_status_with(monkeypatch, OWN_NETNS, interfaces) == (True, "")
        assert netns_status_with(monkeypatch, {}, interfaces) == (True, "")


def test_the_responder_refuses_the_host_network() -> None:
    safe, reason = private_netns_status()
    if safe:
        pytest.skip("this test process already runs in a private network namespace")
    responder = MDNSResponder("printer.local. 120 A 198.51.100.7")
    with pytest.raises(RuntimeError, match="refusing to send multicast"):
        responder.start()
    assert responder._sock is None  # nothing was bound, nothing was joined
    assert reason


@needs_netns
def test_packaged_selftest() -> None:
    proc = run_in_netns([sys.executable, "-m", "pytest_asyncdns._mdns_selftest"], timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok ipv4 legacy unicast" in proc.stdout


def test_selftest_refuses_outside_a_namespace() -> None:
    if private_netns_status()[0]:
        pytest.skip("already in a private network namespace")
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "pytest_asyncdns._mdns_selftest"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 77
    assert proc.stdout.startswith("skip: ")


INNER_TEST = """
import socket
import struct

from dnslib import DNSRecord


def test_fixture(asyncdns_mdns_responder):
    responder = asyncdns_mdns_responder("printer.local. 120 A 198.51.100.7")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        mreqn = socket.inet_aton("224.0.0.251") + bytes(4) + struct.pack("@i", 1)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
        sock.settimeout(2)
        sock.sendto(DNSRecord.question("printer.local").pack(), ("224.0.0.251", 5353))
        reply = DNSRecord.parse(sock.recv(9000))
    assert str(reply.rr[0].rdata) == "198.51.100.7"
    responder.log.assert_queried("printer.local", "A")
"""


@needs_netns
def test_fixture_inside_a_namespace(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner=INNER_TEST)
    pytester.makeini(
        "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n"
    )
    proc = run_in_netns(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"],
        cwd=str(pytester.path),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_fixture_skips_outside_a_namespace(pytester: pytest.Pytester) -> None:
    if private_netns_status()[0]:
        pytest.skip("already in a private network namespace")
    pytester.makepyfile(test_inner=INNER_TEST)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-rs"
    )
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*mDNS tests run only in a private network namespace*"])
