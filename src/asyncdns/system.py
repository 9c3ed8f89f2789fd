"""The system resolvers, :mod:`asyncdns_system`, under the ``asyncdns`` name."""

from asyncdns_system import *
from asyncdns_system import __all__ as __all__  # noqa: PLC0414
