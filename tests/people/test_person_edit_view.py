from django.urls import reverse

from anlaufstelle.people.models import Person


def url(person):
    return reverse("people:edit", kwargs={"person_id": person.pk})


def form_data(person, **changes):
    data = {
        "family_name": person.family_name,
        "given_names": person.given_names,
        "family_name_original": person.family_name_original,
        "given_names_original": person.given_names_original,
        "birth_date": person.birth_date.isoformat(),
        "birth_date_precision": person.birth_date_precision,
        "sex": person.sex,
        "nationalities": [c.code for c in person.nationalities],
        "languages": person.languages,
        "phone": person.phone,
        # The version the form was shown on, as the page sends it back.
        "version": Person.objects.get(pk=person.pk).version,
    }
    return {**data, **changes}


def test_the_form_shows_the_stored_data_and_records_the_read(client_for, person, audit_entries):
    response = client_for("reception").get(url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="1985-03-14"' in html and 'value="Шевченко"' in html
    [entry] = audit_entries()
    own = {"basis": "own", "citation": "", "transfer": False}
    access = {"biography": own, "contact": own, "identity": own}
    assert (entry.action, entry.person_ref, entry.detail) == (
        "read",
        person.pk,
        {"page": "edit", "access": access},
    )
    assert entry.categories == ["biography", "contact", "identity"]


def test_saving_records_the_changed_fields(client_for, person, audit_entries):
    response = client_for("foreigners_officer").post(
        url(person), form_data(person, email="o@example.org", birth_place="Lviv")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "o@example.org" and person.birth_place == "Lviv"
    [entry] = audit_entries()
    assert (entry.action, entry.purpose, entry.person_ref) == ("update", "casework", person.pk)
    assert entry.detail == {"fields": ["birth_place", "email"]}
    assert entry.categories == ["contact", "identity"]


def test_saving_without_changes_records_nothing(client_for, person, audit_entries):
    client = client_for("reception")
    assert client.post(url(person), form_data(person)).status_code == 302
    assert audit_entries() == []
    assert "Nothing was changed." in client.get(url(person)).content.decode()


def test_bad_input_changes_nothing_and_keeps_the_stored_name_in_the_heading(
    client_for, person, audit_entries
):
    response = client_for("reception").post(
        url(person), form_data(person, family_name="Renamed", birth_date="2999-01-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The birth date cannot be in the future." in html
    assert 'value="Renamed"' in html and ">Shevchenko, Oleksandr</a>" in html
    person.refresh_from_db()
    assert person.family_name == "Shevchenko"
    # The page shown again names the person: that is a read, not a write.
    assert [e.action for e in audit_entries()] == ["read"]


def test_placeholder_dates_must_be_on_the_first_of_january(client_for, person):
    response = client_for("reception").post(
        url(person), form_data(person, birth_date_placeholder="on")
    )
    assert (
        'Only a date on <bdi dir="ltr">01.01.</bdi> can be a placeholder.'
        in response.content.decode()
    )
    response = client_for("reception").post(
        url(person), form_data(person, birth_date="1985-01-01", birth_date_placeholder="on")
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).birth_date_placeholder
