"""Hand-built replies and a socket-free driver for the :class:`Walk` unit tests.

A :class:`Net` maps server addresses to handlers ``(Query) -> Message | Exception``; :func:`run`
drives a walk against it with a fake clock, bounded in steps. Server addresses are loopback
(never contacted: there are no sockets here); record data comes from 198.51.100.0/24,
203.0.113.0/24 and 2001:db8::/32.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from asyncdns_resolvers._walk import Ask, Done, Walk
from asyncdns_wire import AA, NXDOMAIN, QR, Message, Query, rr

PORT = 53
Handler = Callable[[Query], "Message | BaseException"]


def server(last: int) -> tuple[str, int]:
    """The loopback server ``127.0.1.<last>`` on port 53."""
    return (f"127.0.1.{last}", PORT)


def soa(zone: str, ttl: int = 300) -> rr.SOA:
    """The SOA of *zone*."""
    origin = zone.rstrip(".") or "."
    mname = "ns1." + origin if origin != "." else "a.root-servers.test"
    return rr.SOA(origin, ttl, mname, "hostmaster." + mname, 1, 1800, 900, 604800, 300)


def referral(
    q: Query,
    cut: str,
    ns: Sequence[str],
    glue: Mapping[str, Sequence[str]] | None = None,
    *,
    extra: Iterable[rr.RR] = (),
    ttl: int = 3600,
) -> Message:
    """A referral to *cut* (NS *ns*), with *glue* (name -> addresses) and *extra* additional."""
    additional: list[rr.RR] = []
    for name, addresses in (glue or {}).items():
        for address in addresses:
            cls = rr.AAAA if ":" in address else rr.A
            additional.append(cls(name, ttl, address))
    additional.extend(extra)
    return Message(
        flags=int(QR),
        questions=[q],
        authorities=[rr.NS(cut, ttl, n) for n in ns],
        additional=additional,
    )


def answer(
    q: Query,
    records: Iterable[rr.RR] = (),
    *,
    rcode: int = 0,
    authority: Iterable[rr.RR] = (),
    aa: bool = True,
) -> Message:
    """An answer to *q* (authoritative unless ``aa=False``)."""
    return Message(
        flags=int(QR | AA) if aa else int(QR),
        rcode=rcode,
        questions=[q],
        answers=list(records),
        authorities=list(authority),
    )


def nxdomain(q: Query, zone: str) -> Message:
    """An authoritative NXDOMAIN with *zone*'s SOA."""
    return answer(q, rcode=NXDOMAIN, authority=[soa(zone)])


def nodata(q: Query, zone: str) -> Message:
    """An authoritative NODATA with *zone*'s SOA."""
    return answer(q, authority=[soa(zone)])


@dataclass
class Net:
    """Servers by address: each a handler of the questions it gets."""

    handlers: dict[str, Handler]
    asked: list[tuple[str, str, int]] = field(default_factory=list)

    def respond(self, step: Ask) -> Message | BaseException:
        """The reply (or failure) for *step*; unknown servers time out."""
        name = step.query.name.decode()
        self.asked.append((step.server[0], name, step.query.q_type))
        handler = self.handlers.get(step.server[0])
        if handler is None:
            return TimeoutError("no reply")
        return handler(step.query)

    def questions(self, address: str | None = None) -> list[tuple[str, int]]:
        """``(name, type)`` asked (of *address*, or of any server)."""
        return [(n, t) for a, n, t in self.asked if address is None or a == address]


def run(walk: Walk, net: Net, *, max_steps: int = 200, tick: float = 0.01) -> Done:
    """Drive *walk* against *net* until it is done (AssertionError after *max_steps*)."""
    now = 100.0
    for _ in range(max_steps):
        step = walk.next_step(now)
        if isinstance(step, Done):
            return step
        outcome = net.respond(step)
        now += tick
        if isinstance(outcome, Message):
            walk.on_reply(step, outcome, now)
        else:
            walk.on_failure(step, outcome, now)
    raise AssertionError(f"the walk did not end in {max_steps} steps: {net.asked}")


def keep_order(n: int) -> int:
    """A deterministic ``rng``: NS names keep their order and the last usable server is picked."""
    return n - 1


def under(q: Query, zone: str) -> bool:
    """Whether the name of *q* is *zone* or below it."""
    name = q.name.decode().lower()
    zone = zone.lower()
    return zone == "." or name == zone or name.endswith("." + zone)


def root(q: Query) -> Message:
    """The root: delegates ``test.`` (glue 127.0.1.2) and ``example.`` (glue 127.0.1.3)."""
    if under(q, "test"):
        return referral(q, "test", ["ns1.nic.test"], {"ns1.nic.test": ["127.0.1.2"]})
    if under(q, "example"):
        return referral(q, "example", ["ns1.nic.example"], {"ns1.nic.example": ["127.0.1.3"]})
    return nxdomain(q, ".")


def tld_test(q: Query) -> Message:
    """``test.``: delegates ``example.test.`` to ns1/ns2 (glue .10, .11)."""
    if under(q, "example.test"):
        return referral(
            q,
            "example.test",
            ["ns1.example.test", "ns2.example.test"],
            {"ns1.example.test": ["127.0.1.10"], "ns2.example.test": ["127.0.1.11"]},
        )
    if q.name == b"test":
        return nodata(q, "test")
    return nxdomain(q, "test")


def example_test(q: Query) -> Message:
    """``example.test.``: ``www`` A 198.51.100.10, everything else NXDOMAIN."""
    if q.name.lower() == b"www.example.test" and q.q_type == 1:
        return answer(q, [rr.A("www.example.test", 3600, "198.51.100.10")])
    if q.name.lower() in (b"example.test", b"www.example.test"):
        return nodata(q, "example.test")
    return nxdomain(q, "example.test")


def tree(**more: Handler) -> Net:
    """root (.1), test. (.2), example.test. (.10 and .11), plus *more* (last octet -> handler,
    keyed as ``s<N>``)."""
    handlers: dict[str, Handler] = {
        "127.0.1.1": root,
        "127.0.1.2": tld_test,
        "127.0.1.10": example_test,
        "127.0.1.11": example_test,
    }
    for key, handler in more.items():
        handlers[f"127.0.1.{int(key[1:])}"] = handler
    return Net(handlers)
