"""A throwaway PostgreSQL + PostGIS cluster for the store tests and benchmarks.

``Cluster.start()`` runs Debian's ``initdb`` into a new temporary folder and
``pg_ctl start`` on a Unix socket in that folder (no TCP port, trust
authentication: nobody else can reach it), as the invoking user, or as the
``postgres`` system user when run as root (PostgreSQL refuses to run as
root). ``stop()`` stops it and removes the folder. ``GEO_TEST_STORE_URL``
names an existing server instead (a superuser URL: tests create databases);
``GEO_PG_BIN`` another folder of PostgreSQL programs.

``unavailable()`` says why no cluster can be had here ('' when one can).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ENV_URL = "GEO_TEST_STORE_URL"
SETUP_HINT = "run `bash .ci/postgres-setup.sh` (installs postgresql-15-postgis-3) or set GEO_TEST_STORE_URL"


def bin_dir() -> Path | None:
    """Debian's PostgreSQL programs (the newest installed major version), ``$GEO_PG_BIN``, or None."""
    if os.environ.get("GEO_PG_BIN"):
        folder = Path(os.environ["GEO_PG_BIN"])
        return folder if (folder / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def unavailable() -> str:
    """Why the store tests cannot get a server here, or '' when they can."""
    if os.environ.get(ENV_URL):
        return ""
    where = bin_dir()
    if where is None:
        return f"PostgreSQL is not installed: {SETUP_HINT}"
    version = where.parts[-2]
    if not glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
        return f"PostGIS is not installed for PostgreSQL {version}: {SETUP_HINT}"
    if os.geteuid() == 0 and not _has_user("postgres"):
        return "running as root and no 'postgres' user to run the server as"
    return ""


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _free_port() -> int:
    # The socket file is named after the port: a free TCP port keeps two clusters apart.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running server: its superuser URL (``url(db)``) and, when ours, its folder."""

    host: str = ""
    port: int = 0
    folder: Path | None = None
    base_url: str = ""
    _as_user: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> "Cluster":
        if os.environ.get(ENV_URL):
            return cls(base_url=os.environ[ENV_URL])
        folder = Path(tempfile.mkdtemp(prefix="geo-pg-"))
        cluster = cls(host=str(folder), port=_free_port(), folder=folder)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
            cluster._as_user = ["runuser", "-u", "postgres", "--"]
        cluster._run("initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust",
                     "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        cluster._run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "server.log"), "-w", "-t", "60",
                     "-o", f"-c listen_addresses='' -c unix_socket_directories='{folder}' -p {cluster.port} "
                           "-c fsync=off -c max_connections=50", "start")
        return cluster

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self._as_user, str(bin_dir() / program), *args], capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def url(self, database: str = "postgres") -> str:
        """A URL of ``database`` on this server (as the superuser)."""
        if self.base_url:
            head, _, _ = self.base_url.rpartition("/")
            return f"{head}/{database}"
        return f"postgresql://postgres@/{database}?host={self.host}&port={self.port}"

    def stop(self) -> None:
        if self.folder is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
