"""Fuzzing the decoder: mutated real packets and random bytes either decode or raise
:class:`DecodeError`. Nothing else may escape (no IndexError, struct.error, UnicodeError,
RecursionError, or a ValueError that is not a DecodeError).

A packet that does decode must also survive being printed and re-encoded, and its re-encoding
must decode to an equal message.
"""

from __future__ import annotations

import struct

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from asyncdns_wire import DecodeError, Message

from ._corpus import CORPUS
from ._strategies import mutated_packets

PACKETS = list(CORPUS.values())


def check(data: bytes, *, mdns: bool = False) -> Message | None:
    """Decode *data*; a DecodeError is fine, anything else fails the test."""
    try:
        msg = Message.from_wire(data, mdns=mdns)
    except DecodeError as exc:
        assert 0 <= exc.offset <= len(data), exc
        return None
    str(msg)
    repr(msg)
    again = msg.to_wire()
    assert Message.from_wire(again, mdns=mdns) == msg
    uncompressed = msg.to_wire(compress=False)
    assert Message.from_wire(uncompressed, mdns=mdns) == msg
    return msg


_fuzz = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_fuzz
@given(mutated_packets(), st.booleans())
@example(PACKETS[0][:12] + b"\xc0\x0c" * 3, False)
def test_mutated_corpus_decodes_or_raises_decode_error(data: bytes, mdns: bool) -> None:
    check(data, mdns=mdns)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=512))
def test_random_bytes(data: bytes) -> None:
    check(data)


_small_counts = st.tuples(*[st.integers(0, 4)] * 4)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), _small_counts, st.binary(max_size=300))
def test_random_bodies_behind_plausible_headers(
    msg_id: int, word: int, counts: tuple[int, int, int, int], body: bytes
) -> None:
    check(struct.pack(">HH", msg_id, word) + struct.pack(">HHHH", *counts) + body)


@pytest.mark.parametrize("packet", PACKETS, ids=list(CORPUS))
def test_every_truncation_is_a_decode_error(packet: bytes) -> None:
    for cut in range(len(packet)):
        with pytest.raises(DecodeError):
            Message.from_wire(packet[:cut])


@pytest.mark.parametrize("packet", PACKETS, ids=list(CORPUS))
def test_every_single_octet_change(packet: bytes) -> None:
    for pos in range(len(packet)):
        for value in (0x00, 0x3F, 0xC0, 0xFF, packet[pos] ^ 0x20):
            changed = packet[:pos] + bytes([value]) + packet[pos + 1 :]
            check(changed, mdns=value == 0xFF)


@pytest.mark.parametrize("packet", PACKETS, ids=list(CORPUS))
def test_corpus_packets_decode(packet: bytes) -> None:
    assert check(packet) is not None
