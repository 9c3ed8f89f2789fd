"""Recursive resolution as a pure state machine: no sockets, no clock, no event loop.

A :class:`Walk` resolves one question from root hints (or any servers to start from). The
driver (:mod:`._recursive`) asks :meth:`Walk.next_step` what to do, sends the :class:`Ask`
it gets, and reports back with :meth:`Walk.on_reply` or :meth:`Walk.on_failure`, until
:meth:`Walk.next_step` returns :class:`Done`. Time is passed in (``now``) and randomness is
injected (``rng``), so every rule below is testable with hand-built messages. The rules for
reading one reply live in :mod:`._referral` (referrals and glue), :mod:`._answers` (bailiwick,
aliases, negative proofs) and :mod:`._minimise` (RFC 9156); this module decides what to ask
whom next.

The rules:

* **Referrals** (no AA, NOERROR, no answer, NS records in the authority section) must move
  strictly closer to the name: the cut must lie below the zone the server was asked about and
  above (or at) the name asked. Anything else (upward, sideways, unrelated) makes the server
  lame for that zone.
* **Glue**: only addresses of NS names *under the delegated zone* are used and cached;
  out-of-bailiwick glue and every other additional record are ignored. Unusable addresses
  (unspecified, multicast, broadcast) are dropped.
* **Answers** are taken only from authoritative replies, and only records under the zone the
  server was asked about (its bailiwick). CNAME and DNAME chains are followed inside the reply
  while they stay in bailiwick, then resolved afresh from the closest known delegation; a name
  seen twice is a loop. DNAME answers are synthesised here (RFC 6672), not taken on trust.
* **Glueless delegations**: the address of one NS name at a time is looked up (a nested
  walk), only when no known address is left, never for NS names under the zone itself (that is
  a dependency cycle) nor for names already being looked up; at most
  ``max_glueless_per_zone`` per delegation and ``max_glueless`` per lookup, so a referral
  listing fifty glueless names costs at most a handful of lookups (NXNSAttack).
* **Failures**: an error rcode, a bogus referral or a non-authoritative answer makes a server
  lame for the zone; a timeout or network error makes it dead for the whole walk. When a zone
  has no server left the walk fails with :class:`RecursionFailure` (or
  :class:`LimitExceeded` when only the glueless limits stood in the way). Every walk is bounded:
  ``max_queries`` questions, ``max_referrals`` referrals per name, ``max_cname_chain`` aliases,
  ``max_depth`` nested lookups, and ``lifetime`` seconds (:class:`ResolutionTimeout`).
* **QNAME minimisation** (RFC 9156, on by default): each zone is asked for one more label
  of the name (QTYPE A), the first four steps one label at a time and then in larger steps,
  ten at most; the full question goes out once the name is at most one label away. Relaxed
  fallbacks, as Unbound's: NXDOMAIN for a minimised name, or an error rcode, switches to the
  full name for the rest of that name's walk.
* ``prefer_ipv6`` picks IPv6 addresses of nameservers first (IPv4 otherwise), falling back
  to the other family; nameserver address lookups ask AAAA or A accordingly, then the other.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from asyncdns_wire import (
    AAAA,
    DS,
    IN,
    NXDOMAIN,
    RRSIG,
    YXDOMAIN,
    A,
    Flag,
    Message,
    Query,
    Rcode,
    rr,
)

from ._answers import OVERFLOW, data_for, in_bailiwick, negative_soa, next_alias, overflows
from ._cache_policy import effective_ttl
from ._delegations import DelegationCache
from ._errors import LimitExceeded, RecursionFailure, ResolutionTimeout
from ._minimise import next_question
from ._names import ancestor, count_labels, is_under, labels, same
from ._referral import bogus_referral, read_referral, server_of
from ._servers import Server
from ._trace import Trace, TraceEntry, TraceEvent

__all__ = ["Ask", "Done", "Walk", "WalkLimits"]

_NOERROR = 0
_AA = int(Flag.AA)
_REPLY_FLAGS = int(Flag.QR | Flag.RD | Flag.RA)
_HINTS = b""  # the NS "name" under which given servers (root hints...) are held
_MAX_TRANSITIONS = 10_000  # internal steps between two questions, far beyond any real walk


@dataclass(frozen=True, slots=True)
class WalkLimits:
    """The work one recursive lookup may do. Construct from :class:`ResolverOptions` with
    :meth:`Resolver` (it maps the ``max_*`` options), or directly in tests.

    Attributes:
        max_queries: questions sent in all, nested lookups included.
        max_referrals: referrals followed for one name (each moves at least one label down).
        max_cname_chain: CNAME/DNAME records in one answer chain.
        max_glueless: nameserver address lookups in all.
        max_glueless_per_zone: nameserver address lookups for one delegation.
        max_depth: nesting of nameserver address lookups.
        max_ns: NS names kept from one referral.
        lifetime: seconds the whole walk may take.
    """

    max_queries: int = 64
    max_referrals: int = 16
    max_cname_chain: int = 16
    max_glueless: int = 6
    max_glueless_per_zone: int = 3
    max_depth: int = 3
    max_ns: int = 20
    lifetime: float = 15.0


@dataclass(frozen=True, slots=True, eq=False)
class Ask:
    """Send :attr:`query` to :attr:`server` (iteratively: RD clear), then report back.

    Attributes:
        server: where to send it.
        query: the question (the name may be minimised).
        zone: the zone the server is asked about.
        depth: 0 for the lookup itself, more for nested nameserver address lookups.
        sent_at: the ``now`` of :meth:`Walk.next_step`.
    """

    server: Server
    query: Query
    zone: bytes
    depth: int
    sent_at: float


@dataclass(frozen=True, slots=True)
class Done:
    """The walk is over: :attr:`reply` (NXDOMAIN and NODATA included) or :attr:`error`."""

    reply: Message | None = None
    error: Exception | None = None

    def result(self) -> Message:
        """The reply.

        Raises:
            ResolverError: the walk failed (the error it ended with).
        """
        if self.error is not None:
            raise self.error
        assert self.reply is not None
        return self.reply


class _Zone:
    """A delegation in use: its nameservers, their known addresses and lookup bookkeeping."""

    __slots__ = ("addrs", "limited", "name", "ns", "pending")

    def __init__(self, name: bytes, ns: list[bytes], addrs: dict[bytes, list[Server]]) -> None:
        self.name = name
        self.ns = ns
        self.addrs = addrs
        #: NS names without a known address, not looked up yet.
        self.pending = [n for n in ns if not addrs.get(n)]
        self.limited = False

    def servers(self) -> list[Server]:
        """Every known address of the zone's nameservers."""
        return [s for n in self.ns for s in self.addrs.get(n, ())]


class _Task:
    """Resolving one name: the lookup itself, or a nameserver's address for an outer task."""

    __slots__ = (
        "chain",
        "child",
        "depth",
        "host",
        "minimise",
        "qclass",
        "qname",
        "qtype",
        "referrals",
        "seen",
        "steps",
        "switched",
        "zone",
    )

    def __init__(
        self, qname: bytes, qtype: int, qclass: int, zone: _Zone, depth: int, host: bytes | None
    ) -> None:
        self.qname = qname
        self.qtype = qtype
        self.qclass = qclass
        self.depth = depth
        #: The NS name this task finds addresses for (``None`` for the lookup itself).
        self.host = host
        #: The CNAME/DNAME records followed so far (synthesised CNAMEs included).
        self.chain: list[rr.RR] = []
        self.seen = {labels(qname)}
        self.minimise = True
        self.referrals = 0
        self.switched = False  # nameserver lookups: the other address family was tried
        self.zone = zone
        self.child = count_labels(zone.name)
        self.steps = 0

    def enter(self, zone: _Zone) -> None:
        """Continue in *zone* (after a referral or a restart): minimisation starts over there."""
        self.zone = zone
        self.child = count_labels(zone.name)
        self.steps = 0


class Walk:
    """One recursive resolution, as a state machine.

    Args:
        query: the question.
        hints: the servers to start from, for the root zone (root hints, or the servers given
            to ``lookup(recursive=True)``).
        limits: the work limits (:class:`WalkLimits`).
        delegations: a cache of delegations and nameserver addresses to start from and to fill
            (share it between walks from the same hints), or ``None``.
        prefer_ipv6: ask nameservers' IPv6 addresses first.
        minimise: QNAME minimisation (RFC 9156).
        port: the port of servers learnt from referrals; ``None``: the hints' port when they
            all share one (test hierarchies on loopback), else 53.
        trace: the :class:`Trace` to append to (a new one by default), as :attr:`trace`.
        rng: ``rng(n)`` returns a random int in ``[0, n)`` (server choice, NS order).
        dnssec_ok: keep the RRSIG records of the answer's names in the reply.

    Raises:
        ValueError: no hints.
    """

    def __init__(
        self,
        query: Query,
        hints: Sequence[Server],
        *,
        limits: WalkLimits | None = None,
        delegations: DelegationCache | None = None,
        prefer_ipv6: bool = False,
        minimise: bool = True,
        port: int | None = None,
        trace: Trace | None = None,
        rng: Callable[[int], int] = secrets.randbelow,
        dnssec_ok: bool = False,
    ) -> None:
        if not hints:
            raise ValueError("a recursive walk needs at least one server to start from")
        self.query = query
        self.hints = tuple(hints)
        self.limits = limits or WalkLimits()
        self.cache = delegations
        self.prefer_ipv6 = prefer_ipv6
        self.minimise = minimise
        ports = {p for _, p in self.hints}
        self.port = port if port is not None else (ports.pop() if len(ports) == 1 else 53)
        self.trace = trace if trace is not None else Trace()
        self.rng = rng
        self.dnssec_ok = dnssec_ok
        #: Questions sent so far.
        self.queries = 0
        #: When the walk must be over (set by the first :meth:`next_step`).
        self.deadline: float | None = None
        self._glueless = 0
        #: Nameserver lookups caused by each delegation (by zone name), over every visit to it.
        self._glueless_of: dict[bytes, int] = {}
        #: Nameserver names (lower case) whose lookup failed or found no address: not again.
        self._no_address: set[bytes] = set()
        self._lame: set[tuple[bytes, Server]] = set()
        self._dead: set[Server] = set()
        self._stack: list[_Task] = []
        self._pending: Ask | None = None
        self._done: Done | None = None

    # -- the driver's interface ---------------------------------------------------------------

    @property
    def done(self) -> Done | None:
        """The outcome, once the walk is over."""
        return self._done

    def next_step(self, now: float) -> Ask | Done:
        """What to do next: send an :class:`Ask`, or stop with :class:`Done`.

        Args:
            now: the current time (any monotonic clock, the same for every call).

        Returns:
            The next question to send, or the outcome.

        Raises:
            RuntimeError: the previous :class:`Ask` has not been reported back.
        """
        if self._done is not None:
            return self._done
        if self._pending is not None:
            raise RuntimeError("report the outstanding step first (on_reply / on_failure)")
        if self.deadline is None:
            self.deadline = now + self.limits.lifetime
            q = self.query
            zone = self._start_zone(q.name, q.q_type, 0, now)
            self._stack.append(_Task(q.name, q.q_type, q.q_class, zone, 0, None))
        elif now >= self.deadline:
            return self._finish(
                ResolutionTimeout(
                    f"recursive resolution of {self.query!r} took longer than "
                    f"{self.limits.lifetime} s"
                )
            )
        for _ in range(_MAX_TRANSITIONS):
            if self._done is not None:
                return self._done
            task = self._stack[-1]
            server = self._pick(task.zone)
            if server is not None:
                if self.queries >= self.limits.max_queries:
                    return self._finish(
                        LimitExceeded(
                            f"recursive resolution of {self.query!r} needs more than "
                            f"{self.limits.max_queries} queries"
                        )
                    )
                return self._ask(task, server, now)
            if self._from_cache(task, now):
                continue
            host = self._next_glueless(task)
            if host is not None:
                self._push_host_lookup(task, host, now)
                continue
            self._zone_failed(task)
        return self._finish(LimitExceeded("the walk made no progress"))  # pragma: no cover

    def on_reply(self, step: Ask, reply: Message, now: float) -> None:
        """The server of *step* answered *reply* (already matched to the question sent).

        Raises:
            RuntimeError: *step* is not the outstanding one.
        """
        self._take(step)
        task = self._stack[-1]
        rtt = now - step.sent_at
        minimised = not same(step.query.name, task.qname) or step.query.q_type != task.qtype
        rcode = reply.rcode
        if rcode not in (_NOERROR, NXDOMAIN):
            if minimised:
                # RFC 9156 section 3: a server that fails a minimised question may still answer
                # the full one; it is asked that before it counts as lame.
                task.minimise = False
                self._note(TraceEvent.RETRY_FULL, step, rcode=rcode, rtt=rtt)
                return
            if (
                rcode == YXDOMAIN
                and reply.flags & _AA
                and overflows(
                    in_bailiwick(reply, task.zone.name), task.qname, self.limits.max_cname_chain
                )
            ):
                # RFC 6672 section 2.2: its DNAME makes a name too long; that is the answer.
                self._answer(task, step, reply, rtt, now)
                return
            self._lame_server(task, step, f"answered {_rcode(rcode)}", rcode, rtt)
            return
        aa = reply.flags & _AA
        if not aa and rcode == _NOERROR and not reply.answers:
            cut = next((r.name for r in reply.authorities if isinstance(r, rr.NS)), None)
            if cut is not None:
                self._referral(task, step, reply, cut, rtt, now)
                return
        if not aa:
            self._lame_server(task, step, "non-authoritative answer", rcode, rtt)
            return
        if minimised:
            if rcode == NXDOMAIN:
                task.minimise = False  # RFC 9156 fallback: believe it only for the full name
                self._note(TraceEvent.RETRY_FULL, step, rcode=rcode, rtt=rtt)
            else:
                task.child = count_labels(step.query.name)
                task.steps += 1
                self._note(TraceEvent.DESCEND, step, rcode=rcode, rtt=rtt)
            return
        self._answer(task, step, reply, rtt, now)

    def on_failure(self, step: Ask, error: BaseException, now: float) -> None:
        """No usable reply came from the server of *step* (timeout, network error...).

        Raises:
            RuntimeError: *step* is not the outstanding one.
        """
        self._take(step)
        self._dead.add(step.server)
        self._note(TraceEvent.FAILED, step, detail=str(error) or type(error).__name__)

    # -- choosing servers -------------------------------------------------------------------------

    def _start_zone(self, name: bytes, qtype: int, depth: int, now: float) -> _Zone:
        """The closest known delegation for *name* (DS: for its parent), else the hints."""
        if qtype == DS and labels(name):
            name = ancestor(name, count_labels(name) - 1)
        if self.cache is not None:
            found = self.cache.closest(name, now)
            if found is not None:
                self.trace.append(
                    TraceEntry(TraceEvent.CACHED, found.zone, names=found.ns, depth=depth)
                )
                addrs = {n: list(s) for n, s in found.addresses.items()}
                return _Zone(found.zone, self._shuffled(list(found.ns)), addrs)
        self.trace.append(TraceEntry(TraceEvent.START, b".", addresses=self.hints, depth=depth))
        return _Zone(b".", [_HINTS], {_HINTS: list(self.hints)})

    def _pick(self, zone: _Zone) -> Server | None:
        usable: list[Server] = []
        for server in zone.servers():
            if (
                server not in self._dead
                and (zone.name, server) not in self._lame
                and server not in usable
            ):
                usable.append(server)
        if not usable:
            return None
        preferred = [s for s in usable if (":" in s[0]) == self.prefer_ipv6] or usable
        return preferred[self.rng(len(preferred))] if len(preferred) > 1 else preferred[0]

    def _from_cache(self, task: _Task, now: float) -> bool:
        """Fill pending NS names' addresses from the cache; whether any was found."""
        if self.cache is None:
            return False
        zone = task.zone
        found = False
        for host in list(zone.pending):
            servers = self.cache.addresses(host, now)
            if servers:
                zone.pending.remove(host)
                zone.addrs[host] = list(servers)
                self.trace.append(
                    TraceEntry(
                        TraceEvent.CACHED,
                        zone.name,
                        query=Query(host, AAAA if self.prefer_ipv6 else A),
                        addresses=servers,
                        depth=task.depth,
                    )
                )
                found = True
        return found

    def _next_glueless(self, task: _Task) -> bytes | None:
        """The next NS name of the task's zone whose address to look up, within the limits."""
        zone = task.zone
        limits = self.limits
        key = zone.name.lower()
        while zone.pending:
            host = zone.pending[0]
            if (
                is_under(host, zone.name)
                or host.lower() in self._no_address
                or any(t.host is not None and same(t.host, host) for t in self._stack)
            ):
                # A dependency cycle (only glue could have helped), or already found to have
                # no address in this walk.
                zone.pending.pop(0)
                continue
            if (
                self._glueless_of.get(key, 0) >= limits.max_glueless_per_zone
                or self._glueless >= limits.max_glueless
                or len(self._stack) > limits.max_depth
            ):
                zone.limited = True
                return None
            zone.pending.pop(0)
            self._glueless_of[key] = self._glueless_of.get(key, 0) + 1
            self._glueless += 1
            return host
        return None

    def _push_host_lookup(self, task: _Task, host: bytes, now: float) -> None:
        qtype = AAAA if self.prefer_ipv6 else A
        depth = task.depth + 1
        self.trace.append(
            TraceEntry(
                TraceEvent.LOOKUP_NS,
                task.zone.name,
                query=Query(host, qtype),
                detail=f"no glue for this nameserver of {_text(task.zone.name)}",
                depth=task.depth,
            )
        )
        zone = self._start_zone(host, qtype, depth, now)
        self._stack.append(_Task(host, qtype, IN, zone, depth, host))

    def _zone_failed(self, task: _Task) -> None:
        """No server left in the task's zone: fail the task (and so maybe the walk)."""
        zone = task.zone
        where = _text(zone.name)
        error: Exception
        if zone.limited:
            limits = self.limits
            error = LimitExceeded(
                f"no usable nameserver for {where}: looking up more glueless nameservers would "
                f"exceed max_glueless_per_zone={limits.max_glueless_per_zone}, "
                f"max_glueless={limits.max_glueless} or max_depth={limits.max_depth}"
            )
        else:
            error = RecursionFailure(
                f"no nameserver of {where} gave a usable answer for {_text(task.qname)} "
                "(all lame, unreachable or without an address)",
                zone=zone.name,
                name=task.qname,
                servers=zone.servers(),
                trace=self.trace,
            )
        self._task_failed(task, error)

    # -- asking -----------------------------------------------------------------------------

    def _ask(self, task: _Task, server: Server, now: float) -> Ask:
        self.queries += 1
        step = Ask(server, self._question(task), task.zone.name, task.depth, now)
        self._pending = step
        return step

    def _question(self, task: _Task) -> Query:
        """The full question, or its minimised form (RFC 9156)."""
        full = Query(task.qname, task.qtype, task.qclass)
        if not (self.minimise and task.minimise):
            return full
        return next_question(full, task.child, task.steps)

    def _take(self, step: Ask) -> None:
        if step is not self._pending:
            raise RuntimeError("this step is not the one outstanding")
        self._pending = None

    # -- replies ----------------------------------------------------------------------------

    def _lame_server(self, task: _Task, step: Ask, why: str, rcode: int, rtt: float) -> None:
        self._lame.add((task.zone.name, step.server))
        self._note(TraceEvent.LAME, step, rcode=rcode, detail=why, rtt=rtt)

    def _referral(
        self, task: _Task, step: Ask, reply: Message, cut: bytes, rtt: float, now: float
    ) -> None:
        zone = task.zone.name
        asked = step.query.name
        if bogus_referral(cut, zone, asked):
            why = f"referral to {_text(cut)} does not lead below {_text(zone)} to {_text(asked)}"
            self._lame_server(task, step, why, _NOERROR, rtt)
            return
        if task.qtype == DS and same(cut, task.qname):
            self._lame_server(task, step, "referral to the child for a DS", _NOERROR, rtt)
            return
        task.referrals += 1
        if task.referrals > self.limits.max_referrals:
            limit = self.limits.max_referrals
            self._task_failed(
                task, LimitExceeded(f"more than {limit} referrals for {_text(task.qname)}")
            )
            return
        found = read_referral(reply, cut, port=self.port, max_ns=self.limits.max_ns)
        if self.cache is not None:
            self.cache.put_delegation(found.cut, found.ns, found.glue, float(found.ttl), now)
        glue = "" if found.glue else " (no glue)"
        self._note(
            TraceEvent.REFERRAL,
            step,
            rcode=_NOERROR,
            names=tuple(found.ns),
            rtt=rtt,
            detail=f"to {_text(found.cut)}{glue}",
        )
        task.enter(_Zone(found.cut, self._shuffled(found.ns), found.glue))

    def _answer(self, task: _Task, step: Ask, reply: Message, rtt: float, now: float) -> None:
        """An authoritative reply to the full question: data, alias, NXDOMAIN or NODATA."""
        zone = task.zone.name
        records = in_bailiwick(reply, zone)
        name = task.qname
        start = len(task.chain)
        for _ in range(self.limits.max_cname_chain + 1):
            data = data_for(records, name, task.qtype, task.qclass)
            if data:
                taken = (*task.chain[start:], *data)
                self._note(TraceEvent.ANSWER, step, rcode=reply.rcode, records=taken, rtt=rtt)
                self._task_done(task, _NOERROR, data, (), records, now)
                return
            taken_now, target = next_alias(records, name)
            task.chain += taken_now
            if target is None:
                break
            if target == OVERFLOW:
                taken = tuple(task.chain[start:])
                self._note(TraceEvent.ANSWER, step, rcode=YXDOMAIN, records=taken, rtt=rtt)
                self._task_done(task, YXDOMAIN, [], (), records, now)
                return
            if len(task.chain) > self.limits.max_cname_chain:
                limit = self.limits.max_cname_chain
                self._task_failed(task, LimitExceeded(f"CNAME/DNAME chain longer than {limit}"))
                return
            if labels(target) in task.seen:
                error = RecursionFailure(
                    f"CNAME/DNAME loop: {_text(target)} comes back while resolving "
                    f"{_text(self.query.name if task.host is None else task.host)}",
                    zone=zone,
                    name=target,
                    servers=[step.server],
                    trace=self.trace,
                )
                self._task_failed(task, error)
                return
            task.seen.add(labels(target))
            name = target
            if not is_under(name, zone):
                break
        negative = negative_soa(reply, zone, name)
        unproven = len(task.chain) > start and reply.rcode != NXDOMAIN and not negative
        if unproven or not is_under(name, zone):
            # An alias out of bailiwick, or in it but with neither the target's data nor a
            # negative answer for it: resolve the target afresh.
            self._note(
                TraceEvent.ALIAS,
                step,
                rcode=reply.rcode,
                names=(name,),
                records=tuple(task.chain[start:]),
                rtt=rtt,
            )
            self._restart(task, name, now)
            return
        event = TraceEvent.NXDOMAIN if reply.rcode == NXDOMAIN else TraceEvent.NODATA
        self._note(event, step, rcode=reply.rcode, records=tuple(task.chain[start:]), rtt=rtt)
        self._task_done(task, reply.rcode, [], negative, records, now)

    def _restart(self, task: _Task, name: bytes, now: float) -> None:
        """Resolve *name* (an alias target...) afresh from the closest known delegation."""
        task.qname = name
        task.minimise = True
        task.referrals = 0
        task.enter(self._start_zone(name, task.qtype, task.depth, now))

    # -- ending tasks ------------------------------------------------------------------------

    def _task_done(
        self,
        task: _Task,
        rcode: int,
        data: list[rr.RR],
        authority: tuple[rr.RR, ...],
        records: list[rr.RR],
        now: float,
    ) -> None:
        if task.host is None:
            answers = task.chain + data
            if self.dnssec_ok:
                owners = {labels(r.name) for r in answers}
                answers += [r for r in records if r.rr_type == RRSIG and labels(r.name) in owners]
            reply = Message(
                flags=_REPLY_FLAGS,
                rcode=rcode,
                questions=[self.query],
                answers=answers,
                authorities=authority,
            )
            self._stack.clear()
            self._done = Done(reply=reply)
            return
        host = task.host
        found = [r for r in data if isinstance(r, (rr.A, rr.AAAA))]
        servers = [s for s in (server_of(r, self.port) for r in found) if s is not None]
        if not servers and not task.switched and rcode == _NOERROR:
            task.switched = True  # no address of the preferred family: try the other one
            task.qtype = A if task.qtype == AAAA else AAAA
            task.chain.clear()
            task.seen = {labels(host)}
            self._restart(task, host, now)
            return
        self._stack.pop()
        if not servers:
            self._no_address.add(host.lower())
        parent = self._stack[-1]
        parent.zone.addrs[host] = servers
        if servers and self.cache is not None:
            ttl = min(effective_ttl(r.ttl) for r in found)  # RFC 2181 section 8
            self.cache.put_addresses(host, servers, float(ttl), now)
        self.trace.append(
            TraceEntry(
                TraceEvent.NS_ADDRESSES,
                parent.zone.name,
                query=Query(host, task.qtype),
                addresses=tuple(servers),
                detail="" if servers else "no address",
                depth=parent.depth,
            )
        )

    def _task_failed(self, task: _Task, error: Exception) -> None:
        """End *task* with *error*: the walk's outcome for the lookup itself; after a failed
        nameserver lookup the outer task carries on without that nameserver."""
        self.trace.append(
            TraceEntry(
                TraceEvent.GIVE_UP,
                task.zone.name,
                query=self._query_of(task),
                detail=str(error),
                depth=task.depth,
            )
        )
        if task.host is None:
            self._finish(error)
        else:
            self._no_address.add(task.host.lower())
            self._stack.pop()

    def _finish(self, error: Exception) -> Done:
        self._stack.clear()
        self._done = Done(error=error)
        return self._done

    # -- helpers ----------------------------------------------------------------------------

    def _note(
        self,
        event: TraceEvent,
        step: Ask,
        *,
        rcode: int | None = None,
        names: tuple[bytes, ...] = (),
        records: tuple[rr.RR, ...] = (),
        detail: str = "",
        rtt: float | None = None,
    ) -> None:
        self.trace.append(
            TraceEntry(
                event,
                step.zone,
                server=step.server,
                query=step.query,
                rcode=rcode,
                names=names,
                records=records,
                detail=detail,
                depth=step.depth,
                rtt=rtt,
            )
        )

    def _query_of(self, task: _Task) -> Query:
        return Query(task.qname, task.qtype, task.qclass)

    def _shuffled(self, items: list[bytes]) -> list[bytes]:
        for i in range(len(items) - 1, 0, -1):
            j = self.rng(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def _rcode(rcode: int) -> str:
    try:
        return Rcode(rcode).name
    except ValueError:
        return f"rcode {rcode}"


def _text(name: bytes) -> str:
    return "." if name == b"." else name.decode("ascii", "backslashreplace") + "."
