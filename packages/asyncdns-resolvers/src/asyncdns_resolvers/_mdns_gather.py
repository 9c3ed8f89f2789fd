"""Gathering the answers of several mDNS responders into one reply (pure: no I/O, no clock).

Every response that passed the transport checks (source port, on-link source, ID) is offered
to a :class:`Gatherer` with the time it arrived. The gatherer keeps the records that answer
the question, by owner name (the question name and the targets of CNAMEs reaching it), class
and type, and:

* merges duplicates (the same record from several responders or retransmissions is kept
  once, with the TTL it had most recently);
* honours goodbyes (RFC 6762 section 10.1): a record with TTL 0 removes that record;
* honours the cache-flush bit (section 10.2): a record with the bit set replaces the records
  of its RRset received more than one second earlier (each RRset is flushed at most once per
  arrival time, through an index by RRset: a flood of such records costs linear time);
* keeps the truncation of legacy unicast replies (section 18.5): TC in a direct reply means
  some records are missing, and the reply built says so (a truncated reply is not cached);
* follows at most 16 CNAME targets (the unicast resolvers' default ``max_cname_chain``);
* keeps at most :data:`MAX_RECORDS` answers and as many additional records per question:
  records beyond are ignored, so a flood of responses cannot grow a lookup without bound.
* notes negative answers (section 6.1): an NSEC record owned by the question name says which
  types the name has.

:meth:`Gatherer.reply` then builds the reply the lookup completes with: NOERROR with the
answers; NOERROR without answers (NODATA) when the name is known to exist but not with the
type asked; otherwise NXDOMAIN, which for mDNS means "nobody answered within the window".
"""

from __future__ import annotations

from asyncdns_wire import AA, ANY, CNAME, NOERROR, NSEC, NXDOMAIN, QR, TC, Message, Query, rr

__all__ = ["MAX_RECORDS", "Gatherer", "answers_question", "is_usable_response"]

_FLUSH_AGE = 1.0  # RFC 6762 section 10.2: records older than one second are flushed
_OPCODE_QUERY = 0
_MAX_ALIASES = 16  # CNAME targets followed, as the unicast resolvers' max_cname_chain default

MAX_RECORDS = 256
"""The most answers (and, separately, additional records) one question gathers; further new
records are ignored (updates and goodbyes of the records kept still apply)."""

# (owner name, folded; type; class): an RRset.
_RRset = tuple[bytes, int, int]
# (owner name, folded; type; class; RDATA in wire form): the identity of a record.
_Key = tuple[bytes, int, int, bytes]


def is_usable_response(msg: Message) -> bool:
    """Whether *msg* is an mDNS response worth reading (RFC 6762 section 18).

    Args:
        msg: a decoded message.

    Returns:
        ``True`` for a response (QR set) to a standard query with rcode 0; messages with any
        other opcode or rcode must be silently ignored (sections 18.3 and 18.11).
    """
    return bool(msg.flags & QR) and msg.opcode == _OPCODE_QUERY and msg.rcode == NOERROR


def answers_question(msg: Message, query: Query) -> bool:
    """Whether a unicast reply repeats *query*'s question, as legacy unicast replies must
    (RFC 6762 section 6.7).

    Args:
        msg: a reply decoded with ``mdns=True`` (the QU bit already split from the class).
        query: the question asked.

    Returns:
        ``True`` when the first question matches by name (case-insensitive), type and class.
    """
    questions = msg.questions
    return bool(questions) and questions[0].key() == query.key()


class Gatherer:
    """The answers to one question, gathered from any number of responses.

    Args:
        query: the question asked.

    Attributes:
        query: the question.
        answered: whether an answer (or a negative answer) has arrived; a goodbye is not one.
    """

    __slots__ = (
        "_additional",
        "_answers",
        "_exists",
        "_flushed",
        "_names",
        "_nsec",
        "_rrsets",
        "_truncated",
        "answered",
        "query",
    )

    def __init__(self, query: Query) -> None:
        self.query = query
        self.answered = False
        self._names = {query.name.lower()}
        self._answers: dict[_Key, tuple[rr.RR, float]] = {}
        # The keys of self._answers by RRset, so that a cache-flush looks at its RRset only.
        self._rrsets: dict[_RRset, dict[_Key, None]] = {}
        # When each RRset held was last flushed: records arriving together flush it once.
        self._flushed: dict[_RRset, float] = {}
        self._additional: dict[_Key, rr.RR] = {}
        self._truncated = False
        self._nsec: rr.NSEC | None = None
        self._exists = False

    def concerns(self, record: rr.RR) -> bool:
        """Whether *record* is owned by the question name or a CNAME target reaching it.

        Args:
            record: a record of a response.

        Returns:
            ``True`` when its owner is one of the names this gatherer follows.
        """
        return record.name.lower() in self._names

    def add(self, msg: Message, now: float, *, direct: bool) -> bool:
        """Take what *msg* says about the question.

        Args:
            msg: a usable response (see :func:`is_usable_response`).
            now: when it arrived (any monotonic clock, in seconds).
            direct: ``True`` for a unicast reply to our own query (ID and question checked):
                its additional section is kept too, and its TC bit means truncated (RFC 6762
                section 18.5). ``False`` for a multicast response, of which only the records
                answering the question are kept (and whose TC bit is ignored).

        Returns:
            Whether it brought an answer or a negative answer to the question.
        """
        query = self.query
        q_type, q_class = query.q_type, query.q_class
        qname = query.name.lower()
        names = self._names
        self._follow_cnames(msg.answers)
        if direct and msg.flags & TC:
            self._truncated = True
        got = False
        for record in msg.answers:
            if record.rr_class != q_class:
                continue
            owner = record.name.lower()
            if owner not in names:
                continue
            rr_type = record.rr_type
            if rr_type == NSEC and owner == qname and q_type != NSEC:
                got |= self._negative(record)
            elif rr_type in (q_type, CNAME) or q_type == ANY:
                got |= self._merge(record, owner, now)
            elif owner == qname and record.ttl:
                self._exists = True  # the name has other types
        if direct or got:
            for record in msg.additional:
                owner = record.name.lower()
                if owner == qname and record.rr_class == q_class:
                    if record.rr_type == NSEC and q_type != NSEC:
                        got |= self._negative(record)
                        continue
                    if record.ttl:
                        self._exists = True
                key = (owner, record.rr_type, record.rr_class, record.rdata_to_wire())
                additional = self._additional
                if not record.ttl:
                    additional.pop(key, None)
                elif key in additional or len(additional) < MAX_RECORDS:
                    additional[key] = record
        self.answered |= got
        return got

    def reply(self, msg_id: int) -> Message:
        """The reply the lookup completes with.

        Args:
            msg_id: the ID to give it (the first query's).

        Returns:
            NOERROR with the gathered answers (CNAMEs first in chain order, then the rest in
            arrival order) and the additional records; NOERROR without answers when the name
            exists but has no record of the type; otherwise NXDOMAIN. The question is the
            one asked, the flags QR and AA, plus TC when a direct reply was truncated.
        """
        query = self.query
        answers = self._chain()
        seen = {_key(r) for r in answers}
        additional = [r for k, r in self._additional.items() if k not in seen]
        if answers:
            rcode = NOERROR
        elif self._nsec is not None:
            rcode = NOERROR
            additional = [self._nsec, *additional]
        else:
            rcode = NOERROR if self._exists else NXDOMAIN
            if rcode == NXDOMAIN:
                additional = []
        return Message(
            id=msg_id,
            flags=QR | AA | (TC if self._truncated else 0),
            rcode=rcode,
            questions=[query],
            answers=answers,
            additional=additional,
        )

    # -- internals ----------------------------------------------------------------------------

    def _follow_cnames(self, records: list[rr.RR]) -> None:
        """Add to the owner names the targets of CNAMEs owned by names already followed (a
        walk over the CNAMEs by owner: linear in their number, whatever their order)."""
        names = self._names
        targets: dict[bytes, list[bytes]] = {}
        for r in records:
            if isinstance(r, rr.CNAME) and r.ttl:
                targets.setdefault(r.name.lower(), []).append(r.target.lower())
        todo = [n for n in targets if n in names]
        while todo:
            for target in targets.pop(todo.pop(), ()):
                if target not in names:
                    if len(names) > _MAX_ALIASES:
                        return
                    names.add(target)
                    todo.append(target)

    def _merge(self, record: rr.RR, owner: bytes, now: float) -> bool:
        rrset = (owner, record.rr_type, record.rr_class)
        key = (owner, record.rr_type, record.rr_class, record.rdata_to_wire())
        answers, rrsets = self._answers, self._rrsets
        if record.ttl == 0:  # a goodbye: the record is gone
            if answers.pop(key, None) is not None:
                self._unindex(rrset, key)
            return False
        members = rrsets.get(rrset) if record.cache_flush else None
        if members and self._flushed.get(rrset) != now:
            self._flushed[rrset] = now  # its other records of this arrival are not older
            stale = [k for k in members if answers[k][1] < now - _FLUSH_AGE]
            for k in stale:
                del answers[k]
                self._unindex(rrset, k)
        if key not in answers:
            if len(answers) >= MAX_RECORDS:
                return False  # full: ignored
            rrsets.setdefault(rrset, {})[key] = None
        answers[key] = (record, now)
        return True

    def _unindex(self, rrset: _RRset, key: _Key) -> None:
        members = self._rrsets[rrset]
        del members[key]
        if not members:
            del self._rrsets[rrset]
            self._flushed.pop(rrset, None)

    def _negative(self, record: rr.RR) -> bool:
        if not isinstance(record, rr.NSEC) or record.ttl == 0:
            return False
        if self.query.q_type in record.types:
            return False  # says the type exists: not a negative answer to this question
        self._nsec = record
        self._exists = True
        return True

    def _chain(self) -> list[rr.RR]:
        """The answers reachable from the question name, CNAMEs followed (bounded, no loops)."""
        by_owner: dict[bytes, list[rr.RR]] = {}
        for key, (record, _) in self._answers.items():
            by_owner.setdefault(key[0], []).append(record)
        out: list[rr.RR] = []
        name = self.query.name.lower()
        visited: set[bytes] = set()
        for _ in range(len(by_owner)):
            records = by_owner.get(name)
            if records is None or name in visited:
                break
            visited.add(name)
            cnames = [r for r in records if isinstance(r, rr.CNAME)]
            out.extend(cnames)
            out.extend(r for r in records if not isinstance(r, rr.CNAME))
            if not cnames:
                break
            name = cnames[0].target.lower()
        return out


def _key(record: rr.RR) -> _Key:
    return (record.name.lower(), record.rr_type, record.rr_class, record.rdata_to_wire())
