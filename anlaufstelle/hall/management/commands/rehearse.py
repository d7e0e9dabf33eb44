"""`anlaufstelle rehearse DAY.json --site SITE [--speed N | --fast]`: a day file's visitors and
staff played into a site's live hall (hall/rehearsal.py); `--centre PATTERN` instead of a file
rehearses a day drawn for the centre as configured."""

from __future__ import annotations

import dataclasses
import math
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.flow import Day, ScenarioError, load_day_file
from anlaufstelle.hall import rehearsal
from anlaufstelle.organisation.models import Site
from anlaufstelle.planning.centre import PATTERNS, site_day
from anlaufstelle.planning.errors import describe


class Command(BaseCommand):
    help = (
        "Play a day file's visitors into a site's live hall, with the day's staff as simulated "
        "staff at free desks, for training on the real screens and for the demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("day", nargs="?", metavar="DAY.json", help="a day file")
        parser.add_argument("--site", required=True, help="the site, by number or by name")
        pace = parser.add_mutually_exclusive_group()
        pace.add_argument(
            "--speed", default="1", help="how many times faster than real time (default 1)"
        )
        pace.add_argument(
            "--fast", action="store_true", help="as fast as possible, from event to event"
        )
        parser.add_argument(
            "--centre",
            metavar="PATTERN",
            help=f"instead of a file, a day for the centre as configured, with the visitors "
            f"of a pattern ({', '.join(PATTERNS)}), without interpreters",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        site = _site(options["site"])
        speed = None if options["fast"] else _speed(options["speed"])
        day = _day(options["day"], options["centre"], site)
        start = rehearsal.start_time(site)
        try:
            rehearsal.check(day, site, start)
        except rehearsal.RehearsalError as exc:
            raise CommandError(exc.message, returncode=2) from None
        for line in rehearsal.notices(day, site):
            self.stderr.write(line)
        self.stdout.write(
            _(
                "Rehearsing %(visitors)d visitor(s) and %(staff)d simulated staff at %(site)s "
                "from %(start)s, %(pace)s."
            )
            % {
                "visitors": len(day.visitors),
                "staff": len(day.staff),
                "site": site.name,
                "start": timezone.localtime(start).strftime("%H:%M"),
                "pace": _("as fast as possible")
                if speed is None
                else _("%(speed)s times as fast as real time") % {"speed": f"{speed:g}"},
            }
        )
        # Stopped (Ctrl-C, or the demo's server ending): the simulated desks still finish and
        # sign off, so the hall holds no desk of nobody's.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            summary = rehearsal.rehearse(
                day, site, speed=speed, start=start, report=lambda line: self.stderr.write(line)
            )
        except KeyboardInterrupt:
            raise CommandError(_("stopped; the simulated staff have signed off")) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(
            _(
                "%(tickets)d ticket(s) issued, %(steps)d step(s) served by simulated staff, "
                "%(open)d ticket(s) not done."
            )
            % {"tickets": summary.tickets, "steps": summary.steps, "open": summary.open}
        )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _site(value: str) -> Site:
    found = Site.objects.filter(pk=int(value)).first() if value.isdigit() else None
    found = found or Site.objects.filter(name=value).first()
    if found is None:
        names = ", ".join(Site.objects.order_by("name").values_list("name", flat=True))
        raise CommandError(
            _("no site '%(site)s' (sites: %(sites)s)")
            % {"site": value, "sites": names or _("none")},
            returncode=2,
        )
    return found


def _speed(value: str) -> float:
    try:
        speed = float(value)
    except ValueError:
        speed = math.nan
    if not 0 < speed <= 10_000:
        raise CommandError(
            _("--speed: expected a number above 0 and at most 10000, got '%(value)s'")
            % {"value": value},
            returncode=2,
        )
    return speed


def _day(path: str | None, pattern: str | None, site: Site) -> Day:
    if (path is None) == (pattern is None):
        raise CommandError(_("give a day file or --centre PATTERN (one of them)"), returncode=2)
    try:
        if path is not None:
            return load_day_file(path)
        if pattern not in PATTERNS:
            raise CommandError(
                _("--centre: no pattern '%(pattern)s' (patterns: %(patterns)s)")
                % {"pattern": pattern, "patterns": ", ".join(PATTERNS)},
                returncode=2,
            )
        day = site_day(site, pattern)
    except ScenarioError as exc:
        raise CommandError(describe(exc), returncode=2) from None
    # The rehearsal drives no interpreters: those who would need one get by without.
    return dataclasses.replace(
        day,
        interpreters=(),
        visitors=tuple(dataclasses.replace(v, needs_interpreter=False) for v in day.visitors),
    )
