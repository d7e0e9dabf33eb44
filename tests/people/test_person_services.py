from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anlaufstelle.people import services
from anlaufstelle.people.models import Document, LanguageSkill, Person, Schooling
from anlaufstelle.people.services import Purpose


def test_register_person_saves_and_records_the_filled_categories(personas, audit_entries):
    person = services.register_person(
        user=personas["reception"],
        data={"family_name": "Kovalenko", "given_names": "Olha", "email": "olha@example.org"},
    )
    assert Person.objects.get(pk=person.pk).email == "olha@example.org"
    check, entry = audit_entries()
    assert (check.action, check.person_ref, check.detail) == (
        "search",
        None,
        {"check": "duplicates", "results": 0, "shown": []},
    )
    assert (entry.action, entry.person_ref, entry.purpose) == ("create", person.pk, "registration")
    assert entry.categories == ["contact", "identity"]
    assert entry.detail["fields"] == ["family_name", "given_names", "birth_date_precision", "email"]


def test_register_person_validates_before_saving(personas, audit_entries):
    with pytest.raises(ValidationError) as exc:
        services.register_person(
            user=personas["reception"],
            data={"family_name": "X", "birth_date": date(2999, 1, 1)},
        )
    assert "birth_date" in exc.value.error_dict
    assert Person.objects.count() == 0 and audit_entries() == []


def test_a_data_protection_review_never_writes(personas):
    with pytest.raises(PermissionDenied):
        services.register_person(user=personas["data_protection"], data={"family_name": "X"})
    with pytest.raises(PermissionDenied):
        services.register_person(
            user=personas["reception"], data={"family_name": "X"}, purpose=Purpose.REVIEW
        )


def test_the_purpose_follows_the_role(personas):
    assert services.purpose_for(personas["reception"]) == Purpose.REGISTRATION
    assert services.purpose_for(personas["jobcenter_officer"]) == Purpose.CASEWORK
    assert services.purpose_for(personas["data_protection"]) == Purpose.REVIEW
    with pytest.raises(PermissionDenied):
        services.purpose_for(personas["data_protection"], write=True)
    with pytest.raises(PermissionDenied):
        services.purpose_for(personas["outsider"])


def test_update_person_records_only_the_changed_fields_and_their_categories(
    personas, person, audit_entries
):
    changed = services.update_person(
        user=personas["foreigners_officer"],
        person=person,
        data={"family_name": "Shevchenko", "phone": "0341 999", "languages": ["uk", "de"]},
    )
    assert changed == ["phone", "languages"]
    person.refresh_from_db()
    assert person.phone == "0341 999" and person.languages == ["uk", "de"]
    [entry] = audit_entries()
    assert (entry.action, entry.purpose) == ("update", "casework")
    assert entry.categories == ["biography", "contact"]
    assert entry.detail == {"fields": ["phone", "languages"]}


def test_update_person_compares_with_the_stored_row_not_the_given_instance(
    personas, person, audit_entries
):
    person.phone = "0341 999"  # as a bound form would have left it
    changed = services.update_person(
        user=personas["reception"], person=person, data={"phone": "0341 999"}
    )
    assert changed == ["phone"]


def test_an_update_that_changes_nothing_records_nothing(personas, person, audit_entries):
    data = {"family_name": person.family_name, "nationalities": ["UA"]}
    assert services.update_person(user=personas["reception"], person=person, data=data) == []
    assert audit_entries() == []


def test_the_same_choices_in_another_order_are_no_change(personas, person, audit_entries):
    person.languages, person.nationalities = ["uk", "de"], ["UA", "DE"]
    person.save()
    changed = services.update_person(
        user=personas["foreigners_officer"],
        person=person,
        data={"languages": ["de", "uk"], "nationalities": ["DE", "UA"]},
    )
    assert changed == []
    assert audit_entries() == []
    person.refresh_from_db()
    assert person.languages == ["uk", "de"]
    # A real change of the choices is one.
    changed = services.update_person(
        user=personas["foreigners_officer"], person=person, data={"languages": ["de"]}
    )
    assert changed == ["languages"]


def test_an_invalid_update_changes_nothing(personas, person, audit_entries):
    with pytest.raises(ValidationError):
        services.update_person(
            user=personas["reception"],
            person=person,
            data={"phone": "0341 1", "stateless": True},
        )
    person.refresh_from_db()
    assert person.phone == "+49 341 1234567" and not person.stateless
    assert audit_entries() == []


def test_reading_a_person_records_the_categories_shown(
    personas, person, family, spouse, audit_entries
):
    Schooling.objects.create(person=person, level="primary")
    Document.objects.create(person=person, kind="duldung", number="D123")
    services.get_person_for_view(
        user=personas["data_protection"], person_id=person.pk, purpose=Purpose.REVIEW
    )
    member_read, read = audit_entries()
    assert (read.action, read.person_ref, read.purpose) == (
        "read",
        person.pk,
        "data_protection_review",
    )
    assert read.categories == ["biography", "contact", "identity", "residence"]
    # The spouse's name is on the page too: that is recorded under the spouse's number.
    assert (member_read.action, member_read.person_ref) == ("read", spouse.pk)
    assert member_read.categories == ["identity"]
    # Read under the configured basis of the data-protection officer's review.
    review = member_read.detail["access"]["identity"]
    assert member_read.detail["shown_with"] == person.pk
    assert (review["basis"], review["transfer"]) == ("gdpr-39-review", True)


def test_empty_categories_are_not_claimed_as_shown(personas, stranger, audit_entries):
    services.get_person_for_view(user=personas["reception"], person_id=stranger.pk)
    assert audit_entries()[0].categories == ["identity"]


def test_reading_an_unknown_person_records_nothing(personas, db, audit_entries):
    with pytest.raises(Person.DoesNotExist):
        services.get_person_for_view(user=personas["reception"], person_id=404)
    assert audit_entries() == []


def test_an_entry_is_reached_only_under_its_own_person(personas, person, stranger):
    skill = LanguageSkill.objects.create(person=person, language="uk", level="native")
    with pytest.raises(LanguageSkill.DoesNotExist):
        services.get_entry(
            user=personas["reception"], person_id=stranger.pk, kind="language", entry_id=skill.pk
        )


def test_register_person_refuses_a_probable_duplicate_unless_confirmed(
    personas, person, audit_entries
):
    data = {
        "family_name": "Шевченко",
        "given_names": "Олександр",
        "birth_date": date(1985, 3, 14),
    }
    with pytest.raises(services.ProbableDuplicates) as exc:
        services.register_person(user=personas["reception"], data=data)
    assert [hit.person.pk for hit in exc.value.hits] == [person.pk]
    assert exc.value.hits[0].duplicate
    assert Person.objects.count() == 1
    assert [e.action for e in audit_entries()] == ["search"]
    new = services.register_person(user=personas["reception"], data=data, different_person=True)
    assert Person.objects.count() == 2 and new.name_keys.exists()
