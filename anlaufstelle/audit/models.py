"""The audit trail: who read or changed whose data, when and why.

Entries are append-only and chained: each entry's hash is an HMAC, under a key kept outside the
database (settings.AUDIT_KEY), of its own content and the previous entry's hash, and a single
head row remembers the last sequence number and hash. So a changed entry breaks its own hash, a
removed or inserted one breaks the chain or the sequence, and a removed last entry no longer
matches the head. Without the key nobody can re-seal a rewritten trail; signed checkpoints
outside the database (checkpoints.py) tell a cut-off or wiped trail from a short one. Database
triggers refuse UPDATE and DELETE on the entries, and the application's own database role may
not lift them (grants.py), so the application itself cannot rewrite history either.

Whose names an entry's page listed (a search, a duplicate check) is in its detail as
`"shown": [person ids]`, covered by the hash. `AuditShown` repeats those ids one row each, so that
the officer's filter by person finds such entries with a plain index on SQLite and PostgreSQL
alike (JSON containment is not portable). The rows are derived data outside the hash: they are
written with their entry, append-only like it, and `audit verify` checks them against the detail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    READ = "read", _("read")
    SEARCH = "search", _("search")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    MERGE = "merge", _("merge")
    # Its own action, so that the log tells an undo from the merge it reverses.
    UNMERGE = "unmerge", _("undo of a merge")
    EXPORT = "export", _("export")
    # Roles and rights of staff and user accounts given, changed or taken away.
    RIGHTS = "rights", _("change of rights")
    # A read or search refused because its pattern lists the registry (people/services/pace.py).
    REFUSED = "refused", _("refused")


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    user_id_ref = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    role = models.CharField(_("roles"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    purpose = models.CharField(_("purpose"), max_length=64)
    person_ref = models.BigIntegerField(_("person id"), null=True, blank=True, db_index=True)
    categories = models.JSONField(_("data categories"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        # The pace of one user's reads and searches in the last hour (people/services/pace.py).
        indexes = [models.Index(fields=["user_id_ref", "at"], name="audit_user_time")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    def get_purpose_display(self) -> str:
        labels = dict(Purpose.choices)
        return str(labels.get(self.purpose, self.purpose))

    def get_categories_display(self) -> str:
        labels = dict(Category.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.categories)

    def content(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            # In UTC, as the database gives it back: a time written in another zone would
            # otherwise read back as a different text and break its own seal.
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "user": self.user_id_ref,
            "username": self.username,
            "agency": self.agency,
            "role": self.role,
            "action": self.action,
            "purpose": self.purpose,
            "person": self.person_ref,
            "categories": sorted(self.categories),
            "detail": self.detail,
        }

    def payload(self) -> str:
        return json.dumps(self.content(), sort_keys=True, ensure_ascii=False, default=str)

    def compute_hash(self) -> str:
        return seal(self.prev_hash, self.payload())


def seal(prev_hash: str, payload: str) -> str:
    """The keyed hash of an entry: HMAC-SHA256 over the previous hash and the entry's content."""
    message = f"{prev_hash}|{payload}".encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def shown_ids(detail: dict[str, Any]) -> list[int]:
    """The ids of the people whose names an entry's page listed, sorted and once each."""
    shown = detail.get("shown", [])
    if not isinstance(shown, list) or not all(
        isinstance(pk, int) and not isinstance(pk, bool) for pk in shown
    ):
        raise ValueError(f"'shown' must be a list of person ids, not {shown!r}")
    return sorted(set(shown))


class AuditShown(models.Model):
    """One person an entry's page listed: the index behind the officer's filter by person."""

    entry = models.ForeignKey(
        AuditEntry, on_delete=models.PROTECT, related_name="shown_rows", verbose_name=_("entry")
    )
    person_ref = models.BigIntegerField(_("person id"), db_index=True)

    class Meta:
        verbose_name = _("person shown in an audit entry")
        verbose_name_plural = _("people shown in audit entries")
        constraints = [
            models.UniqueConstraint(fields=["entry", "person_ref"], name="audit_shown_once")
        ]

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.person_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit index rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit index rows cannot be deleted")


class ChainHead(models.Model):
    """One row: the last sequence number and hash. Locking it serialises writers of the chain."""

    last_seq = models.BigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
