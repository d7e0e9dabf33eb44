from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.audit.services import verify


class Command(BaseCommand):
    help = (
        "Work with the audit trail. `audit verify` checks the hash chain end to end and the index"
        " of people shown against the entries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="check that no entry was changed, removed or inserted")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            result = verify()
            if result.ok:
                self.stdout.write(
                    self.style.SUCCESS(f"audit chain intact: {result.checked} entries")
                )
                return
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"audit chain broken: {len(result.problems)} problem(s) in {result.checked} entries"
            )
