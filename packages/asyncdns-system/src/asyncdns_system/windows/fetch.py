"""Read Windows' DNS configuration: ``GetAdaptersAddresses`` via ctypes, the registry via
``winreg``, and the NRPT rules.

ctypes' ``windll`` and ``winreg`` are reached inside the functions only, so this module imports
(and type-checks) everywhere; calling it anywhere but Windows raises
:class:`~asyncdns_system.SystemConfigError`. Nothing is interpreted here: the pure
:mod:`asyncdns_system.windows.parse` does that. Blocking: the resolver calls it in an executor
thread.
"""

from __future__ import annotations

import sys
from typing import Any

from .._errors import SystemConfigError
from .._snapshot import WindowsSnapshot
from .parse import sockaddr_text

__all__ = ["fetch", "read_adapters", "read_nrpt", "read_registry"]

_TCPIP = r"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters"
_POLICY = r"SOFTWARE\Policies\Microsoft\Windows NT\DNSClient"
_NRPT_KEYS = (
    _POLICY + r"\DnsPolicyConfig",  # group policy wins over local rules
    r"SYSTEM\CurrentControlSet\Services\Dnscache\Parameters\DnsPolicyConfig",
)
_MAX_KEYS = 1024
_ERROR_BUFFER_OVERFLOW = 111
_GAA_FLAGS = 0x1 | 0x2 | 0x4  # skip unicast, anycast and multicast addresses
_AF_UNSPEC = 0
_OPER_STATUS = {1: "Up", 2: "Down"}


def fetch() -> WindowsSnapshot:
    """Read the adapters (falling back to the registry alone), the registry and NRPT.

    Returns:
        The :class:`~asyncdns_system.WindowsSnapshot`.

    Raises:
        SystemConfigError: not on Windows.
    """
    if sys.platform != "win32":
        raise SystemConfigError("GetAdaptersAddresses exists only on Windows", source="win32")
    try:
        adapters: list[dict[str, Any]] | None = read_adapters()
    except (OSError, SystemConfigError):
        adapters = None
    return WindowsSnapshot(adapters=adapters, registry=read_registry(), nrpt=read_nrpt())


def read_adapters() -> list[dict[str, Any]]:
    """Every adapter's DNS-related fields, from ``GetAdaptersAddresses``.

    Returns:
        One dict per adapter (see :class:`~asyncdns_system.WindowsSnapshot`).

    Raises:
        SystemConfigError: not on Windows, or the call failed.
    """
    if sys.platform != "win32":
        raise SystemConfigError("GetAdaptersAddresses exists only on Windows", source="win32")
    import ctypes as ct

    ulong = ct.c_ulong

    class _Header(ct.Structure):
        _fields_ = [("Length", ulong), ("IfIndex", ulong)]

    class _HeaderUnion(ct.Union):
        _fields_ = [("Alignment", ct.c_uint64), ("Header", _Header)]

    class _SocketAddress(ct.Structure):
        _fields_ = [("lpSockaddr", ct.c_void_p), ("iSockaddrLength", ct.c_int)]

    class _DnsServer(ct.Structure):
        pass

    _DnsServer._fields_ = [
        ("Union", _HeaderUnion),
        ("Next", ct.POINTER(_DnsServer)),
        ("Address", _SocketAddress),
    ]

    class _DnsSuffix(ct.Structure):
        pass

    _DnsSuffix._fields_ = [("Next", ct.POINTER(_DnsSuffix)), ("String", ct.c_wchar * 256)]

    class _Adapter(ct.Structure):
        pass

    _Adapter._fields_ = [
        ("Union", _HeaderUnion),
        ("Next", ct.POINTER(_Adapter)),
        ("AdapterName", ct.c_char_p),
        ("FirstUnicastAddress", ct.c_void_p),
        ("FirstAnycastAddress", ct.c_void_p),
        ("FirstMulticastAddress", ct.c_void_p),
        ("FirstDnsServerAddress", ct.POINTER(_DnsServer)),
        ("DnsSuffix", ct.c_wchar_p),
        ("Description", ct.c_wchar_p),
        ("FriendlyName", ct.c_wchar_p),
        ("PhysicalAddress", ct.c_ubyte * 8),
        ("PhysicalAddressLength", ulong),
        ("Flags", ulong),
        ("Mtu", ulong),
        ("IfType", ulong),
        ("OperStatus", ct.c_int),
        ("Ipv6IfIndex", ulong),
        ("ZoneIndices", ulong * 16),
        ("FirstPrefix", ct.c_void_p),
        ("TransmitLinkSpeed", ct.c_uint64),
        ("ReceiveLinkSpeed", ct.c_uint64),
        ("FirstWinsServerAddress", ct.c_void_p),
        ("FirstGatewayAddress", ct.c_void_p),
        ("Ipv4Metric", ulong),
        ("Ipv6Metric", ulong),
        ("Luid", ct.c_uint64),
        ("Dhcpv4Server", _SocketAddress),
        ("CompartmentId", ct.c_uint32),
        ("NetworkGuid", ct.c_ubyte * 16),
        ("ConnectionType", ct.c_int),
        ("TunnelType", ct.c_int),
        ("Dhcpv6Server", _SocketAddress),
        ("Dhcpv6ClientDuid", ct.c_ubyte * 130),
        ("Dhcpv6ClientDuidLength", ulong),
        ("Dhcpv6Iaid", ulong),
        ("FirstDnsSuffix", ct.POINTER(_DnsSuffix)),
    ]

    get = ct.windll.iphlpapi.GetAdaptersAddresses
    get.restype = ulong
    get.argtypes = [ulong, ulong, ct.c_void_p, ct.c_void_p, ct.POINTER(ulong)]
    size = ulong(16 * 1024)
    for _ in range(4):  # the list can grow between two calls: retry a few times
        buf = ct.create_string_buffer(size.value)
        result = get(_AF_UNSPEC, _GAA_FLAGS, None, buf, ct.byref(size))
        if result != _ERROR_BUFFER_OVERFLOW:
            break
    if result != 0:
        raise SystemConfigError(
            f"GetAdaptersAddresses failed with error {result}", source="GetAdaptersAddresses"
        )
    adapters: list[dict[str, Any]] = []
    suffix_end = _Adapter.FirstDnsSuffix.offset + ct.sizeof(ct.c_void_p)
    node = ct.cast(buf, ct.POINTER(_Adapter))
    while node and len(adapters) < _MAX_KEYS:
        a = node.contents
        servers: list[str] = []
        dns = a.FirstDnsServerAddress
        while dns and len(servers) < 64:
            sa = dns.contents.Address
            if sa.lpSockaddr and sa.iSockaddrLength > 0:
                text = sockaddr_text(ct.string_at(sa.lpSockaddr, sa.iSockaddrLength))
                if text is not None:
                    servers.append(text)
            dns = dns.contents.Next
        suffixes: list[str] = []
        if a.Union.Header.Length >= suffix_end:
            suffix = a.FirstDnsSuffix
            while suffix and len(suffixes) < 64:
                suffixes.append(suffix.contents.String)
                suffix = suffix.contents.Next
        adapters.append(
            {
                "AdapterName": (a.AdapterName or b"").decode("ascii", "replace"),
                "FriendlyName": a.FriendlyName or "",
                "InterfaceIndex": a.Union.Header.IfIndex,
                "IfType": a.IfType,
                "OperStatus": _OPER_STATUS.get(a.OperStatus, a.OperStatus),
                "DnsServers": servers,
                "DnsSuffix": a.DnsSuffix or "",
                "DnsSuffixes": suffixes,
                "Ipv4Metric": a.Ipv4Metric,
                "Ipv6Metric": a.Ipv6Metric,
            }
        )
        node = a.Next
    return adapters


def read_registry() -> dict[str, Any]:
    """The TCP/IP parameters, each interface's values, and the policy search list.

    Returns:
        The values of ``Tcpip\\Parameters``, plus ``Interfaces`` (by GUID) and
        ``PolicySearchList``; missing keys give what could be read.
    """
    if sys.platform != "win32":
        raise SystemConfigError("the registry exists only on Windows", source="winreg")
    import winreg

    values = _values(winreg.HKEY_LOCAL_MACHINE, _TCPIP)
    interfaces: dict[str, dict[str, Any]] = {}
    for guid in _subkeys(winreg.HKEY_LOCAL_MACHINE, _TCPIP + r"\Interfaces"):
        interfaces[guid] = _values(winreg.HKEY_LOCAL_MACHINE, _TCPIP + "\\Interfaces\\" + guid)
    values["Interfaces"] = interfaces
    policy = _values(winreg.HKEY_LOCAL_MACHINE, _POLICY)
    if policy.get("SearchList"):
        values["PolicySearchList"] = policy["SearchList"]
    return values


def read_nrpt() -> list[dict[str, Any]]:
    """The Name Resolution Policy Table rules (group policy ones if any, else local ones).

    Returns:
        One dict of values per rule, with ``Key`` the rule's key name.
    """
    if sys.platform != "win32":
        raise SystemConfigError("the registry exists only on Windows", source="winreg")
    import winreg

    for path in _NRPT_KEYS:
        names = _subkeys(winreg.HKEY_LOCAL_MACHINE, path)
        if names:
            rules = []
            for name in names:
                rule = _values(winreg.HKEY_LOCAL_MACHINE, path + "\\" + name)
                rule["Key"] = name
                rules.append(rule)
            return rules
    return []


def _values(root: Any, path: str) -> dict[str, Any]:
    if sys.platform != "win32":
        return {}
    import winreg

    result: dict[str, Any] = {}
    try:
        with winreg.OpenKey(root, path) as key:
            for i in range(_MAX_KEYS):
                try:
                    name, value, _ = winreg.EnumValue(key, i)
                except OSError:
                    break
                result[name] = value
    except OSError:
        pass
    return result


def _subkeys(root: Any, path: str) -> list[str]:
    if sys.platform != "win32":
        return []
    import winreg

    names: list[str] = []
    try:
        with winreg.OpenKey(root, path) as key:
            for i in range(_MAX_KEYS):
                try:
                    names.append(winreg.EnumKey(key, i))
                except OSError:
                    break
    except OSError:
        pass
    return sorted(names)
