"""§ 60c AufenthG (Ausbildungsduldung) and § 16g AufenthG (residence for training)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.helpers import answer, check, status

ON = "2026-12-02"


def person(**changes: Any) -> dict[str, Any]:
    """Eligible on ON, case (b): entered 2015, tolerated since 2026-01-01, starts a qualified
    training, identity clarified."""
    facts: dict[str, Any] = {
        "pid": "D1",
        "entry_date": "2015-09-01",
        "statuses": [
            status("gestattung", "2015-09-01", "2025-12-31"),
            status("duldung", "2026-01-01"),
        ],
        "training": {
            "kind": "qualified",
            "start": "2026-09-01",
            "commitment": None,
            "started_during_asylum": False,
        },
        "identity_clarified_on": "2016-05-01",
        "removal_measures_imminent": False,
        "convictions": [],
        "deception": False,
    }
    facts.update(changes)
    return facts


def training(**changes: Any) -> dict[str, Any]:
    base = {
        "kind": "qualified",
        "start": "2026-09-01",
        "commitment": None,
        "started_during_asylum": False,
    }
    return {**base, **changes}


CASES_60C = [
    pytest.param(
        person(),
        ON,
        {"outcome": "eligible", "version_from": "2020-01-01", "citation": "§ 60c Abs. 1 AufenthG"},
        id="§ 60c Abs. 1 S. 1 Nr. 2 AufenthG: tolerated, qualified training",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2015-09-01", "2026-09-01"),
                status("duldung", "2026-09-02"),
            ]
        ),
        ON,
        {"outcome": "eligible"},
        id="§ 60c Abs. 2 Nr. 2 AufenthG: Duldung for exactly 3 months",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2015-09-01", "2026-09-02"),
                status("duldung", "2026-09-03"),
            ]
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 60c Abs. 2 Nr. 2 AufenthG: Duldung one day short of 3 months",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2015-09-01", "2026-11-30"),
                status("duldung", "2026-12-01"),
            ],
            training=training(started_during_asylum=True),
        ),
        ON,
        {"outcome": "eligible", "reasons_include": ["training_started_during_asylum"]},
        id="§ 60c Abs. 1 S. 1 Nr. 1 AufenthG: training begun during the asylum procedure",
    ),
    pytest.param(
        person(training=training(kind="helper", commitment=True)),
        ON,
        {"outcome": "eligible", "reasons_include": ["training_helper"]},
        id="§ 60c Abs. 1 S. 1 AufenthG: helper training with a training-place commitment",
    ),
    pytest.param(
        person(training=training(kind="helper", commitment=False)),
        ON,
        {"outcome": "not_eligible", "reasons": ["helper_no_commitment"]},
        id="§ 60c Abs. 1 S. 1 AufenthG: helper training without a commitment",
    ),
    pytest.param(
        person(training=None),
        ON,
        {"outcome": "unknown", "missing": ["training"]},
        id="§ 60c Abs. 1 AufenthG: training unknown",
    ),
    pytest.param(
        person(removal_measures_imminent=True),
        ON,
        {"outcome": "not_eligible", "reasons": ["removal_imminent"]},
        id="§ 60c Abs. 2 Nr. 5 AufenthG: measures to end the stay imminent",
    ),
    pytest.param(
        person(entry_date="2018-03-01", identity_clarified_on="2020-06-30"),
        ON,
        {"outcome": "eligible"},
        id="§ 60c Abs. 2 Nr. 3 AufenthG: entry 2018, identity clarified on 2020-06-30",
    ),
    pytest.param(
        person(entry_date="2018-03-01", identity_clarified_on="2020-07-01"),
        ON,
        {"outcome": "not_eligible", "reasons": ["identity_not_clarified_in_time"]},
        id="§ 60c Abs. 2 Nr. 3 AufenthG: entry 2018, identity clarified on 2020-07-01",
    ),
    pytest.param(
        person(entry_date="2021-03-01", identity_clarified_on="2021-09-01"),
        ON,
        {"outcome": "eligible"},
        id="§ 60c Abs. 2 Nr. 3 AufenthG: entry 2021, identity within 6 months",
    ),
    pytest.param(
        person(
            entry_date="2021-03-01",
            identity_clarified_on=None,
            identity_reasonable_steps_on="2021-09-02",
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["identity_not_clarified_in_time"]},
        id="§ 60c Abs. 2 Nr. 3 AufenthG: entry 2021, steps taken 6 months and a day later",
    ),
    pytest.param(
        person(
            convictions=[
                {
                    "daily_rates": 60,
                    "foreigner_only": False,
                    "youth_sanction_only": False,
                    "custodial": False,
                }
            ]
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["conviction_fines_over_limit"]},
        id="§ 60c Abs. 2 Nr. 4 with § 19d Abs. 1 Nr. 7 AufenthG: fines over 50 daily rates",
    ),
    pytest.param(
        person(statuses=[status("gestattung", "2015-09-01")]),
        ON,
        {"outcome": "not_eligible", "reasons_include": ["not_tolerated"]},
        id="§ 60c Abs. 1 AufenthG: still an asylum seeker",
    ),
]

CASES_16G = [
    pytest.param(
        person(),
        ON,
        {"outcome": "eligible", "version_from": "2024-03-01", "citation": "§ 16g Abs. 1 AufenthG"},
        id="§ 16g Abs. 1 AufenthG: conditions of § 60c and identity clarified",
    ),
    pytest.param(
        person(application_date="2024-02-29"),
        ON,
        {"outcome": "not_eligible", "version_from": None, "reasons": ["not_in_force"]},
        id="§ 16g AufenthG: not in force on 2024-02-29",
    ),
    pytest.param(
        person(identity_clarified_on=None, identity_reasonable_steps_on="2016-01-01"),
        ON,
        {"outcome": "unknown", "missing": ["identity_clarified_on"]},
        id="§ 16g Abs. 1 with § 5 Abs. 1 Nr. 1a AufenthG: steps are not a clarified identity",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), CASES_60C)
def test_60c(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-60c", facts, on), expected)


@pytest.mark.parametrize(("facts", "on", "expected"), CASES_16G)
def test_16g(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-16g", facts, on), expected)
