"""Seal the audit chain with the key (settings.AUDIT_KEY) instead of a plain SHA-256.

Entries written before this release carry unkeyed hashes, which anyone with write access to the
database could recompute. This migration first checks the whole unkeyed chain; only if it is
intact does it re-seal every entry, in order, with the keyed hash, so that one rule holds for the
whole trail from here on. A broken chain stops the upgrade with a message instead of being
sealed (which would launder the tampering). The content of the entries does not change.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

GENESIS_HASH = "0" * 64
BATCH = 2000

# The guards of 0002_append_only, lifted for the re-seal and put back right after.
LIFT = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entry_no_update",
    ],
    "postgresql": ["ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only"],
}
RESTORE = {
    "sqlite": [
        """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
           BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    ],
    "postgresql": ["ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only"],
}


def _payload(entry):
    # The entry's content as AuditEntry.content() defined it when this migration was written.
    content = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "user": entry.user_id_ref,
        "username": entry.username,
        "agency": entry.agency,
        "role": entry.role,
        "action": entry.action,
        "purpose": entry.purpose,
        "person": entry.person_ref,
        "categories": sorted(entry.categories),
        "detail": entry.detail,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)


def _plain(prev_hash, payload):
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def _keyed(prev_hash, payload):
    message = f"{prev_hash}|{payload}".encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def _walk(AuditEntry):
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:BATCH])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def seal_with_key(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    if not AuditEntry.objects.exists():
        return
    expected_seq, prev = 1, GENESIS_HASH
    for entry in _walk(AuditEntry):
        payload = _payload(entry)
        if entry.seq != expected_seq or entry.prev_hash != prev or _plain(prev, payload) != entry.hash:
            raise RuntimeError(
                f"The audit chain is broken at entry #{entry.seq}; it is not sealed with the key."
                " Keep this database for the data-protection officer and restore the last backup"
                " whose `anlaufstelle audit verify` passed before upgrading."
            )
        expected_seq, prev = entry.seq + 1, entry.hash
    head = ChainHead.objects.filter(pk=1).first()
    if head is None or head.last_seq != expected_seq - 1 or head.last_hash != prev:
        raise RuntimeError(
            "The audit chain head does not match its last entry; it is not sealed with the key."
        )

    vendor = schema_editor.connection.vendor
    for statement in LIFT.get(vendor, []):
        schema_editor.execute(statement)
    prev, pending = GENESIS_HASH, []
    for entry in _walk(AuditEntry):
        entry.prev_hash = prev
        entry.hash = prev = _keyed(prev, _payload(entry))
        pending.append(entry)
        if len(pending) >= BATCH:
            AuditEntry.objects.bulk_update(pending, ["prev_hash", "hash"])
            pending = []
    AuditEntry.objects.bulk_update(pending, ["prev_hash", "hash"])
    ChainHead.objects.filter(pk=1).update(last_hash=prev)
    for statement in RESTORE.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_shown_index")]

    # Irreversible on purpose: going back would mean re-sealing without the key.
    operations = [migrations.RunPython(seal_with_key, elidable=False)]
