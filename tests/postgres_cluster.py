"""A throwaway PostgreSQL cluster for the tests: initdb, pg_ctl start, a database per mock.

PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user (Debian's
package creates it) through `runuser`, in a temporary directory that user owns. It listens on
127.0.0.1 on a free port and on a unix socket in that directory; `stop()` removes it all.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from mock_helpers import free_port

# CI sets it (the Makefile does): there PostgreSQL must be there, so a missing one fails.
REQUIRED_ENV = "CONTACTKIT_REQUIRE_POSTGRES"


def binaries() -> Path | None:
    """Return the directory of initdb and pg_ctl (PATH first, then Debian's), or None."""
    found = shutil.which("initdb") and shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(versions[-1]).parent if versions else None


def _version(path: str) -> float:
    return float(Path(path).parent.parent.name)


def missing_reason() -> str | None:
    """Return why no cluster can be started here (None when one can)."""
    if binaries() is None:
        return "PostgreSQL is not installed (make test installs Debian's postgresql package)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: PostgreSQL refuses to run as root"
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no postgres user to run PostgreSQL as"
    return None


class PostgresCluster:
    """One PostgreSQL server for the test session, owned by a non-root user."""

    def __init__(self) -> None:
        bin_dir = binaries()
        assert bin_dir is not None, missing_reason()
        self._bin = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="contactkit-pg-"))
        self._as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_user:
            shutil.chown(self.root, "postgres")
        self.data = self.root / "data"

    def start(self) -> PostgresCluster:
        """Create the cluster (trust authentication on loopback only) and start it."""
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        return self

    def url(self, database: str = "postgres") -> str:
        """Return the URL of a database of the cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its URL (each mock gets its own)."""
        import psycopg

        name = f"mock_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and delete the cluster."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as_user, str(self._bin / program), *args]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)
