"""How the command shows results: the reply as text (asyncdns 0.1's ``Reply`` format), as
``+short`` lines or as JSON; what kind of failure an exception is; and the exit status of
each outcome (see :data:`~._cli_args.EXIT_CODES`)."""

from __future__ import annotations

import ipaddress
from collections import Counter
from typing import Any

from asyncdns_resolvers import (
    LimitExceeded,
    NoNameservers,
    RecursionFailure,
    ResolutionTimeout,
    ServerFailure,
)
from asyncdns_system import SystemConfigError
from asyncdns_wire import (
    NOERROR,
    NXDOMAIN,
    Flag,
    Message,
    Query,
    Rcode,
    name_to_text,
    opcode_to_text,
    rrclass_to_text,
    rrtype_to_text,
)
from asyncdns_wire.rr import RR

__all__ = [
    "EXIT_ANSWER",
    "EXIT_NETWORK",
    "EXIT_NO_ANSWER",
    "EXIT_SERVER",
    "EXIT_USAGE",
    "error_exit",
    "error_json",
    "error_kind",
    "error_message",
    "record_json",
    "reply_exit",
    "reply_json",
    "reply_short",
    "reply_status",
    "reply_text",
    "query_text",
    "rcode_name",
    "where",
]

EXIT_ANSWER = 0
EXIT_NO_ANSWER = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3
EXIT_SERVER = 4

_FLAGS = (Flag.QR, Flag.AA, Flag.TC, Flag.RD, Flag.RA, Flag.Z, Flag.AD, Flag.CD)

#: Record types whose RDATA fields ``--json`` also gives one by one ("data"), and which of
#: their fields hold domain names.
_TYPED: dict[int, frozenset[str]] = {
    1: frozenset(),  # A
    28: frozenset(),  # AAAA
    2: frozenset({"target"}),  # NS
    5: frozenset({"target"}),  # CNAME
    39: frozenset({"target"}),  # DNAME
    12: frozenset({"target"}),  # PTR
    15: frozenset({"exchange"}),  # MX
    33: frozenset({"target"}),  # SRV
    6: frozenset({"mname", "rname"}),  # SOA
    16: frozenset(),  # TXT
    257: frozenset(),  # CAA
}


# -- outcomes -------------------------------------------------------------------------------


def rcode_name(rcode: int) -> str:
    """The mnemonic of an rcode (``NOERROR``, ``NXDOMAIN``...), or ``RCODEn``."""
    try:
        return Rcode(rcode).name
    except ValueError:
        return f"RCODE{rcode}"


def reply_status(reply: Message) -> str:
    """``answer``, ``nxdomain``, ``nodata``, or the lowercase rcode of an error reply."""
    if reply.rcode == NOERROR:
        return "answer" if reply.answers else "nodata"
    if reply.rcode == NXDOMAIN:
        return "nxdomain"
    return rcode_name(reply.rcode).lower()


def reply_exit(reply: Message) -> int:
    """The exit status for *reply*: 0 answer, 1 NXDOMAIN or NODATA, 4 an error rcode."""
    if reply.rcode == NOERROR:
        return EXIT_ANSWER if reply.answers else EXIT_NO_ANSWER
    return EXIT_NO_ANSWER if reply.rcode == NXDOMAIN else EXIT_SERVER


def error_kind(exc: BaseException) -> str:
    """A short name for what went wrong, for scripts and the bulk summary.

    ``timeout``; the lowercase rcode when servers answered with one (``servfail``,
    ``refused``...); ``recursion-failure``; ``limit``; ``config`` (the system configuration);
    ``network`` (sockets failed); ``error`` for anything else.
    """
    if isinstance(exc, (ResolutionTimeout, TimeoutError)):
        return "timeout"
    if isinstance(exc, ServerFailure):
        return rcode_name(exc.rcode).lower()
    if isinstance(exc, NoNameservers):
        kinds = {error_kind(inner) for _, inner in exc.errors}
        return kinds.pop() if len(kinds) == 1 else "network"
    if isinstance(exc, RecursionFailure):
        return "recursion-failure"
    if isinstance(exc, LimitExceeded):
        return "limit"
    if isinstance(exc, SystemConfigError):
        return "config"
    if isinstance(exc, OSError):
        return "network"
    return "error"


def error_exit(exc: BaseException) -> int:
    """The exit status for a failed lookup: 4 when servers answered with an error (or the
    recursion failed), 3 for everything else (timeouts, the network, the configuration)."""
    if isinstance(exc, (ServerFailure, RecursionFailure, LimitExceeded)):
        return EXIT_SERVER
    if isinstance(exc, NoNameservers) and all(
        isinstance(inner, ServerFailure) for _, inner in exc.errors
    ):
        return EXIT_SERVER if exc.errors else EXIT_NETWORK
    return EXIT_NETWORK


def error_message(exc: BaseException) -> str:
    """What went wrong, in one line (every server's failures counted, not repeated)."""
    if isinstance(exc, ServerFailure):
        return f"{where(exc.server)} answered {rcode_name(exc.rcode)}"
    if isinstance(exc, NoNameservers) and exc.errors:
        counts = Counter((server, _failure(inner)) for server, inner in exc.errors)
        return "no server answered: " + "; ".join(
            f"{where(server)} {what}" + (f" ({n} times)" if n > 1 else "")
            for (server, what), n in counts.items()
        )
    return str(exc) or type(exc).__name__


def _failure(exc: BaseException) -> str:
    if isinstance(exc, ServerFailure):
        return f"answered {rcode_name(exc.rcode)}"
    return f"failed: {exc or type(exc).__name__}"


# -- text -----------------------------------------------------------------------------------


def where(server: tuple[str, int]) -> str:
    """``address:port``, or ``[address]:port`` for IPv6."""
    host, port = server
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def query_text(query: Query) -> str:
    """The question on one line: ``www.example.com. IN A``."""
    return str(query).replace("\t", " ")


def reply_text(reply: Message, query: Query, source: str) -> str:
    """The reply as asyncdns 0.1 printed it, after a line naming the question and who answered."""
    return f";; {query}\t(asked {source})\n{reply}"


def reply_short(reply: Message) -> str:
    """The answer section's RDATA, one record per line (``dig +short``)."""
    return "\n".join(rr.rdata_to_text() for rr in reply.answers)


# -- JSON -----------------------------------------------------------------------------------


def _absolute(name: bytes) -> str:
    text = name_to_text(name)
    return text if text.endswith(".") else text + "."


def _json_value(value: Any, is_name: bool) -> Any:
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, bytes):
        return _absolute(value) if is_name else value.decode("utf-8", "backslashreplace")
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return str(value)
    if isinstance(value, tuple):
        return [_json_value(v, is_name) for v in value]
    return str(value)


def record_json(record: RR, *, typed: bool = True) -> dict[str, Any]:
    """A record as JSON: name, ttl, class, type and RDATA text; with *typed*, the RDATA
    fields one by one ("data") for common types (A, AAAA, NS, CNAME, DNAME, PTR, MX, SRV,
    SOA, TXT, CAA)."""
    out: dict[str, Any] = {
        "name": _absolute(record.name),
        "ttl": record.ttl,
        "class": rrclass_to_text(record.rr_class),
        "type": rrtype_to_text(record.rr_type),
        "rdata": record.rdata_to_text(),
    }
    if typed:
        names = _TYPED.get(record.rr_type)
        if names is not None:
            out["data"] = {
                field: _json_value(value, field in names)
                for field, value in zip(record._fields, record.rdata(), strict=True)
            }
    return out


def question_json(query: Query) -> dict[str, Any]:
    """A question as JSON: name, type, class."""
    return {
        "name": _absolute(query.name),
        "type": rrtype_to_text(query.q_type),
        "class": rrclass_to_text(query.q_class),
    }


def reply_json(reply: Message, query: Query, source: str) -> dict[str, Any]:
    """The whole reply as JSON, with the question asked and who answered.

    Keys: ``query``, ``server``, ``status`` (:func:`reply_status`), ``id``, ``opcode``,
    ``rcode``, ``flags`` (lowercase header flags), ``question``, ``answer``, ``authority``,
    ``additional`` (lists of :func:`record_json`), ``edns`` (or ``null``).
    """
    edns = reply.edns
    return {
        "query": question_json(query),
        "server": source,
        "status": reply_status(reply),
        "id": reply.id,
        "opcode": opcode_to_text(reply.opcode),
        "rcode": rcode_name(reply.rcode),
        "flags": [f.name.lower() for f in _FLAGS if reply.flags & f and f.name],
        "question": [question_json(q) for q in reply.questions],
        "answer": [record_json(r) for r in reply.answers],
        "authority": [record_json(r) for r in reply.authorities],
        "additional": [record_json(r) for r in reply.additional],
        "edns": None
        if edns is None
        else {
            "version": edns.version,
            "udp": edns.payload,
            "do": edns.do,
            "options": [option.to_text() for option in edns.options],
        },
    }


def error_json(query: Query, source: str, exc: BaseException) -> dict[str, Any]:
    """A failed lookup as JSON: ``query``, ``server``, ``status`` ``"error"``, ``error`` (the
    :func:`error_kind`) and ``message``."""
    return {
        "query": question_json(query),
        "server": source,
        "status": "error",
        "error": error_kind(exc),
        "message": error_message(exc),
    }
