"""`anlaufstelle planning_jobs`: run the planning jobs the page has queued (planning/jobs.py).
The web process starts one with --once for each job it queues; an operator who prefers a
standing runner sets PLANNING_RUNNER=external and runs this command as a service."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.planning import jobs


class Command(BaseCommand):
    help = "Run queued planning jobs: until none waits (--once), or for ever."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="stop when no job waits (default: keep polling)"
        )
        parser.add_argument(
            "--idle",
            type=float,
            default=2.0,
            help="seconds between looks at the queue while none waits (default 2)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0.1 <= options["idle"] <= 3600:
            raise CommandError("--idle must be between 0.1 and 3600 seconds")
        ended = jobs.run_pending(once=options["once"], idle=options["idle"], beat=True)
        if options["verbosity"] > 1:
            self.stdout.write(f"{ended} planning job(s) ended.")
