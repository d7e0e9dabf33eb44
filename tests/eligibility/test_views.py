"""A person's perspectives and the facts the foreigners authority records."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.eligibility.models import Conviction, RecordedFacts
from anlaufstelle.people.models import Document
from tests.people.conftest import make_person


def _facts_url(person):
    return reverse("eligibility:facts", kwargs={"person_id": person.pk})


def _perspectives_url(person):
    return reverse("eligibility:perspectives", kwargs={"person_id": person.pk})


FORM = {"version": "1", "german_oral": "A2", "deception": "false", "civic_knowledge": "unknown"}


def test_recording_facts_saves_them_and_records_the_write(client_for, young):
    response = client_for("foreigners_officer").post(_facts_url(young), FORM)
    assert response.status_code == 302
    stored = RecordedFacts.objects.get(person=young)
    assert (stored.german_oral, stored.deception, stored.civic_knowledge) == ("A2", False, None)
    assert stored.version == 2
    update = AuditEntry.objects.filter(action="update", person_ref=young.pk).latest("seq")
    assert update.categories == ["residence"] and "german_oral" in update.detail["fields"]


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(client_for, young):
    client = client_for("foreigners_officer")
    client.post(_facts_url(young), FORM)
    response = client.post(_facts_url(young), {**FORM, "german_oral": "B1"})  # version 1 again
    assert response.status_code == 409
    assert RecordedFacts.objects.get(person=young).german_oral == "A2"
    assert 'value="B1" selected' in response.content.decode()


def test_bad_input_is_named_and_changes_nothing(client_for, young):
    client = client_for("foreigners_officer")
    bad = {**FORM, "livelihood_share_from_work": "1.5", "fingerprinted_on": "2999-01-01"}
    response = client.post(_facts_url(young), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "livelihood_share_from_work" in errors
    assert errors["fingerprinted_on"] == ["This date cannot be in the future."]
    assert not RecordedFacts.objects.exists()


def test_the_jobcenter_may_not_record_residence_facts(client_for, young):
    assert client_for("jobcenter_officer").post(_facts_url(young), FORM).status_code == 403
    assert not RecordedFacts.objects.exists()


def test_perspectives_show_the_titles_and_are_recorded_as_a_read(client_for, young):
    response = client_for("foreigners_officer").get(_perspectives_url(young))
    page = response.content.decode()
    assert "Residence for well-integrated young people" in page or "§ 25a" in page
    assert "Record facts" in page
    read = AuditEntry.objects.filter(action="read", person_ref=young.pk).latest("seq")
    assert "perspectives" in read.detail and "residence" in read.categories


def test_the_benefit_regime_under_temporary_protection_is_marked_unconfirmed(client_for, db):
    person = make_person(family_name="Bondar", given_names="Olha", birth_date=date(1990, 1, 1))
    Document.objects.create(
        person=person, kind="fiktionsbescheinigung", number="F1", issued_on=date(2025, 5, 1),
        legal_basis="§ 24 AufenthG",
    )  # fmt: skip
    RecordedFacts.objects.create(
        person=person, able_to_work=True, fingerprinted_on=date(2025, 5, 1)
    )
    page = client_for("jobcenter_officer").get(_perspectives_url(person)).content.decode()
    assert "Benefit regime under temporary protection" in page
    assert "AsylbLG" in page or "SGB II" in page
    assert "law not confirmed in force" in page
    assert "Record facts" not in page  # the jobcenter reads, the foreigners authority records


def _conviction_url(person, *rest):
    if rest:
        kwargs = {"person_id": person.pk, "conviction_id": rest[0]}
        return reverse("eligibility:conviction_delete", kwargs=kwargs)
    return reverse("eligibility:conviction_add", kwargs={"person_id": person.pk})


def test_a_conviction_is_recorded_once_however_often_the_form_is_sent(client_for, young):
    client = client_for("foreigners_officer")
    form = client.get(_conviction_url(young)).context["form"]
    sent = {
        "submission": str(form["submission"].value()),
        "sentenced_on": "2024-03-01",
        "daily_rates": "60",
        "foreigner_only": "false",
    }
    assert client.post(_conviction_url(young), sent).status_code == 302
    again = client.post(_conviction_url(young), sent, follow=True)
    assert "the conviction was recorded once" in again.content.decode()
    (row,) = Conviction.objects.filter(person=young)
    assert (row.daily_rates, row.foreigner_only, row.custodial) == (60, False, None)
    create = AuditEntry.objects.filter(action="create", person_ref=young.pk).latest("seq")
    assert create.categories == ["residence"] and create.detail["entry"] == "conviction"
    page = client.get(_facts_url(young)).content.decode()
    assert "01.03.2024" in page and ">60<" in page


def test_an_empty_or_future_conviction_is_refused_and_nothing_recorded(client_for, young):
    client = client_for("foreigners_officer")
    empty = client.post(_conviction_url(young), {})
    assert empty.status_code == 400
    assert "Enter at least one detail of the conviction." in empty.content.decode()
    future = client.post(_conviction_url(young), {"sentenced_on": "2999-01-01", "daily_rates": "5"})
    assert future.status_code == 400
    assert future.context["form"].errors["sentenced_on"] == ["This date cannot be in the future."]
    assert 'value="5"' in future.content.decode()  # the typing is kept
    assert not Conviction.objects.exists()


def test_recording_a_conviction_ends_no_conviction(client_for, young):
    RecordedFacts.objects.create(person=young, no_convictions=True)
    client = client_for("foreigners_officer")
    assert client.post(_conviction_url(young), {"daily_rates": "90"}).status_code == 302
    assert RecordedFacts.objects.get(person=young).no_convictions is False
    update = AuditEntry.objects.filter(action="update", person_ref=young.pk).latest("seq")
    assert update.detail["fields"] == ["no_convictions"]


def test_no_conviction_contradicts_a_recorded_one(client_for, young):
    Conviction.objects.create(person=young, custodial=True)
    client = client_for("foreigners_officer")
    response = client.post(_facts_url(young), {**FORM, "no_convictions": "true"})
    assert response.status_code == 400
    assert "A conviction is recorded below." in response.content.decode()
    assert not RecordedFacts.objects.exists()


def test_removing_a_conviction_asks_first_and_is_recorded(client_for, young):
    row = Conviction.objects.create(person=young, daily_rates=20)
    client = client_for("foreigners_officer")
    page = client.get(_conviction_url(young, row.pk))
    assert page.status_code == 200 and "fine in daily rates" in page.content.decode()
    assert Conviction.objects.filter(pk=row.pk).exists()
    response = client.post(_conviction_url(young, row.pk), {"confirm": "True"}, follow=True)
    assert "The conviction has been removed." in response.content.decode()
    assert not Conviction.objects.exists()
    deleted = AuditEntry.objects.filter(action="delete", person_ref=young.pk).latest("seq")
    assert deleted.detail == {"entry": "conviction", "entry_id": row.pk}
    again = client.post(_conviction_url(young, row.pk), {"confirm": "True"}, follow=True)
    assert "This conviction had been removed already." in again.content.decode()


def test_other_agencies_may_not_record_or_remove_convictions(client_for, young):
    row = Conviction.objects.create(person=young, daily_rates=20)
    client = client_for("jobcenter_officer")
    assert client.post(_conviction_url(young), {"daily_rates": "10"}).status_code == 403
    assert client.post(_conviction_url(young, row.pk), {"confirm": "True"}).status_code == 403
    assert list(Conviction.objects.values_list("daily_rates", flat=True)) == [20]
