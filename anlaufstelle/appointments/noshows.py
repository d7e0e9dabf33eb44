"""Who does not come: no-shows counted by service and by how far ahead the booking was made,
and the overbooking a coordinator may allow by those rates.

A booking counts once its time and late window have passed: checked in (came) or marked not
come (``anlaufstelle appointments missed``). Held, cancelled and coming bookings do not count.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.appointments.models import Booking, Overbooking
from anlaufstelle.organisation.models import Site

# How far ahead a booking was made: up to these many days (the last is open-ended).
LEAD_BANDS: tuple[tuple[int, Promise], ...] = (
    (0, _("the same day")),
    (2, _("1–2 days ahead")),
    (7, _("3–7 days ahead")),
    (10_000, _("more than a week ahead")),
)
# Rates measured over so few bookings say nothing: no overbooking below this many.
MIN_BOOKINGS = 20
# The window the rates are measured over.
WINDOW_DAYS = 90


@dataclass(frozen=True)
class Rate:
    label: str
    counted: int
    missed: int

    @property
    def rate(self) -> float:
        return self.missed / self.counted if self.counted else 0.0


def _counted(site: Site, now: datetime) -> QuerySet[Booking]:
    return Booking.objects.filter(
        site=site,
        state__in=[Booking.State.CHECKED_IN, Booking.State.MISSED],
        start__gte=now - timedelta(days=WINDOW_DAYS),
    )


def _band(booking: Booking) -> int:
    days = (timezone.localdate(booking.start) - timezone.localdate(booking.created)).days
    return next(n for n, (limit, _label) in enumerate(LEAD_BANDS) if days <= limit)


def rates(site: Site, now: datetime | None = None) -> tuple[list[Rate], list[Rate]]:
    """(by service, by lead time) over the last ``WINDOW_DAYS`` days."""
    now = now or timezone.now()
    by_service: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_lead = [[0, 0] for _band in LEAD_BANDS]
    for booking in _counted(site, now).prefetch_related("steps__service"):
        missed = int(booking.state == Booking.State.MISSED)
        for step in booking.steps.all():
            row = by_service[step.service.name]
            row[0] += 1
            row[1] += missed
        band = by_lead[_band(booking)]
        band[0] += 1
        band[1] += missed
    services = [Rate(name, c, m) for name, (c, m) in sorted(by_service.items())]
    leads = [
        Rate(str(label), c, m) for (_limit, label), (c, m) in zip(LEAD_BANDS, by_lead, strict=True)
    ]
    return services, leads


def service_rates(site: Site, now: datetime | None = None) -> dict[str, float]:
    """The no-show rate per service code, where enough bookings were counted."""
    now = now or timezone.now()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for booking in _counted(site, now).prefetch_related("steps__service"):
        missed = int(booking.state == Booking.State.MISSED)
        for step in booking.steps.all():
            counts[step.service.code][0] += 1
            counts[step.service.code][1] += missed
    return {code: m / c for code, (c, m) in counts.items() if c >= MIN_BOOKINGS}


def overbooked(site: Site, units: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """The bookable units with the overbooking the coordinator allows: each service's units
    divided by the share who come (so that as many come as there are units), capped at the
    site's ``at_most`` percent more."""
    policy = Overbooking.objects.filter(site=site).first()
    if policy is None or not policy.allowed:
        return units
    measured = service_rates(site)
    cap = policy.at_most / 100
    out = {}
    for (code, hour), n in units.items():
        rate = min(measured.get(code, 0.0), cap / (1 + cap))
        out[(code, hour)] = math.floor(n / (1 - rate) + 1e-9) if rate else n
    return out
