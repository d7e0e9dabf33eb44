"""Registry rows → the rules engine's facts: what the rows say, and nothing they do not."""

from datetime import date

from anlaufstelle.core.categories import Category
from anlaufstelle.eligibility.facts import facts_of
from anlaufstelle.eligibility.models import RecordedFacts
from anlaufstelle.people.models import Document, Household, HouseholdMember, LanguageSkill
from tests.eligibility.conftest import ON
from tests.people.conftest import make_person

ALL = {Category.IDENTITY, Category.RESIDENCE, Category.BIOGRAPHY}


def test_residence_documents_become_statuses_the_newest_lasting(young):
    Document.objects.create(person=young, kind="passport", number="P1", issued_on=date(2020, 1, 1))
    facts = facts_of(young, ON, ALL)
    assert facts["birth_date"] == "2004-05-01"
    assert facts["statuses"] == [
        {"kind": "gestattung", "basis": None, "from": "2021-03-01", "to": "2022-03-01"},
        {"kind": "duldung", "basis": "§60a", "from": "2022-03-01", "to": None},
    ]


def test_an_expired_newest_document_has_ended(young):
    facts = facts_of(young, date(2027, 7, 1), ALL)
    assert facts["statuses"][-1]["to"] == "2027-06-30"


def test_a_document_without_issue_date_is_left_out_not_guessed(db, agencies):
    person = make_person(family_name="Okafor", given_names="Ada", birth_date=date(1990, 1, 1))
    Document.objects.create(
        person=person, kind="duldung", number="D1", valid_until=date(2027, 1, 1)
    )
    assert facts_of(person, ON, ALL)["statuses"] == []


def test_temporary_protection_keeps_its_norm(db, agencies):
    person = make_person(family_name="Bondar", given_names="Olha", birth_date=date(1990, 1, 1))
    Document.objects.create(
        person=person, kind="fiktionsbescheinigung", number="F1", issued_on=date(2025, 5, 1),
        legal_basis="§ 24 Abs. 1 AufenthG",
    )  # fmt: skip
    assert facts_of(person, ON, ALL)["statuses"][0]["basis"] == "§24"


def test_unknown_facts_stay_absent(young):
    facts = facts_of(young, ON, ALL)
    for unknown in ("deception", "convictions", "german_oral", "able_to_work", "entry_date"):
        assert unknown not in facts


def test_recorded_facts_and_german_skill_are_passed_on(young):
    LanguageSkill.objects.create(person=young, language="de", level="B1")
    RecordedFacts.objects.create(
        person=young, deception=False, no_convictions=True, german_oral="A2",
        identity_clarified_on=date(2023, 1, 5), livelihood_share_from_work="0.60",
    )  # fmt: skip
    facts = facts_of(young, ON, ALL)
    assert facts["german_level"] == "B1"
    assert facts["deception"] is False and facts["convictions"] == []
    assert facts["german_oral"] == "A2" and facts["identity_clarified_on"] == "2023-01-05"
    assert facts["livelihood_share_from_work"] == 0.6
    assert "civic_knowledge" not in facts  # not recorded: unknown, not "no"


def test_convictions_not_ruled_out_stay_unknown(young):
    RecordedFacts.objects.create(person=young, no_convictions=False)
    assert "convictions" not in facts_of(young, ON, ALL)


def test_categories_the_decision_withholds_give_no_facts(young):
    LanguageSkill.objects.create(person=young, language="de", level="B1")
    facts = facts_of(young, ON, {Category.IDENTITY})
    assert "statuses" not in facts and "german_level" not in facts
    assert facts["birth_date"] == "2004-05-01"


def test_children_of_the_household(young):
    child = make_person(family_name="Ahmadi", given_names="Sara", birth_date=date(2019, 2, 2))
    household = Household.objects.create(label="Ahmadi")
    HouseholdMember.objects.create(household=household, person=young, relation="head")
    HouseholdMember.objects.create(household=household, person=child, relation="child")
    assert facts_of(young, ON, ALL)["children"] == [
        {"birth_date": "2019-02-02", "in_household": True}
    ]
    assert "children" not in facts_of(child, ON, ALL)  # a child's own children: not known
