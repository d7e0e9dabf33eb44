"""`anlaufstelle rules check` and `rules list`: one JSON line per person in order; bad input
is exit status 2 with one line, and nothing is written."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from anlaufstelle.rules import load_rules
from anlaufstelle.rules.store import DATA_DIR

PEOPLE = Path(__file__).parent / "data" / "people.jsonl"
COMMAND = Path(sys.executable).parent / "anlaufstelle"


def rules(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("rules", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("rules", *args, stdout=out)
    assert caught.value.returncode == 2
    assert out.getvalue() == ""
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_check_writes_one_line_per_person_in_order_as_the_fixture_expects() -> None:
    people = [json.loads(line) for line in PEOPLE.read_text(encoding="utf-8").splitlines()]
    lines = rules("check", "--facts", str(PEOPLE), "--on", "2026-12-02").splitlines()
    assert len(lines) == len(people)
    for person, line in zip(people, lines, strict=True):
        out = json.loads(line)
        assert list(out) == ["pid", "on", "results"]
        assert (out["pid"], out["on"]) == (person["pid"], "2026-12-02")
        by_rule = {r["rule"]: r for r in out["results"]}
        assert list(by_rule) == [r.id for r in load_rules().rules]
        for rule, (outcome, eligible_from, deadline, *confirmed) in person["expect"].items():
            got = by_rule[rule]
            assert (got["outcome"], got["eligible_from"], got["deadline"]) == (
                outcome,
                eligible_from,
                deadline,
            ), (person["pid"], got)
            assert got.get("confirmed", True) is (confirmed[0] if confirmed else True)
        for result in out["results"]:
            assert set(result) >= {
                "rule", "citation", "version_from", "outcome", "eligible_from", "missing",
                "reasons", "deadline",
            }  # fmt: skip


def test_the_evaluation_date_chooses_the_benefit_version() -> None:
    earlier = rules("check", "--facts", str(PEOPLE), "--on", "2026-06-30").splitlines()
    regime = next(r for r in json.loads(earlier[2])["results"] if r["rule"] == "benefit-regime")
    assert (regime["outcome"], regime["version_from"], "confirmed" in regime) == (
        "sgb2",
        "2022-06-01",
        False,
    )


def test_check_with_a_rules_dir_uses_its_files(tmp_path: Path) -> None:
    text = (DATA_DIR / "aufenthg-60d.toml").read_text(encoding="utf-8")
    (tmp_path / "60d.toml").write_text(text.replace("hours_per_week = 20", "hours_per_week = 25"))
    line = rules(
        "check", "--facts", str(PEOPLE), "--on", "2026-12-02", "--rules-dir", str(tmp_path)
    ).splitlines()[4]
    result = next(r for r in json.loads(line)["results"] if r["rule"] == "aufenthg-60d")
    assert (result["outcome"], result["reasons"]) == ("not_eligible", ["employment_short"])


def test_list_shows_every_version_and_the_digest() -> None:
    text = rules("list")
    assert f"Rules digest: {load_rules().digest}" in text
    assert (
        "2026-07-01 – …  § 1 Abs. 1 Nr. 3a AsylbLG (Leistungsrechtsanpassungsgesetz, Entwurf)"
        in text
    )
    assert "[NOT CONFIRMED (proposed law)]" in text
    data = json.loads(rules("list", "--json"))
    assert data["digest"] == load_rules().digest
    assert [r["rule"] for r in data["rules"]][:2] == ["aufenthg-25a", "aufenthg-25b"]


def write(tmp_path: Path, *lines: Any) -> str:
    path = tmp_path / "facts.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return str(path)


def test_a_bad_date_on_line_2_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    facts = write(tmp_path, {"pid": "A"}, {"pid": "B", "birth_date": "2001-13-01"})
    message = refused("check", "--facts", facts, "--on", "2026-12-02")
    assert message == (f"{facts}, line 2: birth_date: expected a date YYYY-MM-DD, got '2001-13-01'")


@pytest.mark.parametrize(
    ("lines", "args", "message"),
    [
        pytest.param(['{"pid": "A"'], [], "line 1: not JSON (", id="not json"),
        pytest.param(["[1, 2]"], [], "line 1: expected a JSON object", id="not an object"),
        pytest.param(
            [{"statuses": [{"kind": "asylum"}]}],
            [],
            "line 1: statuses[0].kind: expected one of gestattung",
            id="kind",
        ),
        pytest.param(
            [{"pid": "A"}],
            ["--on", "2026-02-30"],
            "--on: expected a date YYYY-MM-DD, got '2026-02-30'",
            id="on",
        ),
        pytest.param(
            [{"pid": "A"}],
            ["--rules-dir", "/nowhere/at/all"],
            "the rules cannot be read: /nowhere/at/all: not a directory",
            id="rules dir",
        ),
    ],
)
def test_bad_input_is_refused_in_one_line(
    tmp_path: Path, lines: list[Any], args: list[str], message: str
) -> None:
    assert message in refused("check", "--facts", write(tmp_path, *lines), *args)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "cannot read" in refused("check", "--facts", str(tmp_path / "none.jsonl"))


def test_the_installed_command_exits_2_with_one_line_on_stderr(tmp_path: Path) -> None:
    facts = write(tmp_path, {"pid": "A"}, {"pid": "B", "deception": "perhaps"})
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "s" * 40,
        "AUDIT_KEY": "a" * 40,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ANLAUFSTELLE_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [str(COMMAND), "rules", "check", "--facts", facts, "--on", "2026-12-02"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    # In the centre's language (LANGUAGE_CODE, German) like every message of the command line.
    assert "Zeile 2" in done.stderr and "deception" in done.stderr and "'perhaps'" in done.stderr
    ok = subprocess.run(
        [str(COMMAND), "rules", "check", "--facts", str(PEOPLE), "--on", "2026-12-02"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert [json.loads(x)["pid"] for x in ok.stdout.splitlines()] == [f"P{i}" for i in range(1, 7)]


def test_check_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"pid": "S1"}\n\n{"pid": "S2"}\n'))
    lines = rules("check", "--facts", "-", "--on", "2026-12-02").splitlines()
    assert [json.loads(line)["pid"] for line in lines] == ["S1", "S2"]


def test_check_uses_the_rules_dir_setting(tmp_path: Path) -> None:
    text = (DATA_DIR / "aufenthg-60d.toml").read_text(encoding="utf-8")
    (tmp_path / "60d.toml").write_text(text.replace("hours_per_week = 20", "hours_per_week = 25"))
    with override_settings(RULES_DIR=str(tmp_path)):
        line = rules("check", "--facts", str(PEOPLE), "--on", "2026-12-02").splitlines()[4]
    result = next(r for r in json.loads(line)["results"] if r["rule"] == "aufenthg-60d")
    assert result["outcome"] == "not_eligible"
