"""Resource record classes, one per type (asyncdns 0.1's ``rr`` module).

``rr.RR`` is the base; ``rr.Unknown`` holds any type without a class (RFC 3597). Register your
own class with :meth:`RR.register`.
"""

from ._address import AAAA, A
from ._base import RR, Unknown, lookup_class, register
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
from ._mx import AFSDB, KX, MX, RT, PreferenceNameRR
from ._nsec import CSYNC, NSEC, NSEC3, NSEC3PARAM, NSEC3ParamsRR
from ._opt import OPT
from ._single_name import CNAME, DNAME, MB, MD, MF, MG, MR, NS, PTR, SingleNameRR
from ._soa import SOA
from ._svcb import HTTPS, SVCB, SVCBBase, SvcParamKey
from ._txt import SPF, TXT, TextRR

__all__ = [
    "A",
    "AAAA",
    "AFSDB",
    "CNAME",
    "DNAME",
    "KX",
    "MB",
    "MD",
    "MF",
    "MG",
    "MR",
    "MX",
    "NS",
    "OPT",
    "PTR",
    "PreferenceNameRR",
    "RR",
    "RT",
    "SOA",
    "SPF",
    "SingleNameRR",
    "TXT",
    "TextRR",
    "Unknown",
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
    "lookup_class",
    "register",
]
