"""One lookup: ask, print the reply (text, ``+short`` or JSON; with ``+trace`` the trace
first, or in the JSON's ``trace`` list), and say which exit status it earns."""

from __future__ import annotations

import asyncio
import json
from typing import TextIO

from asyncdns_resolvers import ResolverError, Trace
from asyncdns_wire import Message

from ._cli_args import Settings
from ._cli_backend import open_backend
from ._cli_output import (
    error_exit,
    error_json,
    error_message,
    query_text,
    reply_exit,
    reply_json,
    reply_short,
    reply_text,
)

__all__ = ["run_lookup"]

#: Seconds granted beyond ``--timeout`` before the command gives up on a lookup itself.
GRACE = 1.0


async def run_lookup(settings: Settings, out: TextIO, err: TextIO) -> int:
    """Run the single lookup *settings* describe and print its outcome.

    Args:
        settings: the parsed command line (``settings.query`` is set).
        out: where the reply goes.
        err: where errors go.

    Returns:
        The exit status (:data:`~._cli_args.EXIT_CODES`).
    """
    query = settings.query
    assert query is not None
    trace = Trace() if settings.trace else None
    async with open_backend(settings) as backend:
        try:
            async with asyncio.timeout(settings.timeout + GRACE):
                reply: Message = await backend.lookup(query, trace)
        except (ResolverError, OSError, TimeoutError, ValueError) as exc:
            if settings.json:
                failure = error_json(query, backend.source, exc)
                if trace is not None:
                    failure["trace"] = trace.to_text().splitlines()
                print(json.dumps(failure, indent=2), file=out)
            elif trace:
                print(trace.to_text(), file=out)
            print(f"asyncdns: {query_text(query)}: {error_message(exc)}", file=err)
            return error_exit(exc)
        if settings.json:
            answer = reply_json(reply, query, backend.source)
            if trace is not None:
                answer["trace"] = trace.to_text().splitlines()
            print(json.dumps(answer, indent=2), file=out)
            return reply_exit(reply)
        if trace:
            print(trace.to_text(), end="\n\n", file=out)
        if settings.short:
            text = reply_short(reply)
            if text:
                print(text, file=out)
        else:
            print(reply_text(reply, query, backend.source), file=out)
        return reply_exit(reply)
