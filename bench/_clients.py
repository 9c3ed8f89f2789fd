"""The clients ``bench/resolver.py`` races: ours, dnspython, aiodns and a minimal UDP client.

Each adapter turns ``lookup(name)`` (an absolute name without its trailing dot) into whatever
the library wants, and ``address(result)`` reads the first IPv4 address of the answer back (the
sanity check before timing). Every client is pointed at one ``(host, port)`` on loopback and
nothing else: aiodns reads a private resolv.conf naming that server, never the machine's.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import dns.asyncresolver
import dns.resolver

from asyncdns_resolvers import Resolver, ResolverOptions
from asyncdns_wire import A, Message, Query

__all__ = ["AiodnsClient", "Client", "DnspythonClient", "MinimalClient", "OursClient"]

Server = tuple[str, int]


class Client:
    """The interface: ``lookup`` returns an awaitable; ``address`` reads the answer."""

    name = "?"

    async def start(self) -> None:
        """Open whatever needs a running loop."""

    def lookup(self, name: str) -> Awaitable[Any]:
        """Ask for the A records of *name*."""
        raise NotImplementedError

    def address(self, result: Any) -> str:
        """The first IPv4 address in *result*."""
        raise NotImplementedError

    async def close(self) -> None:
        """Release every socket."""


class OursClient(Client):
    """asyncdns's :class:`Resolver`; *cache* chooses ``should_cache``."""

    name = "ours"

    def __init__(
        self, server: Server, *, cache: bool, options: ResolverOptions | None = None
    ) -> None:
        self.server = server
        self.cache = cache
        self.resolver = Resolver(options)

    def lookup(self, name: str) -> Awaitable[Message]:
        return self.resolver.lookup(Query(name, A), self.server, should_cache=self.cache)

    def address(self, result: Message) -> str:
        return str(result.answers[0].address)  # type: ignore[attr-defined]

    async def close(self) -> None:
        self.resolver.close()


class DnspythonClient(Client):
    """``dns.asyncresolver.Resolver(configure=False)``, with no cache or an ``LRUCache``."""

    name = "dnspython"

    def __init__(self, server: Server, *, cache: bool) -> None:
        res = dns.asyncresolver.Resolver(configure=False)
        res.nameservers = [server[0]]
        res.port = server[1]
        res.cache = dns.resolver.LRUCache() if cache else None
        res.timeout = 2.0
        res.lifetime = 5.0
        self.resolver = res

    def lookup(self, name: str) -> Awaitable[dns.resolver.Answer]:
        return self.resolver.resolve(name + ".", "A", search=False)

    def address(self, result: dns.resolver.Answer) -> str:
        return str(result[0].address)


class AiodnsClient(Client):
    """``aiodns.DNSResolver`` (c-ares) with the server's port as ``udp_port``/``tcp_port``.

    c-ares reads a resolv.conf when its channel opens: it is given one of its own, in
    *workdir*, naming only the loopback server, so the machine's is never read. Distinct names
    keep c-ares's query cache out of the uncached figures.
    """

    name = "aiodns"

    def __init__(self, server: Server, workdir: Path) -> None:
        self.server = server
        self.resolv_conf = workdir / "aiodns-resolv.conf"
        self.resolv_conf.write_text(
            f"nameserver {server[0]}\noptions ndots:1 attempts:2 timeout:2\n"
        )
        self.resolver: Any = None

    async def start(self) -> None:
        import aiodns

        host, port = self.server
        self.resolver = aiodns.DNSResolver(
            nameservers=[host],
            udp_port=port,
            tcp_port=port,
            timeout=2.0,
            tries=2,
            resolvconf_path=str(self.resolv_conf),
        )

    def lookup(self, name: str) -> Awaitable[Any]:
        return self.resolver.query_dns(name, "A")  # type: ignore[no-any-return]

    def address(self, result: Any) -> str:
        return str(result.answer[0].data.addr)

    async def close(self) -> None:
        if self.resolver is not None:
            await self.resolver.close()


class _MinimalProtocol(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.waiting: dict[int, asyncio.Future[bytes]] = {}

    def datagram_received(self, data: bytes, addr: Any) -> None:
        fut = self.waiting.pop(data[0] << 8 | data[1], None)
        if fut is not None and not fut.done():
            fut.set_result(data)


_HEAD = struct.Struct(">HHHHHH")
_TAIL = b"\x00\x01\x00\x01" + b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00"  # A IN, OPT 1232


class MinimalClient(Client):
    """The floor of any Python client: one connected datagram endpoint, sequential IDs, a dict
    from ID to future, the raw reply bytes as the result. No validation, no retry, no decoding.

    ``decode=True`` adds ``Message.from_wire`` (the same floor with our decoder on top);
    ``timeout=S`` makes each lookup a coroutine that awaits its reply through
    ``asyncio.wait_for(..., S)``, as a hand-written client that cannot hang forever does.
    """

    def __init__(
        self, server: Server, *, decode: bool = False, timeout: float | None = None
    ) -> None:
        self.server = server
        self.decode = decode
        self.timeout = timeout
        self.name = "minimal+decode" if decode else "minimal+timeout" if timeout else "minimal"
        self.transport: asyncio.DatagramTransport | None = None
        self.protocol = _MinimalProtocol()
        self.next_id = 0

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in self.server[0] else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            # 256 replies arriving at once overflow the default receive buffer, and this client
            # never retransmits: 1 MiB, as our Resolver asks for its sockets.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            sock.setblocking(False)
            sock.connect(self.server)
        except OSError:
            sock.close()
            raise
        self.transport, _ = await loop.create_datagram_endpoint(lambda: self.protocol, sock=sock)

    async def _decoded(self, fut: asyncio.Future[bytes]) -> Message:
        return Message.from_wire(await fut)

    async def _bounded(self, fut: asyncio.Future[bytes], timeout: float) -> bytes:
        return await asyncio.wait_for(fut, timeout)

    def lookup(self, name: str) -> Awaitable[Any]:
        msg_id = self.next_id = (self.next_id + 1) & 0xFFFF
        qname = (
            b"".join(bytes((len(label),)) + label for label in name.encode().split(b".")) + b"\x00"
        )
        fut: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self.protocol.waiting[msg_id] = fut
        assert self.transport is not None
        self.transport.sendto(_HEAD.pack(msg_id, 0x0100, 1, 0, 0, 1) + qname + _TAIL)
        if self.decode:
            return self._decoded(fut)
        return fut if self.timeout is None else self._bounded(fut, self.timeout)

    def address(self, result: Any) -> str:
        if self.decode:
            return str(result.answers[0].address)
        message = Message.from_wire(result)
        return str(message.answers[0].address)  # type: ignore[attr-defined]

    async def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
            self.transport = None
            await asyncio.sleep(0)  # let the transport's connection_lost run
