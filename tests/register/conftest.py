"""Registers to test on: an SQLite file, and a PostgreSQL server this test run starts itself
(initdb a cluster in a temporary folder, start it on a free loopback port, drop it at the
end). Tests that take ``register_url`` run on both backends; the PostgreSQL ones are marked
``postgres`` (``-m "not postgres"`` skips them) and are skipped, saying why, only when no
server can be started here."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    """The newest PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin), else PATH's."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """A PostgreSQL cluster of this test run."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:  # the server refuses to run as root
            self.user = "postgres"
            shutil.chown(self.root, user=self.user)
        self.names = itertools.count(1)

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> str:
        """Empty string when the server runs, else why not."""
        done = self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "docgen",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        if done.returncode:
            return "initdb failed: " + (done.stderr or done.stdout).strip()[-300:]
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=100"
        )
        done = self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        if done.returncode:
            logfile = self.root / "log"
            log = logfile.read_text(errors="replace") if logfile.exists() else ""
            return "pg_ctl start failed: " + (done.stderr + log).strip()[-300:]
        return ""

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://docgen@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"register_{next(self.names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    bindir = _bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin "
            "or on PATH): apt-get install postgresql"
        )
    server = Server(bindir)
    why = server.start()
    if why:
        server.stop()
        pytest.skip(f"PostgreSQL could not be started here: {why}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty register on each backend: an SQLite file path, a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite")
    server: Server = request.getfixturevalue("postgres")
    return server.new_database()
