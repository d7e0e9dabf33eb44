"""§ 25a AufenthG (well-integrated young people): both sides of every condition and date."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.helpers import answer, check, status

ON = "2026-12-02"


def person(**changes: Any) -> dict[str, Any]:
    """Eligible under the 2022 version on ON: 21 years old, asylum seeker from mid-2021,
    tolerated since 2022, at school since 2022."""
    facts: dict[str, Any] = {
        "pid": "A1",
        "birth_date": "2005-06-15",
        "statuses": [
            status("gestattung", "2021-06-01", "2021-12-31"),
            status("duldung", "2022-01-01"),
        ],
        "schooling": [{"from": "2022-02-01", "to": None, "kind": "school", "successful": True}],
        "german_qualification": False,
        "deception": False,
    }
    facts.update(changes)
    return facts


CASES = [
    pytest.param(
        person(),
        ON,
        {
            "outcome": "eligible",
            "version_from": "2022-12-31",
            "citation": "§ 25a Abs. 1 AufenthG",
            "deadline": "2032-06-15",
            "missing": [],
            "reasons_include": [
                "duldung_months",
                "stay_years",
                "school_years",
                "age_within_limits",
            ],
        },
        id="§ 25a Abs. 1 AufenthG: all conditions met, deadline the 27th birthday",
    ),
    pytest.param(
        person(birth_date="2000-03-10", application_date="2027-03-09"),
        ON,
        {"outcome": "eligible", "deadline": "2027-03-10"},
        id="§ 25a Abs. 1 S. 1 Nr. 3 AufenthG: applies at 26 years 364 days",
    ),
    pytest.param(
        person(birth_date="2000-03-10", application_date="2027-03-10"),
        ON,
        {"outcome": "not_eligible", "reasons": ["age_limit_passed"], "deadline": None},
        id="§ 25a Abs. 1 S. 1 Nr. 3 AufenthG: applies on the 27th birthday",
    ),
    pytest.param(
        person(birth_date="2012-12-02"),
        ON,
        {"outcome": "eligible"},
        id="§ 25a Abs. 1 S. 1 Nr. 3 AufenthG: 14 on the application day",
    ),
    pytest.param(
        person(birth_date="2012-12-03"),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 25a Abs. 1 S. 1 Nr. 3 AufenthG: 13 years 364 days, eligible from the 14th birthday",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2025-12-01"),
                status("duldung", "2025-12-02"),
            ]
        ),
        ON,
        {"outcome": "eligible"},
        id="§ 25a Abs. 1 S. 1 Nr. 1 AufenthG: Duldung for exactly 12 months",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2025-12-02"),
                status("duldung", "2025-12-03"),
            ]
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 25a Abs. 1 S. 1 Nr. 1 AufenthG: Duldung one day short of 12 months",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2023-12-02")], german_qualification=True),
        ON,
        {"outcome": "eligible"},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: exactly 3 years of stay",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2023-12-03")], german_qualification=True),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: 3 years of stay one day later",
    ),
    pytest.param(
        person(
            birth_date="2003-01-01",
            statuses=[
                status("gestattung", "2020-01-01", "2022-03-31"),
                status("duldung", "2022-07-01"),
            ],
            german_qualification=True,
            application_date="2024-01-01",
        ),
        ON,
        {"outcome": "eligible"},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: an interruption of 3 months is harmless",
    ),
    pytest.param(
        person(
            birth_date="2003-01-01",
            statuses=[
                status("gestattung", "2020-01-01", "2022-03-31"),
                status("duldung", "2022-07-02"),
            ],
            german_qualification=True,
            application_date="2024-01-01",
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2025-07-02"},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: an interruption of 3 months and a day restarts",
    ),
    pytest.param(
        person(
            birth_date="2003-01-01",
            statuses=[
                status("gestattung", "2020-01-01", "2020-12-31"),
                status("gestattung", "2021-02-01", "2022-03-31"),
                status("duldung", "2022-05-01"),
            ],
            german_qualification=True,
            application_date="2024-01-01",
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2024-03-02"},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: a second short interruption is not harmless",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2021-12-31"),
                status("duldung_light", "2022-01-01", "2024-06-30"),
                status("duldung", "2024-07-01"),
            ],
            german_qualification=True,
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2027-07-01"},
        id="§ 60b Abs. 5 AufenthG: Duldung-light times do not count for § 25a",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2021-12-31"),
                status("duldung_light", "2022-01-01", "2024-06-30"),
                status("permit", "2024-07-01", "2026-01-01", basis="§104c"),
            ],
            identity_reasonable_steps_on="2024-05-01",
        ),
        "2025-12-01",
        {
            "outcome": "eligible",
            "deadline": "2027-06-30",
            "reasons_include": ["holds_104c", "identity_clarified_or_steps"],
        },
        id="§ 25a Abs. 5/6 AufenthG: § 104c holder, § 60b times count, no 12 months of Duldung",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2021-12-31"),
                status("permit", "2022-01-01", basis="§104c"),
            ],
        ),
        "2025-12-01",
        {
            "outcome": "unknown",
            "missing": ["identity_clarified_on", "identity_reasonable_steps_on"],
        },
        id="§ 25a Abs. 6 AufenthG: § 104c holder without identity facts",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2021-12-31"),
                status("permit", "2022-01-01", basis="§104c"),
            ],
            identity_clarified_on="2023-01-01",
            application_date="2027-06-30",
        ),
        ON,
        {"outcome": "eligible", "deadline": "2027-06-30"},
        id="§ 25a Abs. 5 AufenthG: CAR rules on their last day 2027-06-30 [?]",
    ),
    pytest.param(
        person(
            statuses=[
                status("gestattung", "2021-06-01", "2021-12-31"),
                status("permit", "2022-01-01", basis="§104c"),
            ],
            identity_clarified_on="2023-01-01",
            application_date="2027-07-01",
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["not_tolerated"]},
        id="§ 25a Abs. 5 AufenthG: CAR rules over on 2027-07-01 [?]",
    ),
    pytest.param(
        person(
            schooling=[{"from": "2022-02-01", "to": None, "kind": "school", "successful": False}]
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["school_years_short"]},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: school attendance not successful",
    ),
    pytest.param(
        person(
            schooling=[{"from": "2022-02-01", "to": None, "kind": "school", "successful": False}],
            german_qualification=True,
        ),
        ON,
        {"outcome": "eligible", "reasons_include": ["german_qualification"]},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: a German qualification instead of school years",
    ),
    pytest.param(
        person(
            schooling=[{"from": "2024-01-01", "to": None, "kind": "school", "successful": True}]
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2027-01-01"},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: 3 years of school reached later",
    ),
    pytest.param(
        person(schooling=None, german_qualification=None),
        ON,
        {"outcome": "unknown", "missing": ["schooling", "german_qualification"]},
        id="§ 25a Abs. 1 S. 1 Nr. 2 AufenthG: school facts unknown",
    ),
    pytest.param(
        person(deception=True),
        ON,
        {"outcome": "not_eligible", "reasons": ["deception"]},
        id="§ 25a Abs. 1 S. 3 AufenthG: own deception prevented removal",
    ),
    pytest.param(
        person(deception=None),
        ON,
        {"outcome": "unknown", "missing": ["deception"]},
        id="§ 25a Abs. 1 S. 3 AufenthG: deception unknown",
    ),
    pytest.param(
        {"pid": "A2", "birth_date": "1990-01-01"},
        ON,
        {"outcome": "not_eligible", "reasons": ["age_limit_passed"], "missing": []},
        id="§ 25a Abs. 1 S. 1 Nr. 3 AufenthG: too old decides although everything else is unknown",
    ),
    pytest.param(
        person(
            birth_date="2000-01-01",
            statuses=[status("duldung", "2024-06-01")],
            application_date="2026-01-01",
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["age_limit_before_conditions"]},
        id="§ 25a Abs. 1 S. 1 Nr. 3 AufenthG: 3 years complete only after the 27th birthday",
    ),
    pytest.param(
        person(
            birth_date="2001-06-01",
            statuses=[status("duldung", "2019-06-01")],
            german_qualification=True,
            application_date="2022-12-30",
        ),
        ON,
        {"outcome": "not_eligible", "version_from": "2015-08-01", "reasons": ["age_limit_passed"]},
        id="§ 25a Abs. 1 AufenthG a. F.: on 2022-12-30 the limit was the 21st birthday",
    ),
    pytest.param(
        person(
            birth_date="2001-06-01",
            statuses=[status("duldung", "2019-06-01")],
            german_qualification=True,
            application_date="2022-12-31",
        ),
        ON,
        {"outcome": "eligible", "version_from": "2022-12-31", "deadline": "2028-06-01"},
        id="§ 25a Abs. 1 AufenthG (ChAR-G): from 2022-12-31 the limit is the 27th birthday",
    ),
    pytest.param(
        person(
            birth_date="2005-01-01",
            statuses=[status("duldung", "2019-06-01")],
            german_qualification=True,
            application_date="2022-12-30",
        ),
        ON,
        {"outcome": "not_yet", "version_from": "2015-08-01", "eligible_from": "2023-06-01"},
        id="§ 25a Abs. 1 AufenthG a. F.: 4 years of stay on 2022-12-30",
    ),
    pytest.param(
        person(
            birth_date="2005-01-01",
            statuses=[status("duldung", "2019-06-01")],
            german_qualification=True,
            application_date="2022-12-31",
        ),
        ON,
        {"outcome": "eligible", "version_from": "2022-12-31"},
        id="§ 25a Abs. 1 AufenthG (ChAR-G): 3 years of stay from 2022-12-31",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), CASES)
def test_25a(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-25a", facts, on), expected)


def test_a_104c_holder_who_completes_the_years_after_the_car_rules_end_is_not_eligible() -> None:
    facts = person(
        statuses=[status("permit", "2024-08-01", basis="§104c")],
        identity_clarified_on="2024-01-01",
    )
    result = answer("aufenthg-25a", facts, "2026-12-02")
    assert (result.outcome, result.reasons) == ("not_eligible", ("car_rules_ended",))
