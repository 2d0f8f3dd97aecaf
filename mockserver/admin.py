"""Handlers of the admin API (openapi/mock-admin.yaml): data, journal and faults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mockserver.errors import BadRequest, NotFound
from mockserver.faults import Fault
from mockserver.persistence import save_state
from mockserver.state import State

Response = tuple[Any, int]


class AdminHandlers:
    """One method per admin operation, over one `State`."""

    def __init__(
        self,
        state: State,
        state_file: str | None = None,
        operation_ids: frozenset[str] = frozenset(),
    ) -> None:
        self._state = state
        self._state_file = Path(state_file) if state_file else None
        self._operation_ids = operation_ids

    def operations(self) -> dict[str, Callable[..., Response]]:
        """Return the handler of each operationId in openapi/mock-admin.yaml."""
        return {
            "getInfo": self.info,
            "reset": self.reset,
            "reseed": self.reseed,
            "exportState": self.export_state,
            "importState": self.import_state,
            "saveState": self.save_state,
            "getJournal": self.journal,
            "clearJournal": self.clear_journal,
            "listFaults": self.faults,
            "addFault": self.add_fault,
            "clearFaults": self.clear_faults,
            "removeFault": self.remove_fault,
        }

    def info(self) -> Response:
        """GET /__admin/info."""
        state = self._state
        with state.lock:
            organizations = [
                {
                    "id": org.id,
                    "name": org.name,
                    "api": org.api,
                    "apiKeys": list(org.api_keys),
                    **state.datasets[org.api].counts(org.id),
                }
                for org in state.fixtures.organizations
            ]
        settings = {
            k: getattr(state.settings, k) for k in ("seed", "profile", "contacts", "audiences")
        }
        return {"settings": settings, "organizations": organizations}, 200

    def reset(self) -> Response:
        """POST /__admin/reset."""
        self._state.reset()
        return self.info()

    def reseed(self, body: dict[str, Any]) -> Response:
        """POST /__admin/reseed."""
        self._state.reseed(**body)
        return self.info()

    def export_state(self) -> Response:
        """GET /__admin/state."""
        return self._state.export(), 200

    def import_state(self, body: dict[str, Any]) -> Response:
        """PUT /__admin/state."""
        self._state.restore(body)
        return self.info()

    def save_state(self) -> Response:
        """POST /__admin/state/save."""
        if self._state_file is None:
            raise BadRequest("The mock was started without --state FILE: there is nowhere to save")
        save_state(self._state, self._state_file)
        return {"path": str(self._state_file)}, 200

    def journal(
        self,
        method: str | None = None,
        path: str | None = None,
        operationId: str | None = None,
        status: int | None = None,
        apiKey: str | None = None,
        organizationId: str | None = None,
    ) -> Response:
        """GET /__admin/journal."""
        filters = {
            "method": method,
            "path": path,
            "operationId": operationId,
            "status": status,
            "apiKey": apiKey,
            "organizationId": organizationId,
        }
        return {"entries": self._state.journal.entries(filters)}, 200

    def clear_journal(self) -> Response:
        """DELETE /__admin/journal."""
        self._state.journal.clear()
        return None, 204

    def faults(self) -> Response:
        """GET /__admin/faults."""
        return [fault.as_json() for fault in self._state.faults.all()], 200

    def add_fault(self, body: dict[str, Any]) -> Response:
        """POST /__admin/faults."""
        fault = Fault(**body)
        if self._operation_ids and fault.operationId not in self._operation_ids:
            known = ", ".join(sorted(self._operation_ids))
            message = f"operationId {fault.operationId!r} is not an operation of the mock"
            raise BadRequest(f"{message}: use one of {known}")
        self._state.faults.set(fault)
        return fault.as_json(), 201

    def clear_faults(self) -> Response:
        """DELETE /__admin/faults."""
        self._state.faults.clear(self._state.settings.seed)
        return None, 204

    def remove_fault(self, operationId: str) -> Response:
        """DELETE /__admin/faults/{operationId}."""
        if not self._state.faults.remove(operationId):
            raise NotFound(f"No fault in force for {operationId}")
        return None, 204
