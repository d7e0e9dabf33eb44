"""The benefit regime of people under temporary protection (§ 24 AufenthG): the switch of
2022-06-01 and the planned return to the AsylbLG (unconfirmed) from 2026-07-01."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.helpers import answer, check, status


def protected(
    first: str = "2022-03-20", ed: str | None = "2022-04-01", **changes: Any
) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "pid": "U1",
        "birth_date": "1990-05-05",
        "able_to_work": True,
        "fingerprinted_on": ed,
        "statuses": [status("fiktion", first, basis="§24")],
    }
    facts.update(changes)
    return facts


CASES = [
    pytest.param(
        protected(),
        "2022-05-31",
        {"outcome": "asylblg", "version_from": "2005-01-01", "eligible_from": "2022-03-20"},
        id="§ 1 Abs. 1 Nr. 3 AsylbLG a. F.: AsylbLG on 2022-05-31",
    ),
    pytest.param(
        protected(),
        "2022-06-01",
        {
            "outcome": "sgb2",
            "version_from": "2022-06-01",
            "eligible_from": "2022-06-01",
            "citation": "§ 1 Abs. 1 Nr. 3a AsylbLG; § 7, § 74 SGB II; § 146 SGB XII",
            "reasons": ["switch_2022_document_by_cut_off", "able_to_work"],
            "confirmed": True,
        },
        id="§ 74 SGB II: SGB II from 2022-06-01 for one able to work",
    ),
    pytest.param(
        protected(able_to_work=False),
        "2022-06-01",
        {"outcome": "sgb12", "reasons_include": ["not_able_to_work"]},
        id="§ 146 SGB XII: SGB XII for one not able to work",
    ),
    pytest.param(
        protected(birth_date="1955-01-01"),
        "2022-06-01",
        {"outcome": "sgb12", "reasons_include": ["retirement_age"]},
        id="§ 7a SGB II: born 1955, past the retirement age",
    ),
    pytest.param(
        protected(birth_date="1957-07-15"),
        "2023-06-30",
        {"outcome": "sgb2"},
        id="§ 7a SGB II: born 1957-07-15, below the limit (65 y 11 m) on 2023-06-30",
    ),
    pytest.param(
        protected(birth_date="1957-07-15"),
        "2023-07-01",
        {"outcome": "sgb12", "reasons_include": ["retirement_age"]},
        id="§ 7a SGB II: born 1957-07-15, retirement age reached at the end of June 2023",
    ),
    pytest.param(
        protected(birth_date="2010-01-01", able_to_work=None),
        "2022-07-01",
        {"outcome": "sgb2", "reasons_include": ["child_in_household"]},
        id="§ 7 Abs. 2, § 19 SGB II: a child under 15 in the household",
    ),
    pytest.param(
        protected(able_to_work=None),
        "2022-07-01",
        {"outcome": "unknown", "missing": ["able_to_work"]},
        id="§ 8 SGB II: ability to work unknown",
    ),
    pytest.param(
        protected(first="2022-05-20", ed="2022-10-31"),
        "2022-12-01",
        {"outcome": "sgb2", "eligible_from": "2022-06-01"},
        id="§ 74 SGB II: identity treatment on 2022-10-31, the last day of the grace [?]",
    ),
    pytest.param(
        protected(first="2022-05-20", ed="2022-11-01"),
        "2022-11-15",
        {"outcome": "asylblg", "deadline": "2022-12-01", "reasons": ["asylblg_until_switch"]},
        id="§ 74 SGB II: identity treatment on 2022-11-01, after the grace: AsylbLG in November",
    ),
    pytest.param(
        protected(first="2022-05-20", ed="2022-11-01"),
        "2022-12-01",
        {
            "outcome": "sgb2",
            "eligible_from": "2022-12-01",
            "reasons_include": ["fingerprinted_after_grace"],
        },
        id="§ 74 SGB II: identity treatment after the grace, SGB II from the month after",
    ),
    pytest.param(
        protected(first="2022-05-20", ed=None),
        "2022-09-01",
        {"outcome": "sgb2", "reasons_include": ["fingerprinting_grace"]},
        id="§ 74 SGB II: document by 2022-05-31, identity treatment still within the grace",
    ),
    pytest.param(
        protected(first="2022-05-20", ed=None),
        "2022-11-01",
        {"outcome": "unknown", "missing": ["fingerprinted_on"]},
        id="§ 74 SGB II: after the grace, identity treatment unknown",
    ),
    pytest.param(
        protected(first="2022-08-10", ed="2022-08-05"),
        "2022-08-31",
        {"outcome": "asylblg", "eligible_from": "2022-08-10", "deadline": "2022-09-01"},
        id="§ 1 Abs. 1 Nr. 3a AsylbLG: arrived later, AsylbLG to the month end",
    ),
    pytest.param(
        protected(first="2022-08-10", ed="2022-08-05"),
        "2022-09-01",
        {
            "outcome": "sgb2",
            "eligible_from": "2022-09-01",
            "reasons_include": ["switch_after_document_and_ed"],
        },
        id="§ 74 SGB II: arrived later, SGB II the month after document and ED",
    ),
    pytest.param(
        protected(statuses=[status("duldung", "2020-01-01")]),
        "2024-01-01",
        {"outcome": "not_applicable", "reasons": ["not_temporary_protection"]},
        id="§ 24 AufenthG: no temporary protection",
    ),
    pytest.param(
        protected(statuses=None),
        "2024-01-01",
        {"outcome": "unknown", "missing": ["statuses"]},
        id="§ 24 AufenthG: statuses unknown",
    ),
    pytest.param(
        protected(first="2025-03-31", ed="2025-03-31"),
        "2026-07-01",
        {
            "outcome": "sgb2",
            "version_from": "2026-07-01",
            "confirmed": False,
            "eligible_from": "2025-04-01",
            "reasons_include": ["first_title_by_cut_off"],
        },
        id="Leistungsrechtsanpassungsgesetz (draft): § 24 document on 2025-03-31 stays",
    ),
    pytest.param(
        protected(first="2025-04-01", ed="2025-04-01"),
        "2026-06-30",
        {
            "outcome": "sgb2",
            "version_from": "2022-06-01",
            "confirmed": True,
            "eligible_from": "2025-05-01",
        },
        id="§ 74 SGB II: first § 24 document on 2025-04-01, SGB II on 2026-06-30",
    ),
    pytest.param(
        protected(first="2025-04-01", ed="2025-04-01"),
        "2026-07-01",
        {
            "outcome": "sgb2",
            "confirmed": False,
            "deadline": "2026-09-30",
            "reasons_include": ["transition_until_end_of_approval"],
        },
        id="Leistungsrechtsanpassungsgesetz (draft): document 2025-04-01, transition",
    ),
    pytest.param(
        protected(first="2025-04-01", ed="2025-04-01"),
        "2026-09-30",
        {"outcome": "sgb2", "deadline": "2026-09-30"},
        id="Leistungsrechtsanpassungsgesetz (draft): the last day of the transition, 2026-09-30",
    ),
    pytest.param(
        protected(first="2025-04-01", ed="2025-04-01"),
        "2026-10-01",
        {
            "outcome": "asylblg",
            "confirmed": False,
            "eligible_from": "2026-10-01",
            "reasons": ["first_title_after_cut_off"],
        },
        id="Leistungsrechtsanpassungsgesetz (draft): AsylbLG from 2026-10-01 after the transition",
    ),
    pytest.param(
        protected(first="2026-08-01", ed="2026-08-01"),
        "2026-09-15",
        {"outcome": "asylblg", "eligible_from": "2026-08-01", "confirmed": False},
        id="Leistungsrechtsanpassungsgesetz (draft): document after entry into force",
    ),
]


@pytest.mark.parametrize(("facts", "on", "expected"), CASES)
def test_benefit_regime(facts: dict[str, Any], on: str, expected: dict[str, Any]) -> None:
    check(answer("benefit-regime", facts, on), expected)


def test_the_same_facts_on_two_dates_apply_the_version_valid_then() -> None:
    facts = protected(first="2025-06-01", ed="2025-06-01")
    before = answer("benefit-regime", facts, "2026-06-30")
    after = answer("benefit-regime", facts, "2026-12-01")
    assert (before.outcome, before.confirmed, str(before.version_from)) == (
        "sgb2",
        True,
        "2022-06-01",
    )
    assert (after.outcome, after.confirmed, str(after.version_from)) == (
        "asylblg",
        False,
        "2026-07-01",
    )


def test_the_application_date_does_not_choose_the_benefit_version() -> None:
    # Who pays is a question of the evaluation day, not of an application.
    result = answer("benefit-regime", protected(application_date="2022-05-01"), "2023-01-01")
    assert (result.outcome, str(result.version_from)) == ("sgb2", "2022-06-01")


def test_a_basis_written_with_a_space_is_the_same_norm() -> None:
    facts = protected(statuses=[status("fiktion", "2022-03-20", basis="§ 24")])
    assert answer("benefit-regime", facts, "2022-06-01").outcome == "sgb2"
