"""How one `Table` lies in PostgreSQL: its SQL table, columns and indexes, created at start.

One row per record: the record itself as `json` (not `jsonb`: the JSON keeps the record's key
order, which is the order the API renders), the id and tenant, whether it is active, the order
it was soft-deleted in, and the extracted columns the queries use: a sort key per sort field
(`k0`, `k1`, ... with a (tenant, key, id) index over active rows), a search text per search
profile (`s0`, ... with a trigram GIN index, so substring search is planned), and a value per
unique field (`u0`, ... with a partial unique index over active rows: the phone uniqueness).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from psycopg.types.json import Json

from mockserver.store.base import Record
from mockserver.store.postgres.columns import sort_bytes, stored_search_text


@dataclass(frozen=True)
class Layout:
    """The declared shape of a table (the options of `memory.MemoryTable`) and its SQL."""

    name: str
    id_field: str = "id"
    tenant_field: str = "organizationId"
    deleted_field: str | None = "deletedAt"
    sort_fields: tuple[str, ...] = ()
    search_profiles: Mapping[str, Sequence[str]] = field(default_factory=dict)
    unique_fields: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        """Return the SQL table name ("client contacts" -> ck_client_contacts)."""
        return "ck_" + re.sub(r"\W+", "_", self.name.lower())

    def sort_column(self, field_name: str) -> sql.Identifier:
        """Return the sort key column of `field_name`."""
        return sql.Identifier(f"k{self.sort_fields.index(field_name)}")

    def search_column(self, profile: str) -> sql.Identifier:
        """Return the search text column of `profile`."""
        return sql.Identifier(f"s{list(self.search_profiles).index(profile)}")

    def unique_column(self, field_name: str) -> sql.Identifier:
        """Return the unique value column of `field_name`."""
        return sql.Identifier(f"u{self.unique_fields.index(field_name)}")

    def derived(self) -> list[str]:
        """Return the names of the extracted columns, in row order."""
        return (
            [f"s{i}" for i in range(len(self.search_profiles))]
            + [f"k{i}" for i in range(len(self.sort_fields))]
            + [f"u{i}" for i in range(len(self.unique_fields))]
        )

    def fingerprint(self) -> str:
        """Return what the extracted columns depend on: when it changes, they are rebuilt."""
        profiles = {name: list(fields) for name, fields in self.search_profiles.items()}
        return json.dumps([self.sort_fields, profiles, self.unique_fields])

    def row(self, record: Record, active: bool, deleted_seq: int | None) -> tuple[Any, ...]:
        """Return the row of `record` (columns: `COLUMNS` then `derived()`)."""
        texts = [stored_search_text(record, f) for f in self.search_profiles.values()]
        keys = [sort_bytes(record.get(f)) for f in self.sort_fields]
        uniques = [unique_value(record.get(f)) if active else None for f in self.unique_fields]
        base = (record[self.id_field], record[self.tenant_field], active, deleted_seq)
        return (*base, Json(record), *texts, *keys, *uniques)

    def ddl(self) -> list[sql.Composed]:
        """Return the statements that create the table and its indexes if they are missing."""
        table = sql.Identifier(self.table)
        columns = [
            "seq bigserial",
            'id text COLLATE "C" PRIMARY KEY',
            'tenant text COLLATE "C" NOT NULL',
            "active boolean NOT NULL",
            "deleted_seq bigint",
            "doc json NOT NULL",
        ]
        statements: list[sql.Composed] = [
            sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(
                table, sql.SQL(", ".join(columns))
            ),
            sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sql.Identifier(self.deleted_seq)),
            self._index("seq", "(seq)"),
            self._index("deleted", "(deleted_seq) WHERE NOT active"),
        ]
        for name in self.derived():
            kind = "bytea" if name[0] == "k" else "text"
            statements.append(
                sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} " + kind).format(
                    table, sql.Identifier(name)
                )
            )
            statements.append(self._derived_index(name))
        return statements

    @property
    def deleted_seq(self) -> str:
        """Return the name of the sequence that orders soft deletes (the oldest are purged)."""
        return f"{self.table}_deleted_seq"

    def _derived_index(self, name: str) -> sql.Composed:
        """Return the index of an extracted column, made for the queries that use it."""
        column = sql.Identifier(name).as_string()
        if name[0] == "k":
            return self._index(name, f"(tenant, {column}, id) WHERE active")
        if name[0] == "s":
            return self._index(name, f"USING gin ({column} gin_trgm_ops) WHERE active")
        return self._index(name, f"(tenant, {column}) WHERE active", unique=True)

    def _index(self, suffix: str, body: str, unique: bool = False) -> sql.Composed:
        """Return a CREATE INDEX IF NOT EXISTS on this table."""
        kind = "UNIQUE INDEX" if unique else "INDEX"
        return sql.SQL("CREATE " + kind + " IF NOT EXISTS {} ON {} " + body).format(
            sql.Identifier(f"{self.table}_{suffix}"), sql.Identifier(self.table)
        )


COLUMNS = ("id", "tenant", "active", "deleted_seq", "doc")


def unique_value(value: Any) -> str | None:
    """Return how a unique field's value is stored (its JSON, so 1 and "1" differ)."""
    return None if value is None else json.dumps(value)
