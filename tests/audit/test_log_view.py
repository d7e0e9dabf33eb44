import zoneinfo
from datetime import datetime

import pytest
from django.urls import reverse

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.audit.services import Actor, record


@pytest.mark.django_db
def test_data_protection_officer_sees_and_filters_the_log(client_for):
    actor = Actor(1, "rezeption", "Lotsendienst", "reception")
    record(
        actor=actor, action="read", purpose="registration", person_id=41, categories=["identity"]
    )
    record(actor=actor, action="update", purpose="casework", person_id=42, categories=["contact"])
    client = client_for("data_protection")
    response = client.get(reverse("audit:log"))
    assert response.status_code == 200
    # Purposes and categories read as words in the officer's language, not as codes.
    body = response.content.decode()
    assert "Erfassung am Empfang" in body and "Sachbearbeitung am Schalter" in body
    assert "registration" not in body
    response = client.get(reverse("audit:log"), {"person": 42})
    body = response.content.decode()
    assert "Sachbearbeitung am Schalter" in body and "Erfassung am Empfang" not in body


@pytest.mark.django_db
def test_bad_filter_shows_message_not_error(client_for):
    response = client_for("data_protection").get(reverse("audit:log"), {"person": "abc"})
    assert response.status_code == 200
    assert "person" in response.context["form"].errors


# --- Names, links, date range and agency -----------------------------------------------------


def _entry(person_id=None, *, at=None, agency="Lotsendienst", action="read"):
    actor = Actor(1, "rezeption", agency, "reception")
    return record(
        actor=actor,
        action=action,
        purpose="registration",
        person_id=person_id,
        categories=["identity"],
        now=at,
    )


def _rows(response):
    return [row.entry.seq for row in response.context["log"].rows]


@pytest.mark.django_db
def test_people_are_named_with_a_link_and_the_naming_is_recorded(client_for):
    from anlaufstelle.people.models import Person

    olena = Person.objects.create(family_name="Koval", given_names="Olena")
    _entry(olena.pk)
    _entry(99999)  # erased since: no name to show
    before = AuditEntry.objects.count()
    body = client_for("data_protection").get(reverse("audit:log")).content.decode()
    detail = reverse("people:detail", kwargs={"person_id": olena.pk})
    assert f'<a class="kern-link" href="{detail}">Koval, Olena</a>' in body
    assert "Nr. 99999 (nicht mehr im Register)" in body
    # Showing the name is a read of identity data by the officer, recorded with whom it showed.
    assert AuditEntry.objects.count() == before + 1
    shown = AuditEntry.objects.order_by("-seq").first()
    assert shown.username == "datenschutz" and shown.action == "read"
    assert shown.purpose == "data_protection_review" and shown.categories == ["identity"]
    assert shown.detail == {"view": "audit_log", "shown": [olena.pk]}


@pytest.mark.django_db
def test_a_page_without_people_records_nothing(client_for):
    _entry(None)
    before = AuditEntry.objects.count()
    client_for("data_protection").get(reverse("audit:log"))
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_date_range_takes_whole_days_in_the_centres_time_zone(client_for):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    early = _entry(1, at=datetime(2024, 3, 1, 0, 30, tzinfo=berlin))
    late = _entry(1, at=datetime(2024, 3, 2, 23, 59, tzinfo=berlin))
    _entry(1, at=datetime(2024, 3, 3, 0, 1, tzinfo=berlin))
    _entry(1, at=datetime(2024, 2, 29, 23, 59, tzinfo=berlin))
    client = client_for("data_protection")
    response = client.get(reverse("audit:log"), {"since": "2024-03-01", "until": "2024-03-02"})
    assert _rows(response) == [late.seq, early.seq]
    # Typed the German way, too.
    response = client.get(reverse("audit:log"), {"since": "01.03.2024", "until": "02.03.2024"})
    assert _rows(response) == [late.seq, early.seq]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"since": "2024-02-30"}, "since", "Dieses Datum gibt es nicht."),
        ({"until": "gestern"}, "until", "Dieses Datum gibt es nicht."),
        ({"since": "2024-03-02", "until": "2024-03-01"}, "until", "Das Enddatum liegt vor"),
        ({"agency": "Geheimdienst"}, "agency", "gültige Auswahl"),
        ({"action": "shred"}, "action", "gültige Auswahl"),
    ],
)
def test_bad_filters_are_explained_and_show_no_entries(client_for, query, field, message):
    _entry(1)
    response = client_for("data_protection").get(
        reverse("audit:log"), query, headers={"Accept-Language": "de"}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert message in body
    assert "Korrigieren Sie den Filter" in body
    assert response.context["log"] is None


@pytest.mark.django_db
def test_agency_filter_and_styled_fields(client_for, agencies):
    mine = _entry(1, agency="Jobcenter")
    _entry(1, agency="Lotsendienst")
    response = client_for("data_protection").get(reverse("audit:log"), {"agency": "Jobcenter"})
    assert _rows(response) == [mine.seq]
    body = response.content.decode()
    assert 'class="kern-form-input__select" id="id_agency"' in body
    assert 'class="kern-form-input__input" id="id_person"' in body
    assert 'type="date" name="since" class="kern-form-input__input"' in body


@pytest.mark.django_db
def test_every_action_is_offered_and_shown_in_words(client_for):
    _entry(1, action="merge")
    body = client_for("data_protection").get(reverse("audit:log")).content.decode()
    for value, label in Action.choices:
        assert f'<option value="{value}">{label}</option>' in body
    assert '<td class="kern-table__cell">Zusammenführen</td>' in body


@pytest.mark.django_db
def test_the_verify_command_is_named_in_words_not_backticks(client_for):
    body = client_for("data_protection").get(reverse("audit:log")).content.decode()
    assert "`" not in body
    assert '<code dir="ltr">anlaufstelle audit verify</code>' in body


@pytest.mark.django_db
def test_person_page_links_to_their_trail_for_the_officer_only(client_for):
    from anlaufstelle.people.models import Person

    olena = Person.objects.create(family_name="Koval", given_names="Olena")
    url = reverse("people:detail", kwargs={"person_id": olena.pk})
    trail = f'href="{reverse("audit:log")}?person={olena.pk}"'
    assert trail in client_for("data_protection").get(url).content.decode()
    assert trail not in client_for("reception").get(url).content.decode()
