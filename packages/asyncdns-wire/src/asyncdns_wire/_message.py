"""DNS messages: :class:`Message` (``Reply`` in asyncdns 0.1) and the fast query encoder."""

from __future__ import annotations

import copy
import functools
import struct
from collections.abc import Callable, Iterable, Sequence

from ._constants import Flag, Opcode, Rcode, rcode_to_text
from ._edns import Edns
from ._edns_options import Option
from ._errors import BadRdata, DecodeError, EncodeError, TrailingData, TruncatedMessage
from ._names import ROOT, NameCache, is_shown_as_is, note_suffixes, read_name, wire_of_name
from ._query import Query, _u16
from ._writer import Writer
from .rr._address import A as _A
from .rr._base import _LOOKUP, RR, lookup_class
from .rr._opt import OPT, read_options

__all__ = ["Message", "Reply", "encode_query", "question_to_wire"]

_HEADER = struct.Struct(">HHHHHH")
_RR_HEADER = struct.Struct(">HHIH")
_QTAIL = struct.Struct(">HH")
_H = struct.Struct(">H")

#: The header bits that :attr:`Message.flags` holds (QR, AA, TC, RD, RA, Z, AD, CD).
FLAG_MASK = 0x87F0
_new_a: Callable[[type[_A]], _A] = object.__new__
_FLAG_ORDER = (Flag.AA, Flag.TC, Flag.RD, Flag.RA, Flag.Z, Flag.AD, Flag.CD)


class Message:
    """A DNS message. Replies decoded from the network are instances of this class.

    Attributes:
        id: the 16-bit message ID.
        flags: the header flags (``QR``, ``AA``, ``TC``, ``RD``, ``RA``, ``Z``, ``AD``, ``CD``)
            at their header positions; test with ``reply.flags & asyncdns.AA``.
        opcode: the opcode (``QUERY`` is 0).
        rcode: the full rcode, including the EDNS extended bits (``BADVERS`` is 16).
        questions: the question section (a list of :class:`Query`).
        answers, authorities, additional: the record sections (lists of :class:`rr.RR`); the
            OPT pseudo-record is not in ``additional`` but decoded into :attr:`edns`.
        edns: the EDNS parameters, or ``None`` when the message had no OPT record.
    """

    __slots__ = (
        "additional",
        "answers",
        "authorities",
        "edns",
        "flags",
        "id",
        "opcode",
        "questions",
        "rcode",
    )

    def __init__(
        self,
        *,
        id: int = 0,
        flags: int = 0,
        opcode: int = Opcode.QUERY,
        rcode: int = Rcode.NOERROR,
        questions: Iterable[Query] = (),
        answers: Iterable[RR] = (),
        authorities: Iterable[RR] = (),
        additional: Iterable[RR] = (),
        edns: Edns | None = None,
    ) -> None:
        if not 0 <= id <= 0xFFFF:
            raise ValueError("message id must be in 0..65535")
        if flags & ~FLAG_MASK:
            raise ValueError("flags may only hold QR, AA, TC, RD, RA, Z, AD and CD")
        if not 0 <= opcode <= 15:
            raise ValueError("opcode must be in 0..15")
        if not 0 <= rcode <= 0xFFF or (rcode > 15 and edns is None):
            raise ValueError("rcode must be in 0..15, or 0..4095 with EDNS")
        self.id = id
        self.flags = flags
        self.opcode = opcode
        self.rcode = rcode
        self.questions = list(questions)
        self.answers = list(answers)
        self.authorities = list(authorities)
        self.additional = list(additional)
        for q in self.questions:
            if not isinstance(q, Query):
                raise TypeError(f"questions must be Query objects, not {type(q).__name__}")
        for section in (self.answers, self.authorities, self.additional):
            for record in section:
                if not isinstance(record, RR):
                    raise TypeError(f"records must be rr.RR objects, not {type(record).__name__}")
        if edns is not None and edns.ext_rcode != rcode >> 4:
            # The rcode's upper bits travel in the OPT record: keep the two in agreement, as
            # they are in a decoded message.
            edns = copy.copy(edns)
            edns.ext_rcode = rcode >> 4
        self.edns = edns

    # -- convenience ----------------------------------------------------------------------

    @property
    def is_response(self) -> bool:
        """Whether the QR bit is set."""
        return bool(self.flags & Flag.QR)

    @property
    def query(self) -> Query | None:
        """The first question, if any."""
        return self.questions[0] if self.questions else None

    def __repr__(self) -> str:
        return (
            f"<Message id={self.id} flags={self.flags:#06x} rcode={self.rcode} "
            f"q={len(self.questions)} an={len(self.answers)} ns={len(self.authorities)} "
            f"ar={len(self.additional)} edns={self.edns is not None}>"
        )

    def __str__(self) -> str:
        flags = ", ".join([f.name for f in _FLAG_ORDER if self.flags & f and f.name])
        lines = [f";; {rcode_to_text(self.rcode)} ({flags})"]
        for title, section in (
            ("answers", self.answers),
            ("authorities", self.authorities),
            ("additional", self.additional),
        ):
            lines.append(f"; {len(section)} {title}:")
            lines.extend(str(rr) for rr in section)
        if self.edns is not None:
            lines.append(f";; {self.edns.to_text()}")
        return "\n".join(lines)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return all(getattr(self, s) == getattr(other, s) for s in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    # -- wire -----------------------------------------------------------------------------

    @classmethod
    def from_wire(cls, data: bytes | bytearray | memoryview, *, mdns: bool = False) -> Message:
        """Decode a message.

        Args:
            data: the whole message (without a TCP length prefix).
            mdns: split the mDNS cache-flush bit (and the QU bit in questions) from the class
                (RFC 6762 sections 10.2 and 5.4) instead of reading it as part of the class.

        Raises:
            DecodeError: the data is not a valid message (a subclass says why, and the
                ``offset`` says where). Any other exception is a bug.
        """
        buf = bytes(data)
        n = len(buf)
        if n < 12:
            raise TruncatedMessage("message shorter than its 12-octet header", n)
        msg_id, word, qdcount, ancount, nscount, arcount = _HEADER.unpack_from(buf, 0)
        names: NameCache = {}
        off = 12
        questions = []
        try:
            for index in range(qdcount):
                qname, off = read_name(buf, off, names)
                if index == 0 and off == 14 + len(qname) and qname.find(b"\\") < 0:
                    # The first question, uncompressed, unescaped (and not the root, whose
                    # wire form is 1 octet): what follows often points into it.
                    note_suffixes(names, 12, qname)
                q_type, q_class = _QTAIL.unpack_from(buf, off)
                off += 4
                if mdns:
                    q_class &= 0x7FFF
                questions.append(Query._from_wire(qname, q_type, q_class))
        except struct.error:
            raise TruncatedMessage("question runs past the end of the message", off) from None
        return cls._with_records(
            buf, off, msg_id, word, (ancount, nscount, arcount), questions, names, mdns
        )

    @classmethod
    def _from_wire_asked(cls, buf: bytes, question: bytes, asked: Query) -> Message:
        """:meth:`from_wire` for a reply to a query whose question is *asked*, in wire form
        *question* (``question_to_wire(asked.name, asked.q_type, asked.q_class)``: the caller
        vouches for that). A reply echoing that question octet for octet has *asked* itself as
        its question, and its name need not be decoded; anything else is decoded in full. The
        result is the same either way."""
        if (
            len(buf) < 12 + len(question)
            or buf[4:6] != b"\x00\x01"
            or not buf.startswith(question, 12)
            or asked.name == ROOT
            or not is_shown_as_is(asked.name)  # the decoder would spell it otherwise
        ):
            return cls.from_wire(buf)
        msg_id, word, _, ancount, nscount, arcount = _HEADER.unpack_from(buf, 0)
        names: NameCache = {12: (asked.name, len(question) - 4)}
        note_suffixes(names, 12, asked.name)
        return cls._with_records(
            buf,
            12 + len(question),
            msg_id,
            word,
            (ancount, nscount, arcount),
            [asked],
            names,
            False,
        )

    @classmethod
    def _with_records(
        cls,
        buf: bytes,
        off: int,
        msg_id: int,
        word: int,
        counts: tuple[int, int, int],
        questions: list[Query],
        names: NameCache,
        mdns: bool,
    ) -> Message:
        """The message whose header fields are given and whose records start at *off*."""
        n = len(buf)
        msg = cls.__new__(cls)
        msg.id = msg_id
        msg.flags = word & FLAG_MASK
        msg.opcode = (word >> 11) & 0xF
        rcode = word & 0xF
        msg.questions = questions
        msg.edns = None
        class_for = _LOOKUP.get
        sections: list[list[RR]] = [[], [], []]
        for index, count in enumerate(counts):
            out = sections[index]
            append = out.append
            for _ in range(count):
                start = off
                # Fast path for the two commonest owner names: a single pointer to a name
                # already decoded (it points backwards by construction) and the root.
                lead = buf[off] if off < n else -1
                if lead >= 0xC0 and off + 1 < n:
                    cached = names.get(((lead & 0x3F) << 8) | buf[off + 1])
                    if cached is not None:
                        name = cached[0]
                        off += 2
                    else:
                        name, off = read_name(buf, off, names)
                elif lead == 0:
                    name = ROOT
                    off += 1
                else:
                    name, off = read_name(buf, off, names)
                try:
                    rr_type, rr_class, ttl, rdlen = _RR_HEADER.unpack_from(buf, off)
                except struct.error:
                    raise TruncatedMessage(
                        "record header runs past the end of the message", off
                    ) from None
                off += 10
                end = off + rdlen
                if end > n:
                    raise TruncatedMessage("RDATA runs past the end of the message", off)
                flush = False
                if mdns and rr_type != 41:
                    flush = rr_class >= 0x8000
                    rr_class &= 0x7FFF
                rcls = class_for(rr_type | rr_class << 16) or lookup_class(rr_type, rr_class)
                if rr_type == 41 and index == 2 and issubclass(rcls, OPT):
                    # The OPT pseudo-record, straight into the message's Edns.
                    if msg.edns is not None:
                        raise BadRdata("more than one OPT record", start, 41)
                    if name != b".":
                        raise BadRdata("OPT owner name is not the root", start, 41)
                    try:
                        options = read_options(buf, off, end)
                    except DecodeError:
                        raise
                    except (IndexError, ValueError, OverflowError, struct.error) as exc:
                        raise BadRdata(f"malformed RDATA: {exc}", off, rr_type) from None
                    msg.edns = Edns._from_fields(rr_class, ttl, options)
                    off = end
                    continue
                if rcls is _A and rdlen == 4:
                    # The commonest record, decoded here without a call (A._from_wire's work).
                    address = _new_a(_A)
                    address._address = buf[off:end]
                    address.name = name
                    address.rr_type = rr_type
                    address.rr_class = rr_class
                    address.ttl = ttl
                    address.cache_flush = flush
                    rr: RR = address
                elif rcls._native:
                    try:
                        rr, stop = rcls._from_wire(buf, off, end, names)
                    except DecodeError:
                        raise
                    except (IndexError, ValueError, OverflowError, struct.error) as exc:
                        raise BadRdata(f"malformed RDATA: {exc}", off, rr_type) from None
                    if stop != end:
                        raise BadRdata("RDATA length does not match its contents", off, rr_type)
                    rr.name = name
                    rr.rr_type = rr_type
                    rr.rr_class = rr_class
                    rr.ttl = ttl
                    rr.cache_flush = flush
                else:  # an asyncdns 0.1-style class with its own decode()
                    rr = rcls.decode(name, rr_type, rr_class, ttl, buf, off, rdlen)
                off = end
                append(rr)
        if off != n:
            raise TrailingData(f"{n - off} octets after the last record", off)
        if msg.edns is not None:
            rcode |= msg.edns.ext_rcode << 4
        msg.rcode = rcode
        msg.answers, msg.authorities, msg.additional = sections
        return msg

    def to_wire(self, *, max_size: int | None = None, compress: bool = True) -> bytes:
        """Encode the message (names compressed unless ``compress=False``).

        Raises:
            EncodeError: the message is larger than *max_size*, or a value cannot be encoded.
        """
        w = Writer(compress=compress)
        additional: Sequence[RR] = self.additional
        rcode = self.rcode
        edns = self.edns
        opt = b""
        if edns is not None:
            ttl = ((rcode >> 4) & 0xFF) << 24 | (edns.version << 16) | edns.flags
            opt = _opt_record(edns.payload, ttl, _options_wire(edns.options))
        elif rcode > 15:
            raise EncodeError("an extended rcode needs EDNS")
        word = self.flags | (self.opcode << 11) | (rcode & 0xF)
        try:
            w.raw(
                _HEADER.pack(
                    self.id,
                    word,
                    len(self.questions),
                    len(self.answers),
                    len(self.authorities),
                    len(additional) + (1 if opt else 0),
                )
            )
            for q in self.questions:
                w.name(q.name)
                w.raw(_QTAIL.pack(q.q_type, q.q_class))
            for section in (self.answers, self.authorities, additional):
                for rr in section:
                    _write_rr(w, rr)
            w.raw(opt)
        except (struct.error, OverflowError) as exc:
            # A count over 65535, or a field changed after construction to a value out of range.
            raise EncodeError(f"a value does not fit its field: {exc}") from None
        data = bytes(w.buf)
        if max_size is not None and len(data) > max_size:
            raise EncodeError(f"message of {len(data)} octets exceeds the limit of {max_size}")
        return data


def _write_rr(w: Writer, rr: RR) -> None:
    w.name(rr.name)
    buf = w.buf
    rr_class = rr.rr_class | (0x8000 if rr.cache_flush else 0)
    buf += _RR_HEADER.pack(rr.rr_type, rr_class, rr.ttl, 0)
    start = len(buf)
    rr._to_wire(w)
    rdlen = len(buf) - start
    if rdlen > 0xFFFF:
        raise EncodeError("RDATA longer than 65535 octets")
    _H.pack_into(buf, start - 2, rdlen)


Reply = Message
"""asyncdns 0.1's name for a decoded response: the same class as :class:`Message`."""


@functools.lru_cache(maxsize=4096)
def question_to_wire(name: bytes, q_type: int, q_class: int) -> bytes:
    """The wire form of one question (uncompressed name, type, class); memoised.

    A reply echoes it right after its header, which is how resolvers match replies cheaply.
    """
    return wire_of_name(name) + _QTAIL.pack(q_type, q_class)


def _opt_record(payload: int, ttl: int, options: bytes) -> bytes:
    if len(options) > 0xFFFF:
        raise EncodeError("EDNS options longer than 65535 octets")
    return b"\x00" + _RR_HEADER.pack(41, payload, ttl, len(options)) + options


@functools.lru_cache(maxsize=64)
def _bare_opt_record(payload: int, dnssec_ok: bool) -> bytes:
    """An OPT record without options (what almost every query carries); memoised."""
    return _opt_record(payload, 0x8000 if dnssec_ok else 0, b"")


def _options_wire(options: Iterable[Option]) -> bytes:
    return b"".join(_H.pack(o.code) + _H.pack(len(o.data)) + o.data for o in options)


def encode_query(
    query: Query,
    msg_id: int,
    *,
    flags: int = Flag.RD,
    edns_payload: int | None = 1232,
    dnssec_ok: bool = False,
    options: Iterable[Option] = (),
    qname: bytes | None = None,
) -> bytes:
    """Encode a one-question query quickly (the resolver's hot path).

    Args:
        query: the question.
        msg_id: the message ID (draw it from a CSPRNG).
        flags: header flags (``RD`` by default).
        edns_payload: add an OPT record advertising this UDP payload size; ``None`` for none.
        dnssec_ok: set the DO bit.
        options: EDNS options (:class:`~asyncdns_wire.Option` instances).
        qname: send this spelling of the name instead (0x20 case randomisation).

    Raises:
        TypeError: *query* is not a :class:`Query`, or *msg_id*/*flags* are not ints.
        ValueError: *msg_id* or *flags* outside 0..65535, or *edns_payload* outside
            512..65535.
    """
    if not isinstance(query, Query):
        raise TypeError(f"query must be a Query, not {type(query).__name__}")
    if type(msg_id) is not int or not 0 <= msg_id <= 0xFFFF:
        msg_id = _u16(msg_id, "msg_id")  # the checks Query makes of its type and class
    if type(flags) is not int or not 0 <= flags <= 0xFFFF:
        flags = _u16(flags, "flags")
    question = question_to_wire(
        qname if qname is not None else query.name, query.q_type, query.q_class
    )
    return _query_with_question(question, msg_id, flags, edns_payload, dnssec_ok, options)


def _query_with_question(
    question: bytes,
    msg_id: int,
    flags: int,
    edns_payload: int | None,
    dnssec_ok: bool,
    options: Iterable[Option],
) -> bytes:
    """:func:`encode_query` for a caller that holds the question's wire form already (from
    :func:`question_to_wire`) and has checked *msg_id* and *flags*: the resolver's hot path."""
    if edns_payload is None:
        return _HEADER.pack(msg_id, flags, 1, 0, 0, 0) + question
    if not 512 <= edns_payload <= 0xFFFF:
        raise ValueError(f"edns_payload must be in 512..65535, not {edns_payload}")
    if options:
        opt = _opt_record(edns_payload, 0x8000 if dnssec_ok else 0, _options_wire(options))
    else:
        opt = _bare_opt_record(edns_payload, bool(dnssec_ok))
    return _HEADER.pack(msg_id, flags, 1, 0, 0, 1) + question + opt
