"""Checking in a booked visit: the ticket at its time, early and late windows, twice."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from anlaufstelle.appointments import services
from anlaufstelle.appointments.models import Booking, Channel
from anlaufstelle.hall import clock
from anlaufstelle.hall.models import HallDay


@pytest.fixture
def today_at():
    def make(hour: int, minute: int = 0):
        return timezone.make_aware(datetime.combine(timezone.localdate(), time(hour, minute)))

    return make


@pytest.fixture
def booked(site, capacity, today_at):
    """A booking for today at 10:00, made the evening before."""
    evening = today_at(10) - timedelta(hours=16)
    return services.book(
        services.Request(
            site=site,
            start=today_at(10),
            concerns=("residence",),
            party_size=2,
            language="uk",
            channel=Channel.ONLINE,
        ),
        now=evening,
    )


def _check_in_at(moment, booking, site):
    with clock.installed(lambda: moment):
        return services.check_in(booking, site=site)


def test_on_time_the_ticket_carries_the_booked_time(booked, site, today_at):
    visit = _check_in_at(today_at(9, 50), booked, site)
    assert visit.language == "uk" and visit.party_size == 2
    assert [s.service.code for s in visit.steps.order_by("order")] == [
        "registration",
        "residence",
    ]
    booking = Booking.objects.get(pk=booked.pk)
    assert booking.state == Booking.State.CHECKED_IN and booking.visit == visit
    # The hall's plan of the visitor has the booked time (minutes after the hall opened).
    from anlaufstelle.hall import state

    day = HallDay.objects.get(site=site)
    hall = state.for_event(day)
    plan = next(p for p in hall.plans if p.visitor_id == visit.hall_id)
    expected = (today_at(10) - day.opened_at).total_seconds() / 60
    assert plan.appointment == pytest.approx(expected)
    # Twice: the same ticket.
    assert _check_in_at(today_at(9, 51), booked, site) == visit


def test_too_early_is_told_when_to_come(booked, site, today_at):
    with pytest.raises(services.BookingRefused, match="from 09:30"):
        _check_in_at(today_at(9, 10), booked, site)
    assert Booking.objects.get(pk=booked.pk).state == Booking.State.BOOKED


def test_late_joins_as_a_walk_in_with_the_concerns(booked, site, today_at):
    visit = _check_in_at(today_at(10, 20), booked, site)
    from anlaufstelle.hall import state

    hall = state.for_event(HallDay.objects.get(site=site))
    plan = next(p for p in hall.plans if p.visitor_id == visit.hall_id)
    assert plan.appointment is None
    assert visit.steps.count() == 2


def test_a_cancelled_booking_or_another_site_prints_nothing(booked, site, today_at):
    from anlaufstelle.organisation.models import Site

    other = Site.objects.create(name="Außenstelle")
    with pytest.raises(services.BookingRefused, match="for Ankunftszentrum Test"):
        _check_in_at(today_at(9, 55), booked, other)
    services.cancel(booked, now=today_at(8))
    with pytest.raises(services.BookingRefused, match="not valid"):
        _check_in_at(today_at(9, 55), booked, site)
    assert not HallDay.objects.exists() or not HallDay.objects.get(site=site).visits.exists()
