"""The audit trail: who read or changed whose data, when and why.

Entries are append-only and hash-chained: each entry's hash covers its own content and the
previous entry's hash, and a single head row remembers the last sequence number and hash. So a
changed entry breaks its own hash, a removed or inserted one breaks the chain or the sequence,
and a removed last entry no longer matches the head. Database triggers refuse UPDATE and DELETE
on the entries, so the application itself cannot rewrite history either.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

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
            "at": self.at.isoformat(timespec="microseconds"),
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

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.prev_hash}|{payload}".encode()).hexdigest()


class ChainHead(models.Model):
    """One row: the last sequence number and hash. Locking it serialises writers of the chain."""

    last_seq = models.BigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
