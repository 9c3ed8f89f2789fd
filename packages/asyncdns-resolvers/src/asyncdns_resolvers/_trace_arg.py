"""The ``trace=`` argument every resolver's ``lookup`` takes: checking what the caller passed,
and telling whether a component's own ``lookup`` takes one (the caller's components, and
resolvers of their own, need not)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from ._trace import Trace

__all__ = ["accepts_trace", "checked_trace"]


def checked_trace(trace: object) -> Trace:
    """*trace* itself, checked.

    Args:
        trace: what the caller passed as ``trace=``.

    Returns:
        The :class:`Trace`.

    Raises:
        TypeError: it is not a ``Trace``.
    """
    if not isinstance(trace, Trace):
        raise TypeError(f"trace must be a Trace, not {type(trace).__name__}")
    return trace


def accepts_trace(method: Callable[..., Any]) -> bool:
    """Whether *method* (a bound ``lookup``) takes a ``trace`` keyword argument.

    Args:
        method: the component's ``lookup``.

    Returns:
        ``True`` when it names a ``trace`` parameter or takes ``**kwargs``.
    """
    function = getattr(method, "__func__", method)
    try:
        return _accepts_cached(function)
    except TypeError:  # an unhashable callable
        return _accepts(function)


def _accepts(function: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        (p.name == "trace" and p.kind is not inspect.Parameter.POSITIONAL_ONLY)
        or p.kind is inspect.Parameter.VAR_KEYWORD
        for p in parameters
    )


_accepts_cached = functools.lru_cache(maxsize=64)(_accepts)
