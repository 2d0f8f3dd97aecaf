"""Fault injection: added latency or a forced status for chosen operations."""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Fault:
    """What to do to requests of one operation: wait, fail, or both.

    `status` None only adds latency. `probability` is the share of matching requests hit;
    `times`, when set, is how many more requests it hits before it clears itself.
    """

    operationId: str
    status: int | None = None
    probability: float = 1.0
    latencyMs: int = 0
    times: int | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the fault as the admin API shows it."""
        return asdict(self)


class FaultBook:
    """The faults in force, by operationId; draws from its own seeded random generator."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: dict[str, Fault] = {}
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    def set(self, fault: Fault) -> None:
        """Put `fault` in force, replacing any fault of the same operation."""
        with self._lock:
            self._faults[fault.operationId] = fault

    def remove(self, operation_id: str) -> bool:
        """Remove the fault of `operation_id`; return whether there was one."""
        with self._lock:
            return self._faults.pop(operation_id, None) is not None

    def all(self) -> list[Fault]:
        """Return the faults in force."""
        with self._lock:
            return list(self._faults.values())

    def draw(self, operation_id: str | None) -> Fault | None:
        """Return the fault that hits this request of `operation_id`, if any."""
        with self._lock:
            fault = self._faults.get(operation_id or "")
            if fault is None or self._random.random() >= fault.probability:
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._faults[fault.operationId]
            return fault

    def clear(self, seed: int = 0) -> None:
        """Remove every fault and restart the random draws from `seed`."""
        with self._lock:
            self._faults.clear()
            self._random.seed(seed)
