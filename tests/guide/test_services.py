"""What the guide says about a service: open now (at a fixed moment), today's wait from the
live hall, where it is served."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone

from anlaufstelle.appointments.models import OpeningHours
from anlaufstelle.guide import services as guide
from anlaufstelle.hall import clock as hall_clock
from anlaufstelle.hall import services as hall_services
from anlaufstelle.organisation.models import Desk, Site

# A Monday.
MONDAY = datetime(2026, 3, 2)


def at(day: datetime, clock: str) -> datetime:
    return timezone.make_aware(datetime.combine(day.date(), time.fromisoformat(clock)))


@pytest.fixture
def site(services, agencies):
    site = Site.objects.create(name="Messe", address="Messeallee 1, 04356 Leipzig")
    desk = Desk.objects.create(site=site, number="A01", room="Halle 2")
    desk.agencies.add(agencies["reception"])
    Desk.objects.create(site=site, number="B01", room="Halle 3").agencies.add(
        agencies["foreigners"]
    )
    OpeningHours.objects.create(site=site, weekday=0, opens=time(8), closes=time(16))
    OpeningHours.objects.create(site=site, weekday=2, opens=time(8), closes=time(12))
    return site


@pytest.mark.parametrize(
    ("clock", "expected"),
    [("07:59", False), ("08:00", True), ("15:59", True), ("16:00", False), ("20:00", False)],
)
def test_open_now_before_inside_and_after_the_hours(services, site, clock, expected):
    assert guide.is_open(services["registration"], site, now=at(MONDAY, clock)) is expected


def test_closed_on_a_day_without_hours(services, site):
    tuesday = datetime(2026, 3, 3)
    assert guide.is_open(services["registration"], site, now=at(tuesday, "10:00")) is False


def test_a_service_keeps_its_own_hours_where_it_has_them(services, site):
    residence = services["residence"]
    OpeningHours.objects.create(
        site=site, service=residence, weekday=0, opens=time(9), closes=time(11)
    )
    assert guide.is_open(residence, site, now=at(MONDAY, "08:30")) is False
    assert guide.is_open(residence, site, now=at(MONDAY, "10:00")) is True
    assert guide.is_open(services["registration"], site, now=at(MONDAY, "08:30")) is True


def test_places_name_the_site_the_rooms_and_the_agencys_desks(services, site):
    (place,) = guide.places(services["residence"])
    assert place.site == site
    assert [d.number for d in place.desks] == ["B01"]
    assert place.rooms == ["Halle 3"]


def test_no_wait_while_the_hall_has_not_opened_today(services, site):
    assert guide.wait(services["registration"], site) == guide.Wait(open=False)


def test_the_wait_counts_the_queue_and_the_longest_wait_so_far(services, site):
    # The hall opens at nine on a Monday, whenever the test runs (after closing time it would
    # be shut).
    opened = at(MONDAY, "09:00")
    with hall_clock.installed(lambda: opened):
        day = hall_services.today(site)
        empty = guide.wait(services["registration"], site, now=opened)
        hall_services.issue_ticket(site=site, services=["registration"], language="ar")
    assert empty == guide.Wait(open=True)
    later = day.opened_at + timezone.timedelta(minutes=7)
    found = guide.wait(services["registration"], site, now=later)
    assert found.open and found.waiting == 1
    assert found.minutes is not None and 6 <= found.minutes <= 8
