"""The configuration dataclasses and the shared sanitizers."""

from __future__ import annotations

import dataclasses

import pytest

from asyncdns_system import SplitRoute, SystemConfig, SystemNameserver
from asyncdns_system._sanitize import (
    dedupe,
    domain_from_text,
    domains_from_text,
    nameserver_from_text,
    strip_comment,
)


def test_nameserver_server_tuple_and_text() -> None:
    plain = SystemNameserver(address="198.51.100.1")
    assert plain.server == ("198.51.100.1", 53)
    assert str(plain) == "198.51.100.1"
    scoped = SystemNameserver(address="fe80::1", port=5300, zone="en0")
    assert scoped.server == ("fe80::1%en0", 5300)
    assert str(scoped) == "[fe80::1%en0]:5300"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"address": "not-an-ip"}, ValueError),
        ({"address": "fe80::1%en0"}, ValueError),
        ({"address": "198.51.100.1", "zone": "eth0"}, ValueError),
        ({"address": "fe80::1", "zone": ""}, ValueError),
        ({"address": "198.51.100.1", "port": 0}, ValueError),
        ({"address": "198.51.100.1", "port": 65536}, ValueError),
        ({"address": "198.51.100.1", "port": True}, TypeError),
    ],
)
def test_nameserver_validation(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        SystemNameserver(**kwargs)  # type: ignore[arg-type]


def test_config_is_frozen_keyword_only_and_validated() -> None:
    config = SystemConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.ndots = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        SystemConfig(())  # type: ignore[call-arg]
    for bad in ({"ndots": -1}, {"timeout": 0}, {"attempts": 0}):
        with pytest.raises(ValueError):
            SystemConfig(**bad)  # type: ignore[arg-type]


def test_warnings_do_not_count_as_a_change() -> None:
    assert SystemConfig(warnings=("a",)) == SystemConfig(warnings=("b",))
    assert SystemConfig(ndots=2) != SystemConfig()


def test_default_nameservers_fall_back_to_the_first_scoped_resolver() -> None:
    ns = SystemNameserver(address="198.51.100.2")
    empty = SplitRoute(domain=b".", nameservers=())
    scoped = SplitRoute(domain=b".", nameservers=(ns,), interface="en0")
    assert SystemConfig(scoped=(empty, scoped)).default_nameservers() == (ns,)
    own = SystemNameserver(address="198.51.100.1")
    assert SystemConfig(nameservers=(own,), scoped=(scoped,)).default_nameservers() == (own,)
    assert SystemConfig().default_nameservers() == ()


@pytest.mark.parametrize(
    ("text", "address", "port", "zone"),
    [
        ("198.51.100.1", "198.51.100.1", 53, None),
        (" 2001:db8::1 ", "2001:db8::1", 53, None),
        ("2001:DB8:0:0::1", "2001:db8::1", 53, None),
        ("fe80::1%en0", "fe80::1", 53, "en0"),
        ("[198.51.100.1]:5300", "198.51.100.1", 5300, None),
        ("[::1]:5353", "::1", 5353, None),
        ("[fe80::1%eth0]:5353", "fe80::1", 5353, "eth0"),
        ("[2001:db8::53]", "2001:db8::53", 53, None),
    ],
)
def test_nameserver_from_text(text: str, address: str, port: int, zone: str | None) -> None:
    assert nameserver_from_text(text) == SystemNameserver(address=address, port=port, zone=zone)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "example.test",
        "198.51.100.1%eth0",
        "fe80::1%",
        "[198.51.100.1",
        "[198.51.100.1]:",
        "[198.51.100.1]:x",
        "[198.51.100.1]5300",
        "[198.51.100.1]:70000",
        "010.0.0.1",
    ],
)
def test_nameserver_from_text_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        nameserver_from_text(text)


def test_nameserver_from_text_default_port() -> None:
    assert nameserver_from_text("198.51.100.1", default_port=5300).port == 5300
    assert nameserver_from_text("[198.51.100.1]:53", default_port=5300).port == 53


def test_domains() -> None:
    assert domain_from_text("Example.TEST.") == b"example.test"
    assert domain_from_text("bücher.example.test") == b"xn--bcher-kva.example.test"
    assert domain_from_text(".") is None
    assert domain_from_text("bad..name") is None
    assert domain_from_text("a" * 64 + ".test") is None
    found, bad = domains_from_text("a.test, b.test;a.test\x00c.test bad..x .")
    assert found == [b"a.test", b"b.test", b"c.test"]
    assert bad == ["bad..x"]


def test_strip_comment_and_dedupe() -> None:
    assert strip_comment("nameserver 198.51.100.1 # primary") == "nameserver 198.51.100.1"
    assert strip_comment("search a.test ; b.test") == "search a.test"
    assert strip_comment("  plain  ") == "plain"
    assert dedupe([3, 1, 3, 2, 1]) == [3, 1, 2]
