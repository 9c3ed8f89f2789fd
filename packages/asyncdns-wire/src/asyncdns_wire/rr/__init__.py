"""Resource record classes, one per type (asyncdns 0.1's ``rr`` module).

``rr.RR`` is the base; ``rr.Unknown`` holds any type without a class (RFC 3597). Register your
own class with :meth:`RR.register`.
"""

from ._address import AAAA, A
from ._base import RR, Unknown, lookup_class, register
from ._mx import AFSDB, KX, MX, RT, PreferenceNameRR
from ._opt import OPT
from ._single_name import CNAME, DNAME, MB, MD, MF, MG, MR, NS, PTR, SingleNameRR
from ._soa import SOA
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
    "lookup_class",
    "register",
]
