from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into a fresh, empty database (as the owner of"
        " the tables, MIGRATE_DATABASE_URL, when one is set), then run `audit verify`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive written by `backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = restore(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"restored {done.path}: {done.vendor} database, audit trail up to #{done.audit_seq},"
            f" {done.files} file(s); now run `anlaufstelle audit verify`"
        )
