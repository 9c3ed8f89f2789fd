"""``asyncdns [NAME] [TYPE] [CLASS] [@SERVER[:PORT]] [+FLAG...]``: look names up, dig-style.

Without ``@SERVER`` the lookup goes to a demo zone (``example.com``) that this command serves
itself on 127.0.0.1, so it is a real lookup over the network stack that works offline.
``asyncdns --help`` lists the options and the exit statuses (0 answer, 1 NXDOMAIN or NODATA,
2 usage error, 3 network failure or timeout, 4 server failure).

The parts: :mod:`._cli_args` (the command line), :mod:`._cli_backend` (where lookups go),
:mod:`._cli_lookup` (one lookup), :mod:`._cli_bulk` and :mod:`._cli_progress` (bulk mode),
:mod:`._cli_output` (text, JSON, exit statuses), :mod:`._cli_hints` (root hints files) and
:mod:`._demo` (the demo zone).
"""

from __future__ import annotations

import asyncio
import os
import sys

from ._cli_args import UsageError, parse_args
from ._cli_bulk import run_bulk
from ._cli_lookup import run_lookup
from ._cli_output import EXIT_NETWORK, EXIT_USAGE

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the ``asyncdns`` command.

    Args:
        argv: the arguments without the program name (``None``: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 an answer, 1 NXDOMAIN or NODATA, 2 a usage error, 3 a network
        failure or timeout, 4 a server failure (bulk mode: 0 when every line got a reply,
        else the most severe failure's status).
    """
    try:
        settings = parse_args(argv)
    except UsageError as exc:
        print(f"asyncdns: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # argparse: --help (0) or its own usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    run = run_bulk if settings.bulk is not None else run_lookup
    try:
        return asyncio.run(run(settings, sys.stdout, sys.stderr))
    except OSError as exc:  # the demo server could not listen, say
        if isinstance(exc, BrokenPipeError):
            return _stdout_closed()
        print(f"asyncdns: {exc}", file=sys.stderr)
        return EXIT_NETWORK
    except KeyboardInterrupt:
        return 130


def _stdout_closed() -> int:
    """The reader of stdout went away (``asyncdns ... | head``): stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
