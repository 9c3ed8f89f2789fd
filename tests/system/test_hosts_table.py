"""parse_hosts: the hosts-file format every OS shares."""

from __future__ import annotations

import ipaddress

from asyncdns_system import HostsTable, parse_hosts
from asyncdns_system._reverse import address_from_reverse, is_reverse_name, reverse_name_of

HOSTS = """\
# comment line
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
198.51.100.5	web.example.test web	www.Example.TEST   # trailing comment
198.51.100.6	web.example.test
2001:db8::5	web.example.test
fe80::1%eth0	router.lan
203.0.113.9	bücher.example.test
203.0.113.10	Mixed.Case.Test
198.51.100.5	second.example.test
not-an-address	broken.test
198.51.100.7
203.0.113.11	bad..name good.test
"""


def ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


def test_names_aliases_and_order() -> None:
    table = parse_hosts(HOSTS)
    assert table.addresses(b"web.example.test") == (
        ip("198.51.100.5"),
        ip("198.51.100.6"),
        ip("2001:db8::5"),
    )
    assert table.addresses(b"web") == (ip("198.51.100.5"),)
    assert table.addresses(b"www.example.test") == (ip("198.51.100.5"),)
    assert table.addresses(b"nowhere.test") is None
    assert b"web" in table and b"nowhere.test" not in table and "web" not in table


def test_case_insensitive() -> None:
    table = parse_hosts(HOSTS)
    assert table.addresses(b"WEB.example.TEST") == table.addresses(b"web.example.test")
    assert table.addresses(b"mixed.case.test") == (ip("203.0.113.10"),)


def test_ipv6_zone_ids_are_kept_for_forward_answers() -> None:
    table = parse_hosts(HOSTS)
    (router,) = table.addresses(b"router.lan") or ()
    assert isinstance(router, ipaddress.IPv6Address)
    assert router.scope_id == "eth0"
    # Reverse mapping ignores the zone.
    assert table.name_for(ip("fe80::1")) == b"router.lan"


def test_idn_names() -> None:
    table = parse_hosts(HOSTS)
    assert table.addresses(b"xn--bcher-kva.example.test") == (ip("203.0.113.9"),)
    assert table.name_for(ip("203.0.113.9")) == b"xn--bcher-kva.example.test"


def test_reverse_map_uses_the_first_line_for_an_address() -> None:
    table = parse_hosts(HOSTS)
    assert table.name_for(ip("198.51.100.5")) == b"web.example.test"
    assert table.name_for(ip("::1")) == b"localhost"
    assert table.name_for(ip("198.51.100.99")) is None


def test_bad_lines_are_skipped_with_warnings() -> None:
    table = parse_hosts(HOSTS)
    assert table.addresses(b"broken.test") is None
    assert table.addresses(b"good.test") == (ip("203.0.113.11"),)
    assert len(table.warnings) == 3
    assert "line 11: 'not-an-address' is not an IP address" in table.warnings
    assert "line 12: an address without names" in table.warnings
    assert table.warnings[2].startswith("line 13: 'bad..name'")


def test_rfc6761_localhost_when_the_file_lacks_it() -> None:
    table = parse_hosts("198.51.100.5 web.example.test\n")
    assert table.addresses(b"localhost") == (ip("127.0.0.1"), ip("::1"))
    assert table.addresses(b"LocalHost") == (ip("127.0.0.1"), ip("::1"))
    assert table.name_for(ip("127.0.0.1")) == b"localhost"
    # Names below localhost are loopback too.
    assert table.addresses(b"app.localhost") == (ip("127.0.0.1"), ip("::1"))
    assert table.is_localhost(b"a.b.localhost") and not table.is_localhost(b"localhost.test")
    assert table.addresses(b"localhost.test") is None


def test_the_file_wins_over_rfc6761() -> None:
    table = parse_hosts("127.0.0.1 localhost\n203.0.113.1 myhost\n203.0.113.3 dev.localhost\n")
    assert table.addresses(b"localhost") == (ip("127.0.0.1"),)
    assert table.addresses(b"dev.localhost") == (ip("203.0.113.3"),)
    # An address mapped by the file keeps the file's name.
    other = parse_hosts("127.0.0.1 myhost\n")
    assert other.name_for(ip("127.0.0.1")) == b"myhost"
    assert other.name_for(ip("::1")) == b"localhost"


def test_without_rfc6761() -> None:
    table = parse_hosts("", localhost=False)
    assert isinstance(table, HostsTable)
    assert table.addresses(b"localhost") is None
    assert table.addresses(b"x.localhost") is None
    assert len(table) == 0 and list(table) == []


def test_reverse_names() -> None:
    assert address_from_reverse(b"5.100.51.198.IN-ADDR.ARPA") == ip("198.51.100.5")
    v6 = ip("2001:db8::5")
    assert address_from_reverse(reverse_name_of(v6)) == v6
    assert reverse_name_of(ip("fe80::1%eth0")).endswith(b".e.f.ip6.arpa")
    for partial in (
        b"100.51.198.in-addr.arpa",
        b"256.100.51.198.in-addr.arpa",
        b"05.100.51.198.in-addr.arpa",
        b"x.100.51.198.in-addr.arpa",
        b"1.0.ip6.arpa",
        b"in-addr.arpa",
        b"www.example.test",
    ):
        assert address_from_reverse(partial) is None, partial
    assert is_reverse_name(b"1.0.0.127.in-addr.arpa") and is_reverse_name(b"IP6.ARPA")
    assert not is_reverse_name(b"arpa") and not is_reverse_name(b"notip6.arpa")
