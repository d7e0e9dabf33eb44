"""§ 104c AufenthG (Chancen-Aufenthaltsrecht) and its transition: both sides of every condition."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.helpers import answer, check, status

ON = "2025-06-01"


def person(**changes: Any) -> dict[str, Any]:
    """Eligible on ON: asylum seeker from 2017-10-31, tolerated (light) since 2019."""
    facts: dict[str, Any] = {
        "pid": "C1",
        "birth_date": "1980-01-01",
        "statuses": [
            status("gestattung", "2017-10-31", "2019-05-31"),
            status("duldung_light", "2019-06-01"),
        ],
        "constitution_declaration": True,
        "convictions": [],
        "deception": False,
    }
    facts.update(changes)
    return facts


def fine(rates: int, foreigner_only: bool = False) -> dict[str, Any]:
    return {
        "daily_rates": rates,
        "foreigner_only": foreigner_only,
        "youth_sanction_only": False,
        "custodial": False,
    }


CASES = [
    pytest.param(
        person(),
        ON,
        {
            "outcome": "eligible",
            "version_from": "2022-12-31",
            "citation": "§ 104c Abs. 1 AufenthG",
            "deadline": "2025-12-30",
            "reasons_include": ["stay_years_on_cut_off", "no_convictions"],
        },
        id="§ 104c Abs. 1 AufenthG: 5 years on 2022-10-31, § 60b times count",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2017-11-01", "2019-05-31"),
                status("duldung", "2019-06-01"),
            ]
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["stay_years_on_cut_off_short"]},
        id="§ 104c Abs. 1 AufenthG: 5 years one day after 2022-10-31",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2017-10-31", "2023-03-31"),
                status("duldung", "2023-09-01"),
            ]
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["stay_years_on_cut_off_short"]},
        id="§ 104c Abs. 1 AufenthG: interrupted for over 3 months after the cut-off",
    ),
    pytest.param(
        person(statuses=[status("gestattung", "2015-01-01", "2023-01-31")]),
        ON,
        {"outcome": "not_eligible", "reasons_include": ["not_tolerated"]},
        id="§ 104c Abs. 1 AufenthG: not tolerated on the application day",
    ),
    pytest.param(
        person(application_date="2022-12-30"),
        ON,
        {"outcome": "not_eligible", "version_from": None, "reasons": ["not_in_force"]},
        id="§ 104c AufenthG: not in force before 2022-12-31",
    ),
    pytest.param(
        person(application_date="2025-12-30"),
        ON,
        {"outcome": "eligible", "version_from": "2022-12-31", "deadline": "2025-12-30"},
        id="§ 104c Abs. 1 AufenthG: applied on the last day 2025-12-30",
    ),
    pytest.param(
        person(application_date="2025-12-31"),
        ON,
        {
            "outcome": "not_eligible",
            "version_from": "2025-12-31",
            "reasons": ["104c_new_applications_ended"],
        },
        id="§ 104c AufenthG (Übergangsregelung): no new applications from 2025-12-31",
    ),
    pytest.param(
        person(statuses=[status("permit", "2024-01-01", "2026-06-30", basis="§104c")]),
        "2026-03-01",
        {"outcome": "eligible", "reasons": ["104c_holder_transition"], "deadline": "2027-06-30"},
        id="§ 104c AufenthG (Übergangsregelung): a holder continues as § 25a/§ 25b [?]",
    ),
    pytest.param(
        person(convictions=[fine(50)]),
        ON,
        {"outcome": "eligible", "reasons_include": ["convictions_below_limit"]},
        id="§ 104c Abs. 1 S. 1 Nr. 3 AufenthG: fines of 50 daily rates",
    ),
    pytest.param(
        person(convictions=[fine(30), fine(21)]),
        ON,
        {"outcome": "not_eligible", "reasons": ["conviction_fines_over_limit"]},
        id="§ 104c Abs. 1 S. 1 Nr. 3 AufenthG: fines of 51 daily rates in total",
    ),
    pytest.param(
        person(convictions=[fine(90, foreigner_only=True)]),
        ON,
        {"outcome": "eligible"},
        id="§ 104c Abs. 1 S. 1 Nr. 3 AufenthG: 90 daily rates for offences only foreigners commit",
    ),
    pytest.param(
        person(convictions=[fine(91, foreigner_only=True)]),
        ON,
        {"outcome": "not_eligible", "reasons": ["conviction_fines_over_limit"]},
        id="§ 104c Abs. 1 S. 1 Nr. 3 AufenthG: 91 daily rates for offences only foreigners commit",
    ),
    pytest.param(
        person(convictions=[{**fine(0), "custodial": True, "youth_sanction_only": True}]),
        ON,
        {"outcome": "eligible"},
        id="§ 104c Abs. 1 S. 1 Nr. 3 AufenthG: a juvenile sanction short of youth custody",
    ),
    pytest.param(
        person(convictions=[{**fine(0), "custodial": True}]),
        ON,
        {"outcome": "not_eligible", "reasons": ["conviction_custodial"]},
        id="§ 104c Abs. 1 S. 1 Nr. 3 AufenthG: a prison sentence",
    ),
    pytest.param(
        person(convictions=None, constitution_declaration=None),
        ON,
        {"outcome": "unknown", "missing": ["constitution_declaration", "convictions"]},
        id="§ 104c Abs. 1 S. 1 Nr. 1, 3 AufenthG: declaration and convictions unknown",
    ),
    pytest.param(
        person(deception=True),
        ON,
        {"outcome": "not_eligible", "reasons": ["deception"]},
        id="§ 104c Abs. 1 S. 2 AufenthG: repeated deception prevented removal",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), CASES)
def test_104c(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-104c", facts, on), expected)
