"""Writing and checking the audit trail. Call `record` inside the transaction of the change it
describes, so that the change and its audit entry commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from anlaufstelle.audit.models import GENESIS_HASH, AuditEntry, AuditShown, ChainHead, shown_ids


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    agency: str
    roles: str

    @classmethod
    def from_user(cls, user: Any) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(user_id=None, username="system", agency="", roles="")
        staff = getattr(user, "staff_member", None)
        return cls(
            user_id=user.pk,
            username=user.get_username(),
            agency=str(staff.agency) if staff is not None and staff.agency_id else "",
            roles=",".join(sorted(staff.roles)) if staff is not None else "",
        )


# No savepoint of its own: a failed entry must roll back the change it describes anyway, and
# a savepoint costs two more round trips on every read of a person's data.
@transaction.atomic(savepoint=False)
def record(
    *,
    actor: Actor,
    action: str,
    purpose: str,
    person_id: int | None = None,
    categories: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
    now: Any = None,
) -> AuditEntry:
    head = _locked_head()
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=now or timezone.now(),
        user_id_ref=actor.user_id,
        username=actor.username,
        agency=actor.agency,
        role=actor.roles,
        action=action,
        purpose=purpose,
        person_ref=person_id,
        categories=sorted(set(categories)),
        detail=detail or {},
        prev_hash=head.last_hash,
    )
    entry.hash = entry.compute_hash()
    # The locked head hands out each number once and the database keeps it unique: no query
    # to check the uniqueness first.
    entry.full_clean(validate_unique=False)
    entry.save()
    # The index behind the filter by person, in the same transaction as the entry it derives from.
    AuditShown.objects.bulk_create(
        AuditShown(entry=entry, person_ref=pk) for pk in shown_ids(entry.detail)
    )
    ChainHead.objects.filter(pk=head.pk).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def _locked_head() -> ChainHead:
    # select_for_update takes a row lock on PostgreSQL; SQLite already serialises writers.
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problems: list[str]


def verify(*, batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in sequence order and report every break, and every entry whose index of
    people shown (outside the hash) disagrees with the `shown` list in its detail."""
    problems: list[str] = []
    indexed = 0
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        batch_problems, batch_rows = _index_problems(batch)
        problems.extend(batch_problems)
        indexed += batch_rows
        for entry in batch:
            if entry.seq != expected_seq:
                problems.append(
                    f"entry #{expected_seq}–#{entry.seq - 1} missing (removed entries)"
                    if entry.seq > expected_seq
                    else f"entry #{entry.seq} out of order"
                )
            if entry.prev_hash != expected_prev:
                problems.append(
                    f"entry #{entry.seq} does not follow its predecessor (inserted or reordered)"
                )
            if entry.compute_hash() != entry.hash:
                problems.append(f"entry #{entry.seq} was changed after it was written")
            expected_prev = entry.hash
            expected_seq = entry.seq + 1
            last_id = entry.seq
            checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != last_id or head.last_hash != expected_prev):
        problems.append(
            f"the chain ends at #{last_id} but the head says #{head.last_seq}"
            " (entries at the end were removed or the head was changed)"
        )
    if head is None and checked:
        problems.append("the chain head is missing")
    stray = AuditShown.objects.count() - indexed
    if stray:
        problems.append(f"{stray} index row(s) of people shown belong to no entry")
    return VerifyResult(ok=not problems, checked=checked, problems=problems)


def _index_problems(batch: list[AuditEntry]) -> tuple[list[str], int]:
    """What is wrong with the index rows of these entries, and how many rows they have."""
    stored: dict[int, set[int]] = {}
    rows = 0
    for entry_id, person_ref in AuditShown.objects.filter(entry__in=batch).values_list(
        "entry_id", "person_ref"
    ):
        stored.setdefault(entry_id, set()).add(person_ref)
        rows += 1
    problems = []
    for entry in batch:
        try:
            wanted = set(shown_ids(entry.detail))
        except ValueError:
            problems.append(f"entry #{entry.seq} has an unreadable list of people shown")
            continue
        found = stored.get(entry.pk, set())
        if found != wanted:
            problems.append(
                f"entry #{entry.seq}: the index of people shown does not match its detail"
                f" (missing {sorted(wanted - found)}, extra {sorted(found - wanted)})"
            )
    return problems, rows
