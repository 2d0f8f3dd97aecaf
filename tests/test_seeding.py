"""Seed data and its fixtures: deterministic, within the API's limits, true to the fixtures."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from contactkit.resources import fixture_file
from mockserver.fixtures import FixtureError, Fixtures, load_fixtures
from mockserver.seeding import SeedData, generate

ORG_A = "660e8400-e29b-41d4-a716-446655440001"
ORG_B = "660e8400-e29b-41d4-a716-446655440002"
UNKNOWN_ORG = "00000000-0000-4000-8000-000000000000"
CONTACT_KEYS = [
    "id", "organizationId", "firstName", "lastName", "fullName", "primaryEmail", "primaryPhone",
    "address", "city", "state", "zip", "occupation", "preferredChannel", "gender", "channels",
    "customAttributes", "createdAt", "updatedAt", "deletedAt", "createdBy", "updatedBy",
    "deletedBy",
]  # fmt: skip
AUDIENCE_KEYS = [
    "id", "organizationId", "name", "description", "createdAt", "updatedAt", "deletedAt",
    "createdBy", "updatedBy", "deletedBy",
]  # fmt: skip
CHANNELS = {"phone", "email", "whatsapp", "sms"}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
MOROCCAN_MOBILE = re.compile(r"^\+212[67]\d{8}$")


@pytest.fixture(scope="module")
def fixtures() -> Fixtures:
    return load_fixtures()


@pytest.fixture(scope="module")
def seeded(fixtures: Fixtures) -> SeedData:
    """The `default` profile, seed 1 (shared: tests must not mutate it)."""
    return generate(fixtures, "default", seed=1)


def dump(data: SeedData) -> str:
    return json.dumps(dataclasses.asdict(data))


def by_org(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["organizationId"], []).append(record)
    return groups


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_gives_identical_data(fixtures: Fixtures) -> None:
    assert dump(generate(fixtures, "default", 7)) == dump(generate(fixtures, "default", 7))


def test_different_seed_gives_different_data(fixtures: Fixtures) -> None:
    assert dump(generate(fixtures, "default", 7)) != dump(generate(fixtures, "default", 8))


@pytest.mark.parametrize(
    ("module", "data"),
    [
        pytest.param(
            "mockserver.seeding",
            "dataclasses.asdict(generate(load_fixtures(), 'default', 3))",
            id="gomobile",
        ),
        pytest.param(
            "mockserver.clientcontacts.seeding",
            "generate(load_fixtures(), 'default', 3)",
            id="client-contacts",
        ),
    ],
)
def test_same_seed_gives_identical_data_in_processes_with_different_hash_seeds(
    module: str, data: str
) -> None:
    script = (
        "import dataclasses, hashlib, json;"
        "from mockserver.fixtures import load_fixtures;"
        f"from {module} import generate;"
        f"data = {data};"
        "print(hashlib.sha256(json.dumps(data).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        digests.add(run.stdout)
    assert len(digests) == 1


def test_audience_count_leaves_contacts_unchanged(fixtures: Fixtures) -> None:
    few, many = (generate(fixtures, "default", 5, audiences=n) for n in (1, 9))
    assert few.contacts == many.contacts


# --- record shapes and limits --------------------------------------------------------------


def test_contacts_have_exactly_the_documented_keys(seeded: SeedData) -> None:
    assert {tuple(contact) for contact in seeded.contacts} == {tuple(CONTACT_KEYS)}


def test_audiences_have_exactly_the_documented_keys(seeded: SeedData) -> None:
    assert {tuple(audience) for audience in seeded.audiences} == {tuple(AUDIENCE_KEYS)}


def test_ids_are_distinct_version_4_uuids(seeded: SeedData) -> None:
    ids = [record["id"] for record in seeded.contacts + seeded.audiences]
    assert len(set(ids)) == len(ids)
    assert all(str(uuid.UUID(id_)) == id_ and uuid.UUID(id_).version == 4 for id_ in ids)


@pytest.mark.parametrize(
    ("kind", "field", "low", "high", "nullable"),
    [
        pytest.param("contacts", "firstName", 2, 64, True, id="firstName"),
        pytest.param("contacts", "lastName", 1, 64, True, id="lastName"),
        pytest.param("contacts", "fullName", 3, 64, True, id="fullName"),
        pytest.param("contacts", "primaryPhone", 3, 20, False, id="primaryPhone"),
        pytest.param("contacts", "address", 3, 256, True, id="address"),
        pytest.param("contacts", "city", 3, 64, True, id="city"),
        pytest.param("contacts", "state", 3, 64, True, id="state"),
        pytest.param("contacts", "zip", 3, 64, True, id="zip"),
        pytest.param("contacts", "occupation", 3, 64, True, id="occupation"),
        pytest.param("contacts", "preferredChannel", 3, 64, True, id="preferredChannel"),
        pytest.param("audiences", "name", 3, 64, False, id="audience-name"),
        pytest.param("audiences", "description", 1, 256, True, id="audience-description"),
    ],
)
def test_text_fields_are_within_the_documented_limits(
    seeded: SeedData, kind: str, field: str, low: int, high: int, nullable: bool
) -> None:
    def valid(value: Any) -> bool:
        return (value is None and nullable) or (
            isinstance(value, str) and low <= len(value) <= high
        )

    bad = [record[field] for record in getattr(seeded, kind) if not valid(record[field])]
    assert bad == []


@pytest.mark.parametrize(
    "field",
    ["firstName", "lastName", "fullName", "primaryEmail", "address", "city", "state", "zip",
     "occupation", "preferredChannel", "gender"],
)  # fmt: skip
def test_optional_fields_are_empty_for_a_minority_of_contacts(seeded: SeedData, field: str) -> None:
    empty = sum(contact[field] is None for contact in seeded.contacts) / len(seeded.contacts)
    assert 0.02 < empty < 0.4


def test_full_name_joins_first_and_last_names(seeded: SeedData) -> None:
    named = [c for c in seeded.contacts if c["fullName"] is not None]
    assert all(c["fullName"] == f"{c['firstName']} {c['lastName']}" for c in named)


def test_emails_are_valid_addresses(seeded: SeedData) -> None:
    emails = [c["primaryEmail"] for c in seeded.contacts if c["primaryEmail"] is not None]
    assert [email for email in emails if not EMAIL.match(email)] == []


def test_phones_are_moroccan_mobiles_in_e164(seeded: SeedData) -> None:
    assert all(MOROCCAN_MOBILE.match(contact["primaryPhone"]) for contact in seeded.contacts)


def test_phones_are_unique_within_each_organization(fixtures: Fixtures) -> None:
    data = generate(fixtures, "empty", 2, contacts=20_000)
    for contacts in by_org(data.contacts).values():
        assert len({contact["primaryPhone"] for contact in contacts}) == len(contacts)


def test_enumerated_fields_take_documented_values(seeded: SeedData) -> None:
    assert {c["gender"] for c in seeded.contacts} == {"male", "female", None}
    assert {c["preferredChannel"] for c in seeded.contacts} <= CHANNELS | {None}


def test_channels_are_known_types_with_email_only_for_contacts_with_an_email(
    seeded: SeedData,
) -> None:
    for contact in seeded.contacts:
        assert set(contact["channels"]) <= CHANNELS
        assert "email" not in contact["channels"] or contact["primaryEmail"] is not None


@pytest.mark.parametrize("kind", ["contacts", "audiences"])
def test_timestamps_are_utc_milliseconds_in_the_year_before_the_epoch(
    seeded: SeedData, kind: str
) -> None:
    for record in getattr(seeded, kind):
        assert TIMESTAMP.match(record["createdAt"]) and TIMESTAMP.match(record["updatedAt"])
        assert "2024-06-01" <= record["createdAt"] <= record["updatedAt"] < "2025-06-01"


@pytest.mark.parametrize("kind", ["contacts", "audiences"])
def test_records_are_live_and_authored_by_users_of_their_organization(
    fixtures: Fixtures, seeded: SeedData, kind: str
) -> None:
    users = {org.id: {user.id for user in org.users} for org in fixtures.organizations}
    for record in getattr(seeded, kind):
        assert record["deletedAt"] is None and record["deletedBy"] is None
        assert {record["createdBy"], record["updatedBy"]} <= users[record["organizationId"]]


TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
}


def test_custom_attributes_use_defined_names_with_values_of_their_type(
    fixtures: Fixtures, seeded: SeedData
) -> None:
    for contact in seeded.contacts:
        definitions = {d.name: d for d in fixtures.attributes_for(contact["organizationId"])}
        for name, value in contact["customAttributes"].items():
            assert TYPE_CHECKS[definitions[name].type](value), (name, value)


def test_some_contacts_have_no_custom_attributes_and_some_have_several(seeded: SeedData) -> None:
    sizes = Counter(len(contact["customAttributes"]) for contact in seeded.contacts)
    assert sizes[0] > 0 and max(sizes) >= 3


# --- counts, audiences and memberships -----------------------------------------------------


def test_counts_follow_the_profile(fixtures: Fixtures, seeded: SeedData) -> None:
    contacts, audiences = by_org(seeded.contacts), by_org(seeded.audiences)
    for org in fixtures.organizations_of("gomobile"):
        counts = fixtures.profiles["default"].counts_for(org.id)
        expected = (counts.contacts, counts.audiences)
        assert (len(contacts[org.id]), len(audiences[org.id])) == expected


@pytest.mark.parametrize(
    ("contacts", "audiences"),
    [
        pytest.param(25, 3, id="fewer"),
        pytest.param(0, 2, id="audiences-without-contacts"),
        pytest.param(40, 60, id="more-audiences-than-the-catalogue"),
    ],
)
def test_overrides_replace_every_organizations_counts(
    fixtures: Fixtures, contacts: int, audiences: int
) -> None:
    data = generate(fixtures, "default", 4, contacts=contacts, audiences=audiences)
    assert len(data.contacts) == contacts * len(fixtures.organizations_of("gomobile"))
    assert len(data.audiences) == audiences * len(fixtures.organizations_of("gomobile"))


def test_empty_profile_is_empty(fixtures: Fixtures) -> None:
    assert generate(fixtures, "empty", 1) == SeedData([], [], [])


def test_audience_names_are_unique_within_an_organization(fixtures: Fixtures) -> None:
    data = generate(fixtures, "default", 4, audiences=60)
    for audiences in by_org(data.audiences).values():
        assert len({audience["name"] for audience in audiences}) == len(audiences)


def test_audience_sizes_follow_the_profile_range(seeded: SeedData) -> None:
    sizes = Counter(audience_id for audience_id, _ in seeded.memberships)
    assert all(10 <= sizes[audience["id"]] <= 80 for audience in seeded.audiences)


def test_audiences_never_have_more_members_than_contacts(fixtures: Fixtures) -> None:
    data = generate(fixtures, "default", 4, contacts=5)
    assert max(Counter(audience_id for audience_id, _ in data.memberships).values()) == 5


def test_memberships_link_distinct_contacts_of_the_audiences_organization(
    seeded: SeedData,
) -> None:
    org_of = {record["id"]: record["organizationId"] for record in seeded.contacts}
    audience_org = {audience["id"]: audience["organizationId"] for audience in seeded.audiences}
    assert len(set(seeded.memberships)) == len(seeded.memberships)
    assert all(org_of[contact] == audience_org[aud] for aud, contact in seeded.memberships)


@pytest.mark.parametrize(
    ("profile", "overrides", "problem"),
    [
        pytest.param("nope", {}, "unknown profile 'nope'", id="unknown-profile"),
        pytest.param("empty", {"contacts": -1}, "must be >= 0", id="negative-count"),
    ],
)
def test_generate_rejects_bad_arguments(
    fixtures: Fixtures, profile: str, overrides: dict[str, int], problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        generate(fixtures, profile, 1, **overrides)


# --- fixtures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "organization", "user"),
    [
        pytest.param("test-key-org-a", "Atlas Telecom", "Salma Benali", id="org-a"),
        pytest.param("test-key-org-a-support", "Atlas Telecom", "Youssef El Amrani", id="org-a-2"),
        pytest.param("test-key-org-b", "Bahia Retail", "Karim Tazi", id="org-b"),
    ],
)
def test_documented_api_keys_select_their_organization_and_user(
    fixtures: Fixtures, key: str, organization: str, user: str
) -> None:
    org = fixtures.organization_for_key(key)
    assert org is not None and org.name == organization
    acting = org.user_for_key(key)
    assert acting is not None and acting.name == user


def test_unknown_api_key_selects_no_organization(fixtures: Fixtures) -> None:
    assert fixtures.organization_for_key("no-such-key") is None


def test_org_a_defines_the_documents_example_attributes(fixtures: Fixtures) -> None:
    attributes = {d.name: d for d in fixtures.attributes_for(ORG_A)}
    assert (attributes["age"].type, attributes["interests"].type) == ("number", "array")
    company = attributes["company_size"]
    assert (company.type, company.display_name, company.description) == (
        "number", "Company Size", "Number of employees",
    )  # fmt: skip


def test_company_size_is_an_attribute_of_org_a_only(fixtures: Fixtures) -> None:
    names = {org: {d.name for d in fixtures.attributes_for(org)} for org in (ORG_A, ORG_B)}
    assert "company_size" in names[ORG_A] and "company_size" not in names[ORG_B]


def write_fixtures(directory: Path, name: str, edit: Callable[[Any], None]) -> Path:
    """Copy the project's fixture files to `directory`, applying `edit` to file `name`."""
    for file in ("organizations", "attributes", "profiles", "places", "names"):
        shutil.copy(fixture_file(f"{file}.yaml"), directory)
    path = directory / f"{name}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("name", "edit", "problem"),
    [
        pytest.param(
            "organizations",
            lambda doc: doc["organizations"][1]["apiKeys"].append({"key": "test-key-org-a"}),
            "organizations: duplicate API key 'test-key-org-a'",
            id="duplicate-api-key",
        ),
        pytest.param(
            "organizations",
            lambda doc: doc["organizations"][0]["apiKeys"][0].update(actsAs=ORG_B),
            "refers to users it does not list",
            id="key-acting-as-unknown-user",
        ),
        pytest.param(
            "attributes",
            lambda doc: doc["attributes"][ORG_A][0].update(type="date"),
            "must be one of",
            id="unknown-attribute-type",
        ),
        pytest.param(
            "attributes",
            lambda doc: doc["attributes"][ORG_B].append(doc["attributes"][ORG_B][0]),
            "duplicate attribute name 'age'",
            id="duplicate-attribute",
        ),
        pytest.param(
            "profiles",
            lambda doc: doc["profiles"]["default"]["organizations"].update({UNKNOWN_ORG: {}}),
            "unknown organization ids",
            id="profile-for-unknown-organization",
        ),
        pytest.param(
            "profiles",
            lambda doc: doc["profiles"]["default"]["organizations"][ORG_A].update(contacts=-3),
            "contacts: must be >= 0",
            id="negative-count",
        ),
        pytest.param(
            "organizations",
            lambda doc: doc["organizations"][2]["users"][0].update(type="owner"),
            "must be one of ('admin', 'rep', 'client')",
            id="unknown-creator-type",
        ),
        pytest.param(
            "names",
            lambda doc: doc.update(lastNames={}),
            "lastNames: must list at least one name",
            id="no-last-names",
        ),
    ],
)
def test_loader_rejects_inconsistent_fixtures_naming_file_and_problem(
    tmp_path: Path, name: str, edit: Callable[[Any], None], problem: str
) -> None:
    directory = write_fixtures(tmp_path, name, edit)
    with pytest.raises(FixtureError) as raised:
        load_fixtures(directory)
    assert f"{name}.yaml" in str(raised.value) and problem in str(raised.value)


def test_loader_names_a_missing_file(tmp_path: Path) -> None:
    (write_fixtures(tmp_path, "places", lambda doc: None) / "places.yaml").unlink()
    with pytest.raises(FixtureError, match=r"places\.yaml: cannot read"):
        load_fixtures(tmp_path)
