"""The zones the interop tests serve from NSD: every common record type, a delegation, CNAME
chains, a wildcard, an IDN name, a reverse zone and an RRset too large for UDP.

Addresses come from the documentation ranges only (198.51.100.0/24, 203.0.113.0/24,
2001:db8::/32). Keys, digests and fingerprints are made up (right sizes, no meaning).
"""

from __future__ import annotations

__all__ = ["BIG_AAAA_COUNT", "BIG_TXT_COUNT", "EXAMPLE_ZONE", "REVERSE_ZONE", "ZONES"]

#: Records in ``big.example.test AAAA``: 60 x 28 octets, well past 1232 (UDP is truncated).
BIG_AAAA_COUNT = 60
#: Records in ``bigtxt.example.test TXT``: 100 strings of 40 octets.
BIG_TXT_COUNT = 100

_BIG_AAAA = "\n".join(f"big 600 AAAA 2001:db8:b16::{i:x}" for i in range(1, BIG_AAAA_COUNT + 1))
_BIG_TXT = "\n".join(
    f'bigtxt 600 TXT "record {i:03d} of a large text RRset ..........."'
    for i in range(BIG_TXT_COUNT)
)

EXAMPLE_ZONE = f"""\
$ORIGIN example.test.
$TTL 3600
@       IN SOA   ns1.example.test. hostmaster.example.test. 2024060101 7200 3600 1209600 300
@          NS    ns1
@          NS    ns2.example.test.
ns1        A     198.51.100.53
ns1        AAAA  2001:db8::53
ns2        A     203.0.113.53
www    300 A     198.51.100.10
www    300 AAAA  2001:db8::10
multi      A     198.51.100.1
multi      A     198.51.100.2
multi      A     198.51.100.3
; a delegation with in-bailiwick glue, and a DS at the cut
child      NS    ns.child
child      NS    ns2.child
ns.child   A     198.51.100.54
ns.child   AAAA  2001:db8::54
ns2.child  A     203.0.113.54
child      DS    12345 13 2 58C166479C87BF482A170EBCA45C86985100BB1D485AF31F148710EA1C5EDF70
; a CNAME chain of three hops
c1         CNAME c2
c2         CNAME c3
c3     120 CNAME target
target  60 A     198.51.100.20
; a CNAME leaving the zone
out        CNAME www.elsewhere.test.
; a wildcard
*.wild     A     198.51.100.30
*.wild     TXT   "from the wildcard"
@          MX    10 mail
@          MX    20 mail2.example.test.
mail       A     198.51.100.25
mail2      AAAA  2001:db8::25
@          TXT   "v=spf1 -all"
txt        TXT   "first string" "second string" "a \\"quoted\\" one; semicolon" "" "caf\\195\\169"
_sip._tcp  SRV   10 60 5060 sip
_sip._tcp  SRV   20 0 5061 sip2.example.test.
sip        A     198.51.100.70
@          CAA   0 issue "ca.example.net"
@          CAA   0 issuewild ";"
@          CAA   128 iodef "mailto:security@example.test"
ssh        SSHFP 4 2 5245585e392ffcec0b40c74a6295a34ad84c5d27724fba418d1f9a9aedbe3a62
ssh        SSHFP 1 1 dd465c09cfa51fb45020cc83316fff21b9ec74ac
_443._tcp.www TLSA 3 1 1 538170a610fb661aae6623c2660eb689936dd0db80dec971e86f4700e3deeb71
naptr      NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.test.
naptr      NAPTR 102 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .
@          DNSKEY 257 3 13 NPU6jRakT++HobZNdcp+u3Cv+YhWZK+3uqrTejDiy/KWwfr93Q/goMVnUmHn+787FjlbhL6JGFsuVyaEbHA7lQ==
@          DNSKEY 256 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==
svc        SVCB  1 svc-target.example.test. alpn="h2,h3" port=8443 ipv4hint=198.51.100.40 ipv6hint=2001:db8::40
svc        SVCB  0 www.example.test.
@          HTTPS 1 . alpn="h2" ipv6hint=2001:db8::443
loc        LOC   52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m
_http._tcp URI   10 1 "https://www.example.test/"
ptr        PTR   www.example.test.
xn--bcher-kva A  198.51.100.60
{_BIG_AAAA}
{_BIG_TXT}
"""

REVERSE_ZONE = """\
$ORIGIN 100.51.198.in-addr.arpa.
$TTL 3600
@    IN SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
@       NS  ns1.example.test.
10      PTR www.example.test.
25      PTR mail.example.test.
"""

#: What the interop NSD serves: origin to zone text.
ZONES = {"example.test": EXAMPLE_ZONE, "100.51.198.in-addr.arpa": REVERSE_ZONE}
