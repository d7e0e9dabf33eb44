"""No-shows by service and lead time, and overbooking by them where the coordinator allows."""

from __future__ import annotations

from datetime import timedelta

from anlaufstelle.appointments import noshows, services, slots
from anlaufstelle.appointments.models import Booking, Channel, Overbooking


def _past_bookings(site, at, count, missed):
    """``count`` bookings of registration a week ago, ``missed`` of them not come."""
    made = []
    for n in range(count):
        b = Booking.objects.create(
            site=site,
            start=at(9) - timedelta(days=8),
            end=at(9) - timedelta(days=8) + timedelta(minutes=4),
            language="de",
            channel=Channel.ONLINE,
            state=Booking.State.MISSED if n < missed else Booking.State.CHECKED_IN,
        )
        b.steps.create(service_id=_service(site, "registration"), order=0, start=b.start)
        made.append(b)
    return made


def _service(site, code):
    from anlaufstelle.organisation.models import Service

    return Service.objects.get(code=code).pk


def test_rates_by_service_and_lead(site, capacity, at):
    _past_bookings(site, at, 20, 5)
    by_service, by_lead = noshows.rates(site)
    assert [(r.label, r.counted, r.missed) for r in by_service] == [("Registration", 20, 5)]
    # Made today for a week ago's time: counted in the "same day" band (the lead is negative).
    assert by_lead[0].counted == 20 and by_lead[0].rate == 0.25
    assert noshows.service_rates(site) == {"registration": 0.25}


def test_overbooking_only_where_allowed_and_capped(site, capacity, at, evening):
    _past_bookings(site, at, 20, 5)
    shape = slots.visit_shape(site, ["registration"], 1)
    units = slots.bookable_units(site, at(9).date(), Channel.ONLINE)
    assert units[("registration", 9)] == 2
    Overbooking.objects.create(site=site, allowed=True, at_most=100)
    # A quarter does not come: 2 units take 2 / 0.75 = 2.67, so 2 (whole visits only).
    assert slots.bookable_units(site, at(9).date(), Channel.ONLINE)[("registration", 9)] == 2
    staff = slots.bookable_units(site, at(9).date(), Channel.RECEPTION)
    assert staff[("registration", 9)] == 4  # 3 / 0.75
    Overbooking.objects.filter(site=site).update(at_most=10)
    capped = slots.bookable_units(site, at(9).date(), Channel.RECEPTION)
    assert capped[("registration", 9)] == 3  # at most 10 % more: 3 × 1.1 = 3.3
    Overbooking.objects.filter(site=site).update(allowed=False)
    assert slots.bookable_units(site, at(9).date(), Channel.RECEPTION)[("registration", 9)] == 3
    assert shape.steps


def test_too_few_bookings_measure_nothing(site, capacity, at):
    _past_bookings(site, at, 19, 19)
    assert noshows.service_rates(site) == {}
    Overbooking.objects.create(site=site, allowed=True, at_most=100)
    assert slots.bookable_units(site, at(9).date(), Channel.RECEPTION)[("registration", 9)] == 3


def test_services_mark_missed_feeds_the_rates(site, capacity, at, evening):
    services.book(
        services.Request(site=site, start=at(9), concerns=("registration",), party_size=1,
                         language="de", channel=Channel.ONLINE),
        now=evening,
    )  # fmt: skip
    services.mark_missed(now=at(10))
    by_service, _ = noshows.rates(site, now=at(10))
    assert [(r.counted, r.missed) for r in by_service] == [(1, 1)]
