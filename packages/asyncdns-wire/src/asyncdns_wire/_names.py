"""Domain names: wire decoding (with compression), presentation escapes, IDNA and reverse names.

Names travel through the API as ``bytes`` in presentation form, the way asyncdns 0.1 gave them:
labels joined by ``.``, no trailing dot, the root written ``b"."``. Bytes that presentation
format cannot show as themselves are escaped as RFC 1035 section 5.1 says: ``\\.``, ``\\\\``,
``\\"`` ... and ``\\DDD`` for octets outside printable ASCII. Case is preserved exactly as it
was on the wire (0x20 randomisation depends on it); comparisons use :func:`name_key`.
"""

from __future__ import annotations

import functools
import ipaddress
import re

from ._errors import BadLabel, BadPointer, NameTooLong, TruncatedMessage

__all__ = [
    "ROOT",
    "is_subdomain",
    "name_from_text",
    "name_key",
    "name_labels",
    "name_to_text",
    "name_to_unicode",
    "name_to_wire",
    "reverse_name",
]

ROOT = b"."
"""The root name."""

#: The bytes a label shows as themselves in presentation form; every other byte is escaped.
_PLAIN = bytes(c for c in range(0x21, 0x7F) if c not in b'.();\\@$"')
#: Each byte's presentation form in a label: itself when plain, else ``\X`` or ``\DDD``.
_SHOWN = [
    bytes([c]) if c in _PLAIN else b"\\%03d" % c if c < 0x21 or c > 0x7E else b"\\" + bytes([c])
    for c in range(256)
]
#: ``\DDD`` (exactly three digits) or ``\X`` (X not a digit): RFC 1035 section 5.1.
_ESCAPE_SEQ = re.compile(rb"\\([0-9]{3}|[^0-9])", re.DOTALL)

#: Per-message cache used while decoding: offset -> (name, wire length of the name).
NameCache = dict[int, tuple[bytes, int]]


def escape_label(label: bytes) -> bytes:
    """Return *label* (raw octets) in presentation form, escaping what must be escaped."""
    shown = label.translate(_LABEL_AS_IS)
    if shown is label or shown == label:
        return label
    return b"".join([_SHOWN[c] for c in label])


def is_shown_as_is(name: bytes) -> bool:
    """Whether every octet of presentation-form *name* is a dot or a byte that
    :func:`read_name` leaves unescaped, so that decoding the name's wire form gives *name*
    back octet for octet (escapes, spaces, ``@``... are spelled otherwise by the decoder)."""
    shown = name.translate(_NAME_AS_IS)
    return shown is name or shown == name


#: Translation tables: bytes shown as themselves (plain bytes; in a name, dots too) to
#: themselves, every other byte to ``!`` (a plain byte, so never itself). Translating with one
#: tells whether a name needs escapes: when no byte changes, CPython returns the very object
#: (``is``: no comparison), several times cheaper than deleting bytes, which builds a table
#: at every call.
_LABEL_AS_IS = bytes(c if c in _PLAIN else 0x21 for c in range(256))
_NAME_AS_IS = bytes(c if c in _PLAIN or c == 0x2E else 0x21 for c in range(256))


def read_name(buf: bytes, off: int, names: NameCache) -> tuple[bytes, int]:
    """Decode the (possibly compressed) name at *off*; return it and the offset after it.

    *names* caches names already decoded in this message by their offset, so each compression
    pointer is followed at most once per message. Pointers must point strictly backwards,
    which rules out loops without counting hops.

    Raises:
        DecodeError: a subclass saying what is wrong (truncated data, a bad pointer, a reserved
            label type, a label or name too long).
    """
    start = off
    labels: list[bytes] = []
    wire_len = 1
    after = -1
    limit = off
    suffix: bytes | None = None
    hops = 0
    try:
        while True:
            n = buf[off]
            if n == 0:
                off += 1
                break
            if n < 0x40:
                nxt = off + 1 + n
                labels.append(buf[off + 1 : nxt])
                wire_len += n + 1
                if wire_len > 255:
                    raise NameTooLong("domain name longer than 255 octets", start)
                off = nxt
            elif n >= 0xC0:
                ptr = ((n & 0x3F) << 8) | buf[off + 1]
                if after < 0:
                    after = off + 2
                if ptr >= limit:
                    raise BadPointer("compression pointer does not point backwards", off)
                hops += 1
                if hops > 127:
                    raise BadPointer("too many compression pointers in one name", off)
                cached = names.get(ptr)
                if cached is not None:
                    suffix, extra = cached
                    wire_len += extra - 1
                    if wire_len > 255:
                        raise NameTooLong("domain name longer than 255 octets", start)
                    break
                limit = ptr
                off = ptr
            else:
                raise BadLabel(f"reserved label type 0x{n & 0xC0:02x}", off)
    except IndexError:
        # A label cut short leaves *off* beyond the data: report where the data ends.
        raise TruncatedMessage(
            "name runs past the end of the message", min(off, len(buf))
        ) from None
    if after < 0:
        after = off
    if labels:
        name = b".".join(labels)
        # Escapes needed unless every byte is plain and the dots are the joining ones.
        shown = name.translate(_NAME_AS_IS)
        if (shown is not name and shown != name) or name.count(b".") != len(labels) - 1:
            name = b".".join([escape_label(label) for label in labels])
        if suffix is not None and suffix != ROOT:
            name = name + b"." + suffix
    else:
        name = suffix if suffix is not None else ROOT
    names[start] = (name, wire_len)
    return name, after


def note_suffixes(names: NameCache, start: int, name: bytes) -> None:
    """Add each proper suffix of *name* to *names*, at the offset of its first label.

    Only for a name held uncompressed at *start* with no escapes (so that its presentation
    form splits at dots exactly where the wire form has labels). Replies point into the
    question name for the zone and its parents; knowing those suffixes spares decoding them.
    """
    pos = start
    dot = name.find(b".")
    while dot >= 0:
        pos += dot + 1
        name = name[dot + 1 :]
        names[pos] = (name, len(name) + 2)
        dot = name.find(b".")


@functools.lru_cache(maxsize=4096)
def name_labels(name: bytes) -> tuple[bytes, ...]:
    """Split a presentation-form name into its raw labels (escapes resolved; root is ``()``).

    Raises:
        ValueError: an empty label, a label over 63 octets, a name over 255 octets, or a bad
            escape.
    """
    if name == ROOT or name == b"":
        return ()
    name = strip_final_dot(name)
    if name.find(b"\\") >= 0:  # not `in`: see _plain_body
        labels = _split_escaped(name)
    else:
        labels = name.split(b".")
    total = 1
    for label in labels:
        n = len(label)
        if n == 0:
            raise ValueError(f"empty label in domain name {name!r}")
        if n > 63:
            raise ValueError(f"label longer than 63 octets in {name!r}")
        total += n + 1
    if total > 255:
        raise ValueError(f"domain name longer than 255 octets: {name!r}")
    return tuple(labels)


def strip_final_dot(name: bytes) -> bytes:
    """*name* without its final dot, unless that dot is escaped (``a\\.`` keeps it)."""
    if not name.endswith(b"."):
        return name
    body = name[:-1]
    backslashes = len(body) - len(body.rstrip(b"\\"))
    return body if backslashes % 2 == 0 else name


def _split_escaped(name: bytes) -> list[bytes]:
    labels: list[bytes] = []
    current = bytearray()
    i = 0
    n = len(name)
    while i < n:
        c = name[i]
        if c == 0x5C:  # backslash
            m = _ESCAPE_SEQ.match(name, i)
            if m is None:
                raise ValueError(f"bad escape in domain name {name!r}")
            seq = m.group(1)
            if len(seq) == 3:
                value = int(seq)
                if value > 255:
                    raise ValueError(f"escape \\{seq.decode()} out of range in {name!r}")
                current.append(value)
            else:
                current += seq
            i = m.end()
        elif c == 0x2E:  # dot
            labels.append(bytes(current))
            current = bytearray()
            i += 1
        else:
            current.append(c)
            i += 1
    labels.append(bytes(current))
    return labels


def canonical_from_labels(labels: tuple[bytes, ...] | list[bytes]) -> bytes:
    """Join raw labels into a presentation-form name."""
    if not labels:
        return ROOT
    return b".".join([escape_label(label) for label in labels])


def wire_of_name(name: bytes) -> bytes:
    """The uncompressed wire form of a presentation-form name (:func:`name_to_wire` without
    its memo, for callers that memoise what they build from it)."""
    body = _plain_body(name)
    if body is not None:
        return _plain_wire(body)
    return b"".join([_LENGTH[len(label)] + label for label in name_labels(name)]) + b"\x00"


def _plain_wire(name: bytes) -> bytes:
    """The wire form of a valid name that splits into labels at its dots (no final dot): its
    first label, then its parent's wire form, which is memoised. Names come by the thousand
    from a few zones, and a zone's name is encoded once rather than with every name in it."""
    head, dot, parent = name.partition(b".")
    return _LENGTH[len(head)] + head + (_parent_wire(parent) if dot else b"\x00")


_parent_wire = functools.lru_cache(maxsize=1024)(_plain_wire)


@functools.lru_cache(maxsize=4096)
def name_to_wire(name: bytes) -> bytes:
    """The uncompressed wire form of a presentation-form name; memoised."""
    return wire_of_name(name)


_LENGTH = [bytes([n]) for n in range(64)]


def _plain_body(name: bytes) -> bytes | None:
    """*name* without its final dot if it is valid and splits into labels at its dots (no
    escapes, no empty label, and so short, at most 63 octets without the final dot, that no
    label can be too long); else ``None``: the caller takes the long way.

    Searches use ``find()``, not ``in``: on CPython 3.11, ``b"x" in name`` first tries the
    operand as an integer and builds (then clears) a TypeError with a formatted message, which
    makes it several times slower than ``name.find(b"x")`` on the per-lookup paths.
    """
    if (
        0 < len(name) <= 63 + (name[-1] == 0x2E)
        and name[0] != 0x2E
        and name.find(b"..") < 0
        and name.find(b"\\") < 0
    ):
        return name[:-1] if name[-1] == 0x2E else name
    return None


def name_key(name: bytes) -> bytes:
    """A key under which names equal in DNS terms (ASCII case-insensitive) compare equal."""
    return name.lower()


def is_subdomain(name: bytes, zone: bytes) -> bool:
    """Whether *name* is *zone* or lies below it (case-insensitive)."""
    if zone == ROOT:
        return True
    labels = name_labels(name.lower())
    zlabels = name_labels(zone.lower())
    return len(labels) >= len(zlabels) and labels[len(labels) - len(zlabels) :] == zlabels


def name_from_text(name: str | bytes) -> bytes:
    """Normalise a caller's name to presentation-form bytes.

    A ``str`` has IDNA applied to each label that is not ASCII; ``bytes`` are taken literally
    (escapes allowed). A trailing dot is removed; ``""`` and ``"."`` mean the root. The result
    is spelled as :class:`~asyncdns_wire.Message` decoding spells names: escapes are resolved
    where the byte needs none (``\\065`` -> ``A``) and added where it does (a space ->
    ``\\032``, ``@`` -> ``\\@``), so a name given by the caller and the same name read from
    a reply are equal bytes.

    Raises:
        TypeError: *name* is neither ``str`` nor ``bytes``.
        ValueError: the name is not a valid domain name (or cannot be IDNA-encoded).
    """
    if isinstance(name, str):
        if name.isascii():
            raw = name.encode("ascii")
            body = _plain_body(raw)
            if body is not None and is_shown_as_is(body):
                return body
        else:
            parts = []
            # A trailing dot leaves an empty last label: name_labels below allows one, not two.
            for label in name.split("."):
                if label.isascii():
                    parts.append(label.encode("ascii"))
                else:
                    try:
                        parts.append(label.encode("idna"))
                    except UnicodeError as exc:
                        raise ValueError(f"cannot IDNA-encode label {label!r}: {exc}") from None
            raw = b".".join(parts)
    elif isinstance(name, (bytes, bytearray, memoryview)):
        raw = bytes(name)
    else:
        raise TypeError(f"a domain name must be str or bytes, not {type(name).__name__}")
    if raw in (b"", b"."):
        return ROOT
    labels = name_labels(raw)  # validates (".." is not the root)
    raw = strip_final_dot(raw)
    if not is_shown_as_is(raw):
        # One spelling per name, the decoder's: ``\065`` becomes ``A``, ``\a`` becomes ``a``,
        # a space (escaped or not) ``\032``, an ``@`` ``\@``. A name given with a space and
        # the same name read from a reply are then equal bytes.
        raw = canonical_from_labels(labels)
    return raw


def name_to_text(name: bytes) -> str:
    """The absolute presentation form of *name* as ``str``, with its trailing dot."""
    if name == ROOT:
        return "."
    return name.decode("ascii", "backslashreplace") + "."


def name_to_unicode(name: bytes) -> str:
    """*name* with IDNA ``xn--`` labels decoded to Unicode (no trailing dot)."""
    if b"xn--" not in name.lower():
        return name.decode("ascii", "backslashreplace")
    out = []
    for label in name.split(b"."):
        if label[:4].lower() == b"xn--":
            try:
                # Python's codec only sees a lower-case ACE prefix; Punycode ignores case.
                out.append(label.lower().decode("idna"))
                continue
            except UnicodeError:
                pass
        out.append(label.decode("ascii", "backslashreplace"))
    return ".".join(out)


def reverse_name(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bytes:
    """The ``in-addr.arpa`` or ``ip6.arpa`` name for a reverse lookup of *address*."""
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id is not None:
        # Python 3.11's reverse_pointer chokes on a zone id; the zone is not part of the name.
        address = ipaddress.IPv6Address(address.packed)
    return address.reverse_pointer.encode("ascii")
