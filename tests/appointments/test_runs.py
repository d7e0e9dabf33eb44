"""Invitation runs: the issue's proof of 200 people over 5 days, letters in each person's
language, e-mails, answers and the one reminder, and who may select."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from pypdf import PdfReader

from anlaufstelle.appointments import runs, slots
from anlaufstelle.appointments.models import (
    BookedStep,
    Booking,
    Capacity,
    Channel,
    Invitation,
    InvitationRun,
)
from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.outbox.models import Mail
from anlaufstelle.people.models import Document, Person

LANGUAGES = ["uk", "ar", "fa", "ru", "de", "ku", "en"]


@pytest.fixture
def invited(agencies, tomorrow):
    """People whose residence document expires within eight weeks, in seven languages, every
    third with an e-mail address."""

    def make(count: int) -> list[Person]:
        people = []
        for n in range(count):
            person = Person.objects.create(
                family_name=f"Testova{n}", given_names="Olena", sex="f",
                languages=[LANGUAGES[n % len(LANGUAGES)]],
                email=f"p{n}@example.org" if n % 3 == 0 else "",
                address=f"Hauptstraße {n}\n04109 Leipzig",
                registered_by=agencies["reception"],
            )  # fmt: skip
            Document.objects.create(
                person=person, kind="residence_permit", number=f"X{n}",
                valid_until=tomorrow + timedelta(days=20 + n % 20),
            )  # fmt: skip
            people.append(person)
        return people

    return make


def _run(site, user, first_day, days=5) -> InvitationRun:
    return InvitationRun.objects.create(
        site=site, concerns=["residence"], criterion=InvitationRun.Criterion.EXPIRING,
        weeks=8, first_day=first_day, days=days, created_by=user,
    )  # fmt: skip


def test_two_hundred_people_over_five_days_never_over_capacity(
    site, capacity, personas, invited, tomorrow
):
    capacity(online=2, staff_only=4, walk_in=3)  # 6 units an hour for invitations
    invited(200)
    user = personas["reception"]
    run = _run(site, user, tomorrow)
    started = time.perf_counter()
    people = runs.select(user, criterion=run.criterion, weeks=8, agency=None)
    proposal = runs.propose(run, people)
    seconds = time.perf_counter() - started
    assert len(people) == 200 and len(proposal.invited) == 200 and not proposal.unplaced
    # No (day, service, hour) over what the staff channel may book.
    used: dict[tuple, int] = {}
    for step in BookedStep.objects.filter(booking__invitation__run=run).select_related("service"):
        at = timezone.localtime(step.start)
        key = (at.date(), step.service.code, at.hour)
        used[key] = used.get(key, 0) + step.units
    for (day, code, hour), units in used.items():
        assert units <= slots.bookable_units(site, day, Channel.INVITATION)[(code, hour)]
    per_day = {}
    for invitation in proposal.invited:
        day = timezone.localdate(invitation.booking.start)
        per_day[day] = per_day.get(day, 0) + 1
    # Levelled: every day of the run has people, none more than its share plus one hour's.
    assert len(per_day) == 5 and max(per_day.values()) - min(per_day.values()) <= 6
    # The effect on the simulated days is stored, before and after, for each day.
    assert len([d for d in run.effect if d != "unplaced"]) == 5
    some_day = next(v for k, v in run.effect.items() if k != "unplaced")
    assert some_day["with"]["booked"] >= some_day["without"]["booked"]
    assert seconds < 60, f"the run took {seconds:.1f} s"
    # Each person's language; invitations are booked with it.
    assert {i.language for i in proposal.invited} == set(LANGUAGES)


def test_letters_in_each_persons_language(site, capacity, personas, invited, tomorrow):
    invited(7)
    user = personas["reception"]
    run = _run(site, user, tomorrow, days=2)
    runs.propose(run, runs.select(user, criterion=run.criterion, weeks=8, agency=None))
    pdf = PdfReader(io.BytesIO(runs.letters_pdf(run, user=user)))
    assert len(pdf.pages) == 7
    texts = [page.extract_text() for page in pdf.pages]
    by_language = {i.language: i for i in run.invitations.select_related("booking")}
    for text in texts:
        assert any(i.booking.display_code in text for i in by_language.values())
    # Each letter names its person, carries their code, and speaks their language.
    for invitation in run.invitations.select_related("person", "booking"):
        page = next(t for t in texts if invitation.booking.display_code in t)
        assert invitation.person.family_name in page
        with override(invitation.language):
            please_bring = gettext("Please bring")
        assert please_bring in page, invitation.language
    assert AuditEntry.objects.filter(action="export", detail__has_key="invitation letters")


def test_sending_mails_only_those_with_an_address_and_reminds_once(
    site, capacity, personas, invited, tomorrow, settings
):
    invited(6)
    user = personas["reception"]
    run = _run(site, user, tomorrow, days=2)
    runs.propose(run, runs.select(user, criterion=run.criterion, weeks=8, agency=None))
    assert runs.send(run) == 2  # every third of six has an address
    assert runs.send(run) == 0  # sent once
    assert Mail.objects.filter(kind="invitation").count() == 2
    settings.APPOINTMENT_INVITATION_REMINDER_DAYS = 0
    first, second = run.invitations.exclude(booking__email="").select_related("booking")
    runs.answered(first.booking, Invitation.State.CONFIRMED)
    assert runs.remind_unanswered() == 1
    assert runs.remind_unanswered() == 0
    reminder = Mail.objects.get(kind="invitation-reminder")
    assert reminder.reference == second.booking.display_code


def test_the_invited_person_confirms_through_the_link(
    client, site, capacity, personas, invited, tomorrow
):
    invited(1)
    user = personas["reception"]
    run = _run(site, user, tomorrow, days=1)
    runs.propose(run, runs.select(user, criterion=run.criterion, weeks=8, agency=None))
    runs.send(run)
    booking = run.invitations.get().booking
    page = client.get(reverse("book:manage", args=["en", booking.token])).content.decode()
    assert "Confirm this appointment" in page
    client.post(reverse("book:confirm", args=["en", booking.token]))
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.CONFIRMED and invitation.answered_at
    assert (
        "Confirm this appointment"
        not in client.get(reverse("book:manage", args=["en", booking.token])).content.decode()
    )


def test_a_person_who_fits_nowhere_is_reported(site, capacity, personas, invited, tomorrow):
    capacity(online=0, staff_only=1, walk_in=0)  # one invitation an hour
    invited(3)
    user = personas["reception"]
    run = _run(site, user, tomorrow, days=1)
    Capacity.objects.filter(site=site, hour__gt=9).update(staff_only=0)
    proposal = runs.propose(run, runs.select(user, criterion=run.criterion, weeks=8, agency=None))
    # Hours 8 and 9 take one visit each (registration and residence fall in the same hour).
    assert len(proposal.invited) == 2 and len(proposal.unplaced) == 1


def test_the_selection_is_recorded_and_only_what_the_decision_opens(
    site, capacity, personas, invited, tomorrow
):
    people = invited(3)
    user = personas["reception"]
    shown = runs.select(user, criterion=InvitationRun.Criterion.EXPIRING, weeks=8, agency=None)
    assert {p.pk for p in shown} == {p.pk for p in people}
    entry = AuditEntry.objects.filter(detail__has_key="invitation run").latest("seq")
    assert sorted(entry.detail["shown"]) == sorted(p.pk for p in people)
    # The Jobcenter's officer reads no residence data of these people: none is listed.
    jobcenter = runs.select(
        personas["jobcenter_officer"], criterion=InvitationRun.Criterion.EXPIRING, weeks=8,
        agency=None,
    )  # fmt: skip
    assert jobcenter == []


def test_the_run_pages(client_for, site, capacity, invited, tomorrow):
    invited(4)
    reception = client_for("reception")
    data = {
        "criterion": "expiring", "weeks": 8, "site": site.pk, "concerns": ["residence"],
        "first_day": tomorrow.isoformat(), "days": 2,
        "submission": "0b7b1f2a-8d5e-4c1e-9a2b-6f1e0d9c8b7a",
    }  # fmt: skip
    answer = reception.post(reverse("appointments:runs"), data)
    run = InvitationRun.objects.get()
    assert answer["Location"] == reverse("appointments:run", args=[run.pk])
    # Sent twice: one run.
    reception.post(reverse("appointments:runs"), data)
    assert InvitationRun.objects.count() == 1
    page = reception.get(answer["Location"]).content.decode()
    assert "4 people invited." in page and "Testova0" in page
    coordinator = client_for("coordinator")
    seen = coordinator.get(answer["Location"]).content.decode()
    assert "4 people invited." in seen and "Testova0" not in seen
    assert 'name="criterion"' not in coordinator.get(reverse("appointments:runs")).content.decode()
    coordinator.post(answer["Location"], {"send": "1"})
    assert InvitationRun.objects.get().state == InvitationRun.State.PROPOSED
    reception.post(answer["Location"], {"discard": "1"})
    assert InvitationRun.objects.get().state == InvitationRun.State.DISCARDED
    assert not Booking.objects.filter(state=Booking.State.BOOKED).exists()
    bad = reception.post(reverse("appointments:runs"), {**data, "criterion": "not_seen"})
    assert "Choose the agency that has not seen them." in bad.content.decode()
