import re
from datetime import date

import pytest
from django.urls import reverse

from anlaufstelle.people.models import Person
from tests.people.conftest import make_person

URL = reverse("people:register")

VALID = {
    "family_name": "Kovalenko",
    "given_names": "Olha",
    "family_name_original": "Коваленко",
    "given_names_original": "Ольга",
    "birth_date": "1992-04-30",
    "birth_date_precision": "day",
    "sex": "f",
    "nationalities": ["UA"],
    "birth_place": "Kharkiv",
    "birth_country": "UA",
    "languages": ["uk", "ru"],
    "phone": "+49 151 2345678",
    "email": "olha@example.org",
    "address": "Hauptstr. 1\n04109 Leipzig",
}


def test_the_form_page_opens(client_for):
    response = client_for("reception").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="date"' in html and 'name="languages"' in html and "checkbox-grid" in html


def test_registering_saves_the_person_and_records_it(client_for, audit_entries):
    response = client_for("reception").post(URL, VALID)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", kwargs={"person_id": person.pk})
    assert person.given_names_original == "Ольга"
    assert person.languages == ["uk", "ru"] and [c.code for c in person.nationalities] == ["UA"]
    check, entry = audit_entries()
    assert (check.action, check.detail["check"]) == ("search", "duplicates")
    assert (entry.action, entry.person_ref, entry.username) == ("create", person.pk, "rezeption")
    assert entry.purpose == "registration"
    assert entry.categories == ["biography", "contact", "identity"]


def test_a_desk_officer_registers_for_casework(client_for, audit_entries):
    client_for("jobcenter_officer").post(
        URL, {"family_name": "Nowak", "birth_date_precision": "day"}
    )
    assert [e.purpose for e in audit_entries()] == ["casework", "casework"]


def test_names_are_stored_in_one_unicode_form(client_for):
    client_for("reception").post(
        URL, {"family_name": "Mu\u0308ller", "birth_date_precision": "day"}
    )
    assert Person.objects.get().family_name == "M\u00fcller"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"family_name": ""}, "family_name", "This field is required."),
        ({"birth_date": "2999-01-01"}, "birth_date", "The birth date cannot be in the future."),
        ({"birth_date": "1899-12-31"}, "birth_date", "The birth date cannot be before 1900."),
        (
            {"birth_date": "1990-02-30"},
            "birth_date",
            "This date does not exist. Enter day, month and year, e.g. 31.12.1990.",
        ),
        (
            {"birth_date": "31.02.1990"},
            "birth_date",
            "This date does not exist. Enter day, month and year, e.g. 31.12.1990.",
        ),
        (
            {"birth_date_placeholder": "on"},
            "birth_date_placeholder",
            "Only a date on 01.01. can be a placeholder.",
        ),
        ({"email": "olha@"}, "email", "Enter a valid email address."),
        ({"phone": "ask neighbour"}, "phone", "Enter a phone number"),
        ({"languages": ["uk", "xx"]}, "languages", "Select a valid choice. xx is not one"),
        ({"nationalities": ["XX"]}, "nationalities", "Select a valid choice. XX is not one"),
        ({"stateless": "on"}, "stateless", "A stateless person has no nationality."),
        ({"sex": "q"}, "sex", "Select a valid choice."),
        ({"birth_date_precision": "week"}, "birth_date_precision", "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(
    client_for, audit_entries, changes, field, message
):
    response = client_for("reception").post(URL, {**VALID, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    # Dates in messages are isolated left to right (<bdi>), for Arabic and Farsi.
    text = re.sub(r"</?bdi[^>]*>", "", response.content.decode())
    assert message.split(" xx ")[0].split(" XX ")[0] in text
    assert Person.objects.count() == 0
    assert audit_entries() == []


def test_bad_input_keeps_what_was_typed(client_for):
    response = client_for("reception").post(URL, {**VALID, "email": "olha@"})
    html = response.content.decode()
    assert 'value="Коваленко"' in html and 'value="Kharkiv"' in html
    assert 'value="uk" id="id_languages_' in html and " checked>" in html


def test_staff_read_the_errors_in_german_by_default(client_for, compiled_catalogues):
    response = client_for("reception").post(
        URL, {**VALID, "birth_date": "1990-02-30"}, headers={"Accept-Language": "de"}
    )
    html = response.content.decode()
    assert (
        "Dieses Datum gibt es nicht. Geben Sie Tag, Monat und Jahr ein, z. B. 31.12.1990."
        in re.sub(r"</?bdi[^>]*>", "", html)
    )
    assert "Person erfassen" in html
    assert Person.objects.count() == 0


# --- The duplicate check ---------------------------------------------------------------------

SHEVCHENKO = {
    "family_name": "Schewtschenko",
    "given_names": "Alexander",
    "birth_date": "14.03.1985",
    "birth_date_precision": "day",
    "sex": "m",
    "phone": "+49 151 7654321",
}


def test_a_probable_duplicate_stops_the_registration_and_keeps_the_input(
    client_for, person, audit_entries
):
    response = client_for("reception").post(URL, SHEVCHENKO)
    html = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert "Probably registered already" in html
    assert reverse("people:detail", kwargs={"person_id": person.pk}) in html
    assert "probably the same person" in html and "Why?" in html
    assert "birth date: same (1985-03-14)" in html
    assert 'name="different_person"' in html
    assert 'value="Schewtschenko"' in html and 'value="+49 151 7654321"' in html
    [check] = audit_entries()
    assert (check.action, check.purpose, check.person_ref) == ("search", "registration", None)
    assert check.detail == {"check": "duplicates", "results": 1, "shown": [person.pk]}


def test_confirming_a_different_person_saves_and_records_what_was_seen(
    client_for, person, audit_entries
):
    response = client_for("reception").post(URL, {**SHEVCHENKO, "different_person": "on"})
    new = Person.objects.exclude(pk=person.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", kwargs={"person_id": new.pk})
    check, create = audit_entries()
    assert check.action == "search" and create.action == "create"
    assert create.detail["not_duplicate_of"] == [person.pk]
    assert new.name_keys.exists()


def test_a_namesake_with_another_birth_date_is_no_duplicate(client_for, person, audit_entries):
    response = client_for("reception").post(URL, {**SHEVCHENKO, "birth_date": "02.11.1961"})
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert audit_entries()[0].detail == {"check": "duplicates", "results": 0, "shown": []}


def test_only_the_year_warns_when_nobody_else_has_the_name(client_for, person):
    data = {**SHEVCHENKO, "birth_date": "01.01.1985", "birth_date_precision": "year"}
    html = client_for("reception").post(URL, data).content.decode()
    assert Person.objects.count() == 1
    assert "probably the same person" in html
    assert "nobody else in the registry has this name" in html


def test_only_the_year_is_no_verdict_among_namesakes(client_for, person, db):
    make_person(family_name="Shevchenko", given_names="Oleksandr", birth_date=date(1961, 11, 2))
    data = {**SHEVCHENKO, "birth_date": "01.01.1985", "birth_date_precision": "year"}
    html = client_for("reception").post(URL, data).content.decode()
    assert Person.objects.count() == 2  # nothing saved yet: the candidates are shown to check
    assert "Probably registered already" in html and "probably the same person" not in html
    assert "so this may be a namesake" in html


def test_the_same_name_without_a_birth_date_is_shown_to_check(client_for, person):
    data = {**SHEVCHENKO, "given_names": "Oleksandr", "family_name": "Shevchenko"}
    data["birth_date"] = ""
    response = client_for("reception").post(URL, data)
    assert response.status_code == 200 and Person.objects.count() == 1
    html = response.content.decode()
    assert "Probably registered already" in html and "probably the same person" not in html


def test_bad_input_is_refused_before_any_duplicate_check(client_for, person, audit_entries):
    response = client_for("reception").post(URL, {**SHEVCHENKO, "birth_date": "31.02.1985"})
    assert "This date does not exist." in response.content.decode()
    assert Person.objects.count() == 1 and audit_entries() == []


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("family_name", "Kovalenko\u202egnp.exe", "U+202E"),
        ("given_names", "Ol\u200bha", "U+200B"),
        ("family_name_original", "\u2067Коваленко\u2069", "U+2067, U+2069"),
        ("given_names_original", "Ольга\u200e", "U+200E"),
        ("birth_place", "Khar\x1bkiv", "U+001B"),
    ],
)
def test_a_name_with_hidden_characters_is_refused_and_nothing_recorded(
    client_for, audit_entries, field, value, found
):
    response = client_for("reception").post(URL, {**VALID, field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors == [
        "A name cannot hold invisible control characters or characters that change the "
        f"direction of writing. Type the name again by hand (found: {found})."
    ]
    assert not Person.objects.exists()
    assert audit_entries() == []


def test_a_persian_name_keeps_its_zero_width_non_joiner(client_for):
    response = client_for("reception").post(
        URL,
        {
            **VALID,
            "family_name": "Ebrahimzadeh",
            "family_name_original": "ابراهیم\u200cزاده",
            "given_names_original": "",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get().family_name_original == "ابراهیم\u200cزاده"


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("0001-01-01", "The birth date cannot be before 1900."),
        ("1899-12-31", "The birth date cannot be before 1900."),
        ("2999-01-01", "The birth date cannot be in the future."),
    ],
)
def test_an_implausible_birth_date_is_refused(client_for, audit_entries, birth_date, message):
    response = client_for("reception").post(URL, {**VALID, "birth_date": birth_date})
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"] == [message]
    assert not Person.objects.exists()
    assert audit_entries() == []


def test_the_refusal_is_in_the_users_language(client_for, compiled_catalogues):
    response = client_for("reception").post(
        URL, {**VALID, "family_name": "Kovalenko\u202e"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    html = response.content.decode()
    assert "Ein Name darf keine unsichtbaren Steuerzeichen" in html and "U+202E" in html
