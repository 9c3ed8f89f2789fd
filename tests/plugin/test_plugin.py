"""The plugin as a downstream suite sees it, run with pytester in a subprocess (entry point)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

INI = """
[pytest]
filterwarnings = error
asyncio_default_fixture_loop_scope = function
"""

DOWNSTREAM = '''
import socket

import pytest
from dnslib import DNSRecord

ZONE = """
$ORIGIN example.test.
$TTL 300
@   SOA ns1 hostmaster 1 3600 600 86400 60
@   NS  ns1
ns1 A   198.51.100.53
www A   198.51.100.80
"""


def lookup(server, name, rrtype="A"):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1)
        sock.sendto(DNSRecord.question(name, rrtype).pack(), server)
        return DNSRecord.parse(sock.recv(4096))


@pytest.mark.asyncdns(zone=ZONE)
def test_marker_zone(asyncdns_server):
    reply = lookup(asyncdns_server.address, "www.example.test")
    assert [str(rr.rdata) for rr in reply.rr] == ["198.51.100.80"]
    asyncdns_server.assert_queried("www.example.test", "A", transport="udp", count=1)


def test_zone_added_in_the_test(asyncdns_server):
    asyncdns_server.add_zone(ZONE)
    assert lookup(asyncdns_server.address, "nope.example.test").header.rcode == 3


def test_state_was_reset(asyncdns_server):
    assert asyncdns_server.queries == []
    assert asyncdns_server.zones == []
    assert lookup(asyncdns_server.address, "www.example.test").header.rcode == 5


def test_scripted_timeout(asyncdns_server):
    asyncdns_server.add_zone(ZONE)
    asyncdns_server.on("www.example.test", "A").drop(once=True)
    with pytest.raises(socket.timeout):
        lookup(asyncdns_server.address, "www.example.test")
    assert lookup(asyncdns_server.address, "www.example.test").rr
'''


# Hypothesis' plugin takes seconds to import and plays no part here.
QUICK = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makeini(INI)
    return pytester.runpytest_subprocess(*QUICK, *args)


def test_downstream_suite_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_downstream=DOWNSTREAM)
    result = _run(pytester)
    result.assert_outcomes(passed=4)


def test_unmet_one_shot_fails_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_never_asks(asyncdns_server):
            asyncdns_server.on("www.example.test", "A").drop(once=True)
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_never_asks*",
            "*pytest-asyncdns (strict):*",
            "*unmet expectation: drop for www.example.test A (0/1 fired)*",
        ]
    )


def test_unmet_expect_fails_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_expect(asyncdns_server):
            asyncdns_server.expect("api.example.test", "AAAA", times=2)
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*answer for api.example.test AAAA (0/2 fired)*"])


def test_server_exception_fails_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket
        from dnslib import DNSRecord

        def boom(query):
            raise ValueError("scripted failure")

        def test_boom(asyncdns_server):
            asyncdns_server.on().respond(boom)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.sendto(DNSRecord.question("x.test").pack(), asyncdns_server.address)
            asyncdns_server.wait_for("x.test")
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*exception in the server thread:*", "*ValueError: scripted failure*"]
    )


def test_strict_false_marker_and_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.asyncdns(strict=False)
        def test_lenient(asyncdns_server):
            asyncdns_server.on("www.example.test").drop(once=True)
        """
    )
    _run(pytester).assert_outcomes(passed=1)
    pytester.makepyfile(
        """
        def test_lenient(asyncdns_server):
            asyncdns_server.on("www.example.test").drop(once=True)
        """
    )
    pytester.makeini(INI + "asyncdns_strict = false\n")
    pytester.runpytest_subprocess(*QUICK).assert_outcomes(passed=1)


def test_unknown_marker_argument_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.asyncdns(zonez="typo")
        def test_typo(asyncdns_server):
            pass
        """
    )
    result = _run(pytester)
    result.stdout.fnmatch_lines(["*unknown asyncdns marker arguments:*zonez*"])


def test_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_uses_fixture(asyncdns_server):
            pass
        """
    )
    result = _run(pytester, "-p", "no:asyncdns")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'asyncdns_server' not found*"])


def test_plugin_is_inert_until_a_fixture_is_requested(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import sys
        import threading

        def test_nothing_loaded(pytestconfig):
            assert pytestconfig.pluginmanager.has_plugin("asyncdns")
            assert "dnslib" not in sys.modules
            assert "pytest_asyncdns._server" not in sys.modules
            assert threading.active_count() == 1
        """
    )
    _run(pytester).assert_outcomes(passed=1)


def test_no_threads_or_descriptors_leak(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import gc
        import os
        import threading

        def _fds():
            return len(os.listdir("/proc/self/fd"))

        def pytest_sessionstart(session):
            session.config._fds = _fds()

        def pytest_sessionfinish(session):
            gc.collect()
            print(f"\\nTHREADS={threading.active_count()} FDS+={_fds() - session.config._fds}")
        """
    )
    pytester.makepyfile(test_downstream=DOWNSTREAM)
    pytester.makepyfile(
        test_more="""
        def test_many(asyncdns_server, asyncdns_make_server, asyncdns_hierarchy):
            servers = [asyncdns_make_server() for _ in range(3)]
            assert len({s.port for s in servers} | {asyncdns_server.port}) == 4
            assert asyncdns_hierarchy.port
        """
    )
    result = _run(pytester, "-s")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*THREADS=1 FDS+=0*"])


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_works_under_pytest_asyncio(pytester: pytest.Pytester, mode: str) -> None:
    decorator = "@pytest.mark.asyncio" if mode == "strict" else ""
    pytester.makepyfile(
        f"""
        import asyncio
        import pytest
        from dnslib import DNSRecord

        class Client(asyncio.DatagramProtocol):
            def __init__(self):
                self.reply = asyncio.get_running_loop().create_future()

            def datagram_received(self, data, addr):
                self.reply.set_result(DNSRecord.parse(data))

        @pytest.mark.asyncdns(zone=[("www.example.test", "A", "198.51.100.81")])
        {decorator}
        async def test_async_lookup(asyncdns_server):
            loop = asyncio.get_running_loop()
            transport, client = await loop.create_datagram_endpoint(
                Client, remote_addr=asyncdns_server.address
            )
            try:
                transport.sendto(DNSRecord.question("www.example.test").pack())
                reply = await asyncio.wait_for(client.reply, 2)
            finally:
                transport.close()
            assert str(reply.rr[0].rdata) == "198.51.100.81"

        def test_sync_in_the_same_module(asyncdns_server):
            assert asyncdns_server.address[0] == "127.0.0.1"
        """
    )
    result = _run(pytester, f"--asyncio-mode={mode}")
    result.assert_outcomes(passed=2)


def test_fixture_docs_and_marker_help(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = _run(pytester, "--fixtures")
    result.stdout.fnmatch_lines(
        [
            "*asyncdns_server*",
            "*A fake authoritative DNS server*",
            "*asyncdns_hierarchy*",
            "*asyncdns_resolv_conf*",
            "*asyncdns_mdns_responder*",
        ]
    )
    markers = _run(pytester, "--markers")
    markers.stdout.fnmatch_lines(["*@pytest.mark.asyncdns(zone=None, *, zones=(), strict=None)*"])


def test_report_header_and_log_level(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import logging

        def test_level(asyncdns_server):
            assert logging.getLogger("pytest_asyncdns").level == logging.DEBUG
        """
    )
    pytester.makeini(INI + "asyncdns_log_level = debug\n")
    result = pytester.runpytest_subprocess(*QUICK)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        ["asyncdns: fake DNS servers on loopback (strict=True, log level=debug)"]
    )
    quiet = pytester.runpytest_subprocess(*QUICK, "-c", "/dev/null")
    assert "asyncdns:" not in quiet.stdout.str()


def test_listen_address_override_for_ipv6(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import socket
        import pytest

        @pytest.fixture(scope="session")
        def asyncdns_listen_address():
            try:
                with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
                    s.bind(("::1", 0))
            except OSError:
                pytest.skip("no IPv6 loopback")
            return ("::1", 0)
        """
    )
    pytester.makepyfile(
        """
        import socket
        from dnslib import DNSRecord

        def test_v6(asyncdns_server):
            asyncdns_server.add_zone([("www.example.test", "AAAA", "2001:db8::80")])
            host, port = asyncdns_server.address
            assert host == "::1"
            with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
                sock.settimeout(1)
                sock.sendto(DNSRecord.question("www.example.test", "AAAA").pack(), (host, port))
                assert str(DNSRecord.parse(sock.recv(512)).rr[0].rdata) == "2001:db8::80"
        """
    )
    outcomes = _run(pytester).parseoutcomes()
    assert outcomes.get("passed", 0) + outcomes.get("skipped", 0) == 1


def test_a_server_stopped_by_a_test_is_not_handed_to_the_next(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_one_simulates_an_outage(asyncdns_server):
            asyncdns_server.close()

        def test_two_gets_a_running_server(asyncdns_server):
            asyncdns_server.add_zone([("www.example.test", "A", "198.51.100.80")])
            assert asyncdns_server.running
            assert asyncdns_server.address

        def test_three_stops_a_made_server(asyncdns_make_server):
            asyncdns_make_server().close()

        def test_four_makes_a_running_one(asyncdns_make_server):
            assert asyncdns_make_server().running
        """
    )
    _run(pytester, "-p", "no:randomly").assert_outcomes(passed=4)


def test_a_fixed_listen_port_serves_the_first_server(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from pytest_asyncdns._server import bind_pair

        @pytest.fixture(scope="session")
        def asyncdns_listen_address():
            udp, tcp = bind_pair("127.0.0.1")
            port = udp.getsockname()[1]
            udp.close()
            tcp.close()
            return ("127.0.0.1", port)
        """
    )
    pytester.makepyfile(
        """
        def test_both(asyncdns_server, asyncdns_make_server, asyncdns_listen_address):
            other = asyncdns_make_server()
            assert asyncdns_server.running and other.running
            assert asyncdns_server.port == asyncdns_listen_address[1]
            assert other.port != asyncdns_listen_address[1]

        def test_again(asyncdns_server, asyncdns_make_server, asyncdns_listen_address):
            test_both(asyncdns_server, asyncdns_make_server, asyncdns_listen_address)
        """
    )
    _run(pytester, "-p", "no:randomly").assert_outcomes(passed=2)


def test_a_listen_address_off_loopback_is_refused(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def asyncdns_listen_address():
            return ("0.0.0.0", 0)
        """
    )
    pytester.makepyfile("def test_x(asyncdns_server): pass")
    result = _run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ValueError: fake DNS servers listen on loopback only*"])
