"""The resolvers' exception tree.

::

    ResolverError
    ├── ResolutionTimeout (also TimeoutError)   no usable answer before the lookup's deadline
    ├── NoServersLeft                           the ``servers`` iterator ran dry (carries the StopIteration)
    ├── NoNameservers                           every server failed; ``errors`` says how each did
    ├── ServerFailure                           a server answered SERVFAIL/REFUSED/NOTIMP/FORMERR
    ├── LimitExceeded                           a safety limit was hit (CNAME chain, queries per lookup...)
    ├── RecursionFailure                        recursive resolution found no answer (lame/dead delegation, CNAME loop)
    ├── ResolverClosed                          the resolver was closed
    ├── NameNotFound                            the name does not exist (NXDOMAIN)
    └── NoData                                  the name exists without records of that type (NODATA)

A lookup's future completes with a :class:`~asyncdns_wire.Message` (NXDOMAIN and NODATA are
answers, not errors), fails with one of the others, or is cancelled. :class:`NameNotFound` and
:class:`NoData` are raised by the high-level helpers (``asyncdns.resolve`` and friends), which
turn those answers into errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asyncdns_wire import Rcode

from ._cache_policy import effective_ttl

if TYPE_CHECKING:
    from asyncdns_wire import Message
    from asyncdns_wire.rr import SOA

    from ._trace import Trace

__all__ = [
    "LimitExceeded",
    "NameNotFound",
    "NoData",
    "NoNameservers",
    "NoServersLeft",
    "RecursionFailure",
    "ResolutionTimeout",
    "ResolverClosed",
    "ResolverError",
    "ServerFailure",
]

Server = tuple[str, int]


class ResolverError(Exception):
    """Base class of every resolution failure."""


class ResolutionTimeout(ResolverError, TimeoutError):
    """No usable answer arrived before the lookup's deadline.

    Attributes:
        tried: the servers queried, in order, with what happened to each attempt.
    """

    def __init__(self, message: str, tried: list[tuple[Server, str]] | None = None) -> None:
        super().__init__(message)
        self.tried = list(tried or [])


class NoServersLeft(ResolverError):
    """The ``servers`` iterable was exhausted before an answer arrived.

    A future cannot hold ``StopIteration`` itself, so it is carried here.

    Attributes:
        stop: the ``StopIteration`` the iterator raised.
        errors: each server tried before, and the exception or outcome it produced (as in
            :class:`NoNameservers`).
    """

    def __init__(
        self, stop: StopIteration, errors: list[tuple[Server, BaseException]] | None = None
    ) -> None:
        self.errors = list(errors or [])
        tried = f" (tried: {_describe(self.errors)})" if self.errors else ""
        super().__init__(f"the servers iterator is exhausted{tried}")
        self.stop = stop
        self.__cause__ = stop


class ServerFailure(ResolverError):
    """A server answered with an error rcode (SERVFAIL, REFUSED, NOTIMP, FORMERR).

    Attributes:
        server: the (address, port) that answered.
        rcode: its rcode.
    """

    def __init__(self, server: Server, rcode: int) -> None:
        try:
            name = Rcode(rcode).name
        except ValueError:
            name = f"rcode {rcode}"
        super().__init__(f"{server[0]}:{server[1]} answered {name}")
        self.server = server
        self.rcode = rcode


class NoNameservers(ResolverError):
    """Every server tried failed.

    Attributes:
        errors: each server tried and the exception or outcome it produced.
    """

    def __init__(self, errors: list[tuple[Server, BaseException]]) -> None:
        super().__init__(f"all nameservers failed ({_describe(errors) or 'no server was tried'})")
        self.errors = list(errors)


class LimitExceeded(ResolverError):
    """A safety limit was reached (CNAME/DNAME chain, referral depth, queries per lookup...)."""


class RecursionFailure(ResolverError):
    """Recursive resolution could not reach an answer: every server of a delegation was lame
    (error rcode, bogus referral, non-authoritative answer) or unreachable, or a CNAME/DNAME
    chain looped. A recursive server would answer SERVFAIL here (RFC 8914 EDE 22, "No
    Reachable Authority").

    Attributes:
        zone: the zone where the walk stopped (presentation form, ``b"."`` for the root).
        name: the name being resolved there.
        servers: the servers of that zone (for a loop: the server that closed it).
        trace: the walk's trace (:class:`~asyncdns_resolvers.Trace`), when there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        zone: bytes,
        name: bytes,
        servers: list[Server] | None = None,
        trace: Trace | None = None,
    ) -> None:
        super().__init__(message)
        self.zone = zone
        self.name = name
        self.servers = list(servers or [])
        self.trace = trace


class ResolverClosed(ResolverError):
    """The resolver was closed before the lookup could start."""


class _NegativeAnswer(ResolverError):
    """What NXDOMAIN and NODATA answers have in common."""

    def __init__(
        self,
        message: str,
        *,
        qname: bytes,
        rrtype: int,
        canonical_name: bytes | None = None,
        soa: SOA | None = None,
        response: Message | None = None,
    ) -> None:
        super().__init__(message)
        self.qname = qname
        self.rrtype = rrtype
        self.canonical_name = qname if canonical_name is None else canonical_name
        self.soa = soa
        # RFC 2308 section 5: the lesser of the SOA record's TTL and its MINIMUM field; either
        # counts as 0 when its top bit is set (RFC 2181 section 8), as in the cache.
        self.negative_ttl: int | None = (
            None if soa is None else min(effective_ttl(soa.ttl), effective_ttl(soa.minimum))
        )
        self.response = response


class NameNotFound(_NegativeAnswer):
    """The name does not exist: the answer was NXDOMAIN (RFC 1035, RFC 8020).

    Args:
        message: the error text.
        qname: the name asked about (presentation form, ``bytes``).
        rrtype: the type asked for.
        canonical_name: the name that does not exist, at the end of the CNAME chain (the
            question's name when there was no alias).
        soa: the zone's SOA from the authority section, if the answer carried one.
        response: the reply itself.

    Attributes:
        qname, rrtype, canonical_name, soa, response: as given.
        negative_ttl: how long the answer may be cached (RFC 2308: the lesser of the SOA's
            TTL and its MINIMUM field, either counting as 0 when its top bit is set, RFC 2181
            section 8), or ``None`` without SOA.
    """


class NoData(_NegativeAnswer):
    """The name exists but has no records of the type asked (NOERROR without answers of that
    type: "NODATA", RFC 2308).

    Args:
        message: the error text.
        qname: the name asked about (presentation form, ``bytes``).
        rrtype: the type asked for.
        canonical_name: the name at the end of the CNAME chain, which has no such records.
        soa: the zone's SOA from the authority section, if the answer carried one.
        response: the reply itself.

    Attributes:
        qname, rrtype, canonical_name, soa, response: as given.
        negative_ttl: how long the answer may be cached (RFC 2308; a TTL or MINIMUM with its
            top bit set counts as 0, RFC 2181 section 8), or ``None`` without SOA.
    """


def _describe(errors: list[tuple[Server, BaseException]]) -> str:
    """What each server tried did, for an exception's message."""
    return "; ".join(
        str(e) if isinstance(e, ServerFailure) else f"{s[0]}:{s[1]}: {e}" for s, e in errors
    )
