"""The query log: every message a fake server received, and assertions over it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from dnslib import CLASS, QTYPE, DNSError, DNSRecord

Transport = Literal["udp", "tcp"]


def _norm(name: str) -> str:
    return name if name.endswith(".") else name + "."


def type_name(value: int) -> str:
    """The mnemonic of an RR type (``"A"``), or ``"TYPEnnn"`` for unknown types."""
    name = QTYPE.forward.get(value)
    return name if isinstance(name, str) else f"TYPE{value}"


def class_name(value: int) -> str:
    """The mnemonic of a class (``"IN"``), or ``"CLASSnnn"`` (the QU bit is not stripped)."""
    name = CLASS.forward.get(value)
    return name if isinstance(name, str) else f"CLASS{value}"


@dataclass
class QueryRecord:
    """One query as the server received it.

    ``qname`` keeps the case the client sent (``"wWw.ExAmple.com."``); ``message`` is the
    parsed ``dnslib.DNSRecord`` (``None`` when the bytes did not parse, see ``parse_error``).
    """

    transport: Transport
    client: tuple[str, int]
    raw: bytes
    message: Any | None
    parse_error: str | None = None
    id: int = 0
    qname: str = ""
    qtype: str = ""
    qclass: str = ""
    opcode: int = 0
    flags: frozenset[str] = frozenset()
    edns: bool = False
    edns_payload: int | None = None
    edns_version: int | None = None
    edns_do: bool = False
    edns_options: list[tuple[int, bytes]] = field(default_factory=list)
    time: float = 0.0
    action: str = "answer"

    @property
    def rd(self) -> bool:
        """True when the query asked for recursion."""
        return "rd" in self.flags

    @classmethod
    def from_wire(cls, raw: bytes, transport: Transport, client: tuple[str, int]) -> QueryRecord:
        """Parse *raw* (a DNS message without TCP length prefix) into a record."""
        rec = cls(transport=transport, client=client, raw=raw, message=None, time=time.monotonic())
        if len(raw) >= 2:
            rec.id = int.from_bytes(raw[:2], "big")
        try:
            msg = DNSRecord.parse(raw)
        except (DNSError, ValueError, IndexError, UnicodeError) as exc:
            rec.parse_error = str(exc) or type(exc).__name__
            return rec
        rec.message = msg
        header = msg.header
        rec.opcode = header.opcode
        rec.flags = frozenset(
            flag
            for flag, value in (
                ("qr", header.qr),
                ("aa", header.aa),
                ("tc", header.tc),
                ("rd", header.rd),
                ("ra", header.ra),
                ("z", header.z),
                ("ad", header.ad),
                ("cd", header.cd),
            )
            if value
        )
        if msg.questions:
            q = msg.questions[0]
            rec.qname = str(q.qname)
            rec.qtype = type_name(q.qtype)
            rec.qclass = class_name(q.qclass)
        for rr in msg.ar:
            if rr.rtype == QTYPE.OPT:
                rec.edns = True
                rec.edns_payload = rr.rclass
                rec.edns_version = rr.edns_ver
                rec.edns_do = bool(rr.edns_do)
                rec.edns_options = [(opt.code, bytes(opt.data)) for opt in rr.rdata]
        return rec

    def matches(
        self,
        name: str | None = None,
        rrtype: str | None = None,
        *,
        transport: Transport | None = None,
        qclass: str | None = None,
        exact_case: bool = False,
    ) -> bool:
        """True when this query matches every given filter (names compare case-insensitively
        unless *exact_case*)."""
        if name is not None:
            want, got = _norm(name), self.qname
            if not exact_case:
                want, got = want.lower(), got.lower()
            if want != got:
                return False
        if rrtype is not None and self.qtype.upper() != rrtype.upper():
            return False
        if transport is not None and self.transport != transport:
            return False
        return qclass is None or self.qclass.upper() == qclass.upper()

    def summary(self) -> str:
        """A one-line description used in assertion messages."""
        edns = f" edns(payload={self.edns_payload}, do={int(self.edns_do)})" if self.edns else ""
        flags = ",".join(sorted(self.flags)) or "-"
        what = (
            f"{self.qname} {self.qtype} {self.qclass}" if self.message else f"<{self.parse_error}>"
        )
        return f"{self.transport} id={self.id} {what} flags={flags}{edns} -> {self.action}"


class QueryLog:
    """A thread-safe list of :class:`QueryRecord` with assertion helpers."""

    def __init__(self) -> None:
        self._records: list[QueryRecord] = []
        self._cond = threading.Condition()

    def append(self, record: QueryRecord) -> None:
        """Record one query (called by the server thread)."""
        with self._cond:
            self._records.append(record)
            self._cond.notify_all()

    def clear(self) -> None:
        """Forget every query."""
        with self._cond:
            self._records.clear()

    @property
    def queries(self) -> list[QueryRecord]:
        """A snapshot of every query received so far, oldest first."""
        with self._cond:
            return list(self._records)

    def filter(
        self, name: str | None = None, rrtype: str | None = None, **kw: Any
    ) -> list[QueryRecord]:
        """The queries matching :meth:`QueryRecord.matches` filters."""
        return [q for q in self.queries if q.matches(name, rrtype, **kw)]

    def wait_for(
        self,
        name: str | None = None,
        rrtype: str | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        **kw: Any,
    ) -> list[QueryRecord]:
        """Block until *count* matching queries arrived (or *timeout* seconds passed)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [q for q in self._records if q.matches(name, rrtype, **kw)]
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    return found
                self._cond.wait(min(remaining, 0.05))

    def describe(self) -> str:
        """Every query, one a line, for assertion messages."""
        lines = [f"  {q.summary()}" for q in self.queries]
        return "\n".join(lines) if lines else "  (no queries)"

    def assert_queried(
        self,
        name: str,
        rrtype: str | None = "A",
        *,
        transport: Transport | None = None,
        count: int | None = None,
        qclass: str | None = "IN",
        rd: bool | None = None,
        edns: bool | None = None,
        do: bool | None = None,
        exact_case: bool = False,
        where: Callable[[QueryRecord], bool] | None = None,
    ) -> list[QueryRecord]:
        """Assert that *name*/*rrtype* was queried (exactly *count* times when given).

        Optional filters: *transport* (``"udp"``/``"tcp"``), *qclass*, *rd*, *edns*, *do*,
        *exact_case* (compare the name case-sensitively, to check 0x20 randomisation or case
        preservation) and *where* (any predicate). Returns the matching queries.
        """
        found = self.filter(name, rrtype, transport=transport, qclass=qclass, exact_case=exact_case)
        if rd is not None:
            found = [q for q in found if q.rd == rd]
        if edns is not None:
            found = [q for q in found if q.edns == edns]
        if do is not None:
            found = [q for q in found if q.edns_do == do]
        if where is not None:
            found = [q for q in found if where(q)]
        ok = len(found) == count if count is not None else bool(found)
        if not ok:
            want = f"exactly {count}" if count is not None else "at least one"
            filters = {
                "rrtype": rrtype,
                "transport": transport,
                "qclass": qclass,
                "rd": rd,
                "edns": edns,
                "do": do,
                "exact_case": exact_case or None,
            }
            shown = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None)
            raise AssertionError(
                f"expected {want} query for {name!r} ({shown}), found {len(found)}; "
                f"queries received:\n{self.describe()}"
            )
        return found

    def assert_not_queried(self, name: str, rrtype: str | None = None, **kw: Any) -> None:
        """Assert that no query for *name* (and *rrtype*, when given) was received."""
        found = self.filter(name, rrtype, **kw)
        if found:
            raise AssertionError(
                f"expected no query for {name!r} {rrtype or ''}, found {len(found)}; "
                f"queries received:\n{self.describe()}"
            )
