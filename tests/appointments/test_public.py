"""The public booking pages, as a visitor uses them: no account, in their language."""

from __future__ import annotations

import re
import time
from datetime import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from anlaufstelle.appointments import forms as booking_forms
from anlaufstelle.appointments.models import Booking
from anlaufstelle.outbox.models import Mail


def stamp(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=booking_forms._SIGNING_SALT)


def visit_query(tomorrow, concerns=("residence",), party=1) -> dict:
    return {"concerns": list(concerns), "party_size": party, "day": tomorrow.isoformat()}


def first_time(html: str) -> str:
    return re.search(r'name="start" value="([^"]+)"', html).group(1)


def hold(client, site, tomorrow, lang="fa", **extra):
    page = client.get(reverse("book:visit", args=[lang, site.pk]), visit_query(tomorrow))
    start = first_time(page.content.decode())
    data = {
        **visit_query(tomorrow),
        "start": start,
        "shown": stamp(),
        "submission": "a6c4f6a4-59c9-4b63-9f3b-0c3b1d1f2a11",
        **extra,
    }
    return client.post(reverse("book:hold", args=[lang, site.pk]), data), start


@pytest.fixture
def visitor():
    return Client()


def test_the_languages_are_each_in_their_own_script(visitor, site, capacity):
    html = visitor.get(reverse("book:languages")).content.decode()
    assert 'lang="fa" dir="rtl"' in html and "فارسی" in html
    # One site takes bookings: the language leads straight to it.
    response = visitor.get(reverse("book:start", args=["fa"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("book:visit", args=["fa", site.pk])
    assert visitor.get(reverse("book:start", args=["xx"])).status_code == 404


def test_a_visitor_books_in_farsi(visitor, site, capacity, tomorrow):
    page = visitor.get(reverse("book:visit", args=["fa", site.pk]))
    html = page.content.decode()
    assert 'lang="fa" dir="rtl"' in html
    page = visitor.get(reverse("book:visit", args=["fa", site.pk]), visit_query(tomorrow))
    assert 'name="start"' in page.content.decode()
    response, start = hold(visitor, site, tomorrow)
    booking = Booking.objects.get()
    assert booking.state == Booking.State.HELD and booking.language == "fa"
    assert response["Location"] == reverse("book:details", args=["fa", booking.token])
    details = visitor.get(response["Location"]).content.decode()
    assert 'dir="rtl"' in details and 'name="website"' in details
    done = visitor.post(
        response["Location"],
        {"email": "besucher@example.org", "phone": "", "agree": "on", "shown": stamp()},
    )
    assert done["Location"] == reverse("book:manage", args=["fa", booking.token])
    booking.refresh_from_db()
    assert booking.state == Booking.State.BOOKED and booking.start == datetime.fromisoformat(start)
    manage = visitor.get(done["Location"]).content.decode()
    assert booking.display_code in manage and "<svg" in manage
    mail = Mail.objects.get()
    assert mail.language == "fa" and mail.to == "besucher@example.org"
    assert booking.display_code in mail.body


def test_a_script_that_fills_every_field_books_nothing(visitor, site, capacity, tomorrow):
    response, _start = hold(visitor, site, tomorrow, lang="en")
    booking = Booking.objects.get()
    page = visitor.post(
        response["Location"],
        {"email": "bot@example.org", "agree": "on", "website": "http://spam", "shown": stamp()},
    )
    assert page.status_code == 200
    assert "could not be sent" in page.content.decode()
    booking.refresh_from_db()
    assert booking.state == Booking.State.HELD and not Mail.objects.exists()


def test_a_form_sent_back_at_once_is_refused(visitor, site, capacity, tomorrow):
    page = visitor.get(reverse("book:visit", args=["en", site.pk]), visit_query(tomorrow))
    data = {
        **visit_query(tomorrow),
        "start": first_time(page.content.decode()),
        "shown": stamp(seconds_ago=0),
    }
    answer = visitor.post(reverse("book:hold", args=["en", site.pk]), data)
    assert answer.status_code == 200
    assert "take a moment" in answer.content.decode()
    assert not Booking.objects.exists()


def test_many_holds_from_one_address_are_slowed(visitor, site, capacity, tomorrow, monkeypatch):
    from anlaufstelle.appointments import public

    monkeypatch.setattr(public, "HOLDS_PER_HOUR", 1)
    hold(visitor, site, tomorrow, lang="en", submission="11111111-1111-4111-8111-111111111111")
    second, _ = hold(
        visitor, site, tomorrow, lang="en", submission="22222222-2222-4222-8222-222222222222"
    )
    assert second.status_code == 200
    assert "Too many bookings from this connection" in second.content.decode()
    assert Booking.objects.count() == 1


def test_the_visitor_moves_and_cancels_through_the_link(visitor, site, capacity, tomorrow, at):
    response, start = hold(visitor, site, tomorrow, lang="en")
    booking = Booking.objects.get()
    visitor.post(response["Location"], {"email": "", "phone": "0176 1", "agree": "on",
                                        "shown": stamp()})  # fmt: skip
    manage = reverse("book:manage", args=["en", booking.token])
    page = visitor.get(manage, {"day": tomorrow.isoformat()}).content.decode()
    times = re.findall(r'name="start" value="([^"]+)"', page)
    other = next(t for t in times if t != start)
    booking.refresh_from_db()
    moved = visitor.post(
        reverse("book:move", args=["en", booking.token]),
        {"day": tomorrow.isoformat(), "start": other, "version": booking.version,
         "shown": stamp()},
    )  # fmt: skip
    assert moved["Location"] == manage
    booking.refresh_from_db()
    assert booking.start == datetime.fromisoformat(other)
    visitor.post(reverse("book:cancel", args=["en", booking.token]), {"version": booking.version})
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    assert "This appointment is cancelled" in visitor.get(manage).content.decode()


def test_an_unknown_link_is_not_found(visitor, site):
    assert visitor.get(reverse("book:manage", args=["en", "nope"])).status_code == 404
