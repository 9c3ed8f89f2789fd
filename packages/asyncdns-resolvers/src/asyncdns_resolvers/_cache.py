"""The resolver's reply cache: bounded LRU, TTL countdown, RFC 2308 negative caching and
RFC 8767 serve-stale.

The cache is pure: no asyncio and no clock reads. Every call takes ``now``, a monotonic time in
seconds (``loop.time()``). Which replies are cached, and for how long, is decided by
:func:`~asyncdns_resolvers._cache_policy.plan_reply`.

Serve-stale (RFC 8767) only falls back on data for which there is no newer answer: a final
answer (NOERROR or NXDOMAIN, not truncated, opcode QUERY) that may not be cached itself (an
NXDOMAIN or NODATA without SOA, an answer with TTL 0...) drops the entry it supersedes, so the
old data cannot come back stale later; any other reply that may not be cached (SERVFAIL,
REFUSED, a truncated reply...) leaves the entry in place.

Copies: :meth:`ReplyCache.put` stores its own copies of the reply's records, so the caller
may go on using (and mutating) the reply it stored, and the stored originals are never handed
out. :meth:`ReplyCache.get` returns a new :class:`~asyncdns_wire.Message` with new section
lists; its records are copies with their TTLs counted down, made once per second of the entry's
age and shared by the hits in that second, and its :class:`~asyncdns_wire.Edns` is shared too:
callers treat them as read-only. The copies are shallow: the :class:`~asyncdns_wire.Query`
objects, EDNS options and record field values (bytes, ints, tuples...) are immutable values.
Records are copied by functions generated per class (:mod:`._clone`), not ``copy.copy``, which
would make a hit several times slower.
"""

from __future__ import annotations

import heapq
import math
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from asyncdns_wire import Edns, Message, Query
from asyncdns_wire.rr import AAAA, RR, A

from ._cache_policy import effective_ttl, is_final, plan_reply
from ._clone import RecordCloner, clone_function, record_cloner

__all__ = ["ReplyCache"]

_ADDRESS_TYPES = (A, AAAA)
_MAX_TTL = 0x7FFFFFFF  # RFC 2181 section 8
_new_message = Message.__new__
_clone_edns: Callable[[Edns], Edns] = clone_function(Edns)

# A cached record: its copier, a private copy of it, and its TTL when stored (clamped).
_Stored = tuple[RecordCloner, RR, int]


class _Entry:
    __slots__ = (
        "additional",
        "answers",
        "authorities",
        "count",
        "edns",
        "expires",
        "flags",
        "id",
        "opcode",
        "questions",
        "rcode",
        "seq",
        "snap",
        "snap_from",
        "snap_until",
        "stored",
    )

    expires: float
    stored: float
    seq: int
    id: int
    flags: int
    opcode: int
    rcode: int
    questions: tuple[Query, ...]
    answers: tuple[_Stored, ...]
    authorities: tuple[_Stored, ...]
    additional: tuple[_Stored, ...]
    edns: Edns | None
    #: The records with their TTLs counted down by the entry's age in whole seconds, and a
    #: copy of the EDNS, for hits at times in [snap_from, snap_until): hits within that second
    #: share these objects (each hit still gets its own Message and lists).
    snap_from: float
    snap_until: float
    snap: tuple[list[RR], list[RR], list[RR], Edns | None] | None
    #: How many records the entry holds (for the cache's record budget).
    count: int


def _counted_down(section: tuple[_Stored, ...], age: int) -> list[RR]:
    return [c(r, t - age if t > age else 0) for c, r, t in section]


def _fixed_ttl(section: tuple[_Stored, ...], ttl: int) -> list[RR]:
    return [c(r, ttl) for c, r, _ in section]


def _store(
    records: Sequence[RR], min_ttl: int, max_ttl: int, fixed_index: int = -1, fixed_ttl: int = 0
) -> tuple[_Stored, ...]:
    """Private copies of *records*, TTLs clamped, except the one at *fixed_index*."""
    out = []
    for index, record in enumerate(records):
        cloner = record_cloner(type(record))
        if index == fixed_index:
            ttl = fixed_ttl
        else:
            ttl = min(max(effective_ttl(record.ttl), min_ttl), max_ttl)
        stored = cloner(record, ttl)
        if isinstance(stored, _ADDRESS_TYPES):
            # Decoded addresses are built on first read: build this one now, so that every
            # hit's copy shares it instead of building its own.
            stored.address  # noqa: B018
        out.append((cloner, stored, ttl))
    return tuple(out)


def _check_int(name: str, value: Any, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not 0 <= value <= maximum:
        raise ValueError(f"{name} must be in 0..{maximum}, not {value}")
    return value


class ReplyCache:
    """A bounded cache of DNS replies with TTL countdown, negative caching and serve-stale.

    Entries are kept in least-recently-used order; when a new key would exceed
    *max_entries*, an expired entry is evicted if there is one, else the least recently used.
    Expired entries are also dropped when a lookup finds them (unless they may still be
    served stale).

    Args:
        max_entries: the most entries kept (0 disables caching).
        max_records: the most records kept over all entries, so that a hostile server cannot
            fill memory with huge answers; a reply holding more than an eighth of this
            budget is not cached at all.
        min_ttl: the shortest lifetime of a cached reply, in seconds; above 0 it also lets
            replies with TTL 0 be cached.
        max_ttl: the longest lifetime of a cached reply, in seconds.
        max_negative_ttl: the longest lifetime of an NXDOMAIN or NODATA reply, in seconds
            (also bounded by *max_ttl*).
        stale_ttl: how long after expiry :meth:`get_stale` may still return an entry, in
            seconds (RFC 8767); 0 disables serve-stale.
        stale_answer_ttl: the TTL of every record in a stale answer (RFC 8767 suggests 30).

    Attributes:
        hits: :meth:`get` calls that returned a reply.
        misses: :meth:`get` calls that returned ``None``.
        stale_hits: :meth:`get_stale` calls that returned a reply.

    Raises:
        TypeError: an argument that is not an int (a number, for *stale_ttl*).
        ValueError: a negative or too large argument, or *min_ttl* above *max_ttl*.
    """

    __slots__ = (
        "_entries",
        "_heap",
        "_max_entries",
        "_max_negative_ttl",
        "_max_records",
        "_max_ttl",
        "_min_ttl",
        "_records",
        "_seq",
        "_stale_answer_ttl",
        "_stale_ttl",
        "hits",
        "misses",
        "stale_hits",
    )

    def __init__(
        self,
        *,
        max_entries: int = 10_000,
        max_records: int = 100_000,
        min_ttl: int = 0,
        max_ttl: int = 86_400,
        max_negative_ttl: int = 3_600,
        stale_ttl: float = 0.0,
        stale_answer_ttl: int = 30,
    ) -> None:
        self._max_entries = _check_int("max_entries", max_entries, 2**63 - 1)
        self._max_records = _check_int("max_records", max_records, 2**63 - 1)
        self._records = 0
        self._min_ttl = _check_int("min_ttl", min_ttl, _MAX_TTL)
        self._max_ttl = _check_int("max_ttl", max_ttl, _MAX_TTL)
        self._max_negative_ttl = _check_int("max_negative_ttl", max_negative_ttl, _MAX_TTL)
        self._stale_answer_ttl = _check_int("stale_answer_ttl", stale_answer_ttl, _MAX_TTL)
        if min_ttl > max_ttl:
            raise ValueError(f"min_ttl ({min_ttl}) is above max_ttl ({max_ttl})")
        if not isinstance(stale_ttl, (int, float)) or isinstance(stale_ttl, bool):
            raise TypeError(f"stale_ttl must be a number, not {type(stale_ttl).__name__}")
        if not (math.isfinite(stale_ttl) and stale_ttl >= 0):
            raise ValueError(f"stale_ttl must be a finite number of seconds >= 0, not {stale_ttl}")
        self._stale_ttl = float(stale_ttl)
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        # (expires, seq, key) for every entry, plus leftovers of replaced or dropped entries
        # (their seq no longer matches), pruned lazily and compacted when they pile up.
        self._heap: list[tuple[float, int, Hashable]] = []
        self._seq = 0
        self.hits = 0
        self.misses = 0
        self.stale_hits = 0

    def __len__(self) -> int:
        """The number of entries held, including expired ones not yet dropped."""
        return len(self._entries)

    def __repr__(self) -> str:
        return (
            f"<ReplyCache entries={len(self._entries)}/{self._max_entries} "
            f"hits={self.hits} misses={self.misses} stale_hits={self.stale_hits}>"
        )

    def get(self, key: Hashable, now: float) -> Message | None:
        """The fresh reply cached under *key*, with its TTLs counted down to *now*.

        A hit makes the entry the most recently used. Every record's TTL is reduced by the whole
        seconds since it was stored (never below 0); an answer is never returned with TTL 0.

        Args:
            key: the cache key (the resolver's query key).
            now: the current monotonic time, in seconds.

        Returns:
            A new message with its own section lists, or ``None`` when nothing fresh is cached.
            Its records (and its EDNS) are shared with other hits in the same second: treat them
            as read-only (the stored originals are never handed out, so the cache itself cannot
            be changed through them).
        """
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        if now >= entry.expires:
            if now >= entry.expires + self._stale_ttl:
                self._drop(key)
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        snap = entry.snap
        if snap is None or not entry.snap_from <= now < entry.snap_until:
            stored = entry.stored
            age = int(now - stored) if now > stored else 0  # never count up if time went back
            snap = entry.snap = (
                [c(r, t - age if t > age else 0) for c, r, t in entry.answers],
                _counted_down(entry.authorities, age) if entry.authorities else [],
                _counted_down(entry.additional, age) if entry.additional else [],
                _edns_copy(entry),
            )
            entry.snap_from = stored + age if now > stored else now
            entry.snap_until = stored + age + 1
        # [*x] builds a list without the slice object that x[:] needs: a hit is that much cheaper.
        return _message(entry, [*snap[0]], [*snap[1]], [*snap[2]], snap[3])

    def age(self, key: Hashable, now: float) -> float | None:
        """How long ago the entry under *key* was stored (for traces; no LRU effect).

        Args:
            key: the cache key.
            now: the current monotonic time, in seconds.

        Returns:
            Its age in seconds (never negative), or ``None`` when nothing is cached there.
        """
        entry = self._entries.get(key)
        if entry is None:
            return None
        return max(now - entry.stored, 0.0)

    def get_stale(self, key: Hashable, now: float) -> Message | None:
        """An expired reply still within ``stale_ttl`` seconds of its expiry (RFC 8767).

        For the resolver to fall back on when it cannot get a fresh reply. A fresh entry is not
        returned (use :meth:`get`); every record of a stale one carries ``stale_answer_ttl``.
        A hit makes the entry the most recently used; entries past the stale window are dropped.

        Args:
            key: the cache key.
            now: the current monotonic time, in seconds.

        Returns:
            A new, independent message, or ``None`` (always when ``stale_ttl`` is 0).
        """
        if not self._stale_ttl:
            return None
        entry = self._entries.get(key)
        if entry is None or now < entry.expires:
            return None
        if now >= entry.expires + self._stale_ttl:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        self.stale_hits += 1
        ttl = self._stale_answer_ttl
        return _message(
            entry,
            _fixed_ttl(entry.answers, ttl),
            _fixed_ttl(entry.authorities, ttl),
            _fixed_ttl(entry.additional, ttl),
            _edns_copy(entry),
        )

    def put(self, key: Hashable, reply: Message, now: float) -> bool:
        """Cache *reply* under *key* if it may be cached (see :mod:`._cache_policy`).

        The cache keeps its own copies of the records. A final answer (NOERROR or NXDOMAIN,
        not truncated, opcode QUERY) that may not be cached (NXDOMAIN or NODATA without SOA, TTL
        0, too many records) drops any entry already under *key*: it supersedes the old data,
        which must not be served stale afterwards (RFC 8767). Any other reply that may not be
        cached (SERVFAIL, REFUSED, truncated...) leaves the entry in place (it may still serve
        stale).

        Args:
            key: the cache key (the resolver's query key).
            reply: the reply, as received.
            now: the current monotonic time, in seconds.

        Returns:
            Whether the reply was stored.
        """
        if not self._max_entries:
            return False
        plan = plan_reply(
            reply,
            min_ttl=self._min_ttl,
            max_ttl=self._max_ttl,
            max_negative_ttl=self._max_negative_ttl,
        )
        count = len(reply.answers) + len(reply.authorities) + len(reply.additional)
        if plan is None or count > self._max_records // 8:
            if is_final(reply):
                self._drop(key)  # the old data is superseded: never serve it stale
            return False
        min_ttl, max_ttl = self._min_ttl, self._max_ttl
        entry = _Entry()
        entry.stored = now
        entry.expires = now + plan.lifetime
        self._seq += 1
        entry.seq = self._seq
        entry.id = reply.id
        entry.flags = reply.flags
        entry.opcode = reply.opcode
        entry.rcode = reply.rcode
        entry.questions = tuple(reply.questions)
        entry.answers = _store(reply.answers, min_ttl, max_ttl)
        # RFC 2308 section 5: a negative reply's SOA carries the negative lifetime as its TTL.
        entry.authorities = _store(
            reply.authorities, min_ttl, max_ttl, plan.soa_index, plan.lifetime
        )
        entry.additional = _store(reply.additional, min_ttl, max_ttl)
        entry.edns = None if reply.edns is None else _clone_edns(reply.edns)
        entry.snap_from = entry.snap_until = now
        entry.snap = None
        entry.count = count
        entries = self._entries
        self._drop(key)
        while entries and (
            len(entries) >= self._max_entries or self._records + count > self._max_records
        ):
            self._evict_one(now)
        entries[key] = entry
        self._records += count
        heap = self._heap
        heapq.heappush(heap, (entry.expires, entry.seq, key))
        if len(heap) > 2 * len(entries) + 64:
            self._compact()
        return True

    def flush(self) -> None:
        """Drop every entry (the counters are kept)."""
        self._entries.clear()
        self._heap.clear()
        self._records = 0

    @property
    def records(self) -> int:
        """How many records the cached entries hold."""
        return self._records

    def _drop(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._records -= entry.count

    def _evict_one(self, now: float) -> None:
        """Drop the entry that expired first if it has expired, else the least recently used."""
        entries, heap = self._entries, self._heap
        while heap:
            expires, seq, key = heap[0]
            entry = entries.get(key)
            if entry is None or entry.seq != seq:
                heapq.heappop(heap)  # a leftover of a replaced or dropped entry
                continue
            if expires <= now:
                heapq.heappop(heap)
                self._drop(key)
                return
            break
        _, oldest = entries.popitem(last=False)
        self._records -= oldest.count

    def _compact(self) -> None:
        """Rebuild the expiry heap from the live entries, dropping the leftovers."""
        self._heap = [(e.expires, e.seq, k) for k, e in self._entries.items()]
        heapq.heapify(self._heap)


def _edns_copy(entry: _Entry) -> Edns | None:
    return None if entry.edns is None else _clone_edns(entry.edns)


def _message(
    entry: _Entry,
    answers: list[RR],
    authorities: list[RR],
    additional: list[RR],
    edns: Edns | None,
) -> Message:
    msg = _new_message(Message)
    msg.id = entry.id
    msg.flags = entry.flags
    msg.opcode = entry.opcode
    msg.rcode = entry.rcode
    msg.questions = [*entry.questions]
    msg.answers = answers
    msg.authorities = authorities
    msg.additional = additional
    msg.edns = edns
    return msg
