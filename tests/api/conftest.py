"""Fixtures of the high-level API tests: a zone with forward and reverse names, served by a
pytest-asyncdns fake server, and resolvers reading temporary files only."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

import asyncdns
from asyncdns_resolvers import ResolverOptions
from asyncdns_system import SmartResolver, SystemResolver
from pytest_asyncdns import HostsFile, ResolvConf
from tests._support import WriteConf, WriteHosts

ZONE = """
$ORIGIN example.test.
$TTL 300
@        SOA   ns1 hostmaster 1 3600 600 86400 60
@        NS    ns1
ns1      A     198.51.100.53
www      A     198.51.100.80
www      AAAA  2001:db8::80
v4only   A     198.51.100.81
v6only   AAAA  2001:db8::81
many     A     198.51.100.1
many     A     198.51.100.2
many     AAAA  2001:db8::1
alias    CNAME www
chain    CNAME alias
dangling CNAME nowhere
mail     MX    10 www
mail     MX    20 v4only
txtonly  TXT   "no address here"
my\\032printer._ipp._tcp  SRV  0 0 631 www
"""

REVERSE_V4 = """
$ORIGIN 100.51.198.in-addr.arpa.
$TTL 300
@   SOA  ns1.example.test. hostmaster.example.test. 1 3600 600 86400 60
80  PTR  www.example.test.
80  PTR  web.example.test.
"""

REVERSE_V6 = """
$ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
$TTL 300
@   SOA  ns1.example.test. hostmaster.example.test. 1 3600 600 86400 60
0.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0  PTR  www.example.test.
"""

ZONES = (ZONE, REVERSE_V4, REVERSE_V6)


def fast() -> ResolverOptions:
    """Short timeouts so failure paths finish quickly."""
    return ResolverOptions(timeout=0.2, max_timeout=0.4, lifetime=1.5, attempts=2)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def global_sources(address: Address) -> Address:
    """A source lookup for tests: every destination is reachable, from a global address of
    its own family (so IPv6 sorts first, by precedence)."""
    if address.version == 4:
        return ipaddress.IPv4Address("198.51.100.2")
    return ipaddress.IPv6Address("2001:db8::2")


@pytest.fixture
def resolv_conf(asyncdns_resolv_conf: WriteConf) -> ResolvConf:
    """A resolv.conf naming the fake server (``[127.0.0.1]:PORT``), search ``example.test``."""
    return asyncdns_resolv_conf(port_style="bracket", search=["example.test"])


@pytest.fixture
def system(resolv_conf: ResolvConf) -> Iterator[SystemResolver]:
    """A SystemResolver reading the test's resolv.conf only."""
    resolver = SystemResolver(fast(), resolv_conf=resolv_conf.path, env={})
    yield resolver
    resolver.close()


@pytest.fixture
def hosts(asyncdns_hosts_file: WriteHosts) -> HostsFile:
    """A hosts file with one name of its own and one that overrides DNS."""
    return asyncdns_hosts_file(
        {"203.0.113.5": "db.example.test", "203.0.113.6": "v4only.example.test"}
    )


@pytest.fixture
def smart(resolv_conf: ResolvConf, hosts: HostsFile) -> Iterator[SmartResolver]:
    """A SmartResolver reading the test's files only (no multicast DNS)."""
    resolver = SmartResolver(
        hosts=hosts.path, resolv_conf=resolv_conf.path, env={}, options=fast(), use_mdns=False
    )
    yield resolver
    resolver.close()


@pytest.fixture
def default_env(
    monkeypatch: pytest.MonkeyPatch, resolv_conf: ResolvConf, hosts: HostsFile
) -> Iterator[None]:
    """The default resolver (``SmartResolver()``) pointed at the test's files through
    ``ASYNCDNS_RESOLV_CONF`` / ``ASYNCDNS_HOSTS``, and closed after the test."""
    monkeypatch.setenv("ASYNCDNS_RESOLV_CONF", str(resolv_conf.path))
    monkeypatch.setenv("ASYNCDNS_HOSTS", str(hosts.path))
    monkeypatch.delenv("RES_OPTIONS", raising=False)
    monkeypatch.delenv("LOCALDOMAIN", raising=False)
    asyncdns.close_default_resolver()
    yield
    asyncdns.close_default_resolver()
