"""macOS: SCDynamicStore dictionaries and resolver(5) files to split-DNS configuration."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from asyncdns_system import (
    DarwinSnapshot,
    SplitRoute,
    SystemConfigError,
    SystemNameserver,
    parse_darwin,
)
from asyncdns_system.darwin import fetch
from asyncdns_system.darwin.parse import parse_resolver_file
from pytest_asyncdns import darwin_resolver, write_darwin_resolver_dir

from ._support import darwin_snapshot


def ns(address: str, port: int = 53, zone: str | None = None) -> SystemNameserver:
    return SystemNameserver(address=address, port=port, zone=zone)


def routes_by_domain(routes: tuple[SplitRoute, ...]) -> dict[bytes, SplitRoute]:
    return {r.domain: r for r in routes}


def test_vpn_split_dns() -> None:
    config = parse_darwin(darwin_snapshot("vpn-split.json"))
    assert config.origin == "SCDynamicStore"
    assert config.nameservers == (ns("198.51.100.1"), ns("2001:db8:1::1"))
    routes = routes_by_domain(config.routes)
    # The VPN's supplemental match domains, the reverse zone included; "" is skipped.
    corp = routes[b"corp.example.test"]
    assert corp.nameservers == (ns("203.0.113.53"), ns("203.0.113.54"))
    assert corp.order == 100
    assert corp.origin.startswith("supplemental:F00DCAFE")
    assert routes[b"113.0.203.in-addr.arpa"].nameservers == corp.nameservers
    # /etc/resolver files: the file name is the domain unless a domain line says otherwise.
    dev = routes[b"dev.test"]
    assert dev.nameservers == (ns("127.0.0.1", 5300),)
    assert dev.origin == "/etc/resolver/dev.test"
    lab = routes[b"lab.corp.example.test"]
    assert lab.nameservers == (ns("198.51.100.99"), ns("fe80::53", zone="en0"))
    assert (lab.order, lab.timeout, lab.search) == (5, 2.0, (b"lab.corp.example.test",))
    assert routes[b"internal.example.test"].origin == "/etc/resolver/override"
    assert b"broken.test" not in routes
    assert any("broken.test: no usable nameserver" in w for w in config.warnings)
    # The global search list, then each route's search domains by search order.
    assert config.search == (b"home.example.test", b"lab.corp.example.test", b"corp.example.test")
    # The other services are interface-scoped, the primary first.
    assert [(s.interface, s.nameservers) for s in config.scoped] == [
        ("en0", (ns("198.51.100.1"), ns("2001:db8:1::1"))),
        ("en7", (ns("203.0.113.1"), ns("fe80::1", zone="en7"))),
    ]
    assert config.scoped[1].search == (b"office.example.test",)


def test_scoped_resolvers_serve_when_there_is_no_global_one() -> None:
    config = parse_darwin(darwin_snapshot("scoped-only.json"))
    assert config.nameservers == ()
    assert config.default_nameservers() == (ns("198.51.100.2"),)
    assert config.scoped[0].interface == "en0"
    assert config.search == ()


def test_bad_shapes_are_skipped_with_warnings() -> None:
    config = parse_darwin(darwin_snapshot("bad-shapes.json"))
    # A single string is accepted as a list; a bad port falls back to 53.
    assert config.nameservers == (ns("198.51.100.1"),)
    assert config.search == (b"fallback.example.test",)
    assert (config.ndots, config.timeout, config.attempts, config.rotate) == (3, 2, 2, True)
    routes = routes_by_domain(config.routes)
    assert list(routes) == [b"ok.test"]
    assert routes[b"ok.test"].nameservers == (ns("198.51.100.10", 5301),)
    assert routes[b"ok.test"].timeout == 3.0
    warnings = "\n".join(config.warnings)
    for expected in (
        "bad ServerPort 99999",
        "expected strings",
        "Resolvers[0]: bad Domain",
        "Resolvers[1]: no usable nameserver",
        "service S1: not a dictionary",
        "supplemental match domains without servers",
    ):
        assert expected in warnings, expected


def test_plugin_shape(
    asyncdns_darwin_config: Callable[..., dict[str, Any]],
) -> None:
    corp = darwin_resolver("corp.test.", [("127.0.0.3", 5353)], search_order=1, timeout=2)
    shape = asyncdns_darwin_config(
        [("127.0.0.1", 5300), ("127.0.0.2", 5300)],
        search_domains=["example.test"],
        domain_name="example.test",
        resolvers=[corp],
    )
    config = parse_darwin(shape)
    assert [n.server for n in config.nameservers] == [("127.0.0.1", 5300), ("127.0.0.2", 5300)]
    assert config.search == (b"example.test",)
    (route,) = config.routes
    assert (route.domain, route.order, route.timeout) == (b"corp.test", 1, 2.0)
    assert route.nameservers == (ns("127.0.0.3", 5353),)


def test_resolver_files_written_by_the_plugin(tmp_path: Path) -> None:
    entries = [
        darwin_resolver("corp.test", [("127.0.0.3", 5353)], search_order=3, options="ndots:1"),
        darwin_resolver("lab.test", ["127.0.0.4"], timeout=5),
    ]
    directory = write_darwin_resolver_dir(tmp_path / "resolver", entries)
    (directory / ".hidden").write_text("nameserver 127.0.0.9\n")
    (directory / "subdir").mkdir()
    files = fetch.read_resolver_dir(str(directory))
    assert sorted(files) == ["corp.test", "lab.test"]
    config = parse_darwin(
        DarwinSnapshot(global_dns={}, resolver_files=files, resolver_dir=str(directory))
    )
    routes = routes_by_domain(config.routes)
    assert routes[b"corp.test"].nameservers == (ns("127.0.0.3", 5353),)
    assert routes[b"corp.test"].order == 3
    assert routes[b"lab.test"].timeout == 5.0
    assert routes[b"lab.test"].origin == f"{directory}/lab.test"
    assert fetch.read_resolver_dir(str(tmp_path / "absent")) == {}


def test_parse_resolver_file_directly() -> None:
    route, warnings = parse_resolver_file(
        "x.test", "nameserver 198.51.100.5 # comment\nport 5300\nsearch_order oops\n"
    )
    assert route is not None
    assert route.nameservers == (ns("198.51.100.5", 5300),)
    assert route.origin == "x.test"
    assert warnings == ["x.test line 3: bad number in 'search_order' line"]
    route, warnings = parse_resolver_file("bad..name", "nameserver 198.51.100.5\n")
    assert route is None and "not a domain name" in warnings[0]


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the refusal off macOS")
def test_fetch_refuses_off_macos() -> None:
    with pytest.raises(SystemConfigError) as info:
        fetch.fetch()
    assert info.value.source == "SCDynamicStore"


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "9" * 5000])
def test_a_number_python_reads_but_the_file_format_does_not_is_a_warning(value: str) -> None:
    route, warnings = parse_resolver_file("x.test", f"nameserver 198.51.100.5\nport {value}\n")
    if value.isascii():  # 5,000 nines: a port out of range, so no usable server
        assert warnings and route is None
    else:
        assert route is not None
        assert warnings == ["x.test line 2: bad number in 'port' line"]
        assert route.nameservers == (ns("198.51.100.5"),)
