"""New, empty databases of the kind the tests run on, for tests that run the command line:
a new database on their PostgreSQL server (dropped afterwards), or a SQLite file."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def new_database(folder: Path, label: str) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        database = folder / f"{label}.sqlite3"
        database.touch()
        yield f"sqlite:///{database}"
        return
    import psycopg

    server = url.rsplit("/", 1)[0]
    name = f"anl_{label}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def tables(url: str) -> list[str]:
    if url.startswith("sqlite:///"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(url) as pg:
        query = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        return [row[0] for row in pg.execute(query).fetchall()]


def count(url: str, table: str) -> int:
    if url.startswith("sqlite:///"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(url) as pg:
        row = pg.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0


def query(url: str, sql: str) -> list[tuple[object, ...]]:
    """The rows of one query, read over a connection of the test's own."""
    if url.startswith("sqlite:///"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return list(connection.execute(sql).fetchall())
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(url) as pg:
        return list(pg.execute(sql).fetchall())
