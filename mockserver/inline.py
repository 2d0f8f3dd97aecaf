"""Run the mock's synchronous handlers on the event loop instead of in a thread pool.

Connexion's AsyncApp runs a plain `def` handler in Starlette's thread pool: one hop to a worker
thread and back per request, and with it a GIL hand-off each way that costs more than the
handler itself (profile in docs/performance.md). Our handlers are short, CPU-bound and all
serialize on the state's one lock anyway, so running them in threads bought no parallelism,
only the hop. Wrapping each one in an `async def` makes Connexion await it directly.

The wrapper keeps the handler's signature (`functools.wraps` sets `__wrapped__`, which
`inspect.signature` follows), so Connexion still injects the same parameters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

AsyncHandler = Callable[..., Coroutine[Any, Any, Any]]


def on_loop(handler: Callable[..., Any]) -> AsyncHandler:
    """Return `handler` as a coroutine function that calls it on the event loop."""

    @functools.wraps(handler)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return handler(*args, **kwargs)

    return run
