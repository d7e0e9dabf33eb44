from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.people.models import Document

VALID = {
    "kind": "fiktionsbescheinigung",
    "number": "fb-4711",
    "issuing_country": "DE",
    "issued_on": "2024-03-01",
    "valid_until": "2024-09-01",
    "legal_basis": "§ 81 Abs. 4 AufenthG",
}


def add_url(person):
    return reverse("people:entry_add", kwargs={"person_id": person.pk, "kind": "document"})


def doc_url(name, document):
    kwargs = {"person_id": document.person_id, "kind": "document", "entry_id": document.pk}
    return reverse(f"people:{name}", kwargs=kwargs)


def test_adding_a_document(client_for, person, audit_entries):
    response = client_for("foreigners_officer").post(add_url(person), VALID)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.number == "FB-4711"
    assert document.legal_basis == "§ 81 Abs. 4 AufenthG"
    create = audit_entries()[-1]
    assert (create.action, create.purpose, create.categories) == (
        "create",
        "casework",
        ["residence"],
    )
    assert create.detail["entry"] == "document"


def test_a_passport_is_identity_data(client_for, person, audit_entries):
    client_for("reception").post(add_url(person), {**VALID, "kind": "passport"})
    assert audit_entries()[-1].categories == ["identity"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"valid_until": "2024-01-01"},
            "valid_until",
            "A document cannot expire before it was issued.",
        ),
        ({"issued_on": "2999-01-01", "valid_until": ""}, "issued_on", "cannot be in the future"),
        ({"issued_on": "2024-02-31"}, "issued_on", "This date does not exist."),
        ({"issued_on": "0001-01-01"}, "issued_on", "The issue date cannot be before 1900."),
        (
            {"issued_on": "", "valid_until": "0001-01-01"},
            "valid_until",
            "The expiry date cannot be before 1900.",
        ),
        (
            {"valid_until": "9999-12-31"},
            "valid_until",
            "No document is valid for more than 30 years. Leave the date empty for a "
            "document that does not expire.",
        ),
        (
            # The person was born on 14.03.1985.
            {"issued_on": "1985-03-13", "valid_until": ""},
            "issued_on",
            "The issue date cannot be before the person's birth.",
        ),
        ({"number": ""}, "number", "This field is required."),
        ({"number": "A  1"}, "number", "Enter the number as printed"),
        ({"kind": "visa"}, "kind", "Select a valid choice."),
        ({"issuing_country": "ZZ"}, "issuing_country", "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(
    client_for, person, audit_entries, changes, field, message
):
    response = client_for("reception").post(add_url(person), {**VALID, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not Document.objects.exists()
    assert [e.action for e in audit_entries()] == ["read"]


def test_editing_a_document_kind_records_both_categories(client_for, person, audit_entries):
    document = Document.objects.create(person=person, kind="passport", number="P1")
    response = client_for("reception").post(
        doc_url("entry_edit", document),
        {**VALID, "kind": "residence_permit", "number": "P1", "version": "1"},
    )
    assert response.status_code == 302
    update = audit_entries()[-1]
    assert update.action == "update"
    assert update.categories == ["identity", "residence"]


def test_the_detail_page_flags_an_expired_document(client_for, person):
    Document.objects.create(
        person=person,
        kind="duldung",
        number="D1",
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    html = (
        client_for("reception")
        .get(reverse("people:detail", kwargs={"person_id": person.pk}))
        .content.decode()
    )
    assert "expired" in html and "kern-badge--danger" in html


def test_deleting_a_document_asks_first(client_for, person, audit_entries):
    document = Document.objects.create(person=person, kind="passport", number="P1")
    client = client_for("reception")
    page = client.get(doc_url("entry_delete", document))
    assert "P1" in page.content.decode() and 'name="confirm"' in page.content.decode()
    assert client.post(doc_url("entry_delete", document), {"confirm": "True"}).status_code == 302
    assert not Document.objects.exists()
    delete = audit_entries()[-1]
    assert (delete.action, delete.categories) == ("delete", ["identity"])


def test_a_document_issued_on_the_day_of_birth_is_accepted(client_for, person):
    response = client_for("reception").post(
        add_url(person), {**VALID, "issued_on": "1985-03-14", "valid_until": ""}
    )
    assert response.status_code == 302
    assert Document.objects.get().issued_on.isoformat() == "1985-03-14"


def test_a_birth_known_to_the_year_only_allows_any_day_of_that_year(client_for, person):
    person.birth_date_precision = "year"
    person.save()
    response = client_for("reception").post(
        add_url(person), {**VALID, "issued_on": "1985-01-01", "valid_until": ""}
    )
    assert response.status_code == 302


def test_a_document_refused_for_its_date_says_so_in_german(client_for, person, compiled_catalogues):
    response = client_for("reception").post(
        add_url(person), {**VALID, "issued_on": "0001-01-01"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert "Das Ausstellungsdatum kann nicht vor 1900 liegen." in response.content.decode()
