"""The ``asyncdns`` command against its embedded demo zone, run for real in a subprocess (the
README's first command), and its usage errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from asyncdns.__main__ import main

from ._cli_support import run


def test_default_lookup_answers_from_the_embedded_zone_over_loopback() -> None:
    result = run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(";; www.example.com.\tIN\tA\t(asked 127.0.0.1:")
    assert lines[0].endswith(" (the embedded demo zone))")
    assert lines[1:6] == [
        ";; No error (AA, RD)",
        "; 1 answers:",
        "www.example.com.\t3600\tIN\tA\t198.51.100.80",
        "; 0 authorities:",
        "; 0 additional:",
    ]
    assert result.stderr == ""


def test_the_readme_command_line() -> None:
    result = run("www.example.com", "A")
    assert result.returncode == 0, result.stderr
    assert "www.example.com.\t3600\tIN\tA\t198.51.100.80" in result.stdout


def test_cname_is_followed_and_type_is_honoured() -> None:
    result = run("web.example.com", "AAAA")
    assert result.returncode == 0, result.stderr
    assert "web.example.com.\t3600\tIN\tCNAME\twww.example.com." in result.stdout
    assert "www.example.com.\t3600\tIN\tAAAA\t2001:db8::80" in result.stdout


def test_nxdomain_exits_1_with_the_soa() -> None:
    result = run("nope.example.com")
    assert result.returncode == 1
    assert ";; Non-existent domain (AA, RD)" in result.stdout
    assert "IN\tSOA\tns1.example.com. hostmaster.example.com." in result.stdout


def test_nodata_exits_1() -> None:
    result = run("www.example.com", "TXT")
    assert result.returncode == 1
    assert ";; No error (AA, RD)" in result.stdout
    assert "; 0 answers:" in result.stdout


def test_a_name_outside_the_demo_zone_is_refused_exit_4() -> None:
    result = run("www.example.org", "--json")
    assert result.returncode == 4
    reply = json.loads(result.stdout)
    assert reply["status"] == "error"
    assert reply["error"] == "refused"
    assert "answered REFUSED" in result.stderr


def test_demo_over_tcp_and_without_rd() -> None:
    result = run("www.example.com", "+tcp", "+norecurse", "--json")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["flags"] == ["qr", "aa"]  # the demo echoes RD, which was clear
    assert [a["rdata"] for a in reply["answer"]] == ["198.51.100.80"]


def test_reverse_lookup_shortcut() -> None:
    result = run("-x", "198.51.100.80")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(";; 80.100.51.198.in-addr.arpa.\tIN\tPTR\t")
    assert "80.100.51.198.in-addr.arpa.\t3600\tIN\tPTR\twww.example.com." in result.stdout


def test_short_prints_only_rdata() -> None:
    result = run("example.com", "MX", "+short")
    assert (result.returncode, result.stdout) == (0, "10 mail.example.com.\n")


def test_help_documents_the_exit_statuses() -> None:
    result = run("--help")
    assert result.returncode == 0
    for line in ("0  an answer", "1  no answer", "2  usage error", "3  network", "4  server"):
        assert line in result.stdout
    for option in ("+norecurse", "--recursive", "--root-hints", "--bulk", "--system", "-x"):
        assert option in result.stdout


def test_console_script() -> None:
    script = Path(sys.executable).with_name("asyncdns")
    if not script.exists():
        found = shutil.which("asyncdns")
        if found is None:
            pytest.skip("the asyncdns console script is not installed here")
        script = Path(found)
    result = subprocess.run(
        [str(script), "mail.example.com", "+short"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "198.51.100.25\n")


@pytest.mark.slow
def test_unreachable_server_fails_with_exit_3() -> None:
    result = run("www.example.net", "@127.0.0.1:9", "--timeout", "1")
    assert result.returncode == 3
    assert result.stderr.startswith("asyncdns: www.example.net. IN A: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["www.example.com", "NOSUCHTYPE"], "unknown word 'NOSUCHTYPE'"),
        (["www.example.com", "A", "IN", "CH"], "more than one class"),
        (["www.example.com", "@ns1.example.com"], "an IP address is needed"),
        (["www.example.com", "@127.0.0.1:0"], "bad port"),
        (["www.example.com", "@127.0.0.1:http"], "bad port"),
        (["www.example.com", "@[::1"], "bad server"),
        (["www.example.com", "+bogus"], "unknown flag '+bogus'"),
        (["www.example.com", "--timeout", "0"], "--timeout"),
        (["www.example.com", "--timeout", "nan"], "--timeout"),
        (["-x", "www.example.com"], "not an IP address"),
        (["www.example.com", "--system", "@127.0.0.1"], "--system"),
        (["www.example.com", "--system", "+norecurse"], "+norecurse"),
        (["www.example.com", "+short", "--json"], "do not mix"),
        (["--bulk", "-", "+trace"], "bulk mode"),
        (["--bulk", "-", "-c", "0"], "--concurrency"),
        (["www.example.com", "--resolv-conf", "/nonexistent/resolv.conf"], "no such file"),
        (["www.example.com", "--root-hints", "/nonexistent/named.root"], "--root-hints"),
        (["bad..name"], "bad name"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("asyncdns: ")
    assert message in err


def test_argparse_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--timeout"]) == 2
    assert main(["--no-such-option"]) == 2
    assert "usage: asyncdns" in capsys.readouterr().err


def test_root_hints_file_that_is_not_zone_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hints = tmp_path / "named.root"
    hints.write_text(". 3600000 NS a.root-servers.test.\n", encoding="utf-8")
    assert main(["www.example.com", "--root-hints", str(hints)]) == 2
    assert "no root server address" in capsys.readouterr().err
    hints.write_text("this is ( not a zone\n", encoding="utf-8")
    assert main(["www.example.com", "--root-hints", str(hints)]) == 2
    assert "not zone text" in capsys.readouterr().err


def test_readme_section_matches_the_command() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The `asyncdns` command\n", 1)[1].split("\n## ", 1)[0]
    help_text = run("--help").stdout
    words = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*|\+[a-z]+)", section))
    options = words - {"-m", "-style"}  # python -m, `named.root`-style
    assert {"--bulk", "--json", "+trace", "-x", "-p", "--no-mdns"} <= options
    for option in options:  # each one documented by --help, as a word of its own
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text), option
    statuses = re.findall(r"^\| (\d) \| ", section, re.M)
    assert statuses == ["0", "1", "2", "3", "4"]
    for status in statuses:
        assert f"\n  {status}  " in help_text
