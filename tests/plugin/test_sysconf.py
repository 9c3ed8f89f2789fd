"""System-side fixtures: resolv.conf, hosts, Darwin and Windows configuration shapes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_asyncdns import (
    FakeDNSServer,
    darwin_dns_config,
    darwin_resolver,
    hosts_text,
    resolv_conf_text,
    windows_adapter,
    write_darwin_resolver_dir,
)


def test_resolv_conf_points_at_the_fake_server(
    asyncdns_resolv_conf: Callable[..., Any], asyncdns_server: FakeDNSServer, tmp_path: Path
) -> None:
    conf = asyncdns_resolv_conf(search=["example.test", "test"], options=["ndots:2", "timeout:1"])
    assert conf.path == tmp_path / "resolv.conf"
    assert conf.nameservers == [asyncdns_server.address]
    assert conf.port == asyncdns_server.port
    text = conf.path.read_text()
    assert text == conf.text
    assert "nameserver 127.0.0.1\n" in text
    assert "search example.test test\n" in text
    assert "options ndots:2 timeout:1\n" in text
    assert f"# pytest-asyncdns: fake servers listen on port {asyncdns_server.port}" in text
    assert conf.search == ["example.test", "test"]


def test_resolv_conf_bracket_ports_and_extra(asyncdns_resolv_conf: Callable[..., Any]) -> None:
    conf = asyncdns_resolv_conf(
        [("127.0.0.1", 5300), "127.0.0.2", ("::1", 5301)],
        domain="example.test",
        port_style="bracket",
        extra="sortlist 198.51.100.0/24",
        name="other.conf",
    )
    lines = conf.path.read_text().splitlines()
    assert lines[1:] == [
        "# pytest-asyncdns: fake servers listen on port 5300,5301",
        "domain example.test",
        "nameserver [127.0.0.1]:5300",
        "nameserver 127.0.0.2",
        "nameserver [::1]:5301",
        "sortlist 198.51.100.0/24",
    ]
    assert conf.path.name == "other.conf"


def test_resolv_conf_text_without_ports() -> None:
    assert resolv_conf_text(["127.0.0.1"]) == (
        "# written by pytest-asyncdns for a test\nnameserver 127.0.0.1\n"
    )


def test_hosts_file(asyncdns_hosts_file: Callable[..., Any]) -> None:
    hosts = asyncdns_hosts_file(
        {"198.51.100.5": ["web.example.test", "web"], "2001:db8::5": "web.example.test"},
        extra="# trailing comment",
    )
    assert hosts.path.read_text().splitlines() == [
        "# written by pytest-asyncdns for a test",
        "198.51.100.5\tweb.example.test web",
        "2001:db8::5\tweb.example.test",
        "# trailing comment",
    ]
    pairs = hosts_text([("198.51.100.6", "a.test"), ("198.51.100.6", ["b.test"])])
    assert pairs.count("198.51.100.6") == 2


def test_darwin_config(
    asyncdns_darwin_config: Callable[..., Any], asyncdns_server: FakeDNSServer
) -> None:
    corp = darwin_resolver("corp.test.", [("127.0.0.3", 5353)], search_order=1, timeout=2)
    config = asyncdns_darwin_config(
        search_domains=["example.test."], domain_name="example.test", resolvers=[corp]
    )
    assert config == {
        "ServerAddresses": ["127.0.0.1"],
        "ServerPort": asyncdns_server.port,
        "SearchDomains": ["example.test"],
        "DomainName": "example.test",
        "Resolvers": [
            {
                "Domain": "corp.test",
                "ServerAddresses": ["127.0.0.3"],
                "ServerPort": 5353,
                "SearchOrder": 1,
                "Timeout": 2,
            }
        ],
    }
    assert darwin_dns_config([])["ServerPort"] == 53


def test_darwin_resolver_dir(tmp_path: Path) -> None:
    entries = [
        darwin_resolver("corp.test", ["127.0.0.3", "127.0.0.4"], options="ndots:1"),
        darwin_resolver("lab.test", [("127.0.0.5", 5400)], search_order=2),
    ]
    directory = write_darwin_resolver_dir(tmp_path / "resolver", entries)
    assert sorted(p.name for p in directory.iterdir()) == ["corp.test", "lab.test"]
    assert (directory / "corp.test").read_text() == (
        "nameserver 127.0.0.3\nnameserver 127.0.0.4\nport 53\ndomain corp.test\noptions ndots:1\n"
    )
    assert (directory / "lab.test").read_text() == (
        "nameserver 127.0.0.5\nport 5400\ndomain lab.test\nsearch_order 2\n"
    )


def test_windows_adapters(
    asyncdns_windows_adapters: Callable[..., Any], asyncdns_server: FakeDNSServer
) -> None:
    down = windows_adapter("Wi-Fi", ["127.0.0.9"], up=False, ipv4_metric=50, interface_index=7)
    adapters = asyncdns_windows_adapters(dns_suffix="corp.test", extra=[down])
    assert adapters == [
        {
            "FriendlyName": "Ethernet",
            "InterfaceIndex": 1,
            "OperStatus": "Up",
            "DnsServers": ["127.0.0.1"],
            "DnsServerPort": asyncdns_server.port,
            "DnsSuffix": "corp.test",
            "Ipv4Metric": 25,
            "Ipv6Metric": 25,
        },
        down,
    ]
    assert down["OperStatus"] == "Down"


def test_explicit_nameservers_do_not_start_a_server(
    asyncdns_resolv_conf: Callable[..., Any], request: Any
) -> None:
    asyncdns_resolv_conf(["127.0.0.1"])
    assert "asyncdns_server" not in request.fixturenames


@pytest.mark.parametrize(
    "name", ["<absolute>", "../hosts", "sub/../../hosts", "..", "C:\\hosts", "\\\\srv\\hosts", ""]
)
def test_file_names_must_stay_in_tmp_path(
    asyncdns_hosts_file: Callable[..., Any],
    asyncdns_resolv_conf: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
) -> None:
    # tmp_path / "/etc/hosts" is /etc/hosts: an absolute name would overwrite the machine's
    # file. The absolute name tried here is another temporary directory, never /etc: should
    # the check regress, this test writes only there.
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    if name == "<absolute>":
        name = str(elsewhere / "hosts")
    for write in (
        lambda: asyncdns_hosts_file({"198.51.100.1": "a.example.test"}, name=name),
        lambda: asyncdns_resolv_conf(["127.0.0.1"], name=name),
    ):
        with pytest.raises(ValueError, match="inside the test's tmp_path"):
            write()
    assert list(elsewhere.iterdir()) == []


def test_relative_file_names_may_have_directories(
    asyncdns_hosts_file: Callable[..., Any], tmp_path: Path
) -> None:
    hosts = asyncdns_hosts_file({"198.51.100.1": "a.example.test"}, name="etc/hosts")
    assert hosts.path == tmp_path / "etc" / "hosts"
    assert hosts.path.read_text() == hosts.text


@pytest.mark.parametrize("domain", ["../evil", "<absolute>", "a/b", "..", "", "C:evil"])
def test_darwin_resolver_domain_is_a_plain_file_name(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, domain: str
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # never /etc, even if the check regresses
    entry = darwin_resolver("corp.test", ["127.0.0.3"])
    entry["Domain"] = str(elsewhere / "abs") if domain == "<absolute>" else domain
    with pytest.raises(ValueError, match="plain file name"):
        write_darwin_resolver_dir(tmp_path / "resolver", [entry])
    assert list(tmp_path.iterdir()) == [tmp_path / "resolver"]
    assert list((tmp_path / "resolver").iterdir()) == list(elsewhere.iterdir()) == []


def test_a_single_nameserver_string_is_one_server(
    asyncdns_resolv_conf: Callable[..., Any],
    asyncdns_darwin_config: Callable[..., Any],
    asyncdns_windows_adapters: Callable[..., Any],
) -> None:
    conf = asyncdns_resolv_conf("127.0.0.1")
    assert conf.nameservers == [("127.0.0.1", 53)]
    assert conf.text.count("nameserver") == 1
    assert asyncdns_darwin_config("127.0.0.2")["ServerAddresses"] == ["127.0.0.2"]
    assert asyncdns_windows_adapters("127.0.0.3")[0]["DnsServers"] == ["127.0.0.3"]
    assert darwin_resolver("corp.test", "127.0.0.4")["ServerAddresses"] == ["127.0.0.4"]


def test_an_address_tuple_is_one_server(
    asyncdns_resolv_conf: Callable[..., Any],
    asyncdns_darwin_config: Callable[..., Any],
    asyncdns_windows_adapters: Callable[..., Any],
    asyncdns_server: FakeDNSServer,
) -> None:
    # server.address is the (host, port) shape the README passes everywhere.
    conf = asyncdns_resolv_conf(asyncdns_server.address, port_style="bracket")
    assert conf.nameservers == [asyncdns_server.address]
    assert f"nameserver [127.0.0.1]:{asyncdns_server.port}\n" in conf.text
    darwin = asyncdns_darwin_config(asyncdns_server.address)
    assert (darwin["ServerAddresses"], darwin["ServerPort"]) == (
        ["127.0.0.1"],
        asyncdns_server.port,
    )
    adapter = asyncdns_windows_adapters(asyncdns_server.address)[0]
    assert (adapter["DnsServers"], adapter["DnsServerPort"]) == (
        ["127.0.0.1"],
        asyncdns_server.port,
    )
    # Two hosts in a tuple are still two servers.
    pair = resolv_conf_text(("127.0.0.1", "127.0.0.2"))
    assert pair.count("nameserver") == 2
