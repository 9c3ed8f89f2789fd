"""asyncdns-wire: the DNS wire codec of asyncdns. No I/O and no dependencies.

Decode with :meth:`Message.from_wire` (``Reply``), build questions with :class:`Query`, and
find every record type in :mod:`asyncdns_wire.rr`. Every error for bad input is a
:class:`WireError`; decoding network data raises only :class:`DecodeError`.
"""

from . import rr
from ._constants import *  # noqa: F403
from ._constants import __all__ as _constants_all
from ._edns import Edns
from ._edns_options import ClientSubnet, Cookie, ExtendedError, Nsid, Option, Padding
from ._errors import (
    BadLabel,
    BadPointer,
    BadRdata,
    DecodeError,
    EncodeError,
    LabelTooLong,
    NameTooLong,
    TextSyntaxError,
    TrailingData,
    TruncatedMessage,
    WireError,
)
from ._framing import StreamDecoder, frame
from ._message import Message, Reply, encode_query
from ._names import (
    ROOT,
    is_subdomain,
    name_from_text,
    name_key,
    name_to_text,
    name_to_unicode,
    name_to_wire,
    reverse_name,
)
from ._query import Query
from ._version import __version__
from ._zone import parse_zone, rr_from_text

__all__ = sorted(
    [
        *_constants_all,
        "BadLabel",
        "BadPointer",
        "BadRdata",
        "ClientSubnet",
        "Cookie",
        "DecodeError",
        "Edns",
        "EncodeError",
        "ExtendedError",
        "LabelTooLong",
        "Message",
        "NameTooLong",
        "Nsid",
        "Option",
        "Padding",
        "Query",
        "ROOT",
        "Reply",
        "StreamDecoder",
        "TextSyntaxError",
        "TrailingData",
        "TruncatedMessage",
        "WireError",
        "__version__",
        "encode_query",
        "frame",
        "is_subdomain",
        "name_from_text",
        "name_key",
        "name_to_text",
        "name_to_unicode",
        "name_to_wire",
        "parse_zone",
        "reverse_name",
        "rr",
        "rr_from_text",
    ]
)
