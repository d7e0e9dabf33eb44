"""Someone who holds the database but not the audit key: each way of rewriting the trail is
found by `audit verify`, and named for what it is (rewritten, truncated, wiped), against the
signed checkpoints kept outside the database."""

from __future__ import annotations

import hashlib
import json
import time
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from anlaufstelle.audit import checkpoints
from anlaufstelle.audit.models import GENESIS_HASH, AuditEntry, ChainHead
from anlaufstelle.audit.services import Actor, record, verify
from tests.audit_guard import tamper

DESK = Actor(user_id=7, username="abh", agency="Ausländerbehörde", roles="desk_officer")
RECEPTION = Actor(user_id=8, username="rezeption", agency="Lotsendienst", roles="reception")


def _write(n: int) -> list[AuditEntry]:
    return [
        record(
            actor=DESK if i % 3 == 0 else RECEPTION,
            action="read",
            purpose="registration",
            person_id=100 + i,
            categories=["identity"],
            detail={"i": i},
        )
        for i in range(n)
    ]


def _checkpoint_now() -> checkpoints.Checkpoint:
    head = ChainHead.objects.get(pk=1)
    return checkpoints.append(head.last_seq, head.last_hash)


def _entries(sql: str, params: list | None = None) -> None:
    tamper("audit_auditentry", sql, params)


def _plain_sha(prev: str, entry: AuditEntry) -> str:
    # What a forger without the key can compute: the unkeyed hash of the old scheme.
    return hashlib.sha256(f"{prev}|{entry.payload()}".encode()).hexdigest()


@pytest.mark.django_db
def test_an_untouched_trail_with_its_checkpoints_is_intact(capsys):
    _write(5)
    _checkpoint_now()
    _write(2)
    _checkpoint_now()
    call_command("audit", "verify")
    assert "audit chain intact: 7 entries, 2 checkpoint(s) agree" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_entry_changed_behind_the_disabled_trigger_is_rewriting(capsys):
    _write(4)
    _checkpoint_now()
    _entries("UPDATE audit_auditentry SET username = 'someone' WHERE seq = 2")
    result = verify()
    assert result.kinds == ["rewritten"]
    assert any("#2 was changed" in text for text in result.problems)
    with pytest.raises(CommandError, match=r"audit chain broken \(rewritten\)"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_the_tail_cut_off_with_the_head_set_back_is_truncation():
    _write(6)
    _checkpoint_now()
    # The forger removes the last two entries and makes the head agree with what is left.
    last_kept = AuditEntry.objects.get(seq=4)
    _entries("DELETE FROM audit_auditentry WHERE seq > 4")
    ChainHead.objects.filter(pk=1).update(last_seq=4, last_hash=last_kept.hash)
    result = verify()
    assert result.kinds == ["truncated"]
    assert "entries after #4 are gone" in result.problems[0]
    assert "up to #6" in result.problems[0]


@pytest.mark.django_db
def test_one_users_entries_removed_and_the_rest_rehashed_is_rewriting():
    _write(9)
    _checkpoint_now()
    # Remove every entry of the desk officer, renumber the rest and chain them anew with the
    # only hash a forger without the key can compute; the head follows.
    _entries("DELETE FROM audit_auditentry WHERE username = 'abh'")
    prev = GENESIS_HASH
    for new_seq, entry in enumerate(AuditEntry.objects.order_by("seq"), start=1):
        entry.seq = new_seq
        entry.prev_hash = prev
        prev = _plain_sha(prev, entry)
        _entries(
            "UPDATE audit_auditentry SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [new_seq, entry.prev_hash, prev, entry.pk],
        )
    ChainHead.objects.filter(pk=1).update(last_seq=6, last_hash=prev)
    result = verify()
    assert "rewritten" in result.kinds
    assert sum("was changed after it was written" in text for text in result.problems) == 6
    # The checkpoint vouched for 9 entries; 6 are left.
    assert "truncated" in result.kinds


@pytest.mark.django_db
def test_a_wiped_trail_is_told_from_an_empty_one(capsys):
    _write(3)
    _checkpoint_now()
    tamper("audit_auditshown", "DELETE FROM audit_auditshown")
    _entries("DELETE FROM audit_auditentry")
    ChainHead.objects.all().delete()
    result = verify()
    assert result.kinds == ["wiped"]
    assert "the trail was wiped" in result.problems[0]
    with pytest.raises(CommandError, match=r"\(wiped\)"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_a_trail_that_never_had_entries_is_intact():
    result = verify()
    assert result.ok and result.checked == 0 and not result.warnings


@pytest.mark.django_db
def test_a_forged_checkpoint_line_is_reported(audit_checkpoints: Path):
    _write(2)
    _checkpoint_now()
    forged = {"format": checkpoints.FORMAT, "seq": 1, "hash": "f" * 64, "at": "2026-01-01"}
    with audit_checkpoints.open("a") as handle:
        handle.write(json.dumps({**forged, "mac": "0" * 64}) + "\n")
        handle.write("garbage\n")
    result = verify()
    assert result.kinds == ["checkpoint"]
    assert any(
        "line 2: not signed with this installation's audit key" in p for p in result.problems
    )
    assert any("line 3: not a checkpoint line" in p for p in result.problems)


@pytest.mark.django_db
def test_a_checkpoint_signed_with_another_key_does_not_count(settings):
    _write(2)
    settings.AUDIT_KEY = "another-installation-key-0123456789abcdef"
    _checkpoint_now()
    settings.AUDIT_KEY = "test-audit-key-that-is-long-enough-0123456789"
    assert verify().kinds == ["checkpoint"]


@pytest.mark.django_db
def test_without_checkpoints_verify_says_what_it_cannot_vouch_for(capsys):
    _write(2)
    call_command("audit", "verify")
    captured = capsys.readouterr()
    assert "audit chain intact: 2 entries, 0 checkpoint(s) agree" in captured.out
    assert "no checkpoints found" in captured.err


@pytest.mark.django_db
def test_an_officers_kept_checkpoint_is_checked_too(tmp_path: Path, capsys, settings):
    _write(3)
    call_command("audit", "checkpoint")
    kept = tmp_path / "kept-by-the-officer.txt"
    kept.write_text(capsys.readouterr().out)
    # The installation's own file is lost with the database server; the kept line still tells.
    Path(settings.AUDIT_CHECKPOINT_FILE).unlink()
    last_kept = AuditEntry.objects.get(seq=2)
    _entries("DELETE FROM audit_auditentry WHERE seq = 3")
    ChainHead.objects.filter(pk=1).update(last_seq=2, last_hash=last_kept.hash)
    with pytest.raises(CommandError, match=r"\(truncated\)"):
        call_command("audit", "verify", "--checkpoints", str(kept))


@pytest.mark.django_db
def test_a_missing_kept_file_is_one_line():
    with pytest.raises(CommandError, match="no such checkpoint file"):
        call_command("audit", "verify", "--checkpoints", "/nonexistent/kept.txt")


@pytest.mark.django_db
def test_entries_write_a_checkpoint_after_their_commit(
    audit_checkpoints: Path, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_SECONDS = 3600
    with django_capture_on_commit_callbacks(execute=True):
        _write(3)
    lines = audit_checkpoints.read_text().splitlines()
    # One per interval: the first entry's commit wrote it, the next two were not yet due.
    assert [checkpoints.parse(line) for line in lines] == [
        checkpoints.Checkpoint(1, AuditEntry.objects.get(seq=1).hash, _at(lines[0]))
    ]
    # The last one is checkpointed when the interval ends (here: at once) or the process exits.
    checkpoints.schedule.flush()
    lines = audit_checkpoints.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["seq"] == 3


def _at(line: str) -> str:
    return str(json.loads(line)["at"])


@pytest.mark.django_db
def test_a_commit_within_the_interval_is_checkpointed_when_it_ends(
    audit_checkpoints: Path, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_SECONDS = 1
    with django_capture_on_commit_callbacks(execute=True):
        _write(2)
    assert len(audit_checkpoints.read_text().splitlines()) == 1
    deadline = time.monotonic() + 5
    while len(audit_checkpoints.read_text().splitlines()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert json.loads(audit_checkpoints.read_text().splitlines()[1])["seq"] == 2


@pytest.mark.django_db
def test_an_unwritable_checkpoint_file_does_not_stop_the_desks(
    settings, tmp_path: Path, django_capture_on_commit_callbacks, caplog
):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "a-file" / "below-a-file.jsonl"
    (tmp_path / "a-file").write_text("")
    with django_capture_on_commit_callbacks(execute=True):
        _write(1)
    assert AuditEntry.objects.count() == 1
    assert "could not be written" in caplog.text


class _Editor:
    """The part of a schema editor the migration uses, on the test's own connection."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _seal():
    return import_module("anlaufstelle.audit.migrations.0005_keyed_chain").seal_with_key


@pytest.mark.django_db
def test_the_upgrade_reseals_an_intact_unkeyed_trail_with_the_key():
    entries = _write(4)
    prev = GENESIS_HASH
    for entry in entries:  # the trail as the previous release wrote it
        digest = _plain_sha(prev, entry)
        _entries(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE seq = %s",
            [prev, digest, entry.seq],
        )
        prev = digest
    ChainHead.objects.filter(pk=1).update(last_hash=prev)
    assert verify().kinds == ["rewritten"]  # unkeyed hashes do not pass as sealed ones
    _seal()(apps, _Editor())
    assert verify().ok
    # The guard the migration lifted for the re-seal is back.
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET username = 'x' WHERE seq = 1")


@pytest.mark.django_db
def test_the_upgrade_refuses_to_seal_a_broken_unkeyed_trail():
    _write(3)  # sealed with the key: not a valid unkeyed trail, as if tampered with before
    with pytest.raises(RuntimeError, match="broken at entry #1"):
        _seal()(apps, _Editor())
