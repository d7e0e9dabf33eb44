"""The project's single command line, ``anlaufstelle <command>``.

The pure computations (``simulate``, ``generate``, ``plan``, ``match``) run straight from their
core, before Django is imported: a coordinator can run them on a laptop without a secret key, a
database or any setting, and the start-up stays short. Every other command is one of Django's
management commands (migrate, runserver, demo, audit, ...).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

PureMain = Callable[[list[str], TextIO, TextIO], int]

# command → (module, function, what it does). Imported only when run, so that one command does
# not pay for the start-up of another.
PURE_COMMANDS: dict[str, tuple[str, str, str]] = {
    "generate": ("anlaufstelle.flow.cli", "run_generate", "generate a day from a forecast"),
    "match": ("anlaufstelle.matching.cli", "run_match", "match people in files, best first"),
    "plan": ("anlaufstelle.flow.cli", "run_plan", "propose the staff of a day"),
    "simulate": ("anlaufstelle.flow.cli", "run_simulate", "replay a day under a policy"),
}


def pure_command(name: str) -> PureMain:
    module, function, _what = PURE_COMMANDS[name]
    main: PureMain = getattr(importlib.import_module(module), function)
    return main


def pure_commands_help() -> str:
    width = max(len(name) for name in PURE_COMMANDS)
    lines = ["[anlaufstelle] (pure computations: no settings, no database)"]
    lines += [f"    {name.ljust(width)}  {what}" for name, (_m, _f, what) in PURE_COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args and args[0] in PURE_COMMANDS:
            sys.exit(pure_command(args[0])(args[1:], sys.stdout, sys.stderr))
        if len(args) == 2 and args[0] == "help" and args[1] in PURE_COMMANDS:
            sys.exit(pure_command(args[1])(["--help"], sys.stdout, sys.stderr))
        _django(args)
    except BrokenPipeError:
        # Output piped into `head` and the like: the reader left, nothing went wrong here.
        sys.stderr.close()
        sys.exit(0)


# Commands that change tables, not only rows: they run as the owner of the tables
# (MIGRATE_DATABASE_URL) when one is configured, and grant the application's role its rows.
OWNER_COMMANDS = {"migrate", "restore"}


def _as_owner() -> None:
    from anlaufstelle.config import env

    owner_url = env.get("MIGRATE_DATABASE_URL")
    if not owner_url:
        return
    app_url = env.get("DATABASE_URL")
    if app_url and not env.get("DATABASE_APP_ROLE"):
        from urllib.parse import unquote, urlsplit

        user = urlsplit(app_url).username
        if user:
            os.environ["DATABASE_APP_ROLE"] = unquote(user)
    os.environ["DATABASE_URL"] = owner_url
    os.environ.pop("DATABASE_URL_FILE", None)


def _django(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anlaufstelle.config.settings")
    if args[:1] and args[0] in OWNER_COMMANDS:
        _as_owner()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        # Django's list of commands does not know the pure ones.
        def main_help_text(self, commands_only: bool = False) -> str:
            text = super().main_help_text(commands_only)
            if commands_only:
                return "\n".join(sorted([*text.splitlines(), *PURE_COMMANDS]))
            return f"{text}\n\n{pure_commands_help()}"

    from django.db import DatabaseError

    try:
        Utility(["anlaufstelle", *args]).execute()
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's, not a bug: one line, no traceback.
        print(f"anlaufstelle: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    except DatabaseError:
        # A database that cannot be reached or has no tables yet is the operator's to fix,
        # like a configuration mistake. Any other database error is a bug: its traceback stays.
        problem = _database_problem(migrating=args[:1] == ["migrate"])
        if problem is None:
            raise
        print(f"anlaufstelle: {problem}", file=sys.stderr)
        sys.exit(2)


def _database_problem(*, migrating: bool) -> str | None:
    """Why a command failed on the database, in one line, if the operator can fix it: the
    database cannot be reached, or its tables are missing or out of date. Looks only, writes
    nothing (no table is created, not even Django's list of applied migrations)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    where = _database_address(connection.settings_dict)
    connection.close()  # a fresh connection: the failed one may be half-open or aborted
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"cannot reach the database {where}: {reason}"
    if migrating:
        return None  # migrate failed on a reachable database: not a missing migration
    try:
        executor = MigrationExecutor(connection)
        missing = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return None
    if missing:
        return (
            f"the database {where} is not set up or not up to date ({missing} migration(s) "
            "not applied): run `anlaufstelle migrate` first"
        )
    return None


def _database_address(settings: dict[str, Any]) -> str:
    # Where the database is, without the user name or password.
    name = str(settings.get("NAME") or "")
    if settings.get("ENGINE", "").endswith("sqlite3"):
        return name
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"{name} on {host}{port}"


if __name__ == "__main__":
    main()
