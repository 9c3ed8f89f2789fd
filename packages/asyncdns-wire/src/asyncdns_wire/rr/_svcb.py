"""Service binding: SVCB and HTTPS (RFC 9460), with the dohpath (RFC 9461) and ohttp
(RFC 9540) parameters.

Parameters are an ordered read-only mapping from the numeric key (a :class:`SvcParamKey` for
the keys this module knows) to a typed value:

=================  ========================================  =================================
key                value                                     text
=================  ========================================  =================================
mandatory (0)      ``tuple[int, ...]`` of keys, sorted        ``mandatory=alpn,port``
alpn (1)           ``tuple[bytes, ...]`` of protocol ids      ``alpn="h2,h3"``
no-default-alpn    ``None`` (no value)                        ``no-default-alpn``
port (3)           ``int``                                    ``port=8443``
ipv4hint (4)       ``tuple[IPv4Address, ...]``                ``ipv4hint=198.51.100.1``
ech (5)            ``bytes`` (an ECHConfigList)               ``ech=AEj+...`` (base64)
ipv6hint (6)       ``tuple[IPv6Address, ...]``                ``ipv6hint=2001:db8::1``
dohpath (7)        ``str`` (a URI template with ``{?dns}``)   ``dohpath="/dns-query{?dns}"``
ohttp (8)          ``None`` (no value)                        ``ohttp``
keyNNNNN           ``bytes``                                  ``key667="hello\\210"``
=================  ========================================  =================================

Text follows dig (BIND 9) and RFC 9460 Appendix D. BIND 9.18 does not know the names
``dohpath`` and ``ohttp`` yet and prints them as ``key7`` / ``key8``; this module prints the
names (as later BIND releases do) and reads either form.
"""

from __future__ import annotations

import base64
import binascii
import enum
import ipaddress
import itertools
import re
import struct
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from .._errors import TextSyntaxError
from .._inet import ipv6_text
from .._names import NameCache, name_from_text, name_to_text
from .._text import Tokens, quote_string, unescape
from .._writer import Writer
from ._base import IN, RR, _check_u, rr_type, unicode_property
from ._bitmap import read_plain_name

__all__ = ["HTTPS", "SVCB", "SVCBBase", "SvcParamKey", "svc_key_from_text", "svc_key_to_text"]

_KL = struct.Struct(">HH")
_IPv4 = ipaddress.IPv4Address
_IPv6 = ipaddress.IPv6Address


class SvcParamKey(enum.IntEnum):
    """The SvcParamKeys this module knows (IANA "Service Parameter Keys (SvcParamKeys)")."""

    MANDATORY = 0
    ALPN = 1
    NO_DEFAULT_ALPN = 2
    PORT = 3
    IPV4HINT = 4
    ECH = 5
    IPV6HINT = 6
    DOHPATH = 7
    OHTTP = 8


_KEY_TEXT = {k.value: k.name.lower().replace("_", "-") for k in SvcParamKey}
_KEY_FROM_TEXT = {v: k for k, v in _KEY_TEXT.items()}
_GENERIC_KEY = re.compile(r"key(\d{1,5})\Z")


def svc_key_to_text(key: int) -> str:
    """A key's presentation name (``alpn``), or ``keyNNNNN`` for a key without one."""
    return _KEY_TEXT.get(key) or f"key{key}"


def svc_key_from_text(text: str) -> int:
    """Parse a key name (``alpn``) or ``keyNNNNN``.

    Raises:
        ValueError: not a key.
    """
    key = _KEY_FROM_TEXT.get(text)
    if key is not None:
        return key
    m = _GENERIC_KEY.match(text)
    if m is None or int(m.group(1)) > 0xFFFF:
        raise ValueError(f"unknown SvcParamKey {text!r}")
    return int(m.group(1))


def _resolve_key(key: object) -> int:
    if isinstance(key, str):
        return svc_key_from_text(key)
    if isinstance(key, int) and not isinstance(key, bool):
        return _check_u(key, 16, "SvcParamKey")
    raise TypeError(f"a SvcParamKey is an int or a name, not {type(key).__name__}")


# -- per-key codecs ------------------------------------------------------------------------------


class _Codec(NamedTuple):
    """How one key's value goes to and from the wire and text, and what callers may pass."""

    from_wire: Callable[[bytes], Any]
    to_wire: Callable[[Any], bytes]
    #: ``None`` means the key is printed bare, without ``=``.
    to_text: Callable[[Any], str | None]
    #: The argument is the value after zone-file unescaping, ``None`` when there was no ``=``.
    from_text: Callable[[bytes | None], Any]
    coerce: Callable[[Any], Any]


def _needs(data: bytes | None, what: str) -> bytes:
    if not data:
        raise ValueError(f"{what} needs a value")
    return data


_VALUE_LIST = re.compile(rb"\\(.)|(,)|([^\\,]+)|(\\)", re.DOTALL)


def _split_list(data: bytes) -> list[bytes]:
    """Split an RFC 9460 Appendix A.1 value-list at unescaped commas (``\\,`` and ``\\\\``
    stand for themselves inside an item)."""
    items = []
    cur = bytearray()
    for m in _VALUE_LIST.finditer(data):
        if m.group(1) is not None:
            cur += m.group(1)
        elif m.group(2) is not None:
            items.append(bytes(cur))
            cur = bytearray()
        elif m.group(3) is not None:
            cur += m.group(3)
        else:
            raise ValueError("dangling backslash in value list")
    items.append(bytes(cur))
    return items


def _ascii_list(data: bytes | None, what: str) -> list[str]:
    text = _needs(data, what).decode("ascii", "replace")
    return text.split(",")


def _iterable(value: object, what: str) -> list[Any]:
    if isinstance(value, (str, bytes, bytearray, memoryview)) or not isinstance(value, Iterable):
        raise TypeError(f"{what} must be an iterable of values")
    items = list(value)
    if not items:
        raise ValueError(f"{what} must not be empty")
    return items


# mandatory


def _keys(keys: Iterable[int]) -> tuple[int, ...]:
    out = sorted(keys)
    if not out:
        raise ValueError("mandatory must list at least one key")
    if len(set(out)) != len(out):
        raise ValueError("mandatory lists a key twice")
    if out[0] == 0:
        raise ValueError("mandatory must not list itself")
    return tuple(out)


def _mandatory_from_wire(data: bytes) -> tuple[int, ...]:
    if not data or len(data) % 2:
        raise ValueError("mandatory value must be a non-empty list of 16-bit keys")
    keys = struct.unpack(f">{len(data) // 2}H", data)
    if any(a >= b for a, b in itertools.pairwise(keys)):
        raise ValueError("mandatory keys not in strictly increasing order")
    return _keys(keys)


_MANDATORY = _Codec(
    _mandatory_from_wire,
    lambda v: struct.pack(f">{len(v)}H", *v),
    lambda v: ",".join([svc_key_to_text(k) for k in v]),
    lambda d: _keys([svc_key_from_text(k) for k in _ascii_list(d, "mandatory")]),
    lambda v: _keys([_resolve_key(k) for k in _iterable(v, "mandatory")]),
)

# alpn


def _alpn_ids(ids: Iterable[bytes]) -> tuple[bytes, ...]:
    out = tuple(ids)
    if not out:
        raise ValueError("alpn must list at least one protocol")
    for pid in out:
        if not 1 <= len(pid) <= 255:
            raise ValueError("an alpn protocol id is 1 to 255 octets")
    return out


def _alpn_from_wire(data: bytes) -> tuple[bytes, ...]:
    ids = []
    off = 0
    end = len(data)
    while off < end:
        nxt = off + 1 + data[off]
        if nxt > end:
            raise ValueError("alpn protocol id runs past its value")
        ids.append(data[off + 1 : nxt])
        off = nxt
    return _alpn_ids(ids)


def _alpn_to_text(ids: tuple[bytes, ...]) -> str:
    return quote_string(
        b",".join([pid.replace(b"\\", b"\\\\").replace(b",", b"\\,") for pid in ids])
    )


def _alpn_coerce(value: object) -> tuple[bytes, ...]:
    ids = []
    for pid in _iterable(value, "alpn"):
        if isinstance(pid, str):
            ids.append(pid.encode("utf-8"))
        elif isinstance(pid, (bytes, bytearray, memoryview)):
            ids.append(bytes(pid))
        else:
            raise TypeError("alpn protocol ids are str or bytes")
    return _alpn_ids(ids)


_ALPN = _Codec(
    _alpn_from_wire,
    lambda v: b"".join([bytes((len(p),)) + p for p in v]),
    _alpn_to_text,
    lambda d: _alpn_ids(_split_list(_needs(d, "alpn"))),
    _alpn_coerce,
)

# keys without a value (no-default-alpn, ohttp)


def _empty_from_wire(data: bytes | None) -> None:
    if data:
        raise ValueError("this SvcParamKey takes no value")


def _empty_coerce(value: object) -> None:
    if value not in (None, True, b"", ""):
        raise ValueError("this SvcParamKey takes no value (pass None)")


_EMPTY = _Codec(_empty_from_wire, lambda v: b"", lambda v: None, _empty_from_wire, _empty_coerce)

# port


def _port_from_wire(data: bytes) -> int:
    if len(data) != 2:
        raise ValueError("port value must be 2 octets")
    return int.from_bytes(data, "big")


def _port_from_text(data: bytes | None) -> int:
    text = _needs(data, "port").decode("ascii", "replace")
    if not text.isdigit() or int(text) > 0xFFFF:
        raise ValueError(f"bad port {text!r}")
    return int(text)


_PORT = _Codec(
    _port_from_wire,
    lambda v: v.to_bytes(2, "big"),
    str,
    _port_from_text,
    lambda v: _check_u(v, 16, "port"),
)

# address hints


def _hints(cls: type[Any], size: int, name: str) -> _Codec:
    def from_wire(data: bytes) -> tuple[Any, ...]:
        if not data or len(data) % size:
            raise ValueError(f"{name} value must be a non-empty list of {size}-octet addresses")
        return tuple(cls(data[i : i + size]) for i in range(0, len(data), size))

    def to_text(value: tuple[Any, ...]) -> str:
        if size == 16:
            return ",".join([ipv6_text(a) for a in value])
        return ",".join([str(a) for a in value])

    return _Codec(
        from_wire,
        lambda v: b"".join([a.packed for a in v]),
        to_text,
        lambda d: tuple(cls(a) for a in _ascii_list(d, name)),
        lambda v: tuple(cls(a) for a in _iterable(v, name)),
    )


# ech


def _ech_from_text(data: bytes | None) -> bytes:
    if not data:
        return b""
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("bad base64 in ech") from None


def _as_bytes(value: object) -> bytes:
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"expected bytes, not {type(value).__name__}")
    return bytes(value)


_ECH = _Codec(
    bytes,
    bytes,
    lambda v: base64.b64encode(v).decode("ascii") if v else None,
    _ech_from_text,
    _as_bytes,
)

# dohpath

_TEMPLATE_EXPR = re.compile(r"\{([^{}]*)\}")


def _dohpath(path: str) -> str:
    """Check an RFC 9461 dohpath: a relative URI template starting with ``/`` that has a
    ``dns`` variable."""
    if not path.startswith("/"):
        raise ValueError("dohpath must start with '/'")
    for expr in _TEMPLATE_EXPR.findall(path):
        if expr[:1] and expr[0] in "+#./;?&":
            expr = expr[1:]
        for var in expr.split(","):
            if var.split(":", 1)[0].rstrip("*") == "dns":
                return path
    raise ValueError("dohpath has no 'dns' variable")


def _dohpath_from_wire(data: bytes) -> str:
    return _dohpath(data.decode("utf-8"))


def _dohpath_coerce(value: object) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _dohpath_from_wire(bytes(value))
    if not isinstance(value, str):
        raise TypeError("dohpath must be str")
    return _dohpath(value)


_DOHPATH = _Codec(
    _dohpath_from_wire,
    lambda v: v.encode("utf-8"),
    lambda v: quote_string(v.encode("utf-8")),
    lambda d: _dohpath_from_wire(_needs(d, "dohpath")),
    _dohpath_coerce,
)

# any other key: opaque octets

_GENERIC = _Codec(
    bytes,
    bytes,
    lambda v: quote_string(v) if v else None,
    lambda d: d or b"",
    _as_bytes,
)

_CODECS: dict[int, _Codec] = {
    0: _MANDATORY,
    1: _ALPN,
    2: _EMPTY,
    3: _PORT,
    4: _hints(_IPv4, 4, "ipv4hint"),
    5: _ECH,
    6: _hints(_IPv6, 16, "ipv6hint"),
    7: _DOHPATH,
    8: _EMPTY,
}


def _check_params(params: Mapping[int, Any]) -> None:
    """The rules that span keys (RFC 9460 section 8)."""
    for key in params.get(0, ()):
        if key not in params:
            raise ValueError(f"mandatory key {svc_key_to_text(key)} is missing")
    if 2 in params and 1 not in params:
        raise ValueError("no-default-alpn needs alpn")


def _params_from_text(tokens: Tokens) -> dict[int, Any]:
    params: dict[int, Any] = {}
    toks = tokens.remaining()
    i = 0
    while i < len(toks):
        tok = toks[i]
        i += 1
        if tok.quoted:
            raise TextSyntaxError("SvcParam value without a key", tok.text)
        key_text, eq, value_text = tok.text.partition("=")
        value: bytes | None = None
        if eq:
            if not value_text and i < len(toks) and toks[i].quoted:
                value = toks[i].to_bytes()
                i += 1
            else:
                value = unescape(value_text)
        try:
            key = svc_key_from_text(key_text)
            if key in params:
                raise ValueError(f"SvcParamKey {key_text} appears twice")
            codec = _CODECS.get(key, _GENERIC)
            if key_text in _KEY_FROM_TEXT:
                params[key] = codec.from_text(value)
            else:
                params[key] = codec.from_wire(_GENERIC.from_text(value))
        except (ValueError, UnicodeDecodeError) as exc:
            raise TextSyntaxError(str(exc), tok.text) from None
    return params


# -- the records ---------------------------------------------------------------------------------

ParamsArg = Mapping[Any, Any] | Iterable[tuple[Any, Any]]


class SVCBBase(RR):
    """Base of SVCB and HTTPS.

    Attributes:
        priority: 0 for AliasMode, otherwise the ServiceMode priority (lower is preferred).
        target: the TargetName (``bytes``; the root ``b"."`` means the owner name itself).
        params: the SvcParams, a read-only mapping from key number to typed value, in key order
            (see the module documentation for the value types).
    """

    __slots__ = ("params", "priority", "target")
    _fields = ("priority", "target", "params")
    priority: int
    target: bytes
    params: Mapping[int, Any]

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        priority: int,
        target: str | bytes,
        params: ParamsArg = (),
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, self.TYPE, rr_class, ttl)
        self.priority = _check_u(priority, 16, "priority")
        self.target = name_from_text(target)
        items = params.items() if isinstance(params, Mapping) else params
        out: dict[int, Any] = {}
        for raw_key, value in items:
            key = _resolve_key(raw_key)
            if key in out:
                raise ValueError(f"SvcParamKey {svc_key_to_text(key)} given twice")
            out[key] = _CODECS.get(key, _GENERIC).coerce(value)
        _check_params(out)
        self.params = types.MappingProxyType(dict(sorted(out.items())))

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[Any, int]:
        if end - off < 3:
            raise ValueError("SVCB RDATA shorter than 3 octets")
        rr = cls.__new__(cls)
        rr.priority = (buf[off] << 8) | buf[off + 1]
        rr.target, off = read_plain_name(buf, off + 2, end, names)
        params: dict[int, Any] = {}
        last = -1
        while off < end:
            if off + 4 > end:
                raise ValueError("SvcParam header runs past the RDATA")
            key, length = _KL.unpack_from(buf, off)
            if key <= last:
                raise ValueError("SvcParamKeys not in strictly increasing order")
            off += 4
            stop = off + length
            if stop > end:
                raise ValueError("SvcParam value runs past the RDATA")
            params[key] = _CODECS.get(key, _GENERIC).from_wire(buf[off:stop])
            last = key
            off = stop
        _check_params(params)
        rr.params = types.MappingProxyType(params)
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.u16(self.priority)
        writer.name(self.target, compress=False)
        for key, value in self.params.items():
            data = _CODECS.get(key, _GENERIC).to_wire(value)
            writer.raw(_KL.pack(key, len(data)))
            writer.raw(data)

    def rdata_to_text(self) -> str:
        parts = [str(self.priority), name_to_text(self.target)]
        for key, value in self.params.items():
            text = _CODECS.get(key, _GENERIC).to_text(value)
            parts.append(svc_key_to_text(key) if text is None else f"{svc_key_to_text(key)}={text}")
        return " ".join(parts)

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        return (
            tokens.integer(16, "a priority"),
            tokens.name("a target name"),
            _params_from_text(tokens),
        )

    unicode_target = unicode_property("target")

    @property
    def is_alias(self) -> bool:
        """Whether this is an AliasMode record (priority 0)."""
        return self.priority == 0

    @property
    def alpn(self) -> tuple[bytes, ...]:
        """The ``alpn`` protocol ids (``()`` when absent)."""
        value: tuple[bytes, ...] = self.params.get(1, ())
        return value

    @property
    def no_default_alpn(self) -> bool:
        """Whether ``no-default-alpn`` is present."""
        return 2 in self.params

    @property
    def port(self) -> int | None:
        """The ``port`` (``None`` when absent)."""
        value: int | None = self.params.get(3)
        return value

    @property
    def ipv4hint(self) -> tuple[ipaddress.IPv4Address, ...]:
        """The ``ipv4hint`` addresses (``()`` when absent)."""
        value: tuple[ipaddress.IPv4Address, ...] = self.params.get(4, ())
        return value

    @property
    def ech(self) -> bytes | None:
        """The ``ech`` ECHConfigList (``None`` when absent)."""
        value: bytes | None = self.params.get(5)
        return value

    @property
    def ipv6hint(self) -> tuple[ipaddress.IPv6Address, ...]:
        """The ``ipv6hint`` addresses (``()`` when absent)."""
        value: tuple[ipaddress.IPv6Address, ...] = self.params.get(6, ())
        return value

    @property
    def dohpath(self) -> str | None:
        """The DNS-over-HTTPS URI template (RFC 9461; ``None`` when absent)."""
        value: str | None = self.params.get(7)
        return value


@rr_type(64, IN)
class SVCB(SVCBBase):
    """A general-purpose service binding (RFC 9460), e.g. ``_dns`` for DDR (RFC 9462)."""

    __slots__ = ()


@rr_type(65, IN)
class HTTPS(SVCBBase):
    """A service binding for HTTPS origins (RFC 9460 section 9)."""

    __slots__ = ()
