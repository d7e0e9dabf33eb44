"""A site that takes bookings: open every day 08:00–16:00, registration then residence (which
needs registration first), one officer for each, and capacity in every open hour."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from anlaufstelle.appointments.models import Capacity, OpeningHours
from anlaufstelle.organisation.models import Desk, Site
from tests.conftest import in_english

english = pytest.fixture(autouse=True)(in_english)

OPENS, CLOSES = 8, 16


@pytest.fixture(autouse=True)
def fresh_cache():
    """Free times are cached per booking day; a day of one test is not another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site(agencies, services, personas):
    site = Site.objects.create(name="Ankunftszentrum Test", address="Hauptstraße 1")
    for number, agency in (("1", "reception"), ("2", "foreigners")):
        desk = Desk.objects.create(site=site, number=number)
        desk.agencies.add(agencies[agency])
    personas["reception"].staff_member.skills.add(services["registration"])
    personas["foreigners_officer"].staff_member.skills.add(services["residence"])
    for weekday in range(7):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens=time(OPENS), closes=time(CLOSES)
        )
    return site


@pytest.fixture
def capacity(site, services):
    """Per service and open hour: 2 units online, 1 for staff only, 3 kept for walk-ins."""

    def set_units(online: int = 2, staff_only: int = 1, walk_in: int = 3) -> None:
        for service in services.values():
            for weekday in range(7):
                for hour in range(OPENS, CLOSES):
                    Capacity.objects.update_or_create(
                        site=site,
                        service=service,
                        weekday=weekday,
                        hour=hour,
                        defaults={"online": online, "staff_only": staff_only, "walk_in": walk_in},
                    )

    set_units()
    return set_units


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def at(tomorrow):
    """An aware time tomorrow, e.g. at(9, 30)."""

    def make(hour: int, minute: int = 0):
        return timezone.make_aware(datetime.combine(tomorrow, time(hour, minute)))

    return make


@pytest.fixture
def evening(tomorrow):
    """Today's time from which every time tomorrow is far enough ahead to book."""
    return timezone.make_aware(datetime.combine(tomorrow - timedelta(days=1), time(18)))
