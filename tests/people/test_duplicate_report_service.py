"""The batch duplicate report: blocks of people sharing a key, each pair scored once; planted
duplicates are found, namesakes with another birth date are not."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from anlaufstelle.people import namesearch, services
from anlaufstelle.people.models import Person
from tests.people.conftest import make_person


@pytest.fixture
def planted(person, db):
    """A second record of Oleksandr Shevchenko, spelt the German way."""
    return make_person(
        family_name="Schewtschenko", given_names="Alexander", birth_date=date(1985, 3, 14)
    )


@pytest.fixture
def namesake(person, db):
    return make_person(
        family_name="Shevchenko", given_names="Oleksandr", birth_date=date(1961, 11, 2)
    )


def pairs(report):
    return {(p.first.pk, p.second.pk) for p in report.pairs}


def test_the_report_finds_a_planted_duplicate_but_not_a_namesake(
    personas, person, spouse, stranger, planted, namesake
):
    report = services.duplicate_report(user=personas["data_protection"])
    assert pairs(report) == {(person.pk, planted.pk)}
    assert report.pairs[0].match.duplicate
    # Every pair sharing a key was considered, the namesakes and spouses among them; only
    # pairs born in the same year can be duplicates and were scored.
    assert report.considered >= 3 and report.checked == 1 and report.blocks >= 1
    assert report.next_after is None


def test_the_report_is_recorded_as_a_review_search(personas, person, planted, audit_entries):
    report = services.duplicate_report(user=personas["data_protection"])
    [entry] = audit_entries()
    assert (entry.action, entry.purpose, entry.person_ref) == (
        "search",
        "data_protection_review",
        None,
    )
    assert entry.detail == {
        "report": "duplicates",
        "blocks": report.blocks,
        "pairs_considered": report.considered,
        "pairs_checked": report.checked,
        "results": 1,
        "shown": sorted([person.pk, planted.pk]),
    }


def test_the_walk_goes_block_by_block(personas, person, planted, namesake, spouse):
    whole = services.duplicate_report(user=personas["data_protection"])
    seen, after, pages = set(), "", 0
    while True:
        page = namesearch.duplicate_pairs(after=after, max_blocks=1)
        seen |= pairs(page)
        pages += 1
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == pairs(whole) and pages == whole.blocks + 1


def test_merged_records_are_left_out(personas, person, planted):
    services.merge_people(user=personas["reception"], survivor_id=person.pk, merged_id=planted.pk)
    assert services.duplicate_report(user=personas["data_protection"]).pairs == []


@pytest.mark.parametrize("who", ["reception", "foreigners_officer", "coordinator"])
def test_only_data_protection_runs_the_report(personas, person, planted, who):
    with pytest.raises(PermissionDenied):
        services.duplicate_report(user=personas[who])


def test_a_block_of_very_many_people_is_skipped(personas, db, monkeypatch):
    monkeypatch.setattr(namesearch, "MAX_BLOCK", 2)
    first, _second, _third = (
        make_person(family_name="Ali", given_names="Omar", birth_date=date(1990, 3, day))
        for day in (1, 2, 3)
    )
    again = make_person(family_name="Ali", given_names="Omar", birth_date=date(1990, 3, 1))
    report = services.duplicate_report(user=personas["data_protection"])
    # Only the keys shared by two people (the full birth date) are walked.
    assert pairs(report) == {(first.pk, again.pk)}
    assert Person.objects.count() == 4
