"""Finding what a killed run created but had no time to write into its ledger.

A run killed (SIGKILL, a lost CI runner) between the server's 201 and the ledger line
leaves a record the ledger does not name. Everything a run creates carries its run id
(in a name, a token or a phone), so `contactkit cleanup` searches each list for it and
adds the records that really carry it to the ledger before deleting.
"""

from __future__ import annotations

from typing import Any

from contracts.identity import phone_stem
from contracts.ledger import Ledger
from contracts.profile import Resource
from contracts.target import Target

MAX_PAGES = 50


def _carries(item: dict[str, Any], run_id: str) -> bool:
    """Tell whether a record carries the run id in one of its string fields."""
    stem = phone_stem(run_id)
    texts = [v for v in item.values() if isinstance(v, str)]
    return any(run_id in text or text.startswith(stem) for text in texts)


def _found(target: Target, resource: Resource, term: str) -> list[dict[str, Any]]:
    api, items = target.api, []
    for page in range(1, MAX_PAGES + 1):
        query = {"search": term, "page": page, api.size_param: 100}
        response = target.get(resource.path, params=query)
        data = response.json().get("data") if response.status_code == 200 else None
        if not isinstance(data, list) or not data:
            break
        items += [item for item in data if isinstance(item, dict)]
    return items


def sweep(ledger: Ledger, targets: dict[str, Target | None], run_id: str) -> int:
    """Add to the ledger every record a key lists that carries the run id; return how many."""
    known, added = ledger.owned_ids(), 0
    for key, target in targets.items():
        if target is None:
            continue
        for resource in target.api.resources:
            for term in (run_id, phone_stem(run_id).lstrip("+")):
                for item in _found(target, resource, term):
                    item_id = str(item.get(target.api.id_field))
                    if item_id not in known and _carries(item, run_id):
                        ledger.add(key, resource.item_path(item_id))
                        known.add(item_id)
                        added += 1
    return added
