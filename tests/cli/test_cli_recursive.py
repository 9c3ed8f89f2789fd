"""``asyncdns --recursive`` / ``+trace`` walking pytest-asyncdns' fake hierarchy (127.0.1.x),
its root hints written from ``root_hints_text()`` and its port given with ``-p``. Every run
passes ``--root-hints``: nothing here may start at the real root servers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_asyncdns import Hierarchy

from ._cli_support import run


@pytest.fixture
def hints(asyncdns_hierarchy: Hierarchy, tmp_path: Path) -> list[str]:
    """The arguments that start a walk at the fake root."""
    path = tmp_path / "named.root"
    path.write_text(asyncdns_hierarchy.root_hints_text(), encoding="utf-8")
    return ["--root-hints", str(path), "-p", str(asyncdns_hierarchy.port)]


def _walked_the_hierarchy_only(hierarchy: Hierarchy, trace: str | None = None) -> None:
    """The hierarchy was asked; every server in *trace* is one of its 127.0.1.x servers."""
    assert hierarchy.queries
    if trace is not None:
        asked = re.findall(r"\] (\S+)#(\d+) ", trace)
        assert asked
        assert {port for _, port in asked} == {str(hierarchy.port)}
        assert all(address.startswith("127.0.1.") for address, _ in asked)


def test_trace_shows_the_walk_then_the_reply(
    asyncdns_hierarchy: Hierarchy, hints: list[str]
) -> None:
    result = run("www.example.test", "+trace", *hints)
    assert result.returncode == 0, result.stderr
    port = asyncdns_hierarchy.port
    walk, reply = result.stdout.split("\n\n", 1)
    lines = walk.splitlines()
    assert lines[0] == f";; [.] -: start [127.0.1.1#{port}]"
    assert lines[1].startswith(f";; [.] 127.0.1.1#{port} test. A: referral (ns1.nic.test.)")
    assert lines[2].startswith(f";; [test.] 127.0.1.2#{port} example.test. A: referral")
    assert any(
        line.startswith(";; [example.test.] 127.0.1.1") and ": answer" in line for line in lines
    )
    assert lines[-1] == "www.example.test.\t3600\tIN\tA\t198.51.100.10"
    assert reply.startswith(
        f";; www.example.test.\tIN\tA\t(asked recursively, from 127.0.1.1:{port})\n"
        ";; No error (RD, RA)\n; 1 answers:\nwww.example.test.\t3600\tIN\tA\t198.51.100.10\n"
    )
    asyncdns_hierarchy.servers["root"].assert_queried("test", "A", rd=False, count=1)
    _walked_the_hierarchy_only(asyncdns_hierarchy, walk)


def test_recursive_json_follows_aliases(asyncdns_hierarchy: Hierarchy, hints: list[str]) -> None:
    result = run("alias.example.test", "--recursive", "--json", *hints)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["server"].startswith("recursively, from 127.0.1.1:")
    assert [(a["type"], a["rdata"]) for a in reply["answer"]] == [
        ("CNAME", "www.example.test."),
        ("A", "198.51.100.10"),
    ]
    _walked_the_hierarchy_only(asyncdns_hierarchy)


def test_recursive_nxdomain_exits_1(asyncdns_hierarchy: Hierarchy, hints: list[str]) -> None:
    result = run("nope.example.test", "+trace", "+short", *hints)
    assert result.returncode == 1
    assert ": nxdomain" in result.stdout
    _walked_the_hierarchy_only(asyncdns_hierarchy, result.stdout)


def test_alias_loop_is_a_server_failure(asyncdns_hierarchy: Hierarchy, hints: list[str]) -> None:
    result = run("loop1.example.test", "--recursive", "--json", *hints)
    assert result.returncode == 4
    assert json.loads(result.stdout)["error"] == "recursion-failure"
    assert "loop" in result.stderr


def test_trace_is_printed_when_the_walk_fails(
    asyncdns_hierarchy: Hierarchy, hints: list[str]
) -> None:
    result = run("www.alllame.test", "+trace", *hints)
    assert result.returncode == 4
    assert ": lame" in result.stdout
    assert ": give-up" in result.stdout
    assert result.stderr.startswith("asyncdns: www.alllame.test. IN A: ")
    _walked_the_hierarchy_only(asyncdns_hierarchy, result.stdout)


def test_recursive_from_a_given_server(asyncdns_hierarchy: Hierarchy) -> None:
    tld = asyncdns_hierarchy.address_of("tld-test")
    port = asyncdns_hierarchy.port
    result = run("www.example.test", "--recursive", f"@{tld}:{port}", "+short")
    assert (result.returncode, result.stdout) == (0, "198.51.100.10\n")
    assert asyncdns_hierarchy.servers["root"].queries == []
    _walked_the_hierarchy_only(asyncdns_hierarchy)


def test_json_with_trace_stays_json(asyncdns_hierarchy: Hierarchy, hints: list[str]) -> None:
    result = run("www.example.test", "+trace", "--json", *hints)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["trace"][0].startswith(";; [.] -: start [127.0.1.1#")
    assert any(": referral" in line for line in reply["trace"])
    _walked_the_hierarchy_only(asyncdns_hierarchy, "\n".join(reply["trace"]))
