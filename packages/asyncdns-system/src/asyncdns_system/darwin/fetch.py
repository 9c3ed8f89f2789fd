"""Read macOS's live DNS configuration: SCDynamicStore through ctypes, and ``/etc/resolver``.

The frameworks are loaded inside :func:`fetch`, never at import time, so this module imports
(and type-checks) everywhere; calling it anywhere but macOS raises
:class:`~asyncdns_system.SystemConfigError`. Everything is converted to plain Python values
(``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``, ``bytes``) and handed to the pure
:mod:`asyncdns_system.darwin.parse`. Blocking: the resolver calls it in an executor thread.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .._errors import SystemConfigError
from .._paths import DARWIN_RESOLVER_DIR
from .._snapshot import DarwinSnapshot
from ..unix.fetch import read_text

__all__ = ["fetch", "read_resolver_dir"]

_CF_PATH = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
_SC_PATH = "/System/Library/Frameworks/SystemConfiguration.framework/SystemConfiguration"
_UTF8 = 0x08000100  # kCFStringEncodingUTF8
_SINT64 = 4  # kCFNumberSInt64Type
_FLOAT64 = 6  # kCFNumberFloat64Type
_MAX_DEPTH = 8
_MAX_ITEMS = 4096
_MAX_SERVICES = 256
_MAX_RESOLVER_FILES = 256


def read_resolver_dir(directory: str = DARWIN_RESOLVER_DIR) -> dict[str, str]:
    """The resolver(5) files in *directory*: file name to text (hidden files skipped).

    Args:
        directory: usually ``/etc/resolver``.

    Returns:
        The files read; an absent directory gives ``{}``.
    """
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return {}
    files: dict[str, str] = {}
    for name in names[:_MAX_RESOLVER_FILES]:
        path = os.path.join(directory, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        try:
            text = read_text(path)
        except SystemConfigError:
            continue
        if text is not None:
            files[name] = text
    return files


def fetch(resolver_dir: str = DARWIN_RESOLVER_DIR) -> DarwinSnapshot:
    """Copy the DNS keys of the dynamic store and read the resolver(5) files.

    Args:
        resolver_dir: where the per-domain resolver files live.

    Returns:
        The :class:`~asyncdns_system.DarwinSnapshot`.

    Raises:
        SystemConfigError: not on macOS, or SystemConfiguration is unavailable.
    """
    if sys.platform != "darwin":
        raise SystemConfigError("SCDynamicStore exists only on macOS", source="SCDynamicStore")
    cf = _CoreFoundation()
    store = cf.sc.SCDynamicStoreCreate(None, cf.string("asyncdns"), None, None)
    if not store:
        raise SystemConfigError("SCDynamicStoreCreate failed", source="SCDynamicStore")
    try:
        global_dns = cf.copy_value(store, "State:/Network/Global/DNS")
        ipv4 = cf.copy_value(store, "State:/Network/Global/IPv4")
        primary = ipv4.get("PrimaryService") if isinstance(ipv4, dict) else None
        services: dict[str, dict[str, Any]] = {}
        interfaces: dict[str, str] = {}
        for key in cf.copy_keys(store, "State:/Network/Service/[^/]+/DNS")[:_MAX_SERVICES]:
            parts = key.split("/")
            if len(parts) != 5:
                continue
            service = parts[3]
            value = cf.copy_value(store, key)
            if isinstance(value, dict):
                services[service] = value
            info = cf.copy_value(store, f"State:/Network/Service/{service}/IPv4")
            if isinstance(info, dict) and isinstance(info.get("InterfaceName"), str):
                interfaces[service] = info["InterfaceName"]
    finally:
        cf.release(store)
    return DarwinSnapshot(
        global_dns=global_dns if isinstance(global_dns, dict) else {},
        services=services,
        interfaces=interfaces,
        primary_service=primary if isinstance(primary, str) else None,
        resolver_files=read_resolver_dir(resolver_dir),
        resolver_dir=resolver_dir,
    )


class _CoreFoundation:
    """The few CoreFoundation and SystemConfiguration calls used, with their signatures."""

    def __init__(self) -> None:
        import ctypes

        self.ct = ct = ctypes
        try:
            cf = ct.cdll.LoadLibrary(_CF_PATH)
            sc = ct.cdll.LoadLibrary(_SC_PATH)
        except OSError as exc:
            raise SystemConfigError(
                f"cannot load SystemConfiguration: {exc}", source="SCDynamicStore"
            ) from exc
        vp, index, ulong, boolean = ct.c_void_p, ct.c_long, ct.c_ulong, ct.c_bool
        signatures: list[tuple[Any, str, Any, list[Any]]] = [
            (cf, "CFStringCreateWithCString", vp, [vp, ct.c_char_p, ct.c_uint32]),
            (cf, "CFRelease", None, [vp]),
            (cf, "CFGetTypeID", ulong, [vp]),
            (cf, "CFStringGetTypeID", ulong, []),
            (cf, "CFArrayGetTypeID", ulong, []),
            (cf, "CFDictionaryGetTypeID", ulong, []),
            (cf, "CFNumberGetTypeID", ulong, []),
            (cf, "CFBooleanGetTypeID", ulong, []),
            (cf, "CFDataGetTypeID", ulong, []),
            (cf, "CFStringGetLength", index, [vp]),
            (cf, "CFStringGetMaximumSizeForEncoding", index, [index, ct.c_uint32]),
            (cf, "CFStringGetCString", boolean, [vp, ct.c_char_p, index, ct.c_uint32]),
            (cf, "CFArrayGetCount", index, [vp]),
            (cf, "CFArrayGetValueAtIndex", vp, [vp, index]),
            (cf, "CFDictionaryGetCount", index, [vp]),
            (cf, "CFDictionaryGetKeysAndValues", None, [vp, ct.POINTER(vp), ct.POINTER(vp)]),
            (cf, "CFNumberIsFloatType", boolean, [vp]),
            (cf, "CFNumberGetValue", boolean, [vp, ct.c_int, vp]),
            (cf, "CFBooleanGetValue", boolean, [vp]),
            (cf, "CFDataGetLength", index, [vp]),
            (cf, "CFDataGetBytePtr", vp, [vp]),
            (sc, "SCDynamicStoreCreate", vp, [vp, vp, vp, vp]),
            (sc, "SCDynamicStoreCopyValue", vp, [vp, vp]),
            (sc, "SCDynamicStoreCopyKeyList", vp, [vp, vp]),
        ]
        for lib, name, restype, argtypes in signatures:
            func = getattr(lib, name)
            func.restype = restype
            func.argtypes = argtypes
        self.cf, self.sc = cf, sc
        self.types = {
            cf.CFStringGetTypeID(): self._string,
            cf.CFArrayGetTypeID(): self._array,
            cf.CFDictionaryGetTypeID(): self._dictionary,
            cf.CFNumberGetTypeID(): self._number,
            cf.CFBooleanGetTypeID(): lambda ref, depth: bool(cf.CFBooleanGetValue(ref)),
            cf.CFDataGetTypeID(): self._data,
        }
        self._strings: list[Any] = []

    def string(self, text: str) -> Any:
        """A CFString kept alive until :meth:`release` of the store (a handful per fetch)."""
        ref = self.cf.CFStringCreateWithCString(None, text.encode("utf-8"), _UTF8)
        if not ref:
            raise SystemConfigError("CFStringCreateWithCString failed", source="SCDynamicStore")
        self._strings.append(ref)
        return ref

    def release(self, ref: Any) -> None:
        """Release *ref* and every CFString :meth:`string` made."""
        for s in self._strings:
            self.cf.CFRelease(s)
        self._strings.clear()
        if ref:
            self.cf.CFRelease(ref)

    def copy_value(self, store: Any, key: str) -> Any:
        """The store's value at *key* as Python data, or ``None``."""
        ref = self.sc.SCDynamicStoreCopyValue(store, self.string(key))
        if not ref:
            return None
        try:
            return self.convert(ref, 0)
        finally:
            self.cf.CFRelease(ref)

    def copy_keys(self, store: Any, pattern: str) -> list[str]:
        """The store's keys matching the regular expression *pattern*."""
        ref = self.sc.SCDynamicStoreCopyKeyList(store, self.string(pattern))
        if not ref:
            return []
        try:
            keys = self.convert(ref, 0)
        finally:
            self.cf.CFRelease(ref)
        return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []

    def convert(self, ref: Any, depth: int) -> Any:
        """A CF property-list object as Python data (unknown types become ``None``)."""
        if not ref or depth > _MAX_DEPTH:
            return None
        convert = self.types.get(self.cf.CFGetTypeID(ref))
        return None if convert is None else convert(ref, depth)

    def _string(self, ref: Any, depth: int) -> str:
        cf = self.cf
        size = cf.CFStringGetMaximumSizeForEncoding(cf.CFStringGetLength(ref), _UTF8) + 1
        buf = self.ct.create_string_buffer(size)
        if not cf.CFStringGetCString(ref, buf, size, _UTF8):
            return ""
        return buf.value.decode("utf-8", "replace")

    def _array(self, ref: Any, depth: int) -> list[Any]:
        count = min(self.cf.CFArrayGetCount(ref), _MAX_ITEMS)
        return [
            self.convert(self.cf.CFArrayGetValueAtIndex(ref, i), depth + 1) for i in range(count)
        ]

    def _dictionary(self, ref: Any, depth: int) -> dict[str, Any]:
        count = self.cf.CFDictionaryGetCount(ref)
        if count <= 0 or count > _MAX_ITEMS:
            return {}
        keys = (self.ct.c_void_p * count)()
        values = (self.ct.c_void_p * count)()
        self.cf.CFDictionaryGetKeysAndValues(ref, keys, values)
        result: dict[str, Any] = {}
        for k, v in zip(keys, values, strict=True):
            key = self.convert(k, depth + 1)
            if isinstance(key, str):
                result[key] = self.convert(v, depth + 1)
        return result

    def _number(self, ref: Any, depth: int) -> int | float:
        ct = self.ct
        if self.cf.CFNumberIsFloatType(ref):
            real = ct.c_double()
            self.cf.CFNumberGetValue(ref, _FLOAT64, ct.byref(real))
            return float(real.value)
        whole = ct.c_int64()
        self.cf.CFNumberGetValue(ref, _SINT64, ct.byref(whole))
        return int(whole.value)

    def _data(self, ref: Any, depth: int) -> bytes:
        length = min(self.cf.CFDataGetLength(ref), 1 << 16)
        pointer = self.cf.CFDataGetBytePtr(ref)
        return self.ct.string_at(pointer, length) if pointer and length > 0 else b""
