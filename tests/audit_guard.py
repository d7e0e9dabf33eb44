"""The audit tables' append-only guards (database triggers), lifted the way someone with direct
database access would lift them: to tamper in tests of `audit verify`, and to let tests that
commit for real empty the tables at their end."""

from __future__ import annotations

from importlib import import_module

from django.db import connection

# The append-only tables and the migrations that guard them.
GUARDED = {
    "audit_auditentry": "anlaufstelle.audit.migrations.0002_append_only",
    "audit_auditshown": "anlaufstelle.audit.migrations.0004_shown_index",
}


def set_guard(table: str, on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not on:
                # The index rows' foreign key is checked at commit; PostgreSQL will not alter
                # a table with such checks pending, so they run now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
        else:
            guard = import_module(GUARDED[table])
            for statement in guard.SQLITE if on else guard.SQLITE_REVERSE:
                cursor.execute(statement)


def set_all_guards(on: bool) -> None:
    for table in GUARDED:
        set_guard(table, on)


def tamper(table: str, sql: str, params: list | None = None) -> None:
    """Run `sql` on `table` around its guard. On SQLite the guard comes back with the test's
    rollback (its triggers are part of the transaction); on PostgreSQL it is put back here."""
    set_guard(table, False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    if connection.vendor == "postgresql":
        set_guard(table, True)
