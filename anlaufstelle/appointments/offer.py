"""The planner's proposal of bookings to offer per hour and service on a site's day, and
applying it to the capacity.

The forecast day is the site as configured with the visitors of its walk-in pattern
(:func:`anlaufstelle.planning.centre.site_day`), the staff on duty while the site is open;
:func:`anlaufstelle.flow.bookings.propose_bookings` finds how many visits can be booked so that
booked visitors start on time and walk-ins wait little longer.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from anlaufstelle.appointments import slots
from anlaufstelle.appointments.models import Capacity
from anlaufstelle.flow import Day
from anlaufstelle.flow.bookings import BookingProposal, propose_bookings
from anlaufstelle.flow.scenario import ScenarioError
from anlaufstelle.organisation.models import Service, Site
from anlaufstelle.planning import centre


@dataclass(frozen=True)
class Offer:
    day: date
    first_hour: int  # the clock hour of the proposal's hour 0
    proposal: BookingProposal
    # (service code, clock hour) -> units bookable now (online + staff only)
    current: dict[tuple[str, int], int]

    @property
    def clock_hours(self) -> list[int]:
        return [self.first_hour + h for h in range(self.proposal.hours)]

    def rows(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """Per service: (proposed, bookable now) per clock hour."""
        names = dict(Service.objects.values_list("code", "names"))
        out = []
        for code, units in self.proposal.units.items():
            name = Service(names=names.get(code) or {"de": code}).name
            cells = [
                (n, self.current.get((code, self.first_hour + h), 0)) for h, n in enumerate(units)
            ]
            out.append((name, cells))
        return out


def forecast_day(site: Site, day: date) -> Day | None:
    """The site's forecast day: every walk-in of its pattern, staff on duty while it is open."""
    hours = slots.opening_hours(site, day)
    if not hours:
        return None
    length = (hours[-1][1] - hours[0][0]).total_seconds() / 60
    try:
        pattern = centre.site_day(site, slots.WALK_IN_PATTERN)
    except ScenarioError:
        return None
    return dataclasses.replace(
        pattern,
        opening_minutes=length,
        staff=tuple(dataclasses.replace(m, start=0.0, end=length) for m in pattern.staff),
        interpreters=tuple(
            dataclasses.replace(x, start=0.0, end=length) for x in pattern.interpreters
        ),
        visitors=tuple(v for v in pattern.visitors if v.arrival < length),
    )


def offer(site: Site, day: date) -> Offer | None:
    forecast = forecast_day(site, day)
    if forecast is None:
        return None
    first_hour = timezone.localtime(slots.opening_hours(site, day)[0][0]).hour
    current = {
        (r.service.code, r.hour): r.online + r.staff_only
        for r in Capacity.objects.filter(site=site, weekday=day.weekday()).select_related("service")
    }
    return Offer(day, first_hour, propose_bookings(forecast), current)


def apply(site: Site, result: Offer, *, staff_share: float) -> int:
    """Write the proposal into the capacity of its weekday: the units split into staff only
    (``staff_share``, rounded up) and online; what a row kept for walk-ins stays. Returns the
    rows written."""
    by_code = {s.code: s for s in Service.objects.filter(code__in=result.proposal.units)}
    written = 0
    with transaction.atomic():
        for code, units in result.proposal.units.items():
            for h, n in enumerate(units):
                staff_only = min(n, math.ceil(n * staff_share))
                Capacity.objects.update_or_create(
                    site=site,
                    service=by_code[code],
                    weekday=result.day.weekday(),
                    hour=result.first_hour + h,
                    defaults={"online": n - staff_only, "staff_only": staff_only},
                )
                written += 1
    return written
