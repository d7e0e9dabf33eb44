from datetime import date

import pytest
from django.core.exceptions import ValidationError

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.people import services
from anlaufstelle.people.models import Document, LanguageSkill, Qualification
from anlaufstelle.people.services.base import apply_data, declared_categories


def test_adding_an_entry_records_its_categories(personas, person, audit_entries):
    skill = services.add_entry(
        user=personas["jobcenter_officer"],
        person=person,
        kind="language",
        data={"language": "de", "level": "B1", "certified": True},
    )
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref, entry.purpose) == ("create", person.pk, "casework")
    assert entry.categories == ["biography"]
    assert entry.detail == {
        "entry": "language",
        "entry_id": skill.pk,
        "fields": ["language", "level", "certified"],
    }


def test_a_documents_category_follows_its_kind(personas, person, audit_entries):
    passport = services.add_entry(
        user=personas["reception"],
        person=person,
        kind="document",
        data={"kind": "passport", "number": "P1"},
    )
    services.add_entry(
        user=personas["reception"],
        person=person,
        kind="document",
        data={"kind": "duldung", "number": "D1"},
    )
    assert [e.categories for e in audit_entries()] == [["identity"], ["residence"]]
    services.update_entry(
        user=personas["reception"], entry=passport, data={"kind": "residence_permit"}
    )
    assert audit_entries()[-1].categories == ["identity", "residence"]


def test_an_invalid_entry_is_not_saved(personas, person, audit_entries):
    with pytest.raises(ValidationError) as exc:
        services.add_entry(
            user=personas["reception"],
            person=person,
            kind="document",
            data={
                "kind": "passport",
                "number": "P1",
                "issued_on": date(2020, 5, 1),
                "valid_until": date(2020, 4, 1),
            },
        )
    assert "valid_until" in exc.value.error_dict
    assert not Document.objects.exists() and audit_entries() == []


def test_one_level_per_language(personas, person, audit_entries):
    LanguageSkill.objects.create(person=person, language="de", level="A1")
    with pytest.raises(ValidationError):
        services.add_entry(
            user=personas["reception"],
            person=person,
            kind="language",
            data={"language": "de", "level": "B2"},
        )
    assert LanguageSkill.objects.get().level == "A1" and audit_entries() == []


def test_updating_records_the_changed_fields_only(personas, person, audit_entries):
    qualification = Qualification.objects.create(person=person, kind="academic", title="BSc")
    changed = services.update_entry(
        user=personas["reception"],
        entry=qualification,
        data={"kind": "academic", "title": "MSc", "year": 2010},
    )
    assert changed == ["title", "year"]
    assert audit_entries()[0].detail == {
        "entry": "qualification",
        "entry_id": qualification.pk,
        "fields": ["title", "year"],
    }


def test_deleting_records_what_kind_of_entry_went(personas, person, audit_entries):
    document = Document.objects.create(person=person, kind="passport", number="P1")
    services.delete_entry(user=personas["reception"], entry=document)
    assert not Document.objects.exists()
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref, entry.categories) == ("delete", person.pk, ["identity"])
    assert entry.detail == {"entry": "document", "entry_id": document.pk}


def test_only_data_fields_can_be_set(personas, person, stranger, audit_entries):
    skill = LanguageSkill.objects.create(person=person, language="uk", level="native")
    with pytest.raises(ValueError):
        services.update_entry(
            user=personas["reception"], entry=skill, data={"person_id": stranger.pk}
        )
    assert LanguageSkill.objects.get().person == person and audit_entries() == []


def test_a_model_without_declared_categories_is_refused_before_anything_is_recorded() -> None:
    assert declared_categories(LanguageSkill())["language"] == "biography"
    # Audit entries declare no data categories: nothing may treat them as a person's data.
    with pytest.raises(TypeError, match="AuditEntry declares no FIELD_CATEGORIES"):
        apply_data(AuditEntry(), {"detail": {}})
