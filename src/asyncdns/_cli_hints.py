"""Root hints files (``named.root`` format) for ``--root-hints``.

The file is zone text: NS records for the root naming the root servers, and their A/AAAA
records. It carries no port (root servers listen on 53); the command line's ``-p`` gives one
for every address, which is how a test points a walk at fake root servers on loopback.
"""

from __future__ import annotations

from pathlib import Path

from asyncdns_wire import AAAA, NS, ROOT, A, TextSyntaxError, name_key, parse_zone

__all__ = ["parse_root_hints", "read_root_hints"]

_MAX_SERVERS = 64


def parse_root_hints(text: str, port: int = 53) -> tuple[tuple[str, int], ...]:
    """The root servers a root hints text lists, as ``(address, port)``.

    Args:
        text: ``named.root``-style zone text.
        port: the port of every server.

    Returns:
        The addresses of the root's NS targets, in file order, without duplicates (every
        A/AAAA record's address when the text has no NS record for the root).

    Raises:
        ValueError: the text does not parse, or lists no address.
    """
    try:
        records = parse_zone(text, origin=ROOT)
    except TextSyntaxError as exc:
        raise ValueError(f"not zone text: {exc}") from None
    targets = {
        name_key(r.target)  # type: ignore[attr-defined]
        for r in records
        if r.rr_type == NS and r.name == ROOT
    }
    servers: list[tuple[str, int]] = []
    for record in records:
        if record.rr_type not in (A, AAAA):
            continue
        if targets and name_key(record.name) not in targets:
            continue
        server = (str(record.address), port)  # type: ignore[attr-defined]
        if server not in servers:
            servers.append(server)
    if not servers:
        raise ValueError("no root server address in it")
    return tuple(servers[:_MAX_SERVERS])


def read_root_hints(path: str, port: int = 53) -> tuple[tuple[str, int], ...]:
    """:func:`parse_root_hints` of the file at *path*.

    Raises:
        OSError: the file cannot be read.
        ValueError: see :func:`parse_root_hints`.
    """
    return parse_root_hints(Path(path).read_text(encoding="utf-8"), port)
