"""``asyncdns NAME [TYPE]``: look a name up and print the reply as asyncdns 0.1 printed it.

With no server given, the answer comes from the embedded demo zone (``example.com``), so the
command works offline: the reply is encoded to DNS wire format, then decoded and printed.
"""

from __future__ import annotations

import argparse
import sys

from asyncdns_wire import IN, DecodeError, Message, Query, rrtype_from_text

from ._demo import demo_reply


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0: an answer, 1: NXDOMAIN/no data, 2: usage)."""
    parser = argparse.ArgumentParser(prog="asyncdns", description=__doc__)
    parser.add_argument("name", nargs="?", default="www.example.com", help="the name to look up")
    parser.add_argument("type", nargs="?", default="A", help="the record type (default A)")
    args = parser.parse_args(argv)
    try:
        query = Query(args.name, rrtype_from_text(args.type), IN)
    except (TypeError, ValueError) as exc:
        print(f"asyncdns: {exc}", file=sys.stderr)
        return 2
    try:
        reply = Message.from_wire(demo_reply(query, msg_id=1))
    except DecodeError as exc:  # pragma: no cover - the demo zone always encodes cleanly
        print(f"asyncdns: bad reply: {exc}", file=sys.stderr)
        return 1
    print(f";; {query}  (from the embedded demo zone, offline)")
    print(reply)
    return 0 if reply.answers else 1


if __name__ == "__main__":
    raise SystemExit(main())
