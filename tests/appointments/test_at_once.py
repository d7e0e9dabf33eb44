"""Two people at once (PostgreSQL: each in its own connection, at the same moment)."""

from __future__ import annotations

from anlaufstelle.appointments import services
from anlaufstelle.appointments.models import Booking, Channel
from tests.at_once import at_once


def _request(site, start):
    return services.Request(
        site=site, start=start, concerns=("registration",), party_size=1, language="de",
        channel=Channel.ONLINE,
    )  # fmt: skip


def _trying(call):
    def run():
        try:
            return call()
        except services.BookingRefused as refused:
            return refused.message

    return run


def test_two_people_taking_the_last_time_get_it_once(committed_db, site, capacity, at, evening):
    capacity(online=1, staff_only=0, walk_in=1)
    book = _trying(lambda: services.book(_request(site, at(9)), now=evening))
    results = at_once(book, book)
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert any(isinstance(r, str) and "just been taken" in r for r in results)
    assert Booking.objects.filter(start=at(9)).count() == 1


def test_a_move_and_a_cancel_from_two_pages_at_once(committed_db, site, capacity, at, evening):
    booking = services.book(_request(site, at(9)), now=evening)
    seen = booking.version
    move = _trying(lambda: services.move(booking, at(11), version=seen, now=evening))
    cancel = _trying(lambda: services.cancel(booking, version=seen, now=evening))
    results = at_once(move, cancel)
    # One wins; the other page showed a state that is gone, and is told so.
    assert sum(isinstance(r, str) and "changed in the meantime" in r for r in results) == 1
    final = Booking.objects.get(pk=booking.pk)
    assert final.version == seen + 1
    assert (final.state, final.start) in {
        (Booking.State.CANCELLED, at(9)),
        (Booking.State.BOOKED, at(11)),
    }
