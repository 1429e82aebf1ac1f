"""A throwaway PostgreSQL server for the tests (Debian's binaries, loopback, free port)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager


def binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root: run the server as the postgres system user.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def temporary_server():
    bindir = binaries()
    if bindir is None:
        raise RuntimeError("PostgreSQL n'est pas installé (paquet Debian postgresql)")
    root = tempfile.mkdtemp(prefix="icc-pg-")
    datadir = os.path.join(root, "data")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres([f"{bindir}/initdb", "-D", datadir, "-U", "icc", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            [
                f"{bindir}/pg_ctl",
                "-D",
                datadir,
                "-l",
                os.path.join(root, "log"),
                "-o",
                f"-p {port} -k {root} -h 127.0.0.1 -c fsync=off",
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        deadline = time.time() + 30
        while subprocess.run([f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)]).returncode != 0:
            if time.time() > deadline:
                raise RuntimeError("PostgreSQL n'a pas démarré")
            time.sleep(0.2)
        subprocess.run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "icc", "icc"], check=True)
        yield f"postgresql+psycopg://icc@127.0.0.1:{port}/icc"
    finally:
        subprocess.run(
            _as_postgres([f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
