"""§ 25b AufenthG (sustainable integration): both sides of every condition and date."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.helpers import answer, check, status

ON = "2026-12-02"
CHILD = {
    "birth_date": "2015-04-01",
    "in_household": True,
    "unmarried": True,
    "attends_school": True,
}


def person(**changes: Any) -> dict[str, Any]:
    """Eligible under the 2022 version on ON: tolerated since 2019, no children."""
    facts: dict[str, Any] = {
        "pid": "B1",
        "birth_date": "1985-02-01",
        "statuses": [status("duldung", "2019-01-01")],
        "identity_clarified_on": "2020-03-01",
        "constitution_declaration": True,
        "civic_knowledge": True,
        "livelihood_share_from_work": 0.6,
        "german_oral": "A2",
        "children": [],
        "deception": False,
        "convictions": [],
    }
    facts.update(changes)
    return facts


CASES = [
    pytest.param(
        person(),
        ON,
        {
            "outcome": "eligible",
            "citation": "§ 25b Abs. 1 AufenthG",
            "version_from": "2022-12-31",
            "deadline": None,
            "reasons_include": ["tolerated", "stay_years", "livelihood_from_work", "german_oral"],
        },
        id="§ 25b Abs. 1 AufenthG: all conditions met",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2020-12-02")]),
        ON,
        {"outcome": "eligible"},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: exactly 6 years",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2020-12-03")]),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: 6 years one day later",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2022-12-02")], children=[CHILD]),
        ON,
        {"outcome": "eligible", "reasons_include": ["stay_years_with_child", "children_at_school"]},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: exactly 4 years with a minor child",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2022-12-03")], children=[CHILD]),
        ON,
        {"outcome": "not_yet", "eligible_from": "2026-12-03"},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: 4 years with a minor child one day later",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2022-12-02")]),
        ON,
        {"outcome": "not_yet", "eligible_from": "2028-12-02"},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: 4 years without a child are not enough",
    ),
    pytest.param(
        person(
            statuses=[status("duldung", "2022-12-02")],
            children=[{**CHILD, "birth_date": "2008-12-02", "attends_school": False}],
        ),
        ON,
        {"outcome": "not_yet", "eligible_from": "2028-12-02"},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: a child of 18 is no minor child",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2022-12-02")], children=None),
        ON,
        {"outcome": "unknown", "missing": ["children"]},
        id="§ 25b Abs. 1 S. 2 Nr. 1 AufenthG: 4 years, children unknown",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2016-06-01")], application_date="2022-12-30"),
        ON,
        {"outcome": "not_yet", "version_from": "2015-08-01", "eligible_from": "2024-06-01"},
        id="§ 25b Abs. 1 AufenthG a. F.: 8 years on 2022-12-30",
    ),
    pytest.param(
        person(statuses=[status("duldung", "2016-06-01")], application_date="2022-12-31"),
        ON,
        {"outcome": "eligible", "version_from": "2022-12-31"},
        id="§ 25b Abs. 1 AufenthG (ChAR-G): 6 years from 2022-12-31",
    ),
    pytest.param(
        person(
            statuses=[status("duldung", "2017-06-01")],
            children=[CHILD],
            application_date="2022-12-30",
        ),
        ON,
        {"outcome": "not_yet", "version_from": "2015-08-01", "eligible_from": "2023-06-01"},
        id="§ 25b Abs. 1 AufenthG a. F.: 6 years with a child on 2022-12-30",
    ),
    pytest.param(
        person(
            statuses=[status("duldung", "2017-06-01")],
            children=[CHILD],
            application_date="2022-12-31",
        ),
        ON,
        {"outcome": "eligible", "version_from": "2022-12-31"},
        id="§ 25b Abs. 1 AufenthG (ChAR-G): 4 years with a child from 2022-12-31",
    ),
    pytest.param(
        person(livelihood_share_from_work=0.5),
        ON,
        {"outcome": "not_eligible", "reasons": ["livelihood_not_from_work"]},
        id="§ 25b Abs. 1 S. 2 Nr. 3 AufenthG: half of the livelihood from work is not predominant",
    ),
    pytest.param(
        person(livelihood_share_from_work=0.51),
        ON,
        {"outcome": "eligible"},
        id="§ 25b Abs. 1 S. 2 Nr. 3 AufenthG: 51 % of the livelihood from work",
    ),
    pytest.param(
        person(livelihood_share_from_work=0.3, children=[CHILD]),
        ON,
        {"outcome": "eligible", "reasons_include": ["livelihood_family_exception"]},
        id="§ 25b Abs. 1 S. 3 AufenthG: family with a minor child on supplementary benefits",
    ),
    pytest.param(
        person(livelihood_share_from_work=0, able_to_work=False),
        ON,
        {"outcome": "eligible", "reasons_include": ["livelihood_waived"]},
        id="§ 25b Abs. 3 AufenthG: livelihood waived for one not able to work",
    ),
    pytest.param(
        person(german_oral="A1"),
        ON,
        {"outcome": "not_eligible", "reasons": ["german_oral_short"]},
        id="§ 25b Abs. 1 S. 2 Nr. 4 AufenthG: oral German A1",
    ),
    pytest.param(
        person(german_oral="B2"),
        ON,
        {"outcome": "eligible"},
        id="§ 25b Abs. 1 S. 2 Nr. 4 AufenthG: oral German above A2",
    ),
    pytest.param(
        person(children=[{**CHILD, "attends_school": False}]),
        ON,
        {"outcome": "not_eligible", "reasons": ["child_not_at_school"]},
        id="§ 25b Abs. 1 S. 2 Nr. 5 AufenthG: a child of school age not at school",
    ),
    pytest.param(
        person(constitution_declaration=False),
        ON,
        {"outcome": "not_eligible", "reasons": ["no_constitution_declaration"]},
        id="§ 25b Abs. 1 S. 2 Nr. 2 AufenthG: no declaration signed",
    ),
    pytest.param(
        person(civic_knowledge=None),
        ON,
        {"outcome": "unknown", "missing": ["civic_knowledge"]},
        id="§ 25b Abs. 1 S. 2 Nr. 2 AufenthG: civic knowledge unknown",
    ),
    pytest.param(
        person(
            statuses=[
                status("duldung", "2019-01-01", "2025-12-31"),
                status("duldung_light", "2026-01-01"),
            ]
        ),
        ON,
        {"outcome": "not_eligible", "reasons_include": ["duldung_light_excluded"]},
        id="§ 60b Abs. 5 AufenthG: a Duldung light excludes § 25b",
    ),
    pytest.param(
        person(
            convictions=[
                {
                    "daily_rates": None,
                    "foreigner_only": False,
                    "youth_sanction_only": False,
                    "custodial": True,
                }
            ]
        ),
        ON,
        {"outcome": "not_eligible", "reasons": ["conviction_custodial"]},
        id="§ 25b Abs. 2 Nr. 2 AufenthG: a prison sentence [?]",
    ),
    pytest.param(
        person(
            convictions=[
                {
                    "daily_rates": 120,
                    "foreigner_only": False,
                    "youth_sanction_only": False,
                    "custodial": False,
                }
            ]
        ),
        ON,
        {"outcome": "eligible"},
        id="§ 25b Abs. 2 Nr. 2 AufenthG: a fine is no exclusion",
    ),
    pytest.param(
        person(deception=True),
        ON,
        {"outcome": "not_eligible", "reasons": ["deception"]},
        id="§ 25b Abs. 2 Nr. 1 AufenthG: own deception",
    ),
    pytest.param(
        person(identity_clarified_on=None),
        ON,
        {"outcome": "unknown", "missing": ["identity_clarified_on"]},
        id="§ 5 Abs. 1 Nr. 1a AufenthG: identity unknown",
    ),
    pytest.param(
        person(
            statuses=[
                status("duldung_light", "2019-01-01", "2023-06-30"),
                status("permit", "2023-07-01", basis="§104c"),
            ],
            identity_clarified_on=None,
            identity_reasonable_steps_on="2023-01-01",
        ),
        "2025-06-01",
        {"outcome": "eligible", "deadline": "2027-06-30", "reasons_include": ["holds_104c"]},
        id="§ 25b Abs. 7/8 AufenthG: § 104c holder, § 60b times count, reasonable steps suffice",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), CASES)
def test_25b(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("aufenthg-25b", facts, on), expected)
