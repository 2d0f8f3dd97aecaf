"""Which checks exercise which rule of the spec: the table `contactkit check --rules` prints.

Each row is a glob over rule names (`contracts/rules.py`: `<api> <kind> <subject>`) and the
checks (`module::test` of this package) that fail when a server breaks such a rule. A row is
written only where the check really sends the request that breaks the rule and judges the
answer; `tests/test_rules.py` fails when a rule matches no row, when a row matches no rule,
and when a row names a check that does not exist.

`schemathesis::...` rows rest on Schemathesis's coverage phase, which sends values just past
each bound, outside each enum and against each pattern and format
(`negative_data_rejection`), and validates every response against its schema.
"""

from __future__ import annotations

LIFECYCLE = "lifecycle::test_created_record_reads_back"
UPDATE = "lifecycle::test_update_is_partial"
DELETE = "lifecycle::test_deleted_record_disappears"
CROSS_READ = "auth::test_other_organization_cannot_read_existing_records"
CROSS_WRITE = "auth::test_other_organization_cannot_touch_records"
UNAUTHORIZED = "auth::test_requests_without_a_valid_key_are_unauthorized"
ARITHMETIC = "pagination::test_pagination_arithmetic_holds"
SCHEMATHESIS = "schemathesis::test_schemathesis_finds_no_failure"
MALFORMED_ID = "requests::test_malformed_id_is_bad_request"
MEDIA_TYPE = "requests::test_non_json_body_is_unsupported"
TOO_LARGE = "requests::test_body_over_a_mebibyte_is_too_large"
CREATE_BOUND = "limits::test_create_bound"
UPDATE_BOUND = "limits::test_update_bound"
LIST_BOUND = "limits::test_list_parameter_bound"
EMPTY_BATCH = "limits::test_empty_batches_are_rejected"
BATCH_ITEM = "limits::test_batch_item_bound"
SORT = "search_sort::test_sort_both_ways_stably"
ADD = "audiences::test_added_contacts_are_members_and_counted"
UNKNOWN_CONTACT = "audiences::test_unknown_contact_rejects_the_whole_request"
UPSERT = "upsert::test_second_upsert_updates_instead_of_duplicating"
RESOURCE_LISTS = ("listContacts", "listAudiences", "listClientContacts")
# The keywords limits tries where the spec uses them: lengths and counts, lengths and ranges.
BODY_SIZES = ("*Length", "*Items")
QUERY_SIZES = ("*Length", "*imum")

Row = tuple[str, tuple[str, ...]]

STATUSES: tuple[Row, ...] = (
    *((f"* status {op} 200", (ARITHMETIC,)) for op in RESOURCE_LISTS),
    *((f"* status {op} 400", (LIST_BOUND,)) for op in RESOURCE_LISTS),
    ("* status * 401", (UNAUTHORIZED,)),
    ("* status * 413", (TOO_LARGE,)),
    ("* status * 415", (MEDIA_TYPE,)),
    ("* status create* 201", (LIFECYCLE,)),
    ("* status create* 400", (CREATE_BOUND,)),
    ("* status get* 200", (LIFECYCLE,)),
    ("* status get* 400", (MALFORMED_ID,)),
    ("* status get* 404", (DELETE, CROSS_READ)),
    ("* status update* 200", (UPDATE,)),
    ("* status update* 400", (UPDATE_BOUND, MALFORMED_ID)),
    ("* status update* 404", (CROSS_WRITE,)),
    ("* status delete* 200", (DELETE,)),
    ("* status delete* 400", (MALFORMED_ID,)),
    ("* status delete* 404", (DELETE, CROSS_WRITE)),
    (
        "gomobile status createContact 409",
        ("upsert::test_duplicate_phone_on_create_is_a_conflict",),
    ),
    ("gomobile status updateContact 409", ("upsert::test_phone_taken_on_update_is_a_conflict",)),
    ("gomobile status upsertContacts 201", (UPSERT,)),
    (
        "gomobile status upsertContacts 400",
        ("upsert::test_one_invalid_item_writes_nothing", EMPTY_BATCH),
    ),
    (
        "gomobile status listAudienceContacts 200",
        ("pagination::test_audience_contact_pages_add_up",),
    ),
    ("gomobile status listAudienceContacts 400", (MALFORMED_ID,)),
    (
        "gomobile status listAudienceContacts 404",
        ("lifecycle::test_deleted_audience_has_no_contact_list",),
    ),
    ("gomobile status addAudienceContacts 201", (ADD,)),
    ("gomobile status addAudienceContacts 400", (EMPTY_BATCH, MALFORMED_ID)),
    (
        "gomobile status addAudienceContacts 404",
        (UNKNOWN_CONTACT, "audiences::test_unknown_audience_is_not_found"),
    ),
)

BOUNDS: tuple[Row, ...] = (
    *((f"* bound create* body.{size}", (CREATE_BOUND, SCHEMATHESIS)) for size in BODY_SIZES),
    *((f"* bound update* body.{size}", (UPDATE_BOUND, SCHEMATHESIS)) for size in BODY_SIZES),
    *(
        (f"* bound {op} query.{s}", (LIST_BOUND, SCHEMATHESIS))
        for op in RESOURCE_LISTS
        for s in QUERY_SIZES
    ),
    ("client-contacts bound listClientContacts query.*Items", (LIST_BOUND, SCHEMATHESIS)),
    *((f"* bound listAudienceContacts query.{size}", (SCHEMATHESIS,)) for size in QUERY_SIZES),
    ("* bound * *.enum", (SCHEMATHESIS,)),
    ("* bound * *.pattern", (SCHEMATHESIS,)),
    ("* bound * *.format", (SCHEMATHESIS,)),
    ("* bound create* body.*mail.format", ("limits::test_invalid_email_is_rejected",)),
    ("gomobile bound * body.*.minItems", (EMPTY_BATCH, SCHEMATHESIS)),
    ("gomobile bound * body.*.maxItems", (SCHEMATHESIS,)),
)

# Bounds of the fields of objects inside a body (`body.data[].firstName.maxLength`).
NESTED_BOUNDS: tuple[Row, ...] = (
    *(
        (f"gomobile nested-bound upsertContacts body.data*{s}", (BATCH_ITEM, SCHEMATHESIS))
        for s in BODY_SIZES
    ),
    (
        "gomobile nested-bound upsertContacts body.data*primaryPhone.minLength",
        ("upsert::test_one_invalid_item_writes_nothing",),
    ),
    ("* nested-bound * *.enum", (SCHEMATHESIS,)),
    ("* nested-bound * *.pattern", (SCHEMATHESIS,)),
    ("* nested-bound * *.format", (SCHEMATHESIS,)),
)

REQUESTS: tuple[Row, ...] = (
    ("* content-type *", (MEDIA_TYPE,)),
    ("* body-size *", (TOO_LARGE,)),
    (
        "* pagination *",
        (ARITHMETIC, "pagination::test_walking_pages_yields_each_record_once_in_order"),
    ),
)

# x-assumption markers, by the spec element that carries them.
ASSUMPTIONS: tuple[Row, ...] = (
    ("* assumption #/info", (DELETE, SCHEMATHESIS)),
    *(
        (f"gomobile assumption #/paths/~1api~1{r}/get/parameters/3", (SORT, SCHEMATHESIS))
        for r in ("contact", "audience")
    ),
    (
        "gomobile assumption #/paths/~1api~1audience~1{id}~1contacts/get/parameters/3",
        ("search_sort::test_audience_contacts_sort_both_ways",),
    ),
    (
        "gomobile assumption #/paths/~1api~1contact~1upsert/post",
        (UPSERT, "upsert::test_same_phone_twice_in_a_batch_is_one_contact"),
    ),
    ("* assumption #/paths/*/put", (UPDATE,)),
    (
        "* assumption #/paths/*/patch",
        (UPDATE, "lifecycle::test_empty_update_makes_the_caller_editor_and_counts"),
    ),
    ("* assumption #/paths/*/delete", (DELETE,)),
    ("client-contacts assumption #/paths/*/post", (LIFECYCLE,)),
    ("client-contacts assumption #/paths/*/get", (LIFECYCLE, ARITHMETIC)),
    (
        "gomobile assumption #/paths/*add-contacts/post",
        (ADD, UNKNOWN_CONTACT, "audiences::test_re_adding_a_member_changes_nothing"),
    ),
    ("* assumption #/components/securitySchemes/*", (UNAUTHORIZED, CROSS_READ)),
    ("* assumption #/components/parameters/*Id", (MALFORMED_ID,)),
    (
        "* assumption #/components/parameters/Page",
        (LIST_BOUND, "pagination::test_page_past_the_end_is_empty"),
    ),
    ("* assumption #/components/parameters/Limit", (LIST_BOUND,)),
    ("* assumption #/components/parameters/PerPage", (LIST_BOUND,)),
    (
        "* assumption #/components/parameters/Search",
        (
            "search_sort::test_search_matches_field",
            "search_sort::test_search_ignores_undocumented_fields",
        ),
    ),
    ("* assumption #/components/parameters/Sort*", (SORT,)),
    (
        "client-contacts assumption #/components/parameters/SortBy",
        ("filters::test_sort_by_orders_by_each_key_in_turn",),
    ),
    *(
        (
            f"client-contacts assumption #/components/parameters/{name}",
            ("filters::test_filter_selects_exactly",),
        )
        for name in ("Ids", "Names", "FromUpdatedAt", "ToUpdatedAt", "FromId", "ToId")
    ),
    ("* assumption #/components/responses/BadRequest", (CREATE_BOUND, MALFORMED_ID)),
    ("* assumption #/components/responses/Unauthorized", (UNAUTHORIZED,)),
    ("* assumption #/components/responses/NotFound", (DELETE, CROSS_READ)),
    (
        "gomobile assumption #/components/responses/Conflict",
        ("upsert::test_duplicate_phone_on_create_is_a_conflict",),
    ),
    ("* assumption #/components/responses/PayloadTooLarge", (TOO_LARGE,)),
    ("* assumption #/components/responses/UnsupportedMediaType", (MEDIA_TYPE,)),
    ("* assumption #/components/schemas/*Timestamp", (SCHEMATHESIS,)),
    ("* assumption #/components/schemas/ObjectId", (MALFORMED_ID, SCHEMATHESIS)),
    ("gomobile assumption #/components/schemas/ChannelTypes", (CREATE_BOUND, UPDATE_BOUND)),
    (
        "gomobile assumption #/components/schemas/CustomAttributeValues",
        (
            "attributes::test_custom_attribute_values_of_their_type_are_kept",
            "attributes::test_custom_attribute_value_of_another_type_is_rejected",
            "attributes::test_unknown_custom_attribute_is_rejected",
        ),
    ),
    ("gomobile assumption #/components/schemas/ContactChannel", (SCHEMATHESIS,)),
    ("gomobile assumption #/components/schemas/*Response/allOf/1", (SCHEMATHESIS,)),
    ("gomobile assumption #/components/schemas/AudienceWithCountResponse/allOf/1", (ADD,)),
    (
        "gomobile assumption #/components/schemas/UpdateContactRequest",
        (UPDATE, "lifecycle::test_null_clears_a_nullable_field"),
    ),
    ("gomobile assumption #/components/schemas/UpdateAudienceRequest", (UPDATE,)),
    (
        "gomobile assumption #/components/schemas/UpsertContactRequest/properties/data",
        (EMPTY_BATCH, "upsert::test_one_invalid_item_writes_nothing"),
    ),
    (
        "gomobile assumption #/components/schemas/UpsertContactResponse",
        ("upsert::test_batch_results_come_in_input_order",),
    ),
    (
        "gomobile assumption #/components/schemas/AddContactsRequest/properties/contacts",
        (EMPTY_BATCH, "audiences::test_re_adding_a_member_changes_nothing"),
    ),
    ("* assumption #/components/schemas/PaginationMeta", (ARITHMETIC,)),
    ("* assumption #/components/schemas/Pagination", (ARITHMETIC,)),
    ("* assumption #/components/schemas/Error*", (CREATE_BOUND,)),
    (
        "client-contacts assumption #/components/schemas/*Creator",
        ("lifecycle::test_empty_update_makes_the_caller_editor_and_counts", SCHEMATHESIS),
    ),
    ("client-contacts assumption #/components/schemas/ClientContact", (LIFECYCLE, SCHEMATHESIS)),
    (
        "client-contacts assumption #/components/schemas/ClientContact/properties/*",
        ("lifecycle::test_empty_update_makes_the_caller_editor_and_counts", SCHEMATHESIS),
    ),
    ("client-contacts assumption #/components/schemas/ClientContactCreate*", (CREATE_BOUND,)),
    (
        "client-contacts assumption #/components/schemas/ClientContactCreate/properties/email",
        ("limits::test_invalid_email_is_rejected",),
    ),
    ("client-contacts assumption #/components/schemas/ClientContactUpdate*", (UPDATE_BOUND,)),
)

COVERAGE: tuple[Row, ...] = STATUSES + BOUNDS + NESTED_BOUNDS + REQUESTS + ASSUMPTIONS
