"""Backups that have been tried: the database, the uploaded files and the audit checkpoints in
one archive, and a restore into a fresh database after which `audit verify` passes.

The archive is a gzip'd tar with `manifest.json` (format, time, database kind, the audit head it
holds, a SHA-256 of every member), the database (SQLite: a consistent copy by SQLite's backup
API; PostgreSQL: `pg_dump --format=custom`), `media/` and `audit-checkpoints.jsonl`. Before it is
taken, a checkpoint of the audit head is appended, so the backup itself is vouched for.
A restore checks every digest first and writes nothing if one is off.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from anlaufstelle.audit import checkpoints
from anlaufstelle.audit.models import ChainHead
from anlaufstelle.core.dbroles import grant_app_role

FORMAT = "anlaufstelle-backup/1"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be done, in words for the operator."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    audit_seq: int
    files: int


def backup(target: Path) -> Summary:
    if target.exists():
        raise BackupError(f"{target} exists already; a backup never overwrites a file")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a directory")
    vendor = _vendor()
    head = ChainHead.objects.filter(pk=1).first() or ChainHead()
    checkpoints.append(head.last_seq, head.last_hash)
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        database = staging / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), database)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  "--file", str(database), _pg_url()])  # fmt: skip
        members = [database]
        checkpoint_file = Path(settings.AUDIT_CHECKPOINT_FILE)
        if checkpoint_file.is_file():
            shutil.copyfile(checkpoint_file, staging / "audit-checkpoints.jsonl")
            members.append(staging / "audit-checkpoints.jsonl")
        media = Path(settings.MEDIA_ROOT)
        files = (
            sorted(path for path in media.rglob("*") if path.is_file()) if media.is_dir() else []
        )
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": vendor,
            "audit_head": {"seq": head.last_seq, "hash": head.last_hash},
            "digests": {member.name: _digest(member) for member in members},
            "media": {str(path.relative_to(media)): _digest(path) for path in files},
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            for member in members:
                archive.add(member, arcname=member.name)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media)}")
        # Only a complete archive gets the name: a backup cut short is never taken for one.
        os.replace(partial, target)
    return Summary(target, vendor, head.last_seq, len(files))


def restore(source: Path) -> Summary:
    vendor = _vendor()
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        manifest = _unpack(source, staging)
        if manifest["database"] != vendor:
            raise BackupError(
                f"{source} holds a {manifest['database']} database; this installation uses {vendor}"
            )
        _refuse_unless_empty(vendor)
        database = staging / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            connection.close()
            _sqlite_copy(database, Path(settings.DATABASES["default"]["NAME"]))
        else:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", "--dbname", _pg_url(), str(database)])  # fmt: skip
            grant_app_role()
        kept = staging / "audit-checkpoints.jsonl"
        if kept.is_file():
            _merge_checkpoints(kept, Path(settings.AUDIT_CHECKPOINT_FILE))
        media = Path(settings.MEDIA_ROOT)
        for name in manifest["media"]:
            destination = media / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / "media" / name, destination)
    return Summary(source, vendor, int(manifest["audit_head"]["seq"]), len(manifest["media"]))


def _unpack(source: Path, staging: Path) -> dict[str, Any]:
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(staging, filter="data")
    except FileNotFoundError as exc:
        raise BackupError(f"{source}: no such file") from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{source} is not a readable backup archive ({exc})") from exc
    try:
        manifest = json.loads((staging / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} has no readable manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not an Anlaufstelle backup ({FORMAT})")
    wanted = {name: digest for name, digest in manifest["digests"].items()}
    wanted.update({f"media/{name}": digest for name, digest in manifest["media"].items()})
    for name, digest in wanted.items():
        member = staging / name
        if not member.is_file() or _digest(member) != digest:
            raise BackupError(f"{source}: {name} is missing or damaged; nothing was restored")
    return manifest


def _refuse_unless_empty(vendor: str) -> None:
    if vendor == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        if path.exists() and path.stat().st_size > 0 and connection.introspection.table_names():
            raise BackupError(
                f"the database {path} is not empty; restore into a fresh database"
                " (move the old one aside first)"
            )
        return
    if connection.introspection.table_names():
        raise BackupError(
            "the database is not empty; restore into a fresh database (createdb a new one)"
        )


def _merge_checkpoints(kept: Path, into: Path) -> None:
    """Add the backup's checkpoints to the installation's file, each line once."""
    have = set(into.read_text().splitlines()) if into.is_file() else set()
    new = [line for line in kept.read_text().splitlines() if line.strip() and line not in have]
    into.parent.mkdir(parents=True, exist_ok=True)
    with into.open("a") as handle:
        handle.writelines(line + "\n" for line in new)


def _sqlite_copy(source: Path, target: Path) -> None:
    # SQLite's backup API copies a consistent state even while others write (WAL included).
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"backups of a {connection.vendor} database are not supported")
    return connection.vendor


def _pg_url() -> str:
    # The password goes to the tools by PGPASSWORD (see _run), not on their command line.
    db = settings.DATABASES["default"]
    user = f"{db['USER']}@" if db.get("USER") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def _run(command: list[str]) -> None:
    env = {**os.environ, "PGPASSWORD": str(settings.DATABASES["default"].get("PASSWORD") or "")}
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{command[0]}: {last}")


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))
