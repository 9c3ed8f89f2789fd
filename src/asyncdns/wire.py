"""The codec, :mod:`asyncdns_wire`, under the ``asyncdns`` name."""

from asyncdns_wire import *
from asyncdns_wire import __all__ as __all__  # noqa: PLC0414
