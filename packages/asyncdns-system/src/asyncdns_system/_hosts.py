"""The :class:`HostsResolver`: answers A, AAAA and PTR queries from the hosts file
(asyncdns 0.1 section 2.3.2)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import sys
import time
from collections.abc import Callable, Mapping

from asyncdns_resolvers import Trace
from asyncdns_resolvers._lifecycle import Closing, closed_future, lookup_loop
from asyncdns_resolvers._trace_arg import checked_trace
from asyncdns_wire import AAAA, ANY, IN, NOERROR, NXDOMAIN, PTR, Flag, Message, Query, rr
from asyncdns_wire import A as TYPE_A

from ._hosts_table import HostsTable, parse_hosts
from ._paths import hosts_path
from ._pending import Pending
from ._reverse import address_from_reverse, is_reverse_name
from ._tracing import note_reply

__all__ = ["HostsResolver"]

_FLAGS = Flag.QR | Flag.AA | Flag.RD | Flag.RA
_Stamp = tuple[int, int, int, int] | None
_MAX_BYTES = 16 << 20  # of the hosts file read (ad-blocking lists run to a few MiB)


def _read(path: str, old: _Stamp, localhost: bool) -> tuple[_Stamp, HostsTable | None]:
    """(Executor thread.) The file's stamp, and its parsed table if the stamp changed."""
    try:
        st = os.stat(path)
    except OSError:  # gone (or never there): only the RFC 6761 names remain
        return None, (None if old is None else parse_hosts("", localhost=localhost))
    stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if stamp == old:
        return stamp, None
    with open(path, "rb") as f:
        data = f.read(_MAX_BYTES + 1)
    cut = len(data) > _MAX_BYTES
    if cut:  # read the whole lines that fit, never a name cut in two
        data = data[: data.rfind(b"\n", 0, _MAX_BYTES) + 1]
    table = parse_hosts(data.decode("utf-8", "replace"), localhost=localhost)
    if cut:
        lines = data.count(b"\n")
        table.warnings.append(
            f"{path} is larger than {_MAX_BYTES >> 20} MiB: only its first {lines} lines were read"
        )
    return stamp, table


class HostsResolver(Closing):
    """Resolves names from the hosts file (``/etc/hosts``; on Windows
    ``%SystemRoot%\\System32\\drivers\\etc\\hosts``).

    Only A, AAAA and PTR (and ANY) queries in class IN are answered; PTR queries use the
    ``in-addr.arpa`` and ``ip6.arpa`` names of the file's addresses. ``localhost`` follows RFC
    6761 when the file lacks it. The file is re-read when it changed, but it is examined at
    most once every *interval* seconds, and always in an executor thread, never on the event
    loop.

    **"Not here".** :meth:`resolve` and :meth:`answer` return ``None`` when the file has
    nothing to say about a query: the name is not in it, or the type is not one the file can
    answer (MX for a name the file lists still belongs to DNS). That is the signal
    :class:`~asyncdns_system.SmartResolver` falls through on. :meth:`lookup` (the asyncdns 0.1
    API) turns it into a reply: NXDOMAIN without SOA when the name is not in the file,
    NOERROR without answers otherwise. A NXDOMAIN from this resolver always means "not here",
    because the file itself never denies a name. A name the file lists but without an address
    of the family asked for is NODATA (NOERROR, no answers): the file overrides DNS for it.

    Args:
        path: the hosts file; default ``$ASYNCDNS_HOSTS`` if set, else the platform's.
        env: the environment used to locate the default file (``ASYNCDNS_HOSTS``,
            ``SystemRoot``); default the process environment.
        platform: a ``sys.platform`` value; default the running one.
        ttl: the TTL of the records in replies.
        interval: seconds between two examinations of the file.
        clock: a monotonic clock in seconds (injectable for tests).
        localhost: apply RFC 6761 to ``localhost`` names.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        platform: str | None = None,
        ttl: int = 30,
        interval: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        localhost: bool = True,
    ) -> None:
        if path is None:
            path = hosts_path(os.environ if env is None else env, platform or sys.platform)
        if not 0 <= ttl <= 0x7FFFFFFF:
            raise ValueError("ttl must be in 0..2147483647")
        if interval < 0:
            raise ValueError("interval must not be negative")
        self.path = os.fspath(path)
        self.ttl = ttl
        self.interval = interval
        self._clock = clock
        self._localhost = localhost
        self._table = parse_hosts("", localhost=localhost)
        self._stamp: _Stamp = None
        self._loaded = False
        self._next_check = 0.0
        self._refreshing: asyncio.Future[bool] | None = None
        self._tasks = Pending()
        self._closed = False
        #: The error of the last examination of the file, if it failed.
        self.last_error: BaseException | None = None

    # -- the asyncdns 0.1 API -----------------------------------------------------------------

    def lookup(self, query: Query, *, trace: Trace | None = None) -> asyncio.Future[Message]:
        """Answer *query* from the hosts file.

        Args:
            query: the :class:`~asyncdns_wire.Query`.
            trace: a :class:`~asyncdns_resolvers.Trace` to record the reply in (a
                :attr:`~asyncdns_resolvers.TraceEvent.REPLY` with transport ``"hosts"``).

        Returns:
            A future completing with a reply: the file's answer; NXDOMAIN (no SOA) for a name
            the file does not hold; NOERROR without answers for a type the file cannot
            answer. It completes at once unless the file is due for a check.

        Raises:
            TypeError: *query* is not a :class:`~asyncdns_wire.Query`.
        """
        if not isinstance(query, Query):
            raise TypeError(f"query must be an asyncdns Query, not {type(query).__name__}")
        if trace is not None:
            checked_trace(trace)
        loop = lookup_loop()
        if self._closed:
            return closed_future(loop)
        if not self.refresh_due():
            fut: asyncio.Future[Message] = loop.create_future()
            fut.set_result(self._reply_for(query, trace))
            return fut
        return self._tasks.task(loop, self._lookup(query, trace))

    async def _lookup(self, query: Query, trace: Trace | None) -> Message:
        await self.refresh()
        return self._reply_for(query, trace)

    def _reply_for(self, query: Query, trace: Trace | None = None) -> Message:
        reply = self.answer(query)
        detail = self.path
        if reply is None:
            rcode = NOERROR if self.holds(query.name) else NXDOMAIN
            reply = Message(id=0, flags=_FLAGS & ~Flag.AA, rcode=rcode, questions=[query])
            detail = f"{self.path}: not here"
        if trace is not None:
            note_reply(trace, query, reply, "hosts", detail)
        return reply

    def close(self) -> None:
        """Cancel lookups waiting for the file. Idempotent."""
        self._closed = True
        self._tasks.cancel()

    # -- "not here" and the table -------------------------------------------------------------

    async def resolve(self, query: Query) -> Message | None:
        """Examine the file if it is due, then :meth:`answer`.

        Args:
            query: the :class:`~asyncdns_wire.Query`.

        Returns:
            The reply, or ``None`` when the file has nothing to say ("not here").
        """
        if self.refresh_due():
            await self.refresh()
        return self.answer(query)

    def answer(self, query: Query) -> Message | None:
        """The hosts file's reply to *query* as last read, without touching the disk.

        Args:
            query: the :class:`~asyncdns_wire.Query`.

        Returns:
            A NOERROR reply (AA set) with the answers (possibly none: NODATA), or ``None``
            when the file has nothing to say about it.
        """
        if query.q_class not in (IN, ANY):
            return None
        name, q_type, table, ttl = query.name, query.q_type, self._table, self.ttl
        if is_reverse_name(name):
            if q_type not in (PTR, ANY):
                return None
            address = address_from_reverse(name)
            target = table.name_for(address) if address is not None else None
            if target is None:
                return None
            answers: list[rr.RR] = [rr.PTR(name, ttl, target)]
        else:
            addresses = table.addresses(name)
            if addresses is None:
                return None
            if q_type == TYPE_A:
                answers = [
                    rr.A(name, ttl, a) for a in addresses if isinstance(a, ipaddress.IPv4Address)
                ]
            elif q_type == AAAA:
                answers = [
                    rr.AAAA(name, ttl, a) for a in addresses if isinstance(a, ipaddress.IPv6Address)
                ]
            elif q_type == ANY:
                answers = [
                    rr.A(name, ttl, a) if a.version == 4 else rr.AAAA(name, ttl, a)
                    for a in addresses
                ]
            elif table.is_localhost(name):
                answers = []  # RFC 6761: localhost names never go to DNS
            else:
                return None
        return Message(id=0, flags=_FLAGS, rcode=NOERROR, questions=[query], answers=answers)

    def holds(self, name: bytes) -> bool:
        """Whether the file (as last read) lists *name*, or maps the address *name* reverses.

        Args:
            name: a presentation-form name.

        Returns:
            ``True`` if the file knows the name.
        """
        if is_reverse_name(name):
            address = address_from_reverse(name)
            return address is not None and self._table.name_for(address) is not None
        return self._table.addresses(name) is not None

    @property
    def table(self) -> HostsTable:
        """The hosts table as last read."""
        return self._table

    def refresh_due(self) -> bool:
        """Whether the next query should examine the file first."""
        return not self._loaded or self._clock() >= self._next_check

    async def refresh(self) -> bool:
        """Examine the file now (in an executor thread) and re-read it if it changed.

        Concurrent callers share one examination. A file that disappears leaves only the RFC
        6761 names; a file that cannot be read keeps the previous table (the error is kept in
        :attr:`last_error`).

        Returns:
            Whether the table changed.
        """
        return await asyncio.shield(self._start_refresh(asyncio.get_running_loop()))

    def _start_refresh(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[bool]:
        if self._refreshing is not None:
            return self._refreshing
        self._next_check = self._clock() + self.interval
        result: asyncio.Future[bool] = loop.create_future()
        job = loop.run_in_executor(None, _read, self.path, self._stamp, self._localhost)

        def done(job: asyncio.Future[tuple[_Stamp, HostsTable | None]]) -> None:
            self._refreshing = None
            self._loaded = True
            changed = False
            if job.cancelled():
                pass
            elif (exc := job.exception()) is not None:
                self.last_error = exc
            else:
                self._stamp, table = job.result()
                self.last_error = None
                if table is not None:
                    self._table, changed = table, True
            if not result.done():
                result.set_result(changed)

        job.add_done_callback(done)
        self._refreshing = result
        return result
