"""What the suite must know of one API besides its spec: the shape of its answers, its names.

A profile is declarative: field names, paths, operationIds, and pointers to the few small
functions in which two APIs really differ (a body factory, a pagination rule, sort params).
The generic checks read everything API-specific through it, so one check serves every API.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

Body = dict[str, Any]


class Maker(Protocol):
    """What a body factory needs of the run (`context.Contract` is one)."""

    def phone(self) -> str:
        """Return a reserved phone number, unique within the run."""

    def token(self) -> str:
        """Return a fresh random word."""

    def name(self, label: str) -> str:
        """Return a name carrying the run's tag."""


BodyFactory = Callable[[Maker], Body]


def total_pages(total: int, size: int) -> int:
    """Return how many pages of `size` hold `total` items (0 for an empty list)."""
    return math.ceil(total / size) if total > 0 else 0


@dataclass(frozen=True)
class PageCheck:
    """One list response's pagination object against what its page, size and total imply."""

    expected: Body
    seen: Body
    total: int
    on_page: int
    count: int


@dataclass(frozen=True)
class Paging:
    """An API's pagination object: where it sits, its field names, its next/previous rule.

    `links(page, total_pages)` returns the API's own next/previous fields as they must be.
    """

    key: str
    page: str
    size: str
    total: str
    total_pages: str
    links: Callable[[int, int], Body]

    def expected(self, page: int, size: int, total: int) -> Body:
        """Return the pagination fields a page must show, given the list's total."""
        pages = total_pages(total, size)
        return {self.page: page, self.size: size, self.total_pages: pages} | self.links(page, pages)

    def check(self, body: Mapping[str, Any], page: int, size: int) -> PageCheck:
        """Compare a list body's pagination object and item count with the arithmetic."""
        raw = body.get(self.key) or {}
        total = raw.get(self.total, -1)
        expected = self.expected(page, size, total)
        return PageCheck(
            expected=expected,
            seen={name: raw.get(name) for name in expected},
            total=total,
            on_page=max(0, min(size, total - (page - 1) * size)),
            count=len(body.get("data") or []),
        )


@dataclass(frozen=True)
class Resource:
    """A kind of record the writing checks create, read, list, update and delete.

    `body` makes a valid create body of this run (tagged, so the run finds its own records);
    `marker` is a searchable field a token can go into; `extra` are optional fields the
    lifecycle check sets, `update` the partial update it sends; `term` picks the search term
    that finds a record; `sorting` makes records whose sortable fields vary (mixed case,
    repeats, absent values); `unsearched` is a field that search must ignore; `unique` one
    whose values must differ between records.
    """

    name: str
    path: str
    noun: str  # of its operationIds: list{noun}s, create{noun}, get{noun}, update..., delete...
    body: BodyFactory
    marker: str
    extra: Body
    update: Body
    term: Callable[[Body], str]
    sorting: Callable[[Maker, str], list[Body]] | None = None
    unsearched: str | None = None
    unique: str | None = None
    version: str | None = None  # a counter every update adds 1 to

    def op(self, verb: str) -> str:
        """Return the operationId of `verb` (list, create, get, update, delete) on it."""
        return f"{verb}{self.noun}{'s' if verb == 'list' else ''}"

    def item_path(self, item_id: str) -> str:
        """Return the path of one record."""
        return f"{self.path}/{item_id}"


@dataclass(frozen=True)
class ApiProfile:
    """One API as the suite sees it (see `contracts/apis.py` for the instances)."""

    name: str
    spec: str
    key_header: str
    preflight_path: str
    id_field: str
    item_key: str | None  # None: the item is the body; else the envelope's key
    error_key: str  # the error body's field that lists the messages (a string or a list)
    paging: Paging
    size_param: str
    sort_param: str  # the query parameter whose enum names the sortable fields
    sort_params: Callable[[str, bool], dict[str, str]]
    update_method: str
    soft_delete: str | None  # the field a soft delete sets; None: a hard delete
    resources: tuple[Resource, ...]
    checks: tuple[str, ...]
    fresh_id: Callable[[int], str]  # an id nothing has, from a random number
    # Body fields generated data must leave out: their valid values depend on the organization.
    dropped_fields: tuple[str, ...] = ()
    # Body fields that list ids of existing records (generated ones become fresh ids).
    id_lists: tuple[str, ...] = ()
    refs: Mapping[str, str] = field(default_factory=dict)  # spec elements the labels cite

    def item(self, body: Any) -> Body:
        """Return the record a single-item response carries."""
        inner = body.get(self.item_key) if self.item_key and isinstance(body, dict) else body
        return dict(inner) if isinstance(inner, dict) else {}

    def errors(self, body: Any) -> list[str]:
        """Return an error body's messages, whether one string or a list."""
        found = body.get(self.error_key) if isinstance(body, dict) else None
        return [str(m) for m in found] if isinstance(found, list) else [str(found or "")]

    def resource(self, name: str) -> Resource:
        """Return the resource called `name`."""
        return next(r for r in self.resources if r.name == name)

    def ref(self, name: str) -> str | None:
        """Return the spec pointer behind a rule (for the x-assumption label), if any."""
        return self.refs.get(name)
