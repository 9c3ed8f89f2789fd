"""Backend selection and default paths: pure functions of the platform string."""

from __future__ import annotations

import pytest

from asyncdns_system import (
    DarwinSource,
    ResolvConfSource,
    SystemConfigError,
    WindowsSource,
    backend_for,
    hosts_path,
)
from asyncdns_system._paths import resolv_conf_path


@pytest.mark.parametrize(
    ("platform", "name", "source"),
    [
        ("linux", "unix", ResolvConfSource),
        ("freebsd14", "unix", ResolvConfSource),
        ("openbsd7", "unix", ResolvConfSource),
        ("sunos5", "unix", ResolvConfSource),
        ("cygwin", "unix", ResolvConfSource),
        ("darwin", "darwin", DarwinSource),
        ("win32", "windows", WindowsSource),
    ],
)
def test_backend_for(platform: str, name: str, source: type) -> None:
    backend = backend_for(platform)
    assert backend.name == name
    assert backend.platform == platform
    # Building the source reads nothing (and imports no OS module).
    assert isinstance(backend.source({}), source)


@pytest.mark.parametrize("platform", ["emscripten", "wasi", "", "plan9"])
def test_unknown_platform(platform: str) -> None:
    with pytest.raises(SystemConfigError) as info:
        backend_for(platform)
    assert info.value.source == platform


def test_resolv_conf_source_defaults() -> None:
    source = backend_for("linux").source({"RES_OPTIONS": "ndots:2"})
    assert isinstance(source, ResolvConfSource)
    assert source.path == "/etc/resolv.conf"
    assert source.env == {"RES_OPTIONS": "ndots:2"}


def test_hosts_paths() -> None:
    assert hosts_path({}, "linux") == "/etc/hosts"
    assert hosts_path({}, "darwin") == "/etc/hosts"
    assert hosts_path({}, "win32") == "C:\\Windows\\System32\\drivers\\etc\\hosts"
    assert (
        hosts_path({"SystemRoot": "D:\\WinNT\\"}, "win32")
        == "D:\\WinNT\\System32\\drivers\\etc\\hosts"
    )
    assert backend_for("win32").hosts_path({"SYSTEMROOT": "E:\\W"}) == (
        "E:\\W\\System32\\drivers\\etc\\hosts"
    )


def test_resolv_conf_paths() -> None:
    assert resolv_conf_path({}, "linux") == "/etc/resolv.conf"
    assert resolv_conf_path({}, "darwin") == "/etc/resolv.conf"
    assert resolv_conf_path({}, "win32") is None
