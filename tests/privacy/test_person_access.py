"""The registry's pages follow the access decision: each agency sees of a person what it holds,
what a legal basis gives it, and what the person consented to; everything else is left out
with the reason, and a page that needs what is refused is refused and recorded."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.people.models import Person
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.models import LegalBasis, TransferRequest
from tests.consents import consent


def detail(person: Person) -> str:
    return reverse("people:detail", kwargs={"person_id": person.pk})


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def last_entry(person: Person) -> AuditEntry:
    return AuditEntry.objects.filter(person_ref=person.pk).latest("seq")


def test_without_consent_another_agency_sees_the_name_and_why_the_rest_is_missing(
    client_for, olena
):
    html = client_for("jobcenter_officer").get(detail(olena)).content.decode()
    assert "Koval, Olena" in html and "01.05.1990" in html
    assert "+49 341 555 0101" not in html and "grandmother" not in html
    assert "Not shown to you" in html
    assert "no legal basis and no consent for your agency" in html
    read = last_entry(olena)
    assert (read.action, read.username, read.categories) == ("read", "jc.officer", ["identity"])
    assert read.detail["access"]["identity"] == {
        "basis": "centre-identity",
        "citation": "Art. 6 Abs. 1 lit. e, Art. 26 DSGVO (Vereinbarung der Verantwortlichen)",
        "transfer": True,
    }
    assert read.detail["access"]["contact"] == {"refused": "no_basis"}


def test_reception_sees_what_its_own_agency_registered(client_for, olena):
    html = client_for("reception").get(detail(olena)).content.decode()
    assert "+49 341 555 0101" in html and "cares for her grandmother" in html
    assert "Not shown to you" not in html
    read = last_entry(olena)
    assert read.categories == ["biography", "contact", "identity"]
    assert read.detail["access"]["contact"]["basis"] == "own"


def test_a_consent_opens_what_it_names_and_its_withdrawal_closes_it_at_once(
    client_for, agencies, olena
):
    given = consent(olena, agencies["jobcenter"], categories=["contact"], purposes=["casework"])
    jobcenter = client_for("jobcenter_officer")
    html = jobcenter.get(detail(olena)).content.decode()
    assert "+49 341 555 0101" in html
    # Biography was not among the boxes ticked: still left out.
    assert "grandmother" not in html and "the person&#x27;s consent does not cover this" in html
    assert last_entry(olena).detail["access"]["contact"]["basis"] == f"consent:{given.pk}"
    # The foreigners authority is not named in the consent.
    authority = client_for("foreigners_officer").get(detail(olena)).content.decode()
    assert "+49 341 555 0101" not in authority
    given.withdrawn_at = timezone.now()
    given.save()
    html = jobcenter.get(detail(olena)).content.decode()
    assert "+49 341 555 0101" not in html and "the person withdrew their consent" in html
    assert last_entry(olena).detail["access"]["contact"] == {"refused": "consent_withdrawn"}


def test_an_expired_consent_holds_no_longer_without_anything_having_to_run(
    client_for, agencies, olena
):
    consent(
        olena,
        agencies["jobcenter"],
        valid_from=timezone.now() - timedelta(days=400),
        valid_until=timezone.now() - timedelta(seconds=1),
    )
    html = client_for("jobcenter_officer").get(detail(olena)).content.decode()
    assert "+49 341 555 0101" not in html and "the person&#x27;s consent has expired" in html


def test_the_foreigners_authority_reads_on_its_written_request_only(
    client_for, agencies, personas, olena
):
    officer = client_for("foreigners_officer")
    html = officer.get(detail(olena)).content.decode()
    assert "+49 341 555 0101" not in html
    assert "only on a written request of your agency, and none is on record" in html
    TransferRequest.objects.create(
        person=olena,
        agency=agencies["foreigners"],
        basis=LegalBasis.objects.get(code="aufenthg-87-1"),
        reference="ABH-2026-0815",
        recorded_by=personas["foreigners_officer"],
    )
    assert "+49 341 555 0101" in officer.get(detail(olena)).content.decode()
    assert last_entry(olena).detail["access"]["contact"]["basis"] == "aufenthg-87-1"
    # Biography is not in § 87 Abs. 1 AufenthG's row: still refused.
    assert last_entry(olena).detail["access"]["biography"] == {"refused": "no_basis"}


def test_a_lawyer_removing_a_basis_closes_what_it_opened(client_for, olena):
    LegalBasis.objects.filter(code="centre-identity").delete()
    response = client_for("jobcenter_officer").get(detail(olena))
    assert response.status_code == 403


def test_an_agency_with_nothing_to_go_on_is_refused_the_page_and_the_refusal_recorded(
    bank_officer, olena
):
    before = AuditEntry.objects.count()
    response = login(bank_officer).get(detail(olena))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Not open to you" in html and "Koval" not in html
    assert "Identity" in html and "no legal basis and no consent for your agency" in html
    [refusal] = AuditEntry.objects.filter(seq__gt=before)
    assert (refusal.action, refusal.username, refusal.person_ref) == (
        "refused",
        "sparkasse",
        olena.pk,
    )
    assert "identity" in refusal.categories
    assert refusal.detail["access"]["identity"] == {"refused": "no_basis"}


def test_editing_needs_every_category_of_the_form(client_for, agencies, olena):
    consent(olena, agencies["jobcenter"], categories=["contact"], purposes=["casework"])
    response = client_for("jobcenter_officer").get(
        reverse("people:edit", kwargs={"person_id": olena.pk})
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="refused", person_ref=olena.pk).exists()


def test_a_household_member_the_reader_may_not_see_is_left_out(bank, bank_officer, olena, son):
    consent(olena, bank, categories=["identity", "contact"], purposes=["casework"])
    html = login(bank_officer).get(detail(olena)).content.decode()
    assert "Koval, Olena" in html and "+49 341 555 0101" in html
    assert "Taras" not in html
    assert not AuditEntry.objects.filter(person_ref=son.pk).exists()
    # The household's address is the mother's contact data, which her consent covers.
    assert "Ringstr. 9" in html


def test_the_decision_for_many_people_takes_a_fixed_number_of_queries(
    personas, agencies, olena, son
):
    people = [olena, son]
    consent(son, agencies["jobcenter"])
    with CaptureQueriesContext(connection) as two:
        access.decide_many(
            user=personas["jobcenter_officer"], people=people,
            categories=["identity", "contact"], purpose=Purpose.CASEWORK,
        )  # fmt: skip
    many = people + [Person.objects.create(family_name=f"P{i}") for i in range(5)]
    with CaptureQueriesContext(connection) as seven:
        decided = access.decide_many(
            user=personas["jobcenter_officer"], people=many,
            categories=["identity", "contact"], purpose=Purpose.CASEWORK,
        )  # fmt: skip
    assert len(seven) == len(two)
    assert decided[son.pk].allowed == {"identity", "contact"}
    assert decided[olena.pk].allowed == {"identity"}


def test_search_lists_only_people_whose_identity_the_reader_may_see(bank, bank_officer, olena, son):
    consent(son, bank, categories=["identity"], purposes=["casework"])
    html = login(bank_officer).get(reverse("people:search"), {"q": "Koval"}).content.decode()
    assert "Taras" in html and "Olena" not in html
    search = AuditEntry.objects.filter(action="search").latest("seq")
    assert search.detail["shown"] == [son.pk] and search.detail["withheld"] == 1


def test_a_change_sent_without_the_page_is_refused_and_nothing_is_written(
    client_for, agencies, olena
):
    # The jobcenter may see the name (the house's basis), not the phone: a hand-made form that
    # changes the phone is refused, and the phone stays as it was.
    jobcenter = client_for("jobcenter_officer")
    data = {
        "family_name": "Koval", "given_names": "Olena", "birth_date": "1990-05-01",
        "birth_date_precision": "day", "phone": "+49 341 999 9999",
        "version": Person.objects.get(pk=olena.pk).version,
    }  # fmt: skip
    response = jobcenter.post(reverse("people:edit", kwargs={"person_id": olena.pk}), data)
    assert response.status_code == 403
    olena.refresh_from_db()
    assert olena.phone == "+49 341 555 0101"
    refused = AuditEntry.objects.filter(action="refused", person_ref=olena.pk).latest("seq")
    assert refused.detail["access"]["contact"] == {"refused": "no_basis"}
    assert not AuditEntry.objects.filter(action="update", person_ref=olena.pk).exists()
    # Nor may it add a residence document to what it cannot see.
    add = reverse("people:entry_add", kwargs={"person_id": olena.pk, "kind": "document"})
    response = jobcenter.post(add, {"kind": "duldung", "number": "D-1"})
    assert response.status_code == 403
    assert not olena.documents.exists()


def test_the_household_page_leaves_out_members_the_reader_may_not_see(
    bank, bank_officer, olena, son
):
    consent(olena, bank, categories=["identity", "contact"], purposes=["casework"])
    page = reverse("people:household", kwargs={"person_id": olena.pk})
    html = login(bank_officer).get(page).content.decode()
    assert "Koval, Olena" in html and "Taras" not in html


def test_the_data_protection_officer_sees_who_was_refused(client_for, bank_officer, olena):
    login(bank_officer).get(detail(olena))
    html = client_for("data_protection").get(reverse("audit:unusual")).content.decode()
    refused = html.split('id="refused-heading"')[1].split("</section>")[0]
    assert "sparkasse" in refused and "Identity" in refused
    # Not mistaken for a pause for listing the registry.
    assert "No one was paused." in html


def test_household_writes_need_the_members_data_in_sight(bank_officer, olena, son, agencies):
    import pytest

    from anlaufstelle.people import services
    from anlaufstelle.people.models import Household, HouseholdMember

    household = Household.objects.get()
    membership = HouseholdMember.objects.get(person=son)
    loner = Person.objects.create(
        family_name="Melnyk", given_names="Ivan", registered_by=agencies["reception"]
    )
    attempts = [
        lambda: services.create_household(user=bank_officer, person=loner, data={}),
        lambda: services.update_household(
            user=bank_officer, household=household, data={"address": "Elsewhere 1"}
        ),
        lambda: services.join_household(
            user=bank_officer, person=loner, other_person_id=olena.pk, relation="other"
        ),
        lambda: services.leave_household(user=bank_officer, membership=membership),
    ]
    for attempt in attempts:
        with pytest.raises(access.AccessRefused):
            attempt()
    household.refresh_from_db()
    assert household.address == "Ringstr. 9" and Household.objects.count() == 1
    assert HouseholdMember.objects.count() == 2
