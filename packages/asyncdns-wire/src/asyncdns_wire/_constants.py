"""Numeric constants of the DNS: RR types, classes, opcodes, rcodes, header flags, EDNS options.

Each family is an :class:`enum.IntEnum` (or :class:`enum.IntFlag`); its members are plain ``int``
values too, so ``asyncdns_wire.A == 1``. The module-level names (``A``, ``IN``, ``AA``,
``NXDOMAIN``...) are the ones asyncdns 0.1 documented. Codes without a member (a type assigned
after this release) are still accepted everywhere as plain integers and print as ``TYPE1234`` /
``CLASS1234`` (RFC 3597).
"""

from __future__ import annotations

import enum

__all__ = [
    "EdnsOption",
    "Flag",
    "Opcode",
    "RRClass",
    "RRType",
    "Rcode",
    "rrclass_from_text",
    "rrclass_to_text",
    "rrtype_from_text",
    "rrtype_to_text",
    "rcode_to_text",
    "opcode_to_text",
    "RRTYPE_MEANINGS",
    "A",
    "A6",
    "AA",
    "AAAA",
    "AD",
    "AFSDB",
    "AMTRELAY",
    "ANY",
    "APL",
    "ATMA",
    "AVC",
    "AXFR",
    "BADALG",
    "BADCOOKIE",
    "BADKEY",
    "BADMODE",
    "BADNAME",
    "BADSIG",
    "BADTIME",
    "BADTRUNC",
    "BADVERS",
    "BRID",
    "CAA",
    "CD",
    "CDNSKEY",
    "CDS",
    "CERT",
    "CH",
    "CNAME",
    "CSYNC",
    "DHCID",
    "DLV",
    "DNAME",
    "DNSKEY",
    "DOA",
    "DS",
    "DSO",
    "DSOTYPENI",
    "DSYNC",
    "EID",
    "EUI48",
    "EUI64",
    "FORMERR",
    "GID",
    "GPOS",
    "HHIT",
    "HINFO",
    "HIP",
    "HS",
    "HTTPS",
    "IN",
    "IPSECKEY",
    "IQUERY",
    "ISDN",
    "IXFR",
    "KEY",
    "KX",
    "L32",
    "L64",
    "LOC",
    "LP",
    "MAILA",
    "MAILB",
    "MB",
    "MD",
    "MF",
    "MG",
    "MINFO",
    "MR",
    "MX",
    "NAPTR",
    "NID",
    "NIMLOC",
    "NINFO",
    "NOERROR",
    "NONE",
    "NOTAUTH",
    "NOTIFY",
    "NOTIMP",
    "NOTZONE",
    "NS",
    "NSAP",
    "NSAPPTR",
    "NSEC",
    "NSEC3",
    "NSEC3PARAM",
    "NUL",
    "NXDOMAIN",
    "NXRRSET",
    "NXT",
    "OPENPGPKEY",
    "OPT",
    "PTR",
    "PX",
    "QR",
    "QUERY",
    "RA",
    "RD",
    "REFUSED",
    "RESINFO",
    "RKEY",
    "RP",
    "RRSIG",
    "RT",
    "SERVFAIL",
    "SIG",
    "SINK",
    "SMIMEA",
    "SOA",
    "SPF",
    "SRV",
    "SSHFP",
    "STATUS",
    "SVCB",
    "TA",
    "TALINK",
    "TC",
    "TKEY",
    "TLSA",
    "TSIG",
    "TXT",
    "UID",
    "UINFO",
    "UNSPEC",
    "UPDATE",
    "URI",
    "WALLET",
    "WKS",
    "X25",
    "YXDOMAIN",
    "YXRRSET",
    "Z",
    "ZONEMD",
]


class RRType(enum.IntEnum):
    """Resource record types (IANA "Resource Record (RR) TYPEs")."""

    A = 1
    """IPv4 address."""
    NS = 2
    """Nameserver."""
    MD = 3
    """Mail destination (obsolete)."""
    MF = 4
    """Mail forwarder (obsolete)."""
    CNAME = 5
    """Canonical name record - an alias."""
    SOA = 6
    """Start Of Authority."""
    MB = 7
    """Mailbox domain name (obsolete)."""
    MG = 8
    """Mail group member (obsolete)."""
    MR = 9
    """Mail rename (obsolete)."""
    NUL = 10
    """Null."""
    WKS = 11
    """Well Known Service description (obsolete)."""
    PTR = 12
    """Pointer - for inverse queries."""
    HINFO = 13
    """Host information."""
    MINFO = 14
    """Mailbox or list information (obsolete)."""
    MX = 15
    """Mail eXchanger."""
    TXT = 16
    """Free format text."""
    RP = 17
    """Responsible person."""
    AFSDB = 18
    """AFS database record."""
    X25 = 19
    """X.121 address, as used on X.25 networks."""
    ISDN = 20
    """ISDN address."""
    RT = 21
    """Route record, for X.25 or ISDN."""
    NSAP = 22
    """OSI NSAP address."""
    NSAPPTR = 23
    """NSAP Pointer - for inverse queries."""
    SIG = 24
    """(Old) DNSSEC signature (obsolete)."""
    KEY = 25
    """(Old) DNSSEC key (obsolete)."""
    PX = 26
    """X.400 mail mapping information (obsolete)."""
    GPOS = 27
    """Geographical location (obsolete)."""
    AAAA = 28
    """IPv6 address."""
    LOC = 29
    """Geographical location."""
    NXT = 30
    """(Old) DNSSEC Next record (obsolete)."""
    EID = 31
    """Nimrod Endpoint Identifier (obsolete)."""
    NIMLOC = 32
    """Nimrod Locator (obsolete)."""
    SRV = 33
    """Service locator."""
    ATMA = 34
    """ATM address."""
    NAPTR = 35
    """Naming Authority Pointer - regex rewriting."""
    KX = 36
    """Key exchanger record."""
    CERT = 37
    """Certificate record."""
    A6 = 38
    """Intended to replace AAAA (obsolete)."""
    DNAME = 39
    """Alias for a name and all subnames."""
    SINK = 40
    """Kitchen sink (joke, obsolete)."""
    OPT = 41
    """EDNS option (pseudo-RR)."""
    APL = 42
    """Address Prefix List."""
    DS = 43
    """Delegation Signer record."""
    SSHFP = 44
    """SSH public key fingerprint."""
    IPSECKEY = 45
    """IPsec key."""
    RRSIG = 46
    """DNSSEC signature."""
    NSEC = 47
    """Next Secure record - to prove non-existence."""
    DNSKEY = 48
    """DNSSEC key record."""
    DHCID = 49
    """DHCP identifier."""
    NSEC3 = 50
    """Next Secure record (v3)."""
    NSEC3PARAM = 51
    """NSEC3 parameter record."""
    TLSA = 52
    """TLSA certificate association."""
    SMIMEA = 53
    """S/MIME certificate association."""
    HIP = 55
    """Host Identity Protocol record."""
    NINFO = 56
    """Zone status information."""
    RKEY = 57
    """Resource key."""
    TALINK = 58
    """Trust anchor link."""
    CDS = 59
    """Child DS record."""
    CDNSKEY = 60
    """Child DNSKEY."""
    OPENPGPKEY = 61
    """OpenPGP public key."""
    CSYNC = 62
    """Child-to-parent synchronisation."""
    ZONEMD = 63
    """Message digest for DNS zones."""
    SVCB = 64
    """General-purpose service binding."""
    HTTPS = 65
    """Service binding for HTTPS."""
    DSYNC = 66
    """Endpoint discovery for delegation synchronisation."""
    HHIT = 67
    """Hierarchical Host Identity Tag."""
    BRID = 68
    """UAS broadcast remote identification."""
    SPF = 99
    """SPF record (obsolete)."""
    UINFO = 100
    """Reserved."""
    UID = 101
    """Reserved."""
    GID = 102
    """Reserved."""
    UNSPEC = 103
    """Reserved."""
    NID = 104
    """ILNP node identifier."""
    L32 = 105
    """ILNP 32-bit locator."""
    L64 = 106
    """ILNP 64-bit locator."""
    LP = 107
    """ILNP locator pointer."""
    EUI48 = 108
    """EUI-48 address."""
    EUI64 = 109
    """EUI-64 address."""
    TKEY = 249
    """Transaction key."""
    TSIG = 250
    """Transaction signature."""
    IXFR = 251
    """Incremental zone transfer (pseudo-RR)."""
    AXFR = 252
    """Authoritative zone transfer (pseudo-RR)."""
    MAILB = 253
    """Used to get MB/MG/MR/MINFO records (obsolete)."""
    MAILA = 254
    """Used to retrieve MD or MF records (obsolete)."""
    ANY = 255
    """Return all record types (pseudo-RR)."""
    URI = 256
    """Maps a hostname to a URI."""
    CAA = 257
    """Certificate Authority Authorization."""
    AVC = 258
    """Application visibility and control."""
    DOA = 259
    """Digital object architecture."""
    AMTRELAY = 260
    """Automatic multicast tunneling relay."""
    RESINFO = 261
    """Resolver information."""
    WALLET = 262
    """Public wallet address."""
    TA = 32768
    """DNSSEC Trust Authorities."""
    DLV = 32769
    """DNSSEC Lookaside Validation record."""


class RRClass(enum.IntEnum):
    """Resource record classes."""

    IN = 1
    """Internet."""
    CH = 3
    """Chaos."""
    HS = 4
    """Hesiod."""
    NONE = 254
    """No class (dynamic update, RFC 2136)."""
    ANY = 255
    """Any class (queries only)."""


class Opcode(enum.IntEnum):
    """Message opcodes."""

    QUERY = 0
    IQUERY = 1
    STATUS = 2
    NOTIFY = 4
    UPDATE = 5
    DSO = 6


class Rcode(enum.IntEnum):
    """Response codes, including the extended ones carried partly in EDNS (RFC 6891)."""

    NOERROR = 0
    """No error."""
    FORMERR = 1
    """Format error."""
    SERVFAIL = 2
    """Server failure."""
    NXDOMAIN = 3
    """Non-existent domain."""
    NOTIMP = 4
    """Not implemented."""
    REFUSED = 5
    """Query refused."""
    YXDOMAIN = 6
    """Name exists when it should not."""
    YXRRSET = 7
    """RR set exists when it should not."""
    NXRRSET = 8
    """RR set that should exist does not."""
    NOTAUTH = 9
    """Server not authoritative for zone."""
    NOTZONE = 10
    """Name not contained in zone."""
    DSOTYPENI = 11
    """DSO-TYPE not implemented."""
    BADVERS = 16
    """Bad OPT version."""
    BADSIG = 16
    """TSIG signature failure."""
    BADKEY = 17
    """Key not recognized."""
    BADTIME = 18
    """Signature out of time window."""
    BADMODE = 19
    """Bad TKEY mode."""
    BADNAME = 20
    """Duplicate key name."""
    BADALG = 21
    """Algorithm not supported."""
    BADTRUNC = 22
    """Bad truncation."""
    BADCOOKIE = 23
    """Bad/missing server cookie."""


class Flag(enum.IntFlag):
    """Header flags, at their positions in the 16-bit flags word."""

    QR = 0x8000
    """Query response."""
    AA = 0x0400
    """Authoritative Answer."""
    TC = 0x0200
    """Truncated Response."""
    RD = 0x0100
    """Recursion Desired."""
    RA = 0x0080
    """Recursion Allowed."""
    Z = 0x0040
    """Reserved."""
    AD = 0x0020
    """Authentic Data (DNSSEC)."""
    CD = 0x0010
    """Checking Disabled (DNSSEC)."""


class EdnsOption(enum.IntEnum):
    """EDNS(0) option codes (IANA "DNS EDNS0 Option Codes")."""

    LLQ = 1
    UL = 2
    NSID = 3
    DAU = 5
    DHU = 6
    N3U = 7
    ECS = 8
    """Client subnet (RFC 7871)."""
    EXPIRE = 9
    COOKIE = 10
    """DNS cookies (RFC 7873)."""
    TCP_KEEPALIVE = 11
    PADDING = 12
    """Padding (RFC 7830)."""
    CHAIN = 13
    KEY_TAG = 14
    EDE = 15
    """Extended DNS errors (RFC 8914)."""
    CLIENT_TAG = 16
    SERVER_TAG = 17
    REPORT_CHANNEL = 18
    ZONEVERSION = 19


A = RRType.A
NS = RRType.NS
MD = RRType.MD
MF = RRType.MF
CNAME = RRType.CNAME
SOA = RRType.SOA
MB = RRType.MB
MG = RRType.MG
MR = RRType.MR
NUL = RRType.NUL
WKS = RRType.WKS
PTR = RRType.PTR
HINFO = RRType.HINFO
MINFO = RRType.MINFO
MX = RRType.MX
TXT = RRType.TXT
RP = RRType.RP
AFSDB = RRType.AFSDB
X25 = RRType.X25
ISDN = RRType.ISDN
RT = RRType.RT
NSAP = RRType.NSAP
NSAPPTR = RRType.NSAPPTR
SIG = RRType.SIG
KEY = RRType.KEY
PX = RRType.PX
GPOS = RRType.GPOS
AAAA = RRType.AAAA
LOC = RRType.LOC
NXT = RRType.NXT
EID = RRType.EID
NIMLOC = RRType.NIMLOC
SRV = RRType.SRV
ATMA = RRType.ATMA
NAPTR = RRType.NAPTR
KX = RRType.KX
CERT = RRType.CERT
A6 = RRType.A6
DNAME = RRType.DNAME
SINK = RRType.SINK
OPT = RRType.OPT
APL = RRType.APL
DS = RRType.DS
SSHFP = RRType.SSHFP
IPSECKEY = RRType.IPSECKEY
RRSIG = RRType.RRSIG
NSEC = RRType.NSEC
DNSKEY = RRType.DNSKEY
DHCID = RRType.DHCID
NSEC3 = RRType.NSEC3
NSEC3PARAM = RRType.NSEC3PARAM
TLSA = RRType.TLSA
SMIMEA = RRType.SMIMEA
HIP = RRType.HIP
NINFO = RRType.NINFO
RKEY = RRType.RKEY
TALINK = RRType.TALINK
CDS = RRType.CDS
CDNSKEY = RRType.CDNSKEY
OPENPGPKEY = RRType.OPENPGPKEY
CSYNC = RRType.CSYNC
ZONEMD = RRType.ZONEMD
SVCB = RRType.SVCB
HTTPS = RRType.HTTPS
DSYNC = RRType.DSYNC
HHIT = RRType.HHIT
BRID = RRType.BRID
SPF = RRType.SPF
UINFO = RRType.UINFO
UID = RRType.UID
GID = RRType.GID
UNSPEC = RRType.UNSPEC
NID = RRType.NID
L32 = RRType.L32
L64 = RRType.L64
LP = RRType.LP
EUI48 = RRType.EUI48
EUI64 = RRType.EUI64
TKEY = RRType.TKEY
TSIG = RRType.TSIG
IXFR = RRType.IXFR
AXFR = RRType.AXFR
MAILB = RRType.MAILB
MAILA = RRType.MAILA
URI = RRType.URI
CAA = RRType.CAA
AVC = RRType.AVC
DOA = RRType.DOA
AMTRELAY = RRType.AMTRELAY
RESINFO = RRType.RESINFO
WALLET = RRType.WALLET
TA = RRType.TA
DLV = RRType.DLV
IN = RRClass.IN
CH = RRClass.CH
HS = RRClass.HS
NONE = RRClass.NONE
ANY = RRClass.ANY
QUERY = Opcode.QUERY
IQUERY = Opcode.IQUERY
STATUS = Opcode.STATUS
NOTIFY = Opcode.NOTIFY
UPDATE = Opcode.UPDATE
DSO = Opcode.DSO
NOERROR = Rcode.NOERROR
FORMERR = Rcode.FORMERR
SERVFAIL = Rcode.SERVFAIL
NXDOMAIN = Rcode.NXDOMAIN
NOTIMP = Rcode.NOTIMP
REFUSED = Rcode.REFUSED
YXDOMAIN = Rcode.YXDOMAIN
YXRRSET = Rcode.YXRRSET
NXRRSET = Rcode.NXRRSET
NOTAUTH = Rcode.NOTAUTH
NOTZONE = Rcode.NOTZONE
DSOTYPENI = Rcode.DSOTYPENI
BADVERS = Rcode.BADVERS
BADSIG = Rcode.BADSIG
BADKEY = Rcode.BADKEY
BADTIME = Rcode.BADTIME
BADMODE = Rcode.BADMODE
BADNAME = Rcode.BADNAME
BADALG = Rcode.BADALG
BADTRUNC = Rcode.BADTRUNC
BADCOOKIE = Rcode.BADCOOKIE
QR = Flag.QR
AA = Flag.AA
TC = Flag.TC
RD = Flag.RD
RA = Flag.RA
Z = Flag.Z
AD = Flag.AD
CD = Flag.CD

RRTYPE_MEANINGS: dict[int, str] = {
    1: "IPv4 address",
    2: "Nameserver",
    3: "Mail destination (obsolete)",
    4: "Mail forwarder (obsolete)",
    5: "Canonical name record - an alias",
    6: "Start Of Authority",
    7: "Mailbox domain name (obsolete)",
    8: "Mail group member (obsolete)",
    9: "Mail rename (obsolete)",
    10: "Null",
    11: "Well Known Service description (obsolete)",
    12: "Pointer - for inverse queries",
    13: "Host information",
    14: "Mailbox or list information (obsolete)",
    15: "Mail eXchanger",
    16: "Free format text",
    17: "Responsible person",
    18: "AFS database record",
    19: "X.121 address, as used on X.25 networks",
    20: "ISDN address",
    21: "Route record, for X.25 or ISDN",
    22: "OSI NSAP address",
    23: "NSAP Pointer - for inverse queries",
    24: "(Old) DNSSEC signature (obsolete)",
    25: "(Old) DNSSEC key (obsolete)",
    26: "X.400 mail mapping information (obsolete)",
    27: "Geographical location (obsolete)",
    28: "IPv6 address",
    29: "Geographical location",
    30: "(Old) DNSSEC Next record (obsolete)",
    31: "Nimrod Endpoint Identifier (obsolete)",
    32: "Nimrod Locator (obsolete)",
    33: "Service locator",
    34: "ATM address",
    35: "Naming Authority Pointer - regex rewriting",
    36: "Key exchanger record",
    37: "Certificate record",
    38: "Intended to replace AAAA (obsolete)",
    39: "Alias for a name and all subnames",
    40: "Kitchen sink (joke, obsolete)",
    41: "EDNS option (pseudo-RR)",
    42: "Address Prefix List",
    43: "Delegation Signer record",
    44: "SSH public key fingerprint",
    45: "IPsec key",
    46: "DNSSEC signature",
    47: "Next Secure record - to prove non-existence",
    48: "DNSSEC key record",
    49: "DHCP identifier",
    50: "Next Secure record (v3)",
    51: "NSEC3 parameter record",
    52: "TLSA certificate association",
    53: "S/MIME certificate association",
    55: "Host Identity Protocol record",
    56: "Zone status information",
    57: "Resource key",
    58: "Trust anchor link",
    59: "Child DS record",
    60: "Child DNSKEY",
    61: "OpenPGP public key",
    62: "Child-to-parent synchronisation",
    63: "Message digest for DNS zones",
    64: "General-purpose service binding",
    65: "Service binding for HTTPS",
    66: "Endpoint discovery for delegation synchronisation",
    67: "Hierarchical Host Identity Tag",
    68: "UAS broadcast remote identification",
    99: "SPF record (obsolete)",
    100: "Reserved",
    101: "Reserved",
    102: "Reserved",
    103: "Reserved",
    104: "ILNP node identifier",
    105: "ILNP 32-bit locator",
    106: "ILNP 64-bit locator",
    107: "ILNP locator pointer",
    108: "EUI-48 address",
    109: "EUI-64 address",
    249: "Transaction key",
    250: "Transaction signature",
    251: "Incremental zone transfer (pseudo-RR)",
    252: "Authoritative zone transfer (pseudo-RR)",
    253: "Used to get MB/MG/MR/MINFO records (obsolete)",
    254: "Used to retrieve MD or MF records (obsolete)",
    255: "Return all record types (pseudo-RR)",
    256: "Maps a hostname to a URI",
    257: "Certificate Authority Authorization",
    258: "Application visibility and control",
    259: "Digital object architecture",
    260: "Automatic multicast tunneling relay",
    261: "Resolver information",
    262: "Public wallet address",
    32768: "DNSSEC Trust Authorities",
    32769: "DNSSEC Lookaside Validation record",
}
"""What each known RR type is for, keyed by number."""

# Presentation mnemonics where they differ from the Python-safe member name.
_TYPE_TEXT: dict[int, str] = {int(t): t.name for t in RRType}
_TYPE_TEXT[RRType.NUL] = "NULL"
_TYPE_TEXT[RRType.NSAPPTR] = "NSAP-PTR"
_TYPE_FROM_TEXT: dict[str, int] = {v: k for k, v in _TYPE_TEXT.items()}
_TYPE_FROM_TEXT["NUL"] = RRType.NUL
_TYPE_FROM_TEXT["NSAPPTR"] = RRType.NSAPPTR
_TYPE_FROM_TEXT["*"] = RRType.ANY
_CLASS_TEXT: dict[int, str] = {int(c): c.name for c in RRClass}
_CLASS_TEXT[2] = "CS"
_CLASS_FROM_TEXT: dict[str, int] = {v: k for k, v in _CLASS_TEXT.items()}
_RCODE_TEXT: dict[int, str] = {
    0: "No error",
    1: "Format error",
    2: "Server failure",
    3: "Non-existent domain",
    4: "Not implemented",
    5: "Query refused",
    6: "Name exists when it should not",
    7: "RR set exists when it should not",
    8: "RR set that should exist does not",
    9: "Server not authoritative for zone",
    10: "Name not contained in zone",
    11: "DSO-TYPE not implemented",
    16: "Bad OPT version",
    17: "Key not recognized",
    18: "Signature out of time window",
    19: "Bad TKEY mode",
    20: "Duplicate key name",
    21: "Algorithm not supported",
    22: "Bad truncation",
    23: "Bad/missing server cookie",
}
_RCODE_TEXT[16] = "Bad OPT version or TSIG signature failure"
_OPCODE_TEXT: dict[int, str] = {int(o): o.name for o in Opcode}


def _from_text(table: dict[str, int], prefix: str, text: str, what: str) -> int:
    """A mnemonic from *table* (case-insensitive), or RFC 3597's ``<prefix>nnn`` form."""
    value = table.get(text.upper())
    if value is not None:
        return value
    digits = text[len(prefix) :]
    if text[: len(prefix)].upper() == prefix and digits.isascii() and digits.isdigit():
        number = int(digits)
        if number <= 0xFFFF:
            return number
    raise ValueError(f"unknown {what} {text!r}")


def rrtype_to_text(rr_type: int) -> str:
    """The mnemonic of an RR type, or ``TYPEnnn`` (RFC 3597) for one without a name."""
    text = _TYPE_TEXT.get(rr_type)
    return text if text is not None else f"TYPE{int(rr_type)}"


def rrtype_from_text(text: str) -> int:
    """Parse an RR type mnemonic (case-insensitive) or ``TYPEnnn``.

    Raises:
        ValueError: the text names no RR type.
    """
    return _from_text(_TYPE_FROM_TEXT, "TYPE", text, "RR type")


def rrclass_to_text(rr_class: int) -> str:
    """The mnemonic of an RR class, or ``CLASSnnn`` (RFC 3597)."""
    text = _CLASS_TEXT.get(rr_class)
    return text if text is not None else f"CLASS{int(rr_class)}"


def rrclass_from_text(text: str) -> int:
    """Parse an RR class mnemonic (case-insensitive) or ``CLASSnnn``.

    Raises:
        ValueError: the text names no RR class.
    """
    return _from_text(_CLASS_FROM_TEXT, "CLASS", text, "RR class")


def rcode_to_text(rcode: int) -> str:
    """A human description of an rcode, as asyncdns 0.1 printed it (``No error``...)."""
    text = _RCODE_TEXT.get(rcode)
    return text if text is not None else f"Unknown rcode ({int(rcode)})"


def opcode_to_text(opcode: int) -> str:
    """The mnemonic of an opcode, or ``OPCODEn``."""
    text = _OPCODE_TEXT.get(opcode)
    return text if text is not None else f"OPCODE{int(opcode)}"
