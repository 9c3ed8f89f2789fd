"""Recording into a :class:`~asyncdns_resolvers.Trace` on behalf of the system resolvers (the
``trace=`` argument itself is checked by ``asyncdns_resolvers._trace_arg``)."""

from __future__ import annotations

from collections.abc import Sequence

from asyncdns_resolvers import Trace, TraceEntry, TraceEvent
from asyncdns_wire import Message, Query

__all__ = ["note", "note_reply"]


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
