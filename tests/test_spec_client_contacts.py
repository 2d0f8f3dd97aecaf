"""`openapi/client-contacts.yaml` describes the client contacts API as documented and decided.

Every table in this module is copied from the vendor document (`vendor-docs/003`: fields,
types, list parameters, envelope, pagination, examples) or from `docs/client-contacts-design.md`
(paths, operationIds, statuses, auth, errors, limits, list parameter schemas), NOT from the
spec: an edit of the spec that drifts from either fails here. A row that rests on the design
document rather than on the vendor's says so, and the spec must mark it `x-assumption: true`.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import connexion
import pytest
import yaml
from connexion.resolver import Resolver
from connexion.security import ApiKeySecurityHandler
from spec_walk import (
    HTTP_METHODS,
    Schema,
    at_pointer,
    deref,
    escape,
    violations,
)

from contactkit.resources import spec_file

SPEC_PATH: Path = spec_file("client-contacts.yaml")
LIST = "/client-contacts"
ITEM = "/client-contacts/{id}"
OBJECT_ID = "^[0-9a-fA-F]{24}$"
SORTABLE = ["name", "local_name", "email", "title", "createdAt", "updatedAt", "_id"]
SORT_BY = "^(name|local_name|email|title|createdAt|updatedAt|_id):(asc|desc)$"
VENDOR_ID = "60f1b2b3c9e9a12345678901"  # the id of every example of the vendor document


# ---------------------------------------------------------------------------------------------
# JSON pointers and references
# ---------------------------------------------------------------------------------------------


def _component(document: Schema, name: str) -> Schema:
    schemas = document.get("components", {}).get("schemas", {})
    assert name in schemas, f"components/schemas/{name} is missing"
    schema: Schema = schemas[name]
    return schema


def _property(document: Schema, schema_name: str, field: str) -> Schema:
    properties = _component(document, schema_name).get("properties", {})
    assert field in properties, f"{schema_name} has no property {field!r}"
    prop: Schema = deref(document, properties[field])
    return prop


def _operation(document: Schema, operation_id: str) -> tuple[str, str, Schema]:
    for path, path_item in document.get("paths", {}).items():
        for method, operation in path_item.items():
            if method in HTTP_METHODS and operation.get("operationId") == operation_id:
                return path, method, operation
    raise AssertionError(f"no operation has operationId {operation_id!r}")


def _responses(document: Schema, operation_id: str) -> dict[str, Schema]:
    _, _, operation = _operation(document, operation_id)
    return {str(code): response for code, response in operation.get("responses", {}).items()}


def _parameters(document: Schema, operation_id: str) -> list[Schema]:
    """The operation's parameters, path-level ones included, each dereferenced."""
    path, _, operation = _operation(document, operation_id)
    inherited = document["paths"][path].get("parameters", [])
    return [deref(document, p) for p in [*inherited, *operation.get("parameters", [])]]


def _query_parameter(document: Schema, name: str) -> Schema:
    matches = [
        p
        for p in _parameters(document, "listClientContacts")
        if p.get("name") == name and p.get("in") == "query"
    ]
    assert len(matches) == 1, f"listClientContacts has not exactly one query parameter {name!r}"
    return matches[0]


def _json_schema_of(document: Schema, holder: Schema) -> Schema:
    """The `application/json` schema of a request body or response object, dereferenced."""
    content = deref(document, holder).get("content", {})
    assert "application/json" in content, "no application/json content"
    schema: Schema = deref(document, content["application/json"]["schema"])
    return schema


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client_spec() -> Schema:
    """The parsed `openapi/client-contacts.yaml` (shared: tests must not mutate it)."""
    with SPEC_PATH.open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    assert isinstance(document, dict), "client-contacts.yaml is not a YAML mapping"
    return document


# ---------------------------------------------------------------------------------------------
# Its operations
# ---------------------------------------------------------------------------------------------

OPERATION_IDS = {
    "listClientContacts",
    "createClientContact",
    "getClientContact",
    "updateClientContact",
    "deleteClientContact",
}


def _python_references(node: Any, pointer: str = "") -> Iterator[str]:
    """Pointers of keys through which Connexion would import Python code."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{escape(str(key))}"
            if str(key) == "x-openapi-router-controller" or str(key).lower().endswith("func"):
                yield here
            yield from _python_references(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _python_references(value, f"{pointer}/{index}")


def test_spec_names_no_python_code(client_spec: Schema) -> None:
    # It describes the vendor's API; the mock resolves handlers by operationId.
    assert list(_python_references(client_spec)) == []


def test_no_parameter_uses_content(client_spec: Schema) -> None:
    # Connexion 3 reads a parameter's `schema` only.
    with_content = [
        f"{operation_id}.{parameter.get('name')}"
        for operation_id in OPERATION_IDS
        for parameter in _parameters(client_spec, operation_id)
        if "content" in parameter or "schema" not in parameter
    ]
    assert with_content == []


def test_first_server_has_no_base_path(client_spec: Schema) -> None:
    # Connexion serves the paths under the path of the first server's URL.
    servers = client_spec.get("servers", [])
    assert servers, "no servers"
    first = servers[0]
    url = first["url"].format(
        **{name: v["default"] for name, v in first.get("variables", {}).items()}
    )
    assert re.fullmatch(r"https?://[^/]+", url), url


def test_servers_include_the_local_mock(client_spec: Schema) -> None:
    urls = [server.get("url") for server in client_spec.get("servers", [])]
    assert "http://127.0.0.1:3000" in urls


def test_vendor_server_is_a_variable(client_spec: Schema) -> None:
    # The vendor document gives no base URL: a server variable stands for it (not marked
    # x-assumption: no server behaviour, so nothing a check could hold a server to).
    variable_servers = [s for s in client_spec.get("servers", []) if s.get("variables")]
    assert len(variable_servers) == 1, "expected one server with a variable for the vendor's URL"
    server = variable_servers[0]
    names = set(re.findall(r"\{([^}]+)\}", server["url"]))
    assert names, "the vendor server's url uses no variable"
    assert names <= set(server["variables"])
    assert all(server["variables"][name].get("default") for name in names)


# ---------------------------------------------------------------------------------------------
# Operations (design: the operations table)
# ---------------------------------------------------------------------------------------------

OPERATIONS = [
    # (operationId, method, path, success status, success body schema)
    pytest.param("listClientContacts", "get", LIST, "200", "ClientContactListEnvelope", id="list"),
    pytest.param("createClientContact", "post", LIST, "201", "ClientContactEnvelope", id="create"),
    pytest.param("getClientContact", "get", ITEM, "200", "ClientContactEnvelope", id="get"),
    pytest.param("updateClientContact", "patch", ITEM, "200", "ClientContactEnvelope", id="update"),
    pytest.param(
        "deleteClientContact", "delete", ITEM, "200", "ClientContactEnvelope", id="delete"
    ),
]
OPERATION_COLUMNS = ("operation_id", "method", "path", "status", "schema_name")


@pytest.mark.parametrize(OPERATION_COLUMNS, OPERATIONS)
def test_operation_is_at_its_method_and_path(
    client_spec: Schema, operation_id: str, method: str, path: str, status: str, schema_name: str
) -> None:
    operation = client_spec.get("paths", {}).get(path, {}).get(method)
    assert operation is not None, f"{method.upper()} {path} is missing"
    assert operation.get("operationId") == operation_id


def test_spec_has_no_other_operation(client_spec: Schema) -> None:
    designed = {(p.values[1], p.values[2]) for p in OPERATIONS}
    in_spec = {
        (method, path)
        for path, path_item in client_spec.get("paths", {}).items()
        for method in path_item
        if method in HTTP_METHODS
    }
    assert in_spec == designed


@pytest.mark.parametrize(OPERATION_COLUMNS, OPERATIONS)
def test_operation_has_one_success_status(
    client_spec: Schema, operation_id: str, method: str, path: str, status: str, schema_name: str
) -> None:
    successes = [code for code in _responses(client_spec, operation_id) if code.startswith("2")]
    assert successes == [status]


@pytest.mark.parametrize(OPERATION_COLUMNS, OPERATIONS)
def test_operation_answers_success_in_the_envelope(
    client_spec: Schema, operation_id: str, method: str, path: str, status: str, schema_name: str
) -> None:
    response = _responses(client_spec, operation_id).get(status)
    assert response is not None, f"{operation_id} has no {status} response"
    schema = _json_schema_of(client_spec, response)
    assert schema is _component(client_spec, schema_name)


ERROR_STATUSES = [
    # Design, "Errors": 400 validation / malformed JSON / malformed id, 401, 404 for an {id},
    # 413 and 415 where there is a body.
    pytest.param("listClientContacts", {"400", "401"}, id="list"),
    pytest.param("createClientContact", {"400", "401", "413", "415"}, id="create"),
    pytest.param("getClientContact", {"400", "401", "404"}, id="get"),
    pytest.param("updateClientContact", {"400", "401", "404", "413", "415"}, id="update"),
    pytest.param("deleteClientContact", {"400", "401", "404"}, id="delete"),
]


@pytest.mark.parametrize(("operation_id", "statuses"), ERROR_STATUSES)
def test_operation_declares_its_error_statuses(
    client_spec: Schema, operation_id: str, statuses: set[str]
) -> None:
    declared = {code for code in _responses(client_spec, operation_id) if not code.startswith("2")}
    assert declared == statuses


@pytest.mark.parametrize(
    ("operation_id", "status"),
    [
        pytest.param(p.values[0], status, id=f"{p.id}.{status}")
        for p in ERROR_STATUSES
        for status in sorted(p.values[1])
    ],
)
def test_error_response_has_the_error_body(
    client_spec: Schema, operation_id: str, status: str
) -> None:
    response = _responses(client_spec, operation_id).get(status)
    assert response is not None, f"{operation_id} has no {status} response"
    assert _json_schema_of(client_spec, response) is _component(client_spec, "Error")


REQUEST_BODIES = [
    pytest.param("createClientContact", "ClientContactCreate", id="create"),
    pytest.param("updateClientContact", "ClientContactUpdate", id="update"),
]


@pytest.mark.parametrize(("operation_id", "schema_name"), REQUEST_BODIES)
def test_operation_takes_a_required_json_body(
    client_spec: Schema, operation_id: str, schema_name: str
) -> None:
    _, _, operation = _operation(client_spec, operation_id)
    assert "requestBody" in operation, f"{operation_id} has no request body"
    body = deref(client_spec, operation["requestBody"])
    assert body.get("required") is True
    assert set(body.get("content", {})) == {"application/json"}
    assert _json_schema_of(client_spec, body) is _component(client_spec, schema_name)


@pytest.mark.parametrize(
    "operation_id",
    [
        pytest.param(name, id=name)
        for name in sorted(OPERATION_IDS - {p.values[0] for p in REQUEST_BODIES})
    ],
)
def test_operation_without_a_body_takes_none(client_spec: Schema, operation_id: str) -> None:
    _, _, operation = _operation(client_spec, operation_id)
    assert "requestBody" not in operation


def test_id_path_parameter_is_an_object_id(client_spec: Schema) -> None:
    # Design: `{id}` is a 24-hex ObjectId; malformed is 400.
    item = client_spec.get("paths", {}).get(ITEM, {})
    parameters = [deref(client_spec, p) for p in item.get("parameters", [])]
    ids = [p for p in parameters if p.get("name") == "id" and p.get("in") == "path"]
    assert len(ids) == 1, "/client-contacts/{id} declares no path parameter id"
    assert ids[0].get("required") is True
    schema = deref(client_spec, ids[0].get("schema", {}))
    assert (schema.get("type"), schema.get("pattern")) == ("string", OBJECT_ID)


def test_list_names_its_searchable_fields(client_spec: Schema) -> None:
    # Vendor: "Search text for contact name"; design: `name` or `local_name`.
    _, _, operation = _operation(client_spec, "listClientContacts")
    assert operation.get("x-searchable-fields") == ["name", "local_name"]


# ---------------------------------------------------------------------------------------------
# Security (design: header `api-key`, scheme `ClientApiKey`)
# ---------------------------------------------------------------------------------------------


def test_security_scheme_reads_the_api_key_header(client_spec: Schema) -> None:
    schemes = client_spec.get("components", {}).get("securitySchemes", {})
    scheme = schemes.get("ClientApiKey", {})
    assert (scheme.get("type"), scheme.get("in"), scheme.get("name")) == (
        "apiKey",
        "header",
        "api-key",
    )


def test_security_scheme_is_the_only_one(client_spec: Schema) -> None:
    # A second scheme (a Gomobile `x-api-key`, say) would be an alternative way in.
    assert set(client_spec.get("components", {}).get("securitySchemes", {})) == {"ClientApiKey"}


def test_security_applies_globally(client_spec: Schema) -> None:
    assert client_spec.get("security") == [{"ClientApiKey": []}]


@pytest.mark.parametrize("operation_id", [pytest.param(o, id=o) for o in sorted(OPERATION_IDS)])
def test_operation_does_not_override_security(client_spec: Schema, operation_id: str) -> None:
    _, _, operation = _operation(client_spec, operation_id)
    assert "security" not in operation


# ---------------------------------------------------------------------------------------------
# Links: create -> get / update / delete through the created id
# ---------------------------------------------------------------------------------------------

LINKED_OPERATIONS = [
    pytest.param("getClientContact", id="get"),
    pytest.param("updateClientContact", id="update"),
    pytest.param("deleteClientContact", id="delete"),
]


def _create_links(document: Schema) -> dict[str, Schema]:
    response = deref(document, _responses(document, "createClientContact").get("201", {}))
    links = response.get("links", {})
    return {name: deref(document, link) for name, link in links.items()}


@pytest.mark.parametrize("target", LINKED_OPERATIONS)
def test_create_links_to_operation_with_the_created_id(client_spec: Schema, target: str) -> None:
    links = [
        link for link in _create_links(client_spec).values() if link.get("operationId") == target
    ]
    assert len(links) == 1, f"the create response has not exactly one link to {target}"
    assert links[0].get("parameters") == {"id": "$response.body#/data/_id"}


def test_every_link_resolves_to_an_operation_taking_id(client_spec: Schema) -> None:
    links = _create_links(client_spec)
    assert links, "the create response has no links"
    for name, link in links.items():
        path, _, _ = _operation(client_spec, link.get("operationId", ""))
        takes = {p.get("name") for p in _parameters(client_spec, link["operationId"])}
        assert set(link.get("parameters", {})) <= takes, f"{name}: {path} takes {takes}"


def test_link_expression_finds_a_valid_id_in_the_create_example(client_spec: Schema) -> None:
    response = deref(client_spec, _responses(client_spec, "createClientContact")["201"])
    examples = response["content"]["application/json"].get("examples", {})
    assert examples, "the create response has no example to follow the link in"
    for link in _create_links(client_spec).values():
        pointer = link["parameters"]["id"].removeprefix("$response.body#")
        for example in examples.values():
            value = at_pointer(deref(client_spec, example)["value"], pointer)
            assert re.fullmatch(OBJECT_ID, value), value


# ---------------------------------------------------------------------------------------------
# The client contact (vendor: the examples' fields and the request tables' types; design:
# always present / present only when set / nothing else)
# ---------------------------------------------------------------------------------------------


def _field(field: str, type_: str | None, format_: str | None, required: bool) -> Any:
    return pytest.param(field, type_, format_, required, id=field)


CONTACT_FIELDS = [
    # (field, type, format, always present); creator/editor: a oneOf, no type of its own.
    _field("_id", "string", None, True),
    _field("creator", None, None, True),
    _field("editor", None, None, True),
    _field("name", "string", None, True),
    _field("local_name", "string", None, False),
    _field("phone1", "string", None, False),
    _field("phone2", "string", None, False),
    _field("email", "string", "email", False),
    _field("title", "string", None, False),
    _field("extra_info", "string", None, False),
    _field("disabled", "boolean", None, True),
    _field("media", "array", None, True),
    _field("cover_photo", "string", None, False),
    _field("integration_meta", "object", None, False),
    _field("company_namespace", "array", None, True),
    _field("createdAt", "string", "date-time", True),
    _field("updatedAt", "string", "date-time", True),
    _field("__v", "integer", None, True),
]
FIELD_COLUMNS = ("field", "type_", "format_", "required")


@pytest.mark.parametrize(FIELD_COLUMNS, CONTACT_FIELDS)
def test_contact_field_has_its_type(
    client_spec: Schema, field: str, type_: str | None, format_: str | None, required: bool
) -> None:
    prop = _property(client_spec, "ClientContact", field)
    assert (prop.get("type"), prop.get("format")) == (type_, format_)


@pytest.mark.parametrize(FIELD_COLUMNS, CONTACT_FIELDS)
def test_contact_field_requiredness(
    client_spec: Schema, field: str, type_: str | None, format_: str | None, required: bool
) -> None:
    assert (field in _component(client_spec, "ClientContact").get("required", [])) is required


@pytest.mark.parametrize(FIELD_COLUMNS, CONTACT_FIELDS)
def test_contact_field_is_never_null(
    client_spec: Schema, field: str, type_: str | None, format_: str | None, required: bool
) -> None:
    # Design: optional fields are omitted, never null.
    assert not _property(client_spec, "ClientContact", field).get("nullable", False)


def test_contact_has_exactly_the_documented_fields(client_spec: Schema) -> None:
    fields = {p.values[0] for p in CONTACT_FIELDS}
    assert set(_component(client_spec, "ClientContact").get("properties", {})) == fields


def test_contact_has_no_other_fields(client_spec: Schema) -> None:
    # Design: "No other fields (the organization is never rendered)."
    assert _component(client_spec, "ClientContact").get("additionalProperties") is False


@pytest.mark.parametrize(
    ("schema_name", "field"),
    [
        pytest.param("ClientContact", "media", id="ClientContact.media"),
        pytest.param("ClientContact", "company_namespace", id="ClientContact.company_namespace"),
        pytest.param("ClientContactCreate", "media", id="ClientContactCreate.media"),
        pytest.param(
            "ClientContactCreate", "company_namespace", id="ClientContactCreate.company_namespace"
        ),
        pytest.param("ClientContactUpdate", "media", id="ClientContactUpdate.media"),
        pytest.param(
            "ClientContactUpdate", "company_namespace", id="ClientContactUpdate.company_namespace"
        ),
    ],
)
def test_array_field_holds_strings(client_spec: Schema, schema_name: str, field: str) -> None:
    # Vendor: "Array of strings".
    prop = _property(client_spec, schema_name, field)
    assert prop.get("type") == "array"
    assert deref(client_spec, prop.get("items", {})).get("type") == "string"


@pytest.mark.parametrize(
    "field", [pytest.param("createdAt", id="createdAt"), pytest.param("updatedAt", id="updatedAt")]
)
def test_contact_timestamp_has_milliseconds_and_z(client_spec: Schema, field: str) -> None:
    pattern = _property(client_spec, "ClientContact", field).get("pattern", "")
    assert re.search(pattern, "2023-01-15T10:30:00.000Z")
    for wrong in ("2023-01-15T10:30:00Z", "2023-01-15T10:30:00.000+00:00", "2023-01-15"):
        assert not re.search(pattern, wrong), wrong


# ---------------------------------------------------------------------------------------------
# Creators (vendor: "AdminCreator (object) or RepCreator (object) or ClientCreator (object)")
# ---------------------------------------------------------------------------------------------

CREATORS = [
    pytest.param("AdminCreator", "admin", id="AdminCreator"),
    pytest.param("RepCreator", "rep", id="RepCreator"),
    pytest.param("ClientCreator", "client", id="ClientCreator"),
]


def test_creator_is_one_of_the_three_creators(client_spec: Schema) -> None:
    creator = _component(client_spec, "Creator")
    refs = [option.get("$ref") for option in creator.get("oneOf", [])]
    assert refs == [f"#/components/schemas/{p.values[0]}" for p in CREATORS]


def test_creator_discriminates_on_type(client_spec: Schema) -> None:
    discriminator = _component(client_spec, "Creator").get("discriminator", {})
    assert discriminator.get("propertyName") == "type"
    assert discriminator.get("mapping") == {
        p.values[1]: f"#/components/schemas/{p.values[0]}" for p in CREATORS
    }


@pytest.mark.parametrize(("schema_name", "type_value"), CREATORS)
def test_creator_has_exactly_four_required_fields(
    client_spec: Schema, schema_name: str, type_value: str
) -> None:
    schema = _component(client_spec, schema_name)
    assert set(schema.get("properties", {})) == {"_id", "username", "name", "type"}
    assert set(schema.get("required", [])) == {"_id", "username", "name", "type"}
    assert schema.get("additionalProperties") is False


@pytest.mark.parametrize(("schema_name", "type_value"), CREATORS)
def test_creator_type_is_its_one_value(
    client_spec: Schema, schema_name: str, type_value: str
) -> None:
    assert _property(client_spec, schema_name, "type").get("enum") == [type_value]


@pytest.mark.parametrize(("schema_name", "type_value"), CREATORS)
def test_creator_id_is_an_object_id(client_spec: Schema, schema_name: str, type_value: str) -> None:
    assert _property(client_spec, schema_name, "_id").get("pattern") == OBJECT_ID


@pytest.mark.parametrize(
    ("schema_name", "field"),
    [
        pytest.param(schema, field, id=f"{schema}.{field}")
        for schema in ("ClientContact", "ClientContactCreate", "ClientContactUpdate")
        for field in ("creator", "editor")
    ],
)
def test_creator_and_editor_are_creators(client_spec: Schema, schema_name: str, field: str) -> None:
    prop = _component(client_spec, schema_name).get("properties", {}).get(field, {})
    assert prop.get("$ref") == "#/components/schemas/Creator"


# ---------------------------------------------------------------------------------------------
# Request bodies (vendor: the create and update tables; design: additionalProperties false,
# partial PATCH, internal fields accepted and ignored)
# ---------------------------------------------------------------------------------------------

CREATE_FIELDS = {
    "name",
    "creator",
    "editor",
    "local_name",
    "phone1",
    "phone2",
    "email",
    "title",
    "extra_info",
    "disabled",
    "media",
    "cover_photo",
    "integration_meta",
    "company_namespace",
}
INTERNAL_FIELDS = {"_id", "createdAt", "updatedAt", "__v"}

REQUEST_FIELDS = [
    # (schema, field, type, format): the vendor's request tables.
    pytest.param(schema, field, type_, format_, id=f"{schema}.{field}")
    for schema in ("ClientContactCreate", "ClientContactUpdate")
    for field, type_, format_ in (
        ("name", "string", None),
        ("local_name", "string", None),
        ("phone1", "string", None),
        ("phone2", "string", None),
        ("email", "string", "email"),
        ("title", "string", None),
        ("extra_info", "string", None),
        ("disabled", "boolean", None),
        ("media", "array", None),
        ("cover_photo", "string", None),
        ("integration_meta", "object", None),
        ("company_namespace", "array", None),
    )
] + [
    pytest.param("ClientContactUpdate", "_id", "string", None, id="ClientContactUpdate._id"),
    pytest.param(
        "ClientContactUpdate",
        "createdAt",
        "string",
        "date-time",
        id="ClientContactUpdate.createdAt",
    ),
    pytest.param(
        "ClientContactUpdate",
        "updatedAt",
        "string",
        "date-time",
        id="ClientContactUpdate.updatedAt",
    ),
    pytest.param("ClientContactUpdate", "__v", "integer", None, id="ClientContactUpdate.__v"),
]


@pytest.mark.parametrize(("schema_name", "field", "type_", "format_"), REQUEST_FIELDS)
def test_request_field_has_its_type(
    client_spec: Schema, schema_name: str, field: str, type_: str, format_: str | None
) -> None:
    prop = _property(client_spec, schema_name, field)
    assert (prop.get("type"), prop.get("format")) == (type_, format_)


@pytest.mark.parametrize(("schema_name", "field", "type_", "format_"), REQUEST_FIELDS)
def test_request_field_is_not_nullable(
    client_spec: Schema, schema_name: str, field: str, type_: str, format_: str | None
) -> None:
    # Design: null is not accepted on create or update.
    assert not _property(client_spec, schema_name, field).get("nullable", False)


@pytest.mark.parametrize(
    ("schema_name", "fields"),
    [
        pytest.param("ClientContactCreate", CREATE_FIELDS, id="ClientContactCreate"),
        pytest.param(
            "ClientContactUpdate", CREATE_FIELDS | INTERNAL_FIELDS, id="ClientContactUpdate"
        ),
    ],
)
def test_request_has_exactly_the_documented_fields(
    client_spec: Schema, schema_name: str, fields: set[str]
) -> None:
    assert set(_component(client_spec, schema_name).get("properties", {})) == fields


@pytest.mark.parametrize(
    "schema_name",
    [pytest.param(p.values[1], id=p.values[1]) for p in REQUEST_BODIES],
)
def test_request_rejects_unknown_properties(client_spec: Schema, schema_name: str) -> None:
    assert _component(client_spec, schema_name).get("additionalProperties") is False


@pytest.mark.parametrize(
    ("schema_name", "required"),
    [
        pytest.param("ClientContactCreate", ["name"], id="ClientContactCreate"),
        pytest.param("ClientContactUpdate", [], id="ClientContactUpdate"),
    ],
)
def test_request_requires_only_name_on_create(
    client_spec: Schema, schema_name: str, required: list[str]
) -> None:
    # Vendor: "name required" on create; design: a PATCH requires nothing.
    assert _component(client_spec, schema_name).get("required", []) == required


@pytest.mark.parametrize(
    "schema_name",
    [pytest.param(p.values[1], id=p.values[1]) for p in REQUEST_BODIES],
)
def test_request_sets_no_defaults(client_spec: Schema, schema_name: str) -> None:
    # Connexion writes a body property's `default` into the request it hands the handler (one
    # shared object for every request), and on a PATCH it would reset the absent fields.
    properties = _component(client_spec, schema_name).get("properties", {})
    defaults = [name for name, prop in properties.items() if "default" in deref(client_spec, prop)]
    assert defaults == []


# ---------------------------------------------------------------------------------------------
# Limits (design, "Limits (ours, x-assumption)" and the list parameters table): (JSON pointer,
# keyword, value). None: the keyword must be absent (no minimum for local_name and title).
# ---------------------------------------------------------------------------------------------


def _limits(schema_name: str) -> list[Any]:
    base = f"/components/schemas/{schema_name}/properties"
    rows = [
        ("name", "minLength", 1),
        ("name", "maxLength", 256),
        ("local_name", "minLength", None),
        ("local_name", "maxLength", 256),
        ("title", "minLength", None),
        ("title", "maxLength", 256),
        ("phone1", "maxLength", 32),
        ("phone2", "maxLength", 32),
        ("email", "maxLength", 254),
        ("extra_info", "maxLength", 4096),
        ("cover_photo", "maxLength", 2048),
        ("media", "maxItems", 50),
        ("media/items", "maxLength", 2048),
        ("company_namespace", "maxItems", 50),
        ("company_namespace/items", "minLength", 1),
        ("company_namespace/items", "maxLength", 128),
    ]
    return [
        pytest.param(f"{base}/{where}", keyword, value, id=f"{schema_name}.{where}.{keyword}")
        for where, keyword, value in rows
    ]


LIMITS = [
    *_limits("ClientContactCreate"),
    *_limits("ClientContactUpdate"),
    pytest.param("/components/parameters/Page/schema", "minimum", 1, id="page.minimum"),
    pytest.param("/components/parameters/Page/schema", "default", 1, id="page.default"),
    pytest.param("/components/parameters/PerPage/schema", "minimum", 1, id="per_page.minimum"),
    pytest.param("/components/parameters/PerPage/schema", "maximum", 100, id="per_page.maximum"),
    pytest.param("/components/parameters/PerPage/schema", "default", 25, id="per_page.default"),
    pytest.param("/components/parameters/Search/schema", "maxLength", 100, id="search.maxLength"),
    pytest.param("/components/parameters/SortBy/schema", "maxItems", 5, id="sortBy.maxItems"),
    pytest.param("/components/parameters/Ids/schema", "maxItems", 100, id="_id.maxItems"),
    pytest.param("/components/parameters/Names/schema", "maxItems", 100, id="name.maxItems"),
    pytest.param(
        "/components/parameters/FromUpdatedAt/schema", "minimum", 0, id="from_updatedAt.minimum"
    ),
    pytest.param(
        "/components/parameters/ToUpdatedAt/schema", "minimum", 0, id="to_updatedAt.minimum"
    ),
    pytest.param("/components/schemas/ObjectId", "pattern", OBJECT_ID, id="ObjectId.pattern"),
    pytest.param(
        "/components/schemas/ClientContact/properties/__v", "minimum", 0, id="__v.minimum"
    ),
]


@pytest.mark.parametrize(("pointer", "keyword", "value"), LIMITS)
def test_limit_holds(client_spec: Schema, pointer: str, keyword: str, value: Any) -> None:
    node = deref(client_spec, at_pointer(client_spec, pointer))
    assert node.get(keyword) == value


# ---------------------------------------------------------------------------------------------
# List parameters (vendor: the list table; design: the list parameters table)
# ---------------------------------------------------------------------------------------------

LIST_PARAMETERS = [
    # (name, the schema's keywords that must hold)
    pytest.param("page", {"type": "integer", "minimum": 1, "default": 1}, id="page"),
    pytest.param(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
        id="per_page",
    ),
    pytest.param("sort", {"type": "string", "default": "-createdAt"}, id="sort"),
    pytest.param("sortBy", {"type": "array", "maxItems": 5}, id="sortBy"),
    pytest.param("search", {"type": "string", "maxLength": 100}, id="search"),
    pytest.param("_id", {"type": "array", "maxItems": 100}, id="_id"),
    pytest.param("name", {"type": "array", "maxItems": 100}, id="name"),
    pytest.param(
        "from_updatedAt",
        {"type": "integer", "format": "int64", "minimum": 0},
        id="from_updatedAt",
    ),
    pytest.param(
        "to_updatedAt", {"type": "integer", "format": "int64", "minimum": 0}, id="to_updatedAt"
    ),
    pytest.param("from__id", {"type": "string", "pattern": OBJECT_ID}, id="from__id"),
    pytest.param("to__id", {"type": "string", "pattern": OBJECT_ID}, id="to__id"),
]


@pytest.mark.parametrize(("name", "expected"), LIST_PARAMETERS)
def test_list_parameter_has_its_schema(
    client_spec: Schema, name: str, expected: dict[str, Any]
) -> None:
    schema = deref(client_spec, _query_parameter(client_spec, name).get("schema", {}))
    assert {key: schema.get(key) for key in expected} == expected


@pytest.mark.parametrize(("name", "expected"), LIST_PARAMETERS)
def test_list_parameter_is_optional(
    client_spec: Schema, name: str, expected: dict[str, Any]
) -> None:
    assert _query_parameter(client_spec, name).get("required", False) is False


def test_list_has_exactly_the_documented_parameters(client_spec: Schema) -> None:
    names = [(p.get("in"), p.get("name")) for p in _parameters(client_spec, "listClientContacts")]
    assert sorted(names) == sorted(("query", p.values[0]) for p in LIST_PARAMETERS)


ARRAY_PARAMETERS = [
    # (name, the items' keywords that must hold)
    pytest.param("_id", {"type": "string", "pattern": OBJECT_ID}, id="_id"),
    pytest.param("name", {"type": "string"}, id="name"),
    pytest.param("sortBy", {"type": "string", "pattern": SORT_BY}, id="sortBy"),
]


@pytest.mark.parametrize(("name", "items"), ARRAY_PARAMETERS)
def test_array_parameter_is_a_repeated_query_key(
    client_spec: Schema, name: str, items: dict[str, Any]
) -> None:
    # Design: `?_id=a&_id=b`, `?sortBy=name:asc&sortBy=createdAt:desc`.
    parameter = _query_parameter(client_spec, name)
    assert (parameter.get("style"), parameter.get("explode")) == ("form", True)


@pytest.mark.parametrize(("name", "items"), ARRAY_PARAMETERS)
def test_array_parameter_items_have_their_schema(
    client_spec: Schema, name: str, items: dict[str, Any]
) -> None:
    schema = deref(client_spec, _query_parameter(client_spec, name).get("schema", {}))
    item_schema = deref(client_spec, schema.get("items", {}))
    assert {key: item_schema.get(key) for key in items} == items


def test_sort_takes_every_sortable_field_both_ways(client_spec: Schema) -> None:
    enum = deref(client_spec, _query_parameter(client_spec, "sort")["schema"]).get("enum", [])
    assert sorted(enum) == sorted([*SORTABLE, *(f"-{field}" for field in SORTABLE)])


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        *(pytest.param(f"{f}:{o}", True, id=f"{f}:{o}") for f in SORTABLE for o in ("asc", "desc")),
        pytest.param("name:ASC", False, id="upper-order"),
        pytest.param("name", False, id="no-order"),
        pytest.param("-name", False, id="sort-syntax"),
        pytest.param("phone1:asc", False, id="unsortable-field"),
        pytest.param("name:asc:desc", False, id="two-orders"),
        pytest.param("name:ascending", False, id="long-order"),
        pytest.param("xname:asc", False, id="prefixed-field"),
    ],
)
def test_sort_by_item_pattern(client_spec: Schema, value: str, valid: bool) -> None:
    schema = deref(client_spec, _query_parameter(client_spec, "sortBy")["schema"])
    pattern = deref(client_spec, schema["items"])["pattern"]
    assert (re.search(pattern, value) is not None) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        pytest.param(VENDOR_ID, True, id="lowercase"),
        pytest.param(VENDOR_ID.upper(), True, id="uppercase"),
        pytest.param(VENDOR_ID[:-1], False, id="23-digits"),
        pytest.param(VENDOR_ID + "2", False, id="25-digits"),
        pytest.param(VENDOR_ID[:-1] + "g", False, id="not-hex"),
        pytest.param("550e8400-e29b-41d4-a716-446655440000", False, id="uuid"),
        pytest.param(" " + VENDOR_ID, False, id="leading-space"),
    ],
)
def test_object_id_pattern(client_spec: Schema, value: str, valid: bool) -> None:
    pattern = _component(client_spec, "ObjectId")["pattern"]
    assert (re.search(pattern, value) is not None) is valid


# ---------------------------------------------------------------------------------------------
# Pagination, envelopes and the error body
# ---------------------------------------------------------------------------------------------

PAGINATION = [
    # (field, minimum): design, "Pagination object"
    pytest.param("page", 1, id="page"),
    pytest.param("per_page", 1, id="per_page"),
    pytest.param("pre_page", 0, id="pre_page"),
    pytest.param("next_page", 0, id="next_page"),
    pytest.param("total", 0, id="total"),
    pytest.param("total_page", 0, id="total_page"),
]


@pytest.mark.parametrize(("field", "minimum"), PAGINATION)
def test_pagination_field_is_a_required_integer(
    client_spec: Schema, field: str, minimum: int
) -> None:
    prop = _property(client_spec, "Pagination", field)
    assert (prop.get("type"), prop.get("minimum")) == ("integer", minimum)
    assert field in _component(client_spec, "Pagination").get("required", [])


def test_pagination_has_exactly_the_documented_fields(client_spec: Schema) -> None:
    fields = {p.values[0] for p in PAGINATION}
    assert set(_component(client_spec, "Pagination").get("properties", {})) == fields


@pytest.mark.parametrize(
    ("schema_name", "fields"),
    [
        pytest.param("ClientContactEnvelope", {"success", "data"}, id="ClientContactEnvelope"),
        pytest.param(
            "ClientContactListEnvelope",
            {"success", "data", "pagination"},
            id="ClientContactListEnvelope",
        ),
        pytest.param("Error", {"success", "message", "errors"}, id="Error"),
    ],
)
def test_body_requires_its_fields(client_spec: Schema, schema_name: str, fields: set[str]) -> None:
    schema = _component(client_spec, schema_name)
    assert set(schema.get("required", [])) == fields
    assert set(schema.get("properties", {})) == fields


@pytest.mark.parametrize(
    ("schema_name", "success"),
    [
        pytest.param("ClientContactEnvelope", True, id="ClientContactEnvelope"),
        pytest.param("ClientContactListEnvelope", True, id="ClientContactListEnvelope"),
        pytest.param("Error", False, id="Error"),
    ],
)
def test_body_success_is_a_constant(client_spec: Schema, schema_name: str, success: bool) -> None:
    prop = _property(client_spec, schema_name, "success")
    assert (prop.get("type"), prop.get("enum")) == ("boolean", [success])


def test_envelope_data_is_a_contact(client_spec: Schema) -> None:
    data = _property(client_spec, "ClientContactEnvelope", "data")
    assert data is _component(client_spec, "ClientContact")


def test_list_envelope_holds_contacts_and_pagination(client_spec: Schema) -> None:
    data = _property(client_spec, "ClientContactListEnvelope", "data")
    assert data.get("type") == "array"
    assert deref(client_spec, data.get("items", {})) is _component(client_spec, "ClientContact")
    pagination = _property(client_spec, "ClientContactListEnvelope", "pagination")
    assert pagination is _component(client_spec, "Pagination")


def test_error_lists_strings_and_nothing_else(client_spec: Schema) -> None:
    error = _component(client_spec, "Error")
    assert error.get("additionalProperties") is False
    assert _property(client_spec, "Error", "message").get("type") == "string"
    errors = _property(client_spec, "Error", "errors")
    assert errors.get("type") == "array"
    assert deref(client_spec, errors.get("items", {})).get("type") == "string"


# ---------------------------------------------------------------------------------------------
# What the schemas accept and reject: instances against the component they must satisfy
# ---------------------------------------------------------------------------------------------

ADMIN = {"_id": VENDOR_ID, "username": "admin_user", "name": "Admin User", "type": "admin"}
REP = {"_id": "64b7f0a1c2d3e4f5a6b7c901", "username": "r", "name": "R", "type": "rep"}
CONTACT = {
    "_id": VENDOR_ID,
    "creator": ADMIN,
    "editor": REP,
    "name": "John Smith",
    "disabled": False,
    "media": [],
    "company_namespace": [],
    "createdAt": "2023-01-15T10:30:00.000Z",
    "updatedAt": "2023-01-15T10:30:00.000Z",
    "__v": 0,
}
INTERNAL = {
    "_id": VENDOR_ID,
    "createdAt": "2023-01-15T10:30:00.000Z",
    "updatedAt": "2023-01-15T10:30:00.000Z",
    "__v": 3,
}


def _instance(schema_name: str, instance: Any, valid: bool, id_: str) -> Any:
    return pytest.param(schema_name, instance, valid, id=f"{schema_name}.{id_}")


INSTANCES = [
    _instance("ClientContactCreate", {"name": "John Smith"}, True, "name-only"),
    _instance("ClientContactCreate", {"title": "CTO"}, False, "no-name"),
    _instance("ClientContactCreate", {"name": ""}, False, "empty-name"),
    _instance("ClientContactCreate", {"name": "x" * 256}, True, "name-256"),
    _instance("ClientContactCreate", {"name": "x" * 257}, False, "name-257"),
    _instance("ClientContactCreate", {"name": "a", "local_name": ""}, True, "empty-local-name"),
    _instance("ClientContactCreate", {"name": "a", "local_name": None}, False, "null-local-name"),
    _instance("ClientContactCreate", {"name": "a", "email": "nobody"}, False, "bad-email"),
    _instance("ClientContactCreate", {"name": "a", "media": ["m"] * 51}, False, "51-media"),
    _instance("ClientContactCreate", {"name": "a", "company_namespace": [""]}, False, "empty-ns"),
    _instance("ClientContactCreate", {"name": "a", "organizationId": "o"}, False, "unknown-field"),
    _instance("ClientContactCreate", {"name": "a", "_id": VENDOR_ID}, False, "internal-field"),
    _instance("ClientContactCreate", {"name": "a", "creator": REP}, True, "rep-creator"),
    _instance(
        "ClientContactCreate",
        {"name": "a", "creator": {**REP, "type": "boss"}},
        False,
        "unknown-creator-type",
    ),
    _instance(
        "ClientContactCreate",
        {"name": "a", "editor": {k: v for k, v in ADMIN.items() if k != "username"}},
        False,
        "creator-without-username",
    ),
    _instance(
        "ClientContactCreate",
        {"name": "a", "editor": {**ADMIN, "email": "a@b.c"}},
        False,
        "creator-extra-field",
    ),
    _instance(
        "ClientContactCreate",
        {"name": "a", "integration_meta": {"external_id": "c", "nested": {"n": [1]}}},
        True,
        "free-form-integration-meta",
    ),
    _instance("ClientContactUpdate", {}, True, "empty"),
    _instance("ClientContactUpdate", INTERNAL, True, "internal-fields"),
    _instance("ClientContactUpdate", {"name": None}, False, "null-name"),
    _instance("ClientContactUpdate", {"name": ""}, False, "empty-name"),
    _instance("ClientContactUpdate", {"disabled": "yes"}, False, "string-disabled"),
    _instance("ClientContactUpdate", {"deletedAt": "x"}, False, "unknown-field"),
    _instance("ClientContact", CONTACT, True, "minimal"),
    _instance("ClientContact", {**CONTACT, "cover_photo": "https://c/p.jpg"}, True, "cover"),
    *(
        _instance("ClientContact", {k: v for k, v in CONTACT.items() if k != field}, False, field)
        for field in ("media", "company_namespace", "disabled", "__v", "editor")
    ),
    _instance("ClientContact", {**CONTACT, "organizationId": "o"}, False, "organization"),
    _instance("ClientContact", {**CONTACT, "local_name": None}, False, "null-local-name"),
    _instance("ClientContact", {**CONTACT, "_id": VENDOR_ID.upper()}, False, "uppercase-id"),
    _instance(
        "ClientContact", {**CONTACT, "createdAt": "2023-01-15T10:30:00Z"}, False, "no-millis"
    ),
    _instance("ClientContact", {**CONTACT, "__v": -1}, False, "negative-version"),
    _instance("Error", {"success": False, "message": "m", "errors": []}, True, "minimal"),
    _instance("Error", {"success": False, "message": "m"}, False, "no-errors"),
    _instance("Error", {"success": True, "message": "m", "errors": []}, False, "success"),
    _instance(
        "Error",
        {"success": False, "message": "m", "errors": [], "statusCode": 400},
        False,
        "nest-field",
    ),
    _instance("Error", {"success": False, "message": ["m"], "errors": []}, False, "list-message"),
    _instance("ClientContactEnvelope", {"success": True, "data": CONTACT}, True, "contact"),
    _instance("ClientContactEnvelope", {"success": False, "data": CONTACT}, False, "failure"),
]


@pytest.mark.parametrize(("schema_name", "instance", "valid"), INSTANCES)
def test_schema_accepts_or_rejects_instance(
    client_spec: Schema, schema_name: str, instance: Any, valid: bool
) -> None:
    errors = violations(client_spec, _component(client_spec, schema_name), instance)
    assert (errors == []) is valid, errors


# ---------------------------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------------------------


DOCUMENTED_EXAMPLES = [
    # (operation, "requestBody" or a response status): the vendor document shows an example.
    pytest.param("listClientContacts", "200", id="list.200"),
    pytest.param("createClientContact", "requestBody", id="create.requestBody"),
    pytest.param("createClientContact", "201", id="create.201"),
    pytest.param("getClientContact", "200", id="get.200"),
    pytest.param("updateClientContact", "requestBody", id="update.requestBody"),
    pytest.param("updateClientContact", "200", id="update.200"),
    pytest.param("deleteClientContact", "200", id="delete.200"),
]


def _documented_example(document: Schema, operation_id: str, where: str) -> Any:
    """The value of the named example `documented` of a request body or response."""
    _, _, operation = _operation(document, operation_id)
    holder = operation.get("requestBody") if where == "requestBody" else None
    if holder is None:
        holder = _responses(document, operation_id).get(where, {})
    media = deref(document, holder).get("content", {}).get("application/json", {})
    examples = media.get("examples", {})
    assert "documented" in examples, f"{operation_id} {where} has no example named documented"
    return deref(document, examples["documented"])["value"]


@pytest.mark.parametrize(("operation_id", "where"), DOCUMENTED_EXAMPLES)
def test_documented_example_is_the_vendors(
    client_spec: Schema, operation_id: str, where: str
) -> None:
    value = _documented_example(client_spec, operation_id, where)
    contact = value if where == "requestBody" else value["data"]
    contact = contact[0] if isinstance(contact, list) else contact
    # Every example of the document is John Smith, created by the same admin user.
    assert contact["name"].startswith("John Smith")
    assert contact["creator"] == ADMIN
    assert contact["company_namespace"] == ["company1"]


VENDOR_VALUES = [
    # (operation, where, pointer into the documented example, the document's value)
    pytest.param(
        "listClientContacts",
        "200",
        "/pagination",
        {"page": 1, "per_page": 25, "pre_page": 0, "next_page": 2, "total": 100, "total_page": 4},
        id="list.pagination",
    ),
    pytest.param("listClientContacts", "200", "/data/0/_id", VENDOR_ID, id="list.id"),
    pytest.param(
        "createClientContact",
        "requestBody",
        "/integration_meta",
        {"external_id": "contact_123"},
        id="create.integration_meta",
    ),
    pytest.param(
        "createClientContact", "requestBody", "/local_name", "جون سميث", id="create.local_name"
    ),
    pytest.param(
        "updateClientContact", "requestBody", "/name", "John Smith Updated", id="update.name"
    ),
    pytest.param(
        "updateClientContact",
        "requestBody",
        "/integration_meta",
        {"external_id": "contact_123", "sync_status": "updated"},
        id="update.integration_meta",
    ),
    pytest.param("updateClientContact", "requestBody", "/__v", 0, id="update.__v"),
    pytest.param(
        "getClientContact", "200", "/data/createdAt", "2023-01-15T10:30:00.000Z", id="get.createdAt"
    ),
    pytest.param("getClientContact", "200", "/data/__v", 0, id="get.__v"),
]


@pytest.mark.parametrize(("operation_id", "where", "pointer", "expected"), VENDOR_VALUES)
def test_documented_example_holds_the_vendors_value(
    client_spec: Schema, operation_id: str, where: str, pointer: str, expected: Any
) -> None:
    value = _documented_example(client_spec, operation_id, where)
    assert at_pointer(value, pointer) == expected


# ---------------------------------------------------------------------------------------------
# Marked decisions: pointers that must carry `x-assumption: true` (a `$ref` met on the way or
# at the end is followed, so a pointer may name the place of use while the marker sits on the
# shared component), and vendor facts that must not.
# ---------------------------------------------------------------------------------------------

_CREATE = "/components/schemas/ClientContactCreate"
_UPDATE = "/components/schemas/ClientContactUpdate"
_LIMITED = [
    "name",
    "local_name",
    "phone1",
    "phone2",
    "email",
    "title",
    "extra_info",
    "media",
    "cover_photo",
    "company_namespace",
]
ASSUMPTION_POINTERS = [
    # Paths, methods and statuses of every operation:
    "/paths/~1client-contacts/get",
    "/paths/~1client-contacts/post",
    "/paths/~1client-contacts~1{id}/get",
    "/paths/~1client-contacts~1{id}/patch",
    "/paths/~1client-contacts~1{id}/delete",
    # Auth, errors, the whole-API decisions:
    "/info",
    "/components/securitySchemes/ClientApiKey",
    "/components/schemas/Error",
    "/paths/~1client-contacts/get/responses/400",
    "/paths/~1client-contacts/get/responses/401",
    "/paths/~1client-contacts~1{id}/get/responses/404",
    "/paths/~1client-contacts/post/responses/413",
    "/paths/~1client-contacts/post/responses/415",
    # Ids, timestamps, creators, the rendered contact:
    "/paths/~1client-contacts~1{id}/parameters/0",
    "/components/schemas/ObjectId",
    "/components/schemas/Timestamp",
    "/components/schemas/Creator",
    "/components/schemas/AdminCreator",
    "/components/schemas/RepCreator",
    "/components/schemas/ClientCreator",
    "/components/schemas/ClientContact",
    "/components/schemas/ClientContact/properties/_id",
    "/components/schemas/ClientContact/properties/createdAt",
    "/components/schemas/ClientContact/properties/__v",
    "/components/schemas/Pagination",
    # Request bodies and their limits:
    _CREATE,
    _UPDATE,
    *(f"{schema}/properties/{field}" for schema in (_CREATE, _UPDATE) for field in _LIMITED),
    # The list parameters:
    *(f"/components/parameters/{name}" for name in ("Page", "PerPage", "Sort", "SortBy")),
    *(f"/components/parameters/{name}" for name in ("Search", "Ids", "Names")),
    *(f"/components/parameters/{name}" for name in ("FromUpdatedAt", "ToUpdatedAt")),
    *(f"/components/parameters/{name}" for name in ("FromId", "ToId")),
]


@pytest.mark.parametrize("pointer", [pytest.param(p, id=p) for p in ASSUMPTION_POINTERS])
def test_decision_is_marked_as_assumption(client_spec: Schema, pointer: str) -> None:
    node = at_pointer(client_spec, pointer)
    marked = node.get("x-assumption") is True or deref(client_spec, node).get("x-assumption")
    assert marked is True, f"{pointer} carries no x-assumption: true"


VENDOR_FACTS = [
    # The document gives these; a marker would send a contract failure the wrong way.
    "/components/schemas/ClientContactEnvelope",
    "/components/schemas/ClientContactListEnvelope",
    "/components/schemas/ClientContact/properties/name",
    "/components/schemas/ClientContact/properties/email",
    f"{_CREATE}/properties/disabled",
    f"{_CREATE}/properties/integration_meta",
    f"{_UPDATE}/properties/__v",
    # Where the vendor's server lives: no behaviour a server could break, so no check could
    # test a marker there (the user gives --base-url).
    "/servers/1",
]


@pytest.mark.parametrize("pointer", [pytest.param(p, id=p) for p in VENDOR_FACTS])
def test_vendor_fact_is_not_marked(client_spec: Schema, pointer: str) -> None:
    assert "x-assumption" not in at_pointer(client_spec, pointer)


# ---------------------------------------------------------------------------------------------
# Connexion 3.3 routes and validates from the document as the design says (the mock relies on
# it): handlers that record their arguments stand in for the mock's.
# ---------------------------------------------------------------------------------------------

KEY = "test-key"


class _KeyHandler(ApiKeySecurityHandler):
    def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
        return lambda key: {"sub": key} if key == KEY else None


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.resolved: set[str] = set()

    def handler(self, operation_id: str) -> Any:
        self.resolved.add(operation_id)

        def record(**kwargs: Any) -> tuple[dict[str, Any], int]:
            kwargs.pop("user", None)
            kwargs.pop("token_info", None)
            self.calls.append((operation_id, kwargs))
            return {"success": True}, 200

        return record


@pytest.fixture(scope="module")
def recorder() -> _Recorder:
    return _Recorder()


@pytest.fixture(scope="module")
def connexion_client(recorder: _Recorder) -> Iterator[Any]:
    app = connexion.AsyncApp(__name__)
    app.add_api(
        SPEC_PATH,
        resolver=Resolver(function_resolver=recorder.handler),
        security_map={"apiKey": _KeyHandler},
    )
    with app.test_client(headers={"api-key": KEY}) as client:
        yield client


def _call(client: Any, recorder: _Recorder, method: str, url: str, body: Any = None) -> Any:
    recorder.calls.clear()
    kwargs = {} if body is None else {"json": body}
    response = client.request(method, url, **kwargs)
    return response, recorder.calls[-1] if recorder.calls else None


def test_connexion_resolves_every_operation(connexion_client: Any, recorder: _Recorder) -> None:
    connexion_client.get("/openapi.json")
    assert recorder.resolved == OPERATION_IDS


ROUTES = [
    pytest.param("GET", LIST, None, "listClientContacts", id="list"),
    pytest.param("POST", LIST, {"name": "John Smith"}, "createClientContact", id="create"),
    pytest.param("GET", f"{LIST}/{VENDOR_ID}", None, "getClientContact", id="get"),
    pytest.param("PATCH", f"{LIST}/{VENDOR_ID}", {}, "updateClientContact", id="update"),
    pytest.param("DELETE", f"{LIST}/{VENDOR_ID}", None, "deleteClientContact", id="delete"),
    pytest.param(
        "GET", f"{LIST}/{VENDOR_ID.upper()}", None, "getClientContact", id="get-uppercase-id"
    ),
]


@pytest.mark.parametrize(("method", "url", "body", "operation_id"), ROUTES)
def test_connexion_routes_request_to_operation(
    connexion_client: Any,
    recorder: _Recorder,
    method: str,
    url: str,
    body: Any,
    operation_id: str,
) -> None:
    response, call = _call(connexion_client, recorder, method, url, body)
    assert response.status_code == 200, response.text
    assert call is not None
    assert call[0] == operation_id


LIST_ARGUMENTS = [
    # (query string, arguments the handler must receive besides the defaults)
    pytest.param("", {}, id="defaults"),
    pytest.param(f"_id={VENDOR_ID}", {"_id": [VENDOR_ID]}, id="one-id-is-a-list"),
    pytest.param(
        f"_id={VENDOR_ID}&_id={VENDOR_ID.upper()}",
        {"_id": [VENDOR_ID, VENDOR_ID.upper()]},
        id="repeated-ids",
    ),
    pytest.param("name=John%20Smith", {"name": ["John Smith"]}, id="one-name-is-a-list"),
    pytest.param(
        "sortBy=name:asc&sortBy=createdAt:desc",
        {"sortBy": ["name:asc", "createdAt:desc"]},
        id="repeated-sortBy",
    ),
    pytest.param(
        "from_updatedAt=1673778600000&to_updatedAt=0",
        {"from_updatedAt": 1673778600000, "to_updatedAt": 0},
        id="millisecond-integers",
    ),
    pytest.param(
        f"page=3&per_page=100&sort=name&search=smith&from__id={VENDOR_ID}",
        {"page": 3, "per_page": 100, "sort": "name", "search": "smith", "from__id": VENDOR_ID},
        id="scalars",
    ),
]


@pytest.mark.parametrize(("query", "expected"), LIST_ARGUMENTS)
def test_connexion_hands_the_list_its_parameters(
    connexion_client: Any, recorder: _Recorder, query: str, expected: dict[str, Any]
) -> None:
    response, call = _call(connexion_client, recorder, "GET", f"{LIST}?{query}")
    assert response.status_code == 200, response.text
    assert call is not None
    assert call[1] == {"page": 1, "per_page": 25, "sort": "-createdAt", **expected}


REJECTED = [
    # (method, url, body): Connexion answers 400 before any handler runs.
    pytest.param("GET", f"{LIST}?page=0", None, id="page-0"),
    pytest.param("GET", f"{LIST}?per_page=101", None, id="per_page-101"),
    pytest.param("GET", f"{LIST}?per_page=0", None, id="per_page-0"),
    pytest.param("GET", f"{LIST}?sort=phone1", None, id="sort-unsortable"),
    pytest.param("GET", f"{LIST}?sortBy=name:up", None, id="sortBy-bad-order"),
    pytest.param("GET", f"{LIST}?{'&'.join(['sortBy=name:asc'] * 6)}", None, id="sortBy-6"),
    pytest.param("GET", f"{LIST}?search={'x' * 101}", None, id="search-101"),
    pytest.param("GET", f"{LIST}?_id=123", None, id="_id-malformed"),
    pytest.param("GET", f"{LIST}?from_updatedAt=-1", None, id="from_updatedAt-negative"),
    pytest.param("GET", f"{LIST}?to_updatedAt=yesterday", None, id="to_updatedAt-text"),
    pytest.param("GET", f"{LIST}?to__id=zz", None, id="to__id-malformed"),
    pytest.param("GET", f"{LIST}/{VENDOR_ID[:-1]}", None, id="get-short-id"),
    pytest.param("DELETE", f"{LIST}/{VENDOR_ID}0", None, id="delete-long-id"),
    pytest.param("POST", LIST, {"title": "CTO"}, id="create-without-name"),
    pytest.param("POST", LIST, {"name": "a", "organizationId": "o"}, id="create-unknown-field"),
    pytest.param(
        "POST", LIST, {"name": "a", "creator": {**ADMIN, "type": "boss"}}, id="create-bad-creator"
    ),
    pytest.param("PATCH", f"{LIST}/{VENDOR_ID}", {"name": None}, id="update-null"),
    pytest.param("PATCH", f"{LIST}/{VENDOR_ID}", {"name": "x" * 257}, id="update-long-name"),
]


@pytest.mark.parametrize(("method", "url", "body"), REJECTED)
def test_connexion_rejects_invalid_request(
    connexion_client: Any, recorder: _Recorder, method: str, url: str, body: Any
) -> None:
    response, call = _call(connexion_client, recorder, method, url, body)
    assert response.status_code == 400, response.text
    assert call is None


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"api-key": ""}, id="empty-key"),
        pytest.param({"api-key": "unknown"}, id="unknown-key"),
        pytest.param({"api-key": "", "x-api-key": KEY}, id="gomobile-header"),
    ],
)
def test_connexion_requires_the_api_key_header(
    connexion_client: Any, recorder: _Recorder, headers: dict[str, str]
) -> None:
    recorder.calls.clear()
    response = connexion_client.get(LIST, headers=headers)
    assert response.status_code == 401, response.text
    assert recorder.calls == []


def test_connexion_passes_the_update_body_untouched(
    connexion_client: Any, recorder: _Recorder
) -> None:
    # A PATCH of `{}` must reach the handler as `{}` (no defaults filled in).
    response, call = _call(connexion_client, recorder, "PATCH", f"{LIST}/{VENDOR_ID}", {})
    assert response.status_code == 200, response.text
    assert call == ("updateClientContact", {"id": VENDOR_ID, "body": {}})
