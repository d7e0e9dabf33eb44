"""Booking a whole visit: the times offered, holding, confirming, moving, cancelling, limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from anlaufstelle.appointments import services, slots
from anlaufstelle.appointments.models import BookedStep, Booking, BookingDay, Channel
from anlaufstelle.outbox.models import Mail


def request(site, start, *, concerns=("residence",), party=1, channel=Channel.ONLINE, **kw):
    return services.Request(
        site=site,
        start=start,
        concerns=tuple(concerns),
        party_size=party,
        language=kw.pop("language", "fa"),
        channel=channel,
        **kw,
    )


def test_the_visit_adds_prerequisites_in_the_order_they_allow(site, services):
    shape = slots.visit_shape(site, ["residence"], 1)
    assert shape.codes == ("registration", "residence")
    # Registration (4 min) and a 2-minute walk come before residence.
    assert [s.offset for s in shape.steps] == [0.0, 6.0]
    family = slots.visit_shape(site, ["residence"], 3)
    # 4 × (1 + 0.4 × 2) = 7.2 minutes of registration: two single-person units.
    assert family.steps[0].minutes == pytest.approx(7.2)
    assert [s.units for s in family.steps] == [2, 2]


def test_times_are_within_opening_hours_with_capacity_left(site, capacity, at, evening):
    shape = slots.visit_shape(site, ["residence"], 1)
    times = slots.free_times(site, at(8).date(), shape, Channel.ONLINE, now=evening)
    assert times[0] == at(8)
    # The whole visit (about 12 minutes) ends before closing at 16:00.
    assert times[-1] == at(15, 45)
    assert all(t.minute % 15 == 0 for t in times)


def test_a_booking_uses_capacity_until_the_hour_is_full(site, capacity, at, evening):
    # Two units online per service and hour: two single visits at 9:00 fill the hour.
    for _ in range(2):
        services.book(request(site, at(9), email=""), now=evening)
    shape = slots.visit_shape(site, ["residence"], 1)
    times = slots.free_times(site, at(9).date(), shape, Channel.ONLINE, now=evening)
    assert not any(at(9) <= t < at(10) for t in times)
    # Staff may still book the staff-only unit.
    staff_times = slots.free_times(site, at(9).date(), shape, Channel.RECEPTION, now=evening)
    assert at(9) in staff_times
    with pytest.raises(services.BookingRefused, match="just been taken"):
        services.book(request(site, at(9, 30)), now=evening)
    assert Booking.objects.count() == 2


def test_a_household_books_together_and_uses_more_capacity(site, capacity, at, evening):
    booking = services.book(request(site, at(10), party=3, email=""), now=evening)
    assert booking.party_size == 3
    assert [s.units for s in booking.steps.order_by("order")] == [2, 2]
    shape = slots.visit_shape(site, ["residence"], 1)
    times = slots.free_times(site, at(10).date(), shape, Channel.ONLINE, now=evening)
    assert not any(at(10) <= t < at(11) for t in times)


def test_the_booking_is_a_visit_with_its_steps_and_a_code(site, capacity, at, evening):
    booking = services.book(request(site, at(11), email="a@example.org"), now=evening)
    steps = list(BookedStep.objects.filter(booking=booking).order_by("order"))
    assert [(s.service.code, s.start) for s in steps] == [
        ("registration", at(11)),
        ("residence", at(11, 6)),
    ]
    assert booking.end == at(11, 12)
    assert booking.state == Booking.State.BOOKED
    assert len(booking.code) == 8 and booking.display_code[4] == "-"
    assert services.find_scanned(booking.display_code.lower()) == booking
    assert services.find_scanned(f"https://x/book/fa/b/{booking.token}/") == booking
    assert services.find_scanned("nonsense") is None
    assert BookingDay.objects.get(site=site, date=at(11).date()).version == 1


def test_the_same_form_sent_twice_books_once(site, capacity, at, evening):
    key = __import__("uuid").uuid4()
    first = services.book(request(site, at(12)), request_key=key, now=evening)
    second = services.book(request(site, at(12)), request_key=key, now=evening)
    assert first == second and Booking.objects.count() == 1


def test_a_held_time_counts_until_it_expires(site, capacity, at, evening, settings):
    settings.APPOINTMENT_HOLD_MINUTES = 10
    for _ in range(2):
        services.book(request(site, at(13)), hold=True, now=evening)
    shape = slots.visit_shape(site, ["residence"], 1)
    held = slots.free_times(site, at(13).date(), shape, Channel.ONLINE, now=evening)
    assert at(13) not in held
    later = evening + timedelta(minutes=11)
    assert at(13) in slots.free_times(site, at(13).date(), shape, Channel.ONLINE, now=later)


def test_confirming_a_hold_books_it_and_queues_the_mail(site, capacity, at, evening):
    held = services.book(request(site, at(9)), hold=True, now=evening)
    assert held.state == Booking.State.HELD and not Mail.objects.exists()
    booked = services.confirm(held, email="v@example.org", phone="", now=evening)
    assert booked.state == Booking.State.BOOKED and booked.email == "v@example.org"
    mail = Mail.objects.get()
    assert mail.to == "v@example.org" and mail.reference == booked.display_code
    # Sent twice: still one booking and one mail.
    services.confirm(held, email="v@example.org", phone="", now=evening)
    assert Mail.objects.count() == 1


def test_an_expired_hold_is_booked_only_if_the_time_is_still_free(site, capacity, at, evening):
    held = services.book(request(site, at(9)), hold=True, now=evening)
    later = evening + timedelta(minutes=30)
    # Meanwhile two others take 9:00 (the hold has expired, so it no longer counts).
    for _ in range(2):
        services.book(request(site, at(9)), now=later)
    with pytest.raises(services.BookingRefused, match="taken since"):
        services.confirm(held, email="v@example.org", phone="", now=later)
    assert Booking.objects.get(pk=held.pk).state == Booking.State.HELD


def test_limits_per_email_and_phone(site, capacity, at, evening, settings):
    settings.APPOINTMENT_LIMIT_PER_CONTACT = 2
    services.book(request(site, at(9), email="x@example.org"), now=evening)
    services.book(request(site, at(10), email="X@example.org"), now=evening)
    with pytest.raises(services.BookingRefused, match="as many bookings as allowed"):
        services.book(request(site, at(11), email="x@example.org"), now=evening)
    services.book(request(site, at(11), phone="0176 123"), now=evening)
    services.book(request(site, at(12), phone="0176 123"), now=evening)
    held = services.book(request(site, at(13)), hold=True, now=evening)
    with pytest.raises(services.BookingRefused, match="as many bookings as allowed"):
        services.confirm(held, email="", phone="0176 123", now=evening)
    # Staff are not limited: they book for people who have no address of their own.
    services.book(
        request(site, at(14), email="x@example.org", channel=Channel.RECEPTION), now=evening
    )
    assert Booking.objects.filter(state=Booking.State.BOOKED).count() == 5


def test_a_cancelled_time_is_not_offered_again_at_once(site, capacity, at, evening, settings):
    settings.APPOINTMENT_CANCEL_EMBARGO_MINUTES = 60
    first = services.book(request(site, at(9), email="a@example.org"), now=evening)
    services.book(request(site, at(9)), now=evening)
    services.cancel(first, now=evening)
    shape = slots.visit_shape(site, ["residence"], 1)
    soon = evening + timedelta(minutes=5)
    assert at(9) not in slots.free_times(site, at(9).date(), shape, Channel.ONLINE, now=soon)
    later = evening + timedelta(minutes=61)
    assert at(9) in slots.free_times(site, at(9).date(), shape, Channel.ONLINE, now=later)
    assert Mail.objects.filter(kind="cancelled").count() == 1


def test_moving_frees_the_old_time_and_refuses_an_old_page(site, capacity, at, evening):
    booking = services.book(request(site, at(9), email="m@example.org"), now=evening)
    moved = services.move(booking, at(14), version=booking.version, now=evening)
    assert moved.start == at(14) and moved.version == booking.version + 1
    assert [s.start for s in moved.steps.order_by("order")] == [at(14), at(14, 6)]
    with pytest.raises(services.BookingRefused, match="changed in the meantime"):
        services.cancel(booking, version=booking.version, now=evening)
    assert Booking.objects.get(pk=booking.pk).state == Booking.State.BOOKED
    kinds = list(Mail.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["booking", "booking"]


def test_reminders_go_out_once(site, capacity, at, evening, settings):
    settings.APPOINTMENT_REMINDER_HOURS = 24
    booking = services.book(request(site, at(9), email="r@example.org"), now=evening)
    services.book(request(site, at(10)), now=evening)  # no e-mail address: no reminder
    assert services.remind_due(now=evening) == 1
    assert services.remind_due(now=evening) == 0
    reminder = Mail.objects.get(kind="reminder")
    assert reminder.reference == booking.display_code


def test_missed_bookings_are_marked(site, capacity, at, evening):
    booking = services.book(request(site, at(9)), now=evening)
    assert services.mark_missed(now=at(9, 10)) == 0
    assert services.mark_missed(now=at(9, 16)) == 1
    assert Booking.objects.get(pk=booking.pk).state == Booking.State.MISSED


def test_the_routine_commands_print_their_counts(site, capacity, at, evening, settings):
    import io

    from django.core.management import call_command

    # Tomorrow 9:00 is always less than two days ahead.
    settings.APPOINTMENT_REMINDER_HOURS = 48
    services.book(request(site, at(9), email="c@example.org"), now=evening)
    out = io.StringIO()
    call_command("appointments", "remind", stdout=out)
    call_command("appointments", "remind", stdout=out)
    call_command("appointments", "missed", stdout=out)
    assert out.getvalue().splitlines() == [
        "reminders queued: 1",
        "invitations reminded: 0",
        "reminders queued: 0",
        "invitations reminded: 0",
        "marked not come: 0",
    ]
    assert Mail.objects.filter(kind="reminder").count() == 1
