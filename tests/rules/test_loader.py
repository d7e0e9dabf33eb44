"""The rules files: the loader's errors name file, rule and field; override folders replace or
extend the built-in rules and change the digest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from anlaufstelle.rules import RulesError, evaluate, load_rules
from anlaufstelle.rules.store import DATA_DIR

RULE_IDS = [
    "aufenthg-25a",
    "aufenthg-25b",
    "aufenthg-104c",
    "aufenthg-60c",
    "aufenthg-60d",
    "aufenthg-19d",
    "aufenthg-16g",
    "benefit-regime",
]
YOUNG = {
    "pid": "L1",
    "birth_date": "1999-06-01",
    "statuses": [{"kind": "duldung", "from": "2019-01-01", "to": None}],
    "german_qualification": True,
    "deception": False,
}


def builtin(rule_id: str) -> str:
    return (DATA_DIR / f"{rule_id}.toml").read_text(encoding="utf-8")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def outcome_25a(rules_dir: Path | None, on: str = "2026-12-02") -> str:
    result = evaluate(YOUNG, date.fromisoformat(on), load_rules(rules_dir))[0]
    assert result.rule == "aufenthg-25a"
    return result.outcome


def test_the_built_in_rules_load_once_in_the_contracts_order_with_a_digest() -> None:
    rules = load_rules()
    assert [r.id for r in rules.rules] == RULE_IDS
    assert rules is load_rules()
    assert len(rules.digest) == 16 and int(rules.digest, 16) >= 0
    assert all(r.versions and r.citation and r.title for r in rules.rules)
    benefit = rules.rule("benefit-regime")
    assert [v.confirmed for v in benefit.versions] == [True, True, False]
    assert str(benefit.versions[-1].valid_from) == "2026-07-01"


def test_a_replacing_file_corrects_a_figure_and_changes_the_digest(tmp_path: Path) -> None:
    # 27 years and 6 months old on the day: too old, unless a lawyer moves the limit to 28.
    assert outcome_25a(None) == "not_eligible"
    write(tmp_path, "25a.toml", builtin("aufenthg-25a").replace("age_limit = 27", "age_limit = 28"))
    assert outcome_25a(tmp_path) == "eligible"
    assert load_rules(tmp_path).digest != load_rules().digest
    assert load_rules(tmp_path).rule("aufenthg-25a").file == str(tmp_path / "25a.toml")


def test_an_extending_file_adds_a_version_and_closes_the_open_one(tmp_path: Path) -> None:
    write(
        tmp_path,
        "more.toml",
        """
id = "aufenthg-25a"
mode = "extend"

[[versions]]
valid_from = 2022-12-31
valid_until = 2026-12-31
citation = "§ 25a Abs. 1 AufenthG"
source = "as before"
confirmed = true
[versions.parameters]
min_age = 14
age_limit = 27
stay_years = 3
school_years = 3
duldung_months = 12
car_until = 2027-06-30
gap_months = 3
max_gaps = 1

[[versions]]
valid_from = 2027-01-01
citation = "§ 25a Abs. 1 AufenthG (new)"
source = "a future amendment"
confirmed = false
[versions.parameters]
min_age = 14
age_limit = 30
stay_years = 3
school_years = 3
duldung_months = 12
gap_months = 3
max_gaps = 1
""",
    )
    rules = load_rules(tmp_path)
    versions = rules.rule("aufenthg-25a").versions
    assert [str(v.valid_from) for v in versions] == ["2015-08-01", "2022-12-31", "2027-01-01"]
    assert rules.rule("aufenthg-25a").title == load_rules().rule("aufenthg-25a").title
    assert outcome_25a(tmp_path, "2026-12-02") == "not_eligible"
    result = evaluate(YOUNG, date(2027, 1, 1), rules)[0]
    assert (result.outcome, result.confirmed, result.citation) == (
        "eligible",
        False,
        "§ 25a Abs. 1 AufenthG (new)",
    )


def test_an_empty_rules_dir_setting_means_the_built_in_rules() -> None:
    assert load_rules("") is load_rules()


def _broken(tmp_path: Path, old: str, new: str, rule_id: str = "aufenthg-60d") -> str:
    text = builtin(rule_id)
    assert old in text
    write(tmp_path, "x.toml", text.replace(old, new, 1))
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_bad_date_names_file_rule_and_field(tmp_path: Path) -> None:
    message = _broken(tmp_path, "entry_by = 2018-08-01", 'entry_by = "2018-02-30"')
    assert message.startswith(f"{tmp_path / 'x.toml'}: rule aufenthg-60d: versions[0]")
    assert "parameters.entry_by: expected a date YYYY-MM-DD, got '2018-02-30'" in message


def test_a_bad_valid_from_names_the_field(tmp_path: Path) -> None:
    message = _broken(tmp_path, "valid_from = 2024-02-27", 'valid_from = "27.02.2024"')
    assert "rule aufenthg-60d: versions[1].valid_from: expected a date YYYY-MM-DD" in message


def test_overlapping_versions_are_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, "valid_until = 2024-02-26", "valid_until = 2024-02-27")
    assert (
        "rule aufenthg-60d: versions overlap: 2020-01-01–2024-02-27 and the one from 2024-02-27"
        in message
    )


def test_an_unknown_parameter_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    message = _broken(tmp_path, "hours_per_week = 35", "hours_a_week = 35")
    assert "versions[0].parameters.hours_a_week: unknown parameter (parameters: " in message
    assert "hours_per_week" in message


def test_a_missing_parameter_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, "hours_per_week = 35\n", "")
    assert message.endswith("rule aufenthg-60d: versions[0].parameters.hours_per_week: missing")


def test_a_parameter_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, 'german_oral = "A2"', 'german_oral = "A3"')
    assert (
        "versions[0].parameters.german_oral: expected a CEFR level (A1, A2, B1, B2, C1, C2), "
        "got 'A3'" in message
    )


def test_a_valid_until_before_valid_from_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, "valid_until = 2024-02-26", "valid_until = 2019-12-31")
    assert "versions[0].valid_until: 2019-12-31 is before valid_from 2020-01-01" in message


def test_confirmed_must_be_said(tmp_path: Path) -> None:
    message = _broken(tmp_path, "confirmed = true", 'confirmed = "yes"')
    assert "versions[0].confirmed: expected true or false, got 'yes'" in message


def test_an_unknown_rule_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, 'id = "aufenthg-60d"', 'id = "aufenthg-99"')
    assert "rule aufenthg-99: id: no such rule (rules: aufenthg-25a, " in message


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "x.toml", "id = \n")
    with pytest.raises(RulesError, match=r"x\.toml: not a TOML file"):
        load_rules(tmp_path)


def test_two_files_for_one_rule_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", builtin("aufenthg-19d"))
    write(tmp_path, "b.toml", builtin("aufenthg-19d"))
    with pytest.raises(RulesError, match=r"b\.toml: rule aufenthg-19d: also in .*a\.toml"):
        load_rules(tmp_path)


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="not a directory"):
        load_rules(tmp_path / "nowhere")


def test_a_104c_version_with_new_applications_needs_its_cut_off(tmp_path: Path) -> None:
    message = _broken(
        tmp_path,
        "cut_off = 2022-10-31     # five years uninterrupted on this day\n",
        "",
        "aufenthg-104c",
    )
    assert message.endswith("rule aufenthg-104c: versions[0].parameters.cut_off: missing")


def test_a_folder_is_read_once_and_again_after_an_edit(tmp_path: Path) -> None:
    path = write(tmp_path, "25a.toml", builtin("aufenthg-25a"))
    first = load_rules(tmp_path)
    assert load_rules(tmp_path) is first
    path.write_text(builtin("aufenthg-25a").replace("age_limit = 27", "age_limit = 280"))
    assert load_rules(tmp_path).digest != first.digest
    assert outcome_25a(tmp_path) == "eligible"
