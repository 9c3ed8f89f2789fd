"""Bulk mode: many lookups from a file or stdin, N at a time, one JSON line per lookup on
stdout, a progress bar and a summary on stderr.

Each input line is ``NAME`` or ``NAME TYPE`` (blank lines and ``#`` comments are skipped).
A fixed pool of ``--concurrency`` worker tasks shares one iterator over the lines, so at most
that many lookups are in flight and everything ends when the lines run out. Output lines come
in completion order; each carries the name and type it answers.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from asyncdns_resolvers import Trace
from asyncdns_wire import Message, Query, rrtype_from_text, rrtype_to_text

from ._cli_args import Settings
from ._cli_backend import open_backend
from ._cli_lookup import GRACE
from ._cli_output import (
    EXIT_ANSWER,
    EXIT_SERVER,
    EXIT_USAGE,
    error_exit,
    error_kind,
    error_message,
    rcode_name,
    record_json,
    reply_status,
)
from ._cli_progress import Progress

__all__ = ["Job", "Tally", "parse_jobs", "run_bulk"]

_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True, slots=True)
class Job:
    """One input line: its question, or why it has none."""

    line: int
    text: str
    query: Query | None
    problem: str = ""


def parse_jobs(text: str, rr_type: int, rr_class: int) -> list[Job]:
    """The lookups *text* asks for, one per non-blank, non-comment line.

    Args:
        text: the input, ``NAME`` or ``NAME TYPE`` per line.
        rr_type: the type of lines that give none.
        rr_class: the class of every lookup.

    Returns:
        A :class:`Job` per line; a malformed line's job has no query and says why.
    """
    jobs: list[Job] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        try:
            if len(words) > 2:
                raise ValueError("expected NAME or NAME TYPE")
            q_type = rrtype_from_text(words[1]) if len(words) == 2 else rr_type
            jobs.append(Job(number, words[0], Query(words[0], q_type, rr_class)))
        except (TypeError, ValueError) as exc:
            jobs.append(Job(number, line, None, str(exc)))
    return jobs


class Tally:
    """What the lookups came to, for the summary and the exit status."""

    __slots__ = ("answers", "errors", "lookups", "nodata", "nxdomain", "records", "status")

    def __init__(self) -> None:
        self.lookups = 0
        self.answers = 0
        self.records = 0
        self.nxdomain = 0
        self.nodata = 0
        self.errors: Counter[str] = Counter()
        self.status = EXIT_ANSWER

    def reply(self, status: str, records: int) -> None:
        """Count a reply whose :func:`reply_status` is *status*."""
        self.lookups += 1
        if status == "answer":
            self.answers += 1
            self.records += records
        elif status == "nxdomain":
            self.nxdomain += 1
        elif status == "nodata":
            self.nodata += 1
        else:  # a reply with an error rcode
            self._error(status, EXIT_SERVER)

    def failure(self, kind: str, exit_status: int) -> None:
        """Count a lookup that failed, or a malformed line (kind ``bad-input``)."""
        self.lookups += 1
        self._error(kind, exit_status)

    def _error(self, kind: str, exit_status: int) -> None:
        self.errors[kind] += 1
        self.status = max(self.status, exit_status)

    def summary(self, seconds: float) -> str:
        """The summary lines (for stderr)."""
        rate = self.lookups / seconds if seconds > 0 else 0.0
        errors = sum(self.errors.values())
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.errors.items()))
        return (
            f";; {self.lookups} lookups in {seconds:.2f} s ({rate:.1f} lookups/s)\n"
            f";; {self.answers} answers ({self.records} records), {self.nxdomain} NXDOMAIN, "
            f"{self.nodata} NODATA, {errors} errors" + (f": {kinds}" if kinds else "")
        )


async def run_bulk(settings: Settings, out: TextIO, err: TextIO) -> int:
    """Run bulk mode (``--bulk FILE``) and print its results.

    Args:
        settings: the parsed command line (``settings.bulk`` is set).
        out: where the JSON lines go.
        err: where the progress bar, the summary and errors go.

    Returns:
        0 when every line got a reply (an answer, NXDOMAIN or NODATA), else the most severe
        failure's status: 4 server failures, 3 network failures, 2 malformed lines.
    """
    source = settings.bulk
    assert source is not None
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8") as file:
                text = file.read()
    except (OSError, ValueError) as exc:
        print(f"asyncdns: --bulk {source}: {exc}", file=err)
        return EXIT_USAGE
    jobs = parse_jobs(text, settings.rr_type, settings.rr_class)
    tally = Tally()
    # By default only where it helps: a terminal that the JSON lines do not also go to.
    enabled = settings.progress
    if enabled is None:
        enabled = err.isatty() and not out.isatty()
    progress = Progress(err, len(jobs), enabled=enabled)
    started = time.monotonic()
    async with open_backend(settings) as backend:
        shared = iter(jobs)
        workers = min(settings.concurrency, len(jobs))
        progress.start()
        try:
            await asyncio.gather(
                *(
                    _worker(shared, backend.lookup, out, tally, progress, settings.timeout + GRACE)
                    for _ in range(workers)
                )
            )
        finally:
            progress.stop()
    out.flush()
    print(tally.summary(time.monotonic() - started), file=err)
    return tally.status


async def _worker(
    jobs: Iterator[Job],
    lookup: Any,
    out: TextIO,
    tally: Tally,
    progress: Progress,
    guard: float,
) -> None:
    """Take lines from *jobs* until there are none left; look each up; write its line."""
    loop = asyncio.get_running_loop()
    write = out.write
    no_trace: Trace | None = None
    for job in jobs:
        query = job.query
        if query is None:
            write(_DUMPS(_bad_line(job)) + "\n")
            tally.failure("bad-input", EXIT_USAGE)
            progress.done += 1
            progress.errors += 1
            continue
        started = loop.time()
        try:
            async with asyncio.timeout(guard):
                reply: Message = await lookup(query, no_trace)
        except Exception as exc:  # one failed lookup must not end the others
            kind = error_kind(exc)
            result = _result(job, query, started, loop.time())
            result["error"] = kind
            result["message"] = error_message(exc)
            tally.failure(kind, error_exit(exc))
            progress.errors += 1
        else:
            result = _result(job, query, started, loop.time())
            status = reply_status(reply)
            result["rcode"] = rcode_name(reply.rcode)
            result["status"] = status
            result["answers"] = [record_json(r, typed=False) for r in reply.answers]
            tally.reply(status, len(reply.answers))
        write(_DUMPS(result) + "\n")
        progress.done += 1


def _result(job: Job, query: Query, started: float, ended: float) -> dict[str, Any]:
    return {
        "name": job.text,
        "type": rrtype_to_text(query.q_type),
        "rcode": None,
        "status": "error",
        "answers": [],
        "error": None,
        "elapsed_ms": round((ended - started) * 1000, 3),
    }


def _bad_line(job: Job) -> dict[str, Any]:
    return {
        "name": job.text,
        "type": None,
        "rcode": None,
        "status": "error",
        "answers": [],
        "error": "bad-input",
        "message": f"line {job.line}: {job.problem}",
        "elapsed_ms": 0.0,
    }
