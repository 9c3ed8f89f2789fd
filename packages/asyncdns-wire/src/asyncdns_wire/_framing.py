"""DNS over TCP framing (RFC 1035 section 4.2.2, RFC 7766): a two-octet length before each message."""

from __future__ import annotations

from collections import deque

from ._errors import EncodeError

__all__ = ["StreamDecoder", "frame"]


def frame(message: bytes) -> bytes:
    """Prefix *message* with its length for sending over a stream.

    Raises:
        EncodeError: the message is longer than 65535 octets.
    """
    if len(message) > 0xFFFF:
        raise EncodeError("a DNS message over TCP is at most 65535 octets")
    return len(message).to_bytes(2, "big") + message


class StreamDecoder:
    """Reassembles length-prefixed messages from stream data arriving in any chunks.

    Feed it whatever the socket returned; take complete messages with :meth:`next_message` or
    :meth:`messages`. Memory stays bounded by one incomplete message (at most 65537 octets)
    plus the complete ones not yet taken.
    """

    __slots__ = ("_buf", "_ready")

    def __init__(self) -> None:
        self._buf = bytearray()
        self._ready: deque[bytes] = deque()

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Add received bytes."""
        buf = self._buf
        buf += data
        while len(buf) >= 2:
            size = (buf[0] << 8) | buf[1]
            if len(buf) < size + 2:
                break
            self._ready.append(bytes(buf[2 : size + 2]))
            del buf[: size + 2]

    def next_message(self) -> bytes | None:
        """The next complete message, or ``None`` if more data is needed."""
        return self._ready.popleft() if self._ready else None

    def messages(self) -> list[bytes]:
        """Every complete message received so far (and forget them)."""
        out = list(self._ready)
        self._ready.clear()
        return out

    @property
    def pending(self) -> int:
        """How many octets of an incomplete message are buffered."""
        return len(self._buf)
