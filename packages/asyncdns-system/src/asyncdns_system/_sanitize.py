"""Pure helpers every backend shares: nameserver literals, domain lists, comments.

They run (and are tested) on every OS, unlike hickory's ``sanitize`` module, which is built
only for Windows and Apple.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import TypeVar

from asyncdns_wire import ROOT, name_from_text

from ._config import SystemNameserver

__all__ = [
    "dedupe",
    "domain_from_text",
    "domains_from_text",
    "nameserver_from_text",
    "number_from_text",
    "strip_comment",
]

_T = TypeVar("_T")

#: Separators found between domains: blanks (resolv.conf), commas (Windows registry), NULs
#: (REG_MULTI_SZ flattened), semicolons (NRPT server lists).
_SEPARATORS = re.compile(r"[\s,;\x00]+")
_COMMENT = re.compile(r"[#;]")


def strip_comment(line: str) -> str:
    """*line* without a ``#`` or ``;`` comment and surrounding blanks."""
    m = _COMMENT.search(line)
    return (line if m is None else line[: m.start()]).strip()


def number_from_text(text: str, ceiling: int) -> int | None:
    """A count written in ASCII digits, or ``None`` for anything else (``str.isdigit`` also
    takes ``²`` and other digits ``int`` refuses). A number above *ceiling* is *ceiling* + 1,
    for the caller to cap (``int`` refuses more than 4,300 digits)."""
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"  # "02" is 2, as C's atoi reads it
    return (
        int(digits) if len(digits) <= len(str(ceiling)) and int(digits) <= ceiling else ceiling + 1
    )


def nameserver_from_text(text: str, default_port: int = 53) -> SystemNameserver:
    """Parse one nameserver: ``192.0.2.1``, ``2001:db8::1``, ``fe80::1%en0``, or the OpenBSD
    forms ``[addr]`` and ``[addr]:port``.

    Args:
        text: the literal.
        default_port: the port when *text* names none.

    Returns:
        The :class:`SystemNameserver`.

    Raises:
        ValueError: not an IP literal, a bad zone id, or a bad port.
    """
    host, port = text.strip(), default_port
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            raise ValueError(f"unclosed bracket in {text!r}")
        rest = host[end + 1 :]
        host = host[1:end]
        if rest:
            if not rest.startswith(":") or not rest[1:].isdigit():
                raise ValueError(f"bad port in {text!r}")
            port = int(rest[1:])
    zone: str | None = None
    if "%" in host:
        host, zone = host.split("%", 1)
        if not zone:
            raise ValueError(f"empty zone id in {text!r}")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"not an IP address: {text!r}") from None
    if zone is not None and ip.version != 6:
        raise ValueError(f"a zone id on an IPv4 address: {text!r}")
    return SystemNameserver(address=str(ip), port=port, zone=zone)


def domain_from_text(text: str) -> bytes | None:
    """A search or match domain as asyncdns bytes (IDNA for non-ASCII, lower case).

    Returns:
        The name, or ``None`` for the root (``.``) and for anything that is not a valid
        domain name.
    """
    try:
        name = name_from_text(text.strip())
    except ValueError:
        return None
    if name == ROOT:
        return None
    return name.lower()


def domains_from_text(text: str) -> tuple[list[bytes], list[str]]:
    """Split a list of domains on blanks, commas, semicolons or NULs.

    Returns:
        ``(domains, rejected)``: the valid domains in order without duplicates (the root
        dropped), and the tokens that were not domain names.
    """
    good: list[bytes] = []
    bad: list[str] = []
    for token in _SEPARATORS.split(text):
        if not token or token == ".":
            continue
        name = domain_from_text(token)
        if name is None:
            bad.append(token)
        elif name not in good:
            good.append(name)
    return good, bad


def dedupe(items: Iterable[_T]) -> list[_T]:
    """*items* in order, each once."""
    seen: list[_T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
