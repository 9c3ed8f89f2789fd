"""Compare replies as ``dig`` prints them with replies asyncdns decoded (a helper, not a test).

Both sides are reduced to a :class:`View`: rcode name, the AA and TC flags, the EDNS payload
size, and each record section as a sorted tuple of :class:`Record` (owner lower-cased without
its trailing dot, TTL, class, type, RDATA text). The only normalisation applied to RDATA text
is collapsing runs of whitespace outside quoted strings to one space (dig separates fields
with tabs, and splits long base64 and hex blobs with a space, as asyncdns does too).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from asyncdns_wire import Message, Rcode, rr, rrclass_to_text, rrtype_to_text

__all__ = ["DigError", "Record", "View", "dig", "dig_binary", "message_view", "normalise_rdata"]

_HEADER = re.compile(r";; ->>HEADER<<- opcode: (\w+), status: (\w+), id: \d+")
_FLAGS = re.compile(r";; flags:([^;]*);")
_EDNS = re.compile(r"; EDNS: version: \d+, flags:[^;]*; udp: (\d+)")
_SECTIONS = {
    ";; ANSWER SECTION:": "answer",
    ";; AUTHORITY SECTION:": "authority",
    ";; ADDITIONAL SECTION:": "additional",
}


class DigError(RuntimeError):
    """dig failed or printed something this parser does not understand."""


@dataclass(frozen=True, order=True)
class Record:
    """One record as text: what dig and asyncdns must agree on."""

    owner: str
    ttl: int
    rr_class: str
    rr_type: str
    rdata: str

    def __str__(self) -> str:
        return f"{self.owner} {self.ttl} {self.rr_class} {self.rr_type} {self.rdata}"


@dataclass(frozen=True)
class View:
    """A reply reduced to what the interop tests compare."""

    rcode: str
    aa: bool
    tc: bool
    edns_payload: int | None
    answer: tuple[Record, ...]
    authority: tuple[Record, ...]
    additional: tuple[Record, ...]


def normalise_rdata(text: str) -> str:
    """*text* with whitespace runs outside double quotes collapsed to one space, trimmed."""
    out: list[str] = []
    quoted = escaped = False
    pending_space = False
    for ch in text.strip():
        if quoted:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
            continue
        if ch.isspace():
            pending_space = True
            continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(ch)
        if ch == '"':
            quoted = True
    return "".join(out)


def _owner(text: str) -> str:
    text = text.lower()
    return text if text == "." else text.rstrip(".")


def _record(rr_: rr.RR) -> Record:
    return Record(
        owner=_owner(rr_.name.decode("ascii", "backslashreplace")),
        ttl=rr_.ttl,
        rr_class=rrclass_to_text(rr_.rr_class),
        rr_type=rrtype_to_text(rr_.rr_type),
        rdata=normalise_rdata(rr_.rdata_to_text()),
    )


def message_view(message: Message) -> View:
    """The :class:`View` of a reply asyncdns decoded."""
    return View(
        rcode=Rcode(message.rcode).name,
        aa=bool(message.flags & 0x0400),
        tc=bool(message.flags & 0x0200),
        edns_payload=None if message.edns is None else message.edns.payload,
        answer=tuple(sorted(_record(r) for r in message.answers)),
        authority=tuple(sorted(_record(r) for r in message.authorities)),
        additional=tuple(sorted(_record(r) for r in message.additional)),
    )


def _parse_record(line: str) -> Record:
    parts = line.split(None, 4)
    if len(parts) < 4:
        raise DigError(f"cannot parse dig's record line {line!r}")
    owner, ttl, rr_class, rr_type = parts[:4]
    return Record(
        owner=_owner(owner),
        ttl=int(ttl),
        rr_class=rr_class,
        rr_type=rr_type,
        rdata=normalise_rdata(parts[4] if len(parts) > 4 else ""),
    )


def parse_dig(output: str) -> View:
    """The :class:`View` of dig's default output (with ``+nocmd +nostats``).

    Raises:
        DigError: no header in the output (dig got no answer), or a malformed line.
    """
    rcode = ""
    flags: set[str] = set()
    edns: int | None = None
    sections: dict[str, list[Record]] = {"answer": [], "authority": [], "additional": []}
    current: str | None = None
    for line in output.splitlines():
        if not line.strip():
            current = None
            continue
        if line.startswith(";"):
            if m := _HEADER.match(line):
                rcode = m.group(2)
            elif m := _FLAGS.match(line):
                flags = set(m.group(1).split())
            elif m := _EDNS.match(line):
                edns = int(m.group(1))
            current = _SECTIONS.get(line.strip(), current if not line.startswith(";;") else None)
            continue
        if current is None:
            raise DigError(f"record outside a section in dig's output: {line!r}")
        sections[current].append(_parse_record(line))
    if not rcode:
        raise DigError(f"no reply header in dig's output:\n{output}")
    return View(
        rcode=rcode,
        aa="aa" in flags,
        tc="tc" in flags,
        edns_payload=edns,
        answer=tuple(sorted(sections["answer"])),
        authority=tuple(sorted(sections["authority"])),
        additional=tuple(sorted(sections["additional"])),
    )


def dig_binary() -> str | None:
    """The path of ``dig``, or ``None`` when it is not installed."""
    return shutil.which("dig")


def dig(
    host: str,
    port: int,
    name: str,
    rr_type: str,
    *,
    tcp: bool = False,
    extra: Sequence[str] = (),
    timeout: float = 10.0,
) -> View:
    """Ask *host*:*port* (a loopback server the caller started) with dig, ``+norecurse``.

    Args:
        host: ``127.0.0.1`` or ``::1``: nothing else is ever asked.
        port: the server's port.
        name: the query name (ASCII; IDN names in punycode).
        rr_type: the type mnemonic.
        tcp: ``+tcp``.
        extra: more dig options (``+ignore``...).
        timeout: seconds before dig is killed.

    Returns:
        The parsed reply.

    Raises:
        ValueError: *host* is not a loopback address.
        DigError: dig failed or got no reply.
    """
    if host not in ("127.0.0.1", "::1"):
        raise ValueError(f"interop tests only ask loopback servers, not {host!r}")
    binary = dig_binary()
    if binary is None:
        raise DigError("dig is not installed")
    cmd = [
        binary,
        f"@{host}",
        "-p",
        str(port),
        "+norecurse",
        "+nocookie",
        "+nocmd",
        "+nostats",
        "+noidnout",
        "+time=2",
        "+tries=1",
        *(["+tcp"] if tcp else []),
        *extra,
        name,
        rr_type,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise DigError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return parse_dig(proc.stdout)
