"""Writing and checking the audit trail. Call `record` inside the transaction of the change it
describes, so that the change and its audit entry commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from anlaufstelle.audit import checkpoints
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
    transaction.on_commit(partial(checkpoints.schedule.write, entry.seq, entry.hash))
    return entry


def _locked_head() -> ChainHead:
    # select_for_update takes a row lock on PostgreSQL; SQLite already serialises writers.
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


# What `audit verify` can find, by what it means for the trail.
REWRITTEN = "rewritten"  # an entry's content or seal changed, an entry slipped in, or re-sealed
REMOVED = "removed"  # entries missing between others
TRUNCATED = "truncated"  # entries cut off at the end
WIPED = "wiped"  # no entries at all where there were some
CHECKPOINT = "checkpoint"  # a checkpoint line that this installation did not sign
INDEX = "index"  # the index of people shown disagrees with the entries


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    findings: list[Finding]
    # What the check could not vouch for, without being a sign of tampering itself.
    warnings: list[str]
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def problems(self) -> list[str]:
        return [finding.text for finding in self.findings]

    @property
    def kinds(self) -> list[str]:
        return sorted({finding.kind for finding in self.findings})


def verify(
    *, batch_size: int = 2000, checkpoint_files: Iterable[Path] | None = None
) -> VerifyResult:
    """Walk the chain in sequence order and report every break, every entry whose index of
    people shown (outside the hash) disagrees with the `shown` list in its detail, and every
    disagreement with the signed checkpoints kept outside the database (the configured file,
    or `checkpoint_files`)."""
    paths = (
        [Path(settings.AUDIT_CHECKPOINT_FILE)]
        if checkpoint_files is None
        else list(checkpoint_files)
    )
    kept, bad_lines = checkpoints.read(paths)
    wanted = {checkpoint.seq for checkpoint in kept}
    hashes: dict[int, str] = {}
    findings: list[Finding] = []
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
        findings.extend(Finding(INDEX, text) for text in batch_problems)
        indexed += batch_rows
        for entry in batch:
            if entry.seq != expected_seq:
                findings.append(
                    Finding(
                        REMOVED, f"entry #{expected_seq}–#{entry.seq - 1} missing (removed entries)"
                    )
                    if entry.seq > expected_seq
                    else Finding(REWRITTEN, f"entry #{entry.seq} out of order")
                )
            if entry.prev_hash != expected_prev:
                findings.append(
                    Finding(
                        REWRITTEN,
                        f"entry #{entry.seq} does not follow its predecessor"
                        " (inserted or reordered)",
                    )
                )
            if entry.compute_hash() != entry.hash:
                findings.append(
                    Finding(
                        REWRITTEN,
                        f"entry #{entry.seq} was changed after it was written"
                        " (its seal does not match its content under the audit key)",
                    )
                )
            if entry.seq in wanted:
                hashes[entry.seq] = entry.hash
            expected_prev = entry.hash
            expected_seq = entry.seq + 1
            last_id = entry.seq
            checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != last_id or head.last_hash != expected_prev):
        if checked == 0:
            findings.append(
                Finding(WIPED, f"the trail is empty but its head says #{head.last_seq} (wiped)")
            )
        else:
            findings.append(
                Finding(
                    TRUNCATED,
                    f"the chain ends at #{last_id} but the head says #{head.last_seq}"
                    " (entries at the end were removed or the head was changed)",
                )
            )
    if head is None and checked:
        findings.append(Finding(TRUNCATED, "the chain head is missing"))
    stray = AuditShown.objects.count() - indexed
    if stray:
        findings.append(Finding(INDEX, f"{stray} index row(s) of people shown belong to no entry"))
    findings.extend(_checkpoint_findings(kept, hashes, checked, last_id))
    findings.extend(
        Finding(CHECKPOINT, f"{line.source}, line {line.number}: {line.reason}")
        for line in bad_lines
    )
    warnings = []
    if checked and not kept:
        warnings.append(
            "no checkpoints found in " + ", ".join(map(str, paths)) + ": entries cut off at the"
            " end together with the head could not be told from a shorter trail"
        )
    elif kept:
        latest = max(kept, key=lambda checkpoint: checkpoint.seq)
        if latest.seq < last_id:
            warnings.append(
                f"entries after #{latest.seq} (checkpoint of {latest.at}) are covered by the"
                " chain only, not yet by a checkpoint"
            )
    return VerifyResult(
        checked=checked, findings=findings, warnings=warnings, checkpoints=len(kept)
    )


def _checkpoint_findings(
    kept: list[checkpoints.Checkpoint], hashes: dict[int, str], checked: int, last_id: int
) -> list[Finding]:
    """Compare the database with the checkpoints: the furthest one beyond the end tells a cut-off
    or wiped trail; every one whose entry now has another seal tells a rewritten one."""
    findings: list[Finding] = []
    beyond = [checkpoint for checkpoint in kept if checkpoint.seq > last_id]
    if beyond:
        furthest = max(beyond, key=lambda checkpoint: checkpoint.seq)
        if checked == 0:
            findings.append(
                Finding(
                    WIPED,
                    f"the trail was wiped: it holds no entries, but the checkpoint of"
                    f" {furthest.at} vouches for entries up to #{furthest.seq}",
                )
            )
        else:
            findings.append(
                Finding(
                    TRUNCATED,
                    f"entries after #{last_id} are gone: the checkpoint of {furthest.at}"
                    f" vouches for entries up to #{furthest.seq} (truncated)",
                )
            )
    differing = sorted(
        {
            checkpoint
            for checkpoint in kept
            if checkpoint.seq in hashes and hashes[checkpoint.seq] != checkpoint.hash
        },
        key=lambda checkpoint: checkpoint.seq,
    )
    for checkpoint in differing:
        findings.append(
            Finding(
                REWRITTEN,
                f"entry #{checkpoint.seq} is not the one the checkpoint of {checkpoint.at}"
                " vouches for (the trail was rewritten up to there)",
            )
        )
    return findings


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
