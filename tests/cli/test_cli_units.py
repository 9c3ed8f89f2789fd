"""The command's parts in process: word parsing, root hints files, JSON of records, error kinds
and exit statuses, bulk input lines and the summary. No socket is opened here."""

from __future__ import annotations

import json

import pytest

from asyncdns._cli_args import UsageError, parse_args, parse_server
from asyncdns._cli_bulk import Tally, parse_jobs
from asyncdns._cli_hints import parse_root_hints
from asyncdns._cli_output import (
    error_exit,
    error_kind,
    error_message,
    record_json,
    reply_exit,
    reply_status,
)
from asyncdns_resolvers import (
    LimitExceeded,
    NoNameservers,
    RecursionFailure,
    ResolutionTimeout,
    ServerFailure,
)
from asyncdns_system import SystemConfigError
from asyncdns_wire import AAAA, CH, IN, MX, PTR, TXT, A, Message, Query, parse_zone

# -- words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "server"),
    [
        ("198.51.100.53", ("198.51.100.53", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("127.0.0.1#5353", ("127.0.0.1", 5353)),
        ("::1", ("::1", 53)),
        ("2001:db8::53", ("2001:db8::53", 53)),
        ("[::1]", ("::1", 53)),
        ("[::1]:5353", ("::1", 5353)),
        ("2001:db8::53#5353", ("2001:db8::53", 5353)),
    ],
)
def test_server_words(text: str, server: tuple[str, int]) -> None:
    assert parse_server(text) == server


def test_port_option_is_the_default_port_of_servers() -> None:
    assert parse_server("127.0.0.1", 5300) == ("127.0.0.1", 5300)
    assert parse_server("127.0.0.1:5353", 5300) == ("127.0.0.1", 5353)
    settings = parse_args(["www.example.com", "-p", "5300", "@127.0.0.1"])
    assert settings.server == ("127.0.0.1", 5300)


@pytest.mark.parametrize("text", ["ns1.example.com", "127.0.0.1:", "[::1]x", "[::1", "1.2.3.4:0"])
def test_bad_server_words(text: str) -> None:
    with pytest.raises(UsageError):
        parse_server(text)


def test_words_in_any_order_after_the_name() -> None:
    settings = parse_args(["example.com", "+tcp", "IN", "@127.0.0.1", "MX", "+norec"])
    assert settings.query == Query("example.com", MX, IN)
    assert settings.server == ("127.0.0.1", 53)
    assert (settings.tcp, settings.recurse, settings.recursive) == (True, False, False)


def test_class_and_type_are_told_apart() -> None:
    settings = parse_args(["version.bind", "CH", "TXT"])
    assert settings.query == Query("version.bind", TXT, CH)
    settings = parse_args(["example.com", "TYPE65", "CLASS3"])
    assert settings.query == Query("example.com", 65, CH)


def test_defaults() -> None:
    settings = parse_args([])
    assert settings.query == Query("www.example.com", A, IN)
    assert settings.server is None
    assert (settings.recurse, settings.json, settings.timeout) == (True, False, 5.0)
    assert settings.bulk is None and settings.progress is None


def test_reverse_shortcut() -> None:
    settings = parse_args(["-x", "2001:db8::1"])
    assert settings.query is not None
    assert settings.query.q_type == PTR
    assert settings.query.name.endswith(b".8.b.d.0.1.0.0.2.ip6.arpa")
    assert parse_args(["-x", "198.51.100.7", "TXT"]).query == Query(
        "7.100.51.198.in-addr.arpa", TXT
    )


def test_options_that_imply_others(tmp_path: pytest.TempPathFactory) -> None:
    assert parse_args(["www.example.com", "+trace"]).recursive
    assert not parse_args(["www.example.com", "+trace", "+notrace"]).recursive
    hints = tmp_path / "named.root"  # type: ignore[operator]
    hints.write_text(". 3600000 NS a.root-servers.test.\na.root-servers.test. 1 A 127.0.1.1\n")
    settings = parse_args(["www.example.com", "--root-hints", str(hints), "-p", "5300"])
    assert settings.recursive
    assert settings.root_hints == (("127.0.1.1", 5300),)
    conf = tmp_path / "resolv.conf"  # type: ignore[operator]
    conf.write_text("nameserver 127.0.0.1\n")
    assert parse_args(["www.example.com", "--resolv-conf", str(conf)]).system
    assert not parse_args(["www.example.com", "--system", "--no-mdns"]).mdns


def test_bulk_words_are_the_default_type_and_server() -> None:
    settings = parse_args(["--bulk", "names.txt", "AAAA", "@127.0.0.1:5353", "-c", "7"])
    assert settings.query is None
    assert (settings.rr_type, settings.server, settings.concurrency) == (
        AAAA,
        ("127.0.0.1", 5353),
        7,
    )


# -- root hints -----------------------------------------------------------------------------

NAMED_ROOT = """\
;       This file holds the information on root name servers needed to
;       initialize cache of Internet domain name servers
;
; FORMERLY NS.INTERNIC.NET
;
.                        3600000      NS    A.ROOT-SERVERS.TEST.
A.ROOT-SERVERS.TEST.     3600000      A     127.0.1.1
A.ROOT-SERVERS.TEST.     3600000      AAAA  ::1
;
.                        3600000      NS    B.ROOT-SERVERS.TEST.
B.ROOT-SERVERS.TEST.     3600000      A     127.0.1.2
; not a root server: ignored
www.example.test.        3600000      A     127.0.1.99
; End of file
"""


def test_named_root_format() -> None:
    assert parse_root_hints(NAMED_ROOT, 5300) == (
        ("127.0.1.1", 5300),
        ("::1", 5300),
        ("127.0.1.2", 5300),
    )


def test_root_hints_without_ns_records_take_every_address() -> None:
    text = "a.root-servers.test. 1 A 127.0.1.1\nb.root-servers.test. 1 A 127.0.1.1\n"
    assert parse_root_hints(text) == (("127.0.1.1", 53),)


@pytest.mark.parametrize("text", ["", ". 1 NS a.root-servers.test.\n", "garbage (\n"])
def test_root_hints_without_addresses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_root_hints(text)


# -- JSON of records ------------------------------------------------------------------------


def _records() -> dict[str, dict[str, object]]:
    records = parse_zone(
        "$ORIGIN example.com.\n"
        "@ 300 IN SOA ns1 hostmaster 7 7200 3600 1209600 60\n"
        "@ 300 IN MX 10 mail\n"
        '@ 300 IN TXT "v=spf1 -all" "caf\\195\\169"\n'
        "_sip._tcp 300 IN SRV 0 5 5060 sip\n"
        '@ 300 IN CAA 0 issue "ca.example.net"\n'
        '@ 300 IN HINFO "PDP-11" "UNIX"\n'
    )
    out = {}
    for record in records:
        data = record_json(record)
        json.dumps(data)  # every value is JSON
        out[str(data["type"])] = data
    return out


def test_typed_fields_of_common_types() -> None:
    records = _records()
    assert records["MX"] == {
        "name": "example.com.",
        "ttl": 300,
        "class": "IN",
        "type": "MX",
        "rdata": "10 mail.example.com.",
        "data": {"preference": 10, "exchange": "mail.example.com."},
    }
    assert records["SOA"]["data"] == {
        "mname": "ns1.example.com.",
        "rname": "hostmaster.example.com.",
        "serial": 7,
        "refresh": 7200,
        "retry": 3600,
        "expire": 1209600,
        "minimum": 60,
    }
    assert records["TXT"]["data"] == {"strings": ["v=spf1 -all", "café"]}
    assert records["SRV"]["data"] == {
        "priority": 0,
        "weight": 5,
        "port": 5060,
        "target": "sip.example.com.",
    }
    assert records["CAA"]["data"] == {"flags": 0, "tag": "issue", "value": "ca.example.net"}
    assert "data" not in records["HINFO"]  # other types: RDATA text only
    assert records["HINFO"]["rdata"] == '"PDP-11" "UNIX"'


# -- outcomes -------------------------------------------------------------------------------

SERVER = ("127.0.0.1", 5353)


@pytest.mark.parametrize(
    ("exc", "kind", "status"),
    [
        (ResolutionTimeout("slow"), "timeout", 3),
        (TimeoutError(), "timeout", 3),
        (ServerFailure(SERVER, 2), "servfail", 4),
        (NoNameservers([(SERVER, ServerFailure(SERVER, 5))] * 3), "refused", 4),
        (
            NoNameservers([(SERVER, ServerFailure(SERVER, 5)), (SERVER, ConnectionRefusedError())]),
            "network",
            3,
        ),
        (NoNameservers([]), "network", 3),
        (RecursionFailure("lame", zone=b"test", name=b"www.test"), "recursion-failure", 4),
        (LimitExceeded("too long"), "limit", 4),
        (SystemConfigError("unreadable"), "config", 3),
        (ConnectionRefusedError(), "network", 3),
        (RuntimeError("bug"), "error", 3),
    ],
)
def test_error_kinds_and_statuses(exc: BaseException, kind: str, status: int) -> None:
    assert error_kind(exc) == kind
    assert error_exit(exc) == status


def test_error_messages_count_repeats() -> None:
    failure = ServerFailure(SERVER, 2)
    assert error_message(failure) == "127.0.0.1:5353 answered SERVFAIL"
    six = NoNameservers([(SERVER, failure)] * 6)
    assert error_message(six) == "no server answered: 127.0.0.1:5353 answered SERVFAIL (6 times)"
    v6 = NoNameservers([(("::1", 53), TimeoutError("no reply"))])
    assert error_message(v6) == "no server answered: [::1]:53 failed: no reply"


@pytest.mark.parametrize(
    ("rcode", "answers", "status", "exit_status"),
    [(0, 1, "answer", 0), (0, 0, "nodata", 1), (3, 0, "nxdomain", 1), (2, 0, "servfail", 4)],
)
def test_reply_statuses(rcode: int, answers: int, status: str, exit_status: int) -> None:
    records = parse_zone("www.example.com. 300 IN A 198.51.100.80")[:answers]
    reply = Message(flags=0x8000, rcode=rcode, answers=records)
    assert (reply_status(reply), reply_exit(reply)) == (status, exit_status)


# -- bulk -----------------------------------------------------------------------------------


def test_bulk_input_lines() -> None:
    jobs = parse_jobs(
        "www.example.com\n\n# a comment\n  mail.example.com   MX \nx y z\nbad..name\nw NOTYPE\n",
        A,
        IN,
    )
    assert [(j.line, j.text) for j in jobs] == [
        (1, "www.example.com"),
        (4, "mail.example.com"),
        (5, "x y z"),
        (6, "bad..name"),
        (7, "w NOTYPE"),
    ]
    assert jobs[0].query == Query("www.example.com", A)
    assert jobs[1].query == Query("mail.example.com", MX)
    assert [j.query for j in jobs[2:]] == [None, None, None]
    assert "NAME or NAME TYPE" in jobs[2].problem
    assert "unknown RR type" in jobs[4].problem


def test_tally_summary_and_status() -> None:
    tally = Tally()
    tally.reply("answer", 2)
    tally.reply("nxdomain", 0)
    tally.reply("nodata", 0)
    assert tally.status == 0
    tally.failure("timeout", 3)
    tally.failure("bad-input", 2)
    tally.reply("servfail", 0)
    assert tally.status == 4
    assert tally.summary(2.0) == (
        ";; 6 lookups in 2.00 s (3.0 lookups/s)\n"
        ";; 1 answers (2 records), 1 NXDOMAIN, 1 NODATA, 3 errors: "
        "bad-input 1, servfail 1, timeout 1"
    )
