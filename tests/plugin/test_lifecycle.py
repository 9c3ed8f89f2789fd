"""Binding, reset, close: no fixed ports, no leaked sockets or threads."""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time
from typing import Any

import pytest

from pytest_asyncdns import FakeDNSServer, ServerFactory
from pytest_asyncdns._server import bind_pair

from ._wire import (
    EXAMPLE_ZONE,
    frame,
    make_query,
    rdata,
    read_frame,
    tcp_connect,
    udp_collect,
    udp_query,
)


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


def test_udp_and_tcp_share_one_ephemeral_port() -> None:
    udp, tcp = bind_pair("127.0.0.1")
    with udp, tcp:
        assert udp.getsockname() == tcp.getsockname()
        assert udp.getsockname()[1] >= 1024


def test_a_taken_port_is_an_error_when_fixed() -> None:
    udp, tcp = bind_pair("127.0.0.1")
    with udp, tcp, pytest.raises(OSError):
        bind_pair("127.0.0.1", udp.getsockname()[1])


def test_start_and_close_leave_no_thread_or_socket() -> None:
    gc.collect()
    before = threading.active_count()
    with FakeDNSServer(zones=[EXAMPLE_ZONE]) as server:
        assert server.running
        assert threading.active_count() == before + 1
        udp_query(server.address, make_query("www.example.com"))
        # An idle TCP client connection is closed by the server on close().
        client = tcp_connect(server.address)
        client.sendall(frame(make_query("www.example.com").pack()))
        assert read_frame(client)
        address = server.address
    assert not server.running
    assert threading.active_count() == before
    with client:
        assert client.recv(10) == b""
    # The port is free again (UDP and TCP).
    udp, tcp = bind_pair(*address)
    udp.close()
    tcp.close()
    server.close()  # idempotent
    with pytest.raises(RuntimeError):
        _ = server.address
    assert "stopped" in repr(server)


def test_reset_cancels_pending_replies_and_closes_connections() -> None:
    with FakeDNSServer(zones=[EXAMPLE_ZONE]) as server:
        server.on("www.example.com").delay(0.3)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(0.6)
            sock.sendto(make_query("www.example.com").pack(), server.address)
            server.wait_for("www.example.com")
            conn = tcp_connect(server.address)
            server.reset()
            with pytest.raises(TimeoutError):
                sock.recv(512)
        with conn:
            assert conn.recv(10) == b""
        assert (server.queries, server.rules.rules, server.zones) == ([], [], [])
        assert udp_query(server.address, make_query("www.example.com")).header.rcode == 5


def test_factory_recycles_servers() -> None:
    factory = ServerFactory()
    try:
        first = factory.acquire(zones=[EXAMPLE_ZONE])
        first.on("www.example.com").drop()
        port = first.port
        factory.release(first)
        second = factory.acquire()
        assert second is first
        assert second.port == port
        assert (second.zones, second.rules.rules) == ([], [])
        other = factory.acquire()
        assert other.port != port
        assert len(factory.servers) == 2
    finally:
        factory.close()
    assert not first.running
    assert factory.servers == []


def test_exception_in_the_server_thread_is_recorded() -> None:
    def boom(query: object) -> None:
        raise RuntimeError("boom in a behaviour")

    with FakeDNSServer(zones=[EXAMPLE_ZONE]) as server:
        server.on("www.example.com").respond(boom)
        udp_collect(server.address, make_query("www.example.com").pack(), timeout=0.2)
        server.wait_for("www.example.com")
        deadline = time.monotonic() + 2
        while not server.errors and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "RuntimeError: boom in a behaviour" in server.errors[0]
        assert any("exception in the server thread" in p for p in server.verify())
        # The server keeps serving.
        assert rdata(udp_query(server.address, make_query("alias.example.com")))


def test_parallel_servers_are_independent(
    asyncdns_server: FakeDNSServer, asyncdns_make_server: object
) -> None:
    make = asyncdns_make_server
    a = make("$ORIGIN a.test.\n@ 60 SOA ns hm 1 2 3 4 5\nwww 60 A 198.51.100.11\n")  # type: ignore[operator]
    b = make([("www.b.test", "A", "198.51.100.12")])  # type: ignore[operator]
    ports = {asyncdns_server.port, a.port, b.port}
    assert len(ports) == 3
    assert rdata(udp_query(a.address, make_query("www.a.test"))) == ["198.51.100.11"]
    assert rdata(udp_query(b.address, make_query("www.b.test"))) == ["198.51.100.12"]
    assert udp_query(a.address, make_query("www.b.test")).header.rcode == 5
    assert asyncdns_server.queries == []


def test_other_loopback_address(asyncdns_make_server: object) -> None:
    server = asyncdns_make_server([("www.c.test", "A", "198.51.100.13")], host="127.0.0.2")  # type: ignore[operator]
    assert server.address[0] == "127.0.0.2"
    assert rdata(udp_query(server.address, make_query("www.c.test"))) == ["198.51.100.13"]


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback (::1) on this machine")
def test_ipv6_server() -> None:
    with FakeDNSServer("::1", zones=[EXAMPLE_ZONE]) as server:
        assert server.address[0] == "::1"
        assert rdata(udp_query(server.address, make_query("www.example.com"))) == ["198.51.100.1"]
        server.on("alias.example.com").from_other_port()
        _, source = udp_collect(server.address, make_query("alias.example.com").pack())[0]
        assert source[0] == "::1" and source[1] != server.port
        with socket.create_connection(server.address, timeout=2) as sock:
            sock.sendall(frame(make_query("www.example.com").pack()))
            assert sock.recv(2)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "198.51.100.1", "2001:db8::1", "localhost", "::ffff:127.0.0.1"]
)
def test_servers_listen_on_loopback_only(host: str, asyncdns_make_server: Any) -> None:
    with pytest.raises(ValueError, match="loopback only"):
        FakeDNSServer(host)
    with pytest.raises(ValueError, match="loopback only"):
        bind_pair(host)
    with pytest.raises(ValueError, match="loopback only"):
        ServerFactory(host)
    with pytest.raises(ValueError, match="loopback only"):
        asyncdns_make_server(host=host)


def test_a_stopped_server_is_not_recycled() -> None:
    factory = ServerFactory()
    try:
        server = factory.acquire()
        server.close()  # a test simulating an outage
        factory.release(server)
        assert server not in factory.servers
        again = factory.acquire(zones=[EXAMPLE_ZONE])
        assert again is not server and again.running
        assert rdata(udp_query(again.address, make_query("www.example.com"))) == ["198.51.100.1"]
        # Stopped while idle in the pool: dropped on acquire.
        factory.release(again)
        again.close()
        third = factory.acquire()
        assert third is not again and third.running
        assert factory.servers == [third]
    finally:
        factory.close()


def _free_port() -> int:
    udp, tcp = bind_pair("127.0.0.1")
    port: int = udp.getsockname()[1]
    udp.close()
    tcp.close()
    return port


def test_a_fixed_factory_port_is_used_by_one_server_at_a_time() -> None:
    port = _free_port()
    factory = ServerFactory("127.0.0.1", port)
    try:
        first = factory.acquire()  # what asyncdns_server does
        second = factory.acquire()  # what asyncdns_make_server() does
        assert first.running and second.running
        assert first.port == port and second.port != port
        other_host = factory.acquire(host="127.0.0.2")
        assert other_host.port != port
        factory.release(second)
        factory.release(first)
        # The fixed-port server is handed out first when idle.
        assert factory.acquire() is first
        factory.release(first)
        first.close()
        # Once it is gone, the next server started takes the port again.
        assert factory.acquire() is second
        assert factory.acquire().port == port
    finally:
        factory.close()


def test_a_tcp_client_that_does_not_read_cannot_stall_the_server() -> None:
    lines = ["$ORIGIN example.test.", "@ 300 SOA ns1 h 1 3600 600 86400 60"]
    lines += [f'big 300 TXT "{i:04d}{"x" * 240}"' for i in range(200)]  # a ~50 KB answer
    with FakeDNSServer(zones=[EXAMPLE_ZONE, "\n".join(lines)]) as server:
        query = frame(make_query("big.example.test", "TXT").pack())
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as lazy:
            lazy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            lazy.connect(server.address)
            lazy.sendall(query * 300)  # 15 MB of replies, never read
            server.wait_for("big.example.test", "TXT")
            started = time.monotonic()
            reply = udp_query(server.address, make_query("www.example.com"), timeout=3.0)
            assert rdata(reply) == ["198.51.100.1"]
            assert time.monotonic() - started < 2.5
            # The server gave up on the stuck client and closed its connection.
            lazy.settimeout(5)
            with contextlib.suppress(ConnectionResetError):
                while lazy.recv(65536):
                    pass
        assert server.errors == []
