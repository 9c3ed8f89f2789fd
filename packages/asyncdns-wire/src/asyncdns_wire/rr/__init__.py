"""Resource record classes, one per type (asyncdns 0.1's ``rr`` module).

``rr.RR`` is the base; ``rr.Unknown`` holds any type without a class (RFC 3597). Register your
own class with :meth:`RR.register`.
"""

from ._a6 import A6
from ._address import AAAA, A
from ._amtrelay import AMTRELAY
from ._apl import APL, APLItem
from ._base import RR, Unknown, lookup_class, register
from ._caa import CAA
from ._certs import (
    CERT,
    DHCID,
    HIP,
    IPSECKEY,
    OPENPGPKEY,
    SMIMEA,
    SSHFP,
    TLSA,
    ZONEMD,
    Base64RR,
    TLSABase,
)
from ._dnssec import (
    CDNSKEY,
    CDS,
    DLV,
    DNSKEY,
    DS,
    KEY,
    RRSIG,
    SIG,
    TA,
    DNSKEYBase,
    DSBase,
    RRSIGBase,
)
from ._eui import EUI48, EUI64, EUIRR
from ._ilnp import L32, L64, LP, NID, Preference64RR
from ._legacy import ATMA, EID, NIMLOC, NXT, SINK, HexRR
from ._loc import LOC
from ._misc import GPOS, HINFO, ISDN, MINFO, NUL, RP, X25, CharStringsRR, TwoNamesRR
from ._modern import (
    AVC,
    BRID,
    DOA,
    DSYNC,
    HHIT,
    NINFO,
    RESINFO,
    RKEY,
    TALINK,
    WALLET,
    StringsRR,
)
from ._mx import AFSDB, KX, MX, RT, PreferenceNameRR
from ._nsec import CSYNC, NSEC, NSEC3, NSEC3PARAM, NSEC3ParamsRR
from ._opt import OPT
from ._osi import NSAP, NSAPPTR, PX
from ._single_name import CNAME, DNAME, MB, MD, MF, MG, MR, NS, PTR, SingleNameRR
from ._soa import SOA
from ._srv import NAPTR, SRV, URI
from ._svcb import HTTPS, SVCB, SVCBBase, SvcParamKey
from ._tsig import TKEY, TSIG
from ._txt import SPF, TXT, TextRR
from ._wks import WKS

__all__ = [
    "A",
    "A6",
    "AAAA",
    "AFSDB",
    "AMTRELAY",
    "APL",
    "APLItem",
    "CAA",
    "CNAME",
    "CharStringsRR",
    "DNAME",
    "EUI48",
    "EUI64",
    "EUIRR",
    "GPOS",
    "HINFO",
    "ISDN",
    "KX",
    "L32",
    "L64",
    "LOC",
    "LP",
    "MB",
    "MD",
    "MF",
    "MG",
    "MINFO",
    "MR",
    "MX",
    "NAPTR",
    "NID",
    "NS",
    "NSAP",
    "NSAPPTR",
    "NUL",
    "OPT",
    "PTR",
    "PX",
    "Preference64RR",
    "PreferenceNameRR",
    "RP",
    "RR",
    "RT",
    "SOA",
    "SPF",
    "SRV",
    "SingleNameRR",
    "TXT",
    "TextRR",
    "TwoNamesRR",
    "URI",
    "Unknown",
    "WKS",
    "X25",
    # DNSSEC, security and service-binding types
    "Base64RR",
    "CDNSKEY",
    "CDS",
    "CERT",
    "CSYNC",
    "DHCID",
    "DLV",
    "DNSKEY",
    "DNSKEYBase",
    "DS",
    "DSBase",
    "HIP",
    "HTTPS",
    "IPSECKEY",
    "KEY",
    "NSEC",
    "NSEC3",
    "NSEC3PARAM",
    "NSEC3ParamsRR",
    "OPENPGPKEY",
    "RRSIG",
    "RRSIGBase",
    "SIG",
    "SMIMEA",
    "SSHFP",
    "SVCB",
    "SVCBBase",
    "SvcParamKey",
    "TA",
    "TLSA",
    "TLSABase",
    "ZONEMD",
    # obsolete, transaction and newer types
    "ATMA",
    "AVC",
    "BRID",
    "DOA",
    "DSYNC",
    "EID",
    "HHIT",
    "HexRR",
    "NIMLOC",
    "NINFO",
    "NXT",
    "RESINFO",
    "RKEY",
    "SINK",
    "StringsRR",
    "TALINK",
    "TKEY",
    "TSIG",
    "WALLET",
    "lookup_class",
    "register",
]
