"""One hypothesis strategy per registered record class, for the round trips in
``test_rdata_coverage``.

``RECORDS`` maps every class the codec registers to a strategy for whole records of it. The
field strategies of the per-family test modules are reused; the types those modules only have
dig vectors for (the single-name types, the preference-name types, SPF...) and the core types
are built here. ``DNSPYTHON_RECORDS`` narrows the strategies dnspython reads more narrowly than
the RFCs (see the notes where each comes from).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from asyncdns_wire import IN, rrtype_from_text
from asyncdns_wire._edns_options import Cookie, ExtendedError, Nsid, Option, Padding
from asyncdns_wire.rr import (
    AAAA,
    AFSDB,
    ATMA,
    AVC,
    BRID,
    CDNSKEY,
    CDS,
    CERT,
    CNAME,
    CSYNC,
    DHCID,
    DLV,
    DNAME,
    DNSKEY,
    DOA,
    DS,
    DSYNC,
    EID,
    HHIT,
    HIP,
    HTTPS,
    IPSECKEY,
    KEY,
    KX,
    MB,
    MD,
    MF,
    MG,
    MR,
    MX,
    NIMLOC,
    NINFO,
    NS,
    NSEC,
    NSEC3,
    NSEC3PARAM,
    NXT,
    OPENPGPKEY,
    OPT,
    PTR,
    RESINFO,
    RKEY,
    RR,
    RRSIG,
    RT,
    SIG,
    SINK,
    SMIMEA,
    SOA,
    SPF,
    SSHFP,
    SVCB,
    TA,
    TALINK,
    TKEY,
    TLSA,
    TSIG,
    TXT,
    WALLET,
    ZONEMD,
    A,
    lookup_class,
)

from . import _strategies as core
from . import test_rdata_certs as certs
from . import test_rdata_classic as classic
from . import test_rdata_dnssec as dnssec
from . import test_rdata_rest as rest
from . import test_rdata_svcb as svcb

__all__ = ["DNSPYTHON_RECORDS", "RECORDS"]

_names = core.names  # escapes, spaces, quotes and ``*`` in labels
_ttls = dnssec.ttls
_u8, _u16, _u32 = dnssec.u8, dnssec.u16, dnssec.u32
_strings = st.lists(st.binary(max_size=255), min_size=1, max_size=4)


def _spread(cls: type[RR], fields: st.SearchStrategy[tuple[Any, ...]]) -> st.SearchStrategy[RR]:
    """Records of *cls* whose RDATA fields come as one tuple (the field strategies of the
    per-family test modules draw them that way)."""
    return st.builds(lambda name, ttl, rdata: cls(name, ttl, *rdata), _names, _ttls, fields)


def _single_name(cls: type[RR]) -> st.SearchStrategy[RR]:
    return st.builds(cls, _names, _ttls, _names)


def _preference_name(cls: type[RR]) -> st.SearchStrategy[RR]:
    return st.builds(cls, _names, _ttls, _u16, _names)


def _strings_of(cls: type[RR]) -> st.SearchStrategy[RR]:
    return st.builds(cls, _names, _ttls, _strings)


def _nsec3(types: st.SearchStrategy[set[int]]) -> st.SearchStrategy[RR]:
    return st.builds(
        lambda name, ttl, head, nxt, bitmap: NSEC3(
            name, ttl, head[0], head[1], head[2], head[3], nxt, bitmap
        ),
        _names,
        _ttls,
        dnssec._nsec3_head,
        st.binary(min_size=1, max_size=64),
        types,
    )


_options: st.SearchStrategy[Option] = st.one_of(
    st.builds(Option, st.integers(16, 0xFFFF), st.binary(max_size=40)),
    st.builds(Nsid, st.binary(max_size=20)),
    st.builds(
        Cookie,
        st.binary(min_size=8, max_size=8),
        st.just(b"") | st.binary(min_size=8, max_size=32),
    ),
    st.builds(Padding, st.integers(0, 40)),
    st.builds(ExtendedError, _u16, st.text(max_size=20)),
)

_by_mnemonic = {lookup_class(rrtype_from_text(k), IN): v for k, v in classic.RECORDS.items()}

#: Every registered record class and a strategy covering the value space of its fields.
RECORDS: dict[type[RR], st.SearchStrategy[RR]] = {
    # RFC 1035 and the other name-only and preference-name shapes
    A: st.builds(A, _names, _ttls, core.v4_addresses),
    AAAA: st.builds(AAAA, _names, _ttls, core.v6_addresses),
    **{cls: _single_name(cls) for cls in (NS, MD, MF, CNAME, MB, MG, MR, PTR, DNAME)},
    **{cls: _preference_name(cls) for cls in (MX, AFSDB, RT, KX)},
    TXT: st.builds(TXT, _names, _ttls, _strings),
    SPF: st.builds(SPF, _names, _ttls, _strings),
    SOA: st.builds(SOA, _names, _ttls, _names, _names, *[_u32] * 5),
    # HINFO ... AMTRELAY (test_rdata_classic)
    **_by_mnemonic,
    # DNSSEC (test_rdata_dnssec)
    **{cls: _spread(cls, dnssec._ds_fields()) for cls in (DS, CDS, DLV, TA)},
    **{cls: _spread(cls, dnssec._key_fields()) for cls in (DNSKEY, CDNSKEY)},
    KEY: _spread(KEY, dnssec._key_fields(nokey=True)),
    **{cls: _spread(cls, dnssec._sig_fields()) for cls in (RRSIG, SIG)},
    NSEC: st.builds(NSEC, _names, _ttls, _names, dnssec._types),
    NSEC3: _nsec3(dnssec._types),
    NSEC3PARAM: _spread(NSEC3PARAM, dnssec._nsec3_head),
    CSYNC: st.builds(CSYNC, _names, _ttls, _u32, _u16, dnssec._types),
    # certificates and keys (test_rdata_certs)
    **{cls: _spread(cls, certs._tlsa_fields()) for cls in (TLSA, SMIMEA)},
    SSHFP: _spread(SSHFP, certs._sshfp_fields()),
    CERT: st.builds(CERT, _names, _ttls, _u16, _u16, _u8, certs.blobs),
    **{
        cls: st.builds(cls, _names, _ttls, st.binary(min_size=1, max_size=400))
        for cls in (OPENPGPKEY, DHCID)
    },
    ZONEMD: _spread(ZONEMD, certs._zonemd_fields()),
    IPSECKEY: st.builds(
        lambda name, ttl, prec, gateway, alg, key: IPSECKEY(
            name, ttl, prec, gateway[0], alg, gateway[1], key
        ),
        _names,
        _ttls,
        _u8,
        certs._gateways,
        _u8,
        certs.blobs,
    ),
    HIP: st.builds(
        HIP,
        _names,
        _ttls,
        st.binary(min_size=1, max_size=32),
        _u8,
        certs.blobs,
        st.lists(_names, max_size=3),
    ),
    # service binding (test_rdata_svcb)
    **{
        cls: st.builds(cls, _names, _ttls, _u16, _names, svcb.svc_params()) for cls in (SVCB, HTTPS)
    },
    # the rest (test_rdata_rest)
    NXT: st.builds(NXT, _names, _ttls, _names, st.sets(st.integers(1, 127), max_size=20)),
    **{cls: st.builds(cls, _names, _ttls, certs.blobs) for cls in (EID, NIMLOC, HHIT, BRID)},
    ATMA: _spread(ATMA, rest._atma_fields),
    SINK: st.builds(SINK, _names, _ttls, _u8, _u8, _u8, st.binary(max_size=120)),
    TKEY: _spread(TKEY, rest._tkey_fields()),
    TSIG: _spread(TSIG, rest._tsig_fields()),
    **{cls: _strings_of(cls) for cls in (NINFO, AVC, RESINFO, WALLET)},
    RKEY: st.builds(RKEY, _names, _ttls, st.just(0), _u8, _u8, certs.blobs),
    TALINK: st.builds(TALINK, _names, _ttls, _names, _names),
    DSYNC: st.builds(DSYNC, _names, _ttls, _u16, _u8, _u16, _names),
    DOA: st.builds(
        DOA, _names, _ttls, _u32, _u32, _u8, st.binary(max_size=255), st.binary(max_size=200)
    ),
    # EDNS (the pseudo-record itself; messages show it as Edns)
    OPT: st.builds(
        OPT, st.just(b"."), _u32, st.lists(_options, max_size=4), rr_class=st.integers(0, 0xFFFF)
    ),
}

# dnspython reads some fields more narrowly than the RFCs: GPOS, ISDN, URI and APL (see
# test_rdata_classic), DS digests of its known digest types, RRSIG times before 2081, CERT
# algorithm 18 (a draft name) and 6/7 (BIND's mnemonics it cannot read), a few bitmap type
# mnemonics, DSYNC types, and SVCB keys 5, 10 and 65535. KEY with no key it refuses.
#: The strategies to use with dnspython where they differ from RECORDS.
DNSPYTHON_RECORDS: dict[type[RR], st.SearchStrategy[RR]] = {
    **RECORDS,
    **{lookup_class(rrtype_from_text(k), IN): v for k, v in classic.DNSPYTHON_RECORDS.items()},
    **{cls: _spread(cls, dnssec._ds_fields(for_dnspython=True)) for cls in (DS, CDS, DLV, TA)},
    KEY: _spread(KEY, dnssec._key_fields(nokey=True).filter(lambda fields: fields[3])),
    **{cls: _spread(cls, dnssec._sig_fields(max_time=3_500_000_000)) for cls in (RRSIG, SIG)},
    NSEC: st.builds(NSEC, _names, _ttls, _names, dnssec._shared_types),
    NSEC3: _nsec3(dnssec._shared_types),
    CSYNC: st.builds(CSYNC, _names, _ttls, _u32, _u16, dnssec._shared_types),
    CERT: st.builds(
        CERT, _names, _ttls, _u16, _u16, _u8.filter(lambda a: a not in {6, 7, 18}), certs.blobs
    ),
    DSYNC: st.builds(DSYNC, _names, _ttls, rest._dsync_types, _u8, _u16, _names),
    **{
        cls: st.builds(
            cls, _names, _ttls, st.integers(1, 0xFFFF), _names, svcb.svc_params(for_dnspython=True)
        )
        for cls in (SVCB, HTTPS)
    },
}
