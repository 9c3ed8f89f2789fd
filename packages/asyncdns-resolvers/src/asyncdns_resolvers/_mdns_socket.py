"""The multicast DNS resolver's sockets: set-up, group membership and reading with the hop limit.

Two kinds, per address family, all non-blocking:

* the *query socket*, bound to an ephemeral port: one-shot queries go out from it to the
  group, so responders answer it by legacy unicast (RFC 6762 sections 5.1 and 6.7). It sends
  with multicast TTL / hop limit 255 and loops its queries back to responders on this host;
* the *group socket*, bound to the group address and the mDNS port (shared with any responder
  on this host) and a member of the group: it hears responses multicast on the link. Being
  bound to the group address, it never receives unicast packets meant for a local responder.

Both ask the system to report the IP TTL / hop limit of each packet (``IP_RECVTTL``,
``IPV6_RECVHOPLIMIT``) where it can.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import sys

__all__ = [
    "ANCILLARY_SIZE",
    "hop_limit",
    "interface_index",
    "leave_group",
    "open_group_socket",
    "open_query_socket",
]

_LINUX = sys.platform.startswith("linux")
# ip_mreqn (group, local address, ifindex) selects the interface by index: Linux and FreeBSD.
_HAS_MREQN = _LINUX or sys.platform.startswith("freebsd")
# Python 3.11 lacks socket.IP_RECVTTL; these are the systems' values.
_IP_RECVTTL: int | None = getattr(
    socket,
    "IP_RECVTTL",
    {"linux": 12, "darwin": 24, "freebsd": 65}.get(sys.platform.rstrip("0123456789")),
)
_IP_TTL = socket.IP_TTL
_IPV6_HOPLIMIT: int | None = getattr(socket, "IPV6_HOPLIMIT", None)
_IPV6_RECVHOPLIMIT: int | None = getattr(socket, "IPV6_RECVHOPLIMIT", None)
_MULTICAST_TTL = 255

#: Room for the ancillary data :func:`hop_limit` reads.
ANCILLARY_SIZE = socket.CMSG_SPACE(8) * 2


def interface_index(interface: str | int | None) -> int:
    """The index of *interface* (a name or an index); 0 for ``None``.

    Raises:
        OSError: no interface has that name.
    """
    if interface is None:
        return 0
    if isinstance(interface, int):
        return interface
    return socket.if_nametoindex(interface)


def _ip_mreq(group: str, ifindex: int) -> bytes:
    if _HAS_MREQN:
        return socket.inet_aton(group) + bytes(4) + struct.pack("@i", ifindex)
    if ifindex:
        raise OSError(
            "choosing the IPv4 multicast interface by name or index needs Linux or FreeBSD; "
            "leave interface=None on this system"
        )
    return socket.inet_aton(group) + bytes(4)


def _ip6_mreq(group: str, ifindex: int) -> bytes:
    return socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", ifindex)


def _report_hop_limit(sock: socket.socket, family: int) -> bool:
    """Ask for each packet's TTL / hop limit; whether the system agreed."""
    if family == socket.AF_INET:
        level, option = socket.IPPROTO_IP, _IP_RECVTTL
    else:
        level, option = socket.IPPROTO_IPV6, _IPV6_RECVHOPLIMIT
    if option is None:
        return False
    try:
        sock.setsockopt(level, option, 1)
    except OSError:
        return False
    return True


def open_query_socket(family: int, group: str, ifindex: int) -> tuple[socket.socket, bool]:
    """A non-blocking UDP socket on an ephemeral port that multicasts queries.

    Args:
        family: ``socket.AF_INET`` or ``socket.AF_INET6``.
        group: the group the queries go to (sets the outgoing interface for IPv4).
        ifindex: the outgoing interface; 0 lets the system choose.

    Returns:
        The socket, and whether it reports each packet's hop limit.

    Raises:
        OSError: the socket could not be set up.
    """
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        if family == socket.AF_INET:
            sock.bind(("0.0.0.0", 0))
            if ifindex:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, _ip_mreq(group, ifindex))
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, _MULTICAST_TTL)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(("::", 0))
            if ifindex:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, _MULTICAST_TTL)
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 1)
        reports = _report_hop_limit(sock, family)
    except BaseException:
        sock.close()
        raise
    return sock, reports


def open_group_socket(family: int, group: str, port: int, ifindex: int) -> socket.socket:
    """A non-blocking UDP socket bound to *group* and *port* and joined to the group.

    Args:
        family: ``socket.AF_INET`` or ``socket.AF_INET6``.
        group: the mDNS group address.
        port: the mDNS port (shared with other sockets: ``SO_REUSEADDR``/``SO_REUSEPORT``).
        ifindex: the interface to join on; 0 lets the system choose (IPv4 only).

    Returns:
        The socket; :func:`leave_group` drops the membership before it is closed.

    Raises:
        OSError: the port cannot be shared, the system cannot bind to a group address, or
            the group cannot be joined.
    """
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if hasattr(socket, "SO_REUSEPORT"):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET:
            sock.bind((group, port))
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, _ip_mreq(group, ifindex))
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((group, port, 0, ifindex))
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, _ip6_mreq(group, ifindex))
        _report_hop_limit(sock, family)
    except BaseException:
        sock.close()
        raise
    return sock


def leave_group(sock: socket.socket, family: int, group: str, ifindex: int) -> None:
    """Drop *sock*'s membership of *group* (closing it would too; this says so explicitly).

    Errors are ignored: the socket is about to be closed anyway.
    """
    with contextlib.suppress(OSError):
        if family == socket.AF_INET:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, _ip_mreq(group, ifindex))
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, _ip6_mreq(group, ifindex))


def hop_limit(ancdata: list[tuple[int, int, bytes]]) -> int | None:
    """The IP TTL / IPv6 hop limit found in ``recvmsg`` ancillary data, or ``None``.

    Args:
        ancdata: the ancillary data items ``(level, type, data)``.
    """
    for level, kind, data in ancdata:
        if level == socket.IPPROTO_IP and kind in (_IP_TTL, _IP_RECVTTL):
            # Linux reports an int under IP_TTL; the BSDs one octet under IP_RECVTTL.
            return data[0] if len(data) == 1 else int.from_bytes(data[:4], sys.byteorder)
        if level == socket.IPPROTO_IPV6 and kind == _IPV6_HOPLIMIT and len(data) >= 4:
            return int.from_bytes(data[:4], sys.byteorder)
    return None
