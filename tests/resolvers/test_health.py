"""Server health: what the resolver remembers of each server, and that it is bounded."""

from __future__ import annotations

from asyncdns_resolvers._health import ServerHealth
from asyncdns_resolvers._servers import MAX_TRACKED

GOOD = ("198.51.100.1", 53)
BAD = ("198.51.100.2", 53)


def test_a_failing_server_is_picked_after_a_healthy_one() -> None:
    health = ServerHealth()
    health.failure(BAD, 100.0)
    picks = {health.pick((BAD, GOOD), (), 101.0) for _ in range(10)}
    assert GOOD in picks
    assert health.is_failing(BAD, 101.0)
    assert not health.is_failing(BAD, 131.0)  # its penalty is over


def test_an_answer_clears_a_failure_and_smooths_the_rtt() -> None:
    health = ServerHealth()
    health.failure(GOOD, 100.0)
    health.success(GOOD, 0.010)
    health.success(GOOD, 0.020)
    assert not health.is_failing(GOOD, 100.0)
    srtt = health.srtt(GOOD)
    assert srtt is not None and abs(srtt - 0.013) < 1e-9


def test_very_many_servers_are_remembered_boundedly() -> None:
    health = ServerHealth()
    servers = [(f"2001:db8::{i:x}", 53) for i in range(MAX_TRACKED + 100)]
    for server in servers:
        health.success(server, 0.01)
        health.failure(server, 100.0)
    assert health.srtt(servers[0]) is None  # the earliest are forgotten
    assert not health.is_failing(servers[0], 100.0)
    assert health.srtt(servers[-1]) == 0.01
    assert health.is_failing(servers[-1], 100.0)
    assert sum(health.srtt(s) is not None for s in servers) == MAX_TRACKED
    assert sum(health.is_failing(s, 100.0) for s in servers) == MAX_TRACKED
