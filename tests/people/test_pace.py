"""Search first, for real: walking person numbers or searching two letters at a time is paused
(429), recorded in the audit trail and shown to the data-protection officer; a busy day's
work at a desk never is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.people.models import Person


@pytest.fixture
def registry(db):
    return [
        Person.objects.create(family_name=f"Walkova{n:03d}", given_names="Anna", sex="f")
        for n in range(40)
    ]


def _detail(person_id: int) -> str:
    return reverse("people:detail", kwargs={"person_id": person_id})


def test_walking_person_numbers_is_paused_recorded_and_shown(
    settings, registry, client_for, caplog
):
    settings.PEOPLE_PER_HOUR = 25
    client = client_for("foreigners_officer")
    answers = [client.get(_detail(person.pk)).status_code for person in registry]
    assert answers[:25] == [200] * 25
    assert set(answers[25:]) == {429}
    page = client.get(_detail(registry[30].pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Paused: too many people in a short time" in page and "Walkova030" not in page
    # Those already opened stay open.
    assert client.get(_detail(registry[3].pk)).status_code == 200
    refused = AuditEntry.objects.filter(action="refused", username="abh.officer")
    assert refused.count() == 16
    assert refused.first().detail["asked for"] == registry[25].pk
    assert "registry listing refused: user abh.officer" in caplog.text
    # Nothing of the refused people was read.
    read = set(AuditEntry.objects.filter(action="read").values_list("person_ref", flat=True))
    assert not read & {person.pk for person in registry[25:]}

    dpo = client_for("data_protection").get(reverse("audit:unusual"), HTTP_ACCEPT_LANGUAGE="en")
    html = dpo.content.decode()
    assert "abh.officer" in html and "many people opened" in html


def test_two_letter_searches_in_a_loop_are_paused(settings, registry, client_for):
    settings.SHORT_SEARCHES_PER_HOUR = 10
    client = client_for("reception")
    url = reverse("people:search")
    answers = [client.get(url, {"q": pair}).status_code for pair in ["wa", "an"] * 8]
    assert answers[:10] == [200] * 10 and set(answers[10:]) == {429}
    # A whole name is no short search: it still works.
    assert client.get(url, {"q": "Walkova007 Anna"}).status_code == 200
    assert (
        AuditEntry.objects.filter(action="refused", detail__refused="short searches").count() == 6
    )


def test_a_busy_day_at_a_desk_is_never_paused(registry, client_for):
    # Defaults: 100 whole-name searches and opening each person found, twice, in an hour.
    client = client_for("reception")
    url = reverse("people:search")
    for _round in range(2):
        for person in registry:
            assert client.get(url, {"q": person.family_name}).status_code == 200
            assert client.get(_detail(person.pk)).status_code == 200
    assert not AuditEntry.objects.filter(action="refused").exists()
    page = client_for("data_protection").get(reverse("audit:unusual"), HTTP_ACCEPT_LANGUAGE="en")
    assert "No one was paused." in page.content.decode()


def test_a_limit_of_zero_switches_the_pause_off(settings, registry, client_for):
    settings.PEOPLE_PER_HOUR = 0
    client = client_for("foreigners_officer")
    assert {client.get(_detail(person.pk)).status_code for person in registry} == {200}
