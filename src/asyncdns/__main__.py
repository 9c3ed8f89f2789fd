"""``asyncdns NAME [TYPE] [@server[:port]]``: look a name up and print the reply.

Without ``@server`` the lookup goes to a demo zone (``example.com``) that this command serves
itself on 127.0.0.1, so it is a real lookup over the network stack that works offline.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from asyncdns_resolvers import Resolver, ResolverError, ResolverOptions
from asyncdns_wire import IN, NOERROR, Message, Query, rrtype_from_text

from ._demo import DemoServer


def _server(text: str) -> tuple[str, int]:
    host, port = text, 53
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        port = int(port_text)
    return host, port


async def _lookup(
    query: Query, server: tuple[str, int] | None, tcp: bool, timeout: float
) -> tuple[str, Message]:
    options = ResolverOptions(lifetime=timeout, timeout=min(1.0, timeout))
    async with Resolver(options) as resolver:
        if server is not None:
            return f"{server[0]}:{server[1]}", await resolver.lookup(
                query, servers=server, force_tcp=tcp
            )
        async with DemoServer() as demo:
            reply = await resolver.lookup(query, servers=demo.address, force_tcp=False)
            return f"{demo.address[0]}:{demo.address[1]} (the embedded demo zone)", reply


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Returns:
        0 for an answer, 1 for NXDOMAIN or no data, 2 for a usage error, 3 for a failed lookup.
    """
    parser = argparse.ArgumentParser(prog="asyncdns", description=__doc__)
    parser.add_argument("name", nargs="?", default="www.example.com", help="the name to look up")
    parser.add_argument("rest", nargs="*", help="TYPE, @server[:port] and +tcp, in any order")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds for the whole lookup")
    args = parser.parse_args(argv)
    rr_type = "A"
    server = None
    tcp = False
    try:
        for word in args.rest:
            if word.startswith("@"):
                server = _server(word[1:])
            elif word == "+tcp":
                tcp = True
            else:
                rr_type = word
        query = Query(args.name, rrtype_from_text(rr_type), IN)
        if args.timeout <= 0:
            raise ValueError("--timeout must be positive")
    except (TypeError, ValueError) as exc:
        print(f"asyncdns: {exc}", file=sys.stderr)
        return 2
    try:
        source, reply = asyncio.run(_lookup(query, server, tcp, args.timeout))
    except (ResolverError, TypeError, ValueError) as exc:
        print(f"asyncdns: {query}: {exc}", file=sys.stderr)
        return 3
    print(f";; {query}\t(asked {source})")
    print(reply)
    return 0 if reply.rcode == NOERROR and reply.answers else 1


if __name__ == "__main__":
    raise SystemExit(main())
