"""pytest hooks and fixtures of pytest-asyncdns.

Loaded through the ``pytest11`` entry point ``asyncdns`` (``-p no:asyncdns`` disables it).
It stays inert until a fixture is requested: nothing here imports dnslib or starts a thread
at load time. Every fixture is synchronous (servers run in threads), so it works the same
under pytest-asyncio's strict and auto modes.

The fixtures that hand out an asyncdns ``Resolver`` import ``asyncdns_resolvers`` inside
themselves (and skip when it is not installed), so the plugin loads with only dnslib.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from asyncdns_resolvers import Resolver
    from asyncdns_wire import Message

    from ._factory import ServerFactory
    from ._hierarchy import Hierarchy
    from ._mdns import MDNSResponder
    from ._server import FakeDNSServer
    from ._sysconf import HostsFile, ResolvConf, WindowsAdapter

_MARKER = (
    "asyncdns(zone=None, *, zones=(), strict=None): the zone(s) asyncdns_server serves "
    "(zone-file text or a list of records); strict=False keeps unmet expectations and server "
    "exceptions from failing the test at teardown."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ini options."""
    parser.addini(
        "asyncdns_log_level",
        "level of the 'pytest_asyncdns' logger, e.g. DEBUG (default: unchanged)",
        default="",
    )
    parser.addini(
        "asyncdns_strict",
        "fail tests at teardown on unmet expectations or fake-server exceptions",
        type="bool",
        default=True,
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``asyncdns`` marker and apply ``asyncdns_log_level``."""
    config.addinivalue_line("markers", _MARKER)
    level = str(config.getini("asyncdns_log_level")).strip()
    if level:
        logging.getLogger("pytest_asyncdns").setLevel(level.upper())


def pytest_report_header(config: pytest.Config) -> list[str]:
    """One header line when verbose or when a log level is configured."""
    level = str(config.getini("asyncdns_log_level")).strip()
    if not level and config.get_verbosity() < 1:
        return []
    strict = bool(config.getini("asyncdns_strict"))
    return [f"asyncdns: fake DNS servers on loopback (strict={strict}, log level={level or '-'})"]


def _settings(request: pytest.FixtureRequest) -> tuple[list[Any], bool]:
    zones: list[Any] = []
    strict = bool(request.config.getini("asyncdns_strict"))
    marker = request.node.get_closest_marker("asyncdns")
    if marker is not None:
        unknown = set(marker.kwargs) - {"zone", "zones", "strict"}
        if unknown:
            raise pytest.UsageError(f"unknown asyncdns marker arguments: {sorted(unknown)}")
        zones.extend(marker.args)
        if marker.kwargs.get("zone") is not None:
            zones.append(marker.kwargs["zone"])
        zones.extend(marker.kwargs.get("zones", ()))
        if marker.kwargs.get("strict") is not None:
            strict = bool(marker.kwargs["strict"])
    return zones, strict


def _fail_if(problems: Sequence[str], strict: bool) -> None:
    if problems and strict:
        pytest.fail("pytest-asyncdns (strict):\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def asyncdns_listen_address() -> tuple[str, int]:
    """Where ``asyncdns_server_factory`` binds its servers: ``("127.0.0.1", 0)``, an
    ephemeral port. Override it (session scope) to return ``("::1", 0)`` for IPv6. The host
    must be loopback (``127.0.0.0/8`` or ``::1``); a port other than 0 is used by one server
    at a time, every other server getting an ephemeral port."""
    return ("127.0.0.1", 0)


@pytest.fixture(scope="session")
def asyncdns_server_factory(asyncdns_listen_address: tuple[str, int]) -> Iterator[ServerFactory]:
    """Session-wide pool of fake DNS servers (``pytest_asyncdns.ServerFactory``).

    ``acquire()`` hands out a running, empty server; ``release()`` resets it for reuse.
    Every server is closed at the end of the session. Override to customise servers.
    """
    from ._factory import ServerFactory

    factory = ServerFactory(*asyncdns_listen_address)
    yield factory
    factory.close()


@pytest.fixture
def asyncdns_server(
    request: pytest.FixtureRequest, asyncdns_server_factory: ServerFactory
) -> Iterator[FakeDNSServer]:
    """A fake authoritative DNS server (``pytest_asyncdns.FakeDNSServer``) on loopback,
    UDP and TCP on one ephemeral port: pass ``asyncdns_server.address`` as ``(host, port)``.

    Zones come from ``@pytest.mark.asyncdns(zone=...)`` or ``asyncdns_server.add_zone(...)``
    (zone-file text or records). Script misbehaviour with ``asyncdns_server.on(name,
    rrtype).drop(once=True)`` and friends; inspect ``asyncdns_server.queries`` or call
    ``asyncdns_server.assert_queried(name, rrtype)``. Zones, behaviours and the query log
    are cleared after the test; in strict mode (default) an unmet one-shot behaviour or an
    exception in the server thread fails the test at teardown.
    """
    zones, strict = _settings(request)
    server = asyncdns_server_factory.acquire(zones=zones, strict=strict)
    try:
        yield server
    finally:
        problems, strict = server.verify(), server.strict
        asyncdns_server_factory.release(server)
        _fail_if(problems, strict)


@pytest.fixture
def asyncdns_resolver() -> Iterator[Resolver]:
    """A fresh ``asyncdns_resolvers.Resolver`` (default options), closed after the test.

    Point its lookups at the fake server: ``await asyncdns_resolver.lookup(query,
    servers=asyncdns_server.address)``. Skips the test when asyncdns-resolvers is not
    installed.
    """
    resolvers = pytest.importorskip("asyncdns_resolvers")
    resolver: Resolver = resolvers.Resolver()
    try:
        yield resolver
    finally:
        resolver.close()


@pytest.fixture
def asyncdns_lookup(
    asyncdns_resolver: Resolver, asyncdns_server: FakeDNSServer
) -> Callable[..., Any]:
    """``await asyncdns_lookup(name, rrtype="A", **lookup_kwargs)``: look *name* up through
    ``asyncdns_resolver`` on ``asyncdns_server``; returns the ``asyncdns_wire.Message`` reply."""
    wire = pytest.importorskip("asyncdns_wire")

    async def lookup(name: str, rrtype: str | int = "A", **kwargs: Any) -> Message:
        q_type = rrtype if isinstance(rrtype, int) else wire.rrtype_from_text(rrtype)
        kwargs.setdefault("servers", asyncdns_server.address)
        return await asyncdns_resolver.lookup(wire.Query(name, q_type), **kwargs)

    return lookup


@pytest.fixture
def asyncdns_make_server(
    request: pytest.FixtureRequest, asyncdns_server_factory: ServerFactory
) -> Iterator[Callable[..., FakeDNSServer]]:
    """Factory for more fake servers in one test: ``asyncdns_make_server(*zones,
    host=None)`` returns a running ``FakeDNSServer`` (on another port, or on *host* such as
    ``"127.0.0.2"``; loopback only). Every server is checked (strict mode) and recycled after
    the test."""
    _, strict = _settings(request)
    made: list[FakeDNSServer] = []

    def make(*zones: Any, host: str | None = None) -> FakeDNSServer:
        server = asyncdns_server_factory.acquire(host=host, zones=zones, strict=strict)
        made.append(server)
        return server

    try:
        yield make
    finally:
        problems = [p for s in made if s.strict for p in s.verify()]
        for server in made:
            asyncdns_server_factory.release(server)
        _fail_if(problems, True)


@pytest.fixture
def asyncdns_hierarchy(request: pytest.FixtureRequest) -> Iterator[Hierarchy]:
    """A root -> TLD -> authoritative tree of fake servers (``pytest_asyncdns.Hierarchy``)
    on 127.0.1.x, all on one ephemeral port: start resolving at
    ``asyncdns_hierarchy.root_hints`` (name, address, port). Includes glue, glueless and
    out-of-bailiwick delegations, lame and silent servers, CNAMEs across zones, loops and a
    DNAME; ``asyncdns_hierarchy.zone_texts()`` gives the zone files."""
    from ._hierarchy import Hierarchy

    _, strict = _settings(request)
    hierarchy = Hierarchy(strict=strict)
    try:
        hierarchy.start()
    except OSError as exc:
        pytest.skip(f"cannot bind the hierarchy on 127.0.1.x (Linux loopback /8 needed): {exc}")
    try:
        yield hierarchy
    finally:
        problems = hierarchy.verify()
        hierarchy.close()
        _fail_if(problems, strict)


def _inside(tmp_path: Path, name: str) -> Path:
    """``tmp_path / name``, refusing a *name* that would leave *tmp_path* (``tmp_path /
    "/etc/hosts"`` is ``/etc/hosts``): absolute, drive-relative or with a ``..`` part."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if (
        not name
        or posix.is_absolute()
        or windows.is_absolute()
        or windows.drive
        or windows.root
        or ".." in posix.parts
        or ".." in windows.parts
    ):
        raise ValueError(
            f"name={name!r}: give a relative file name inside the test's tmp_path "
            "(no absolute path, no '..')"
        )
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _default_nameservers(request: pytest.FixtureRequest) -> list[tuple[str, int]]:
    server: FakeDNSServer = request.getfixturevalue("asyncdns_server")
    return [server.address]


@pytest.fixture
def asyncdns_resolv_conf(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[..., ResolvConf]:
    """Factory writing a temporary resolv.conf: ``asyncdns_resolv_conf(nameservers=None, *,
    search=(), domain=None, options=(), port_style="none", extra="", name="resolv.conf")``.
    Without *nameservers* it lists ``asyncdns_server``; *nameservers* is one address, one
    ``(address, port)`` (``server.address``) or a list of them. *name* is relative to
    ``tmp_path`` (no absolute path, no ``..``). Returns ``ResolvConf`` (``path``, ``text``,
    ``nameservers`` as ``(host, port)``, ``port``)."""
    from ._sysconf import write_resolv_conf

    def write(nameservers: Any = None, *, name: str = "resolv.conf", **kw: Any) -> ResolvConf:
        servers = _default_nameservers(request) if nameservers is None else nameservers
        return write_resolv_conf(_inside(tmp_path, name), servers, **kw)

    return write


@pytest.fixture
def asyncdns_hosts_file(tmp_path: Path) -> Callable[..., HostsFile]:
    """Factory writing a temporary hosts file: ``asyncdns_hosts_file(entries, *, extra="",
    name="hosts")`` with *entries* ``{address: names}`` or ``[(address, names), ...]``;
    *name* is relative to ``tmp_path`` (no absolute path, no ``..``). Returns ``HostsFile``
    (``path``, ``text``)."""
    from ._sysconf import write_hosts

    def write(entries: Any, *, extra: str = "", name: str = "hosts") -> HostsFile:
        return write_hosts(_inside(tmp_path, name), entries, extra=extra)

    return write


@pytest.fixture
def asyncdns_darwin_config(request: pytest.FixtureRequest) -> Callable[..., dict[str, Any]]:
    """Factory for the Darwin DNS configuration dict the asyncdns-system parser consumes:
    ``asyncdns_darwin_config(nameservers=None, *, search_domains=(), domain_name=None,
    resolvers=())`` (see ``pytest_asyncdns.darwin_dns_config``); defaults to
    ``asyncdns_server``."""
    from ._sysconf import darwin_dns_config

    def make(nameservers: Any = None, **kw: Any) -> dict[str, Any]:
        servers = _default_nameservers(request) if nameservers is None else nameservers
        return darwin_dns_config(servers, **kw)

    return make


@pytest.fixture
def asyncdns_windows_adapters(
    request: pytest.FixtureRequest,
) -> Callable[..., list[WindowsAdapter]]:
    """Factory for the Windows adapter list the asyncdns-system parser consumes:
    ``asyncdns_windows_adapters(nameservers=None, *, friendly_name="Ethernet", up=True,
    dns_suffix="", ipv4_metric=25, ipv6_metric=25, extra=())`` returns one adapter pointing
    at *nameservers* (default ``asyncdns_server``) followed by the *extra* adapters."""
    from ._sysconf import windows_adapter

    def make(
        nameservers: Any = None,
        *,
        friendly_name: str = "Ethernet",
        extra: Sequence[WindowsAdapter] = (),
        **kw: Any,
    ) -> list[WindowsAdapter]:
        servers = _default_nameservers(request) if nameservers is None else nameservers
        return [windows_adapter(friendly_name, servers, **kw), *extra]

    return make


@pytest.fixture
def asyncdns_mdns_responder() -> Iterator[Callable[..., MDNSResponder]]:
    """Factory starting fake mDNS responders (``pytest_asyncdns.MDNSResponder``):
    ``asyncdns_mdns_responder(records, *, family=4, interface="lo", silent=False,
    forge=None, reply_from_other_port=False)``. Skips the test unless it runs inside a
    private network namespace (see ``pytest_asyncdns.run_in_netns``): multicast never
    leaves such a namespace. Responders are closed after the test."""
    from ._mdns import MDNSResponder
    from ._netns import private_netns_status

    safe, reason = private_netns_status()
    if not safe:
        pytest.skip(f"mDNS tests run only in a private network namespace ({reason})")
    started: list[MDNSResponder] = []

    def make(records: Any = (), **kw: Any) -> MDNSResponder:
        responder = MDNSResponder(records, **kw).start()
        started.append(responder)
        return responder

    try:
        yield make
    finally:
        problems = [p for r in started for p in r.verify()]
        for responder in started:
            responder.close()
        _fail_if(problems, True)
