"""Root conftest: pytester must be enabled here (pytest rejects pytest_plugins below the root).

It also keeps every test away from the real root servers: recursive resolution without
``root_hints`` would start at the IANA roots built into asyncdns-resolvers; here it starts at
a closed loopback port instead (and fails fast), so a test that forgets its own hints cannot
send a packet off the machine.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest_plugins = ["pytester"]

#: Where recursive lookups without root hints go during the tests: the discard port, closed.
NO_ROOT = (("127.0.0.1", 9),)


@pytest.fixture(autouse=True)
def _never_the_real_root_servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    try:
        from asyncdns_resolvers import _recursive
    except ImportError:  # the plugin's own tests can run without asyncdns
        yield
        return
    monkeypatch.setattr(_recursive, "ROOT_HINTS", NO_ROOT)
    yield
