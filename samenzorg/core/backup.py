"""Backups of the whole database, and putting one back.

SQLite: the online backup API copies the live database page by page, so a backup can
be made while the platform runs (writers wait a moment, readers not at all).
PostgreSQL: ``pg_dump`` in its custom format, put back with ``pg_restore``. A restore
replaces everything in the database: stop the web processes and the task worker first.
``database_checksum`` tells whether two databases hold the same rows.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection, connections


class BackupError(Exception):
    """A backup or restore that could not be done, with a Dutch message."""


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} is niet gevonden; installeer de PostgreSQL-clienttools.")


def _pg_args(settings: dict) -> tuple[list[str], dict]:
    args = ["--host", str(settings.get("HOST") or "localhost")]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def backup(path: str | Path, *, using: str = "default") -> Path:
    """Write a backup of the database to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connections[using]
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        target = sqlite3.connect(path)
        try:
            conn.connection.backup(target)
        finally:
            target.close()
        return path
    if conn.vendor == "postgresql":
        settings = conn.settings_dict
        args, env = _pg_args(settings)
        result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
            [
                _pg_tool("pg_dump"),
                *args,
                "--format=custom",
                "--file",
                str(path),
                settings["NAME"],
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump is mislukt: {result.stderr.strip()}")
        return path
    raise BackupError(f"Een back-up van {conn.vendor} kan dit platform niet maken.")


def restore(path: str | Path, *, using: str = "default") -> None:
    """Replace the database's contents with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Er is geen back-up op {path}.")
    conn = connections[using]
    if conn.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            conn.ensure_connection()
            source.backup(conn.connection)
        finally:
            source.close()
        return
    if conn.vendor == "postgresql":
        settings = conn.settings_dict
        conn.close()
        args, env = _pg_args(settings)
        result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
            [
                _pg_tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                settings["NAME"],
                str(path),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore is mislukt: {result.stderr.strip()}")
        return
    raise BackupError(f"Terugzetten in {conn.vendor} kan dit platform niet.")


def database_checksum() -> dict[str, tuple[int, str]]:
    """Per table of our models: the number of rows and a hash of all their values."""
    result = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in result:
                continue
            columns = [f.column for f in model._meta.concrete_fields]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(
                f"SELECT {quoted} FROM {connection.ops.quote_name(table)} "  # noqa: S608
                f"ORDER BY {pk}"
            )
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(str(v) for v in row)).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
    return result
