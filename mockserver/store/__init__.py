"""Storage: one interface (`base.Table`, `base.Links`, `base.Backend`), two backends.

`memory` keeps everything in this process (the default, and the fastest); `postgres` keeps it in
a PostgreSQL database that any number of mock processes share (`contactkit mock --store URL`).
The rules, the handlers and the list layer (`query.run`) see only the interface.
"""

from mockserver.store.base import Backend, Links, Record, SortKey, Table, sort_key
from mockserver.store.memory import DELETED_LIMIT

__all__ = ["DELETED_LIMIT", "Backend", "Links", "Record", "SortKey", "Table", "sort_key"]
