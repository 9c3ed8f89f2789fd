"""Search-list expansion and split-DNS server choice."""

from __future__ import annotations

import pytest

from asyncdns_system import SplitRoute, SystemConfig, SystemNameserver, search_candidates
from asyncdns_system._routing import InOrder, Routes
from asyncdns_system._search import MAX_CANDIDATES

SEARCH = (b"corp.example.test", b"example.test")


@pytest.mark.parametrize(
    ("name", "ndots", "expected"),
    [
        # Fewer dots than ndots: the search list first, the name as given last.
        (b"www", 1, [b"www.corp.example.test", b"www.example.test", b"www"]),
        (b"web.corp", 2, [b"web.corp.corp.example.test", b"web.corp.example.test", b"web.corp"]),
        # At least ndots dots: as given first, then the search list.
        (b"web.corp", 1, [b"web.corp", b"web.corp.corp.example.test", b"web.corp.example.test"]),
        (b"www", 0, [b"www", b"www.corp.example.test", b"www.example.test"]),
        (b".", 1, [b"."]),
    ],
)
def test_candidates(name: bytes, ndots: int, expected: list[bytes]) -> None:
    assert search_candidates(name, SEARCH, ndots) == expected


def test_no_search_list_means_the_name_alone() -> None:
    assert search_candidates(b"www", (), 1) == [b"www"]
    assert search_candidates(b"www", (), 1, no_tld_query=True) == [b"www"]


def test_no_tld_query_skips_single_labels_as_given() -> None:
    assert search_candidates(b"www", SEARCH, 1, no_tld_query=True) == [
        b"www.corp.example.test",
        b"www.example.test",
    ]
    # Names with dots are still tried as given.
    assert search_candidates(b"a.b", SEARCH, 3, no_tld_query=True)[-1] == b"a.b"


def test_duplicates_root_and_overlong_names_are_dropped() -> None:
    long_label = b"a" * 62
    long_domain = b".".join([long_label] * 4)  # 253 octets on the wire: no room for "www"
    search = (b"Example.TEST", b".", b"example.test", long_domain)
    assert search_candidates(b"www", search, 1) == [b"www.Example.TEST", b"www"]
    assert search_candidates(b"www.example.test", (b"example.test",), 5) == [
        b"www.example.test.example.test",
        b"www.example.test",
    ]


def test_escaped_dots_do_not_count() -> None:
    assert search_candidates(b"a\\.b", (b"x.test",), 1) == [b"a\\.b.x.test", b"a\\.b"]
    assert search_candidates(b"a\\046b.c", (b"x.test",), 1)[0] == b"a\\046b.c"


def test_candidates_are_bounded() -> None:
    search = tuple(f"d{i}.test".encode() for i in range(40))
    assert len(search_candidates(b"www", search, 1)) == MAX_CANDIDATES
    assert len(search_candidates(b"www", search, 1, limit=3)) == 3


def test_32_search_domains_are_all_tried_then_the_name() -> None:
    search = tuple(f"d{i}.example.test".encode() for i in range(32))  # Kubernetes' most
    got = search_candidates(b"www.example.test", search, 5)
    assert got == [b"www.example.test." + d for d in search] + [b"www.example.test"]


def test_the_name_as_given_survives_the_limit() -> None:
    search = tuple(f"d{i}.example.test".encode() for i in range(40))
    got = search_candidates(b"www.example.test", search, 5, limit=4)
    assert got == [b"www.example.test." + d for d in search[:3]] + [b"www.example.test"]
    assert search_candidates(b"www.example.test", search, 5, limit=1) == [b"www.example.test"]


def ns(address: str, port: int = 53) -> SystemNameserver:
    return SystemNameserver(address=address, port=port)


def test_routes_pick_the_most_specific_match() -> None:
    config = SystemConfig(
        nameservers=(ns("198.51.100.1"),),
        routes=(
            SplitRoute(domain=b"example.test", nameservers=(ns("198.51.100.2"),)),
            SplitRoute(domain=b"corp.example.test", nameservers=(ns("198.51.100.3"),), order=9),
            SplitRoute(domain=b"corp.example.test", nameservers=(ns("198.51.100.4"),), order=1),
            SplitRoute(domain=b"host.other.test", nameservers=(ns("198.51.100.5"),), exact=True),
            SplitRoute(domain=b"empty.test", nameservers=()),
        ),
    )
    routes = Routes(config)
    assert routes.servers_for(b"www.Corp.Example.TEST") == (("198.51.100.4", 53),)
    assert routes.servers_for(b"corp.example.test") == (("198.51.100.4", 53),)
    assert routes.servers_for(b"www.example.test") == (("198.51.100.2", 53),)
    assert routes.servers_for(b"xcorp.example.test") == (("198.51.100.2", 53),)
    assert routes.servers_for(b"host.other.test") == (("198.51.100.5", 53),)
    assert routes.servers_for(b"a.host.other.test") == (("198.51.100.1", 53),)
    assert routes.servers_for(b"empty.test") == (("198.51.100.1", 53),)
    assert routes.servers_for(b"elsewhere.test") == (("198.51.100.1", 53),)


def test_root_route_catches_everything_else() -> None:
    config = SystemConfig(
        nameservers=(ns("198.51.100.1"),),
        routes=(
            SplitRoute(domain=b".", nameservers=(ns("198.51.100.9"),)),
            SplitRoute(domain=b"corp.test", nameservers=(ns("198.51.100.3"),)),
        ),
    )
    routes = Routes(config)
    assert routes.servers_for(b"www.corp.test") == (("198.51.100.3", 53),)
    assert routes.servers_for(b"www.example.test") == (("198.51.100.9", 53),)


def test_in_order_cycles_and_compares_by_servers() -> None:
    servers = (("198.51.100.1", 53), ("198.51.100.2", 53))
    first = InOrder(servers)
    assert [next(first) for _ in range(5)] == [servers[0], servers[1]] * 2 + [servers[0]]
    again = InOrder(servers)
    assert next(iter(again)) == servers[0]  # every lookup starts with the first server
    assert first == again and hash(first) == hash(again)
    assert first != InOrder(servers[:1])
    assert first != servers
