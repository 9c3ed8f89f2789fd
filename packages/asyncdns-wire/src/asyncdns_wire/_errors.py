"""The codec's exception family.

Everything the codec raises for bad input is a :class:`WireError`::

    WireError (ValueError)
    ├── DecodeError              bytes from a peer are malformed; carries ``offset``
    │   ├── TruncatedMessage     the data ends before the message does
    │   ├── TrailingData         bytes left over after the last record
    │   ├── BadPointer           a compression pointer points forward, loops or is out of range
    │   ├── BadLabel             a reserved label type (0x40/0x80)
    │   ├── LabelTooLong         a label of more than 63 octets
    │   ├── NameTooLong          a name of more than 255 octets on the wire
    │   └── BadRdata             RDATA that does not fit its type; carries ``rr_type``
    ├── EncodeError              a value cannot be put on the wire (e.g. message too large)
    └── TextSyntaxError          presentation (zone-file) text that does not parse

Decoding a message from the network raises :class:`DecodeError` (or a subclass) and nothing
else: any other exception escaping :func:`asyncdns_wire.Message.from_wire` is a bug.
``WireError`` derives from :class:`ValueError`, so callers that already catch ``ValueError``
keep working. Bad arguments from callers (a wrong type, an out-of-range integer) raise plain
:class:`TypeError` or :class:`ValueError`.
"""

from __future__ import annotations

__all__ = [
    "BadLabel",
    "BadPointer",
    "BadRdata",
    "DecodeError",
    "EncodeError",
    "LabelTooLong",
    "NameTooLong",
    "TextSyntaxError",
    "TrailingData",
    "TruncatedMessage",
    "WireError",
]


class WireError(ValueError):
    """Base class of every error the codec raises for bad input."""


class DecodeError(WireError):
    """Bytes received from a peer are not a valid DNS message.

    Attributes:
        offset: the byte offset in the message at which the problem was found.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(f"{message} (at offset {offset})")
        self.reason = message
        self.offset = offset


class TruncatedMessage(DecodeError):
    """The data ends before the message (or a record, or a name) does."""


class TrailingData(DecodeError):
    """Bytes remain after the last record the header's counts announce."""


class BadPointer(DecodeError):
    """A compression pointer points forward, into itself, or outside the message."""


class BadLabel(DecodeError):
    """A label uses a reserved or obsolete label type (the 0x40 and 0x80 forms)."""


class LabelTooLong(DecodeError):
    """A label is longer than 63 octets."""


class NameTooLong(DecodeError):
    """A domain name is longer than 255 octets in wire form."""


class BadRdata(DecodeError):
    """The RDATA of a record does not match the format of its type.

    Attributes:
        rr_type: the numeric type of the offending record.
    """

    def __init__(self, message: str, offset: int = 0, rr_type: int = 0) -> None:
        super().__init__(message, offset)
        self.rr_type = rr_type


class EncodeError(WireError):
    """A value cannot be encoded (for example a message larger than ``max_size``)."""


class TextSyntaxError(WireError):
    """Presentation-format text does not parse.

    Attributes:
        text: the offending text (a line or a token).
    """

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(f"{message}: {text!r}" if text else message)
        self.reason = message
        self.text = text
