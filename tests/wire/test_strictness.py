"""Malformed input: every case raises the documented :class:`DecodeError` subclass, with an
offset that points at the problem, and nothing takes long."""

from __future__ import annotations

import struct
import time

import pytest

from asyncdns_wire import (
    BadLabel,
    BadPointer,
    BadRdata,
    DecodeError,
    Message,
    NameTooLong,
    TrailingData,
    TruncatedMessage,
    WireError,
    rr,
)

from ._packets import HEADER, RR_HEAD

QUESTION = b"\x07example\x03com\x00\x00\x01\x00\x01"  # at offset 12, 17 octets
AFTER_QUESTION = 12 + len(QUESTION)  # 29


def header(qd: int = 0, an: int = 0, ns: int = 0, ar: int = 0) -> bytes:
    return HEADER.pack(0x4242, 0x8180, qd, an, ns, ar)


def record(
    rr_type: int, rdata: bytes, owner: bytes = b"\xc0\x0c", rdlen: int | None = None
) -> bytes:
    size = len(rdata) if rdlen is None else rdlen
    return owner + RR_HEAD.pack(rr_type, 1, 300, size) + rdata


def answer(*records: bytes) -> bytes:
    return header(1, len(records)) + QUESTION + b"".join(records)


OPT = b"\x00" + RR_HEAD.pack(41, 1232, 0, 0)

CASES: dict[str, tuple[bytes, type[DecodeError], int]] = {
    # name: (packet, error class, expected offset)
    "empty": (b"", TruncatedMessage, 0),
    "short header": (b"\x00" * 11, TruncatedMessage, 11),
    "question count beyond the data": (header(2) + QUESTION, TruncatedMessage, AFTER_QUESTION),
    "question tail cut": (header(1) + QUESTION[:-1], TruncatedMessage, AFTER_QUESTION - 4),
    "name cut": (header(1) + b"\x07exam", TruncatedMessage, 17),  # where the data ends
    "label type 0x40": (header(1) + b"\x40" + b"a" * 64 + b"\x00\x00\x01\x00\x01", BadLabel, 12),
    "label type 0x80": (header(1) + b"\x03www\x80abc\x00\x00\x01\x00\x01", BadLabel, 16),
    "name over 255 octets": (
        header(1) + b"".join(b"\x3f" + b"x" * 63 for _ in range(4)) + b"\x00\x00\x01\x00\x01",
        NameTooLong,
        12,
    ),
    "forward pointer": (header(1) + b"\xc0\x20" + b"\x00\x01\x00\x01" + bytes(20), BadPointer, 12),
    "self pointer": (header(1) + b"\xc0\x0c\x00\x01\x00\x01", BadPointer, 12),
    "pointer loop": (header(1) + b"\x01a\xc0\x0c\x00\x01\x00\x01", BadPointer, 14),
    "pointer into its own name": (
        answer(record(1, b"\x01\x02\x03\x04", owner=b"\x01b\xc0\x1d")),
        BadPointer,
        31,
    ),
    "pointer out of range": (header(1) + b"\xff\xff\x00\x01\x00\x01", BadPointer, 12),
    "pointer cut": (header(1) + b"\x01a\xc0", TruncatedMessage, 14),
    "answer count beyond the data": (header(1, 3) + QUESTION, TruncatedMessage, AFTER_QUESTION),
    "record header cut": (answer(b"\xc0\x0c\x00\x01\x00"), TruncatedMessage, AFTER_QUESTION + 2),
    "rdlen past the end": (
        answer(record(1, b"\x01\x02", rdlen=4)),
        TruncatedMessage,
        AFTER_QUESTION + 12,
    ),
    "A with 3 octets": (answer(record(1, b"\x01\x02\x03")), BadRdata, AFTER_QUESTION + 12),
    "A with 5 octets": (answer(record(1, b"\x01\x02\x03\x04\x05")), BadRdata, AFTER_QUESTION + 12),
    "AAAA with 15 octets": (answer(record(28, bytes(15))), BadRdata, AFTER_QUESTION + 12),
    "MX name past rdlen": (
        answer(record(15, b"\x00\x0a\x02mx\xc0\x0c", rdlen=5)),
        BadRdata,
        AFTER_QUESTION + 12,
    ),
    "MX without a name": (answer(record(15, b"\x00\x0a")), TruncatedMessage, AFTER_QUESTION + 14),
    "MX with junk after the name": (
        answer(record(15, b"\x00\x0a\xc0\x0c\xff")),
        BadRdata,
        AFTER_QUESTION + 12,
    ),
    "SOA timers short": (answer(record(6, b"\xc0\x0c\xc0\x0c" + bytes(19))), BadRdata, 41),
    "TXT string past rdlen": (answer(record(16, b"\x05abc")), BadRdata, AFTER_QUESTION + 12),
    "trailing garbage": (answer() + b"\x00", TrailingData, AFTER_QUESTION),
    "two OPT records": (
        header(1, 0, 0, 2) + QUESTION + OPT + OPT,
        BadRdata,
        AFTER_QUESTION + len(OPT),
    ),
    "OPT with non-root owner": (
        header(1, 0, 0, 1) + QUESTION + b"\xc0\x0c" + OPT[1:],
        BadRdata,
        AFTER_QUESTION,
    ),
    "OPT option past rdlen": (
        header(1, 0, 0, 1)
        + QUESTION
        + b"\x00"
        + RR_HEAD.pack(41, 1232, 0, 6)
        + b"\x00\x0a\x00\x08ab",
        BadRdata,
        AFTER_QUESTION + 11,
    ),
    "OPT with a cut option header": (
        header(1, 0, 0, 1) + QUESTION + b"\x00" + RR_HEAD.pack(41, 1232, 0, 2) + b"\x00\x0a",
        BadRdata,
        AFTER_QUESTION + 11,
    ),
    "cookie of 5 octets": (
        header(1, 0, 0, 1)
        + QUESTION
        + b"\x00"
        + RR_HEAD.pack(41, 1232, 0, 9)
        + b"\x00\x0a\x00\x05abcde",
        BadRdata,
        AFTER_QUESTION + 11,
    ),
}


@pytest.mark.parametrize(("packet", "error", "offset"), list(CASES.values()), ids=list(CASES))
def test_malformed_packets(packet: bytes, error: type[DecodeError], offset: int) -> None:
    with pytest.raises(error) as info:
        Message.from_wire(packet)
    exc = info.value
    assert type(exc) is error
    assert exc.offset == offset
    assert 0 <= exc.offset <= len(packet)
    assert f"(at offset {offset})" in str(exc)
    assert isinstance(exc, WireError)
    assert isinstance(exc, ValueError)
    if isinstance(exc, BadRdata):
        assert exc.rr_type in (1, 6, 15, 16, 28, 41)


def test_bad_rdata_names_its_type() -> None:
    with pytest.raises(BadRdata) as info:
        Message.from_wire(answer(record(28, bytes(15))))
    assert info.value.rr_type == 28


def _pointer_chain(hops: int) -> bytes:
    """Two records: the first hides, in its RDATA, a root followed by *hops* pointers each to the
    one before; the second's owner is a pointer to the last of them (``hops + 1`` pointers)."""
    base = 12 + 11  # after the header and the first record's root owner and fixed fields
    region = bytearray(b"\x00")
    for i in range(hops):
        region += struct.pack(">H", 0xC000 | (base if i == 0 else base + 1 + 2 * (i - 1)))
    first = b"\x00" + RR_HEAD.pack(65280, 1, 0, len(region)) + bytes(region)
    last = base + 1 + 2 * (hops - 1)
    second = struct.pack(">H", 0xC000 | last) + RR_HEAD.pack(65281, 1, 0, 0)
    return HEADER.pack(1, 0x8000, 0, 2, 0, 0) + first + second


def test_pointer_chains_up_to_127_hops_decode() -> None:
    msg = Message.from_wire(_pointer_chain(126))
    assert msg.answers[1].name == b"."


def test_pointer_chain_longer_than_127_hops_is_refused() -> None:
    packet = _pointer_chain(127)
    with pytest.raises(BadPointer, match="too many") as info:
        Message.from_wire(packet)
    assert 0 < info.value.offset < len(packet)


def _quadratic_packets() -> dict[str, bytes]:
    """64 KiB packets built to make a naive decoder quadratic."""
    out = {}
    # 1. A 255-octet name of 127 one-octet labels hidden in an unknown record's RDATA, then
    #    thousands of records whose owner points into it, each at a different label.
    blob = b"\x01a" * 127 + b"\x00"
    first = b"\x00" + RR_HEAD.pack(65280, 1, 0, len(blob)) + blob
    base = 12 + 11
    records: list[bytes] = []
    size = 12 + len(first)
    while size + 12 <= 65535:
        target = base + 2 * (len(records) % 120)
        records.append(struct.pack(">H", 0xC000 | target) + RR_HEAD.pack(65280, 1, 0, 0))
        size += 12
    out["long labels"] = (
        HEADER.pack(1, 0x8000, 0, 1 + len(records), 0, 0) + first + b"".join(records)
    )
    # 2. A run of 126 chained pointers, and thousands of owners pointing near its end.
    chain = bytearray(b"\x00")
    for i in range(126):
        chain += struct.pack(">H", 0xC000 | (base if i == 0 else base + 1 + 2 * (i - 1)))
    first = b"\x00" + RR_HEAD.pack(65280, 1, 0, len(chain)) + bytes(chain)
    records = []
    size = 12 + len(first)
    while size + 12 <= 65535:
        target = base + 1 + 2 * (125 - len(records) % 7)
        records.append(struct.pack(">H", 0xC000 | target) + RR_HEAD.pack(65280, 1, 0, 0))
        size += 12
    out["long pointer chains"] = (
        HEADER.pack(1, 0x8000, 0, 1 + len(records), 0, 0) + first + b"".join(records)
    )
    # 3. The same, but the last record's pointer goes one hop too far: a failure at the end.
    bad = bytearray(out["long pointer chains"])
    bad[-12:-10] = struct.pack(">H", 0xC000 | 0x3FFF)
    out["long chains then a bad pointer"] = bytes(bad)
    return out


@pytest.mark.parametrize("name", list(_quadratic_packets()))
def test_worst_case_packets_decode_quickly(name: str) -> None:
    packet = _quadratic_packets()[name]
    assert 60_000 < len(packet) <= 65535
    start = time.perf_counter()
    try:
        msg = Message.from_wire(packet)
    except DecodeError:
        assert name.endswith("bad pointer")
    else:
        assert len(msg.answers) > 4000
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{name}: {elapsed:.2f}s"


def test_decode_accepts_bytearray_and_memoryview() -> None:
    packet = answer(record(1, b"\xc6\x33\x64\x01"))
    for data in (packet, bytearray(packet), memoryview(packet)):
        (record_a,) = Message.from_wire(data).answers
        assert isinstance(record_a, rr.A)
        assert str(record_a.address) == "198.51.100.1"
