"""`anlaufstelle reindex_names`: rebuild every person's search keys, e.g. for data loaded
before the key table existed or after an upgrade of the matching core changed its keys."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anlaufstelle.people.namesearch import reindex


class Command(BaseCommand):
    help = "Rebuild the search keys of every person's name, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="people per transaction (default 2000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people = keys = 0
        for people, keys in reindex(batch_size=max(1, options["batch_size"])):
            if options["verbosity"] > 1:
                self.stdout.write(f"{people} people, {keys} keys")
        self.stdout.write(f"Rebuilt {keys} keys for {people} people.")
