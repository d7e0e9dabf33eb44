"""The application's database role owns no tables: on PostgreSQL it cannot alter the audit
table (so not lift its triggers), nor change or remove its rows, while it works with all other
rows as before. SQLite has no roles; there the grant says so and changes nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection

from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.dbroles import grant_app_role

DENIED = [
    "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "UPDATE audit_auditentry SET username = 'someone'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry CASCADE",
    "DELETE FROM audit_auditshown",
    "DROP TABLE audit_auditentry CASCADE",
    "CREATE TABLE shadow (id int)",
]


@pytest.fixture
def app_role(committed_db) -> Iterator[str | None]:
    """A login role for the application, created for this test and removed after it (none on
    SQLite, which has no roles)."""
    if connection.vendor != "postgresql":
        yield None
        return
    role = f"anlaufstelle_app_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'app-role-password'")
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


def _connect_as(role: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        password="app-role-password",
        autocommit=True,
    )


def test_the_application_role_cannot_rewrite_the_audit_table(app_role: str | None):
    if app_role is None:
        # No roles on SQLite: the grant must say so rather than pretend.
        assert grant_app_role(role="anyone") == "SQLite has no database roles: nothing to grant"
        return
    role = app_role
    record(actor=Actor(None, "system", "", ""), action="create", purpose="demo", person_id=1)
    assert "audit tables: add only" in grant_app_role(role=role)
    with _connect_as(role) as app:
        for statement in DENIED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        # What the application does need still works: read the trail, add to it, keep the head.
        assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (1,)
        app.execute("UPDATE audit_chainhead SET last_seq = last_seq")
        app.execute("UPDATE people_person SET version = version")
        app.execute("DELETE FROM django_session")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(username) FROM audit_auditentry")
        assert cursor.fetchone() == (1, "system")


def test_granting_to_the_owner_itself_changes_nothing(db):
    if connection.vendor != "postgresql":
        assert grant_app_role(role="") == "SQLite has no database roles: nothing to grant"
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    assert "is the owner of the tables" in grant_app_role(role=owner)
