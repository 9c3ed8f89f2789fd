"""asyncdns.getaddrinfo: the shape, flags and error codes of socket.getaddrinfo, names resolved
by an asyncdns resolver (a fake server on loopback; files of the test's own)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

import asyncdns
from asyncdns import NameNotFound, Trace
from asyncdns_system import SmartResolver, SystemResolver
from pytest_asyncdns import FakeDNSServer

from .conftest import ZONES, global_sources

pytestmark = pytest.mark.asyncdns(zones=ZONES)

EAI_NODATA = getattr(socket, "EAI_NODATA", socket.EAI_NONAME)


def numeric(host: str, port: Any, family: int = 0, type: int = 0, flags: int = 0) -> list[Any]:
    """What the standard library says for an address literal (no DNS involved)."""
    return socket.getaddrinfo(host, port, family, type, 0, flags | socket.AI_NUMERICHOST)


async def test_a_name_gives_every_address_and_socket_type(system: SystemResolver) -> None:
    infos = await asyncdns.getaddrinfo(
        "www.example.test", 443, resolver=system, source_for=global_sources
    )
    assert infos == numeric("2001:db8::80", 443) + numeric("198.51.100.80", 443)
    assert {t for _, t, _, _, _ in infos} == {
        socket.SOCK_STREAM,
        socket.SOCK_DGRAM,
        socket.SOCK_RAW,
    }
    family, kind, proto, canonname, sockaddr = infos[0]
    assert (family, kind, proto, canonname) == (socket.AF_INET6, socket.SOCK_STREAM, 6, "")
    assert sockaddr == ("2001:db8::80", 443, 0, 0)


async def test_family_type_and_port_arguments(system: SystemResolver) -> None:
    infos = await asyncdns.getaddrinfo(
        "www.example.test", "80", socket.AF_INET, socket.SOCK_STREAM, resolver=system
    )
    assert infos == [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("198.51.100.80", 80))]
    infos = await asyncdns.getaddrinfo(
        b"www.example.test", None, socket.AF_INET6, socket.SOCK_DGRAM, resolver=system
    )
    assert infos == [(socket.AF_INET6, socket.SOCK_DGRAM, 17, "", ("2001:db8::80", 0, 0, 0))]


async def test_canonname(system: SystemResolver) -> None:
    infos = await asyncdns.getaddrinfo(
        "chain.example.test",
        80,
        socket.AF_INET,
        socket.SOCK_STREAM,
        flags=socket.AI_CANONNAME,
        resolver=system,
    )
    assert infos == [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "www.example.test", ("198.51.100.80", 80))
    ]


async def test_v4mapped(system: SystemResolver) -> None:
    mapped = await asyncdns.getaddrinfo(
        "v4only.example.test",
        80,
        socket.AF_INET6,
        socket.SOCK_STREAM,
        flags=socket.AI_V4MAPPED,
        resolver=system,
    )
    assert [i[4][0] for i in mapped] == ["::ffff:198.51.100.81"]
    both = await asyncdns.getaddrinfo(
        "www.example.test",
        80,
        socket.AF_INET6,
        socket.SOCK_STREAM,
        flags=socket.AI_V4MAPPED | socket.AI_ALL,
        resolver=system,
        source_for=global_sources,
    )
    assert [i[4][0] for i in both] == ["2001:db8::80", "::ffff:198.51.100.80"]
    only_v6 = await asyncdns.getaddrinfo(
        "www.example.test",
        80,
        socket.AF_INET6,
        socket.SOCK_STREAM,
        flags=socket.AI_V4MAPPED,
        resolver=system,
    )
    assert [i[4][0] for i in only_v6] == ["2001:db8::80"]


@pytest.mark.parametrize(
    ("host", "port", "family", "type", "flags"),
    [
        ("198.51.100.7", 80, 0, 0, 0),
        ("2001:db8::7", "443", 0, socket.SOCK_STREAM, 0),
        ("198.51.100.7", None, socket.AF_INET, 0, socket.AI_CANONNAME),
        (None, 80, 0, 0, 0),
        (None, 80, 0, socket.SOCK_STREAM, socket.AI_PASSIVE),
        (b"127.0.0.1", b"80", 0, 0, 0),
        # The C library's own numeric forms, which ipaddress does not read.
        ("127.1", 80, 0, socket.SOCK_STREAM, 0),
        ("0x7f.0.0.1", 80, socket.AF_INET, 0, 0),
        ("2130706433", None, 0, socket.SOCK_DGRAM, 0),
    ],
)
async def test_literals_and_no_host_are_the_standard_librarys(
    system: SystemResolver,
    asyncdns_server: FakeDNSServer,
    host: Any,
    port: Any,
    family: int,
    type: int,
    flags: int,
) -> None:
    ours = await asyncdns.getaddrinfo(host, port, family, type, 0, flags, resolver=system)
    assert ours == socket.getaddrinfo(host, port, family, type, 0, flags | socket.AI_NUMERICHOST)
    assert asyncdns_server.queries == []


async def test_the_loops_getaddrinfo_agrees_on_literals(system: SystemResolver) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    for host in ("198.51.100.7", "2001:db8::7"):
        assert await asyncdns.getaddrinfo(host, 80, resolver=system) == await loop.getaddrinfo(
            host, 80, flags=socket.AI_NUMERICHOST
        )


async def gaierror(coro: Any) -> socket.gaierror:
    with pytest.raises(socket.gaierror) as info:
        await coro
    return info.value


async def test_error_codes(system: SystemResolver, asyncdns_server: FakeDNSServer) -> None:
    error = await gaierror(asyncdns.getaddrinfo("nope.example.test", 80, resolver=system))
    assert (error.errno, error.strerror) == (socket.EAI_NONAME, "Name or service not known")
    assert isinstance(error.__cause__, NameNotFound)
    error = await gaierror(
        asyncdns.getaddrinfo("v4only.example.test", 80, socket.AF_INET6, resolver=system)
    )
    assert error.errno == EAI_NODATA
    asyncdns_server.on("slow.example.test").drop()
    error = await gaierror(asyncdns.getaddrinfo("slow.example.test", 80, resolver=system))
    assert (error.errno, error.strerror) == (
        socket.EAI_AGAIN,
        "Temporary failure in name resolution",
    )
    asyncdns_server.on("broken.example.test").rcode("SERVFAIL")
    error = await gaierror(asyncdns.getaddrinfo("broken.example.test", 80, resolver=system))
    assert error.errno == socket.EAI_AGAIN
    asyncdns_server.on("refused.example.test").rcode("REFUSED")
    error = await gaierror(
        asyncdns.getaddrinfo("refused.example.test", 80, socket.AF_INET, resolver=system)
    )
    assert error.errno == socket.EAI_FAIL


async def test_errors_found_without_any_query(
    system: SystemResolver, asyncdns_server: FakeDNSServer
) -> None:
    error = await gaierror(
        asyncdns.getaddrinfo("www.example.test", 80, flags=socket.AI_NUMERICHOST, resolver=system)
    )
    assert error.errno == socket.EAI_NONAME
    error = await gaierror(
        asyncdns.getaddrinfo("www.example.test", 80, socket.AF_UNIX, resolver=system)
    )
    assert (error.errno, error.strerror) == (socket.EAI_FAMILY, "ai_family not supported")
    error = await gaierror(
        asyncdns.getaddrinfo("www.example.test", "no-such-service", resolver=system)
    )
    assert error.errno == socket.EAI_SERVICE
    error = await gaierror(asyncdns.getaddrinfo("", 80, resolver=system))
    assert error.errno == socket.EAI_NONAME
    error = await gaierror(asyncdns.getaddrinfo("a" * 64 + ".example.test", 80, resolver=system))
    assert error.errno == socket.EAI_NONAME  # not a valid name at all
    assert asyncdns_server.queries == []


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "www.example.test"])
async def test_a_service_name_with_ai_numericserv_fails_before_any_query(
    system: SystemResolver, asyncdns_server: FakeDNSServer, host: str
) -> None:
    with pytest.raises(socket.gaierror) as expected:
        socket.getaddrinfo("127.0.0.1", "http", flags=socket.AI_NUMERICSERV)
    error = await gaierror(
        asyncdns.getaddrinfo(host, "http", flags=socket.AI_NUMERICSERV, resolver=system)
    )
    assert error.errno == expected.value.errno  # EAI_NONAME, as from the C library
    assert asyncdns_server.queries == []  # a literal never reaches DNS, nor does a bad service


async def test_bad_flags_are_refused_as_the_c_library_refuses_them(
    system: SystemResolver, asyncdns_server: FakeDNSServer
) -> None:
    with pytest.raises(socket.gaierror) as expected:
        socket.getaddrinfo("127.0.0.1", 80, flags=-1)
    for host in ("127.0.0.1", "www.example.test"):
        error = await gaierror(asyncdns.getaddrinfo(host, 80, flags=-1, resolver=system))
        assert error.errno == expected.value.errno  # EAI_BADFLAGS
    assert asyncdns_server.queries == []


async def test_smart_resolver_and_trace(smart: SmartResolver) -> None:
    trace = Trace()
    infos = await asyncdns.getaddrinfo(
        "db.example.test", 5432, socket.AF_INET, socket.SOCK_STREAM, resolver=smart, trace=trace
    )
    assert infos == [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("203.0.113.5", 5432))]
    answer = trace.answered_by()
    assert answer is not None and answer.transport == "hosts"


async def test_ai_addrconfig_on_a_host_without_ipv4_still_resolves(
    system: SystemResolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a host whose only IPv4 address is loopback, the C library refuses any IPv4 literal
    # with AI_ADDRCONFIG; the early check of service and flags must not trip over that.
    real = socket.getaddrinfo

    def no_ipv4_host(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        if flags & socket.AI_ADDRCONFIG and family == socket.AF_INET:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, family, type, proto, flags)

    monkeypatch.setattr(socket, "getaddrinfo", no_ipv4_host)
    infos = await asyncdns.getaddrinfo(
        "www.example.test", 443, socket.AF_INET6, socket.SOCK_STREAM,
        flags=socket.AI_ADDRCONFIG, resolver=system,
    )  # fmt: skip
    assert [i[4][0] for i in infos] == ["2001:db8::80"]
