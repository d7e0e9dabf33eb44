"""`anlaufstelle duplicates [--json]`: the probable duplicate pairs of the whole registry, for
the data-protection officer's review. Recorded in the audit log (as the system, purpose
data-protection review)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anlaufstelle.people.services import full_duplicate_report


class Command(BaseCommand):
    help = "List pairs of records that are probably the same person."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON object per pair")

    def handle(self, *args: Any, **options: Any) -> None:
        report = full_duplicate_report()
        for pair in report.pairs:
            if options["json"]:
                line = {
                    "ids": [pair.first.pk, pair.second.pk],
                    "score": pair.match.score,
                    "reasons": pair.match.describe(),
                }
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{pair.first.pk}\t{pair.second.pk}\t{pair.match.score:.2f}\t"
                    f"{pair.first} / {pair.second}"
                )
        summary = (
            f"{len(report.pairs)} probable duplicate pairs; "
            f"{report.considered} pairs sharing a key in {report.blocks} blocks, "
            f"{report.checked} of them born in the same year and scored."
        )
        self.stderr.write(summary) if options["json"] else self.stdout.write(summary)
