"""The command line's arguments: options for argparse, dig-style words (``TYPE``, ``CLASS``,
``@server``, ``+flag``) parsed here, and the checks between them. The result is a
:class:`Settings`; anything wrong is a :class:`UsageError` (exit status 2)."""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
from dataclasses import dataclass

from asyncdns_wire import IN, PTR, Query, reverse_name, rrclass_from_text, rrtype_from_text

from ._cli_hints import read_root_hints

__all__ = ["DEFAULT_NAME", "EXIT_CODES", "Settings", "UsageError", "parse_args"]

Server = tuple[str, int]

DEFAULT_NAME = "www.example.com"

EXIT_CODES = """\
exit status:
  0  an answer (NOERROR with records in the answer section); bulk: every line got a reply
  1  no answer: NXDOMAIN, or NODATA (NOERROR with an empty answer section)
  2  usage error (bad option, type, class, server address or input file)
  3  network failure: timeout, unreachable server, no usable reply
  4  server failure: SERVFAIL, REFUSED or another error rcode; recursive resolution failed
     (lame or dead delegation, alias loop) or hit a safety limit
"""

DESCRIPTION = """\
Look a name up and print the reply, dig-style.

Without @server the query goes to a demo zone (example.com, and reverse names of
198.51.100.0/24) that the command serves itself on 127.0.0.1: a real lookup that works
offline. Words after NAME, in any order: TYPE (A, AAAA, MX, TYPE65...), CLASS (IN, CH...),
@SERVER[:PORT] (also @[V6]:PORT and @ADDR#PORT), and +tcp, +norecurse, +trace, +short
(each with a +no form). +trace walks from the root (it implies --recursive); with
--system it shows which source answered and every attempt."""

_FLAGS = {
    "tcp": "tcp",
    "vc": "tcp",
    "recurse": "recurse",
    "rec": "recurse",
    "trace": "trace",
    "short": "short",
}


class UsageError(Exception):
    """The command line is wrong; the message says how."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What the command line asks for."""

    query: Query | None
    """The single lookup's question (``None`` in bulk mode)."""
    rr_type: int
    """The type asked (bulk mode: for lines without a type)."""
    rr_class: int
    server: Server | None
    """``@server``, or ``None`` (the demo zone, the root hints or the system resolver)."""
    tcp: bool
    recurse: bool
    """The RD flag of stub queries (``+norecurse`` clears it)."""
    recursive: bool
    """Resolve iteratively from the root hints (or from ``@server``)."""
    root_hints: tuple[Server, ...] | None
    trace: bool
    short: bool
    json: bool
    timeout: float
    system: bool
    resolv_conf: str | None
    hosts: str | None
    mdns: bool
    bulk: str | None
    concurrency: int
    progress: bool | None
    """``None``: a progress bar only when stderr is a terminal and stdout is not."""


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``asyncdns`` command."""
    parser = argparse.ArgumentParser(
        prog="asyncdns",
        usage="asyncdns [NAME] [TYPE] [CLASS] [@SERVER[:PORT]] [+FLAG...] [options]",
        description=DESCRIPTION,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("words", nargs="*", metavar="WORD", help=argparse.SUPPRESS)
    add = parser.add_argument
    add("-x", dest="reverse", metavar="ADDRESS", help="reverse lookup (PTR) of an IP address")
    add("-p", "--port", type=int, default=53, help="port of @SERVER and root hints (53)")
    add("--json", action="store_true", help="print the reply as JSON")
    add("--timeout", type=float, default=5.0, metavar="SECONDS", help="limit per lookup (5)")
    group = parser.add_argument_group("recursive resolution")
    group.add_argument(
        "--recursive",
        action="store_true",
        help="resolve iteratively from the root servers (from @SERVER if given)",
    )
    group.add_argument(
        "--root-hints",
        metavar="FILE",
        help="root servers from a named.root-style file (implies --recursive; ports from -p)",
    )
    group = parser.add_argument_group("system resolution")
    group.add_argument(
        "--system", action="store_true", help="ask like an application: hosts, mDNS, system DNS"
    )
    group.add_argument("--resolv-conf", metavar="FILE", help="read this resolv.conf (--system)")
    group.add_argument("--hosts", metavar="FILE", help="read this hosts file (--system)")
    group.add_argument(
        "--no-mdns", action="store_true", help="send .local names to unicast DNS (--system)"
    )
    group = parser.add_argument_group("bulk mode")
    group.add_argument(
        "--bulk",
        metavar="FILE",
        help="look up every line of FILE (- for stdin): NAME or NAME TYPE; prints JSON lines",
    )
    group.add_argument(
        "-c", "--concurrency", type=int, default=100, help="lookups at once in bulk mode (100)"
    )
    group.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal and stdout is not)",
    )
    return parser


def parse_args(argv: list[str] | None) -> Settings:
    """Parse the command line.

    Args:
        argv: the arguments (without the program name); ``None`` reads ``sys.argv``.

    Returns:
        The :class:`Settings`.

    Raises:
        UsageError: a word, option or combination is wrong.
        SystemExit: argparse's own errors (status 2) and ``--help`` (status 0).
    """
    args = build_parser().parse_intermixed_args(argv)
    words: list[str] = list(args.words)
    port = _port(args.port)
    name: str | None = None
    rr_type: int | None = None
    rr_class: int | None = None
    if args.reverse is not None:
        name = _reverse(args.reverse)
        rr_type = PTR
    elif args.bulk is None and words and words[0][:1] not in ("@", "+"):
        name = words.pop(0)
    server: Server | None = None
    flags = {"tcp": False, "recurse": True, "trace": False, "short": False}
    for word in words:
        if word.startswith("@"):
            server = parse_server(word[1:], port)
        elif word.startswith("+"):
            flag, value = _flag(word)
            flags[flag] = value
        elif (kind := _type_or_class(word, rr_type is None or args.reverse is not None)) is None:
            raise UsageError(f"unknown word {word!r} (not a type, class, @server or +flag)")
        elif kind[0] == "type":
            rr_type = kind[1]
        elif rr_class is None:
            rr_class = kind[1]
        else:
            raise UsageError(f"more than one class given ({word!r})")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise UsageError("--timeout must be a positive number of seconds")
    if not 1 <= args.concurrency <= 10_000:
        raise UsageError("--concurrency must be in 1..10000")
    system = bool(args.system or args.resolv_conf or args.hosts or args.no_mdns)
    # +trace is dig's: a walk from the root; with --system, the path through the resolvers.
    recursive = bool(args.recursive or args.root_hints or (flags["trace"] and not system))
    _check_combinations(args, server, flags, recursive, system)
    hints = None
    if args.root_hints is not None:
        try:
            hints = read_root_hints(args.root_hints, port)
        except (OSError, ValueError) as exc:
            raise UsageError(f"--root-hints {args.root_hints}: {exc}") from None
    rr_type = 1 if rr_type is None else rr_type
    rr_class = IN if rr_class is None else rr_class
    query = None
    if args.bulk is None:
        try:
            query = Query(DEFAULT_NAME if name is None else name, rr_type, rr_class)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"bad name {name!r}: {exc}") from None
    return Settings(
        query=query,
        rr_type=rr_type,
        rr_class=rr_class,
        server=server,
        tcp=flags["tcp"],
        recurse=flags["recurse"],
        recursive=recursive,
        root_hints=hints,
        trace=flags["trace"],
        short=flags["short"],
        json=args.json,
        timeout=args.timeout,
        system=system,
        resolv_conf=args.resolv_conf,
        hosts=args.hosts,
        mdns=not args.no_mdns,
        bulk=args.bulk,
        concurrency=args.concurrency,
        progress=args.progress,
    )


def _check_combinations(
    args: argparse.Namespace,
    server: Server | None,
    flags: dict[str, bool],
    recursive: bool,
    system: bool,
) -> None:
    if system and (server is not None or recursive):
        raise UsageError("--system asks the system's resolvers: no @server or --recursive")
    if system and not flags["recurse"]:
        raise UsageError("+norecurse needs a server to ask (not --system)")
    if args.bulk is not None and (flags["trace"] or flags["short"]):
        raise UsageError("bulk mode prints JSON lines: no +trace or +short")
    if args.json and flags["short"]:
        raise UsageError("+short and --json do not mix")
    if args.bulk is not None and args.reverse is not None:
        raise UsageError("-x and --bulk do not mix (put reverse names in the file)")
    for option, path in (("--resolv-conf", args.resolv_conf), ("--hosts", args.hosts)):
        if path is not None and not os.path.isfile(path):
            raise UsageError(f"{option} {path}: no such file")


def parse_server(text: str, default_port: int = 53) -> Server:
    """An ``@server`` argument: ``ADDR``, ``ADDR:PORT`` (IPv4), ``[V6]``, ``[V6]:PORT``,
    ``V6`` or ``ADDR#PORT``.

    Raises:
        UsageError: not an IP address, or a bad port.
    """
    host, port_text = text, None
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise UsageError(f"bad server {text!r} (use [ADDRESS]:PORT)")
        port_text = rest[1:] if rest else None
    elif "#" in text:
        host, _, port_text = text.partition("#")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise UsageError(f"bad server {text!r}: an IP address is needed") from None
    port = default_port if port_text is None else _port(port_text)
    return str(address), port


def _port(value: int | str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise UsageError(f"bad port {value!r}") from None
    if not 1 <= port <= 65535:
        raise UsageError(f"bad port {value!r}: 1..65535")
    return port


def _reverse(text: str) -> str:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise UsageError(f"-x {text}: not an IP address") from None
    return reverse_name(address).decode("ascii")


def _flag(word: str) -> tuple[str, bool]:
    name = word[1:].lower()
    value = True
    if name.startswith("no"):
        name, value = name[2:], False
    flag = _FLAGS.get(name)
    if flag is None:
        raise UsageError(f"unknown flag {word!r} (+tcp, +norecurse, +trace, +short)")
    return flag, value


def _type_or_class(word: str, type_first: bool) -> tuple[str, int] | None:
    """``("type", n)`` or ``("class", n)``: a type while none was given, then a class."""
    attempts = (("type", rrtype_from_text), ("class", rrclass_from_text))
    for kind, parse in attempts if type_first else attempts[::-1]:
        try:
            return kind, parse(word)
        except ValueError:
            continue
    return None
