"""The garbage-collector tuning of the `contactkit mock` process (never of library code).

Both tricks change the whole process, so only the mock's own process applies them: a
`MockServer` inside someone's pytest run leaves their garbage collector alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def seed_outside_gc() -> Iterator[None]:
    """Seed with the cyclic collector paused, then freeze the seed data out of its reach."""
    # The previous seed data is garbage now: let the collector see it again.
    gc.unfreeze()
    # Every collection walks all live objects: while 100,000 records (which hold no reference
    # cycles) are being created, that is a quarter to a third of the seeding time, for nothing.
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        # The seed data lives until the next reset: keep the collector from scanning 100,000
        # records on every collection (a 200 ms pause at p99). Records have no reference
        # cycles, so reference counting still frees them.
        gc.freeze()
