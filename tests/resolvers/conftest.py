"""Fixtures of the resolver tests (``pytest.mark.usefixtures`` names them where they apply)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from ._resolver_support import no_loop_errors


@pytest.fixture
async def fail_on_loop_errors() -> AsyncIterator[None]:
    """Fail the test if anything reaches the event loop's exception handler during it (see
    :func:`~._resolver_support.no_loop_errors`)."""
    with no_loop_errors():
        yield
