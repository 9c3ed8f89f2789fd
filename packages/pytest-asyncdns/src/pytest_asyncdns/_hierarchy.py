"""A root -> TLD -> authoritative tree of fake servers, defined as data.

Every server listens on its own loopback address (``{net}.N``, default ``127.0.1.N``) and all
of them on one common port, picked once per hierarchy, so glue records (addresses only) are
enough for a resolver to walk the tree: it reaches every server by ``(address, port)`` with
the port from :attr:`Hierarchy.root_hints`. The zone texts (:func:`zone_texts`) are plain zone
files, reusable by other servers (an NSD interop test, say).

The tree (names reserved by RFC 2606/6761; record data in 198.51.100.0/24, 203.0.113.0/24
and 2001:db8::/32):

* ``.`` on ``root`` (.1): delegates ``test.`` and ``example.`` with glue.
* ``test.`` on ``tld-test`` (.2): ``example.test.`` (two servers, with glue),
  ``glueless.test.`` (NS ``ns-glueless.example.test.``: glueless, sibling zone),
  ``oob.test.`` (NS ``ns.oob.example.`` with *out-of-bailiwick glue* pointing at the
  ``poison`` server: a resolver must ignore it), ``lame.test.`` (NS ``ns1`` answers REFUSED,
  ``ns2`` answers non-authoritatively with an upward referral, ``ns3`` is good),
  ``alllame.test.`` (only the two lame servers) and ``silent.test.`` (a server that never
  answers).
* ``example.`` on ``tld-example`` (.3): ``other.example.`` (NS in another TLD, glueless) and
  the real address of ``ns.oob.example.``.
* ``example.test.`` on ``example-test-1``/``-2`` (.10, .11): addresses, CNAME chains, a CNAME
  into another TLD (``cross``), CNAME loops (``loop1``/``loop2``, and ``xloop`` across zones),
  a dangling CNAME, a wildcard (``*.wild``), a DNAME (``dname`` -> ``other.example.``) and an
  empty non-terminal (``deep``).
* ``glueless.test.``, ``other.example.``, ``oob.test.`` on ``glueless`` (.12).
* ``oob.test.`` with poisoned data on ``poison`` (.66), reachable only through bogus glue.
"""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass
from typing import Any, Self

from dnslib import DNSLabel

from ._answer import reply_skeleton
from ._querylog import QueryRecord
from ._server import FakeDNSServer
from ._serving import Serving
from ._zone import parse_zone_text

_SOA = "1 1800 900 604800 300"

ZONES: dict[str, str] = {
    ".": f"""
. 86400 SOA a.root-servers.test. hostmaster.root-servers.test. {_SOA}
. 86400 NS a.root-servers.test.
test. 86400 NS ns1.nic.test.
example. 86400 NS ns1.nic.example.
a.root-servers.test. 86400 A {{net}}.1
ns1.nic.test. 86400 A {{net}}.2
ns1.nic.example. 86400 A {{net}}.3
""",
    "test.": f"""
$ORIGIN test.
$TTL 3600
@ SOA ns1.nic.test. hostmaster.nic.test. {_SOA}
@ NS ns1.nic.test.
ns1.nic A {{net}}.2
a.root-servers A {{net}}.1
example NS ns1.example.test.
example NS ns2.example.test.
ns1.example A {{net}}.10
ns2.example A {{net}}.11
glueless NS ns-glueless.example.test.
oob NS ns.oob.example.
ns.oob.example. A {{net}}.66
lame NS ns1.lame.test.
lame NS ns2.lame.test.
lame NS ns3.lame.test.
ns1.lame A {{net}}.20
ns2.lame A {{net}}.21
ns3.lame A {{net}}.22
alllame NS ns1.lame.test.
alllame NS ns2.lame.test.
silent NS ns1.silent.test.
ns1.silent A {{net}}.30
""",
    "example.": f"""
$ORIGIN example.
$TTL 3600
@ SOA ns1.nic.example. hostmaster.nic.example. {_SOA}
@ NS ns1.nic.example.
ns1.nic A {{net}}.3
ns.oob A {{net}}.12
other NS ns-glueless.example.test.
""",
    "example.test.": f"""
$ORIGIN example.test.
$TTL 3600
@ SOA ns1.example.test. hostmaster.example.test. {_SOA}
@ NS ns1.example.test.
@ NS ns2.example.test.
ns1 A {{net}}.10
ns2 A {{net}}.11
ns-glueless A {{net}}.12
www A 198.51.100.10
www AAAA 2001:db8::10
mail MX 10 mx.example.test.
mx A 198.51.100.25
txt TXT "hello from example.test"
alias CNAME www.example.test.
chain CNAME alias.example.test.
cross CNAME www.other.example.
dangling CNAME nowhere.example.test.
loop1 CNAME loop2.example.test.
loop2 CNAME loop1.example.test.
xloop CNAME xloop.other.example.
*.wild A 198.51.100.30
dname DNAME other.example.
leaf.deep TXT "deep is an empty non-terminal"
""",
    "other.example.": f"""
$ORIGIN other.example.
$TTL 3600
@ SOA ns-glueless.example.test. hostmaster.other.example. {_SOA}
@ NS ns-glueless.example.test.
www A 198.51.100.20
xloop CNAME xloop.example.test.
""",
    "glueless.test.": f"""
$ORIGIN glueless.test.
$TTL 3600
@ SOA ns-glueless.example.test. hostmaster.glueless.test. {_SOA}
@ NS ns-glueless.example.test.
www A 198.51.100.40
""",
    "oob.test.": f"""
$ORIGIN oob.test.
$TTL 3600
@ SOA ns.oob.example. hostmaster.oob.test. {_SOA}
@ NS ns.oob.example.
www A 198.51.100.66
""",
    "lame.test.": f"""
$ORIGIN lame.test.
$TTL 3600
@ SOA ns3.lame.test. hostmaster.lame.test. {_SOA}
@ NS ns1.lame.test.
@ NS ns2.lame.test.
@ NS ns3.lame.test.
ns1 A {{net}}.20
ns2 A {{net}}.21
ns3 A {{net}}.22
www A 198.51.100.50
""",
}

#: The poisoned copy of ``oob.test.`` served only by the server behind the bogus glue.
POISON_ZONE = f"""
$ORIGIN oob.test.
$TTL 3600
@ SOA ns.oob.example. hostmaster.oob.test. {_SOA}
@ NS ns.oob.example.
www A 203.0.113.66
"""


@dataclass(frozen=True)
class ServerSpec:
    """One server of the tree: a label, the last octet of its address, zones, a mode.

    *mode* is ``"normal"``, ``"refused"`` (lame: REFUSED to everything), ``"nonauth"``
    (lame: a non-authoritative upward referral to the root) or ``"silent"`` (never answers).
    """

    label: str
    host: int
    zones: tuple[str, ...] = ()
    mode: str = "normal"


SERVERS: tuple[ServerSpec, ...] = (
    ServerSpec("root", 1, (".",)),
    ServerSpec("tld-test", 2, ("test.",)),
    ServerSpec("tld-example", 3, ("example.",)),
    ServerSpec("example-test-1", 10, ("example.test.",)),
    ServerSpec("example-test-2", 11, ("example.test.",)),
    ServerSpec("glueless", 12, ("glueless.test.", "other.example.", "oob.test.")),
    ServerSpec("lame-refused", 20, (), "refused"),
    ServerSpec("lame-nonauth", 21, (), "nonauth"),
    ServerSpec("lame-good", 22, ("lame.test.",)),
    ServerSpec("silent", 30, (), "silent"),
    ServerSpec("poison", 66, ("poison:oob.test.",)),
)


@dataclass(frozen=True)
class RootHint:
    """Where a resolver starts: a root server's name, address and port."""

    name: str
    address: str
    port: int


def zone_texts(net: str = "127.0.1") -> dict[str, str]:
    """Every real zone of the tree as zone-file text, keyed by origin."""
    return {origin: text.format(net=net) for origin, text in ZONES.items()}


class Hierarchy(Serving):
    """The running tree: one :class:`FakeDNSServer` per :data:`SERVERS` entry.

    ``with Hierarchy() as h: resolve(h.root_hints, ...)``. :attr:`servers` maps labels to
    servers, so a test can script any of them (``h.servers["tld-test"].on(...)``).
    """

    def __init__(self, *, net: str = "127.0.1", port: int = 0, strict: bool = True) -> None:
        self.net = net
        self.strict = strict
        self._requested_port = port
        self.port = port
        self.servers: dict[str, FakeDNSServer] = {}

    def address_of(self, label: str) -> str:
        """The loopback address of the server labelled *label*."""
        spec = next(s for s in SERVERS if s.label == label)
        return f"{self.net}.{spec.host}"

    def zone_texts(self) -> dict[str, str]:
        """See :func:`zone_texts` (with this hierarchy's addresses)."""
        return zone_texts(self.net)

    @property
    def root_hints(self) -> list[RootHint]:
        """The root servers as :class:`RootHint` (name, address, the common port)."""
        return [RootHint("a.root-servers.test.", self.address_of("root"), self.port)]

    def root_hints_text(self) -> str:
        """The root hints as a zone fragment (``named.root`` style; the port is not in it)."""
        return "".join(
            f". 3600000 NS {h.name}\n{h.name} 3600000 A {h.address}\n" for h in self.root_hints
        )

    def start(self) -> Self:
        """Start every server on one common port (retrying on a collision)."""
        texts = self.zone_texts()
        for _ in range(20 if self._requested_port == 0 else 1):
            try:
                self._start_all(texts)
                return self
            except OSError as exc:
                self.close()
                if self._requested_port != 0 or exc.errno != errno.EADDRINUSE:
                    raise
        raise OSError("no port free on every hierarchy address")

    def _start_all(self, texts: dict[str, str]) -> None:
        port = self._requested_port
        for spec in SERVERS:
            server = FakeDNSServer(self.address_of(spec.label), port, name=spec.label)
            server.strict = self.strict
            self.servers[spec.label] = server
            server.start()
            port = server.port
            self._configure(server, spec, texts)
        self.port = port

    def _configure(self, server: FakeDNSServer, spec: ServerSpec, texts: dict[str, str]) -> None:
        for origin in spec.zones:
            if origin.startswith("poison:"):
                server.add_zone(POISON_ZONE.format(net=self.net))
            else:
                server.add_zone(texts[origin])
        if spec.mode == "refused":
            server.on().rcode("REFUSED")
        elif spec.mode == "silent":
            server.on().drop()
        elif spec.mode == "nonauth":
            root = parse_zone_text(texts["."])
            referral = [rr for rr in root if rr.rtype == 2 and not DNSLabel(rr.rname).label]
            glue = [rr for rr in root if rr.rtype == 1 and rr.rname == referral[0].rdata.label]

            def upward(query: QueryRecord) -> Any:
                reply = reply_skeleton(query.message)
                reply.auth = list(referral)
                reply.ar = list(glue)
                return reply

            server.on().respond(upward)

    def close(self) -> None:
        """Stop every server."""
        for server in self.servers.values():
            with contextlib.suppress(Exception):
                server.close()
        self.servers = {}

    @property
    def queries(self) -> list[tuple[str, QueryRecord]]:
        """Every query any server received, as ``(label, query)``, in arrival order."""
        out = [(label, q) for label, s in self.servers.items() for q in s.queries]
        return sorted(out, key=lambda item: item[1].time)

    def verify(self) -> list[str]:
        """The strict-mode problems of every server."""
        return [p for s in self.servers.values() for p in s.verify()]
