"""The capacity a site can offer per hour, derived from its staff plan, and the coordinator's
changes to it and to the opening hours.

**Deriving.** For each service the site serves (the flow core's view of it,
:func:`anlaufstelle.planning.centre.site_services`) and each hour the site is open on a weekday:

    units = floor(staff with the skill × 60 / typical minutes × minutes open in the hour / 60)

- *Staff with the skill* are the staff members of the agencies with a desk at the site who have
  the service among their skills, as :func:`anlaufstelle.planning.centre.site_day` finds them.
  A cross-trained person counts for each of their skills *that the site serves* divided by the
  number of those skills: someone who can do registration and payout counts ½ for each, so the
  same working hour is never offered twice. Skills the site does not serve take none of their
  time there.
- *Minutes open in the hour* are the minutes of the clock hour (``h:00`` to ``h+1:00``) that
  fall inside the site's own opening hours (rows without a service; overlapping rows count
  once). An hour counts if the site is open for the whole of it or for part of it: a site that
  opens at 08:30 has a row for 8 o'clock with half the units; one that closes at 16:00 has no
  row for 16 o'clock. A service that keeps hours of its own at the site that day is counted only
  inside them as well.
- The units are split three ways: ``online = floor(units × online share)``, ``staff_only =
  floor(units × staff share)``, and the rest kept for walk-ins, so rounding always favours
  walk-ins.

Every figure is computed with exact fractions (no binary rounding: 20 × 35 % is 7, not
6.999…). Deriving replaces the capacity of the weekdays it derives: rows for hours the site is
closed, and for services it no longer serves, are removed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from anlaufstelle.appointments.models import WEEKDAYS, Capacity, OpeningHours
from anlaufstelle.organisation import models as org
from anlaufstelle.planning import centre

ALL_WEEKDAYS = tuple(day for day, _label in WEEKDAYS)
Interval = tuple[Fraction, Fraction]  # minutes after midnight, from and to


# --- Deriving -----------------------------------------------------------------------------------


def _share(value: float | Decimal | Fraction | int, message: str) -> Fraction:
    try:
        # Through its shortest decimal text, so that 0.35 means 35/100 and not the binary
        # number nearest to it.
        share = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ArithmeticError):
        share = Fraction(-1)
    if not 0 <= share <= 1:
        raise ValueError(message % {"value": value})
    return share


def check_shares(
    online_share: float | Decimal | Fraction, staff_share: float | Decimal | Fraction
) -> tuple[Fraction, Fraction]:
    """The two shares as exact fractions; ValueError with a message for people if either is
    outside [0, 1] or both together exceed 1."""
    online = _share(
        online_share,
        _("The online share must be between 0 and 1 (0 %% and 100 %%), not %(value)s."),
    )
    staff = _share(
        staff_share,
        _("The staff-only share must be between 0 and 1 (0 %% and 100 %%), not %(value)s."),
    )
    if online + staff > 1:
        raise ValueError(
            _(
                "The online share and the staff-only share together must not exceed 1 "
                "(100 %%), not %(sum)s."
            )
            % {"sum": float(online + staff)}
        )
    return online, staff


def _weekdays(weekdays: Iterable[int] | None) -> tuple[int, ...]:
    if weekdays is None:
        return ALL_WEEKDAYS
    chosen = tuple(sorted(set(weekdays)))
    if not set(chosen) <= set(ALL_WEEKDAYS):
        raise ValueError(_("A weekday is a number from 0 (Monday) to 6 (Sunday)."))
    return chosen


def _minutes(clock: time) -> Fraction:
    return Fraction(clock.hour * 60 + clock.minute) + Fraction(clock.second, 60)


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals as one: two rows 08–12 and 10–14 open 08–14, once."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersection(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return _merged(out)


def minutes_open_per_hour(intervals: list[Interval]) -> dict[int, Fraction]:
    """Clock hour -> minutes of it inside the intervals; only hours with some minutes."""
    minutes: dict[int, Fraction] = defaultdict(Fraction)
    for start, end in _merged(intervals):
        for hour in range(int(start // 60), math.ceil(end / 60)):
            overlap = min(end, Fraction(60 * (hour + 1))) - max(start, Fraction(60 * hour))
            if overlap > 0:
                minutes[hour] += overlap
    return dict(minutes)


def _site_hours(site: org.Site) -> dict[tuple[str | None, int], list[Interval]]:
    """(service code or None for the site's own hours, weekday) -> opening intervals."""
    hours: dict[tuple[str | None, int], list[Interval]] = defaultdict(list)
    for row in OpeningHours.objects.filter(site=site).select_related("service"):
        code = row.service.code if row.service is not None else None
        hours[(code, row.weekday)].append((_minutes(row.opens), _minutes(row.closes)))
    return {key: _merged(value) for key, value in hours.items()}


def staff_per_service(site: org.Site, codes: Iterable[str]) -> dict[str, Fraction]:
    """Service code -> staff who can serve it at the site, a cross-trained person split evenly
    over the site's services among their skills (see the module doc)."""
    served = set(codes)
    agencies = org.Agency.objects.filter(desks__site=site).distinct()
    members = org.StaffMember.objects.filter(agency__in=agencies).prefetch_related("skills")
    counts: dict[str, Fraction] = {code: Fraction(0) for code in served}
    for member in members:
        skills = {s.code for s in member.skills.all()} & served
        for code in skills:
            counts[code] += Fraction(1, len(skills))
    return counts


def split(units: int, online: Fraction, staff: Fraction) -> tuple[int, int, int]:
    """(online, staff only, walk-in) of ``units``: the first two rounded down, the rest to
    walk-ins."""
    online_units = math.floor(units * online)
    staff_units = math.floor(units * staff)
    return online_units, staff_units, units - online_units - staff_units


@transaction.atomic
def derive(
    site: org.Site,
    *,
    online_share: float | Decimal | Fraction,
    staff_share: float | Decimal | Fraction,
    weekdays: Iterable[int] | None = None,
) -> int:
    """Write the site's capacity of the weekdays (all seven without ``weekdays``) as derived
    from its staff plan (see the module doc); returns the number of rows written. Shares out
    of range raise ValueError before anything changes."""
    online, staff = check_shares(online_share, staff_share)
    days = _weekdays(weekdays)
    # One coordinator's derivation at a time per site: the second reads the rows the first
    # wrote instead of creating them again (and failing on the unique constraint).
    org.Site.objects.select_for_update().filter(pk=site.pk).first()
    codes = [s.id for s in centre.site_services(site)]
    services = {s.code: s for s in org.Service.objects.filter(code__in=codes)}
    people = staff_per_service(site, codes)
    hours = _site_hours(site)
    existing = {
        (row.service_id, row.weekday, row.hour): row
        for row in Capacity.objects.filter(site=site, weekday__in=days)
    }
    to_create: list[Capacity] = []
    to_update: list[Capacity] = []
    for weekday in days:
        site_open = hours.get((None, weekday), [])
        for code in codes:
            service = services[code]
            open_ = site_open
            if (code, weekday) in hours:
                open_ = _intersection(site_open, hours[(code, weekday)])
            # Decimal to Fraction is exact: 7.5 minutes stay 15/2.
            typical = Fraction(service.typical_minutes)
            for hour, minutes in sorted(minutes_open_per_hour(open_).items()):
                units = math.floor(people[code] * 60 / typical * minutes / 60)
                online_units, staff_units, walk_in = split(units, online, staff)
                values = {"online": online_units, "staff_only": staff_units, "walk_in": walk_in}
                row = existing.pop((service.pk, weekday, hour), None)
                if row is None:
                    to_create.append(
                        Capacity(site=site, service=service, weekday=weekday, hour=hour, **values)
                    )
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                    to_update.append(row)
    # What is left was not derived: hours the site is closed, services it no longer serves.
    Capacity.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    Capacity.objects.bulk_update(to_update, ["online", "staff_only", "walk_in"], batch_size=500)
    Capacity.objects.bulk_create(to_create, batch_size=500)
    return len(to_create) + len(to_update)


# --- The coordinator's changes ------------------------------------------------------------------


@transaction.atomic
def set_hour(
    site: org.Site,
    *,
    service: org.Service,
    weekday: int,
    hour: int,
    online: int,
    staff_only: int,
    walk_in: int,
) -> Capacity:
    """One hour of one service set by hand (created if there was none)."""
    row = Capacity.objects.filter(site=site, service=service, weekday=weekday, hour=hour).first()
    row = row or Capacity(site=site, service=service, weekday=weekday, hour=hour)
    row.online, row.staff_only, row.walk_in = online, staff_only, walk_in
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def add_opening_hours(
    site: org.Site,
    *,
    weekday: int,
    opens: time,
    closes: time,
    service: org.Service | None = None,
) -> OpeningHours:
    row = OpeningHours(site=site, weekday=weekday, opens=opens, closes=closes, service=service)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def remove_opening_hours(site: org.Site, pk: int) -> bool:
    """Remove one row of the site's opening hours; False if the site has no such row (removed
    meanwhile, or another site's)."""
    deleted, _by_model = OpeningHours.objects.filter(site=site, pk=pk).delete()
    return deleted > 0


# --- The table for the page ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    hour: int
    online: int = 0
    staff_only: int = 0
    walk_in: int = 0
    exists: bool = False  # False: no capacity row for this hour

    @property
    def total(self) -> int:
        return self.online + self.staff_only + self.walk_in


@dataclass(frozen=True, slots=True)
class GridRow:
    service: org.Service
    cells: tuple[Cell, ...]
    served: bool  # False: the site no longer serves it, but rows of it are left


@dataclass(frozen=True, slots=True)
class Grid:
    """A weekday's capacity at a site: clock hours as columns, services as rows."""

    weekday: int
    hours: tuple[int, ...]
    open_hours: tuple[int, ...]  # the hours the site is open, for all or part of the hour
    rows: tuple[GridRow, ...]

    @property
    def closed(self) -> bool:
        return not self.open_hours


def grid(site: org.Site, weekday: int) -> Grid:
    """The capacity of the site on the weekday: its hours are those it is open and those with a
    capacity row; its services those it serves (in the site's order), then any others that
    still have rows."""
    (weekday,) = _weekdays([weekday])
    codes = [s.id for s in centre.site_services(site)]
    rows = list(Capacity.objects.filter(site=site, weekday=weekday).select_related("service"))
    by_key = {(row.service.code, row.hour): row for row in rows}
    own = _site_hours(site).get((None, weekday), [])
    open_hours = tuple(sorted(minutes_open_per_hour(own)))
    hours = tuple(sorted(set(open_hours) | {row.hour for row in rows}))
    services = {s.code: s for s in org.Service.objects.filter(code__in=codes)}
    leftover = sorted(
        {row.service.code: row.service for row in rows if row.service.code not in services}.items()
    )
    ordered = [(services[code], True) for code in codes] + [(s, False) for _c, s in leftover]
    out = []
    for service, served in ordered:
        cells = []
        for hour in hours:
            row = by_key.get((service.code, hour))
            cells.append(
                Cell(hour, row.online, row.staff_only, row.walk_in, True)
                if row is not None
                else Cell(hour)
            )
        out.append(GridRow(service, tuple(cells), served))
    return Grid(weekday, hours, open_hours, tuple(out))
