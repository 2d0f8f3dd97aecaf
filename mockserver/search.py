"""The per-tenant search index behind `store.Table.search`, and the lazy set of ids it returns.

A search is a case-insensitive literal substring test of a record's searchable fields. Testing
every record per request is too slow over 100,000 records, so each tenant of a table has a
`SearchIndex`: per search profile, the casefolded text of each active record (`search_text`),
split into blocks whose texts are joined, so that a search tests each block's joined text at C
speed and looks for records only in the blocks that contain the term; and the live results of
the terms searched last, kept current by every write, so that a term searched again (the next
page, the same list again) costs no scan. A search returns `Matches`, a set that counts and
lists its ids only when asked: a page of a common term tests the ids a sorted index walk meets.

It lives apart from `store` because it is one concept with its own invariants (blocks, live
results, separators); `store.Table` owns when records are indexed and calls it on every write.
Like the table, it takes no lock: the server holds one lock around all of its state.
"""

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from itertools import compress, repeat
from operator import contains
from typing import Any, Literal, overload

# Joins a record's searchable values, so that a term cannot match across two fields.
FIELD_SEPARATOR = "\x00"
# Joins the texts of the records of a search block. A text never holds it (search_text replaces
# it there by the field separator), so a term holding neither separator matches within one field.
RECORD_SEPARATOR = "\n"
# A tenant's search texts are split into blocks of about this many records (half to twice as many).
_BLOCK_RECORDS = 1024
# How many terms per tenant keep live results (least recently searched dropped first), and up to
# how many ids a live result keeps (beyond that, its count only).
_LIVE_TERMS = 16
_LIVE_IDS = 2048
# A write of more records than this drops the live results instead of updating them.
_LIVE_BATCH = 4096


def search_text(record: Mapping[str, Any], fields: Sequence[str]) -> str:
    """Return the casefolded text a search profile matches terms against (None values skipped).

    A record separator in a value becomes a field separator: terms holding either separator are
    matched field by field (`field_matches`), and the others cannot match across one anyway.
    """
    values = [str(value) for value in map(record.get, fields) if value is not None]
    # Casefolding maps each character on its own, so one call on the joined text is enough.
    text = FIELD_SEPARATOR.join(values).casefold()
    if RECORD_SEPARATOR in text:
        return text.replace(RECORD_SEPARATOR, FIELD_SEPARATOR)
    return text


def field_matches(record: Mapping[str, Any], fields: Sequence[str], needle: str) -> bool:
    """Return whether one of the record's `fields`, casefolded, contains `needle`."""
    return any(
        needle in str(value).casefold() for value in map(record.get, fields) if value is not None
    )


class Matches(Set[str]):
    """The ids of a tenant's active records whose profile text contains a term, found lazily.

    Membership is one substring test, and the count and the ids are computed only when asked
    for: a page of a common term walks a sorted index and tests the ids it meets, with no set
    of every match. Valid until the table's next write.
    """

    def __init__(
        self,
        ids: Set[str] | None = None,
        *,
        index: "SearchIndex | None" = None,
        profile: str = "",
        needle: str = "",
    ) -> None:
        self._ids = ids
        self._index = index
        self._profile = profile
        self._needle = needle
        self._count: int | None = None if ids is None else len(ids)
        self._texts = {} if index is None else index.texts[profile]

    def __contains__(self, record_id: object) -> bool:
        if self._ids is not None:
            return record_id in self._ids
        text = self._texts.get(record_id)  # type: ignore[call-overload]
        return text is not None and self._needle in text

    def __len__(self) -> int:
        if self._count is None:
            assert self._index is not None
            self._count = self._index.count(self._profile, self._needle)
        return self._count

    def __iter__(self) -> Iterator[str]:
        if self._ids is None:
            assert self._index is not None
            self._ids = self._index.find(self._profile, self._needle)
        return iter(self._ids)


class _Block:
    """Some of a tenant's active ids, with their search texts joined per profile once asked for."""

    __slots__ = ("gone", "ids", "joined")

    def __init__(self) -> None:
        self.ids: list[str] = []
        # Ids removed since the last join: still in `ids`, dropped from it at the next join (a
        # removal is O(1), and an update, a removal and an add of the same id, keeps its slot).
        self.gone: set[str] = set()
        # profile -> the texts of `ids`, in that order, joined by the record separator
        self.joined: dict[str, str] = {}

    def add(self, record_id: str) -> None:
        """Add an id (back) to the block."""
        if record_id in self.gone:
            self.gone.discard(record_id)
        else:
            self.ids.append(record_id)
        self.joined.clear()

    def remove(self, record_id: str) -> None:
        """Remove an id from the block."""
        self.gone.add(record_id)
        self.joined.clear()

    def current_ids(self) -> list[str]:
        """Return the block's ids, dropping the removed ones from it first."""
        if self.gone:
            self.ids = [record_id for record_id in self.ids if record_id not in self.gone]
            self.gone.clear()
        return self.ids


class _Live:
    """The current result of a recently searched term: its count, and its ids while few."""

    __slots__ = ("count", "ids")

    def __init__(self, count: int, ids: set[str] | None) -> None:
        self.count = count
        self.ids = ids if ids is None or len(ids) <= _LIVE_IDS else None


class SearchIndex:
    """One tenant's search texts per profile: blocks to scan, and the live results of terms.

    A search tests the term against each block's joined text (one C-level substring search per
    block) and looks for records only in the blocks that contain it. Blocks are picked by the
    hash of the id, so a write touches one block, whose joined text is rebuilt on the next
    search. The results of the last terms searched are kept current by every write, so a term
    searched again (the next page, the same list again) costs no scan at all.
    """

    def __init__(self, profiles: Iterable[str]) -> None:
        # profile -> id -> text, in insertion order
        self.texts: dict[str, dict[str, str]] = {profile: {} for profile in profiles}
        # One profile's texts: its keys are the tenant's active ids.
        self._ids = next(iter(self.texts.values()))
        self._blocks = [_Block()]
        self._live: OrderedDict[tuple[str, str], _Live] = OrderedDict()

    def add(self, ids: list[str], texts: dict[str, list[str]]) -> None:
        """Add active records: their ids and, per profile, their texts in the same order."""
        for profile, profile_texts in texts.items():
            self.texts[profile].update(zip(ids, profile_texts, strict=True))
        if len(ids) > _LIVE_BATCH:
            self._live.clear()
        elif self._live:
            for position, record_id in enumerate(ids):
                self._track(record_id, {p: t[position] for p, t in texts.items()}, 1)
        blocks = self._blocks
        if len(self._ids) > 2 * _BLOCK_RECORDS * len(blocks):
            self._split(len(self._ids))
            return
        mask = len(blocks) - 1
        for record_id in ids:
            blocks[hash(record_id) & mask].add(record_id)

    def remove(self, record_id: str) -> None:
        """Remove an active record."""
        texts = {profile: texts.pop(record_id) for profile, texts in self.texts.items()}
        if self._live:
            self._track(record_id, texts, -1)
        self._blocks[hash(record_id) & (len(self._blocks) - 1)].remove(record_id)

    def matches(self, profile: str, needle: str) -> Matches:
        """Return the ids whose `profile` text contains `needle` (casefolded, no separator)."""
        if not needle:
            return Matches(self.texts[profile].keys())
        live = self._live.get((profile, needle))
        if live is None:
            return Matches(index=self, profile=profile, needle=needle)
        self._live.move_to_end((profile, needle))
        return Matches(live.ids, index=self, profile=profile, needle=needle)

    def count(self, profile: str, needle: str) -> int:
        """Return how many records match, scanning only the blocks whose text contains `needle`."""
        live = self._live.get((profile, needle))
        if live is None:
            live = self._remember(profile, needle, self._scan(profile, needle, count_all=True))
        return live.count

    def find(self, profile: str, needle: str) -> Set[str]:
        """Return the ids of the records that match."""
        live = self._live.get((profile, needle))
        if live is None:
            scanned = self._scan(profile, needle, count_all=False)
            live = None if scanned is None else self._remember(profile, needle, scanned)
        if live is not None and live.ids is not None:
            return live.ids
        # Many matches: test every text once, in insertion (memory) order.
        texts = self.texts[profile]
        found = set(compress(texts.keys(), map(contains, texts.values(), repeat(needle))))
        self._remember(profile, needle, _Live(len(found), found))
        return found

    @overload
    def _scan(self, profile: str, needle: str, *, count_all: Literal[True]) -> _Live: ...

    @overload
    def _scan(self, profile: str, needle: str, *, count_all: bool) -> _Live | None: ...

    def _scan(self, profile: str, needle: str, *, count_all: bool) -> _Live | None:
        """Count the matches block by block, keeping their ids while they are few.

        Without `count_all`, return None as soon as they are too many to keep.
        """
        # A match, then the rest of its record: one match per record.
        pattern = re.compile(re.escape(needle) + "().*")
        count = 0
        ids: list[str] | None = []
        for block in self._blocks:
            joined = self._joined(block, profile)
            if needle not in joined:
                continue
            if ids is None:
                count += len(pattern.findall(joined))
                continue
            found = _ids_at(block.ids, joined, pattern)
            count += len(found)
            ids = ids + found if count <= _LIVE_IDS else None
            if ids is None and not count_all:
                return None
        return _Live(count, None if ids is None else set(ids))

    def _joined(self, block: _Block, profile: str) -> str:
        """Return the block's joined texts of `profile`, joined again after a write."""
        joined = block.joined.get(profile)
        if joined is None:
            texts = map(self.texts[profile].__getitem__, block.current_ids())
            joined = block.joined[profile] = RECORD_SEPARATOR.join(texts)
        return joined

    def _split(self, size: int) -> None:
        """Spread the ids over enough blocks (a power of two) for `size` records."""
        count = 1
        while count * _BLOCK_RECORDS < size:
            count *= 2
        self._blocks = [_Block() for _ in range(count)]
        for record_id in self._ids:
            self._blocks[hash(record_id) & (count - 1)].ids.append(record_id)

    def _remember(self, profile: str, needle: str, live: _Live) -> _Live:
        """Keep `live` as the result of the term, dropping the least recently searched one."""
        self._live[(profile, needle)] = live
        if len(self._live) > _LIVE_TERMS:
            self._live.popitem(last=False)
        return live

    def _track(self, record_id: str, texts: Mapping[str, str], change: int) -> None:
        """Count a record in (change 1) or out (-1) of every live result it matches."""
        for (profile, needle), live in self._live.items():
            if needle not in texts[profile]:
                continue
            live.count += change
            if live.ids is None:
                continue
            if change < 0:
                live.ids.discard(record_id)
            elif len(live.ids) < _LIVE_IDS:
                live.ids.add(record_id)
            else:
                live.ids = None


def _ids_at(ids: list[str], joined: str, pattern: re.Pattern[str]) -> list[str]:
    """Return the ids of the records of a block's joined text in which `pattern` matches."""
    found = []
    slot = last = 0
    for match in pattern.finditer(joined):
        start = match.start()
        slot += joined.count(RECORD_SEPARATOR, last, start)
        last = start
        found.append(ids[slot])
    return found
