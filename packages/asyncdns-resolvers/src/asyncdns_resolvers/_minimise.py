"""QNAME minimisation (RFC 9156): which name to ask a zone's servers about next.

Each zone is asked about one more label of the name, with QTYPE A (section 2.1): one label at a
time for the first ``MINIMISE_ONE_LAB`` questions, then in larger steps so that no more than
``MAX_MINIMISE_COUNT`` minimised questions are sent for a name (section 2.3). Once the name is
at most one label away, the full question goes out.
"""

from __future__ import annotations

from asyncdns_wire import A, Query

from ._names import ancestor, count_labels

__all__ = ["MAX_MINIMISE_COUNT", "MINIMISE_ONE_LAB", "next_question"]

MINIMISE_ONE_LAB = 4
MAX_MINIMISE_COUNT = 10


def next_question(query: Query, known: int, steps: int) -> Query:
    """The question to ask next about *query*.

    Args:
        query: the full question.
        known: labels of the name already known not to need asking (the zone's, or those of
            the last minimised name answered without a referral).
        steps: minimised questions already asked for this name in this zone.

    Returns:
        A minimised question (an ancestor of the name, type A) or *query* itself.
    """
    total = count_labels(query.name)
    left = total - known
    if left <= 1:
        return query
    if steps < MINIMISE_ONE_LAB:
        add = 1
    else:
        add = max(1, left // max(1, MAX_MINIMISE_COUNT - steps))
    if known + add >= total:
        return query
    return Query(ancestor(query.name, known + add), A)
