"""lifecycle: create -> get -> list -> partial update -> delete -> gone everywhere."""

from __future__ import annotations

import httpx
import pytest

from contracts.client_contacts import CLIENT_CONTACT
from contracts.context import Contract
from contracts.gomobile import AUDIENCE, CONTACT
from contracts.probes import create, expect_status, listed, new_body, post_item
from contracts.profile import Body, Resource

pytestmark = [pytest.mark.contract("lifecycle"), pytest.mark.writes]


def _create_full(contract: Contract, resource: Resource) -> tuple[Body, Body]:
    """Create a record with the profile's optional fields set; return what was sent and got."""
    sent = new_body(contract, resource, **resource.extra)
    return sent, post_item(contract, resource, "lifecycle", sent)


def _agree(
    contract: Contract,
    operation: str,
    seen: object,
    wanted: object,
    what: str,
    response: httpx.Response | None = None,
    rule: str | None = None,
) -> None:
    contract.expect(seen == wanted, "lifecycle", operation, what, seen, response, rule)


def test_created_record_reads_back(contract: Contract, resource: Resource) -> None:
    """What was sent is what create, get-by-id and the list return."""
    sent, item = _create_full(contract, resource)
    _agree(contract, resource.op("create"), {f: item.get(f) for f in sent}, sent, "the values sent")
    response = contract.target.get(resource.item_path(item[contract.api.id_field]))
    expect_status(contract, "lifecycle", resource.op("get"), response, 200)
    fields = (*sent, "createdAt")
    got = {f: contract.api.item(response.json()).get(f) for f in fields}
    wanted = {f: item.get(f) for f in fields}
    _agree(contract, resource.op("get"), got, wanted, "the created values", response)
    ids, _ = listed(contract, resource, resource.term(item))
    contract.expect(
        item[contract.api.id_field] in ids,
        "lifecycle",
        resource.op("list"),
        "the new record listed",
        ids,
    )


def _next_version(resource: Resource, item: Body) -> Body:
    """Return the version field an update must set, if the resource counts its versions."""
    return {resource.version: item.get(resource.version, -1) + 1} if resource.version else {}


def test_update_is_partial(contract: Contract, resource: Resource) -> None:
    """An update changes the fields given, keeps the others and createdAt, moves updatedAt."""
    sent, item = _create_full(contract, resource)
    operation, rule = resource.op("update"), contract.spec.operation_ref(resource.op("update"))
    path = resource.item_path(item[contract.api.id_field])
    response = contract.target.update(path, json=resource.update)
    expect_status(contract, "lifecycle", operation, response, 200)
    body = contract.api.item(response.json())
    kept = {f: body.get(f) for f in (*sent, "createdAt") if f not in resource.update}
    wanted = {f: item.get(f) for f in kept}
    _agree(contract, operation, kept, wanted, "untouched fields kept", response, rule)
    wanted = {**resource.update, **_next_version(resource, item)}
    changed = {f: body.get(f) for f in wanted}
    _agree(contract, operation, changed, wanted, "the fields sent changed", response, rule)
    contract.expect(
        body.get("updatedAt", "") > item["updatedAt"],
        "lifecycle",
        operation,
        f"updatedAt after {item['updatedAt']}",
        body.get("updatedAt"),
        response,
    )


def _deleted_as_promised(contract: Contract, deleted: httpx.Response, item: Body) -> bool:
    """Tell whether DELETE answered 200 with the soft-deleted record, or the hard-deleted one."""
    api = contract.api
    body = api.item(deleted.json()) if deleted.status_code == 200 else {}
    if api.soft_delete:
        return body.get(api.soft_delete) is not None
    return deleted.status_code == 200 and body.get(api.id_field) == item[api.id_field]


def test_deleted_record_disappears(contract: Contract, resource: Resource) -> None:
    """After DELETE: 404 on get and on delete, gone from the list and from its total."""
    api, token = contract.api, contract.token()
    item = create(contract, resource, "lifecycle", **{resource.marker: f"{token} Gone"})
    path, rule = (
        resource.item_path(item[api.id_field]),
        contract.spec.operation_ref(resource.op("delete")),
    )
    deleted = contract.target.delete(path)
    what = f"200 with {api.soft_delete} set" if api.soft_delete else "200 with the record"
    contract.expect(
        _deleted_as_promised(contract, deleted, item),
        "lifecycle",
        resource.op("delete"),
        what,
        deleted.status_code,
        deleted,
        rule,
    )
    for method, verb in (("GET", "get"), ("DELETE", "delete")):
        again = contract.target.request(method, path)
        expect_status(contract, "lifecycle", resource.op(verb), again, 404, rule)
    listing = listed(contract, resource, token)
    _agree(contract, resource.op("list"), listing, ([], 0), "not listed, total 0", None, rule)


@pytest.mark.api("gomobile")
def test_null_clears_a_nullable_field(contract: Contract) -> None:
    """An explicit null in PUT clears the field."""
    contact = create(contract, CONTACT, "lifecycle", city="Fes")
    response = contract.target.update(f"/api/contact/{contact['id']}", json={"city": None})
    seen = (
        response.json().get("city", "missing")
        if response.status_code == 200
        else response.status_code
    )
    rule = contract.spec.operation_ref("updateContact")
    contract.expect(seen is None, "lifecycle", "updateContact", "city null", seen, response, rule)


@pytest.mark.api("gomobile")
def test_deleted_contact_leaves_its_audiences(contract: Contract) -> None:
    """A deleted contact leaves the member list and the contactCount of its audience."""
    contact, audience = (
        create(contract, CONTACT, "lifecycle"),
        create(contract, AUDIENCE, "lifecycle"),
    )
    contract.target.post(
        f"/api/audience/{audience['id']}/add-contacts", json={"contacts": [contact["id"]]}
    )
    contract.target.delete(f"/api/contact/{contact['id']}")
    rule = contract.spec.operation_ref("deleteContact")
    members = contract.target.get(f"/api/audience/{audience['id']}/contacts").json()
    contract.expect(
        members["meta"]["total"] == 0,
        "lifecycle",
        "listAudienceContacts",
        "the audience emptied",
        members["meta"],
        None,
        rule,
    )
    found = contract.target.get("/api/audience", params={"search": audience["name"]}).json()
    counts = [a["contactCount"] for a in found["data"] if a["id"] == audience["id"]]
    contract.expect(
        counts == [0], "lifecycle", "listAudiences", "contactCount 0", counts, None, rule
    )


@pytest.mark.api("gomobile")
def test_deleted_audience_has_no_contact_list(contract: Contract) -> None:
    """After DELETE of an audience, its contact list is 404 too."""
    audience = create(contract, AUDIENCE, "lifecycle")
    contract.target.delete(f"/api/audience/{audience['id']}")
    response = contract.target.get(f"/api/audience/{audience['id']}/contacts")
    contract.expect(
        response.status_code == 404,
        "lifecycle",
        "listAudienceContacts",
        "404 after delete",
        response.status_code,
        response,
    )


@pytest.mark.api("client-contacts")
def test_empty_update_makes_the_caller_editor_and_counts(contract: Contract) -> None:
    """PATCH {} keeps the creator sent, makes the caller the editor, bumps __v and updatedAt."""
    stranger = {
        "_id": f"{contract.random.getrandbits(96):024x}",
        "username": f"{contract.tag}-stranger",
        "name": contract.name("Stranger"),
        "type": "rep",
    }
    item = create(contract, CLIENT_CONTACT, "lifecycle", creator=stranger, editor=stranger)
    operation, rule = "updateClientContact", contract.spec.operation_ref("updateClientContact")
    response = contract.target.update(f"{CLIENT_CONTACT.path}/{item['_id']}", json={})
    expect_status(contract, "lifecycle", operation, response, 200, rule)
    body = contract.api.item(response.json())
    seen = {
        "creator": body.get("creator"),
        "editor is the stranger": body.get("editor") == stranger,
        "__v": body.get("__v"),
        "updatedAt moved": body.get("updatedAt", "") > item["updatedAt"],
    }
    wanted = {
        "creator": stranger,
        "editor is the stranger": False,
        "__v": item["__v"] + 1,
        "updatedAt moved": True,
    }
    _agree(
        contract, operation, seen, wanted, "creator kept, caller as editor, __v + 1", response, rule
    )
