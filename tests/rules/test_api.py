"""The engine's interface: facts read or refused field by field, results in the contract's form,
every reason code explained, a generated crowd answered without an error."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from anlaufstelle.rules import REASONS, FactsError, Result, evaluate, load_rules
from bench.rules.check import people

CONTRACT_FIELDS = {
    "pid", "birth_date", "application_date", "entry_date", "statuses", "identity_clarified_on",
    "identity_reasonable_steps_on", "fingerprinted_on", "schooling", "german_qualification",
    "german_oral", "german_level", "civic_knowledge", "constitution_declaration", "employment",
    "livelihood_share_from_work", "able_to_work", "children", "convictions", "deception",
    "training", "removal_measures_imminent", "housing_sufficient", "qualification",
}  # fmt: skip
OUTCOMES = {"eligible", "not_eligible", "not_yet", "unknown"}
REGIMES = {"sgb2", "sgb12", "asylblg", "not_applicable", "unknown"}


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        pytest.param(
            {"birth_date": "2001-02-30"},
            "birth_date: expected a date YYYY-MM-DD, got '2001-02-30'",
            id="bad date",
        ),
        pytest.param(
            {"birth_date": 2001},
            "birth_date: expected a date YYYY-MM-DD, got 2001",
            id="number as date",
        ),
        pytest.param(
            {"deception": "no"}, "deception: expected true or false, got 'no'", id="text as flag"
        ),
        pytest.param(
            {"german_oral": "A3"},
            "german_oral: expected one of A1, A2, B1, B2, C1, C2, got 'A3'",
            id="level",
        ),
        pytest.param(
            {"livelihood_share_from_work": 1.5},
            "livelihood_share_from_work: expected a number from 0 to 1, got 1.5",
            id="share",
        ),
        pytest.param(
            {"statuses": {"kind": "duldung"}},
            "statuses: expected a list, got {'kind': 'duldung'}",
            id="not a list",
        ),
        pytest.param(
            {"statuses": ["duldung"]}, "statuses[0]: expected an object, got 'duldung'", id="item"
        ),
        pytest.param(
            {"statuses": [{"kind": "duldung", "from": "2020-1-1"}]},
            "statuses[0].from: expected a date YYYY-MM-DD, got '2020-1-1'",
            id="nested date",
        ),
        pytest.param(
            {"statuses": [{"kind": "asylum"}]},
            "statuses[0].kind: expected one of gestattung, duldung, duldung_light, permit, "
            "fiktion, none, got 'asylum'",
            id="kind",
        ),
        pytest.param(
            {"convictions": [{"daily_rates": 10.5}]},
            "convictions[0].daily_rates: expected a whole number, got 10.5",
            id="rates",
        ),
        pytest.param({"training": "yes"}, "training: expected an object, got 'yes'", id="training"),
    ],
)
def test_a_bad_fact_is_refused_naming_the_field(facts: dict[str, Any], message: str) -> None:
    with pytest.raises(FactsError) as caught:
        evaluate(facts, date(2026, 12, 2))
    assert str(caught.value) == message


def test_unknown_fields_are_ignored_and_nothing_known_is_guessed() -> None:
    results = evaluate({"pid": "X", "favourite_colour": "blue"}, date(2026, 12, 2))
    assert [r.rule for r in results] == [r.id for r in load_rules().rules]
    assert all(r.outcome == "unknown" and r.missing for r in results if r.rule != "aufenthg-104c")
    assert all(not r.reasons for r in results if r.outcome == "unknown")


def test_a_result_in_the_contracts_form() -> None:
    result = Result(
        "aufenthg-25b", "§ 25b Abs. 1 AufenthG", date(2022, 12, 31), "not_yet",
        date(2027, 1, 5), (), ("stay_years",), None, True,
    )  # fmt: skip
    assert result.to_json() == {
        "rule": "aufenthg-25b",
        "citation": "§ 25b Abs. 1 AufenthG",
        "version_from": "2022-12-31",
        "outcome": "not_yet",
        "eligible_from": "2027-01-05",
        "missing": [],
        "reasons": ["stay_years"],
        "deadline": None,
    }
    unconfirmed = Result(
        "benefit-regime", "x", date(2026, 7, 1), "asylblg", None, (), (), None, False
    )
    assert unconfirmed.to_json()["confirmed"] is False


def test_every_reason_is_explained_with_a_citation_or_said_to_have_none() -> None:
    for code, (text, citation) in REASONS.items():
        assert text.endswith(".") and text[0].isupper(), code
        assert isinstance(citation, str), code


# Where the reason codes start among each helper's arguments.
FIRST_REASON = {"met": 0, "failed": 0, "from_day": 2, "flag": 2, "german": 3, "duldung_for": 3}
FIRST_REASON["employed_for"] = 4


def _codes_in_the_source() -> set[str]:
    """Every code the rules' code passes as a literal reason (``"training_" + kind`` aside)."""
    found = set()
    root = Path(__file__).resolve().parents[2] / "anlaufstelle" / "rules"
    for name in ("residence.py", "benefit.py", "common.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            first = FIRST_REASON.get(node.func.id)
            args = node.args[first:] if first is not None else []
            args += [k.value for k in node.keywords if k.arg in {"reason", "late"}]
            found |= {a.value for a in args if isinstance(a, ast.Constant) and a.value}
    return found


def test_every_reason_the_code_gives_is_explained() -> None:
    codes = _codes_in_the_source()
    assert len(codes) > 50
    assert codes - set(REASONS) == set()


def test_a_generated_crowd_gets_only_explained_reasons_and_contract_fields_as_missing() -> None:
    on = date(2026, 12, 2)
    seen: set[str] = set()
    for facts in people(3000, 11, on) + people(1000, 12, date(2022, 9, 1)):
        for result in evaluate(facts, on):
            allowed = REGIMES if result.rule == "benefit-regime" else OUTCOMES
            assert result.outcome in allowed
            assert set(result.reasons) <= set(REASONS), result
            assert set(result.missing) <= CONTRACT_FIELDS, result
            assert (result.outcome == "unknown") == bool(result.missing), result
            day = on if result.rule == "benefit-regime" else facts.get("application_date", on)
            if result.outcome == "not_yet":
                assert result.eligible_from is not None and result.eligible_from > day, result
            if result.outcome in ("sgb2", "sgb12", "asylblg") and result.eligible_from:
                assert result.eligible_from <= day, result  # the regime pays already
            assert result.deadline is None or result.deadline >= day, result
            seen.update(result.reasons)
    assert len(seen) > 40
