"""Invitation runs: the issue's proof of 200 people over 5 days, letters in each person's
language, e-mails, answers and the one reminder, and who may select."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
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
from anlaufstelle.core.pdf import render_html
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
    site, capacity, personas, invited, tomorrow, client_for
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
    # About 3 s on a laptop (selection, levelling, 200 bookings under the day's lock, ten
    # simulated days); it took 15 s while the levelling read the opening hours per start.
    assert seconds < 30, f"the run took {seconds:.1f} s"
    # Each person's language; invitations are booked with it.
    assert {i.language for i in proposal.invited} == set(LANGUAGES)
    # The page shows the effect per day, before → after, and the load never over capacity.
    page = client_for("reception").get(reverse("appointments:run", args=[run.pk]))
    text = page.content.decode()
    assert "200 people invited." in text
    for day, figures in run.effect.items():
        if day == "unplaced":
            continue
        assert f'<bdi dir="ltr">{day}</bdi>' in text
        assert f"{figures['without']['booked']} → {figures['with']['booked']}" in text
    for grid in page.context["load"]:
        for _name, cells in grid["rows"]:
            assert all(used <= capacity for used, capacity in cells)


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


def test_a_letter_in_arabic_or_farsi_runs_right_to_left(
    site, capacity, personas, invited, tomorrow, monkeypatch
):
    invited(7)
    user = personas["reception"]
    run = _run(site, user, tomorrow, days=2)
    runs.propose(run, runs.select(user, criterion=run.criterion, weeks=8, agency=None))
    rendered: dict[str, str] = {}

    def keep(template, context, language):
        rendered[language] = render_html(template, context, language)
        return rendered[language]

    monkeypatch.setattr(runs, "render_html", keep)
    pdf = PdfReader(io.BytesIO(runs.letters_pdf(run, user=user)))
    for language in LANGUAGES:
        direction = "rtl" if language in ("ar", "fa") else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in rendered[language]
    # The Arabic letter's text is in Arabic script (glyphs with a text layer, not boxes).
    arabic = next(
        i for i in run.invitations.select_related("booking") if i.language == "ar"
    )  # fmt: skip
    page = next(
        p.extract_text() for p in pdf.pages if arabic.booking.display_code in p.extract_text()
    )
    with override("ar"):
        assert gettext("Please bring") in page


def test_only_residence_documents_count_as_expiring(site, capacity, personas, agencies, tomorrow):
    holder = Person.objects.create(
        family_name="Passova", given_names="Iryna", sex="f", registered_by=agencies["reception"]
    )
    Document.objects.create(
        person=holder, kind="passport", number="P1", valid_until=tomorrow + timedelta(days=10)
    )
    expired = Person.objects.create(
        family_name="Altova", given_names="Olha", sex="f", registered_by=agencies["reception"]
    )
    Document.objects.create(
        person=expired, kind="duldung", number="D1", valid_until=tomorrow - timedelta(days=2)
    )
    user = personas["reception"]
    assert runs.select(user, criterion=InvitationRun.Criterion.EXPIRING, weeks=8, agency=None) == []


def test_not_seen_leaves_out_who_had_a_step_of_the_agency(
    site, capacity, personas, invited, agencies, services
):
    from anlaufstelle.hall import services as hall

    seen, unseen = invited(2)
    user = personas["reception"]
    hall.issue_ticket(site=site, services=["residence"], language="uk", person=seen, user=user)
    shown = runs.select(
        user, criterion=InvitationRun.Criterion.NOT_SEEN, weeks=8, agency=agencies["foreigners"]
    )
    assert [p.pk for p in shown] == [unseen.pk]


def test_a_selection_the_decision_refuses_is_recorded_as_refused(
    site, capacity, personas, invited, tomorrow
):
    from anlaufstelle.audit import unusual

    people = invited(3)
    officer = personas["jobcenter_officer"]
    assert (
        runs.select(officer, criterion=InvitationRun.Criterion.EXPIRING, weeks=8, agency=None) == []
    )
    searched = AuditEntry.objects.filter(action="search", detail__has_key="invitation run").get()
    assert searched.detail["results"] == 0 and searched.detail["withheld"] == 3
    refused = AuditEntry.objects.filter(action="refused", detail__has_key="invitation run").get()
    assert sorted(refused.detail["withheld"]) == sorted(p.pk for p in people)
    assert "residence" in refused.categories and refused.detail["access"]["residence"]["refused"]
    # The data-protection officer's page of refusals lists the officer.
    assert [p.username for p in unusual.refused_by_the_decision()] == [officer.username]
    # A coordinator has no purpose to read the registry: refused before anything is read.
    with pytest.raises(PermissionDenied):
        runs.select(
            personas["coordinator"], criterion=InvitationRun.Criterion.EXPIRING, weeks=8,
            agency=None,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        runs.letters_pdf(_run(site, personas["reception"], tomorrow), user=personas["coordinator"])


def test_the_levelling_keeps_a_visit_within_one_opening_interval(
    site, capacity, personas, invited, tomorrow
):
    """The morning closes at 09:10: a 12-minute visit at 09:00 would overrun it, so the run
    places nobody there (the booking would refuse them) and takes the afternoon instead."""
    from datetime import time

    from anlaufstelle.appointments.models import OpeningHours

    OpeningHours.objects.filter(site=site).delete()
    for weekday in range(7):
        OpeningHours.objects.create(site=site, weekday=weekday, opens=time(8), closes=time(9, 10))
        OpeningHours.objects.create(site=site, weekday=weekday, opens=time(13), closes=time(16))
    capacity(online=0, staff_only=1, walk_in=0)
    invited(3)
    user = personas["reception"]
    run = _run(site, user, tomorrow, days=1)
    proposal = runs.propose(run, runs.select(user, criterion=run.criterion, weeks=8, agency=None))
    assert not proposal.unplaced
    starts = sorted(timezone.localtime(i.booking.start).time() for i in proposal.invited)
    assert starts == [time(8), time(13), time(14)]


def test_letters_leave_out_an_address_the_decision_withholds(
    site, capacity, personas, invited, tomorrow
):
    (person,) = invited(1)
    reception = personas["reception"]
    run = _run(site, reception, tomorrow, days=1)
    runs.propose(run, runs.select(reception, criterion=run.criterion, weeks=8, agency=None))

    def letter(user) -> str:
        pdf = PdfReader(io.BytesIO(runs.letters_pdf(run, user=user)))
        return "".join(page.extract_text() for page in pdf.pages)

    assert "Hauptstraße 0" in letter(reception)
    # The Jobcenter may read the person's identity, not their address (registered by the
    # guides): the letter is printed with the name, to be handed over.
    printed = letter(personas["jobcenter_officer"])
    assert person.family_name in printed and "Hauptstraße 0" not in printed
    export = AuditEntry.objects.filter(action="export", username="jc.officer").get()
    assert export.detail["shown"] == [person.pk]
