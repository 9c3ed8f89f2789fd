"""DNS over TCP framing: ``frame`` and ``StreamDecoder``, fed the way h11's tests feed their
readers: whole, one byte at a time, and followed by the start of the next message."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import EncodeError, Message, Query, StreamDecoder, encode_query, frame

from ._corpus import CORPUS

MESSAGES = [
    encode_query(Query("example.com", 1), 1),
    *CORPUS.values(),
    b"",  # a zero-length frame is a frame
    b"\xab" * 65535,  # the largest
]


def test_frame() -> None:
    assert frame(b"") == b"\x00\x00"
    assert frame(b"abc") == b"\x00\x03abc"
    assert frame(b"x" * 0x1234)[:2] == b"\x12\x34"
    assert frame(b"x" * 65535)[:2] == b"\xff\xff"
    with pytest.raises(EncodeError):
        frame(b"x" * 65536)


def whole(data: bytes) -> Iterator[bytes]:
    yield data


def byte_at_a_time(data: bytes) -> Iterator[bytes]:
    for i in range(len(data)):
        yield data[i : i + 1]


def in_odd_chunks(data: bytes) -> Iterator[bytes]:
    sizes = [1, 2, 3, 7, 500, 1]
    pos = 0
    i = 0
    while pos < len(data):
        size = sizes[i % len(sizes)]
        yield data[pos : pos + size]
        pos += size
        i += 1


FEEDERS = [whole, byte_at_a_time, in_odd_chunks]


def _feed(decoder: StreamDecoder, chunks: Iterator[bytes]) -> list[bytes]:
    out = []
    for chunk in chunks:
        decoder.feed(chunk)
        while (msg := decoder.next_message()) is not None:
            out.append(msg)
    return out


@pytest.mark.parametrize("feeder", FEEDERS)
def test_one_message(feeder: Callable[[bytes], Iterator[bytes]]) -> None:
    for message in MESSAGES[:-1]:  # byte at a time over 64 KiB is slow for nothing
        decoder = StreamDecoder()
        assert _feed(decoder, feeder(frame(message))) == [message]
        assert decoder.pending == 0
        assert decoder.next_message() is None


@pytest.mark.parametrize("feeder", FEEDERS)
def test_many_messages_back_to_back(feeder: Callable[[bytes], Iterator[bytes]]) -> None:
    stream = b"".join(frame(m) for m in MESSAGES[:-1])
    decoder = StreamDecoder()
    assert _feed(decoder, feeder(stream)) == MESSAGES[:-1]
    assert decoder.pending == 0


@pytest.mark.parametrize("feeder", FEEDERS)
def test_trailing_partial_data_is_kept(feeder: Callable[[bytes], Iterator[bytes]]) -> None:
    first, second = MESSAGES[0], MESSAGES[1]
    partial = frame(second)[:7]
    decoder = StreamDecoder()
    assert _feed(decoder, feeder(frame(first) + partial)) == [first]
    assert decoder.pending == len(partial)
    decoder.feed(frame(second)[7:])
    assert decoder.next_message() == second
    assert decoder.pending == 0


def test_only_one_length_octet() -> None:
    decoder = StreamDecoder()
    decoder.feed(b"\x00")
    assert decoder.next_message() is None
    assert decoder.pending == 1
    decoder.feed(b"\x02ab")
    assert decoder.messages() == [b"ab"]


def test_largest_message() -> None:
    decoder = StreamDecoder()
    data = frame(MESSAGES[-1])
    decoder.feed(data[:40000])
    assert decoder.next_message() is None
    decoder.feed(data[40000:])
    assert decoder.next_message() == MESSAGES[-1]


def test_messages_takes_everything_ready() -> None:
    decoder = StreamDecoder()
    decoder.feed(frame(b"one") + frame(b"two") + frame(b"thr"))
    assert decoder.messages() == [b"one", b"two", b"thr"]
    assert decoder.messages() == []
    assert decoder.next_message() is None


def test_feeding_nothing_changes_nothing() -> None:
    decoder = StreamDecoder()
    decoder.feed(b"")
    assert decoder.pending == 0
    assert decoder.next_message() is None
    decoder.feed(b"\x00\x01")
    decoder.feed(b"")
    assert decoder.pending == 2


def test_accepts_bytearray_and_memoryview() -> None:
    decoder = StreamDecoder()
    decoder.feed(bytearray(frame(b"ab")))
    decoder.feed(memoryview(frame(b"cd")))
    assert decoder.messages() == [b"ab", b"cd"]


def test_framed_replies_decode() -> None:
    decoder = StreamDecoder()
    for chunk in byte_at_a_time(b"".join(frame(m) for m in CORPUS.values())):
        decoder.feed(chunk)
    decoded = [Message.from_wire(m) for m in decoder.messages()]
    assert decoded == [Message.from_wire(m) for m in CORPUS.values()]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.binary(max_size=300), max_size=8),
    st.lists(st.integers(1, 64), min_size=1, max_size=20),
)
def test_any_chunking(messages: list[bytes], sizes: list[int]) -> None:
    stream = b"".join(frame(m) for m in messages)
    decoder = StreamDecoder()
    got: list[bytes] = []
    pos = 0
    i = 0
    while pos < len(stream):
        size = sizes[i % len(sizes)]
        decoder.feed(stream[pos : pos + size])
        got.extend(decoder.messages())
        pos += size
        i += 1
    assert got == messages
    assert decoder.pending == 0
