"""The audit chain: entries are written in the caller's transaction, hash-chained, append-only,
and `verify` finds every kind of tampering."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from anlaufstelle.audit.models import GENESIS_HASH, AppendOnlyError, AuditEntry, ChainHead
from anlaufstelle.audit.services import Actor, record, verify
from tests.audit_guard import tamper

ACTOR = Actor(user_id=7, username="rezeption", agency="Lotsendienst", roles="reception")


def _write(n: int) -> list[AuditEntry]:
    return [
        record(
            actor=ACTOR,
            action="read",
            purpose="registration",
            person_id=100 + i,
            categories=["identity"],
            detail={"i": i},
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list | None = None) -> None:
    tamper("audit_auditentry", sql, params)


@pytest.mark.django_db
def test_entries_form_a_chain_from_genesis():
    first, second, third = _write(3)
    assert first.seq == 1 and first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (3, third.hash)
    assert verify().ok and verify().checked == 3


@pytest.mark.django_db
def test_entry_records_who_what_why_and_when():
    entry = _write(1)[0]
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.username == "rezeption" and stored.agency == "Lotsendienst"
    assert stored.role == "reception" and stored.purpose == "registration"
    assert stored.person_ref == 100 and stored.categories == ["identity"]
    assert stored.at is not None and stored.compute_hash() == stored.hash


@pytest.mark.django_db
def test_model_refuses_change_and_delete():
    entry = _write(1)[0]
    entry.purpose = "curiosity"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "registration"


@pytest.mark.django_db
def test_database_refuses_update_and_delete_even_past_the_model():
    entry = _write(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="curiosity")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "registration"


@pytest.mark.django_db
def test_audit_rolls_back_with_the_change_it_describes():
    with pytest.raises(RuntimeError), transaction.atomic():
        _write(1)
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == 0
    assert verify().ok


@pytest.mark.django_db
def test_verify_detects_a_changed_entry():
    _write(5)
    _raw("UPDATE audit_auditentry SET purpose = %s WHERE seq = 3", ["curiosity"])
    result = verify()
    assert not result.ok
    assert any("#3 was changed" in p for p in result.problems)


@pytest.mark.django_db
def test_verify_detects_a_removed_entry():
    _write(5)
    _raw("DELETE FROM audit_auditentry WHERE seq = 2")
    result = verify()
    assert not result.ok
    assert any("#2" in p and "missing" in p for p in result.problems)


@pytest.mark.django_db
def test_verify_detects_a_removed_last_entry():
    _write(4)
    _raw("DELETE FROM audit_auditentry WHERE seq = 4")
    result = verify()
    assert not result.ok
    assert any("head says #4" in p for p in result.problems)


@pytest.mark.django_db
def test_verify_detects_an_inserted_entry_even_with_a_valid_own_hash():
    entries = _write(3)
    # A forger renumbers the tail and slips an entry in between, hashing it properly.
    _raw("UPDATE audit_auditentry SET seq = seq + 10 WHERE seq >= 2")
    forged = AuditEntry(
        seq=2,
        at=entries[1].at,
        user_id_ref=1,
        username="forger",
        agency="",
        role="",
        action="read",
        purpose="x",
        person_ref=None,
        categories=[],
        detail={},
        prev_hash=entries[0].hash,
    )
    forged.hash = forged.compute_hash()
    forged.save()
    result = verify()
    assert not result.ok
    assert any("does not follow its predecessor" in p or "missing" in p for p in result.problems)


@pytest.mark.django_db
def test_verify_on_empty_trail_is_ok():
    assert verify().ok and verify().checked == 0
