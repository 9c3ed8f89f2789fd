"""The hosts file, parsed: names to addresses and addresses to names (pure, no I/O).

``parse_hosts(text)`` reads the format every OS shares (``/etc/hosts``, Windows'
``drivers\\etc\\hosts``): an address, a canonical name and aliases per line, ``#`` comments
anywhere. IPv4 and IPv6 addresses (zone ids kept: ``fe80::1%eth0``), names matched without
regard to case, non-ASCII names IDNA-encoded. Lines that cannot be used are skipped with a
warning, as the C libraries skip them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from asyncdns_wire import name_from_text

from ._reverse import Address, without_zone

__all__ = ["LOCALHOST", "LOOPBACK", "HostsTable", "parse_hosts"]

LOCALHOST = b"localhost"
LOOPBACK: tuple[Address, ...] = (
    ipaddress.IPv4Address("127.0.0.1"),
    ipaddress.IPv6Address("::1"),
)
"""What ``localhost`` resolves to when the file does not say (RFC 6761 section 6.3)."""

_LOCALHOST_SUFFIX = b"." + LOCALHOST


class HostsTable:
    """The content of a hosts file.

    Args:
        localhost: apply RFC 6761: ``localhost`` and every name below it resolve to the
            loopback addresses unless the file says otherwise.
    """

    __slots__ = ("_by_address", "_by_name", "localhost", "warnings")

    def __init__(self, *, localhost: bool = True) -> None:
        self._by_name: dict[bytes, list[Address]] = {}
        self._by_address: dict[Address, bytes] = {}
        self.localhost = localhost
        #: One message per line or name skipped.
        self.warnings: list[str] = []

    def add(self, address: Address, names: list[bytes]) -> None:
        """Record one line: *address* for each of *names* (the first is canonical).

        Args:
            address: the address (an IPv6 zone id is kept for the forward answers).
            names: presentation-form names; compared case-insensitively.
        """
        for name in names:
            listed = self._by_name.setdefault(name.lower(), [])
            if address not in listed:
                listed.append(address)
        if names:
            self._by_address.setdefault(without_zone(address), names[0])

    def addresses(self, name: bytes) -> tuple[Address, ...] | None:
        """The addresses of *name*, or ``None`` when the file does not hold it.

        Under RFC 6761 (``localhost=True``), a name below ``localhost`` that the file does not
        list gets the loopback addresses.
        """
        key = name.lower()
        found = self._by_name.get(key)
        if found is not None:
            return tuple(found)
        if self.localhost and key.endswith(_LOCALHOST_SUFFIX):
            return LOOPBACK
        return None

    def name_for(self, address: Address) -> bytes | None:
        """The canonical name of the first line listing *address* (zone ids ignored)."""
        return self._by_address.get(without_zone(address))

    def is_localhost(self, name: bytes) -> bool:
        """Whether RFC 6761 makes *name* special (``localhost`` or below it)."""
        key = name.lower()
        return self.localhost and (key == LOCALHOST or key.endswith(_LOCALHOST_SUFFIX))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, bytes) and self.addresses(name) is not None

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"<HostsTable names={len(self._by_name)} addresses={len(self._by_address)}>"


def parse_hosts(text: str, *, localhost: bool = True) -> HostsTable:
    """Parse hosts-file text.

    Args:
        text: the file's content.
        localhost: add ``localhost`` (127.0.0.1 and ::1, and their reverse mappings) when the
            file lacks it, and resolve names below ``localhost`` to loopback (RFC 6761).

    Returns:
        The :class:`HostsTable`; :attr:`HostsTable.warnings` lists what was skipped.
    """
    table = HostsTable(localhost=localhost)
    for lineno, raw in enumerate(text.splitlines(), 1):
        fields = raw.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) < 2:
            table.warnings.append(f"line {lineno}: an address without names")
            continue
        try:
            address = ipaddress.ip_address(fields[0])
        except ValueError:
            table.warnings.append(f"line {lineno}: {fields[0]!r} is not an IP address")
            continue
        names: list[bytes] = []
        for field in fields[1:]:
            try:
                name = name_from_text(field)
            except ValueError as exc:
                table.warnings.append(f"line {lineno}: {field!r}: {exc}")
                continue
            if name != b".":
                names.append(name)
        table.add(address, names)
    if localhost and LOCALHOST not in table._by_name:
        for address in LOOPBACK:
            table.add(address, [LOCALHOST])
    return table
