"""§ 60d AufenthG (Beschäftigungsduldung) and § 19d AufenthG (qualified tolerated people)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.helpers import answer, check, status

ON = "2026-12-02"


def job(start: str, hours: float = 30, end: str | None = None) -> dict[str, Any]:
    return {"from": start, "to": end, "hours_per_week": hours, "social_insurance": True}


def worker(**changes: Any) -> dict[str, Any]:
    """Eligible for § 60d on ON: entered 2019, tolerated since 2021, employed since 2024."""
    facts: dict[str, Any] = {
        "pid": "E1",
        "entry_date": "2019-05-01",
        "identity_clarified_on": "2023-06-01",
        "statuses": [
            status("gestattung", "2019-05-01", "2020-12-31"),
            status("duldung", "2021-01-01"),
        ],
        "employment": [job("2024-01-01")],
        "livelihood_share_from_work": 1,
        "german_oral": "A2",
        "convictions": [],
        "children": [],
    }
    facts.update(changes)
    return facts


CASES_60D = [
    pytest.param(
        worker(),
        ON,
        {"outcome": "eligible", "version_from": "2024-02-27", "citation": "§ 60d Abs. 1 AufenthG"},
        id="§ 60d Abs. 1 AufenthG: all conditions met",
    ),
    pytest.param(
        worker(entry_date="2022-12-31"),
        ON,
        {"outcome": "eligible"},
        id="§ 60d Abs. 1 AufenthG: entered on 2022-12-31",
    ),
    pytest.param(
        worker(entry_date="2023-01-01"),
        ON,
        {"outcome": "not_eligible", "reasons": ["entered_after_cut_off"]},
        id="§ 60d Abs. 1 AufenthG: entered on 2023-01-01",
    ),
    pytest.param(
        worker(
            entry_date="2018-08-01",
            identity_clarified_on="2019-12-01",
            employment=[job("2022-10-01", 40)],
            application_date="2024-02-26",
        ),
        ON,
        {"outcome": "not_yet", "version_from": "2020-01-01", "eligible_from": "2024-04-01"},
        id="§ 60d Abs. 1 Nr. 3 AufenthG a. F.: 18 months of employment on 2024-02-26",
    ),
    pytest.param(
        worker(
            entry_date="2018-08-01",
            identity_clarified_on="2019-12-01",
            employment=[job("2022-10-01", 40)],
            application_date="2024-02-27",
        ),
        ON,
        {"outcome": "eligible", "version_from": "2024-02-27"},
        id="§ 60d Abs. 1 Nr. 3 AufenthG (RückfVerbG): 12 months of employment from 2024-02-27",
    ),
    pytest.param(
        worker(
            entry_date="2018-08-02",
            identity_clarified_on="2019-12-01",
            employment=[job("2020-01-01", 40)],
            application_date="2024-02-26",
        ),
        ON,
        {
            "outcome": "not_eligible",
            "version_from": "2020-01-01",
            "reasons": ["entered_after_cut_off"],
        },
        id="§ 60d Abs. 1 AufenthG a. F.: entered after 2018-08-01",
    ),
    pytest.param(
        worker(
            employment=[job("2020-01-01", 30)],
            application_date="2024-02-26",
            entry_date="2018-01-01",
            identity_clarified_on="2019-01-01",
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["employment_short"]},
        id="§ 60d Abs. 1 Nr. 3 AufenthG a. F.: 30 hours a week are under 35",
    ),
    pytest.param(
        worker(employment=[job("2024-01-01", 20)]),
        ON,
        {"outcome": "eligible"},
        id="§ 60d Abs. 1 Nr. 3 AufenthG: exactly 20 hours a week",
    ),
    pytest.param(
        worker(employment=[job("2024-01-01", 19.5)]),
        ON,
        {"outcome": "not_eligible", "reasons": ["employment_short"]},
        id="§ 60d Abs. 1 Nr. 3 AufenthG: 19.5 hours a week",
    ),
    pytest.param(
        worker(employment=[job("2025-12-02")]),
        ON,
        {"outcome": "eligible"},
        id="§ 60d Abs. 1 Nr. 3 AufenthG: employed for exactly 12 months",
    ),
    pytest.param(
        worker(employment=[job("2025-12-03")]),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 60d Abs. 1 Nr. 3 AufenthG: employed one day short of 12 months",
    ),
    pytest.param(
        worker(
            statuses=[
                status("gestattung", "2019-05-01", "2025-12-02"),
                status("duldung", "2025-12-03"),
            ]
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 60d Abs. 1 Nr. 2 AufenthG: Duldung one day short of 12 months",
    ),
    pytest.param(
        worker(identity_clarified_on="2024-12-31"),
        ON,
        {"outcome": "eligible"},
        id="§ 60d Abs. 1 Nr. 1 AufenthG: entry 2019, identity clarified on 2024-12-31",
    ),
    pytest.param(
        worker(identity_clarified_on="2025-01-01"),
        ON,
        {"outcome": "not_eligible", "reasons": ["identity_not_clarified_in_time"]},
        id="§ 60d Abs. 1 Nr. 1 AufenthG: entry 2019, identity clarified on 2025-01-01",
    ),
    pytest.param(
        worker(entry_date="2016-12-31", identity_clarified_on="2026-11-01"),
        ON,
        {"outcome": "eligible"},
        id="§ 60d Abs. 1 Nr. 1 AufenthG: entry by 2016, identity clarified by the application",
    ),
    pytest.param(
        worker(livelihood_share_from_work=0.9),
        ON,
        {"outcome": "not_eligible", "reasons": ["livelihood_not_from_work"]},
        id="§ 60d Abs. 1 Nr. 4 AufenthG: livelihood not fully from work",
    ),
    pytest.param(
        worker(german_oral="A1"),
        ON,
        {"outcome": "not_eligible", "reasons": ["german_oral_short"]},
        id="§ 60d Abs. 1 Nr. 5 AufenthG: oral German A1",
    ),
    pytest.param(
        worker(
            convictions=[
                {
                    "daily_rates": 51,
                    "foreigner_only": False,
                    "youth_sanction_only": False,
                    "custodial": False,
                }
            ]
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["conviction_fines_over_limit"]},
        id="§ 60d Abs. 1 Nr. 7 AufenthG: fines of 51 daily rates",
    ),
    pytest.param(
        worker(employment=None),
        ON,
        {"outcome": "unknown", "missing": ["employment"]},
        id="§ 60d Abs. 1 Nr. 3 AufenthG: employment unknown",
    ),
]


def qualified(**changes: Any) -> dict[str, Any]:
    """Eligible for § 19d on ON: tolerated, German vocational training completed in 2025."""
    facts: dict[str, Any] = {
        "pid": "F1",
        "statuses": [status("duldung", "2019-01-01")],
        "qualification": [{"kind": "de_training", "completed_on": "2025-07-01"}],
        "employment": [],
        "housing_sufficient": True,
        "german_level": "B1",
        "deception": False,
        "convictions": [],
    }
    facts.update(changes)
    return facts


CASES_19D = [
    pytest.param(
        qualified(),
        ON,
        {
            "outcome": "eligible",
            "version_from": "2020-03-01",
            "reasons_include": ["qualification_in_germany"],
        },
        id="§ 19d Abs. 1 Nr. 1 Buchst. a AufenthG: vocational training completed in Germany",
    ),
    pytest.param(
        qualified(qualification=[{"kind": "de_degree", "completed_on": "2027-01-31"}]),
        ON,
        {"outcome": "not_yet", "eligible_from": "2027-01-31"},
        id="§ 19d Abs. 1 Nr. 1 Buchst. a AufenthG: degree completed later",
    ),
    pytest.param(
        qualified(
            qualification=[{"kind": "foreign_recognised", "completed_on": "2023-01-01"}],
            employment=[job("2024-12-02", 40)],
        ),
        ON,
        {"outcome": "eligible", "reasons_include": ["foreign_qualification_recognised"]},
        id="§ 19d Abs. 1 Nr. 1 Buchst. b AufenthG: recognised degree and 2 years of employment",
    ),
    pytest.param(
        qualified(
            qualification=[{"kind": "foreign_recognised", "completed_on": "2023-01-01"}],
            employment=[job("2024-12-03", 40)],
            livelihood_share_from_work=0.7,
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 19d Abs. 1 Nr. 1 Buchst. b AufenthG: recognised degree, employment a day short",
    ),
    pytest.param(
        qualified(
            qualification=[{"kind": "foreign_recognised", "completed_on": "2023-01-01"}],
            employment=[job("2024-12-03", 40)],
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 19d Abs. 1 Nr. 1 AufenthG: an open way met only later does not matter",
    ),
    pytest.param(
        qualified(
            qualification=[], employment=[job("2023-12-02", 40)], livelihood_share_from_work=1
        ),
        ON,
        {"outcome": "eligible", "reasons_include": ["no_public_funds"]},
        id="§ 19d Abs. 1 Nr. 1 Buchst. c AufenthG: 3 years of employment without public funds",
    ),
    pytest.param(
        qualified(
            qualification=[], employment=[job("2023-12-02", 40)], livelihood_share_from_work=0.8
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["no_qualification"]},
        id="§ 19d Abs. 1 Nr. 1 Buchst. c AufenthG: 3 years of employment with public funds",
    ),
    pytest.param(
        qualified(german_level="A2"),
        ON,
        {"outcome": "not_eligible", "reasons": ["german_level_short"]},
        id="§ 19d Abs. 1 Nr. 3 AufenthG: German A2 is under B1",
    ),
    pytest.param(
        qualified(housing_sufficient=False),
        ON,
        {"outcome": "not_eligible", "reasons": ["housing_insufficient"]},
        id="§ 19d Abs. 1 Nr. 2 AufenthG: housing not sufficient",
    ),
    pytest.param(
        qualified(deception=True),
        ON,
        {"outcome": "not_eligible", "reasons": ["deception"]},
        id="§ 19d Abs. 1 Nr. 4 AufenthG: deceived the authority",
    ),
    pytest.param(
        qualified(application_date="2020-02-29"),
        ON,
        {"outcome": "not_eligible", "version_from": None, "reasons": ["not_in_force"]},
        id="§ 19d AufenthG: not in force on 2020-02-29",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), CASES_60D)
def test_60d(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-60d", facts, on), expected)


@pytest.mark.parametrize(("facts", "on", "expected"), CASES_19D)
def test_19d(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-19d", facts, on), expected)
