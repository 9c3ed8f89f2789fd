"""Scripted behaviour: rules that tell a fake server to misbehave for some queries.

``server.on(name, rrtype)`` returns an :class:`On` builder; each of its methods adds one
:class:`Rule` and returns it. A rule is *permanent* by default, or counted with ``once=True``
or ``times=n``. Counted rules are consulted first, in the order they were added; permanent
rules after them, also in order. A counted rule that has not fired its *times* by the end
of the test is an unmet expectation (strict mode fails the test); pass ``required=False`` to
waive that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypedDict, Unpack

from dnslib import QTYPE, RCODE, DNSLabel, DNSQuestion, DNSRecord

from ._answer import MAX_TCP_MESSAGE, MAX_UDP_PAYLOAD, reply_skeleton, set_rcode, truncated
from ._querylog import QueryRecord, Transport

_EXTENDED_RCODES = {"BADVERS": 16, "BADSIG": 16, "BADCOOKIE": 23}


def rcode_value(rcode: int | str) -> int:
    """An rcode given as a number or a name (``"SERVFAIL"``, ``"BADVERS"`` ...)."""
    if isinstance(rcode, int):
        return rcode
    name = rcode.upper()
    if name in _EXTENDED_RCODES:
        return _EXTENDED_RCODES[name]
    value = RCODE.reverse.get(name)
    if not isinstance(value, int):
        raise ValueError(f"unknown rcode {rcode!r}")
    return value


@dataclass
class Emission:
    """One thing the server sends (or does) in reply to a query."""

    data: bytes | None
    delay: float = 0.0
    #: TCP: send only this many bytes of the length-prefixed message, then close.
    partial: int | None = None
    #: UDP: send from a fresh socket on another port of the same address (a spoof attempt).
    other_port: bool = False


@dataclass
class Context:
    """What an action needs to build its reply to one query."""

    query: QueryRecord
    transport: Transport
    build_reply: Callable[[], DNSRecord]
    soa_for: Callable[[DNSLabel], Any]
    udp_limit: int

    @property
    def message(self) -> DNSRecord:
        """The parsed query (actions other than ``raw`` need a parseable query)."""
        if self.query.message is None:
            raise ValueError(f"the query did not parse: {self.query.parse_error}")
        return self.query.message

    def finish(self, reply: DNSRecord) -> bytes:
        """Pack *reply*, truncating it (TC set, sections emptied) over UDP when it exceeds the
        client's limit (at most :data:`MAX_UDP_PAYLOAD`), and over TCP when it exceeds the
        :data:`MAX_TCP_MESSAGE` octets a length prefix can frame."""
        data: bytes = reply.pack()
        if self.transport == "udp":
            limit = min(self.udp_limit, MAX_UDP_PAYLOAD)
        else:
            limit = MAX_TCP_MESSAGE
        if len(data) > limit:
            data = truncated(reply).pack()
        return data


Action = Callable[[Context], list[Emission]]


def _answer(ctx: Context) -> list[Emission]:
    return [Emission(ctx.finish(ctx.build_reply()))]


def _drop(ctx: Context) -> list[Emission]:
    return []


def _truncate(partial: bool) -> Action:
    def act(ctx: Context) -> list[Emission]:
        reply = ctx.build_reply()
        if ctx.transport == "tcp":
            return [Emission(ctx.finish(reply))]
        short = truncated(reply)
        if partial:
            short.rr = reply.rr[:1]
        return [Emission(short.pack())]

    return act


def _rcode(code: int, with_opt: bool | None, soa: bool, aa: bool) -> Action:
    def act(ctx: Context) -> list[Emission]:
        msg = ctx.message
        reply = reply_skeleton(msg, aa=aa)
        opt = ctx.query.edns if with_opt is None else with_opt
        set_rcode(reply, code, opt=opt, do=ctx.query.edns_do)
        if soa and msg.questions:
            record = ctx.soa_for(DNSLabel(msg.questions[0].qname))
            if record is not None:
                reply.add_auth(record)
        return [Emission(ctx.finish(reply))]

    return act


def _raw(data: bytes | Callable[[QueryRecord], bytes], fix_id: bool) -> Action:
    def act(ctx: Context) -> list[Emission]:
        payload = data(ctx.query) if callable(data) else data
        if fix_id and len(payload) >= 2:
            payload = ctx.query.raw[:2] + payload[2:]
        return [Emission(bytes(payload))]

    return act


def _wrong_id(ctx: Context) -> list[Emission]:
    reply = ctx.build_reply()
    reply.header.id = (reply.header.id + 1) & 0xFFFF
    return [Emission(ctx.finish(reply))]


def _wrong_question(name: str | None, rrtype: str | None) -> Action:
    def act(ctx: Context) -> list[Emission]:
        reply = ctx.build_reply()
        q = reply.questions[0] if reply.questions else DNSQuestion("wrong-question.invalid.")
        qtype = getattr(QTYPE, rrtype.upper()) if rrtype else q.qtype
        qname = name or ("wrong-question.invalid." if rrtype is None else q.qname)
        reply.questions = [DNSQuestion(qname, qtype, q.qclass)]
        return [Emission(ctx.finish(reply))]

    return act


def _from_other_port(ctx: Context) -> list[Emission]:
    return [Emission(ctx.finish(ctx.build_reply()), other_port=ctx.transport == "udp")]


def _close_mid_message(at: int | None) -> Action:
    def act(ctx: Context) -> list[Emission]:
        data = ctx.build_reply().pack()
        if ctx.transport == "udp":
            return [Emission(data[: len(data) // 2])]
        cut = at if at is not None else 2 + len(data) // 2
        return [Emission(data, partial=cut)]

    return act


#: One reply of :meth:`On.replies`: bytes, a ``dnslib.DNSRecord``, a behaviour name or rcode,
#: or a callable of the :class:`QueryRecord` returning any of those.
ReplyItem: TypeAlias = Any


def _item(ctx: Context, item: Any) -> list[Emission]:
    if item is None:
        return []
    if isinstance(item, bytes | bytearray):
        return [Emission(bytes(item))]
    if isinstance(item, DNSRecord):
        return [Emission(item.pack())]
    if isinstance(item, list | tuple):
        return [e for sub in item for e in _item(ctx, sub)]
    if isinstance(item, str):
        named: dict[str, Action] = {
            "answer": _answer,
            "drop": _drop,
            "truncate": _truncate(False),
            "wrong_id": _wrong_id,
            "wrong_question": _wrong_question(None, None),
            "from_other_port": _from_other_port,
        }
        action = named.get(item.lower()) or _rcode(rcode_value(item), None, False, False)
        return action(ctx)
    if callable(item):
        return _item(ctx, item(ctx.query))
    raise TypeError(f"cannot send {item!r}")


def _replies(items: Sequence[ReplyItem], interval: float) -> Action:
    def act(ctx: Context) -> list[Emission]:
        out: list[Emission] = []
        for i, item in enumerate(items):
            for emission in _item(ctx, item):
                emission.delay += i * interval
                out.append(emission)
        return out

    return act


class RuleOptions(TypedDict, total=False):
    """Keyword options every behaviour accepts."""

    #: Fire once, then fall back to later rules / the zone (a one-shot expectation).
    once: bool
    #: Fire this many times, then fall back.
    times: int
    #: Seconds to wait before sending whatever the behaviour sends.
    delay: float
    #: Whether an unfired counted rule fails a strict test (default: True when counted).
    required: bool


@dataclass(eq=False)
class Rule:
    """One scripted behaviour: which queries it matches, what it does, how often."""

    action: Action
    label: str
    name: str | None = None
    rrtype: str | None = None
    transport: Transport | None = None
    match: Callable[[QueryRecord], bool] | None = None
    times: int | None = None
    delay: float = 0.0
    required: bool = False
    hits: int = 0
    queries: list[QueryRecord] = field(default_factory=list)

    @property
    def remaining(self) -> int | None:
        """How many more times the rule fires (``None``: permanent)."""
        return None if self.times is None else max(0, self.times - self.hits)

    @property
    def unmet(self) -> bool:
        """True for a required counted rule that has not fired all its times."""
        return self.required and self.times is not None and self.hits < self.times

    def matches(self, query: QueryRecord) -> bool:
        """True when *query* is one this rule applies to."""
        if self.transport is not None and query.transport != self.transport:
            return False
        if query.message is None and self.match is None:
            return False  # an unparseable query only meets rules with a predicate
        if not query.matches(self.name, self.rrtype):
            return False
        return self.match is None or bool(self.match(query))

    def describe(self) -> str:
        """A short description for messages: ``drop for www.example.com. A (once)``."""
        what = " ".join(x for x in (self.name, self.rrtype, self.transport) if x) or "any query"
        if self.match is not None:
            what += " matching a predicate"
        count = "permanent" if self.times is None else f"{self.hits}/{self.times} fired"
        return f"{self.label} for {what} ({count})"


class RuleSet:
    """The rules of one server, thread-safe."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._lock = threading.Lock()

    def add(self, rule: Rule) -> Rule:
        """Add *rule* (after the existing ones)."""
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    @property
    def rules(self) -> list[Rule]:
        """A snapshot of the rules, in the order they were added."""
        with self._lock:
            return list(self._rules)

    def select(self, query: QueryRecord) -> Rule | None:
        """The rule that handles *query* (counting the hit), or ``None`` for the default."""
        with self._lock:
            counted = [r for r in self._rules if r.times is not None and r.hits < r.times]
            permanent = [r for r in self._rules if r.times is None]
            for rule in (*counted, *permanent):
                if rule.matches(query):
                    rule.hits += 1
                    rule.queries.append(query)
                    return rule
        return None

    def unmet(self) -> list[Rule]:
        """Required counted rules that have not fired all their times."""
        return [r for r in self.rules if r.unmet]


class On:
    """Builder returned by ``server.on(...)``: each method adds one rule and returns it.

    Every method takes the :class:`RuleOptions` keywords ``once``, ``times``, ``delay`` and
    ``required``.
    """

    def __init__(
        self,
        rules: RuleSet,
        name: str | None = None,
        rrtype: str | None = None,
        *,
        transport: Transport | None = None,
        match: Callable[[QueryRecord], bool] | None = None,
    ) -> None:
        self._rules = rules
        self._match = {"name": name, "rrtype": rrtype, "transport": transport, "match": match}

    def _add(self, action: Action, label: str, opts: RuleOptions) -> Rule:
        times = opts.get("times")
        if opts.get("once"):
            times = 1
        if times is not None and times < 1:
            raise ValueError("times must be at least 1")
        required = opts.get("required", times is not None)
        rule = Rule(
            action=action,
            label=label,
            times=times,
            delay=float(opts.get("delay", 0.0)),
            required=required,
            **self._match,  # type: ignore[arg-type]
        )
        return self._rules.add(rule)

    def answer(self, **opts: Unpack[RuleOptions]) -> Rule:
        """Answer from the zones as usual (with ``delay``, or as an expectation)."""
        return self._add(_answer, "answer", opts)

    def drop(self, **opts: Unpack[RuleOptions]) -> Rule:
        """Send nothing: the client times out (over TCP the connection stays open)."""
        return self._add(_drop, "drop", opts)

    def delay(self, seconds: float, **opts: Unpack[RuleOptions]) -> Rule:
        """Answer as usual after *seconds* (other queries are served meanwhile)."""
        opts["delay"] = seconds
        return self._add(_answer, f"delay({seconds})", opts)

    def truncate(self, *, partial: bool = False, **opts: Unpack[RuleOptions]) -> Rule:
        """Over UDP reply with TC set and empty sections (with *partial*, keep the first
        answer record); over TCP send the full answer."""
        return self._add(_truncate(partial), "truncate", opts)

    def tcp_only(self, **opts: Unpack[RuleOptions]) -> Rule:
        """Serve only over TCP: every UDP query gets an empty reply with TC set."""
        return self._add(_truncate(False), "tcp_only", opts)

    def rcode(
        self,
        rcode: int | str,
        *,
        with_opt: bool | None = None,
        soa: bool = False,
        aa: bool = False,
        **opts: Unpack[RuleOptions],
    ) -> Rule:
        """Reply with *rcode* and no records. *with_opt*: ``None`` echoes an OPT when the
        query had one, ``True``/``False`` force it (extended rcodes such as ``BADVERS``
        always carry one). *soa* adds the zone's SOA to the authority section."""
        code = rcode_value(rcode)
        return self._add(_rcode(code, with_opt, soa, aa), f"rcode({rcode})", opts)

    def raw(
        self,
        data: bytes | Callable[[QueryRecord], bytes],
        *,
        fix_id: bool = False,
        **opts: Unpack[RuleOptions],
    ) -> Rule:
        """Send *data* verbatim (TCP adds the length prefix). *data* may be a callable of the
        :class:`QueryRecord`; *fix_id* overwrites the first two bytes with the query ID.

        More than 65535 octets cannot be framed over TCP (nor sent over UDP): ``ValueError``
        here, or, for a callable, an exception recorded in the server thread (strict mode
        fails the test)."""
        if isinstance(data, bytes | bytearray) and len(data) > MAX_TCP_MESSAGE:
            raise ValueError(
                f"raw(): {len(data)} octets is more than a DNS message can be "
                f"({MAX_TCP_MESSAGE} over TCP, {MAX_UDP_PAYLOAD} over UDP)"
            )
        return self._add(_raw(data, fix_id), "raw", opts)

    def wrong_id(self, **opts: Unpack[RuleOptions]) -> Rule:
        """Answer with the message ID off by one."""
        return self._add(_wrong_id, "wrong_id", opts)

    def wrong_question(
        self, name: str | None = None, rrtype: str | None = None, **opts: Unpack[RuleOptions]
    ) -> Rule:
        """Answer with another question section (*name*, default
        ``wrong-question.invalid.``, and/or *rrtype*)."""
        return self._add(_wrong_question(name, rrtype), "wrong_question", opts)

    def from_other_port(self, **opts: Unpack[RuleOptions]) -> Rule:
        """Over UDP send the answer from another source port (a spoof attempt); over TCP
        answer normally."""
        return self._add(_from_other_port, "from_other_port", opts)

    def close_mid_message(self, at: int | None = None, **opts: Unpack[RuleOptions]) -> Rule:
        """Over TCP send the first *at* bytes of the length-prefixed answer (default: the
        prefix and half the message) then close the connection; over UDP send the first half
        of the datagram."""
        return self._add(_close_mid_message(at), "close_mid_message", opts)

    def replies(
        self, *items: ReplyItem, interval: float = 0.0, **opts: Unpack[RuleOptions]
    ) -> Rule:
        """Send several replies to one query, *interval* seconds apart. Each item is bytes,
        a ``dnslib.DNSRecord``, a callable of the :class:`QueryRecord` returning either, or a
        name: ``"answer"``, ``"drop"``, ``"truncate"``, ``"wrong_id"``, ``"wrong_question"``,
        ``"from_other_port"`` or an rcode such as ``"SERVFAIL"``."""
        return self._add(_replies(items, interval), f"replies({len(items)})", opts)

    def respond(self, func: Callable[[QueryRecord], Any], **opts: Unpack[RuleOptions]) -> Rule:
        """Reply with whatever *func(query)* returns: bytes, a ``DNSRecord``, a list of
        those, or ``None`` to send nothing."""
        return self._add(lambda ctx: _item(ctx, func(ctx.query)), "respond", opts)
