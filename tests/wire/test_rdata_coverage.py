"""Every registered record class has a hypothesis strategy (``_rr_strategies.RECORDS``), and
every one round-trips through messages, bare RDATA, its presentation text and RFC 3597's
generic form, and agrees with dnspython.

Adding a record class without a strategy fails ``test_every_registered_class_has_a_strategy``.
"""

from __future__ import annotations

import dns.message
import dns.name
import dns.rdata
import dns.rrset
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncdns_wire import Message, TextSyntaxError, name_to_text, rr_from_text, rrtype_to_text
from asyncdns_wire.rr import (
    AMTRELAY,
    APL,
    BRID,
    CDNSKEY,
    CDS,
    CERT,
    DHCID,
    DLV,
    DNSKEY,
    DS,
    GPOS,
    HHIT,
    HIP,
    HTTPS,
    IPSECKEY,
    KEY,
    L64,
    LOC,
    NID,
    NSEC3,
    NSEC3PARAM,
    OPENPGPKEY,
    OPT,
    RR,
    RRSIG,
    SIG,
    SMIMEA,
    SSHFP,
    SVCB,
    TA,
    TKEY,
    TLSA,
    TSIG,
    ZONEMD,
)
from asyncdns_wire.rr._base import iter_classes

from ._rr_strategies import DNSPYTHON_RECORDS, RECORDS
from .test_rdata_dnssec import dnspython_agrees, text_roundtrip, wire_roundtrip

REGISTERED = {cls for _, _, cls in iter_classes()}
CLASSES = sorted(RECORDS, key=lambda cls: (cls.TYPE, cls.__name__))


def _ids(cls: type[RR]) -> str:
    return cls.__name__


def test_every_registered_class_has_a_strategy() -> None:
    missing = sorted(cls.__name__ for cls in REGISTERED - RECORDS.keys())
    assert not missing, f"record classes without a hypothesis strategy: {missing}"
    stale = sorted(cls.__name__ for cls in RECORDS.keys() - REGISTERED)
    assert not stale, f"strategies for classes the codec does not register: {stale}"


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_round_trips(cls: type[RR], data: st.DataObject) -> None:
    """Messages (compressed or not) and bare RDATA decode to an equal record; the text and the
    RFC 3597 form parse back to it."""
    rec = data.draw(RECORDS[cls])
    assert type(rec) is cls
    assert Message.from_wire(Message(answers=[rec]).to_wire()).answers == [rec]
    wire_roundtrip(rec)
    wire = rec.rdata_to_wire()
    owner = name_to_text(rec.name)
    generic = f"{owner} {rec.ttl} CLASS{rec.rr_class} TYPE{rec.TYPE} \\# {len(wire)} {wire.hex()}"
    assert rr_from_text(generic) == rec
    if cls is OPT:
        # OPT has no presentation format (only the generic one): its text is dig's
        # pseudo-section comment.
        assert str(rec).startswith("; OPT ")
        with pytest.raises(TextSyntaxError):
            rr_from_text(f"{owner} {rec.ttl} CLASS{rec.rr_class} OPT")
        return
    text_roundtrip(rec)
    assert str(rec).split("\t")[3] == rrtype_to_text(rec.TYPE)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.one_of(*RECORDS.values()), max_size=6),
    st.lists(st.one_of(*RECORDS.values()), max_size=4),
)
def test_messages_of_mixed_records_round_trip(answers: list[RR], authorities: list[RR]) -> None:
    msg = Message(id=5, answers=answers, authorities=authorities)
    for compress in (True, False):
        back = Message.from_wire(msg.to_wire(compress=compress))
        assert (back.answers, back.authorities) == (answers, authorities)


# -- dnspython -----------------------------------------------------------------------------------

#: TKEY and TSIG are class ANY meta-records whose text dnspython writes differently (their
#: fields are compared in test_rdata_rest); OPT's options are checked in test_edns.
DNSPYTHON_CLASSES = [cls for cls in CLASSES if cls not in {OPT, TKEY, TSIG}]
#: dig-style text dnspython misreads: NID/L64 groups not of four digits, LOC metres read
#: through floats (``2.51m`` becomes 250 cm).
DNSPYTHON_MISREADS: set[type[RR]] = {L64, LOC, NID}
#: Types whose text dnspython writes differently from dig (and so from us): GPOS unquoted,
#: IPv4-mapped addresses in hex (APL, AMTRELAY, SVCB), SVCB ech quoted, CERT algorithm 4 as
#: ECC (BIND prints the number). It also leaves a space after a WKS without ports (stripped).
DNSPYTHON_TEXT_DIFFERS: set[type[RR]] = {AMTRELAY, APL, CERT, GPOS, HTTPS, SVCB}
#: Types dnspython writes with lowercase hex or splits its hex and base64 elsewhere than dig.
DNSPYTHON_HEX_AND_SPLITS: set[type[RR]] = {
    BRID,
    CDNSKEY,
    CDS,
    DHCID,
    DLV,
    DNSKEY,
    DS,
    HHIT,
    HIP,
    IPSECKEY,
    KEY,
    NSEC3,
    NSEC3PARAM,
    OPENPGPKEY,
    RRSIG,
    SIG,
    SMIMEA,
    SSHFP,
    TA,
    TLSA,
    ZONEMD,
}


def _dnspython_knows(rec: RR) -> bool:
    return dns.rdata.get_rdata_class(rec.rr_class, rec.TYPE) is not dns.rdata.GenericRdata


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


@pytest.mark.parametrize("cls", DNSPYTHON_CLASSES, ids=_ids)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_dnspython_agrees(cls: type[RR], data: st.DataObject) -> None:
    """dnspython decodes our RDATA to text we read back (and, for the types it has a class for,
    reads our text into our RDATA and writes the text dig writes)."""
    rec = data.draw(DNSPYTHON_RECORDS[cls])
    knows = _dnspython_knows(rec)
    theirs = dnspython_agrees(rec, parse_ours=knows and cls not in DNSPYTHON_MISREADS)
    if not knows or cls in DNSPYTHON_MISREADS | DNSPYTHON_TEXT_DIFFERS:
        return
    if cls in DNSPYTHON_HEX_AND_SPLITS:
        assert _squeezed(theirs.to_text()) == _squeezed(rec.rdata_to_text())
    else:
        assert theirs.to_text().rstrip() == rec.rdata_to_text()


@pytest.mark.parametrize("cls", DNSPYTHON_CLASSES, ids=_ids)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_dnspython_messages_decode_alike(cls: type[RR], data: st.DataObject) -> None:
    """A message dnspython builds from our RDATA (compressing names where it does) decodes with
    ours to what dnspython decodes it to. (dnspython compresses case-insensitively, so a name
    may come back with another name's case: compare with its own decoding, not with *rec*.)"""
    rec = data.draw(DNSPYTHON_RECORDS[cls])
    wire = rec.rdata_to_wire()
    rdata = dns.rdata.from_wire(rec.rr_class, rec.TYPE, wire, 0, len(wire))
    msg = dns.message.Message(id=9)
    owner = dns.name.from_text(name_to_text(rec.name))
    msg.answer.append(dns.rrset.from_rdata(owner, rec.ttl, rdata))
    packet = msg.to_wire()
    ours = Message.from_wire(packet).answers
    (theirs,) = dns.message.from_wire(packet).answer[0]
    assert len(ours) == 1
    assert type(ours[0]) is cls
    assert ours[0].same_rdata(rec) or _squeezed(str(ours[0])) == _squeezed(str(rec))
    assert ours[0].rdata_to_wire() == theirs.to_wire()
