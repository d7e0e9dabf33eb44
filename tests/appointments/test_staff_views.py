"""Reception and desks book visits for visitors, see the day's bookings and check them in; the
coordinator sees the bookings to offer and the no-shows."""

from __future__ import annotations

import re

from django.urls import reverse

from anlaufstelle.appointments import services
from anlaufstelle.appointments.models import Booking, Capacity, Channel, Overbooking
from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.people.models import Person


def test_reception_books_a_visit_for_a_person(client_for, site, capacity, tomorrow, agencies):
    person = Person.objects.create(
        family_name="Koval", given_names="Olena", registered_by=agencies["reception"]
    )
    client = client_for("reception")
    query = {
        "site": site.pk,
        "concerns": ["residence"],
        "party_size": 2,
        "language": "uk",
        "day": tomorrow.isoformat(),
        "channel": Channel.PHONE,
        "person": person.pk,
    }
    page = client.get(reverse("appointments:new"), query)
    html = page.content.decode()
    assert "Koval" in html
    start = re.search(r'name="start" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("appointments:new") + "?" + page.wsgi_request.GET.urlencode(),
        {"start": start, "submission": "3f0c4c9e-6b1b-4a43-9d33-1d2f4b2c9a10", "person": person.pk},
    )
    assert response.status_code == 302, re.findall(
        r'role="alert".{0,300}', response.content.decode(), re.S
    )
    booking = Booking.objects.get()
    assert response["Location"] == reverse("appointments:detail", args=[booking.pk])
    assert (booking.person, booking.channel, booking.party_size) == (person, "phone", 2)
    assert booking.created_by.username == "rezeption"
    # Booking for the person is recorded in their trail.
    assert AuditEntry.objects.filter(person_ref=person.pk, detail__booked=booking.code).exists()
    detail = client.get(response["Location"]).content.decode()
    assert booking.display_code in detail and "Residence permit" in detail


def test_bad_input_is_named_at_the_field(client_for, site, capacity):
    client = client_for("reception")
    page = client.get(
        reverse("appointments:new"),
        {"site": site.pk, "party_size": 0, "language": "uk", "day": "2001-01-01",
         "channel": "phone"},
    )  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200
    assert "This field is required." in html  # no concern chosen
    assert "Choose today or a later day." in html
    assert not Booking.objects.exists()


def test_the_days_bookings_and_check_in_by_code(client_for, site, capacity, at, evening):
    booking = services.book(
        services.Request(
            site=site, start=at(9), concerns=("registration",), party_size=1, language="ar",
            channel=Channel.ONLINE,
        ),
        now=evening,
    )  # fmt: skip
    client = client_for("reception")
    page = client.get(reverse("appointments:bookings"), {"day": at(9).date().isoformat()})
    assert booking.display_code in page.content.decode()
    # Tomorrow's booking cannot be checked in today: the message says which day it is for.
    answer = client.post(
        reverse("appointments:check_in"), {"site": site.pk, "code": booking.display_code}
    )
    assert answer["Location"] == reverse("appointments:bookings")
    messages = [str(m) for m in answer.wsgi_request._messages]
    assert any("another day" in m for m in messages)
    unknown = client.post(reverse("appointments:check_in"), {"site": site.pk, "code": "X"})
    assert any("No booking has this code" in str(m) for m in unknown.wsgi_request._messages)


def test_staff_cancel_with_the_version_they_saw(client_for, site, capacity, at, evening):
    booking = services.book(
        services.Request(
            site=site, start=at(10), concerns=("registration",), party_size=1, language="de",
            channel=Channel.RECEPTION,
        ),
        now=evening,
    )  # fmt: skip
    client = client_for("foreigners_officer")
    stale = client.post(
        reverse("appointments:cancel", args=[booking.pk]), {"version": booking.version + 5}
    )
    assert stale.status_code == 302
    assert Booking.objects.get(pk=booking.pk).state == Booking.State.BOOKED
    client.post(reverse("appointments:cancel", args=[booking.pk]), {"version": booking.version})
    assert Booking.objects.get(pk=booking.pk).state == Booking.State.CANCELLED


def test_the_coordinator_sees_the_offer_and_applies_it(client_for, site, capacity, tomorrow):
    client = client_for("coordinator")
    url = reverse("appointments:offer") + f"?site={site.pk}&day={tomorrow.isoformat()}"
    page = client.get(url)
    html = page.content.decode()
    assert "Proposed bookings per hour" in html
    offer = page.context["offer"]
    assert offer.proposal.with_bookings.booked_on_time >= 0.95 or offer.proposal.total == 0
    client.post(url, {"apply": "1", "staff_share": 50})
    weekday = tomorrow.weekday()
    for code, units in offer.proposal.units.items():
        for h, n in enumerate(units):
            row = Capacity.objects.get(
                site=site, service__code=code, weekday=weekday, hour=offer.first_hour + h
            )
            assert row.online + row.staff_only == n
            assert row.staff_only == (n + 1) // 2
    bad = client.post(url, {"apply": "1", "staff_share": 150})
    assert "Ensure this value is less than or equal to 100." in bad.content.decode()
    client.post(url, {"overbooking": "1", "allowed": "on", "at_most": 10})
    assert Overbooking.objects.get(site=site).at_most == 10


def test_a_desk_officer_is_refused_the_offer(client_for, site):
    assert client_for("foreigners_officer").get(reverse("appointments:offer")).status_code == 403
