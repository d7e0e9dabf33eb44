"""The merge workflow on screen: choose the other record, compare, choose the survivor,
confirm; the merged record's page leads to the survivor; a data-protection officer undoes."""

from datetime import date

import pytest
from django.urls import reverse

from anlaufstelle.people.models import Document, Person, PersonMerge
from tests.people.conftest import make_person


@pytest.fixture
def duplicate(db):
    dup = make_person(
        family_name="Schewtschenko",
        given_names="Alexander",
        birth_date=date(1985, 3, 14),
        email="alexander@example.org",
    )
    Document.objects.create(person=dup, kind="passport", number="FX123456")
    return dup


def merge_url(person):
    return reverse("people:merge", kwargs={"person_id": person.pk})


def compare_url(person, other):
    return reverse("people:merge_compare", kwargs={"person_id": person.pk, "other_id": other.pk})


def detail_url(person):
    return reverse("people:detail", kwargs={"person_id": person.pk})


def test_the_person_page_offers_the_merge_to_writers_only(client_for, person):
    assert merge_url(person) in client_for("reception").get(detail_url(person)).content.decode()
    html = client_for("data_protection").get(detail_url(person)).content.decode()
    assert merge_url(person) not in html


def test_the_merge_page_lists_probable_duplicates_with_a_compare_link(
    client_for, person, duplicate, stranger, audit_entries
):
    response = client_for("reception").get(merge_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert compare_url(person, duplicate) in html and "Haddad" not in html
    assert "probably the same person" in html
    read, check = audit_entries()
    assert (read.action, read.person_ref) == ("read", person.pk)
    assert (check.action, check.detail) == (
        "search",
        {"check": "duplicates", "results": 1, "shown": [duplicate.pk]},
    )


def test_the_merge_page_searches_as_you_type_without_the_person_itself(client_for, person, spouse):
    response = client_for("reception").get(
        merge_url(person), {"q": "Shevchenko"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert compare_url(person, spouse) in html and compare_url(person, person) not in html


def test_a_number_leads_to_the_comparison(client_for, person, duplicate):
    response = client_for("reception").get(merge_url(person), {"other": duplicate.pk})
    assert response.status_code == 302 and response["Location"] == compare_url(person, duplicate)


def test_the_comparison_shows_both_records_and_the_verdict(
    client_for, person, duplicate, audit_entries
):
    response = client_for("reception").get(compare_url(person, duplicate))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Shevchenko, Oleksandr" in html and "Schewtschenko, Alexander" in html
    assert "probably the same person" in html and "birth date: same (1985-03-14)" in html
    # The verdict in words; a percentage would be read as a probability.
    assert "%" not in html
    assert "alexander@example.org" in html and 'name="survivor"' in html
    assert {e.person_ref for e in audit_entries(action="read")} == {person.pk, duplicate.pk}
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_confirming_merges_into_the_chosen_survivor(client_for, person, duplicate):
    response = client_for("foreigners_officer").post(
        compare_url(person, duplicate), {"survivor": duplicate.pk, "confirm": "on"}
    )
    assert response.status_code == 302 and response["Location"] == detail_url(duplicate)
    assert Person.objects.get(pk=person.pk).merged_into_id == duplicate.pk


def test_without_confirmation_nothing_is_merged(client_for, person, duplicate, audit_entries):
    response = client_for("reception").post(compare_url(person, duplicate), {"survivor": person.pk})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PersonMerge.objects.exists()
    assert audit_entries(action="merge") == []


def test_comparing_a_record_with_itself_goes_back_with_a_message(client_for, person):
    response = client_for("reception").get(compare_url(person, person), follow=True)
    assert "Choose another record than this one." in response.content.decode()


def test_the_merged_records_page_leads_to_the_survivor(client_for, person, duplicate):
    client_for("reception").post(
        compare_url(person, duplicate), {"survivor": person.pk, "confirm": "on"}
    )
    response = client_for("jobcenter_officer").get(detail_url(duplicate), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(detail_url(person), 302)]
    assert f"Record no. {duplicate.pk} was merged into this record" in html
    assert "FX123456" in html
    edit = reverse("people:edit", kwargs={"person_id": duplicate.pk})
    assert client_for("reception").get(edit)["Location"] == detail_url(person)


def test_the_survivors_page_lists_the_merge_and_offers_the_undo_to_data_protection(
    client_for, person, duplicate
):
    client_for("reception").post(
        compare_url(person, duplicate), {"survivor": person.pk, "confirm": "on"}
    )
    undo = reverse("people:merge_undo", kwargs={"merge_id": PersonMerge.objects.get().pk})
    assert "Merged records" in client_for("reception").get(detail_url(person)).content.decode()
    assert undo not in client_for("reception").get(detail_url(person)).content.decode()
    assert undo in client_for("data_protection").get(detail_url(person)).content.decode()


def test_data_protection_undoes_a_merge(client_for, person, duplicate, audit_entries):
    client_for("reception").post(
        compare_url(person, duplicate), {"survivor": person.pk, "confirm": "on"}
    )
    undo = reverse("people:merge_undo", kwargs={"merge_id": PersonMerge.objects.get().pk})
    page = client_for("data_protection").get(undo)
    assert page.status_code == 200 and "Yes, undo the merge" in page.content.decode()
    response = client_for("data_protection").post(undo, {"confirm": "True"})
    assert response.status_code == 302 and response["Location"] == detail_url(duplicate)
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
    assert Document.objects.get().person_id == duplicate.pk
    assert len(audit_entries(purpose="data_protection_correction")) == 2


def test_the_audit_log_tells_the_undo_from_the_merge(client_for, person, duplicate):
    client_for("reception").post(
        compare_url(person, duplicate), {"survivor": person.pk, "confirm": "on"}
    )
    undo = reverse("people:merge_undo", kwargs={"merge_id": PersonMerge.objects.get().pk})
    client_for("data_protection").post(undo, {"confirm": "True"})
    response = client_for("data_protection").get(reverse("audit:log"), {"person": duplicate.pk})
    # The table, not the filter's list of actions, which names every action.
    table = response.content.decode().split("<tbody", 1)[1]
    assert table.count("undo of a merge") == 1
    assert table.count(">merge<") == 1
