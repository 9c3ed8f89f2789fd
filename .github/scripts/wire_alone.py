"""Run by CI's wire-only job in a virtual environment holding asyncdns-wire and nothing else.

It decodes a real response (a CNAME chain and an EDNS cookie) and checks that no other
asyncdns distribution, and neither dnslib nor dnspython, is importable or installed: the codec
stands alone. tests/meta/test_wire_alone.py checks the same from the test suite.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys

from asyncdns_wire import Message, rr

RESPONSE = bytes.fromhex(
    "beef8580000100020000000103777777076578616d706c6503636f6d0000010001"
    "c00c0005000100000e10000d0a63646e2d6f726967696ec010"
    "c02d000100010000003c0004c6336407"
    "00002904d000008000000c000a00080102030405060708"
)
OTHERS = ("asyncdns_resolvers", "asyncdns_system", "pytest_asyncdns", "asyncdns", "dnslib", "dns")
DISTRIBUTIONS = ("asyncdns", "asyncdns-resolvers", "asyncdns-system", "pytest-asyncdns")


def main() -> int:
    """Decode the response and look for other distributions.

    Returns:
        The exit status: 0 when everything holds, 1 otherwise (with the reasons on stderr).
    """
    problems = []
    reply = Message.from_wire(RESPONSE)
    answers = [str(r) for r in reply.answers]
    expected = [
        "www.example.com.\t3600\tIN\tCNAME\tcdn-origin.example.com.",
        "cdn-origin.example.com.\t60\tIN\tA\t198.51.100.7",
    ]
    if reply.id != 0xBEEF or answers != expected or not isinstance(reply.answers[0], rr.CNAME):
        problems.append(f"decoded wrongly: id={reply.id:#x} answers={answers}")
    if reply.edns is None or not reply.edns.do:
        problems.append("the EDNS DO bit was lost")
    problems += [f"{name} is importable" for name in OTHERS if importlib.util.find_spec(name)]
    installed = {d.metadata["Name"].lower() for d in importlib.metadata.distributions()}
    problems += [f"{name} is installed" for name in DISTRIBUTIONS if name in installed]
    if "asyncdns-wire" not in installed:
        problems.append("asyncdns-wire is not installed as a distribution")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(reply)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
