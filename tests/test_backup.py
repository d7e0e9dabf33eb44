"""A backup that has been tried: `anlaufstelle backup` on a working installation, `restore` on a
fresh machine (a new, empty database and an empty var/), then `audit verify` passes there and
the people are all back. Runs the installed command on the kind of database the tests run on."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.databases import count, new_database, tables
from tests.test_cli import DJANGO_ENV

COMMAND = Path(sys.executable).parent / "anlaufstelle"


def _cli(url: str, var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**DJANGO_ENV, "DATABASE_URL": url, "ANLAUFSTELLE_VAR_DIR": str(var)}
    return subprocess.run(
        [str(COMMAND), *args], env=env, cwd=var, capture_output=True, text=True, timeout=300
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout


def _one_line_exit_2(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert message in done.stderr, done.stderr


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory):
    """A working installation with the demo centre, its media and checkpoints, and a backup."""
    var = tmp_path_factory.mktemp("old-machine")
    with new_database(var, "original") as url:
        _ok(_cli(url, var, "migrate", "--noinput", "-v", "0"))
        _ok(_cli(url, var, "demo", "--people", "25"))
        scan = var / "media" / "documents" / "pass-0001.txt"
        scan.parent.mkdir(parents=True)
        scan.write_text("a scanned page")
        archive = var / "backup.tar.gz"
        out = _ok(_cli(url, var, "backup", str(archive)))
        yield url, var, archive, out


def test_a_backup_restores_on_a_fresh_machine_and_verifies(installation, tmp_path: Path):
    url, var, archive, out = installation
    assert f"backup written to {archive}" in out and "1 file(s)" in out
    fresh = tmp_path / "new-machine"
    fresh.mkdir()
    with new_database(fresh, "restored") as new_url:
        done = _ok(_cli(new_url, fresh, "restore", str(archive)))
        assert "restored" in done and "1 file(s)" in done
        verified = _ok(_cli(new_url, fresh, "audit", "verify"))
        assert "audit chain intact" in verified and "checkpoint(s) agree" in verified
        assert " 0 checkpoint(s)" not in verified
        for table in ("people_person", "audit_auditentry", "organisation_staffmember"):
            assert count(new_url, table) == count(url, table) > 0, table
    assert (fresh / "media" / "documents" / "pass-0001.txt").read_text() == "a scanned page"


def test_a_restore_into_a_database_in_use_is_refused(installation):
    url, var, archive, _out = installation
    before = count(url, "people_person")
    _one_line_exit_2(_cli(url, var, "restore", str(archive)), "is not empty")
    assert count(url, "people_person") == before


def test_a_damaged_backup_restores_nothing(installation, tmp_path: Path):
    _url, _var, archive, _out = installation
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name.startswith("database.") and data is not None:
                content = data.read() + b"\0"  # one byte more: the digest tells
                member.size = len(content)
                target.addfile(member, io.BytesIO(content))
            else:
                target.addfile(member, data)
    fresh = tmp_path / "new-machine"
    fresh.mkdir()
    with new_database(fresh, "untouched") as new_url:
        _one_line_exit_2(_cli(new_url, fresh, "restore", str(damaged)), "missing or damaged")
        assert tables(new_url) == []
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(gzip.compress(b"not a tar archive"))
    with new_database(fresh, "untouched2") as new_url:
        _one_line_exit_2(_cli(new_url, fresh, "restore", str(truncated)), "not a readable backup")
        _one_line_exit_2(
            _cli(new_url, fresh, "restore", str(tmp_path / "nope.tar.gz")), "no such file"
        )


def test_a_backup_never_overwrites(installation):
    url, var, archive, _out = installation
    _one_line_exit_2(_cli(url, var, "backup", str(archive)), "exists already")
