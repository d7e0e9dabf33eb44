"""`anlaufstelle export-day --site SITE --date YYYY-MM-DD [-o FILE]`: a day of the live hall
as a day file, for the simulator and the planner (hall/export.py)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.hall.export import day_file
from anlaufstelle.hall.models import HallDay
from anlaufstelle.organisation.models import Site


class Command(BaseCommand):
    help = "Write a day of a site's live hall as a day file (anlaufstelle-scenario/1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", required=True, help="the site, by number or by name")
        parser.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
        parser.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        site = _site(options["site"])
        try:
            when = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                f"not a date (YYYY-MM-DD): {options['date']!r}", returncode=2
            ) from None
        day = HallDay.objects.filter(site=site, date=when).first()
        if day is None:
            raise CommandError(f"{site.name} had no live hall on {when.isoformat()}", returncode=2)
        text = json.dumps(day_file(day), ensure_ascii=False, indent=1) + "\n"
        output = options["output"]
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}", returncode=2) from None
        self.stderr.write(f"{day.visits.count()} visitor(s) written to {output}")


def _site(value: str) -> Site:
    found = Site.objects.filter(pk=int(value)).first() if value.isdigit() else None
    found = found or Site.objects.filter(name=value).first()
    if found is None:
        names = ", ".join(Site.objects.order_by("name").values_list("name", flat=True))
        raise CommandError(f"no site {value!r} (sites: {names or 'none'})", returncode=2)
    return found
