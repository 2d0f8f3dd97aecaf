"""The spec holds every field, limit and operation of the vendor documents.

Every table in this module is copied from the vendor documents (`vendor-docs/000` contacts
types, `001` create-contact reference, `002` audiences, `004` contacts guide), NOT from
`openapi/gomobile.yaml`: an edit of the spec that drifts from the documents fails here. Where a
row rests on a project decision (issue 2) rather than on a document, its comment says so.
"""

from typing import Any

import pytest

Schema = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# A tiny resolver: local `$ref`s and `allOf` merged into one schema, enough to read limits.
# ---------------------------------------------------------------------------------------------


def _at_pointer(document: Schema, ref: str) -> Any:
    assert ref.startswith("#/"), f"only local references are expected, got {ref!r}"
    node: Any = document
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _deref(document: Schema, node: Schema) -> Schema:
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        assert ref not in seen, f"circular $ref {ref}"
        seen.add(ref)
        node = _at_pointer(document, ref)
    return node


def _merge_into(target: Schema, source: Schema) -> None:
    """Merge `source` into `target` as `allOf` would combine them (the stricter limit wins)."""
    for key, value in source.items():
        if key not in target:
            target[key] = value
        elif key == "properties":
            properties = dict(target[key])
            for name, subschema in value.items():
                previous = properties.get(name)
                properties[name] = (
                    subschema if previous is None else {"allOf": [previous, subschema]}
                )
            target[key] = properties
        elif key == "required":
            target[key] = [*target[key], *(name for name in value if name not in target[key])]
        elif key in ("minLength", "minimum", "minItems"):
            target[key] = max(target[key], value)
        elif key in ("maxLength", "maximum", "maxItems"):
            target[key] = min(target[key], value)
        elif key == "enum":
            target[key] = [item for item in target[key] if item in value]
        elif key == "nullable":
            target[key] = bool(target[key]) or bool(value)


def _flatten(document: Schema, node: Schema) -> Schema:
    node = _deref(document, node)
    if "allOf" not in node:
        return node
    merged: Schema = {}
    own = {key: value for key, value in node.items() if key != "allOf"}
    for part in [*node["allOf"], own]:
        _merge_into(merged, _flatten(document, part))
    return merged


def _component(document: Schema, name: str) -> Schema:
    schemas = document.get("components", {}).get("schemas", {})
    assert name in schemas, f"components/schemas/{name} is missing"
    return _flatten(document, schemas[name])


def _property(document: Schema, schema_name: str, field: str) -> Schema:
    properties = _component(document, schema_name).get("properties", {})
    assert field in properties, f"{schema_name} has no property {field!r}"
    return _flatten(document, properties[field])


def _required(document: Schema, schema_name: str) -> list[str]:
    return list(_component(document, schema_name).get("required", []))


def _operation(document: Schema, operation_id: str) -> tuple[str, str, Schema]:
    for path, path_item in document.get("paths", {}).items():
        for method, operation in path_item.items():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return path, method, operation
    raise AssertionError(f"no operation has operationId {operation_id!r}")


def _query_parameter(document: Schema, operation_id: str, name: str) -> Schema:
    path, _, operation = _operation(document, operation_id)
    inherited = document["paths"][path].get("parameters", [])
    parameters = [_deref(document, p) for p in [*inherited, *operation.get("parameters", [])]]
    matches = [p for p in parameters if p.get("name") == name and p.get("in") == "query"]
    assert matches, f"{operation_id} has no query parameter {name!r}"
    return matches[-1]  # operation-level parameters override path-level ones


def _json_schema_of(document: Schema, holder: Schema) -> Schema:
    """The `application/json` schema of a request body or response object."""
    content = _deref(document, holder).get("content", {})
    assert "application/json" in content, "no application/json content"
    schema: Schema = content["application/json"]["schema"]
    return schema


# ---------------------------------------------------------------------------------------------
# Request bodies: string limits (000: "// 2-64 characters"; 002: "// max 256 characters" ...)
# min_length None: the documents state no minimum, so the spec must not impose one.
# ---------------------------------------------------------------------------------------------

STRING_LIMITS = [
    # 000 CreateContactRequest; 001 and 004: primaryPhone is the only required field.
    pytest.param("CreateContactRequest", "firstName", 2, 64, False, id="CreateContact.firstName"),
    pytest.param("CreateContactRequest", "lastName", 1, 64, False, id="CreateContact.lastName"),
    pytest.param("CreateContactRequest", "fullName", 3, 64, False, id="CreateContact.fullName"),
    pytest.param(
        "CreateContactRequest", "primaryPhone", 3, 20, True, id="CreateContact.primaryPhone"
    ),
    pytest.param("CreateContactRequest", "address", 3, 256, False, id="CreateContact.address"),
    pytest.param("CreateContactRequest", "city", 3, 64, False, id="CreateContact.city"),
    pytest.param("CreateContactRequest", "state", 3, 64, False, id="CreateContact.state"),
    pytest.param("CreateContactRequest", "zip", 3, 64, False, id="CreateContact.zip"),
    pytest.param("CreateContactRequest", "occupation", 3, 64, False, id="CreateContact.occupation"),
    pytest.param(
        "CreateContactRequest",
        "preferredChannel",
        3,
        64,
        False,
        id="CreateContact.preferredChannel",
    ),
    # 000 UpdateContactRequest: the same limits, every field optional.
    pytest.param("UpdateContactRequest", "firstName", 2, 64, False, id="UpdateContact.firstName"),
    pytest.param("UpdateContactRequest", "lastName", 1, 64, False, id="UpdateContact.lastName"),
    pytest.param("UpdateContactRequest", "fullName", 3, 64, False, id="UpdateContact.fullName"),
    pytest.param(
        "UpdateContactRequest", "primaryPhone", 3, 20, False, id="UpdateContact.primaryPhone"
    ),
    pytest.param("UpdateContactRequest", "address", 3, 256, False, id="UpdateContact.address"),
    pytest.param("UpdateContactRequest", "city", 3, 64, False, id="UpdateContact.city"),
    pytest.param("UpdateContactRequest", "state", 3, 64, False, id="UpdateContact.state"),
    pytest.param("UpdateContactRequest", "zip", 3, 64, False, id="UpdateContact.zip"),
    pytest.param("UpdateContactRequest", "occupation", 3, 64, False, id="UpdateContact.occupation"),
    pytest.param(
        "UpdateContactRequest",
        "preferredChannel",
        3,
        64,
        False,
        id="UpdateContact.preferredChannel",
    ),
    # 002 CreateAudienceRequest / UpdateAudienceRequest.
    pytest.param("CreateAudienceRequest", "name", 3, 64, True, id="CreateAudience.name"),
    pytest.param(
        "CreateAudienceRequest", "description", None, 256, False, id="CreateAudience.description"
    ),
    pytest.param("UpdateAudienceRequest", "name", 3, 64, False, id="UpdateAudience.name"),
    pytest.param(
        "UpdateAudienceRequest", "description", 1, 256, False, id="UpdateAudience.description"
    ),
]


@pytest.mark.parametrize(
    ("schema_name", "field", "min_length", "max_length", "required"), STRING_LIMITS
)
def test_string_field_has_documented_length(
    gomobile_spec: Schema,
    schema_name: str,
    field: str,
    min_length: int | None,
    max_length: int,
    required: bool,
) -> None:
    prop = _property(gomobile_spec, schema_name, field)
    assert prop.get("type") == "string"
    assert (prop.get("minLength") or None, prop.get("maxLength")) == (min_length, max_length)


@pytest.mark.parametrize(
    ("schema_name", "field", "min_length", "max_length", "required"), STRING_LIMITS
)
def test_string_field_has_documented_requiredness(
    gomobile_spec: Schema,
    schema_name: str,
    field: str,
    min_length: int | None,
    max_length: int,
    required: bool,
) -> None:
    assert (field in _required(gomobile_spec, schema_name)) is required


@pytest.mark.parametrize(
    "schema_name",
    [
        pytest.param("CreateContactRequest", id="CreateContactRequest"),
        # 000 says "valid email" on create only; issue 2 / the brief apply the same limits to
        # update (an update must not be a way around create's validation).
        pytest.param("UpdateContactRequest", id="UpdateContactRequest"),
    ],
)
def test_primary_email_has_email_format(gomobile_spec: Schema, schema_name: str) -> None:
    prop = _property(gomobile_spec, schema_name, "primaryEmail")
    assert (prop.get("type"), prop.get("format")) == ("string", "email")


@pytest.mark.parametrize(
    "schema_name",
    [
        pytest.param("CreateContactRequest", id="CreateContactRequest"),
        pytest.param("UpdateContactRequest", id="UpdateContactRequest"),
        pytest.param("ContactResponse", id="ContactResponse"),
    ],
)
def test_gender_is_male_or_female(gomobile_spec: Schema, schema_name: str) -> None:
    # 000: type Gender = 'male' | 'female' (a null in the enum only serves `nullable`).
    enum = _property(gomobile_spec, schema_name, "gender").get("enum", [])
    assert {value for value in enum if value is not None} == {"male", "female"}


CONTACT_REQUEST_FIELDS = {
    "firstName",
    "lastName",
    "fullName",
    "primaryEmail",
    "primaryPhone",
    "address",
    "city",
    "state",
    "zip",
    "occupation",
    "preferredChannel",
    "customAttributes",
    "gender",
    "channels",
}

REQUEST_SCHEMAS = [
    pytest.param("CreateContactRequest", CONTACT_REQUEST_FIELDS, id="CreateContactRequest"),
    pytest.param("UpdateContactRequest", CONTACT_REQUEST_FIELDS, id="UpdateContactRequest"),
    pytest.param("UpsertContactRequest", {"data"}, id="UpsertContactRequest"),
    pytest.param("CreateAudienceRequest", {"name", "description"}, id="CreateAudienceRequest"),
    pytest.param("UpdateAudienceRequest", {"name", "description"}, id="UpdateAudienceRequest"),
    pytest.param("AddContactsRequest", {"contacts"}, id="AddContactsRequest"),
]


@pytest.mark.parametrize(("schema_name", "fields"), REQUEST_SCHEMAS)
def test_request_schema_has_exactly_the_documented_fields(
    gomobile_spec: Schema, schema_name: str, fields: set[str]
) -> None:
    assert set(_component(gomobile_spec, schema_name).get("properties", {})) == fields


@pytest.mark.parametrize(("schema_name", "fields"), REQUEST_SCHEMAS)
def test_request_schema_rejects_unknown_properties(
    gomobile_spec: Schema, schema_name: str, fields: set[str]
) -> None:
    assert _component(gomobile_spec, schema_name).get("additionalProperties") is False


@pytest.mark.parametrize(
    "schema_name",
    [
        pytest.param("CreateContactRequest", id="CreateContactRequest"),
        pytest.param("UpdateContactRequest", id="UpdateContactRequest"),
    ],
)
def test_request_custom_attributes_is_an_object(gomobile_spec: Schema, schema_name: str) -> None:
    # 000: customAttributes?: Record<string, unknown>
    prop = _property(gomobile_spec, schema_name, "customAttributes")
    assert prop.get("type") == "object"


@pytest.mark.parametrize(
    "schema_name",
    [
        pytest.param("CreateContactRequest", id="CreateContactRequest"),
        pytest.param("UpdateContactRequest", id="UpdateContactRequest"),
    ],
)
def test_request_channels_is_an_array_of_strings(gomobile_spec: Schema, schema_name: str) -> None:
    # 000: channels?: string[] on both request types.
    prop = _property(gomobile_spec, schema_name, "channels")
    assert prop.get("type") == "array"
    assert _flatten(gomobile_spec, prop.get("items", {})).get("type") == "string"


def test_upsert_data_is_a_required_array_of_create_contact_requests(gomobile_spec: Schema) -> None:
    # 000: interface UpsertContactRequest { data: CreateContactRequest[] }
    data = _property(gomobile_spec, "UpsertContactRequest", "data")
    assert data.get("type") == "array"
    create = gomobile_spec["components"]["schemas"]["CreateContactRequest"]
    assert _deref(gomobile_spec, data.get("items", {})) is create
    assert "data" in _required(gomobile_spec, "UpsertContactRequest")


def test_add_contacts_is_a_required_array_of_uuids(gomobile_spec: Schema) -> None:
    # 002: interface AddContactsRequest { contacts: string[] } // Array of contact UUIDs
    contacts = _property(gomobile_spec, "AddContactsRequest", "contacts")
    assert contacts.get("type") == "array"
    items = _flatten(gomobile_spec, contacts.get("items", {}))
    assert (items.get("type"), items.get("format")) == ("string", "uuid")
    assert "contacts" in _required(gomobile_spec, "AddContactsRequest")


# ---------------------------------------------------------------------------------------------
# Query parameters of the three lists (000 ContactQueryParams, 002 AudienceQueryParams and
# AudienceContactsQueryParams). Enums are compared as sets. The documents say "min: 1" for page
# and "max: 100" for limit; limit's minimum 1 and search's 100 on the audience lists are
# issue 2's decisions ("limit 1..100, search max 100").
# ---------------------------------------------------------------------------------------------

PAGE = {"type": "integer", "minimum": 1, "default": 1}
LIMIT = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
SEARCH = {"type": "string", "maxLength": 100}
SORT_ORDER = {"type": "string", "enum": {"asc", "desc"}, "default": "desc"}


def _sort_by(*fields: str) -> dict[str, Any]:
    return {"type": "string", "enum": set(fields), "default": "createdAt"}


QUERY_PARAMETERS = [
    pytest.param("listContacts", "page", PAGE, id="listContacts.page"),
    pytest.param("listContacts", "limit", LIMIT, id="listContacts.limit"),
    pytest.param("listContacts", "search", SEARCH, id="listContacts.search"),
    pytest.param(
        "listContacts",
        "sortBy",
        _sort_by("firstName", "lastName", "primaryPhone", "primaryEmail", "createdAt"),
        id="listContacts.sortBy",
    ),
    pytest.param("listContacts", "sortOrder", SORT_ORDER, id="listContacts.sortOrder"),
    pytest.param("listAudiences", "page", PAGE, id="listAudiences.page"),
    pytest.param("listAudiences", "limit", LIMIT, id="listAudiences.limit"),
    pytest.param("listAudiences", "search", SEARCH, id="listAudiences.search"),
    pytest.param(
        "listAudiences",
        "sortBy",
        _sort_by("name", "createdAt", "updatedAt"),
        id="listAudiences.sortBy",
    ),
    pytest.param("listAudiences", "sortOrder", SORT_ORDER, id="listAudiences.sortOrder"),
    pytest.param("listAudienceContacts", "page", PAGE, id="listAudienceContacts.page"),
    pytest.param("listAudienceContacts", "limit", LIMIT, id="listAudienceContacts.limit"),
    pytest.param("listAudienceContacts", "search", SEARCH, id="listAudienceContacts.search"),
    pytest.param(
        "listAudienceContacts",
        "sortBy",
        _sort_by("firstName", "lastName", "primaryPhone", "createdAt"),
        id="listAudienceContacts.sortBy",
    ),
    pytest.param(
        "listAudienceContacts", "sortOrder", SORT_ORDER, id="listAudienceContacts.sortOrder"
    ),
]


@pytest.mark.parametrize(("operation_id", "name", "expected"), QUERY_PARAMETERS)
def test_query_parameter_has_documented_bounds_and_default(
    gomobile_spec: Schema, operation_id: str, name: str, expected: dict[str, Any]
) -> None:
    parameter = _query_parameter(gomobile_spec, operation_id, name)
    schema = _flatten(gomobile_spec, parameter.get("schema", {}))
    actual = {key: schema.get(key) for key in expected}
    if "enum" in actual:
        actual["enum"] = set(actual["enum"] or [])
    assert actual == expected


@pytest.mark.parametrize(("operation_id", "name", "expected"), QUERY_PARAMETERS)
def test_query_parameter_is_optional(
    gomobile_spec: Schema, operation_id: str, name: str, expected: dict[str, Any]
) -> None:
    assert _query_parameter(gomobile_spec, operation_id, name).get("required", False) is False


# ---------------------------------------------------------------------------------------------
# Response schemas: (schema, field, type, nullable, required).
# type None: the documents allow any JSON value, so the spec must not restrict it.
# nullable/required None: the documents disagree or are silent; that column is not checked.
# ContactResponse's requiredness is 001's ("required" on six fields). AudienceResponse's is
# inferred from 002: non-null fields present in every example are required; deletedAt and the
# *By fields are absent from every example, so they cannot be required.
# ---------------------------------------------------------------------------------------------


def _field(
    schema_name: str, field: str, type_: str | None, nullable: bool | None, required: bool | None
) -> Any:
    return pytest.param(schema_name, field, type_, nullable, required, id=f"{schema_name}.{field}")


RESPONSE_FIELDS = [
    _field("ContactResponse", "id", "string", False, True),
    _field("ContactResponse", "organizationId", "string", False, True),
    _field("ContactResponse", "firstName", "string", True, False),
    _field("ContactResponse", "lastName", "string", True, False),
    _field("ContactResponse", "fullName", "string", True, False),
    _field("ContactResponse", "primaryEmail", "string", True, False),
    _field("ContactResponse", "primaryPhone", "string", False, True),
    _field("ContactResponse", "address", "string", True, False),
    _field("ContactResponse", "city", "string", True, False),
    _field("ContactResponse", "state", "string", True, False),
    _field("ContactResponse", "zip", "string", True, False),
    _field("ContactResponse", "occupation", "string", True, False),
    _field("ContactResponse", "preferredChannel", "string", True, False),
    _field("ContactResponse", "gender", "string", True, False),
    # 000: ContactChannel[]; 001: string[] | null. Issue 2 has the spec decide the mapping.
    _field("ContactResponse", "channels", "array", None, True),
    _field("ContactResponse", "createdAt", "string", False, True),
    _field("ContactResponse", "updatedAt", "string", False, True),
    _field("ContactResponse", "deletedAt", "string", True, False),
    _field("ContactResponse", "createdBy", "string", True, False),
    _field("ContactResponse", "updatedBy", "string", True, False),
    _field("ContactResponse", "deletedBy", "string", True, False),
    _field("ContactWithAttributesResponse", "customAttributes", "array", False, None),
    _field("ContactChannel", "type", "string", False, True),
    _field("ContactChannel", "value", "string", False, True),
    _field("ContactChannel", "isPrimary", "boolean", False, True),
    _field("ContactCustomAttribute", "name", "string", False, True),
    _field("ContactCustomAttribute", "displayName", "string", False, True),
    _field("ContactCustomAttribute", "description", "string", True, None),
    _field("ContactCustomAttribute", "type", "string", False, True),
    _field("ContactCustomAttribute", "value", None, None, None),
    _field("ContactCustomAttribute", "isLocked", "boolean", False, True),
    _field("AudienceResponse", "id", "string", False, True),
    _field("AudienceResponse", "organizationId", "string", False, True),
    _field("AudienceResponse", "name", "string", False, True),
    _field("AudienceResponse", "description", "string", True, None),
    _field("AudienceResponse", "createdAt", "string", False, True),
    _field("AudienceResponse", "updatedAt", "string", False, True),
    _field("AudienceResponse", "deletedAt", "string", True, False),
    _field("AudienceResponse", "createdBy", "string", True, False),
    _field("AudienceResponse", "updatedBy", "string", True, False),
    _field("AudienceResponse", "deletedBy", "string", True, False),
    _field("AudienceWithCountResponse", "contactCount", "integer", False, True),
    # 002: the audience-contact projection, known only from its example.
    _field("AudienceContact", "id", "string", None, None),
    _field("AudienceContact", "organizationId", "string", None, None),
    _field("AudienceContact", "firstName", "string", None, None),
    _field("AudienceContact", "lastName", "string", None, None),
    _field("AudienceContact", "primaryPhone", "string", None, None),
    _field("AudienceContact", "primaryEmail", "string", None, None),
    _field("AudienceContact", "createdAt", "string", None, None),
    _field("AudienceContact", "updatedAt", "string", None, None),
    _field("PaginationMeta", "page", "integer", False, True),
    _field("PaginationMeta", "limit", "integer", False, True),
    _field("PaginationMeta", "total", "integer", False, True),
    _field("PaginationMeta", "totalPages", "integer", False, True),
    _field("PaginationMeta", "hasNextPage", "boolean", False, True),
    _field("PaginationMeta", "hasPreviousPage", "boolean", False, True),
]


@pytest.mark.parametrize(("schema_name", "field", "type_", "nullable", "required"), RESPONSE_FIELDS)
def test_response_field_has_documented_type(
    gomobile_spec: Schema,
    schema_name: str,
    field: str,
    type_: str | None,
    nullable: bool | None,
    required: bool | None,
) -> None:
    assert _property(gomobile_spec, schema_name, field).get("type") == type_


@pytest.mark.parametrize(
    ("schema_name", "field", "type_", "nullable", "required"),
    [row for row in RESPONSE_FIELDS if row.values[3] is not None],
)
def test_response_field_has_documented_nullability(
    gomobile_spec: Schema,
    schema_name: str,
    field: str,
    type_: str | None,
    nullable: bool | None,
    required: bool | None,
) -> None:
    assert bool(_property(gomobile_spec, schema_name, field).get("nullable")) is nullable


@pytest.mark.parametrize(
    ("schema_name", "field", "type_", "nullable", "required"),
    [row for row in RESPONSE_FIELDS if row.values[4] is not None],
)
def test_response_field_has_documented_requiredness(
    gomobile_spec: Schema,
    schema_name: str,
    field: str,
    type_: str | None,
    nullable: bool | None,
    required: bool | None,
) -> None:
    assert (field in _required(gomobile_spec, schema_name)) is required


@pytest.mark.parametrize(
    ("schema_name", "field"),
    [
        pytest.param(schema_name, field, id=f"{schema_name}.{field}")
        for schema_name in ("ContactResponse", "AudienceResponse")
        for field in ("createdAt", "updatedAt", "deletedAt")
    ],
)
def test_timestamp_field_is_a_date_time(
    gomobile_spec: Schema, schema_name: str, field: str
) -> None:
    # 000/002: "// ISO date"; 001: string<date-time>.
    assert _property(gomobile_spec, schema_name, field).get("format") == "date-time"


@pytest.mark.parametrize(
    ("extended", "base"),
    [
        pytest.param(
            "ContactWithAttributesResponse", "ContactResponse", id="ContactWithAttributesResponse"
        ),
        pytest.param(
            "AudienceWithCountResponse", "AudienceResponse", id="AudienceWithCountResponse"
        ),
    ],
)
def test_extended_response_has_every_field_of_its_base(
    gomobile_spec: Schema, extended: str, base: str
) -> None:
    # 000/002: "interface ... extends ..."
    extended_schema = _component(gomobile_spec, extended)
    base_schema = _component(gomobile_spec, base)
    assert set(base_schema.get("properties", {})) <= set(extended_schema.get("properties", {}))
    assert set(base_schema.get("required", [])) <= set(extended_schema.get("required", []))


@pytest.mark.parametrize(
    ("schema_name", "field", "item_schema"),
    [
        pytest.param(
            "ContactWithAttributesResponse",
            "customAttributes",
            "ContactCustomAttribute",
            id="ContactWithAttributesResponse.customAttributes",
        ),
        pytest.param("ContactListResponse", "data", "ContactResponse", id="ContactListResponse"),
        pytest.param(
            "AudienceListResponse", "data", "AudienceWithCountResponse", id="AudienceListResponse"
        ),
        pytest.param(
            "AudienceContactListResponse",
            "data",
            "AudienceContact",
            id="AudienceContactListResponse",
        ),
    ],
)
def test_array_field_holds_documented_items(
    gomobile_spec: Schema, schema_name: str, field: str, item_schema: str
) -> None:
    prop = _property(gomobile_spec, schema_name, field)
    assert prop.get("type") == "array"
    expected = gomobile_spec["components"]["schemas"][item_schema]
    assert _deref(gomobile_spec, prop.get("items", {})) is expected


@pytest.mark.parametrize(
    "schema_name",
    [
        pytest.param("ContactListResponse", id="ContactListResponse"),
        pytest.param("AudienceListResponse", id="AudienceListResponse"),
        pytest.param("AudienceContactListResponse", id="AudienceContactListResponse"),
    ],
)
def test_list_response_has_required_data_and_pagination_meta(
    gomobile_spec: Schema, schema_name: str
) -> None:
    # 000/002: interface ...ListResponse { data: ...[]; meta: PaginationMeta }
    meta = _component(gomobile_spec, schema_name).get("properties", {}).get("meta", {})
    pagination = gomobile_spec["components"]["schemas"]["PaginationMeta"]
    assert _deref(gomobile_spec, meta) is pagination
    assert {"data", "meta"} <= set(_required(gomobile_spec, schema_name))


# ---------------------------------------------------------------------------------------------
# Operations (000 and 002 curl examples; operation ids and success statuses: issue 2).
# ---------------------------------------------------------------------------------------------

OPERATIONS = [
    pytest.param("listContacts", "get", "/api/contact", id="listContacts"),
    pytest.param("getContact", "get", "/api/contact/{id}", id="getContact"),
    pytest.param("createContact", "post", "/api/contact", id="createContact"),
    pytest.param("upsertContacts", "post", "/api/contact/upsert", id="upsertContacts"),
    pytest.param("updateContact", "put", "/api/contact/{id}", id="updateContact"),
    pytest.param("deleteContact", "delete", "/api/contact/{id}", id="deleteContact"),
    pytest.param("listAudiences", "get", "/api/audience", id="listAudiences"),
    pytest.param("getAudience", "get", "/api/audience/{id}", id="getAudience"),
    pytest.param(
        "listAudienceContacts", "get", "/api/audience/{id}/contacts", id="listAudienceContacts"
    ),
    pytest.param("createAudience", "post", "/api/audience", id="createAudience"),
    pytest.param(
        "addAudienceContacts", "post", "/api/audience/{id}/add-contacts", id="addAudienceContacts"
    ),
    pytest.param("updateAudience", "put", "/api/audience/{id}", id="updateAudience"),
    pytest.param("deleteAudience", "delete", "/api/audience/{id}", id="deleteAudience"),
]
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.mark.parametrize(("operation_id", "method", "path"), OPERATIONS)
def test_operation_is_at_documented_method_and_path(
    gomobile_spec: Schema, operation_id: str, method: str, path: str
) -> None:
    operation = gomobile_spec.get("paths", {}).get(path, {}).get(method)
    assert operation is not None, f"{method.upper()} {path} is missing"
    assert operation.get("operationId") == operation_id


def test_spec_has_no_undocumented_operation(gomobile_spec: Schema) -> None:
    documented = {(p.values[1], p.values[2]) for p in OPERATIONS}
    in_spec = {
        (method, path)
        for path, path_item in gomobile_spec.get("paths", {}).items()
        for method in path_item
        if method in HTTP_METHODS
    }
    assert in_spec == documented


@pytest.mark.parametrize(("operation_id", "method", "path"), OPERATIONS)
def test_operation_requires_the_x_api_key_header(
    gomobile_spec: Schema, operation_id: str, method: str, path: str
) -> None:
    # 000/002: every curl example sends -H "x-api-key: YOUR_API_KEY".
    schemes = gomobile_spec.get("components", {}).get("securitySchemes", {})
    api_key_schemes = {
        name
        for name, scheme in schemes.items()
        if _deref(gomobile_spec, scheme).get("type") == "apiKey"
        and _deref(gomobile_spec, scheme).get("in") == "header"
        and str(_deref(gomobile_spec, scheme).get("name", "")).lower() == "x-api-key"
    }
    assert api_key_schemes, "no apiKey security scheme reads the x-api-key header"
    _, _, operation = _operation(gomobile_spec, operation_id)
    requirements = operation.get("security", gomobile_spec.get("security", []))
    assert requirements, "the operation has no security requirement"
    # Security requirements are alternatives: every one of them must demand the key.
    assert all(api_key_schemes & set(requirement) for requirement in requirements)


REQUEST_BODIES = [
    pytest.param("createContact", "CreateContactRequest", id="createContact"),
    pytest.param("upsertContacts", "UpsertContactRequest", id="upsertContacts"),
    pytest.param("updateContact", "UpdateContactRequest", id="updateContact"),
    pytest.param("createAudience", "CreateAudienceRequest", id="createAudience"),
    pytest.param("addAudienceContacts", "AddContactsRequest", id="addAudienceContacts"),
    pytest.param("updateAudience", "UpdateAudienceRequest", id="updateAudience"),
]


@pytest.mark.parametrize(("operation_id", "schema_name"), REQUEST_BODIES)
def test_operation_takes_documented_request_body(
    gomobile_spec: Schema, operation_id: str, schema_name: str
) -> None:
    _, _, operation = _operation(gomobile_spec, operation_id)
    assert "requestBody" in operation, f"{operation_id} has no request body"
    body = _deref(gomobile_spec, operation["requestBody"])
    assert body.get("required") is True
    schema = _json_schema_of(gomobile_spec, body)
    assert _deref(gomobile_spec, schema) is gomobile_spec["components"]["schemas"][schema_name]


SUCCESS_RESPONSES = [
    pytest.param("listContacts", "200", "ContactListResponse", id="listContacts"),
    pytest.param("getContact", "200", "ContactWithAttributesResponse", id="getContact"),
    pytest.param("createContact", "201", "ContactResponse", id="createContact"),
    pytest.param("upsertContacts", "201", "UpsertContactResponse", id="upsertContacts"),
    pytest.param("updateContact", "200", "ContactResponse", id="updateContact"),
    pytest.param("deleteContact", "200", "ContactResponse", id="deleteContact"),
    pytest.param("listAudiences", "200", "AudienceListResponse", id="listAudiences"),
    pytest.param("getAudience", "200", "AudienceResponse", id="getAudience"),
    pytest.param(
        "listAudienceContacts", "200", "AudienceContactListResponse", id="listAudienceContacts"
    ),
    pytest.param("createAudience", "201", "AudienceResponse", id="createAudience"),
    pytest.param("updateAudience", "200", "AudienceResponse", id="updateAudience"),
    pytest.param("deleteAudience", "200", "AudienceResponse", id="deleteAudience"),
]


@pytest.mark.parametrize(("operation_id", "status", "schema_name"), SUCCESS_RESPONSES)
def test_operation_answers_documented_schema(
    gomobile_spec: Schema, operation_id: str, status: str, schema_name: str
) -> None:
    _, _, operation = _operation(gomobile_spec, operation_id)
    responses = {str(code): response for code, response in operation.get("responses", {}).items()}
    assert status in responses, f"{operation_id} has no {status} response"
    schema = _json_schema_of(gomobile_spec, responses[status])
    assert _deref(gomobile_spec, schema) is gomobile_spec["components"]["schemas"][schema_name]


def test_add_contacts_answers_the_array_of_added_ids(gomobile_spec: Schema) -> None:
    # 002: add-contacts responds with the JSON array of contact UUIDs.
    _, _, operation = _operation(gomobile_spec, "addAudienceContacts")
    responses = {str(code): response for code, response in operation.get("responses", {}).items()}
    assert "201" in responses, "addAudienceContacts has no 201 response"
    schema = _flatten(gomobile_spec, _json_schema_of(gomobile_spec, responses["201"]))
    assert schema.get("type") == "array"
    items = _flatten(gomobile_spec, schema.get("items", {}))
    assert (items.get("type"), items.get("format")) == ("string", "uuid")
