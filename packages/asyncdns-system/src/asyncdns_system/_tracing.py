"""Recording into a :class:`~asyncdns_resolvers.Trace` on behalf of the system resolvers, and
telling whether a component's ``lookup`` takes a ``trace`` keyword (components of the
caller's own need not)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

from asyncdns_resolvers import Trace, TraceEntry, TraceEvent
from asyncdns_wire import Message, Query

__all__ = ["accepts_trace", "checked_trace", "note", "note_reply"]


def checked_trace(trace: object) -> Trace:
    """*trace* itself, checked.

    Args:
        trace: what the caller passed as ``trace=``.

    Returns:
        The :class:`~asyncdns_resolvers.Trace`.

    Raises:
        TypeError: it is not a ``Trace``.
    """
    if not isinstance(trace, Trace):
        raise TypeError(f"trace must be a Trace, not {type(trace).__name__}")
    return trace


def note(
    trace: Trace,
    event: TraceEvent,
    query: Query,
    detail: str,
    *,
    names: Sequence[bytes] = (),
) -> None:
    """Append one event without a server to *trace*.

    Args:
        trace: the trace.
        event: what happened.
        query: the question.
        detail: the explanation.
        names: the names concerned (the search list's candidates).
    """
    trace.append(TraceEntry(event, query=query, detail=detail, names=tuple(names)))


def note_reply(trace: Trace, query: Query, reply: Message, transport: str, detail: str) -> None:
    """Append the :attr:`~asyncdns_resolvers.TraceEvent.REPLY` of a source without a server
    (the hosts file).

    Args:
        trace: the trace.
        query: the question.
        reply: the reply the lookup completes with.
        transport: where it came from (``"hosts"``).
        detail: the explanation (the file's path).
    """
    trace.append(
        TraceEntry(
            TraceEvent.REPLY,
            query=query,
            rcode=reply.rcode,
            records=tuple(reply.answers),
            transport=transport,
            detail=detail,
        )
    )


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
