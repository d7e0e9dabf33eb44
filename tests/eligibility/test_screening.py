"""The screening page and its reads: who sees it, what it lists, what the trail records, and
whom a change of the rules affects."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

import anlaufstelle.rules
from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.eligibility import services
from anlaufstelle.eligibility.models import LastOutcome, RecordedFacts
from anlaufstelle.people.models import Household, HouseholdMember
from tests.eligibility.conftest import ON, tolerated

URL = reverse("eligibility:screening")
RULES = Path(anlaufstelle.rules.__file__).parent / "data"


def _screen(client, **params):
    return client.get(URL, {"on": ON.isoformat(), **params})


def test_the_foreigners_authority_sees_an_open_title_with_its_deadline(client_for, young):
    response = _screen(client_for("foreigners_officer"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ahmadi, Test" in page
    assert "§ 25a Abs. 1 AufenthG" in page
    assert "01.05.2031" in page  # the 27th birthday: the deadline of § 25a
    assert "Facts still missing" in page


def test_the_nearest_deadline_comes_first(personas, young, db):
    older = tolerated("Barzani", date(2019, 1, 1), date(2000, 1, 1))  # 27 in 2027
    rows = services.screen(personas["foreigners_officer"], on=ON).rows
    assert [r.person for r in rows][:2] == [older, young]
    assert rows[0].deadline == date(2027, 1, 1)


def test_a_filter_by_title_and_a_bad_date(client_for, young):
    client = client_for("foreigners_officer")
    page = _screen(client, rule="aufenthg-60d").content.decode()
    assert "§ 25a Abs. 1 AufenthG" not in page
    searches = AuditEntry.objects.filter(action="search").count()
    response = client.get(URL, {"on": "2026-02-31"})
    assert response.status_code == 200
    assert response.context["form"].errors["on"]
    assert 'aria-invalid="true"' in response.content.decode()
    # Nothing screened on a bad date.
    assert AuditEntry.objects.filter(action="search").count() == searches


def test_the_screening_read_is_recorded_with_the_people_shown(client_for, young):
    _screen(client_for("foreigners_officer"))
    entry = AuditEntry.objects.filter(action="search").latest("seq")
    assert entry.detail["shown"] == [young.pk]
    assert entry.detail["screening"] == ON.isoformat()
    assert "residence" in entry.categories


@pytest.mark.parametrize("persona", ["jobcenter_officer"])
def test_another_agency_is_refused_and_the_refusal_recorded(client_for, young, persona):
    assert _screen(client_for(persona)).status_code == 403
    refused = AuditEntry.objects.filter(action="refused").latest("seq")
    assert refused.detail["screening"] == "not a desk of the foreigners authority"
    assert not LastOutcome.objects.exists()


def test_people_the_decision_withholds_are_counted_and_recorded(personas, young, db):
    hidden = tolerated("Hidden", date(2020, 1, 1), date(2003, 1, 1), consented=False)
    screening = services.screen(personas["foreigners_officer"], on=ON)
    shown = {r.person.pk for r in screening.rows}
    if hidden.pk in shown:
        pytest.fail("a person without consent or release was shown to the screening")
    assert screening.withheld == 1
    refused = AuditEntry.objects.filter(action="refused").latest("seq")
    assert refused.detail["withheld"] == [hidden.pk]


def test_a_change_of_the_rules_shows_whom_it_affects(
    client_for, personas, young, tmp_path, settings
):
    # Tolerated since 2021: six years on 2027-03-01, so § 25b is "not yet" today.
    RecordedFacts.objects.create(
        person=young, constitution_declaration=True, civic_knowledge=True, german_oral="A2",
        livelihood_share_from_work="0.6", identity_clarified_on=date(2023, 1, 5),
        deception=False, no_convictions=True,
    )  # fmt: skip
    household = Household.objects.create(label="Ahmadi")
    HouseholdMember.objects.create(household=household, person=young, relation="head")
    user = personas["foreigners_officer"]
    first = services.screen(user, on=ON)
    before = {r.rule: r.outcome for r in first.rows[0].results}
    assert before["aufenthg-25b"] == "not_yet"
    assert first.changed == []
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "rules" / "aufenthg-25b.toml"
    text = path.read_text()
    last = text.rindex("stay_years = 6")
    path.write_text(text[:last] + "stay_years = 5" + text[last + len("stay_years = 6") :])
    settings.RULES_DIR = str(tmp_path / "rules")
    second = services.screen(user, on=ON)
    assert second.digest != first.digest
    assert [(r.person, r.changed) for r in second.changed] == [
        (young, [("aufenthg-25b", "not_yet", "eligible")])
    ]
    page = _screen(client_for("foreigners_officer")).content.decode()
    assert "The rules have changed" not in page  # told once: stored under the new rules now


def test_the_rules_page_lists_versions_and_marks_the_unconfirmed(client_for, db):
    page = client_for("coordinator").get(reverse("eligibility:rules")).content.decode()
    assert "31.12.2022" in page  # the ChAR-G versions
    assert "law not confirmed in force" in page  # the 2026 benefit change
