"""Hypothesis strategies shared by the wire tests: names, core records, whole messages, and
real packets damaged at random."""

from __future__ import annotations

import ipaddress
import struct

from hypothesis import strategies as st

from asyncdns_wire import Edns, Flag, Message, Query, rr

from ._corpus import CORPUS

__all__ = ["messages", "mutated_packets", "names", "records", "v4_addresses", "v6_addresses"]

_LABEL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
_plain_label = st.text(_LABEL_CHARS, min_size=1, max_size=12).map(str.encode)
_odd_label = st.sampled_from(
    [b"a.b", b"sp ace", b"back\\slash", b'q"uote', b"(p)", b";", b"@$", b"*"]
)
_label = st.one_of(_plain_label, _plain_label, _plain_label, _odd_label)


def _escape(label: bytes) -> bytes:
    return b"".join(b"\\" + bytes([c]) if c in b'.\\"();@$ ' else bytes([c]) for c in label)


#: Presentation-form names (escapes included) of up to four labels, or the root.
names = st.lists(_label, min_size=0, max_size=4).map(
    lambda labels: b".".join(_escape(x) for x in labels) if labels else b"."
)


_ttl = st.integers(0, 2**31 - 1)
v4_addresses = st.builds(
    ipaddress.IPv4Address,
    st.one_of(
        st.integers(
            int(ipaddress.IPv4Address("198.51.100.0")), int(ipaddress.IPv4Address("198.51.100.255"))
        ),
        st.integers(
            int(ipaddress.IPv4Address("203.0.113.0")), int(ipaddress.IPv4Address("203.0.113.255"))
        ),
    ),
)
v6_addresses = st.builds(
    lambda low: ipaddress.IPv6Address((0x20010DB8 << 96) | low), st.integers(0, 2**96 - 1)
)
_char_strings = st.lists(st.binary(max_size=255), min_size=1, max_size=3)


records: st.SearchStrategy[rr.RR] = st.one_of(
    st.builds(rr.A, names, _ttl, v4_addresses),
    st.builds(rr.AAAA, names, _ttl, v6_addresses),
    st.builds(rr.MX, names, _ttl, st.integers(0, 65535), names),
    st.builds(rr.TXT, names, _ttl, _char_strings),
    st.builds(rr.NS, names, _ttl, names),
    st.builds(rr.CNAME, names, _ttl, names),
    st.builds(
        rr.SOA,
        names,
        _ttl,
        names,
        names,
        *[st.integers(0, 2**32 - 1)] * 5,
    ),
)


_flags = st.sets(st.sampled_from([Flag.QR, Flag.AA, Flag.TC, Flag.RD, Flag.RA, Flag.AD, Flag.CD]))


_questions = st.lists(
    st.builds(Query, names, st.sampled_from([1, 2, 5, 6, 15, 16, 28, 255])), max_size=2
)
_edns = st.none() | st.builds(Edns, st.integers(512, 4096), do=st.booleans())

#: Whole messages: any flags, rcode 0..15, up to two questions, records in all three sections.
messages = st.builds(
    lambda flags, **kw: Message(flags=sum(flags), **kw),
    _flags,
    id=st.integers(0, 0xFFFF),
    rcode=st.integers(0, 15),
    questions=_questions,
    answers=st.lists(records, max_size=4),
    authorities=st.lists(records, max_size=3),
    additional=st.lists(records, max_size=3),
    edns=_edns,
)


_OPS = ("flip", "set", "insert", "delete", "truncate", "duplicate", "pointer", "count")


@st.composite
def mutated_packets(draw: st.DrawFn) -> bytes:
    packet = bytearray(draw(st.sampled_from(list(CORPUS.values()))))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(_OPS))
        size = len(packet)
        if size == 0:
            packet += draw(st.binary(min_size=1, max_size=16))
            continue
        pos = draw(st.integers(0, size - 1))
        if op == "flip":
            packet[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            packet[pos] = draw(st.sampled_from([0x00, 0x01, 0x3F, 0x40, 0x80, 0xC0, 0xFF]))
        elif op == "insert":
            packet[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del packet[pos : pos + draw(st.integers(1, 8))]
        elif op == "truncate":
            del packet[pos:]
        elif op == "duplicate":
            end = min(size, pos + draw(st.integers(1, 32)))
            packet[pos:pos] = packet[pos:end]
        elif op == "pointer":
            target = draw(st.integers(0, 0x3FFF))
            packet[pos : pos + 2] = struct.pack(">H", 0xC000 | target)
        elif op == "count" and size >= 12:
            field = 4 + 2 * draw(st.integers(0, 3))
            packet[field : field + 2] = struct.pack(">H", draw(st.integers(0, 0xFFFF)))
    return bytes(packet)
