"""The resolvers, :mod:`asyncdns_resolvers`, under the ``asyncdns`` name."""

from asyncdns_resolvers import *
from asyncdns_resolvers import __all__ as __all__  # noqa: PLC0414
