"""Fixtures of the interop tests: one real NSD per session, serving :mod:`tests.interop.zones`.

Every test here is skipped when ``nsd`` (or, for the comparisons, ``dig``) is not installed;
CI installs both (``.ci/run``). NSD listens on 127.0.0.1 (and ::1 when the machine has it)
on a free ephemeral port; nothing else is ever queried.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .digview import dig_binary
from .nsd import NsdServer, nsd_binary
from .zones import ZONES


@pytest.fixture(scope="session")
def nsd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NsdServer]:
    """A started NSD serving the interop zones; stopped at the end of the session."""
    if nsd_binary() is None:
        pytest.skip("nsd is not installed (apt-get install nsd)")
    server = NsdServer(ZONES, tmp_path_factory.mktemp("nsd"))
    with server:
        yield server
    # NSD's own complaints (a zone that did not load...) show up here, not as silent skips.
    assert "error" not in server.output().lower(), server.output()


@pytest.fixture(scope="session")
def dig_available() -> None:
    """Skip the test when dig is not installed."""
    if dig_binary() is None:
        pytest.skip("dig is not installed (apt-get install dnsutils)")
