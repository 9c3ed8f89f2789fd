"""The error asyncdns-system adds to the resolvers' tree.

::

    ResolverError (asyncdns_resolvers)
    └── SystemConfigError      the OS configuration could not be read (or this OS has no backend)
"""

from __future__ import annotations

from asyncdns_resolvers import ResolverError

__all__ = ["SystemConfigError"]


class SystemConfigError(ResolverError):
    """The operating system's DNS configuration could not be read or used.

    Parsers never raise it for a bad line (they skip the line and record a warning, as the C
    libraries do); it means a whole source failed: an unreadable file, a failing OS call, a
    platform without a backend.

    Attributes:
        source: what failed (a path, ``"SCDynamicStore"``, ``"GetAdaptersAddresses"``...).
        detail: the raw text or line involved, when there is one.
    """

    def __init__(self, message: str, *, source: str = "", detail: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.detail = detail
