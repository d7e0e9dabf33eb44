"""Which start times a visit can be booked at.

A time is offered when two things hold:

1. **Capacity.** Each step of the visit, at the time it is expected to start, falls in an hour
   of its service that still has units left on the booking's channel (online bookings use the
   online units; staff also the staff-only units; the walk-in units are never booked). The
   units used are those of the day's bookings that are booked or checked in, held and not yet
   expired, or cancelled less than ``APPOINTMENT_CANCEL_EMBARGO_MINUTES`` ago (a cancelled time
   is not offered again at once, so a freed time cannot be snatched by a script watching for
   it).
2. **The simulated day.** The flow core replays the site's day: the centre as configured
   (:func:`anlaufstelle.planning.centre.site_day`), its forecast of walk-ins thinned to the
   share of capacity kept for them, every booking already made, and the new visit at this
   time. The time is offered only if the new visit's first step starts on time (within
   ``BOOKED_ON_TIME_MINUTES`` of its time) and the share of all booked visitors who start on
   time stays at least ``ON_TIME_AIM``. This is what keeps a booking honest on a day whose
   walk-ins already fill the desks, which the capacity table alone cannot see.

The free times of a day are cached under the day's booking version: a booking, a move or a
cancellation changes the version and so the times offered.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractHour
from django.utils import timezone

from anlaufstelle.appointments import noshows
from anlaufstelle.appointments.models import (
    STAFF_CHANNELS,
    BookedStep,
    Booking,
    BookingDay,
    Capacity,
    OpeningHours,
)
from anlaufstelle.flow import Day
from anlaufstelle.flow.plans import PlannedStep, plan_steps, with_prerequisites
from anlaufstelle.flow.policies import DEFAULT_POLICY, get_policy
from anlaufstelle.flow.scenario import ScenarioError, Visitor
from anlaufstelle.flow.simulator import BOOKED_ON_TIME_MINUTES, simulate
from anlaufstelle.organisation.models import Site
from anlaufstelle.planning import centre

# The share of booked visitors who must start on time in the simulated day for a time to be
# offered (issue 12's aim).
ON_TIME_AIM = 0.95
# Visitors of the walk-in pattern: a rural walk-in day is the typical load of a centre.
WALK_IN_PATTERN = "burgenland-walk-in"
CACHE_SECONDS = 300


def slot_minutes() -> int:
    return int(settings.APPOINTMENT_SLOT_MINUTES)


@dataclass(frozen=True, slots=True)
class VisitStep:
    service: str
    offset: float  # minutes after the visit's start
    minutes: float  # expected, for the party
    units: int


@dataclass(frozen=True, slots=True)
class VisitShape:
    """A visit as it will be booked: its steps in the order they will be taken."""

    steps: tuple[VisitStep, ...]
    party_size: int
    needs_interpreter: bool

    @property
    def minutes(self) -> float:
        last = self.steps[-1]
        return last.offset + last.minutes

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.service for s in self.steps)

    def key(self) -> str:
        return f"{','.join(self.codes)}|{self.party_size}|{int(self.needs_interpreter)}"


def sequence(steps: Sequence[PlannedStep]) -> list[PlannedStep]:
    """The steps in an order their prerequisites allow: each time the first (in the site's
    order) whose prerequisites are done; one step after the other, as one person takes them."""
    todo = list(steps)
    done: set[str] = set()
    ordered: list[PlannedStep] = []
    while todo:
        step = next((s for s in todo if s.requires <= done), todo[0])
        todo.remove(step)
        done.add(step.service)
        ordered.append(step)
    return ordered


def visit_shape(
    site: Site, codes: Iterable[str], party_size: int, needs_interpreter: bool = False
) -> VisitShape:
    """The visit for these concerns at the site, their prerequisites added; no steps if the
    site offers none of them."""
    services = centre.site_services(site)
    index = {s.id: s for s in services}
    needed = with_prerequisites(index, codes)
    planned = plan_steps(needed, party_size, services, 0.0)
    walk = float(settings.APPOINTMENT_WALK_MINUTES)
    steps = []
    offset = 0.0
    for step in sequence(planned):
        single = index[step.service].expected_minutes(1)
        units = max(1, math.ceil(step.expected_minutes / single - 1e-9)) if single else 1
        steps.append(VisitStep(step.service, offset, step.expected_minutes, units))
        offset += step.expected_minutes + walk
    return VisitShape(tuple(steps), party_size, needs_interpreter)


# --- Opening hours and capacity -----------------------------------------------------------------


def opening_hours(site: Site, day: date) -> list[tuple[datetime, datetime]]:
    """The site's opening intervals on a day (its own hours, not a service's)."""
    rows = OpeningHours.objects.filter(site=site, service=None, weekday=day.weekday())
    return [(_at(day, r.opens), _at(day, r.closes)) for r in rows.order_by("opens")]


def service_hours(site: Site, day: date) -> dict[str, list[tuple[datetime, datetime]]]:
    """Services that keep hours of their own at the site that day."""
    hours: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    rows = OpeningHours.objects.filter(site=site, weekday=day.weekday()).exclude(service=None)
    for r in rows.select_related("service"):
        assert r.service is not None
        hours[r.service.code].append((_at(day, r.opens), _at(day, r.closes)))
    return hours


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def bookable_units(site: Site, day: date, channel: str) -> dict[tuple[str, int], int]:
    """Units per (service, hour) that the channel may book, overbooked where the coordinator
    allows it (appointments/noshows.py)."""
    rows = Capacity.objects.filter(site=site, weekday=day.weekday()).select_related("service")
    staff = channel in STAFF_CHANNELS
    units = {(r.service.code, r.hour): r.online + (r.staff_only if staff else 0) for r in rows}
    return noshows.overbooked(site, units)


def active_bookings(site: Site, day: date, now: datetime) -> Q:
    """The bookings that hold their time now (see the module doc)."""
    embargo = timedelta(minutes=int(settings.APPOINTMENT_CANCEL_EMBARGO_MINUTES))
    return Q(site=site, start__date=day) & (
        Q(state__in=[Booking.State.BOOKED, Booking.State.CHECKED_IN])
        | Q(state=Booking.State.HELD, held_until__gt=now)
        | Q(state=Booking.State.CANCELLED, cancelled_at__gt=now - embargo)
    )


def used_units(
    site: Site, day: date, now: datetime, *, exclude: int | None = None
) -> dict[tuple[str, int], int]:
    """Units per (service, hour) that the day's holding bookings use (without ``exclude``, the
    booking being moved)."""
    bookings = Booking.objects.filter(active_bookings(site, day, now))
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude)
    rows = (
        BookedStep.objects.filter(booking__in=bookings)
        .annotate(hour=ExtractHour("start", tzinfo=timezone.get_current_timezone()))
        .values("service__code", "hour")
        .annotate(units=Sum("units"))
    )
    return {(r["service__code"], r["hour"]): r["units"] for r in rows}


def _inside(start: datetime, end: datetime, intervals: list[tuple[datetime, datetime]]) -> bool:
    return any(a <= start and end <= b for a, b in intervals)


def capacity_times(
    site: Site,
    day: date,
    shape: VisitShape,
    channel: str,
    now: datetime,
    *,
    exclude: int | None = None,
) -> list[datetime]:
    """Start times on the day at which every step of the visit fits its service's hours and
    an hour with units left (step 1 of the module doc)."""
    if not shape.steps:
        return []
    units = bookable_units(site, day, channel)
    used = used_units(site, day, now, exclude=exclude)
    own_hours = service_hours(site, day)
    earliest = now + timedelta(minutes=int(settings.APPOINTMENT_LEAD_MINUTES))
    step = timedelta(minutes=slot_minutes())
    times = []
    for opens, closes in opening_hours(site, day):
        start = opens
        while start + timedelta(minutes=shape.minutes) <= closes:
            if start >= earliest and _fits(start, shape, units, used, own_hours):
                times.append(start)
            start += step
    return times


def _fits(
    start: datetime,
    shape: VisitShape,
    units: dict[tuple[str, int], int],
    used: dict[tuple[str, int], int],
    own_hours: dict[str, list[tuple[datetime, datetime]]],
) -> bool:
    for s in shape.steps:
        at = start + timedelta(minutes=s.offset)
        if s.service in own_hours and not _inside(
            at, at + timedelta(minutes=s.minutes), own_hours[s.service]
        ):
            return False
        key = (s.service, timezone.localtime(at).hour)
        if used.get(key, 0) + s.units > units.get(key, 0):
            return False
    return True


# --- The simulated day --------------------------------------------------------------------------


def _walk_in_share(site: Site, day: date) -> float:
    totals = Capacity.objects.filter(site=site, weekday=day.weekday()).aggregate(
        online=Sum("online"), staff=Sum("staff_only"), walk_in=Sum("walk_in")
    )
    whole = sum(v or 0 for v in totals.values())
    return (totals["walk_in"] or 0) / whole if whole else 1.0


def base_day(site: Site, day: date) -> Day | None:
    """The site's day with its forecast walk-ins and no bookings, staff on duty while it is
    open; None if the site is closed that day or the flow core cannot build it."""
    hours = opening_hours(site, day)
    if not hours:
        return None
    opens, closes = hours[0][0], hours[-1][1]
    length = (closes - opens).total_seconds() / 60
    try:
        pattern = centre.site_day(site, WALK_IN_PATTERN)
    except ScenarioError:
        return None
    share = _walk_in_share(site, day)
    # Every visitor of the pattern whose place in a low-discrepancy sequence falls below the
    # share: the same thinning every time, spread evenly over the day.
    golden = (math.sqrt(5) - 1) / 2
    walk_ins = tuple(
        dataclasses.replace(v, appointment=None)
        for n, v in enumerate(pattern.visitors)
        if (n * golden) % 1.0 < share and v.arrival < length
    )
    staff = tuple(dataclasses.replace(m, start=0.0, end=length) for m in pattern.staff)
    interpreters = tuple(
        dataclasses.replace(x, start=0.0, end=length) for x in pattern.interpreters
    )
    return dataclasses.replace(
        pattern,
        opening_minutes=length,
        staff=staff,
        interpreters=interpreters,
        visitors=walk_ins,
    )


def _booked_visitor(
    ident: str, opens: datetime, start: datetime, shape: VisitShape, language: str
) -> Visitor:
    at = max(0.0, (start - opens).total_seconds() / 60)
    return Visitor(
        id=ident,
        arrival=at,
        party_size=shape.party_size,
        language=language,
        needs_interpreter=shape.needs_interpreter,
        steps={s.service: s.minutes for s in shape.steps},
        appointment=at,
    )


def booked_visitors(
    site: Site, day: date, opens: datetime, now: datetime, *, exclude: int | None = None
) -> list[Visitor]:
    """The day's holding bookings as visitors of the simulated day, at their expected minutes
    (the simulation asks whether the plan holds, not how lucky a day turns out)."""
    index = {s.id: s for s in centre.site_services(site)}
    bookings = (
        Booking.objects.filter(active_bookings(site, day, now))
        .exclude(state=Booking.State.CANCELLED)
        .prefetch_related("steps__service")
    )
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude)
    visitors = []
    for b in bookings:
        at = max(0.0, (b.start - opens).total_seconds() / 60)
        steps = {
            s.service.code: index[s.service.code].expected_minutes(b.party_size)
            for s in b.steps.all()
            if s.service.code in index
        }
        if steps:
            visitors.append(
                Visitor(
                    id=f"B{b.pk}",
                    arrival=at,
                    party_size=b.party_size,
                    language=b.language,
                    needs_interpreter=b.needs_interpreter,
                    steps=steps,
                    appointment=at,
                )
            )
    return visitors


def on_time(day: Day, candidate: str) -> bool:
    """Does the candidate start on time, and do enough of the booked visitors?"""
    result = simulate(day, get_policy(DEFAULT_POLICY))
    if result.figures.booked_on_time < ON_TIME_AIM:
        return False
    for visitor, record in zip(day.visitors, result.visitors, strict=True):
        if visitor.id == candidate:
            due = max(visitor.arrival, visitor.appointment or 0.0) + BOOKED_ON_TIME_MINUTES
            return bool(record.steps) and record.steps[0].start <= due + 1e-9
    return False


class _Simulated:
    """The simulated day of step 2, built once for all the times checked on it."""

    def __init__(
        self, site: Site, day: date, now: datetime, exclude: int | None, language: str
    ) -> None:
        self.base = base_day(site, day)
        self.language = language
        if self.base is not None:
            self.opens = opening_hours(site, day)[0][0]
            self.others = booked_visitors(site, day, self.opens, now, exclude=exclude)

    def holds(self, start: datetime, shape: VisitShape) -> bool:
        if self.base is None:
            return True  # no forecast to check against: the capacity table decides
        candidate = _booked_visitor("NEW", self.opens, start, shape, self.language)
        visitors = sorted([*self.base.visitors, *self.others, candidate], key=lambda v: v.arrival)
        return on_time(dataclasses.replace(self.base, visitors=tuple(visitors)), "NEW")


def still_free(
    site: Site,
    start: datetime,
    shape: VisitShape,
    channel: str,
    *,
    language: str,
    now: datetime,
    exclude: int | None = None,
    simulate: bool = True,
) -> bool:
    """Is this one time free for the visit, as a booking checks under its lock? Without
    ``simulate`` only the capacity table is asked (an invitation run books many at once and
    shows the simulated days afterwards)."""
    day = timezone.localdate(start)
    if start not in capacity_times(site, day, shape, channel, now, exclude=exclude):
        return False
    return not simulate or _Simulated(site, day, now, exclude, language).holds(start, shape)


def free_times(
    site: Site,
    day: date,
    shape: VisitShape,
    channel: str,
    *,
    language: str = "de",
    now: datetime | None = None,
    exclude: int | None = None,
) -> list[datetime]:
    """The times the visit can be booked at on the day (both steps of the module doc)."""
    now = now or timezone.now()
    version = BookingDay.objects.filter(site=site, date=day).values_list("version", flat=True)
    key = (
        f"appointments:free:{site.pk}:{day}:{version.first() or 0}:{shape.key()}:{language}:"
        f"{channel}:{exclude or 0}:{now:%Y%m%d%H%M}"
    )
    cached: list[datetime] | None = cache.get(key)
    if cached is not None:
        return cached
    times = capacity_times(site, day, shape, channel, now, exclude=exclude)
    if times:
        simulated = _Simulated(site, day, now, exclude, language)
        times = [start for start in times if simulated.holds(start, shape)]
    cache.set(key, times, CACHE_SECONDS)
    return times


def booking_sites() -> QuerySet[Site]:
    """The sites that take bookings: those with opening hours."""
    return Site.objects.filter(opening_hours__isnull=False).distinct().order_by("name")


def bookable_days(site: Site, first: date, count: int) -> list[date]:
    """The next ``count`` days from ``first`` on which the site is open."""
    open_days = set(
        OpeningHours.objects.filter(site=site, service=None).values_list("weekday", flat=True)
    )
    days: list[date] = []
    day = first
    while open_days and len(days) < count:
        if day.weekday() in open_days:
            days.append(day)
        day += timedelta(days=1)
    return days
