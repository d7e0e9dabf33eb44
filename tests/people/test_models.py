from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from anlaufstelle.core.categories import TECHNICAL_FIELDS, Category
from anlaufstelle.people.models import Document, HouseholdMember, LanguageSkill, Person


def test_every_field_of_every_people_model_has_a_data_category():
    for model in apps.get_app_config("people").get_models():
        declared = model.FIELD_CATEGORIES
        fields = {f.name for f in model._meta.concrete_fields} - TECHNICAL_FIELDS
        assert fields == set(declared), model.__name__
        assert set(declared.values()) <= set(Category.values), model.__name__


def test_a_document_is_identity_or_residence_by_its_kind():
    assert Document(kind=Document.Kind.PASSPORT).category == Category.IDENTITY
    assert Document(kind=Document.Kind.DULDUNG).category == Category.RESIDENCE


@pytest.mark.parametrize("phone", ["+49 341 123-45", "0341/12345", "(0341) 12345"])
def test_phone_numbers_as_people_write_them_are_valid(phone):
    Person(family_name="X", phone=phone).full_clean()


@pytest.mark.parametrize("phone", ["call me", "12", "+49 341 abc"])
def test_a_phone_number_with_letters_is_refused(phone):
    with pytest.raises(ValidationError) as exc:
        Person(family_name="X", phone=phone).full_clean()
    assert "phone" in exc.value.error_dict


@pytest.mark.parametrize("number", ["C01X00T47", "КМ 123456", "AB-12/3"])
def test_document_numbers_in_any_script_are_valid(person, number):
    Document(person=person, kind="passport", number=number).full_clean()


@pytest.mark.parametrize("number", ["", "AB  12", "-12", "12_3"])
def test_a_malformed_document_number_is_refused(person, number):
    with pytest.raises(ValidationError) as exc:
        Document(person=person, kind="passport", number=number).full_clean()
    assert "number" in exc.value.error_dict


def test_a_household_has_one_head(family, stranger):
    with pytest.raises(ValidationError) as exc:
        HouseholdMember(household=family, person=stranger, relation="head").full_clean()
    assert "relation" in exc.value.error_dict


def test_one_level_per_language_is_checked_before_the_database_refuses_it(person):
    LanguageSkill.objects.create(person=person, language="de", level="A2")
    with pytest.raises(ValidationError) as exc:
        LanguageSkill(person=person, language="de", level="B1").full_clean()
    assert exc.value.message_dict["language"] == ["A level for this language is already recorded."]


def test_the_birth_date_shows_only_what_is_known():
    assert Person(
        birth_date=date(1990, 1, 1), birth_date_placeholder=True
    ).birth_date_display() == ("1990")


def test_row_checks_leave_bulk_loaders_without_queries(family, stranger, django_assert_num_queries):
    # The demo builder validates thousands of rows this way before one bulk insert.
    with django_assert_num_queries(0):
        HouseholdMember(household=family, person=stranger, relation="head").full_clean(
            exclude=["household", "person"], validate_unique=False
        )
        LanguageSkill(person=stranger, language="de", level="A1").full_clean(
            exclude=["person"], validate_unique=False, validate_constraints=False
        )
