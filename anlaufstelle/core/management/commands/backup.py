from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database, the uploaded files and the audit checkpoints"
        " (a checkpoint of the audit head is appended first). Restore it with `restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="the archive to write (.tar.gz); must not exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"backup written to {done.path}: {done.vendor} database, audit trail up to"
            f" #{done.audit_seq}, {done.files} file(s)"
        )
