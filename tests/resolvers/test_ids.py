"""Query IDs (:mod:`asyncdns_resolvers._ids`): 16-bit, spread out, and not shared by a fork."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from asyncdns_resolvers._ids import random_id


def test_ids_are_16_bit_and_spread_out() -> None:
    ids = [random_id() for _ in range(20_000)]  # several batches
    assert all(type(i) is int and 0 <= i <= 0xFFFF for i in ids)
    assert len(set(ids)) > 15_000  # about 17,300 distinct expected of 65,536 values
    assert min(ids) < 0x0400 and max(ids) > 0xFC00
    high = sum(i >> 15 for i in ids)
    assert 9_000 < high < 11_000  # the top bit is set about half the time


CHILD_AND_PARENT = """
import os
from asyncdns_resolvers._ids import random_id
random_id()  # a batch is loaded, and the child inherits it
read, write = os.pipe()
pid = os.fork()
if pid == 0:
    os.write(write, b",".join(b"%d" % random_id() for _ in range(32)))
    os._exit(0)
os.close(write)
child = os.fdopen(read, "rb").read().decode()
os.waitpid(pid, 0)
print(child)
print(",".join(str(random_id()) for _ in range(32)))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_draws_other_ids_than_its_parent() -> None:
    # In a fresh interpreter: forking the (threaded) test process itself is unsafe.
    out = subprocess.run(
        [sys.executable, "-c", CHILD_AND_PARENT], capture_output=True, text=True, check=True
    ).stdout.split()
    child, parent = ([int(x) for x in line.split(",")] for line in out)
    assert len(child) == len(parent) == 32
    assert child != parent
