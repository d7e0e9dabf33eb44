"""Schooling, qualifications, work experience and language skills (documents: their own file)."""

import pytest
from django.urls import reverse

from anlaufstelle.people.models import LanguageSkill, Qualification, Schooling, WorkExperience

VALID = {
    "schooling": (Schooling, {"level": "upper_secondary", "country": "UA", "years": "11"}),
    "qualification": (
        Qualification,
        {"kind": "vocational", "title": "Electrician", "year": "2010", "recognition": "pending"},
    ),
    "work": (WorkExperience, {"occupation": "Cook", "from_year": "2005", "to_year": "2020"}),
    "language": (LanguageSkill, {"language": "de", "level": "A2"}),
}


def add_url(person, kind):
    return reverse("people:entry_add", kwargs={"person_id": person.pk, "kind": kind})


def entry_url(name, entry, kind):
    kwargs = {"person_id": entry.person_id, "kind": kind, "entry_id": entry.pk}
    return reverse(f"people:{name}", kwargs=kwargs)


@pytest.mark.parametrize("kind", VALID)
def test_adding_an_entry(client_for, person, audit_entries, kind):
    model, data = VALID[kind]
    client = client_for("reception")
    page = client.get(add_url(person, kind))
    assert page.status_code == 200 and "Shevchenko, Oleksandr" in page.content.decode()
    response = client.post(add_url(person, kind), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/people/{person.pk}/#{kind}")
    assert model.objects.get().person == person
    read, create = audit_entries()
    assert (read.action, read.categories) == ("read", ["identity"])
    assert (create.action, create.person_ref, create.categories) == (
        "create",
        person.pk,
        ["biography"],
    )
    assert create.detail["entry"] == kind


@pytest.mark.parametrize(
    ("kind", "changes", "field", "message"),
    [
        ("schooling", {"years": "25"}, "years", "Enter at most 20 years."),
        ("schooling", {"years": "-1"}, "years", "greater than or equal to 0"),
        ("schooling", {"level": "kindergarten"}, "level", "Select a valid choice."),
        ("schooling", {"country": "XX"}, "country", "Select a valid choice."),
        ("qualification", {"title": ""}, "title", "This field is required."),
        ("qualification", {"year": "1900"}, "year", "Enter a year between 1940 and this year."),
        ("qualification", {"year": "2999"}, "year", "Enter a year between 1940 and this year."),
        ("qualification", {"year": "soon"}, "year", "Enter a whole number."),
        ("work", {"from_year": "1930"}, "from_year", "Enter a year between 1940 and this year."),
        ("work", {"to_year": "2001"}, "to_year", "The end cannot be before the start."),
        ("work", {"hours_per_week": "90"}, "hours_per_week", "Enter between 0 and 80 hours."),
        (
            "work",
            {"started_on": "2024-05-01", "ended_on": "2024-04-30"},
            "ended_on",
            "The end cannot be before the start.",
        ),
        ("schooling", {"started_on": "2999-09-01"}, "started_on", "cannot be in the future"),
        (
            "qualification",
            {"completed_on": "2999-07-01"},
            "completed_on",
            "cannot be in the future",
        ),
        ("language", {"language": "xx"}, "language", "Select a valid choice."),
        ("language", {"level": "D1"}, "level", "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(
    client_for, person, audit_entries, kind, changes, field, message
):
    model, data = VALID[kind]
    response = client_for("reception").post(add_url(person, kind), {**data, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode()
    assert not model.objects.exists()
    assert [e.action for e in audit_entries()] == ["read"]


def test_a_second_level_for_the_same_language_is_refused(client_for, person, audit_entries):
    LanguageSkill.objects.create(person=person, language="de", level="A1")
    response = client_for("reception").post(
        add_url(person, "language"), {"language": "de", "level": "B2"}
    )
    assert response.status_code == 200
    assert "A level for this language is already recorded." in response.content.decode()
    assert LanguageSkill.objects.get().level == "A1"


def test_editing_an_entry(client_for, person, audit_entries):
    work = WorkExperience.objects.create(person=person, occupation="Cook", from_year=2005)
    client = client_for("foreigners_officer")
    page = client.get(entry_url("entry_edit", work, "work"))
    assert 'value="Cook"' in page.content.decode()
    response = client.post(
        entry_url("entry_edit", work, "work"),
        {"occupation": "Chef", "from_year": "2005", "version": "1"},
    )
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.occupation == "Chef"
    read, update = audit_entries()
    assert (read.action, read.categories) == ("read", ["biography", "identity"])
    assert (update.action, update.detail["fields"]) == ("update", ["occupation"])


def test_a_bad_edit_changes_nothing(client_for, person):
    schooling = Schooling.objects.create(person=person, level="primary", years=4)
    response = client_for("reception").post(
        entry_url("entry_edit", schooling, "schooling"),
        {"level": "primary", "years": "99", "version": "1"},
    )
    assert response.status_code == 200 and 'value="99"' in response.content.decode()
    schooling.refresh_from_db()
    assert schooling.years == 4


def test_deleting_needs_a_post_from_the_confirmation_page(client_for, person, audit_entries):
    skill = LanguageSkill.objects.create(person=person, language="uk", level="native")
    client = client_for("reception")
    page = client.get(entry_url("entry_delete", skill, "language"))
    assert page.status_code == 200
    assert "Ukrainian" in page.content.decode() and "native language" in page.content.decode()
    assert LanguageSkill.objects.exists()
    client.post(entry_url("entry_delete", skill, "language"), {})
    assert LanguageSkill.objects.exists()
    response = client.post(entry_url("entry_delete", skill, "language"), {"confirm": "True"})
    assert response.status_code == 302
    assert not LanguageSkill.objects.exists()
    assert [e.action for e in audit_entries()] == ["read", "read", "delete"]


def test_an_entry_of_another_person_is_not_found(client_for, person, stranger):
    skill = LanguageSkill.objects.create(person=person, language="uk", level="native")
    kwargs = {"person_id": stranger.pk, "kind": "language", "entry_id": skill.pk}
    client = client_for("reception")
    assert client.get(reverse("people:entry_edit", kwargs=kwargs)).status_code == 404
    response = client.post(reverse("people:entry_delete", kwargs=kwargs), {"confirm": "True"})
    assert response.status_code == 404
    assert LanguageSkill.objects.exists()


def test_unknown_people_and_kinds_are_not_found(client_for, person):
    client = client_for("reception")
    assert client.get(f"/people/{person.pk}/hobbies/add/").status_code == 404
    missing = reverse("people:entry_add", kwargs={"person_id": 999, "kind": "work"})
    assert client.get(missing).status_code == 404
    assert client.post(missing, VALID["work"][1]).status_code == 404


def test_no_language_is_preselected(client_for, person):
    client = client_for("reception")
    html = client.get(add_url(person, "language")).content.decode()
    assert '<option value="" selected>Please choose</option>' in html
    response = client.post(add_url(person, "language"), {"language": "", "level": "A1"})
    assert "This field is required." in response.content.decode()
    assert not LanguageSkill.objects.exists()
