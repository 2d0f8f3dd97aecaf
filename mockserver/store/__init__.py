"""Storage: one interface (`base.Table`, `base.Links`, `base.Backend`), two backends.

`memory` keeps everything in this process (the default, and the fastest); `postgres` keeps it in
a PostgreSQL database that any number of mock processes share (`contactkit mock --store URL`).
The rules, the handlers and the list layer (`query.run`) see only the interface.
"""

from mockserver.store.base import Backend, Links, Record, SortKey, Table, sort_key
from mockserver.store.memory import DELETED_LIMIT
from mockserver.store.memory_backend import MemoryBackend

__all__ = [
    "DELETED_LIMIT",
    "Backend",
    "Links",
    "Record",
    "SortKey",
    "Table",
    "open_backend",
    "sort_key",
]
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_backend(store: str | None) -> Backend:
    """Return the backend `--store` names: None or "memory", or a postgresql:// URL.

    Raises ValueError (how to fix it) for anything else, and `errors.Unavailable` when the
    database cannot be reached.
    """
    if store is None or store == "memory":
        return MemoryBackend()
    if not store.startswith(POSTGRES_SCHEMES):
        raise ValueError(f"unknown store {store!r}: use memory or a postgresql://... URL")
    try:
        from mockserver.store.postgres import PostgresBackend
    except ImportError as error:
        if error.name not in ("psycopg", "psycopg_pool"):
            raise
        raise ValueError(
            f"the PostgreSQL store needs psycopg ({error.name} is missing): "
            "pip install 'contactkit[postgresql]'"
        ) from None
    return PostgresBackend(store)
