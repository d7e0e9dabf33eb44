"""The `anlaufstelle` command as a coordinator runs it: the pure computations need no settings.

Each test runs the installed command in a process with an empty environment (no SECRET_KEY, no
DATABASE_URL, nothing but PATH) from an empty directory, and checks what it prints and that it
leaves nothing behind."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from anlaufstelle.planning.services import SAMPLES_DIR
from tests.databases import new_database, tables

COMMAND = Path(sys.executable).parent / "anlaufstelle"
RURAL = SAMPLES_DIR / "rural-walk-in.json"
EMPTY_ENV = {"PATH": "/usr/bin:/bin"}
# What a command that uses the database needs besides the database's address.
DJANGO_ENV = {
    **EMPTY_ENV,
    "SECRET_KEY": "s" * 40,
    "AUDIT_KEY": "a" * 40,
    "ALLOWED_HOSTS": "localhost",
}
DATABASE_COMMANDS = [["audit", "verify"], ["duplicates"], ["duplicates", "--json"]]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], cwd=cwd, env=EMPTY_ENV, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """An empty working directory; the test checks it is still empty afterwards."""
    directory = tmp_path / "cwd"
    directory.mkdir()
    return directory


def tiny_day(directory: Path) -> Path:
    day = {
        "format": "anlaufstelle-scenario/1",
        "opening_minutes": 60,
        "target_minutes": 45,
        "walk_minutes": 0.5,
        "services": [
            {"id": "a", "agency": "x", "requires": [], "typical_minutes": 5,
             "per_person_factor": 0},
            {"id": "b", "agency": "y", "requires": ["a"], "typical_minutes": 5,
             "per_person_factor": 0},
        ],
        "staff": [
            {"id": "S1", "skills": ["a"], "languages": [], "from": 0, "to": 120},
            {"id": "S2", "skills": ["b"], "languages": [], "from": 0, "to": 120},
        ],
        "interpreters": [],
        "visitors": [
            {"id": f"V{i}", "arrival": i * 5, "party_size": 1, "language": "uk",
             "needs_interpreter": False, "steps": {"a": 4, "b": 6}}
            for i in range(6)
        ],
    }  # fmt: skip
    path = directory.parent / "day.json"
    path.write_text(json.dumps(day), encoding="utf-8")
    return path


def test_simulate_runs_without_any_setting_and_writes_nothing(here: Path) -> None:
    done = run("simulate", str(RURAL), "--policy", "all", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("day: burgenland-walk-in-seed1  visitors: 74")
    assert lines[1].split() == ["figure", "silo", "pooled"]
    assert list(here.iterdir()) == []


def test_simulate_json(here: Path) -> None:
    done = run("simulate", str(RURAL), "--json", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    data = json.loads(done.stdout)
    assert (data["policy"], data["visitors"]) == ("pooled", 74)
    assert 0 < data["served"] <= 74


def test_generate_and_plan_json(here: Path) -> None:
    done = run("generate", "--forecast", "burgenland-walk-in", "--seed", "3", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    day = json.loads(done.stdout)
    assert (day["format"], day["seed"]) == ("anlaufstelle-scenario/1", 3)
    day_file = tiny_day(here)
    done = run("plan", str(day_file), "--headcount", "2", "--variations", "0", "--json", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(s["skills"] for s in json.loads(done.stdout)["staff"]) == [["a"], ["b"]]
    assert list(here.iterdir()) == []


def test_match_json_lines(here: Path) -> None:
    records = here.parent / "records.jsonl"
    records.write_text(
        json.dumps({"id": "P1", "given_names": "Oleksandr", "family_name": "Shevchenko",
                    "name_original": "Олександр Шевченко", "birth_date": "1980-05-17"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    queries = here.parent / "queries.jsonl"
    queries.write_text(
        json.dumps({"qid": "Q1", "given_names": "Олександр", "family_name": "Шевченко",
                    "birth_date": "1980-05-17"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    done = run("match", "--records", str(records), "--queries", str(queries), "--json", cwd=here)
    # match prints JSON lines anyway; an unknown option is a usage error like any other.
    assert done.returncode == 2 and done.stdout == ""
    done = run("match", "--records", str(records), "--queries", str(queries), cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    line = json.loads(done.stdout)
    assert line["qid"] == "Q1" and line["matches"][0]["id"] == "P1"
    assert line["matches"][0]["duplicate"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["simulate", "missing.json"], "missing.json: cannot read file"),
        (["simulate", str(RURAL), "--policy", "fifo"], "unknown policy 'fifo'"),
        (["generate", "--forecast", "nowhere.json"], "nowhere.json: cannot read file"),
        (["plan", str(RURAL)], "give --headcount N, --target-p90 MINUTES, or both"),
        (["match", "--records", "r.jsonl", "--queries", "q.jsonl"], "r.jsonl: cannot read"),
    ],
    ids=["simulate", "policy", "generate", "plan", "match"],
)
def test_bad_input_is_exit_2_and_one_line(here: Path, args: list[str], message: str) -> None:
    done = run(*args, cwd=here)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert list(here.iterdir()) == []


def test_help_lists_the_pure_commands_and_explains_each(here: Path) -> None:
    done = run("help", cwd=here)
    assert done.returncode == 0
    for name in ("simulate", "generate", "plan", "match", "migrate"):
        assert f"\n    {name}" in done.stdout, name
    done = run("help", "simulate", cwd=here)
    assert done.returncode == 0 and done.stdout.startswith("usage: anlaufstelle simulate")


def test_a_pure_command_does_not_import_django() -> None:
    # Start-up time: the pure commands are dispatched before Django is imported at all.
    code = (
        "import sys\n"
        "from anlaufstelle.cli import main\n"
        "try:\n"
        "    main(['simulate', '--help'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=EMPTY_ENV, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def run_on(database_url: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args],
        cwd=cwd,
        env={**DJANGO_ENV, "DATABASE_URL": database_url, "ANLAUFSTELLE_VAR_DIR": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_exit_2(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("anlaufstelle: ") and message in done.stderr, done.stderr


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=" ".join)
def test_an_unmigrated_database_is_exit_2_one_line_and_stays_empty(
    here: Path, args: list[str]
) -> None:
    database = here.parent / "empty.sqlite3"
    database.touch()
    done = run_on(f"sqlite:///{database}", args, cwd=here)
    assert_one_line_exit_2(done, f"the database {database} is not set up or not up to date")
    assert "run `anlaufstelle migrate` first" in done.stderr
    # Nothing created: not even Django's table of applied migrations.
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []
    finally:
        connection.close()
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=" ".join)
def test_an_unreachable_database_is_exit_2_and_one_line(here: Path, args: list[str]) -> None:
    # Port 1 on the loopback: nothing listens there, the connection is refused at once.
    done = run_on("postgres://postgres@127.0.0.1:1/anlaufstelle", args, cwd=here)
    assert_one_line_exit_2(done, "cannot reach the database anlaufstelle on 127.0.0.1:1: ")
    assert list(here.iterdir()) == []


def test_a_database_in_a_missing_folder_is_exit_2_and_one_line(here: Path) -> None:
    database = here.parent / "missing" / "db.sqlite3"
    done = run_on(f"sqlite:///{database}", ["audit", "verify"], cwd=here)
    assert_one_line_exit_2(done, f"cannot reach the database {database}: ")
    assert not database.parent.exists()


@pytest.fixture
def empty_database(here: Path):
    with new_database(here.parent, "unmigrated") as url:
        yield url


def test_an_unmigrated_database_of_the_tests_kind_is_exit_2_one_line_and_stays_empty(
    here: Path, empty_database: str
) -> None:
    # PostgreSQL answers a missing table with another error than SQLite (ProgrammingError), so
    # this runs on whichever database the tests run on (CI runs both).
    for args in DATABASE_COMMANDS:
        done = run_on(empty_database, args, cwd=here)
        assert_one_line_exit_2(done, "is not set up or not up to date")
    assert tables(empty_database) == []
    assert list(here.iterdir()) == []
