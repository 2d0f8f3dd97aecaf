"""Typed, validated view of the seed definitions in fixtures/*.yaml."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal, TypeVar, cast

import yaml

from contactkit.resources import fixture_file

AttributeType = Literal["string", "number", "boolean", "array"]
ATTRIBUTE_TYPES: tuple[AttributeType, ...] = ("string", "number", "boolean", "array")
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
_CREATOR_TYPES = ("admin", "rep", "client")
_DEFAULT_AUDIENCE_SIZE = (10, 80)
T = TypeVar("T")


class FixtureError(ValueError):
    """A fixture file is missing, malformed or inconsistent with the others."""


@dataclass(frozen=True)
class User:
    id: str
    name: str
    email: str
    username: str | None = None  # APIs that show a user's login (client contacts' creator)
    type: str | None = None  # the creator type of client contacts: admin, rep or client


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    api_keys: tuple[str, ...]
    users: tuple[User, ...]
    default_user_id: str
    key_users: Mapping[str, str]  # API key -> id of the user requests with that key act as
    api: str = "gomobile"  # the API whose keys these are (a key opens one API only)
    namespaces: tuple[str, ...] = ()  # company namespaces the seeder gives client contacts

    def user_for_key(self, key: str) -> User | None:
        """Return the user a request with `key` acts as, or None if the key is not this org's."""
        user_id = self.key_users.get(key)
        return next((user for user in self.users if user.id == user_id), None)


@dataclass(frozen=True)
class AttributeDefinition:
    name: str
    display_name: str
    description: str | None
    type: AttributeType
    is_locked: bool
    seed_range: tuple[int, int] = (0, 1000)  # number values the seeder draws from (inclusive)
    seed_choices: tuple[str, ...] = ()  # string / array values the seeder draws from


@dataclass(frozen=True)
class OrgCounts:
    contacts: int = 0
    audiences: int = 0
    audience_size: tuple[int, int] = _DEFAULT_AUDIENCE_SIZE


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    counts: Mapping[str, OrgCounts]  # organization id -> counts

    def counts_for(self, organization_id: str) -> OrgCounts:
        """Return the counts for an organization (zero when the profile does not list it)."""
        return self.counts.get(organization_id, OrgCounts())


@dataclass(frozen=True)
class AudienceTemplate:
    name: str
    description: str | None


@dataclass(frozen=True)
class City:
    name: str
    region: str
    zip: str
    weight: int


@dataclass(frozen=True)
class Fixtures:
    organizations: tuple[Organization, ...]
    attributes: Mapping[str, tuple[AttributeDefinition, ...]]  # organization id -> definitions
    profiles: Mapping[str, Profile]
    audience_catalogue: tuple[AudienceTemplate, ...]
    cities: tuple[City, ...]
    streets: tuple[str, ...]
    # (Latin, Arabic script) name pairs, for local names: names.yaml
    first_name_pairs: tuple[tuple[str, str], ...] = ()
    last_name_pairs: tuple[tuple[str, str], ...] = ()

    def organizations_of(self, api: str) -> tuple[Organization, ...]:
        """Return the organizations whose keys open `api`."""
        return tuple(org for org in self.organizations if org.api == api)

    def organization_for_key(self, key: str) -> Organization | None:
        """Return the organization owning API key `key`, or None."""
        return next((org for org in self.organizations if key in org.key_users), None)

    def attributes_for(self, organization_id: str) -> tuple[AttributeDefinition, ...]:
        """Return the custom attribute definitions of an organization (empty if it has none)."""
        return self.attributes.get(organization_id, ())


class _Node:
    """A YAML value and where it sits (file and path), so errors point at the problem."""

    def __init__(self, path: Path, where: str, value: object) -> None:
        self.path, self.where, self.value = path, where, value

    @classmethod
    def read(cls, path: Path) -> _Node:
        try:
            return cls(path, "", yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError) as error:
            raise FixtureError(f"{path}: cannot read: {error}") from error

    def error(self, problem: str) -> FixtureError:
        return FixtureError(f"{self.path}: {self.where + ': ' if self.where else ''}{problem}")

    def typed(self, kind: type[T], default: T | None = None) -> T:
        value = default if self.value is None else self.value
        # bool is an int subclass; a count of `true` is a typo, not 1.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(f"must be of type {kind.__name__}, got {self.value!r}")
        return value

    def __getitem__(self, key: str) -> _Node:
        where = f"{self.where}.{key}" if self.where else key
        return _Node(self.path, where, self.typed(dict, {}).get(key))

    def each(self) -> list[_Node]:
        items = self.typed(list, [])
        return [_Node(self.path, f"{self.where}[{i}]", item) for i, item in enumerate(items)]

    def entries(self) -> list[tuple[str, _Node]]:
        return [(str(key), self[str(key)]) for key in self.typed(dict, {})]

    def text(self, low: int, high: int) -> str:
        value = self.typed(str)
        if not low <= len(value) <= high:
            raise self.error(f"must be {low}-{high} characters, got {value!r}")
        return value

    def optional_text(self, low: int, high: int) -> str | None:
        return None if self.value is None else self.text(low, high)

    def integer(self, low: int = 0) -> int:
        value = self.typed(int)
        if value < low:
            raise self.error(f"must be >= {low}, got {value}")
        return value

    def uuid(self) -> str:
        value = self.text(36, 36)
        if not _UUID.match(value):
            raise self.error(f"must be a UUID in lowercase canonical form, got {value!r}")
        return value

    def identifier(self) -> str:
        """Return a user id: a UUID (Gomobile) or a 24-hex ObjectId (client contacts)."""
        value = self.text(24, 36)
        if not (_UUID.match(value) or _OBJECT_ID.match(value)):
            raise self.error(f"must be a lowercase UUID or 24-hex ObjectId, got {value!r}")
        return value

    def unique(self, values: list[str], what: str) -> None:
        for value, count in Counter(values).items():
            if count > 1:
                raise self.error(f"duplicate {what} {value!r}")


def _user(node: _Node) -> User:
    kind = node["type"].optional_text(1, 16)
    if kind is not None and kind not in _CREATOR_TYPES:
        raise node["type"].error(f"must be one of {_CREATOR_TYPES}, got {kind!r}")
    return User(
        node["id"].identifier(),
        node["name"].text(1, 128),
        node["email"].text(3, 254),
        node["username"].optional_text(1, 64),
        kind,
    )


def _organization(node: _Node) -> Organization:
    users = tuple(_user(user) for user in node["users"].each())
    default_user = node["defaultUser"].identifier()
    keys = node["apiKeys"].each()
    api_keys = tuple(key["key"].text(1, 256) for key in keys)
    acting = [
        default_user if key["actsAs"].value is None else key["actsAs"].identifier() for key in keys
    ]
    unknown = {default_user, *acting} - {user.id for user in users}
    if unknown:
        raise node.error(f"refers to users it does not list: {sorted(unknown)}")
    key_users = MappingProxyType(dict(zip(api_keys, acting, strict=True)))
    org_id, name = node["id"].uuid(), node["name"].text(1, 128)
    api = node["api"].text(1, 64) if node["api"].value is not None else "gomobile"
    namespaces = tuple(item.text(1, 128) for item in node["namespaces"].each())
    return Organization(
        org_id, name, api_keys, users, default_user, key_users, api=api, namespaces=namespaces
    )


def _attribute(node: _Node) -> AttributeDefinition:
    name, kind = node["name"].text(1, 64), cast(AttributeType, node["type"].value)
    if not _ATTRIBUTE_NAME.match(name):
        raise node["name"].error(f"must be an identifier, got {name!r}")
    if kind not in ATTRIBUTE_TYPES:
        raise node["type"].error(f"must be one of {ATTRIBUTE_TYPES}, got {kind!r}")
    seed = node["seed"]
    low = seed["min"].typed(int, 0)
    high = seed["max"].typed(int, max(low, 1000))
    choices = tuple(choice.text(1, 64) for choice in seed["choices"].each())
    if low > high or (kind in ("string", "array") and not choices):
        raise seed.error(f"a {kind} attribute needs min <= max, and choices if string or array")
    display_name = node["displayName"].text(1, 128)
    description = node["description"].optional_text(1, 256)
    locked = node["isLocked"].typed(bool)
    return AttributeDefinition(name, display_name, description, kind, locked, (low, high), choices)


def _attributes(node: _Node) -> tuple[AttributeDefinition, ...]:
    definitions = tuple(_attribute(item) for item in node.each())
    node.unique([definition.name for definition in definitions], "attribute name")
    return definitions


def _counts(node: _Node) -> OrgCounts:
    size = [bound.integer() for bound in node["audienceSize"].each()] or _DEFAULT_AUDIENCE_SIZE
    if len(size) != 2 or size[0] > size[1]:
        raise node["audienceSize"].error(f"must be [min, max] with min <= max, got {size}")
    audiences = node["audiences"].integer() if node["audiences"].value is not None else 0
    return OrgCounts(node["contacts"].integer(), audiences, (size[0], size[1]))


def _per_org(node: _Node, org_ids: set[str], parse: Callable[[_Node], T]) -> Mapping[str, T]:
    """Parse a mapping keyed by organization id, rejecting ids organizations.yaml lacks."""
    entries = node.entries()
    unknown = {org_id for org_id, _ in entries} - org_ids
    if unknown:
        raise node.error(f"unknown organization ids: {sorted(unknown)}")
    return MappingProxyType({org_id: parse(entry) for org_id, entry in entries})


def _profile(name: str, node: _Node, org_ids: set[str]) -> Profile:
    counts = _per_org(node["organizations"], org_ids, _counts)
    return Profile(name, node["description"].text(1, 256), counts)


def _audience_template(node: _Node) -> AudienceTemplate:
    # 52, not the API's 64: the seeder may append a " (n)" suffix to repeat a name.
    return AudienceTemplate(node["name"].text(3, 52), node["description"].optional_text(1, 256))


def _city(node: _Node) -> City:
    name, region, code = (node[key].text(3, 64) for key in ("name", "region", "zip"))
    return City(name, region, code, node["weight"].integer(low=1))


def load_fixtures(directory: Path | None = None) -> Fixtures:
    """Load and validate the fixture files (from `directory`, default the project's fixtures/)."""
    folder = directory or fixture_file("organizations.yaml").parent
    orgs, attributes, profiles, places, names = (
        _Node.read(folder / f"{name}.yaml")
        for name in ("organizations", "attributes", "profiles", "places", "names")
    )
    organizations = tuple(_organization(node) for node in orgs["organizations"].each())
    orgs["organizations"].unique([org.id for org in organizations], "organization id")
    orgs["organizations"].unique([key for org in organizations for key in org.api_keys], "API key")
    org_ids = {org.id for org in organizations}
    catalogue = tuple(_audience_template(node) for node in profiles["audienceCatalogue"].each())
    profiles["audienceCatalogue"].unique([template.name for template in catalogue], "name")
    cities = tuple(_city(node) for node in places["cities"].each())
    streets = tuple(street.text(1, 200) for street in places["streets"].each())
    if not (catalogue and cities and streets):
        raise FixtureError(f"{folder}: audienceCatalogue, cities and streets must not be empty")
    return Fixtures(
        organizations=organizations,
        attributes=_per_org(attributes["attributes"], org_ids, _attributes),
        profiles=MappingProxyType(
            {name: _profile(name, node, org_ids) for name, node in profiles["profiles"].entries()}
        ),
        audience_catalogue=catalogue,
        cities=cities,
        streets=streets,
        first_name_pairs=_name_pairs(names["firstNames"]),
        last_name_pairs=_name_pairs(names["lastNames"]),
    )


def _name_pairs(node: _Node) -> tuple[tuple[str, str], ...]:
    pairs = tuple((latin, local.text(1, 64)) for latin, local in node.entries())
    if not pairs:
        raise node.error("must list at least one name")
    return pairs
