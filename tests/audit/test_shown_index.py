"""The index of people shown: written with each entry, append-only like it, and checked against
the entries' `shown` lists by `audit verify`."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from anlaufstelle.audit.log import LogFilter, filtered_entries
from anlaufstelle.audit.models import (
    GENESIS_HASH,
    AppendOnlyError,
    AuditEntry,
    AuditShown,
    ChainHead,
)
from anlaufstelle.audit.services import Actor, record, verify
from tests.audit_guard import tamper

ACTOR = Actor(1, "rezeption", "Lotsendienst", "reception")


def _search(shown: list[int], person_id: int | None = None):
    return record(
        actor=ACTOR,
        action="search",
        purpose="registration",
        person_id=person_id,
        categories=["identity"],
        detail={"results": len(shown), "shown": shown},
    )


def _tamper(sql: str, params: list | None = None) -> None:
    tamper("audit_auditshown", sql, params)


@pytest.mark.django_db
def test_each_shown_person_gets_one_index_row_with_the_entry():
    entry = _search([7, 3, 7])
    assert sorted(AuditShown.objects.values_list("person_ref", flat=True)) == [3, 7]
    assert {row.entry_id for row in AuditShown.objects.all()} == {entry.pk}
    assert verify().ok


@pytest.mark.django_db
def test_a_shown_list_that_is_no_list_of_ids_is_refused():
    with pytest.raises(ValueError):
        _search(["7"])


@pytest.mark.django_db
def test_the_person_filter_finds_entries_about_and_listing_the_person():
    about = _search([], person_id=5)
    listing = _search([5, 6])
    _search([6])
    found = list(filtered_entries(LogFilter(person=5)))
    assert [e.pk for e in found] == [listing.pk, about.pk]
    assert list(filtered_entries(LogFilter(person=8))) == []


@pytest.mark.django_db
def test_index_rows_are_append_only():
    _search([5])
    row = AuditShown.objects.get()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditShown.objects.filter(pk=row.pk).update(person_ref=6)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditShown.objects.filter(pk=row.pk).delete()
    assert AuditShown.objects.get().person_ref == 5


@pytest.mark.django_db
def test_verify_reports_a_missing_index_row(capsys):
    _search([5, 6])
    _tamper("DELETE FROM audit_auditshown WHERE person_ref = %s", [6])
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")
    assert "#1: the index of people shown does not match" in capsys.readouterr().err


@pytest.mark.django_db
def test_verify_reports_a_changed_index_row(capsys):
    _search([5])
    _search([6])
    _tamper("UPDATE audit_auditshown SET person_ref = %s WHERE person_ref = %s", [9, 6])
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "#2: the index of people shown does not match its detail (missing [6], extra [9])" in err
    assert "#1" not in err


@pytest.mark.django_db
def test_the_migration_indexes_entries_written_before_the_index():
    migration = importlib.import_module("anlaufstelle.audit.migrations.0004_shown_index")
    entry = AuditEntry(
        seq=1,
        at=timezone.now(),
        action="search",
        purpose="registration",
        detail={"results": 2, "shown": [4, 2]},
        prev_hash=GENESIS_HASH,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    ChainHead.objects.create(pk=1, last_seq=1, last_hash=entry.hash)
    assert not verify().ok
    migration.index_earlier_entries(apps, None)
    assert sorted(AuditShown.objects.values_list("person_ref", flat=True)) == [2, 4]
    assert verify().ok
