"""The LOC record (RFC 1876): a location on the WGS 84 ellipsoid, with size and precision.

Values are kept as the exact integers the wire holds, in natural units: angles in
thousandths of a second of arc (positive north and east), lengths in centimetres. Text is
printed exactly as BIND's ``dig`` does: ``52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m``.
"""

from __future__ import annotations

import re
import struct
from typing import Any

from .._errors import TextSyntaxError
from .._names import NameCache
from .._text import Tokens
from .._writer import Writer
from ._base import IN, RR, rr_type

__all__ = ["LOC"]

_LOC = struct.Struct(">BBBBIII")
_EQUATOR = 1 << 31
#: The altitude on the wire is counted from 100 km below the reference spheroid.
_ALT_BASE = 10_000_000
_MAX_LAT = 90 * 3_600_000
_MAX_LON = 180 * 3_600_000
_POW10: tuple[int, ...] = tuple(10**i for i in range(10))
#: Every length a size/precision octet can hold (``mantissa * 10**exponent`` cm) -> the octet.
_PRECISION_CODE = {m * _POW10[e]: (m << 4) | e for m in range(1, 10) for e in range(10)}
_PRECISION_CODE[0] = 0
_SECONDS = re.compile(r"(\d+)(?:\.(\d{0,3}))?")
_METRES = re.compile(r"(-?)(\d+)(?:\.(\d{0,2}))?m?")


def _precision_cm(code: int) -> int:
    """Centimetres from a size/precision octet (RFC 1876 section 2)."""
    mantissa, exponent = code >> 4, code & 0x0F
    if code and (mantissa == 0 or mantissa > 9 or exponent > 9):
        raise ValueError(f"bad LOC size/precision octet 0x{code:02x}")
    return mantissa * _POW10[exponent]


def _check_precision(value: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int (centimetres)")
    if value not in _PRECISION_CODE:
        raise ValueError(f"{what} must be 0 or a digit 1-9 times a power of ten up to 10**9 cm")
    return value


def _check_angle(value: int, limit: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int (thousandths of a second of arc)")
    if not -limit <= value <= limit:
        raise ValueError(f"{what} must be within {limit // 3_600_000} degrees")
    return value


def _precision_text(cm: int) -> str:
    code = _PRECISION_CODE[cm]
    if code & 0x0F > 1:
        return f"{cm // 100}m"
    return f"0.{cm:02d}m"


def _angle_text(value: int, positive: str, negative: str) -> str:
    hemisphere = positive if value >= 0 else negative
    value = abs(value)
    ms = value % 1000
    value //= 1000
    return f"{value // 3600} {value // 60 % 60} {value % 60}.{ms:03d} {hemisphere}"


def _angle_from_tokens(tokens: Tokens, limit_degrees: int, hemispheres: str, what: str) -> int:
    text = tokens.string(what)
    if not (text.isascii() and text.isdigit()) or int(text) > limit_degrees:
        raise TextSyntaxError(f"bad {what} degrees", text)
    degrees, minutes, ms = int(text), 0, 0
    # Minutes and seconds are optional; the hemisphere letter ends the angle.
    for step in ("minutes", "seconds", "hemisphere"):
        text = tokens.string(f"{what} {step}")
        if text.upper() in hemispheres:
            break
        if step == "minutes" and text.isascii() and text.isdigit() and int(text) < 60:
            minutes = int(text)
            continue
        match = _SECONDS.fullmatch(text) if step == "seconds" else None
        if match is None or int(match.group(1)) > 59:
            raise TextSyntaxError(f"bad {what} {step}", text)
        ms = int(match.group(1)) * 1000 + int((match.group(2) or "").ljust(3, "0"))
    value = (degrees * 3600 + minutes * 60) * 1000 + ms
    if value > limit_degrees * 3_600_000:
        raise TextSyntaxError(f"{what} out of range", text)
    return value if text.upper() == hemispheres[0] else -value


def _metres_cm(text: str, what: str, *, signed: bool = False) -> tuple[int, int]:
    """``[-]m[.cc][m]`` as (whole metres, centimetres), both carrying the sign."""
    match = _METRES.fullmatch(text)
    if match is None or (match.group(1) and not signed):
        raise TextSyntaxError(f"bad {what}", text)
    sign = -1 if match.group(1) else 1
    return sign * int(match.group(2)), sign * int((match.group(3) or "").ljust(2, "0"))


def _precision_from_text(text: str, what: str) -> int:
    """A size/precision in metres, rounded down to what an octet holds, as BIND does."""
    metres, cm = _metres_cm(text, what)
    if metres > 90_000_000 or (metres == 90_000_000 and cm):
        raise TextSyntaxError(f"{what} out of range", text)
    if metres > 0:
        exponent = len(str(metres)) - 1
        return (metres // _POW10[exponent]) * _POW10[exponent] * 100
    if cm >= 10:
        return cm // 10 * 10
    return cm


@rr_type(29)
class LOC(RR):
    """A geographical location (RFC 1876).

    Attributes:
        latitude: thousandths of a second of arc north (negative: south) of the equator.
        longitude: thousandths of a second of arc east (negative: west) of the prime meridian.
        altitude: centimetres above (negative: below) the WGS 84 reference spheroid.
        size: the diameter of a sphere enclosing the entity, in centimetres.
        horizontal_precision: the horizontal precision (circular error), in centimetres.
        vertical_precision: the vertical precision, in centimetres.
        version: the format version, always 0 (other versions do not decode).

    The three lengths must be 0 or a digit 1-9 times a power of ten (the wire holds them as
    mantissa and exponent).
    """

    __slots__ = (
        "altitude",
        "horizontal_precision",
        "latitude",
        "longitude",
        "size",
        "vertical_precision",
    )
    _fields = (
        "latitude",
        "longitude",
        "altitude",
        "size",
        "horizontal_precision",
        "vertical_precision",
    )
    latitude: int
    longitude: int
    altitude: int
    size: int
    horizontal_precision: int
    vertical_precision: int

    #: The only version RFC 1876 defines.
    version = 0

    def __init__(
        self,
        name: str | bytes,
        ttl: int,
        latitude: int,
        longitude: int,
        altitude: int,
        size: int = 100,
        horizontal_precision: int = 1_000_000,
        vertical_precision: int = 1_000,
        *,
        rr_class: int = IN,
    ) -> None:
        super().__init__(name, 29, rr_class, ttl)
        self.latitude = _check_angle(latitude, _MAX_LAT, "latitude")
        self.longitude = _check_angle(longitude, _MAX_LON, "longitude")
        if not isinstance(altitude, int) or isinstance(altitude, bool):
            raise TypeError("altitude must be an int (centimetres)")
        if not -_ALT_BASE <= altitude <= 0xFFFFFFFF - _ALT_BASE:
            raise ValueError("altitude must be within -100000.00m and 42849672.95m")
        self.altitude = altitude
        self.size = _check_precision(size, "size")
        self.horizontal_precision = _check_precision(horizontal_precision, "horizontal_precision")
        self.vertical_precision = _check_precision(vertical_precision, "vertical_precision")

    @property
    def latitude_degrees(self) -> float:
        """The latitude in decimal degrees (north positive)."""
        return self.latitude / 3_600_000

    @property
    def longitude_degrees(self) -> float:
        """The longitude in decimal degrees (east positive)."""
        return self.longitude / 3_600_000

    @classmethod
    def _from_wire(cls, buf: bytes, off: int, end: int, names: NameCache) -> tuple[LOC, int]:
        if end - off != 16:
            raise ValueError("a LOC record holds exactly 16 octets")
        version, size, hp, vp, lat, lon, alt = _LOC.unpack_from(buf, off)
        if version != 0:
            raise ValueError(f"unknown LOC version {version}")
        lat -= _EQUATOR
        lon -= _EQUATOR
        if not -_MAX_LAT <= lat <= _MAX_LAT:
            raise ValueError("LOC latitude out of range")
        if not -_MAX_LON <= lon <= _MAX_LON:
            raise ValueError("LOC longitude out of range")
        rr = cls.__new__(cls)
        rr.size = _precision_cm(size)
        rr.horizontal_precision = _precision_cm(hp)
        rr.vertical_precision = _precision_cm(vp)
        rr.latitude = lat
        rr.longitude = lon
        rr.altitude = alt - _ALT_BASE
        return rr, end

    def _to_wire(self, writer: Writer) -> None:
        writer.raw(
            _LOC.pack(
                0,
                _PRECISION_CODE[self.size],
                _PRECISION_CODE[self.horizontal_precision],
                _PRECISION_CODE[self.vertical_precision],
                self.latitude + _EQUATOR,
                self.longitude + _EQUATOR,
                self.altitude + _ALT_BASE,
            )
        )

    def rdata_to_text(self) -> str:
        alt = abs(self.altitude)
        sign = "-" if self.altitude < 0 else ""
        return (
            f"{_angle_text(self.latitude, 'N', 'S')} {_angle_text(self.longitude, 'E', 'W')} "
            f"{sign}{alt // 100}.{alt % 100:02d}m {_precision_text(self.size)} "
            f"{_precision_text(self.horizontal_precision)} "
            f"{_precision_text(self.vertical_precision)}"
        )

    @classmethod
    def _from_tokens(cls, tokens: Tokens) -> tuple[Any, ...]:
        latitude = _angle_from_tokens(tokens, 90, "NS", "latitude")
        longitude = _angle_from_tokens(tokens, 180, "EW", "longitude")
        text = tokens.string("an altitude")
        metres, cm = _metres_cm(text, "altitude", signed=True)
        altitude = metres * 100 + cm
        if not -_ALT_BASE <= altitude <= 0xFFFFFFFF - _ALT_BASE:
            raise TextSyntaxError("altitude out of range", text)
        values: list[int] = [latitude, longitude, altitude]
        for what in ("size", "horizontal precision", "vertical precision"):
            if tokens.at_end():
                break
            values.append(_precision_from_text(tokens.string(what), what))
        return tuple(values)
