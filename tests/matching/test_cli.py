from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from anlaufstelle.matching.cli import run_match


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_match(argv, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path, people: list[dict[str, Any]]) -> tuple[Path, Path]:
    records = write_jsonl(tmp_path / "records.jsonl", people)
    queries = write_jsonl(
        tmp_path / "queries.jsonl",
        [
            {"qid": "Q1", "given_names": "Дмитро", "family_name": "Щербак",
             "birth_date": "1977-02-14", "sex": "m", "nationality": None},
            {"qid": "Q2", "family_name": "Shevchenko"},
            {"qid": "Q3", "given_names": "Nobody", "family_name": "Atall", "birth_date": "1901"},
        ],
    )  # fmt: skip
    return records, queries


def test_one_json_line_per_query_best_first(files: tuple[Path, Path]) -> None:
    records, queries = files
    code, out, err = run(["--records", str(records), "--queries", str(queries), "--top", "2"])
    assert code == 0 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["qid"] for line in lines] == ["Q1", "Q2", "Q3"]
    first = lines[0]["matches"][0]
    assert set(first) == {"id", "score", "duplicate"}
    assert first["id"] == "P9" and first["duplicate"] is True and 0 < first["score"] <= 1
    assert len(lines[1]["matches"]) == 2  # --top 2
    scores = [m["score"] for m in lines[1]["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert all(not m["duplicate"] for m in lines[2]["matches"])


def test_default_top_is_ten(tmp_path: Path) -> None:
    recs = [{"id": f"P{i}", "given_names": "Ivan", "family_name": "Petrenko"} for i in range(15)]
    records = write_jsonl(tmp_path / "r.jsonl", recs)
    queries = write_jsonl(tmp_path / "q.jsonl", [{"qid": "Q", "family_name": "Petrenko"}])
    code, out, _ = run(["--records", str(records), "--queries", str(queries)])
    assert code == 0
    assert len(json.loads(out)["matches"]) == 10


def bad_run(tmp_path: Path, records: list[Any], queries: list[Any]) -> tuple[int, str, str]:
    r = tmp_path / "r.jsonl"
    r.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in records) + "\n")
    q = tmp_path / "q.jsonl"
    q.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in queries) + "\n")
    return run(["--records", str(r), "--queries", str(q)])


def test_bad_field_names_file_line_and_field(tmp_path: Path) -> None:
    code, out, err = bad_run(
        tmp_path,
        [{"id": "P1", "family_name": "Huk"}, {"id": "P2", "birth_date": "1990-02-31"}],
        [{"qid": "Q1"}],
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "r.jsonl:2:" in err and "birth_date" in err
    assert "Traceback" not in err


def test_invalid_json_and_missing_qid(tmp_path: Path) -> None:
    code, _, err = bad_run(tmp_path, [{"id": "P1"}], [{"qid": "Q1"}, "{not json"])
    assert code == 2 and "q.jsonl:2:" in err and "invalid JSON" in err
    code, _, err = bad_run(tmp_path, [{"id": "P1"}], [{"family_name": "Huk"}])
    assert code == 2 and "q.jsonl:1:" in err and "qid" in err
    code, _, err = bad_run(tmp_path, [{"id": "P1"}, {"id": "P1"}], [{"qid": "Q1"}])
    assert code == 2 and "r.jsonl:2:" in err and "'id'" in err
    code, _, err = bad_run(tmp_path, ["[1, 2]"], [{"qid": "Q1"}])
    assert code == 2 and "r.jsonl:1:" in err and "object" in err


def test_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    code, _, err = run(["--records", str(tmp_path / "nope.jsonl"), "--queries", "x"])
    assert code == 2 and "nope.jsonl" in err and "cannot read" in err
    code, _, err = run(["--records", "r.jsonl"])
    assert code == 2 and "--queries" in err
    code, _, err = run(["--records", "r", "--queries", "q", "--top", "0"])
    assert code == 2 and "--top" in err


def test_help_goes_to_out() -> None:
    code, out, err = run(["--help"])
    assert code == 0 and "--records" in out and err == ""


HOSTILE_LINES = {
    "nested": ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
    "long integer": ('{"qid": ' + "9" * 5000 + "}", "invalid JSON: a number with too many digits"),
    "nested qid": ('{"qid": ' + "[" * 900 + "]" * 900 + "}", ""),
    "endless line": ("x" * (2 * 1024 * 1024), "line longer than 1048576 characters"),
}


@pytest.mark.parametrize("case", list(HOSTILE_LINES))
def test_a_hostile_line_is_one_line_and_exit_2(
    tmp_path: Path, people: list[dict[str, Any]], case: str
) -> None:
    line, detail = HOSTILE_LINES[case]
    records = write_jsonl(tmp_path / "records.jsonl", people)
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"qid": "Q1", "family_name": "Shevchenko"}\n' + line + "\n", "utf-8")
    code, out, err = run(["--records", str(records), "--queries", str(queries)])
    assert (code, out) == (2, "")
    assert "Traceback" not in err and err.count("\n") == 1
    assert err.startswith(f"{queries}:2: ") and detail in err
