"""Record predicates for list filters, combined into the `where` of `query.run`.

Every API's list filters (equality to one of several values, ranges) are built from these, so
a new API's handler states its filters instead of writing loops. Comparisons follow the sort
order of `store.sort_key`: a record without the field never passes a range.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from mockserver.query import Predicate


def one_of(field: str, values: Collection[Any]) -> Predicate:
    """Pass records whose `field` equals one of `values`."""
    allowed = frozenset(values)
    return lambda record: record.get(field) in allowed


def at_least(field: str, bound: Any) -> Predicate:
    """Pass records whose `field` is >= `bound`."""
    return lambda record: (value := record.get(field)) is not None and value >= bound


def at_most(field: str, bound: Any) -> Predicate:
    """Pass records whose `field` is <= `bound`."""
    return lambda record: (value := record.get(field)) is not None and value <= bound


def above(field: str, bound: Any) -> Predicate:
    """Pass records whose `field` is > `bound`."""
    return lambda record: (value := record.get(field)) is not None and value > bound


def below(field: str, bound: Any) -> Predicate:
    """Pass records whose `field` is < `bound`."""
    return lambda record: (value := record.get(field)) is not None and value < bound


def all_of(predicates: Sequence[Predicate]) -> Predicate | None:
    """Combine predicates with AND; None (no filtering) when there are none."""
    if not predicates:
        return None
    if len(predicates) == 1:
        return predicates[0]
    return lambda record: all(predicate(record) for predicate in predicates)
