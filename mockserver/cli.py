"""`contactkit mock` / `python -m mockserver`: start the mock on loopback.

The port is bound before anything is printed or seeded: a banner always means a server, and a
port in use ends the command at once (one line, exit 2) without touching a --state file.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType

from contactkit.usage import CommandParser
from mockserver.apis import APIS
from mockserver.errors import MockError
from mockserver.gc_tuning import seed_outside_gc
from mockserver.middleware import is_loopback_name
from mockserver.persistence import load_state, save_state
from mockserver.quiet import connexion_imports
from mockserver.sandboxes import DEFAULT_MAX, DEFAULT_TTL
from mockserver.state import SeedSettings, State
from mockserver.store import open_backend

with connexion_imports():
    import uvicorn

    from mockserver.app import AppOptions, create_app

PROG = "contactkit mock"


class UsageError(Exception):
    """A problem with the command line or its files: printed as one line, exit status 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the mock's command-line options on `parser`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3000, help="port to bind (default 3000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fake data (default 1)")
    parser.add_argument(
        "--profile",
        default="default",
        help="seed profile: empty, default, large, large-client-contacts",
    )
    parser.add_argument(
        "--contacts", type=int, help="contacts per organization (overrides the profile)"
    )
    parser.add_argument(
        "--audiences", type=int, help="audiences per organization (overrides the profile)"
    )
    parser.add_argument(
        "--store",
        default="memory",
        help="where the data lives: memory (default) or a postgresql://... URL that any number "
        "of mock processes share (replicas)",
    )
    parser.add_argument(
        "--state", type=Path, help="load state from FILE at start, save it there at exit"
    )
    parser.add_argument(
        "--validate-responses", action="store_true", help="check every response against the spec"
    )
    parser.add_argument("--no-cors", action="store_true", help="do not answer CORS requests")
    parser.add_argument(
        "--admin-token", help="require this x-admin-token on /__admin (needed off loopback)"
    )
    parser.add_argument("--journal-size", type=int, default=1000, help="requests the journal keeps")
    parser.add_argument(
        "--max-sandboxes",
        type=_at_least(0, int),
        default=DEFAULT_MAX,
        help=f"sandboxes (x-contactkit-sandbox header) kept at most (default {DEFAULT_MAX})",
    )
    parser.add_argument(
        "--sandbox-ttl",
        type=_at_least(1, float),
        default=DEFAULT_TTL,
        metavar="SECONDS",
        help=f"drop a sandbox unused this long (default {DEFAULT_TTL:.0f})",
    )
    parser.add_argument(
        "--log-level", default="warning", help="uvicorn log level (default warning)"
    )


def _at_least(low: float, kind: Callable[[str], float]) -> Callable[[str], float]:
    """Return an argparse type: a number of `kind`, `low` or more."""

    def parse(text: str) -> float:
        value = kind(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low:g}, not {text}")
        return value

    return parse


def _banner(args: argparse.Namespace, state: State) -> str:
    base = f"http://{args.host}:{args.port}"
    counts = (
        f"seed {state.settings.seed}, profile {state.settings.profile}, {state.backend.name} store"
    )
    lines = [
        f"contactkit mock listening on {base}  ({counts})",
        f"  API docs (Swagger UI): {base}/docs",
        f"  Admin API:             {base}/__admin/info",
    ]
    for api in APIS:
        lines.append(
            f"{api.name} API under {base}{api.prefix.rstrip('/')}, keys in {api.key_header}:"
        )
        lines.extend(
            f"  {key:<24} {org.name} ({org.id})"
            for org in state.fixtures.organizations_of(api.name)
            for key in org.api_keys
        )
    lines.append(f"Try: curl -H 'x-api-key: test-key-org-a' '{base}/api/contact?limit=2'")
    lines.append(f"     curl -H 'api-key: test-client-key-a' '{base}/client-contacts?per_page=2'")
    return "\n".join(lines) + "\n"


def bind(host: str, port: int) -> socket.socket:
    """Return a listening socket on host:port, or raise a UsageError saying why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=2048)
    except OverflowError:
        raise UsageError(f"port {port} is not a TCP port; use 1-65535") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use; try --port") from None
        if error.errno == errno.EACCES:
            raise UsageError(f"port {port} needs privileges; try --port above 1023") from None
        reason = error.strerror or str(error)
        raise UsageError(f"cannot listen on {host}:{port}: {reason}; check --host") from None


def _state(args: argparse.Namespace) -> State:
    """Seed the state (in this process, out of the garbage collector's way); load --state."""
    settings = SeedSettings(args.seed, args.profile, args.contacts, args.audiences)
    try:
        state = State(
            settings=settings,
            journal_size=args.journal_size,
            seeding=seed_outside_gc,
            backend=open_backend(args.store),
        )
    except (MockError, ValueError) as error:
        raise UsageError(str(error)) from None
    if args.state:
        _load(state, args.state)
    return state


def _load(state: State, path: Path) -> None:
    try:
        if load_state(state, path):
            print(f"loaded state from {path}")
    except MockError as error:  # persistence names the file and says what is wrong with it
        raise UsageError(str(error)) from None


def _check_host(args: argparse.Namespace) -> None:
    if not is_loopback_name(args.host) and not args.admin_token:
        raise UsageError(f"binding {args.host} exposes the admin API: pass --admin-token")


def run(args: argparse.Namespace) -> int:
    """Run the mock until SIGINT/SIGTERM; save --state on the way out. User errors exit 2."""
    try:
        _check_host(args)
        listener = bind(args.host, args.port)
        with listener:
            return _serve(args, listener)
    except UsageError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2


def _serve(args: argparse.Namespace, listener: socket.socket) -> int:
    state = _state(args)
    options = AppOptions(
        validate_responses=args.validate_responses,
        cors=not args.no_cors,
        admin_token=args.admin_token,
        state_file=str(args.state) if args.state else None,
        max_sandboxes=args.max_sandboxes,
        sandbox_ttl=args.sandbox_ttl,
    )
    app = create_app(state, options)
    print(_banner(args, state), flush=True)
    # Once shut down, uvicorn raises again the signal that stopped it; under the default
    # SIGTERM handler that would kill the process before the state is saved.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    # The access log prints at info and below only; above, uvicorn would still build each line.
    access_log = args.log_level in ("trace", "debug", "info")
    config = uvicorn.Config(app, log_level=args.log_level, access_log=access_log)
    try:
        # Ctrl-C is how a user stops the mock: uvicorn raises it again once shut down.
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.Server(config).run(sockets=[listener])
    finally:
        if args.state:
            _save(state, args.state)
    return 0


def _save(state: State, path: Path) -> None:
    try:
        save_state(state, path)
    except OSError as error:
        raise UsageError(f"cannot write --state {path}: {error.strerror}") from None
    print(f"saved state to {path}", flush=True)


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    """Stop on SIGTERM as on SIGINT: a clean exit that saves --state."""
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the mock's options and serve."""
    parser = CommandParser(prog=PROG, description="Start the contactkit mock server.")
    add_arguments(parser)
    return run(parser.parse_args(argv))
