"""School attendance, employment and qualifications in Germany from the registry, and the
training and convictions the foreigners authority records, as the rules engine's facts; and
what they change in the outcome: a fact recorded is a fact the rules no longer name missing."""

from __future__ import annotations

from datetime import date

from anlaufstelle.core.categories import Category
from anlaufstelle.eligibility import services
from anlaufstelle.eligibility.facts import facts_of
from anlaufstelle.eligibility.models import Conviction, RecordedFacts
from anlaufstelle.people.models import Qualification, Schooling, WorkExperience
from anlaufstelle.rules import evaluate
from tests.eligibility.conftest import ON

ALL = {Category.IDENTITY, Category.RESIDENCE, Category.BIOGRAPHY}


def _result(person, rule, on=ON):
    facts = facts_of(person, on, ALL)
    return next(r for r in evaluate(facts, on, services.rules()) if r.rule == rule)


def test_school_in_germany_is_passed_with_its_days_and_success(young):
    Schooling.objects.create(person=young, level="primary", country="SY", years=6, completed=True)
    Schooling.objects.create(
        person=young, level="lower_secondary", country="DE", started_on=date(2021, 9, 1),
        ended_on=date(2023, 7, 15), completed=True,
    )  # fmt: skip
    Schooling.objects.create(
        person=young, level="vocational_school", country="DE", started_on=date(2023, 9, 1),
        successful=True,
    )  # fmt: skip
    assert facts_of(young, ON, ALL)["schooling"] == [
        {"from": "2021-09-01", "to": "2023-07-15", "kind": "school", "successful": True},
        {"from": "2023-09-01", "kind": "vocational", "successful": True},
    ]


def test_school_elsewhere_only_leaves_german_schooling_unknown(young):
    Schooling.objects.create(person=young, level="upper_secondary", country="AF", completed=True)
    assert "schooling" not in facts_of(young, ON, ALL)
    assert "schooling" in _result(young, "aufenthg-25a").missing


def test_running_school_without_a_word_on_success_stays_unknown(young):
    Schooling.objects.create(
        person=young, level="lower_secondary", country="DE", started_on=date(2022, 9, 1)
    )
    assert facts_of(young, ON, ALL)["schooling"] == [{"from": "2022-09-01", "kind": "school"}]
    assert "schooling" in _result(young, "aufenthg-25a").missing


def test_four_years_of_school_in_germany_settle_the_school_condition_of_25a(young):
    assert "schooling" in _result(young, "aufenthg-25a").missing
    Schooling.objects.create(
        person=young, level="lower_secondary", country="DE", started_on=date(2021, 9, 1),
        successful=True,
    )  # fmt: skip
    assert "schooling" not in _result(young, "aufenthg-25a").missing
    RecordedFacts.objects.create(
        person=young, identity_clarified_on=date(2022, 1, 10), no_convictions=True,
        deception=False, constitution_declaration=True, entry_date=date(2021, 3, 1),
    )  # fmt: skip
    result = _result(young, "aufenthg-25a")
    assert (result.outcome, result.missing) == ("eligible", ()), result


def test_employment_in_germany_with_hours_and_social_insurance(young):
    WorkExperience.objects.create(person=young, occupation="Koch", country="SY", from_year=2018)
    WorkExperience.objects.create(
        person=young, occupation="Lagerhelfer", country="DE", started_on=date(2023, 1, 1),
        hours_per_week="20.5", social_insurance=True,
    )  # fmt: skip
    assert facts_of(young, ON, ALL)["employment"] == [
        {"from": "2023-01-01", "hours_per_week": 20.5, "social_insurance": True}
    ]
    assert "employment" not in _result(young, "aufenthg-60d").missing


def test_employment_without_its_hours_is_named_missing(young):
    WorkExperience.objects.create(
        person=young, occupation="Lagerhelfer", country="DE", started_on=date(2023, 1, 1)
    )
    assert "employment" in _result(young, "aufenthg-60d").missing


def test_qualifications_gained_here_or_recognised_count_others_do_not(young):
    Qualification.objects.create(
        person=young, kind="vocational", title="Fachkraft Lagerlogistik", country="DE",
        completed_on=date(2025, 7, 1),
    )  # fmt: skip
    Qualification.objects.create(
        person=young, kind="academic", title="BSc", country="DE", year=2024
    )
    Qualification.objects.create(
        person=young, kind="academic", title="Medicine", country="SY", recognition="full",
        completed_on=date(2015, 6, 30),
    )  # fmt: skip
    Qualification.objects.create(
        person=young, kind="vocational", title="Tischler", country="SY", recognition="partial"
    )
    assert facts_of(young, ON, ALL)["qualification"] == [
        {"kind": "de_training", "completed_on": "2025-07-01"},
        {"kind": "de_degree"},  # the year alone gives no day: the engine names it missing
        {"kind": "foreign_recognised", "completed_on": "2015-06-30"},
    ]


def test_biography_withheld_gives_none_of_it(young):
    Schooling.objects.create(
        person=young, level="primary", country="DE", started_on=date(2021, 9, 1), successful=True
    )
    facts = facts_of(young, ON, {Category.IDENTITY, Category.RESIDENCE})
    assert "schooling" not in facts and "employment" not in facts


def test_the_training_is_one_object_of_what_was_recorded(young):
    RecordedFacts.objects.create(
        person=young, training_kind="helper", training_start=date(2026, 8, 1),
        training_commitment=True, training_started_during_asylum=False,
    )  # fmt: skip
    assert facts_of(young, ON, ALL)["training"] == {
        "kind": "helper",
        "start": "2026-08-01",
        "commitment": True,
        "started_during_asylum": False,
    }
    assert "training" not in _result(young, "aufenthg-60c").missing


def test_without_training_60c_names_it_missing(young):
    RecordedFacts.objects.create(person=young, deception=False)
    assert "training" not in facts_of(young, ON, ALL)
    assert "training" in _result(young, "aufenthg-60c").missing


def test_recorded_convictions_outweigh_the_yes_no(young):
    RecordedFacts.objects.create(person=young, no_convictions=True)
    assert facts_of(young, ON, ALL)["convictions"] == []
    Conviction.objects.create(person=young, daily_rates=40, foreigner_only=False)
    assert facts_of(young, ON, ALL)["convictions"] == [{"daily_rates": 40, "foreigner_only": False}]


def test_a_custodial_sentence_excludes_104c(young):
    Conviction.objects.create(
        person=young, custodial=True, foreigner_only=False, youth_sanction_only=False
    )
    assert _result(young, "aufenthg-104c").outcome == "not_eligible"
