"""The data-protection officer's page of probable duplicates."""

from datetime import date

from django.urls import reverse

from tests.people.conftest import make_person

URL = reverse("people:duplicates")


def test_the_page_lists_the_pairs_with_explanation_and_links(
    client_for, person, stranger, audit_entries
):
    planted = make_person(
        family_name="Schewtschenko", given_names="Alexander", birth_date=date(1985, 3, 14)
    )
    response = client_for("data_protection").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for one in (person, planted):
        assert reverse("people:detail", kwargs={"person_id": one.pk}) in html
    assert "birth date: same (1985-03-14)" in html and "Haddad" not in html
    [entry] = audit_entries()
    assert (entry.action, entry.purpose) == ("search", "data_protection_review")


def test_the_page_continues_after_a_block(client_for, person, monkeypatch):
    monkeypatch.setattr("anlaufstelle.people.matching.REPORT_PAGE_BLOCKS", 1)
    make_person(family_name="Shevchenko", given_names="Oleksandr", birth_date=date(1961, 1, 2))
    html = client_for("data_protection").get(URL).content.decode()
    assert "Check the next blocks" in html and "?after=" in html
    assert "Start again" in client_for("data_protection").get(URL, {"after": "f"}).content.decode()
