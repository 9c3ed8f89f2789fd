"""Each distribution's ``__all__`` is exactly its public names, and the facade re-exports them."""

from __future__ import annotations

import importlib
import types

import pytest

import asyncdns

DISTRIBUTIONS = ["asyncdns_wire", "asyncdns_resolvers", "asyncdns_system"]


@pytest.mark.parametrize("name", [*DISTRIBUTIONS, "asyncdns"])
def test_all_is_sorted_unique_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=lambda n: (n.startswith("_"), n)) or exported == sorted(
        exported
    )
    assert len(set(exported)) == len(exported)
    for attr in exported:
        assert hasattr(module, attr), f"{name}.__all__ names {attr!r}, which is missing"


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_all_lists_every_public_name(name: str) -> None:
    module = importlib.import_module(name)
    public = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_") and not isinstance(value, types.ModuleType)
    }
    public.discard("annotations")
    assert public <= set(module.__all__), (
        f"public but not in __all__: {sorted(public - set(module.__all__))}"
    )


def test_facade_reexports_every_distribution() -> None:
    for name in DISTRIBUTIONS:
        module = importlib.import_module(name)
        missing = [n for n in module.__all__ if n != "__version__" and not hasattr(asyncdns, n)]
        assert missing == [], f"asyncdns lacks {name}'s {missing}"
        for attr in module.__all__:
            if attr != "__version__":
                assert getattr(asyncdns, attr) is getattr(module, attr)


def test_seed_names_are_on_the_facade() -> None:
    for attr in (
        "Query",
        "Reply",
        "rr",
        "A",
        "AAAA",
        "IN",
        "CH",
        "AA",
        "RD",
        "NOERROR",
        "NXDOMAIN",
    ):
        assert hasattr(asyncdns, attr)
    for attr in (
        "RR",
        "Unknown",
        "A",
        "AAAA",
        "CNAME",
        "HINFO",
        "MB",
        "MF",
        "MG",
        "MINFO",
        "MR",
        "MX",
        "NUL",
        "NS",
        "PTR",
        "SOA",
        "TXT",
        "WKS",
    ):
        assert hasattr(asyncdns.rr, attr)
