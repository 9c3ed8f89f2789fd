"""``asyncdns --bulk``: names from a file or stdin, N at a time, JSON lines out, a progress
bar and a summary on stderr; run for real against pytest-asyncdns fake servers."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pytest_asyncdns import FakeDNSServer

from ._cli_support import ZONE, at, json_lines, run

BULK_ZONE = """
$ORIGIN bulk.example.test.
$TTL 300
@   SOA  ns1 hostmaster 1 7200 3600 1209600 60
*   A    203.0.113.7
"""

_SUMMARY = re.compile(
    r";; (\d+) lookups in ([\d.]+) s \(([\d.]+) lookups/s\)\n"
    r";; (\d+) answers \((\d+) records\), (\d+) NXDOMAIN, (\d+) NODATA, (\d+) errors(?:: (.*))?\n"
)


def summary(stderr: str) -> dict[str, Any]:
    """The numbers of the summary at the end of stderr."""
    match = _SUMMARY.search(stderr)
    assert match is not None, stderr
    assert stderr.endswith(match.group(0))
    lookups, seconds, rate, answers, records, nxdomain, nodata, errors, kinds = match.groups()
    return {
        "lookups": int(lookups),
        "seconds": float(seconds),
        "rate": float(rate),
        "answers": int(answers),
        "records": int(records),
        "nxdomain": int(nxdomain),
        "nodata": int(nodata),
        "errors": int(errors),
        "kinds": {
            kind: int(n)
            for kind, n in (item.rsplit(" ", 1) for item in (kinds or "").split(", ") if item)
        },
    }


@pytest.mark.asyncdns(zone=ZONE)
def test_mixed_outcomes_from_stdin(asyncdns_server: FakeDNSServer) -> None:
    names = (
        "# answers, NXDOMAIN, NODATA, a type per line\n"
        "www.example.net\n"
        "\n"
        "nope.example.net\n"
        "www.example.net TXT\n"
        "example.net MX\n"
        "api.example.net AAAA\n"
    )
    result = run("--bulk", "-", at(asyncdns_server), input=names)
    assert result.returncode == 0, result.stderr
    lines = {(line["name"], line["type"]): line for line in json_lines(result.stdout)}
    assert set(lines) == {
        ("www.example.net", "A"),
        ("nope.example.net", "A"),
        ("www.example.net", "TXT"),
        ("example.net", "MX"),
        ("api.example.net", "AAAA"),
    }
    www = lines["www.example.net", "A"]
    assert (www["rcode"], www["status"], www["error"]) == ("NOERROR", "answer", None)
    assert www["answers"] == [
        {
            "name": "www.example.net.",
            "ttl": 300,
            "class": "IN",
            "type": "A",
            "rdata": "203.0.113.9",
        }
    ]
    assert isinstance(www["elapsed_ms"], float) and www["elapsed_ms"] >= 0
    assert (lines["nope.example.net", "A"]["rcode"], lines["nope.example.net", "A"]["status"]) == (
        "NXDOMAIN",
        "nxdomain",
    )
    assert lines["www.example.net", "TXT"]["status"] == "nodata"
    assert [a["rdata"] for a in lines["api.example.net", "AAAA"]["answers"]] == [
        "www.example.net.",
        "2001:db8::9",
    ]
    numbers = summary(result.stderr)
    assert numbers["lookups"] == 5
    assert (numbers["answers"], numbers["records"]) == (3, 4)
    assert (numbers["nxdomain"], numbers["nodata"], numbers["errors"]) == (1, 1, 0)
    assert "\r" not in result.stderr  # no progress bar: stderr is not a terminal
    assert len(asyncdns_server.queries) == 5


@pytest.mark.asyncdns(zone=ZONE)
def test_file_input_default_type_and_bad_lines(
    asyncdns_server: FakeDNSServer, tmp_path: Path
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("www.example.net\nmail.example.net\nnot a line\nw NOSUCHTYPE\n")
    result = run("--bulk", str(names), "AAAA", at(asyncdns_server))
    assert result.returncode == 2  # every name was looked up, but two lines were malformed
    lines = json_lines(result.stdout)
    by_name = {line["name"]: line for line in lines}
    assert by_name["www.example.net"]["type"] == "AAAA"
    assert by_name["mail.example.net"]["status"] == "nodata"
    assert by_name["not a line"]["error"] == "bad-input"
    assert by_name["not a line"]["message"].startswith("line 3: ")
    assert by_name["w NOSUCHTYPE"]["error"] == "bad-input"
    numbers = summary(result.stderr)
    assert (numbers["lookups"], numbers["errors"], numbers["kinds"]) == (4, 2, {"bad-input": 2})
    assert len(asyncdns_server.queries) == 2


@pytest.mark.asyncdns(zone=ZONE)
def test_failures_are_counted_by_kind_and_set_the_status(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on("mail.example.net", "A").rcode("SERVFAIL")
    asyncdns_server.on("ns1.example.net", "A").rcode("REFUSED")
    names = "www.example.net\nmail.example.net\nns1.example.net\n"
    result = run("--bulk", "-", at(asyncdns_server), input=names)
    assert result.returncode == 4
    by_name = {line["name"]: line for line in json_lines(result.stdout)}
    assert by_name["mail.example.net"]["error"] == "servfail"
    assert by_name["mail.example.net"]["rcode"] is None
    assert "answered SERVFAIL" in by_name["mail.example.net"]["message"]
    assert by_name["ns1.example.net"]["error"] == "refused"
    numbers = summary(result.stderr)
    assert numbers["kinds"] == {"refused": 1, "servfail": 1}
    assert (numbers["lookups"], numbers["answers"], numbers["errors"]) == (3, 1, 2)


def test_bulk_against_the_demo_zone_with_a_progress_bar() -> None:
    names = "www.example.com\nmail.example.com\nnope.example.com\n"
    result = run("--bulk", "-", "--progress", input=names)
    assert result.returncode == 0, result.stderr
    assert len(json_lines(result.stdout)) == 3
    bar = result.stderr.split(";; ", 1)[0]
    assert bar.startswith("\r[")  # redrawn in place
    assert re.search(r"\r\[#{30}\] 3/3 100% +[\d.]+/s errors 0\n$", bar), repr(bar)
    assert summary(result.stderr)["nxdomain"] == 1


def test_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--bulk", str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert result.stderr.startswith("asyncdns: --bulk ")


def test_empty_input() -> None:
    result = run("--bulk", "-", input="# nothing\n\n")
    assert (result.returncode, result.stdout) == (0, "")
    assert summary(result.stderr)["lookups"] == 0


@pytest.mark.slow
@pytest.mark.asyncdns(zone=BULK_ZONE)
def test_concurrency_is_bounded(asyncdns_server: FakeDNSServer) -> None:
    asyncdns_server.on().delay(0.2)
    names = "".join(f"n{i}.bulk.example.test\n" for i in range(20))
    started = time.monotonic()
    result = run("--bulk", "-", "-c", "5", at(asyncdns_server), input=names)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert summary(result.stderr)["answers"] == 20
    assert elapsed >= 4 * 0.2  # 20 lookups of 0.2 s, 5 at a time: at least 4 rounds
    # At most 5 queries were ever waiting at the server: each arrived once one had been
    # answered, so the 6th query arrives at least 0.2 s after the 1st.
    times = sorted(q.time for q in asyncdns_server.queries)
    assert len(times) == 20
    assert all(later - earlier >= 0.15 for earlier, later in zip(times, times[5:], strict=False))


@pytest.mark.slow
@pytest.mark.asyncdns(zone=BULK_ZONE)
def test_ten_thousand_names_and_the_summary_matches_the_server_log(
    asyncdns_server: FakeDNSServer,
) -> None:
    count = 10_000
    names = [f"host{i}.bulk.example.test" for i in range(count)]
    started = time.monotonic()
    result = run(
        "--bulk", "-", "-c", "100", at(asyncdns_server), input="\n".join(names) + "\n", timeout=60
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    assert elapsed < 30
    lines = json_lines(result.stdout)
    assert sorted(line["name"] for line in lines) == sorted(names)
    assert all(line["status"] == "answer" for line in lines)
    assert {a["rdata"] for line in lines for a in line["answers"]} == {"203.0.113.7"}

    logged = Counter(q.qname.lower() for q in asyncdns_server.queries)
    numbers = summary(result.stderr)
    assert numbers["lookups"] == count == len(logged)
    assert set(logged) == {f"{name}." for name in names}  # the log's names are absolute
    assert numbers["answers"] == numbers["records"] == count
    assert (numbers["nxdomain"], numbers["nodata"], numbers["errors"]) == (0, 0, 0)
    # Every name was asked once: no retransmission was needed at concurrency 100.
    assert set(logged.values()) == {1}
    assert sum(logged.values()) == len(asyncdns_server.queries) == count
    assert numbers["rate"] > 0


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_by_default_when_stderr_is_a_terminal() -> None:
    master, slave = os.openpty()
    proc: subprocess.Popen[bytes] | None = None
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "asyncdns", "--bulk", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=slave,
        )
        os.close(slave)
        slave = -1
        out, _ = proc.communicate(b"www.example.com\nmail.example.com\n", timeout=30)
        seen = b""
        for _ in range(1000):  # until the terminal reports the child side closed
            if not select.select([master], [], [], 5.0)[0]:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every writer is gone
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
        if slave != -1:
            os.close(slave)
        if proc is not None and proc.poll() is None:  # a timeout: no child is left behind
            proc.kill()
            proc.wait()
    assert proc is not None and proc.returncode == 0
    assert len(out.splitlines()) == 2
    assert b"\r[" in seen and b"2/2 100%" in seen
    assert b";; 2 lookups in " in seen
