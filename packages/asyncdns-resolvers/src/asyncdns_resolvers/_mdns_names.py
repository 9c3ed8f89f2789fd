"""Which names belong to Multicast DNS (RFC 6762 sections 3 and 4).

* ``local`` and every name below it (``printer.local``, ``Printer.LOCAL.``): the mDNS
  top-level domain, case-insensitive;
* ``254.169.in-addr.arpa``: reverse mapping of IPv4 link-local addresses (169.254/16);
* ``8.e.f.ip6.arpa`` to ``b.e.f.ip6.arpa``: reverse mapping of IPv6 link-local addresses
  (fe80::/10).

Multicast DNS names are UTF-8 on the wire, never Punycode (section 16):
:func:`mdns_wire_name` turns the ``xn--`` labels that :class:`~asyncdns_wire.Query` makes of
non-ASCII ``str`` names back into UTF-8.

Labels are compared whole, escapes resolved: ``printer\\.local`` is one label and is not an
mDNS name, nor is ``notlocal``.
"""

from __future__ import annotations

import contextlib

from asyncdns_wire import DecodeError, Message, is_subdomain, name_from_text, name_to_wire

__all__ = ["MDNS_ZONES", "is_mdns_name", "mdns_wire_name"]

MDNS_ZONES: tuple[bytes, ...] = (
    b"local",
    b"254.169.in-addr.arpa",
    b"8.e.f.ip6.arpa",
    b"9.e.f.ip6.arpa",
    b"a.e.f.ip6.arpa",
    b"b.e.f.ip6.arpa",
)
"""The zones whose names are resolved by Multicast DNS (presentation form, lower case)."""

_MAX_LABEL = 63
_QUESTION_HEADER = bytes(5) + b"\1" + bytes(6)  # ID 0, a query, one question

# The last label of each zone: a cheap first test before splitting the name into labels.
_LAST_LABELS = (b"local", b"arpa")


def is_mdns_name(name: str | bytes) -> bool:
    """Whether *name* is resolved by Multicast DNS rather than unicast DNS.

    Args:
        name: a domain name, ``str`` or presentation-form ``bytes``; a trailing dot is allowed.

    Returns:
        ``True`` for ``local`` and names below it (any case), and for names in the link-local
        reverse zones ``254.169.in-addr.arpa`` and ``8.e.f.ip6.arpa`` .. ``b.e.f.ip6.arpa``.

    Raises:
        TypeError: *name* is neither ``str`` nor ``bytes``.
        ValueError: *name* is not a valid domain name.
    """
    normal = name_from_text(name)
    if b"\\" not in normal and not normal.lower().endswith(_LAST_LABELS):
        return False  # escapes (``loca\\108``) need the label split below
    return any(is_subdomain(normal, zone) for zone in MDNS_ZONES)


def mdns_wire_name(name: bytes) -> bytes:
    """*name* as Multicast DNS puts it on the wire: ``xn--`` labels decoded to UTF-8.

    Args:
        name: a presentation-form name (``Query.name``).

    Returns:
        The name with every valid Punycode label replaced by its UTF-8 form (RFC 6762
        section 16), in the codec's canonical presentation form (octets above 0x7E written
        ``\\DDD``, as decoded replies write them, so that names compare equal). ASCII names
        without Punycode labels are returned unchanged.
    """
    if name.isascii() and b"xn--" not in name.lower():
        return name
    wire = name_to_wire(name)
    labels: list[bytes] = []
    off = 0
    while wire[off]:  # a valid wire name: length-prefixed labels ending with the root
        label = wire[off + 1 : off + 1 + wire[off]]
        off += 1 + wire[off]
        if label[:4].lower() == b"xn--" and b"." not in label:  # the codec splits at dots
            with contextlib.suppress(UnicodeError):  # not valid Punycode: sent as it is
                utf8 = (b"xn--" + label[4:]).decode("idna").encode()
                if len(utf8) <= _MAX_LABEL:
                    label = utf8
        labels.append(bytes([len(label)]) + label)
    # Let the codec write the presentation form, exactly as it writes names it decodes.
    question = b"".join(labels) + b"\0\0\1\0\1"
    try:
        return Message.from_wire(_QUESTION_HEADER + question).questions[0].name
    except DecodeError:
        return name  # longer than 255 octets in UTF-8: leave it to fail as it is
