"""Unusual access: reads at night, and refusals by the case file's rules beside those of the
access decision, listed per user for the data-protection officer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit import unusual
from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from tests.conftest import in_english

english = pytest.fixture(autouse=True)(in_english)


def read_at(user, hour: int, person_id: int) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    at = timezone.make_aware(datetime.combine(yesterday, datetime.min.time()).replace(hour=hour))
    record(
        actor=Actor.from_user(user),
        action=Action.READ,
        purpose="casework",
        person_id=person_id,
        categories=["identity"],
        now=at,
    )


def test_reads_at_night_are_listed_per_user(client_for, personas):
    read_at(personas["jobcenter_officer"], 23, 1)
    read_at(personas["jobcenter_officer"], 2, 2)
    read_at(personas["foreigners_officer"], 14, 1)  # in the day: not unusual
    rows = unusual.at_night()
    assert [(r.username, r.reads, r.people) for r in rows] == [("jc.officer", 2, 2)]
    html = client_for("data_protection").get(reverse("audit:unusual")).content.decode()
    assert "Reads at night (22:00 to 6:00)" in html and "jc.officer" in html
    assert "abh.officer" not in html


def test_the_night_is_configurable(personas, settings):
    settings.UNUSUAL_NIGHT_HOURS = (12, 15)
    read_at(personas["foreigners_officer"], 14, 1)
    read_at(personas["jobcenter_officer"], 23, 1)
    assert [r.username for r in unusual.at_night()] == ["abh.officer"]


def test_a_case_refused_to_an_agency_shows_beside_the_decisions_refusals(
    client_for, personas, agencies
):
    from anlaufstelle.cases import services
    from anlaufstelle.people.models import Person

    olena = Person.objects.create(
        family_name="Koval", given_names="Olena", registered_by=agencies["reception"]
    )
    case, _new = services.open_case(
        user=personas["jobcenter_officer"], person_id=olena.pk, data={"title": "A"}
    )
    client_for("foreigners_officer").get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    refused = unusual.refused_by_the_decision()
    assert [r.username for r in refused] == ["abh.officer"]
    assert unusual.paused() == []  # not a pause for listing the registry


def test_many_people_outside_ones_work_are_listed(personas, agencies, settings, client_for):
    from anlaufstelle.cases import services
    from anlaufstelle.people.models import Person

    settings.UNUSUAL_PEOPLE_OUTSIDE_WORK = 3
    people = [
        Person.objects.create(
            family_name=f"Person{n}", given_names="X", registered_by=agencies["reception"]
        )
        for n in range(5)
    ]
    # The jobcenter has a case with two of them: three are outside its work.
    for person in people[:2]:
        services.open_case(
            user=personas["jobcenter_officer"], person_id=person.pk, data={"title": "A"}
        )
    for person in people:
        read_at(personas["jobcenter_officer"], 11, person.pk)
        read_at(personas["reception"], 11, person.pk)  # reception registered all of them
    rows = unusual.outside_their_work()
    assert [(r.username, r.people, r.of) for r in rows] == [("jc.officer", 3, 5)]
    html = client_for("data_protection").get(reverse("audit:unusual")).content.decode()
    assert "jc.officer: 3 of 5 people read" in html


def test_the_chain_is_checked_on_the_page(client_for, personas):
    read_at(personas["jobcenter_officer"], 11, 1)
    html = client_for("data_protection").get(reverse("audit:verify")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "Intact: " in main and "entries checked" in main, main
    from anlaufstelle.audit.models import AuditEntry
    from tests.audit_guard import set_all_guards

    set_all_guards(False)
    AuditEntry.objects.filter(username="jc.officer").update(purpose="registration")
    set_all_guards(True)
    html = client_for("data_protection").get(reverse("audit:verify")).content.decode()
    assert "Not intact" in html
