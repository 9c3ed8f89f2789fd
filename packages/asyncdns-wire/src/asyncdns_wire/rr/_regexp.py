"""Validation of the NAPTR regexp field (RFC 3402 section 3.2), exactly as BIND does it.

BIND refuses NAPTR records whose regexp it cannot parse, on the wire as in zone files, so
``dig`` never prints them; this module applies the same rules (BIND's ``txt_valid_regex``
and ``isc_regex_validate``) so that the codec accepts what BIND accepts and nothing else.
The field is at most 255 octets, so walking it octet by octet is cheap.
"""

from __future__ import annotations

import functools
import re

__all__ = ["check_regexp"]

_ESCAPE = re.compile(rb"\\(.)", re.DOTALL)
_CHAR_CLASSES = frozenset(
    b":" + name + b":"
    for name in (
        b"alnum", b"digit", b"punct", b"alpha", b"graph", b"space",
        b"blank", b"lower", b"upper", b"cntrl", b"print", b"xdigit",
    )
)  # fmt: skip
_DIGITS = frozenset(b"0123456789")


@functools.lru_cache(maxsize=64)
def _shape(delim: int) -> re.Pattern[bytes]:
    d = re.escape(bytes([delim]))
    part = rb"((?:[^" + d + rb"\\\x00]|\\[^\x00])*)"
    return re.compile(d + part + d + part + d + rb"i*", re.DOTALL)


def check_regexp(regexp: bytes) -> None:
    """Check a NAPTR regexp field: empty, or ``<delim>ERE<delim>replacement<delim>`` with
    only the flag ``i``, no NUL octet, a delimiter that is not a digit, ``\\`` or ``i``, a
    POSIX extended regular expression BIND can parse, and back-references (``\\1``-``\\9``)
    only to groups the expression has.

    Raises:
        ValueError: the field is malformed.
    """
    if regexp:
        problem = _regexp_problem(regexp)
        if problem is not None:
            raise ValueError(problem)


@functools.lru_cache(maxsize=1024)
def _regexp_problem(regexp: bytes) -> str | None:
    """What is wrong with a non-empty regexp field, or ``None`` (cached: the same few
    regexps recur across a zone's NAPTR records)."""
    delim = regexp[0]
    if delim in _DIGITS or delim in b"\\i\x00":
        return "a NAPTR regexp delimiter cannot be a digit, a backslash, i or NUL"
    match = _shape(delim).fullmatch(regexp)
    if match is None:
        return "a NAPTR regexp is <delim>ERE<delim>replacement<delim>[i]"
    refs = [e[0] - 0x30 for e in _ESCAPE.findall(match.group(2)) if e[0] in _DIGITS]
    if 0 in refs:
        return "a NAPTR replacement cannot refer to \\0"
    groups = ere_groups(match.group(1))
    if groups < 0:
        return "the NAPTR regexp is not a valid extended regular expression"
    if refs and max(refs) > groups:
        return "a NAPTR replacement refers to a group the expression lacks"
    return None


def ere_groups(ere: bytes) -> int:
    """How many groups the POSIX extended regular expression *ere* has, or -1 if BIND's
    ``isc_regex_validate`` rejects it (a port of that state machine, C locale)."""
    n = len(ere)
    if n == 0:
        return -1

    def at(i: int) -> int:
        return ere[i] if i < n else 0

    state = "none"
    seen_comma = seen_high = seen_char = seen_ec = seen_ce = have_atom = False
    empty_ok = neg = was_multiple = False
    group = sub = range_ = 0
    low = high = range_start = 0
    ccname = 0
    i = 0
    while i < n:
        c = ere[i]
        if state == "none":
            literal = False
            if c == 0x5C:  # backslash
                i += 1
                c = at(i)
                if 0x31 <= c <= 0x39:
                    if c - 0x30 > sub:
                        return -1
                    have_atom, was_multiple = True, False
                    i += 1
                elif c == 0:
                    return -1
                else:
                    literal = True
            elif c == 0x5B:  # [
                i += 1
                neg = was_multiple = seen_char = False
                state = "bracket"
            elif c == 0x7B:  # {
                if at(i + 1) in _DIGITS:
                    if not have_atom or was_multiple:
                        return -1
                    seen_comma = seen_high = False
                    low = high = 0
                    state = "bound"
                    i += 1
                    have_atom = was_multiple = True
                else:
                    literal = True
            elif c == 0x28:  # (
                have_atom = was_multiple = False
                empty_ok = True
                group += 1
                sub += 1
                i += 1
            elif c == 0x29:  # )
                if group and not have_atom and not empty_ok:
                    return -1
                have_atom, was_multiple = True, False
                if group:
                    group -= 1
                i += 1
            elif c == 0x7C:  # |
                if not have_atom:
                    return -1
                have_atom = empty_ok = was_multiple = False
                i += 1
            elif c in b"^$":
                have_atom = was_multiple = True
                i += 1
            elif c in b"+*?":
                if was_multiple or not have_atom:
                    return -1
                have_atom = was_multiple = True
                i += 1
            else:
                literal = True
            if literal:
                have_atom, was_multiple = True, False
                i += 1
        elif state == "bound":
            if c in _DIGITS:
                if not seen_comma:
                    low = low * 10 + c - 0x30
                    if low > 255:
                        return -1
                else:
                    seen_high = True
                    high = high * 10 + c - 0x30
                    if high > 255:
                        return -1
                i += 1
            elif c == 0x2C:  # ,
                if seen_comma:
                    return -1
                seen_comma = True
                i += 1
            elif c == 0x7D:  # }
                if seen_high and low > high:
                    return -1
                seen_comma = False
                state = "none"
                i += 1
            else:
                return -1
        elif state == "bracket":
            inside = False
            if c == 0x5E:  # ^
                if seen_char or neg:
                    inside = True
                else:
                    neg = True
                    i += 1
            elif c == 0x2D:  # -
                if range_ == 2 or not seen_char:
                    inside = True
                elif range_ == 1:
                    return -1
                else:
                    range_ = 2
                    i += 1
            elif c == 0x5B:  # [
                i += 1
                c = at(i)
                if c == 0x2E:  # [.
                    if range_:
                        range_ -= 1
                    i += 1
                    state, seen_ce = "ce", False
                elif c == 0x3D:  # [=
                    if range_ == 2:
                        return -1
                    i += 1
                    state, seen_ec = "ec", False
                elif c == 0x3A:  # [:
                    if range_ == 2:
                        return -1
                    ccname = i
                    i += 1
                    state = "cc"
                seen_char = True
            elif c == 0x5D:  # ]
                if at(i + 1) == 0 and not seen_char:
                    return -1
                if not seen_char:
                    inside = True
                else:
                    i += 1
                    range_ = 0
                    have_atom = True
                    state = "none"
            else:
                inside = True
            if inside:
                seen_char = True
                if range_ == 2 and c < range_start:
                    return -1
                if range_:
                    range_ -= 1
                range_start = c
                i += 1
        elif state == "ce":
            if c == 0x2E:  # .
                i += 1
                if at(i) == 0x5D:
                    if not seen_ce:
                        return -1
                    i += 1
                    state = "bracket"
                else:
                    range_start = 256 if seen_ce else 0x2E
                    seen_ce = True
            else:
                range_start = 256 if seen_ce else c
                seen_ce = True
                i += 1
        elif state == "ec":
            if c == 0x3D:  # =
                i += 1
                if at(i) == 0x5D:
                    if not seen_ec:
                        return -1
                    i += 1
                    state = "bracket"
                else:
                    seen_ec = True
            else:
                seen_ec = True
                i += 1
        else:  # "cc"
            i += 1
            if c == 0x3A and at(i) == 0x5D:  # :]
                if ere[ccname:i] not in _CHAR_CLASSES:
                    return -1
                i += 1
                state = "bracket"
    if group or state != "none" or not have_atom:
        return -1
    return sub
