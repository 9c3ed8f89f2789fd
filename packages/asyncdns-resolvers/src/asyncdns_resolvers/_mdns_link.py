"""Whether an mDNS response came from the local link (RFC 6762 section 11).

A querier must accept only responses that originate on the local link. Responses received on
the group address are on-link by definition (routers never forward link-local multicast).
A unicast reply is on-link when its source address is

* link-local (169.254/16; fe80::/10 arriving on the chosen interface), or
* inside a subnet configured on the interface (every interface, when none was chosen):
  on Linux the subnets are read from the kernel with an rtnetlink address dump, refreshed
  at most every few seconds when a source does not match.

Where the subnets cannot be read (other systems), a source that is not link-local is
accepted only when the packet arrived with IP TTL / hop limit 255, which no router can
forward. With ``check_hop_limit`` the TTL must be 255 for every response, whatever its
source, wherever the system reports it.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys

__all__ = ["LinkFilter", "interface_networks"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_LINK_LOCAL_V4 = ipaddress.ip_network("169.254.0.0/16")
_LINK_LOCAL_V6 = ipaddress.ip_network("fe80::/10")
_ON_LINK_TTL = 255
_REFRESH = 5.0  # seconds between two subnet reads triggered by unknown sources
_VERDICTS = 256  # remembered source verdicts, cleared when full or refreshed

# rtnetlink (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h)
_NLMSG = struct.Struct("=IHHII")
_IFADDRMSG = struct.Struct("=BBBBI")
_RTATTR = struct.Struct("=HH")
_RTM_NEWADDR, _RTM_GETADDR = 20, 22
_NLMSG_ERROR, _NLMSG_DONE = 2, 3
_NLM_F_REQUEST, _NLM_F_DUMP = 0x1, 0x300
_IFA_ADDRESS, _IFA_LOCAL = 1, 2
_MAX_READS = 1024  # datagrams read from one dump at most


def interface_networks(family: int, ifindex: int) -> list[Network] | None:
    """The subnets configured on an interface, read from the kernel (Linux only).

    Args:
        family: ``socket.AF_INET`` or ``socket.AF_INET6``.
        ifindex: the interface index; 0 for every interface.

    Returns:
        The subnets (possibly none), or ``None`` where they cannot be read.
    """
    if not sys.platform.startswith("linux") or not hasattr(socket, "AF_NETLINK"):
        return None
    try:
        return [net for index, net in _dump_addresses(family) if not ifindex or index == ifindex]
    except (OSError, ValueError, struct.error):
        return None


def _dump_addresses(family: int) -> list[tuple[int, Network]]:
    out: list[tuple[int, Network]] = []
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE) as sock:
        sock.settimeout(1.0)
        sock.bind((0, 0))
        body = _IFADDRMSG.pack(family, 0, 0, 0, 0)
        header = _NLMSG.pack(
            _NLMSG.size + len(body), _RTM_GETADDR, _NLM_F_REQUEST | _NLM_F_DUMP, 1, 0
        )
        sock.send(header + body)
        for _ in range(_MAX_READS):
            data = sock.recv(1 << 16)
            off = 0
            while off + _NLMSG.size <= len(data):
                length, kind, _flags, _seq, _pid = _NLMSG.unpack_from(data, off)
                if length < _NLMSG.size or off + length > len(data):
                    raise ValueError("malformed netlink message")
                if kind == _NLMSG_DONE:
                    return out
                if kind == _NLMSG_ERROR:
                    raise OSError("the kernel refused the address dump")
                if kind == _RTM_NEWADDR:
                    entry = _parse_address(data, off + _NLMSG.size, off + length)
                    if entry is not None and entry[1].version == (
                        4 if family == socket.AF_INET else 6
                    ):
                        out.append(entry)
                off += (length + 3) & ~3
    raise ValueError("the netlink address dump did not end")


def _parse_address(data: bytes, start: int, end: int) -> tuple[int, Network] | None:
    _family, prefix, _flags, _scope, index = _IFADDRMSG.unpack_from(data, start)
    attrs: dict[int, bytes] = {}
    off = start + _IFADDRMSG.size
    while off + _RTATTR.size <= end:
        length, kind = _RTATTR.unpack_from(data, off)
        if length < _RTATTR.size or off + length > end:
            break
        attrs[kind] = data[off + _RTATTR.size : off + length]
        off += (length + 3) & ~3
    # IPv4 point-to-point links carry the peer in IFA_ADDRESS and our own in IFA_LOCAL.
    raw = attrs.get(_IFA_LOCAL) or attrs.get(_IFA_ADDRESS)
    if raw is None or len(raw) not in (4, 16):
        return None
    address = ipaddress.ip_address(raw)
    return index, ipaddress.ip_network((address, prefix), strict=False)


class LinkFilter:
    """Decides whether a unicast response comes from the local link.

    Args:
        family: ``socket.AF_INET`` or ``socket.AF_INET6``.
        ifindex: the interface the queries go out on; 0 for "any interface".
        check_hop_limit: insist on TTL / hop limit 255 where the system reports it.
        networks: the on-link subnets; by default read from the kernel (and refreshed).
    """

    __slots__ = (
        "_networks",
        "_read_at",
        "_static",
        "_verdicts",
        "check_hop_limit",
        "family",
        "ifindex",
    )

    def __init__(
        self,
        family: int,
        ifindex: int,
        *,
        check_hop_limit: bool = False,
        networks: list[Network] | None = None,
    ) -> None:
        self.family = family
        self.ifindex = ifindex
        self.check_hop_limit = check_hop_limit
        self._static = networks is not None
        self._networks = networks
        self._read_at = float("-inf")
        self._verdicts: dict[tuple[str, int], bool] = {}

    @property
    def networks(self) -> list[Network] | None:
        """The on-link subnets last read (``None`` when they cannot be read)."""
        return self._networks

    def accepts(self, host: str, scope_id: int, hop_limit: int | None, now: float) -> bool:
        """Whether a unicast response from *host* originated on the local link.

        Args:
            host: the source address, as the socket reported it.
            scope_id: the IPv6 scope (interface index) of the source; 0 for IPv4.
            hop_limit: the IP TTL / hop limit it arrived with, or ``None`` when unknown.
            now: a monotonic time in seconds (paces the subnet refreshes).

        Returns:
            ``True`` to accept the response, ``False`` to ignore it.
        """
        if hop_limit is not None and hop_limit != _ON_LINK_TTL and self.check_hop_limit:
            return False
        verdicts = self._verdicts
        key = (host, scope_id)
        verdict = verdicts.get(key)
        if verdict is None or (not verdict and now - self._read_at >= _REFRESH):
            verdict = self._judge(host, scope_id, now)
            if verdict is None:  # subnets unknown: only the hop limit can prove it
                return hop_limit == _ON_LINK_TTL
            if len(verdicts) >= _VERDICTS:
                verdicts.clear()
            verdicts[key] = verdict
        return verdict

    def _judge(self, host: str, scope_id: int, now: float) -> bool | None:
        try:
            address = ipaddress.ip_address(host.partition("%")[0])
        except ValueError:
            return False
        if address.version == 4:
            if address in _LINK_LOCAL_V4:
                return True
        elif address in _LINK_LOCAL_V6:
            # Link-local addresses are unique per link only: the reply must come in on ours.
            return not (self.ifindex and scope_id and scope_id != self.ifindex)
        if not self._static and now - self._read_at >= _REFRESH:
            self.refresh(now)
        networks = self._networks
        if networks is None:
            return None
        return any(address in net for net in networks)

    def refresh(self, now: float) -> None:
        """Read the subnets again (not when they were given), forgetting past verdicts."""
        self._verdicts.clear()
        if self._static:
            return
        self._read_at = now
        self._networks = interface_networks(self.family, self.ifindex)
