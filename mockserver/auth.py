"""API keys: Connexion's apiKey security, resolved against the state's organizations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.context import context
from connexion.security import ApiKeySecurityHandler

from mockserver.state import Caller, State


def key_security_handler(state: State, api: str) -> type[ApiKeySecurityHandler]:
    """Return a Connexion security handler class that knows `state`'s API keys for `api`.

    Connexion finds an apiKey scheme's resolver through an `x-apikeyInfoFunc` import path in
    the spec; ours must not name Python code (it describes the vendor's API), and the resolver
    needs this state object, so the handler class is built here around it.
    """

    def resolve(api_key: str) -> dict[str, Any] | None:
        caller = state.caller(api_key, api)
        return None if caller is None else {"sub": caller.user_id, "caller": caller}

    class StateKeyHandler(ApiKeySecurityHandler):
        def _resolve_func(self, security_scheme: dict[str, Any]) -> Callable[[str], Any]:
            return resolve

        @staticmethod
        def _accepts_kwarg(func: Callable[..., Any], keyword: str) -> bool:
            # `resolve` takes the key alone; Connexion would inspect its signature twice a request.
            return func is not resolve and ApiKeySecurityHandler._accepts_kwarg(func, keyword)

    return StateKeyHandler


def current_caller() -> Caller:
    """Return who sent the request being handled (set by the security handler)."""
    caller: Caller = context["token_info"]["caller"]
    return caller
