"""resolv.conf, parsed the way glibc's ``res_init`` reads it (pure: text in, config out).

* ``nameserver``: IPv4, IPv6 and ``fe80::1%eth0`` literals, plus OpenBSD's ``[addr]:port``;
  only the first three count (``MAXNS``), as in glibc and musl.
* ``domain`` and ``search`` replace each other: the last one wins; ``search .`` empties it.
* ``options``: ``ndots:n`` (at most 15), ``timeout:n`` (at most 30), ``attempts:n`` (at most
  5), ``rotate``, ``edns0``, ``use-vc``, ``no-tld-query``; glibc's other options are accepted
  and ignored. ``RES_OPTIONS`` is applied after the file, ``LOCALDOMAIN`` replaces the
  search list.
* Lines starting with ``#`` or ``;`` are comments, and so is the rest of a line after one.
* A missing or empty file, or one without nameservers, falls back as glibc does: the local
  host (``127.0.0.1``), and the domain part of the host name as the search list.

Bad lines and option values are skipped with a warning in :attr:`SystemConfig.warnings`; the
parser itself never raises for content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .._config import SystemConfig, SystemNameserver
from .._sanitize import (
    domain_from_text,
    domains_from_text,
    nameserver_from_text,
    number_from_text,
    strip_comment,
)
from .._snapshot import UnixSnapshot

__all__ = ["MAXNS", "parse_options", "parse_resolv_conf", "parse_unix"]

MAXNS = 3
"""glibc, musl and the BSDs use the first three nameservers only."""

_FALLBACK = SystemNameserver(address="127.0.0.1")
_LIMITS = {"ndots": 15, "timeout": 30, "attempts": 5}
_FLAGS = {"rotate": "rotate", "edns0": "edns0", "use-vc": "use_vc", "usevc": "use_vc"}
_FLAGS["no-tld-query"] = _FLAGS["no_tld_query"] = "no_tld_query"
#: glibc options that change nothing here.
_ACCEPTED = frozenset(
    {
        "debug",
        "inet6",
        "ip6-bytestring",
        "ip6-dotint",
        "no-ip6-dotint",
        "insecure1",
        "insecure2",
        "no-check-names",
        "single-request",
        "single-request-reopen",
        "no-reload",
        "trust-ad",
        "no-aaaa",
        "tcp",  # OpenBSD
    }
)
#: Keywords other systems use that glibc ignores.
_IGNORED_KEYWORDS = frozenset({"sortlist", "lookup", "family"})


@dataclass
class _State:
    nameservers: list[SystemNameserver] = field(default_factory=list)
    search: list[bytes] | None = None
    values: dict[str, int] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def parse_resolv_conf(
    text: str | None,
    *,
    env: Mapping[str, str] | None = None,
    hostname: str = "",
    path: str = "/etc/resolv.conf",
) -> SystemConfig:
    """Parse resolv.conf text.

    Args:
        text: the file's content; ``None`` or ``""`` for a missing or empty file.
        env: the environment (only ``LOCALDOMAIN`` and ``RES_OPTIONS`` are read); ``None``
            means none of them is set.
        hostname: the host name, whose domain part is the default search domain.
        path: recorded as the snapshot's :attr:`~SystemConfig.origin`.

    Returns:
        The :class:`SystemConfig`, with glibc's fallbacks applied.
    """
    state = _State()
    for lineno, raw in enumerate((text or "").splitlines(), 1):
        _line(state, lineno, raw)
    env = env or {}
    res_options = env.get("RES_OPTIONS")
    if res_options:
        for option in res_options.split():
            _option(state, option, "RES_OPTIONS")
    localdomain = env.get("LOCALDOMAIN")
    if localdomain is not None:
        search, bad = domains_from_text(localdomain)
        state.search = search
        state.warnings.extend(f"LOCALDOMAIN: {token!r} is not a domain name" for token in bad)
    if state.search is None:
        _, dot, domain = hostname.partition(".")
        default = domain_from_text(domain) if dot and domain else None
        state.search = [default] if default is not None else []
    nameservers = state.nameservers
    if not nameservers:
        nameservers = [_FALLBACK]
        state.warnings.append("no nameserver line: using the local host, as glibc does")
    values = state.values
    return SystemConfig(
        nameservers=tuple(nameservers),
        search=tuple(state.search),
        ndots=values.get("ndots", 1),
        timeout=values.get("timeout"),
        attempts=values.get("attempts"),
        rotate="rotate" in state.flags,
        edns0="edns0" in state.flags,
        use_vc="use_vc" in state.flags,
        no_tld_query="no_tld_query" in state.flags,
        origin=path,
        warnings=tuple(state.warnings),
    )


def parse_unix(snapshot: UnixSnapshot) -> SystemConfig:
    """Parse a :class:`~asyncdns_system.UnixSnapshot` (see :func:`parse_resolv_conf`).

    Args:
        snapshot: what :func:`asyncdns_system.unix.fetch.fetch` read.

    Returns:
        The :class:`SystemConfig`.
    """
    return parse_resolv_conf(
        snapshot.text, env=snapshot.env, hostname=snapshot.hostname, path=snapshot.path
    )


def _line(state: _State, lineno: int, raw: str) -> None:
    line = raw.strip()
    if not line or line[0] in "#;":
        return
    line = strip_comment(line)
    keyword, *args = line.split()
    where = f"line {lineno}"
    if keyword == "nameserver":
        if len(args) != 1:
            state.warnings.append(f"{where}: nameserver takes one address: {raw.strip()!r}")
            if not args:
                return
        if len(state.nameservers) >= MAXNS:
            state.warnings.append(f"{where}: more than {MAXNS} nameservers, {args[0]} ignored")
            return
        try:
            state.nameservers.append(nameserver_from_text(args[0]))
        except ValueError as exc:
            state.warnings.append(f"{where}: {exc}")
    elif keyword == "domain":
        name = domain_from_text(args[0]) if args else None
        if name is None and args != ["."]:
            state.warnings.append(f"{where}: bad domain line {raw.strip()!r}")
            return
        state.search = [name] if name is not None else []
    elif keyword == "search":
        if not args:  # glibc skips an empty search line: an earlier domain or search stays
            state.warnings.append(f"{where}: empty search line ignored")
            return
        search, bad = domains_from_text(" ".join(args))
        state.search = search
        state.warnings.extend(f"{where}: {token!r} is not a domain name" for token in bad)
    elif keyword == "options":
        for option in args:
            _option(state, option, where)
    elif keyword not in _IGNORED_KEYWORDS:
        state.warnings.append(f"{where}: unknown keyword {keyword!r}")


def parse_options(
    options: list[str], where: str = "options"
) -> tuple[dict[str, int], set[str], list[str]]:
    """Parse ``options`` tokens (``ndots:2``, ``rotate``...) as glibc does.

    Args:
        options: the tokens.
        where: how warnings name the place the tokens came from.

    Returns:
        ``(values, flags, warnings)``: ``ndots``/``timeout``/``attempts`` values (capped as
        glibc caps them), the set of flags among ``rotate``, ``edns0``, ``use_vc`` and
        ``no_tld_query``, and a message per token skipped or corrected.
    """
    state = _State()
    for option in options:
        _option(state, option, where)
    return state.values, state.flags, state.warnings


def _option(state: _State, option: str, where: str) -> None:
    name, colon, value = option.partition(":")
    if name in _LIMITS and colon:
        limit = _LIMITS[name]
        found = number_from_text(value, limit)
        if found is None:
            state.warnings.append(f"{where}: bad value in option {option!r}")
            return
        number = found
        if number < 1 and name != "ndots":
            state.warnings.append(f"{where}: {name} must be at least 1 in {option!r}")
            return
        if number > limit:
            state.warnings.append(f"{where}: {name} capped at {limit} (was {value})")
            number = limit
        state.values[name] = number
    elif option in _FLAGS:
        state.flags.add(_FLAGS[option])
    elif option not in _ACCEPTED:
        state.warnings.append(f"{where}: unknown option {option!r}")
