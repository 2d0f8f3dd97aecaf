"""Seed data of the client contacts API: counts, shapes and limits of the spec, determinism."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator

from contactkit.resources import spec_file
from mockserver.clientcontacts import render
from mockserver.clientcontacts.seeding import generate
from mockserver.fixtures import Fixtures, load_fixtures
from mockserver.state import SeedSettings, State

Record = dict[str, Any]
OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
MOROCCAN_MOBILE = re.compile(r"^\+212[67]\d{8}$")
EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
LATIN_NAME = re.compile(r"^[A-Za-z'-]+( [A-Za-z'-]+)+$")
# Arabic letters (U+0621-U+064A, with hamza forms) and spaces only.
ARABIC_NAME = re.compile(r"^[\u0621-\u064a]+( [\u0621-\u064a]+)+$")
SERVER_FIELDS = ("_id", "createdAt", "updatedAt", "__v")


@pytest.fixture(scope="module")
def fixtures() -> Fixtures:
    return load_fixtures()


@pytest.fixture(scope="module")
def seeded(fixtures: Fixtures) -> list[Record]:
    """The client contacts of the `default` profile, seed 1 (shared: do not mutate)."""
    return generate(fixtures, "default", 1)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    with spec_file("client-contacts.yaml").open(encoding="utf-8") as stream:
        document: dict[str, Any] = yaml.safe_load(stream)
    return document


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> OAS30Validator:
    """Return a validator of `schema` whose local $refs resolve in the spec's components."""
    return OAS30Validator(
        {**schema, "components": spec["components"]},
        format_checker=OAS30Validator.FORMAT_CHECKER,
    )


def _operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(operation_id)


def _errors(validator: OAS30Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def _share(records: list[Record], present: Any) -> float:
    return sum(1 for record in records if present(record)) / len(records)


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_data(fixtures: Fixtures) -> None:
    assert json.dumps(generate(fixtures, "default", 7)) == json.dumps(
        generate(fixtures, "default", 7)
    )


def test_different_seed_gives_different_data(fixtures: Fixtures) -> None:
    seven, eight = generate(fixtures, "default", 7), generate(fixtures, "default", 8)
    assert {r["_id"] for r in seven}.isdisjoint(r["_id"] for r in eight)
    assert [r["name"] for r in seven] != [r["name"] for r in eight]


def test_the_state_seeds_the_same_client_contacts(fixtures: Fixtures) -> None:
    state = State(fixtures, SeedSettings(seed=5))
    assert state.client_contacts.dump()["clientContacts"] == generate(fixtures, "default", 5)


def test_gomobile_counts_leave_client_contacts_unchanged(fixtures: Fixtures) -> None:
    few = State(fixtures, SeedSettings(seed=5, audiences=1)).client_contacts.dump()
    many = State(fixtures, SeedSettings(seed=5, audiences=9)).client_contacts.dump()
    assert few == many


# --- counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["empty", "default", "large", "large-client-contacts"])
def test_counts_follow_the_profile(fixtures: Fixtures, profile: str) -> None:
    counts = Counter(record["organizationId"] for record in generate(fixtures, profile, 1))
    expected = {
        org.id: fixtures.profiles[profile].counts_for(org.id).contacts
        for org in fixtures.organizations_of("client-contacts")
    }
    assert counts == Counter({org: n for org, n in expected.items() if n})


def test_default_profile_gives_both_organizations_client_contacts(fixtures: Fixtures) -> None:
    counts = Counter(record["organizationId"] for record in generate(fixtures, "default", 1))
    orgs = fixtures.organizations_of("client-contacts")
    assert len(orgs) == 2 and all(counts[org.id] > 0 for org in orgs)


def test_large_client_contacts_profile_lists_100000_for_the_first_organization(
    fixtures: Fixtures,
) -> None:
    profile = fixtures.profiles["large-client-contacts"]
    first, second = fixtures.organizations_of("client-contacts")
    assert (profile.counts_for(first.id).contacts, profile.counts_for(second.id).contacts) == (
        100_000,
        5_000,
    )


def test_contacts_override_replaces_every_organization_s_count(fixtures: Fixtures) -> None:
    counts = Counter(r["organizationId"] for r in generate(fixtures, "default", 1, contacts=7))
    assert sorted(counts.values()) == [7, 7]


def test_only_client_contacts_organizations_get_client_contacts(
    fixtures: Fixtures, seeded: list[Record]
) -> None:
    own = {org.id for org in fixtures.organizations_of("client-contacts")}
    assert {record["organizationId"] for record in seeded} == own


# --- shapes, limits and formats ---------------------------------------------------------------


def test_every_seeded_contact_is_a_valid_client_contact_of_the_spec(
    spec: dict[str, Any], seeded: list[Record]
) -> None:
    validator = _validator(spec, spec["components"]["schemas"]["ClientContact"])
    problems = {r["_id"]: _errors(validator, render.contact(r)) for r in seeded}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_seeded_contact_is_within_the_request_limits(
    spec: dict[str, Any], seeded: list[Record]
) -> None:
    """What a client could have written: the create body's limits hold for every field."""
    media = _operation(spec, "createClientContact")["requestBody"]["content"]["application/json"]
    validator = _validator(spec, media["schema"])
    problems = {}
    for record in seeded:
        body = {k: v for k, v in render.contact(record).items() if k not in SERVER_FIELDS}
        problems[record["_id"]] = _errors(validator, body)
    assert {k: v for k, v in problems.items() if v} == {}


def test_records_hold_the_rendered_fields_and_the_organization(seeded: list[Record]) -> None:
    for record in seeded:
        assert set(record) - {"organizationId"} <= set(render.FIELDS), record
        assert set(render.REQUIRED) <= set(record), record


def test_ids_are_distinct_object_ids_leading_with_the_creation_second(
    seeded: list[Record],
) -> None:
    ids = [record["_id"] for record in seeded]
    assert len(set(ids)) == len(ids)
    for record in seeded:
        assert OBJECT_ID.match(record["_id"])
        seconds = int(datetime.fromisoformat(record["createdAt"]).timestamp())
        assert int(record["_id"][:8], 16) == seconds, record


def test_timestamps_are_utc_milliseconds_in_the_year_before_the_epoch(
    seeded: list[Record],
) -> None:
    for record in seeded:
        assert TIMESTAMP.match(record["createdAt"]) and TIMESTAMP.match(record["updatedAt"])
        assert "2024-06-01" <= record["createdAt"] <= record["updatedAt"] < "2025-06-01"


def test_version_counts_updates(seeded: list[Record]) -> None:
    for record in seeded:
        unchanged = record["createdAt"] == record["updatedAt"]
        assert (record["__v"] == 0) == unchanged, record
        if unchanged:
            assert record["editor"] == record["creator"]
    assert 0.2 < _share(seeded, lambda r: r["__v"] > 0) < 0.8


def test_creators_and_editors_are_users_of_their_organization(
    fixtures: Fixtures, seeded: list[Record]
) -> None:
    users = {
        org.id: [
            {"_id": u.id, "username": u.username, "name": u.name, "type": u.type} for u in org.users
        ]
        for org in fixtures.organizations_of("client-contacts")
    }
    for record in seeded:
        assert record["creator"] in users[record["organizationId"]]
        assert record["editor"] in users[record["organizationId"]]
    assert {r["creator"]["type"] for r in seeded} == {"admin", "rep", "client"}


def test_names_are_latin_and_local_names_arabic(seeded: list[Record]) -> None:
    assert [r["name"] for r in seeded if not LATIN_NAME.match(r["name"])] == []
    local = [r["local_name"] for r in seeded if r["local_name"] is not None]
    assert [name for name in local if not ARABIC_NAME.match(name)] == []
    assert 0.7 < len(local) / len(seeded) < 0.95


def test_local_name_is_the_name_in_arabic_script(fixtures: Fixtures, seeded: list[Record]) -> None:
    firsts, lasts = dict(fixtures.first_name_pairs), dict(fixtures.last_name_pairs)
    for record in seeded:
        if record["local_name"] is not None:
            first, last = record["name"].split(" ", 1)
            assert record["local_name"] == f"{firsts[first]} {lasts[last]}", record


def test_phones_are_moroccan_mobiles_in_e164(seeded: list[Record]) -> None:
    assert [r["phone1"] for r in seeded if not MOROCCAN_MOBILE.match(r["phone1"])] == []
    phone2 = [r["phone2"] for r in seeded if r.get("phone2") is not None]
    assert [p for p in phone2 if not MOROCCAN_MOBILE.match(p)] == []
    assert 0.1 < len(phone2) / len(seeded) < 0.5


def test_emails_are_valid_addresses_for_most(seeded: list[Record]) -> None:
    emails = [r["email"] for r in seeded if r.get("email") is not None]
    assert [email for email in emails if not EMAIL.match(email)] == []
    assert 0.6 < len(emails) / len(seeded) < 0.95


def test_company_namespaces_are_the_organization_s(
    fixtures: Fixtures, seeded: list[Record]
) -> None:
    spaces = {org.id: set(org.namespaces) for org in fixtures.organizations_of("client-contacts")}
    for record in seeded:
        assert record["company_namespace"], record
        assert set(record["company_namespace"]) <= spaces[record["organizationId"]]
        assert len(set(record["company_namespace"])) == len(record["company_namespace"])


def test_some_contacts_are_disabled(seeded: list[Record]) -> None:
    assert 0.02 < _share(seeded, lambda r: r["disabled"]) < 0.3
    assert all(isinstance(r["disabled"], bool) for r in seeded)


def test_some_contacts_have_integration_meta_with_an_external_id_and_sync_status(
    seeded: list[Record],
) -> None:
    metas = [r["integration_meta"] for r in seeded if "integration_meta" in r]
    assert 0.2 < len(metas) / len(seeded) < 0.6
    assert all(set(meta) == {"external_id", "sync_status"} for meta in metas)
    assert {meta["sync_status"] for meta in metas} <= {"active", "pending", "failed", "updated"}


@pytest.mark.parametrize("field", ["title", "extra_info", "cover_photo"])
def test_optional_fields_are_set_for_some_and_unset_for_others(
    seeded: list[Record], field: str
) -> None:
    assert 0.1 < _share(seeded, lambda r: r.get(field) is not None) < 0.9


def test_some_contacts_have_media(seeded: list[Record]) -> None:
    assert 0.1 < _share(seeded, lambda r: r["media"]) < 0.6
    assert all(url.startswith("https://") for r in seeded for url in r["media"])
