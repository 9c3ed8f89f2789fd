"""resolv.conf parsing against real-world files, glibc's fallbacks and the environment."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from asyncdns_system import SystemConfig, SystemNameserver, UnixSnapshot, parse_resolv_conf
from asyncdns_system.unix.parse import MAXNS, parse_options, parse_unix
from pytest_asyncdns import ResolvConf

from ._support import text


def ns(address: str, port: int = 53, zone: str | None = None) -> SystemNameserver:
    return SystemNameserver(address=address, port=port, zone=zone)


def parse(name: str) -> SystemConfig:
    return parse_resolv_conf(text("unix", name))


def test_macos_generated_file() -> None:
    # macOS writes this file for old tools only; its "not authoritative" header is comments.
    config = parse("resolv.conf-macos")
    assert config.nameservers == (ns("198.51.100.1"), ns("2001:db8:100::1"))
    assert config.search == (b"home.example.test", b"example.test")
    assert config.ndots == 1
    assert config.timeout is None and config.attempts is None
    assert config.warnings == ()
    assert config.origin == "/etc/resolv.conf"


def test_systemd_resolved_stub() -> None:
    config = parse("resolv.conf-systemd-stub")
    assert config.nameservers == (ns("127.0.0.53"),)
    assert config.search == ()  # "search ." means none
    assert config.edns0 is True
    assert config.warnings == ()  # trust-ad is a known option


def test_systemd_uplink_file_keeps_three_servers_and_the_zone_id() -> None:
    config = parse("resolv.conf-systemd-uplink")
    assert MAXNS == 3
    assert config.nameservers == (
        ns("203.0.113.53"),
        ns("2001:db8:53::53"),
        ns("fe80::1", zone="wlp2s0"),
    )
    assert config.nameservers[2].server == ("fe80::1%wlp2s0", 53)
    assert config.search == (b"lan.example.test",)
    assert any("203.0.113.54 ignored" in w for w in config.warnings)


def test_classic_glibc_file() -> None:
    config = parse("resolv.conf-glibc")
    # Trailing comments after the address, with # or ;.
    assert config.nameservers == (ns("198.51.100.53"), ns("198.51.100.54"))
    # "search" after "domain": the last one wins.
    assert config.search == (b"corp.example.test", b"example.test")
    assert (config.ndots, config.timeout, config.attempts) == (2, 3, 4)
    assert config.rotate and config.use_vc and config.no_tld_query
    assert not config.edns0
    assert config.warnings == ()  # sortlist and single-request are accepted silently


def test_domain_after_search_wins() -> None:
    config = parse("resolv.conf-domain-after-search")
    assert config.search == (b"last.example.test",)


def test_idn_search_domain_is_idna_encoded() -> None:
    config = parse("resolv.conf-idn")
    assert config.search == (b"xn--bcher-kva.example.test", b"example.test")


def test_openbsd_bracket_ports() -> None:
    config = parse("resolv.conf-openbsd")
    assert config.nameservers == (ns("127.0.0.1", 5353), ns("::1", 5300), ns("2001:db8::53"))
    assert config.search == (b"example.test",)
    assert config.warnings == ()  # lookup, family and options tcp are known


def test_bad_lines_and_option_values_are_skipped_with_warnings() -> None:
    config = parse("resolv.conf-bad-options")
    assert config.nameservers == (ns("198.51.100.53"),)
    # "domain" without a value is skipped: the search line stands, minus its bad domain.
    assert config.search == (b"good.example.test",)
    # Bad values are ignored; too large ones are capped as glibc caps them.
    assert (config.ndots, config.timeout, config.attempts) == (15, 30, 5)
    assert config.edns0
    warnings = "\n".join(config.warnings)
    for expected in (
        "not an IP address: 'not-an-address'",
        "zone id on an IPv4 address",
        "nameserver takes one address",
        "'bad..domain' is not a domain name",
        "bad value in option 'ndots:x'",
        "timeout must be at least 1",
        "bad value in option 'attempts:-1'",
        "ndots capped at 15",
        "timeout capped at 30",
        "attempts capped at 5",
        "unknown option 'frobnicate'",
        "unknown keyword 'resolver'",
        "bad domain line",
    ):
        assert expected in warnings, expected
    assert all(w.startswith("line ") for w in config.warnings)


@pytest.mark.parametrize("content", [None, "", "resolv.conf-empty", "resolv.conf-comments-only"])
def test_missing_or_empty_file_falls_back_like_glibc(content: str | None) -> None:
    body = text("unix", content) if content and content.startswith("resolv") else content
    config = parse_resolv_conf(body, hostname="box.lab.example.test")
    assert config.nameservers == (ns("127.0.0.1"),)
    assert config.search == (b"lab.example.test",)
    assert any("local host" in w for w in config.warnings)


def test_hostname_without_domain_gives_no_search_list() -> None:
    assert parse_resolv_conf(None, hostname="box").search == ()
    assert parse_resolv_conf(None).search == ()
    # An explicit search line beats the host name's domain.
    assert parse_resolv_conf("search a.test\n", hostname="box.b.test").search == (b"a.test",)


def test_res_options_apply_after_the_file() -> None:
    body = "nameserver 198.51.100.1\noptions ndots:2 timeout:2\n"
    config = parse_resolv_conf(body, env={"RES_OPTIONS": "ndots:4 rotate attempts:3"})
    assert (config.ndots, config.timeout, config.attempts, config.rotate) == (4, 2, 3, True)
    bad = parse_resolv_conf(body, env={"RES_OPTIONS": "ndots:"})
    assert bad.ndots == 2
    assert any(w.startswith("RES_OPTIONS") for w in bad.warnings)


def test_localdomain_replaces_the_search_list() -> None:
    body = "nameserver 198.51.100.1\nsearch a.test b.test\n"
    config = parse_resolv_conf(body, env={"LOCALDOMAIN": "x.test  y.test"})
    assert config.search == (b"x.test", b"y.test")
    # Set but empty: no search list at all (glibc), not the host name's domain.
    assert parse_resolv_conf(body, env={"LOCALDOMAIN": ""}, hostname="h.z.test").search == ()
    # Other variables are ignored.
    assert parse_resolv_conf(body, env={"HOSTALIASES": "/x"}).search == (b"a.test", b"b.test")


def test_parse_options_directly() -> None:
    values, flags, warnings = parse_options(["ndots:0", "usevc", "no_tld_query", "inet6"])
    assert values == {"ndots": 0}
    assert flags == {"use_vc", "no_tld_query"}
    assert warnings == []


def test_parse_unix_snapshot() -> None:
    snapshot = UnixSnapshot(
        text="search a.test\n",
        path="/tmp/other.conf",
        env={"RES_OPTIONS": "ndots:3"},
        hostname="h.example.test",
    )
    config = parse_unix(snapshot)
    assert config.origin == "/tmp/other.conf"
    assert config.ndots == 3
    assert config.search == (b"a.test",)
    assert config.nameservers == (ns("127.0.0.1"),)


def test_plugin_resolv_conf_in_both_port_styles(
    asyncdns_resolv_conf: Callable[..., ResolvConf],
) -> None:
    write = asyncdns_resolv_conf
    servers = [("127.0.0.1", 5300), "127.0.0.2", ("::1", 5301)]
    bracket = write(servers, search=["example.test"], options=["ndots:2"], port_style="bracket")
    config = parse_resolv_conf(bracket.path.read_text())
    assert [ns.server for ns in config.nameservers] == [
        ("127.0.0.1", 5300),
        ("127.0.0.2", 53),
        ("::1", 5301),
    ]
    assert config.search == (b"example.test",) and config.ndots == 2
    # Without port syntax the comment carrying the port is only a comment.
    plain = write(servers, name="plain.conf")
    config = parse_resolv_conf(plain.path.read_text())
    assert [ns.port for ns in config.nameservers] == [53, 53, 53]
    assert config.warnings == ()


def test_an_empty_search_line_is_skipped_as_glibc_does() -> None:
    config = parse_resolv_conf("nameserver 198.51.100.1\ndomain example.test\nsearch \n")
    assert config.search == (b"example.test",)
    assert any("empty search line" in w for w in config.warnings)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        pytest.param("ndots:\u00b2", None, id="superscript-two"),
        pytest.param("ndots:\u0663", None, id="arabic-indic-three"),
        pytest.param("timeout:" + "9" * 5000, 30, id="five-thousand-digits"),
        pytest.param("ndots:99999999999", 15, id="beyond-a-c-int"),
        pytest.param("ndots:003", 3, id="leading-zeros"),
        pytest.param("timeout:005", 5, id="leading-zeros-timeout"),
    ],
)
def test_option_values_are_ascii_counts(option: str, expected: int | None) -> None:
    config = parse_resolv_conf(f"nameserver 198.51.100.1\noptions {option}\n")
    name = option.split(":", 1)[0]
    values = {"ndots": config.ndots, "timeout": config.timeout}
    assert bool(config.warnings) == (not option.split(":", 1)[1].startswith("0"))
    if expected is None:
        assert values[name] == {"ndots": 1, "timeout": 5}[name]  # the default stays
    else:
        assert values[name] == expected
