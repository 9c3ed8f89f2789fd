"""The asyncdns 0.1 ``Query`` contract: names of four kinds, equality, ordering, hashing, repr."""

from __future__ import annotations

import ipaddress
import itertools
import operator

import pytest

import asyncdns_wire
from asyncdns_wire import AAAA, ANY, CH, IN, MX, PTR, A, Query


def test_str_names() -> None:
    q = Query("www.example.com", A, IN)
    assert q.name == b"www.example.com"
    assert (q.q_type, q.q_class) == (1, 1)
    assert Query("www.example.com.", A).name == b"www.example.com"
    assert Query("bücher.example", A).name == b"xn--bcher-kva.example"


def test_bytes_names_are_literal() -> None:
    assert Query(b"www.example.com", A).name == b"www.example.com"
    assert Query(b"www.example.com.", A).name == b"www.example.com"
    assert Query(b"a\\.b.example", A).name == b"a\\.b.example"
    assert Query(bytearray(b"example.com"), A).name == b"example.com"  # type: ignore[arg-type]


def test_address_names_become_reverse_lookups() -> None:
    assert Query(ipaddress.IPv4Address("198.51.100.7"), PTR).name == b"7.100.51.198.in-addr.arpa"
    v6 = Query(ipaddress.IPv6Address("2001:db8::53"), PTR)
    assert v6.name.endswith(b".8.b.d.0.1.0.0.2.ip6.arpa")
    assert v6.name.startswith(b"3.5.0.0.")
    assert len(v6.name.split(b".")) == 34


def test_class_defaults_to_in() -> None:
    assert Query("example.com", MX).q_class == IN


def test_equality_is_case_insensitive_on_the_name_only() -> None:
    assert Query("WWW.Example.COM", A) == Query("www.example.com", A)
    assert Query("www.example.com.", A) == Query(b"www.example.com", A)
    assert Query("example.com", A) != Query("example.com", AAAA)
    assert Query("example.com", A) != Query("example.com", A, CH)
    assert Query("example.com", A) != Query("example.net", A)
    # Case-insensitivity is ASCII only: escaped octets compare as octets.
    assert Query(b"\\195\\169.example", A) != Query(b"\\195\\137.example", A)
    # The spelling is kept even though it does not count.
    assert Query("WWW.Example.COM", A).name == b"WWW.Example.COM"


def test_equality_with_other_types() -> None:
    q = Query("example.com", A)
    assert q != "example.com"
    assert q != ("example.com", A, IN)
    assert q != 1
    assert q.__eq__(object()) is NotImplemented


_SORTED = [
    Query("a.example", A),
    Query("a.example", A, CH),
    Query("a.example", MX),
    Query("b.example", A),
    Query("B.example", AAAA),
    Query("b.example", ANY),
    Query("c.example", A),
]


def test_ordering_all_six_operators() -> None:
    for (i, x), (j, y) in itertools.product(enumerate(_SORTED), repeat=2):
        assert (x < y) is (i < j), (x, y)
        assert (x <= y) is (i <= j), (x, y)
        assert (x > y) is (i > j), (x, y)
        assert (x >= y) is (i >= j), (x, y)
        assert (x == y) is (i == j), (x, y)
        assert (x != y) is (i != j), (x, y)


def test_sorting_is_total_and_case_insensitive() -> None:
    shuffled = [_SORTED[i] for i in (4, 0, 6, 2, 5, 1, 3)]
    assert sorted(shuffled) == _SORTED
    assert Query("A.example", A) <= Query("a.example", A) <= Query("A.example", A)


@pytest.mark.parametrize("op", [operator.lt, operator.le, operator.gt, operator.ge])
def test_ordering_against_other_types_raises(op: object) -> None:
    with pytest.raises(TypeError):
        op(Query("example.com", A), "example.com")  # type: ignore[operator]


def test_hashing_in_dicts_and_sets() -> None:
    a = Query("www.example.com", A)
    b = Query("WWW.EXAMPLE.COM.", A)
    assert hash(a) == hash(b)
    cache = {a: "first"}
    cache[b] = "second"
    assert cache == {Query(b"www.example.com", A): "second"}
    assert len({a, b, Query("www.example.com", AAAA), Query("www.example.com", A, CH)}) == 3
    assert Query("www.example.com", A) in {b}


def test_repr_is_eval_able() -> None:
    q = Query("WWW.example.com", AAAA)
    assert repr(q) == "Query(b'WWW.example.com', AAAA, IN)"
    assert eval(repr(q), vars(asyncdns_wire)) == q
    assert repr(Query("example.com", 65280, 3)) == "Query(b'example.com', TYPE65280, CH)"


def test_str_is_a_question_line() -> None:
    assert str(Query("example.com", MX)) == "example.com.\tIN\tMX"


def test_key() -> None:
    assert Query("WWW.Example.com", A).key() == (b"www.example.com", 1, 1)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((123, A), TypeError),
        ((None, A), TypeError),
        ((["example", "com"], A), TypeError),
        (("example.com", "A"), TypeError),
        (("example.com", 1.0), TypeError),
        (("example.com", True), TypeError),
        (("example.com", A, "IN"), TypeError),
        (("example.com", -1), ValueError),
        (("example.com", 65536), ValueError),
        (("example.com", A, 65536), ValueError),
        (("a..example", A), ValueError),
        (("a" * 64 + ".example", A), ValueError),
        ((".".join(["a" * 63] * 4), A), ValueError),
        (("bad\\", A), ValueError),
    ],
)
def test_bad_arguments(args: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        Query(*args)  # type: ignore[arg-type]


def test_intenum_members_are_plain_ints() -> None:
    q = Query("example.com", asyncdns_wire.RRType.MX, asyncdns_wire.RRClass.IN)
    assert type(q.q_type) is int
    assert type(q.q_class) is int
    assert q == Query("example.com", 15, 1)
    assert type(Query("example.com", asyncdns_wire.RRType.MX).q_class) is int  # the default
