"""Roles and rights: every change is in the audit trail, and no administrator gives themselves
a role that opens people's data or the trail alone.

The records come from model signals, so that every path is covered: a staff screen, the Django
admin, a command, the demo loader. Whoever acts in a request is the actor (core/actor.py); a
command acts as the system. A change of one's own roles that adds a sensitive one is refused at
the model (`SelfGrantRefused`); the admin turns it into a `RightsRequest` that a second
administrator confirms or rejects.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.actor import acting_user
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import RightsRequest, StaffMember

# Roles that open people's data or the audit trail, or hand out roles: never self-given.
SENSITIVE_ROLES = frozenset(
    {Role.DATA_PROTECTION, Role.DESK_OFFICER, Role.PARTNER, Role.ADMINISTRATOR}
)
USER_FLAGS = ("is_active", "is_staff", "is_superuser")


class SelfGrantRefused(PermissionDenied):
    pass


class RequestRefused(Exception):
    """A decision on a request that cannot be made, in words for the administrator."""


def self_granted(staff: StaffMember, roles: list[str], user: Any) -> set[str]:
    """The sensitive roles `user` would give themselves by setting `staff`'s roles to `roles`."""
    if user is None or staff.user_id != user.pk:
        return set()
    before = set()
    if staff.pk:
        before = set(StaffMember.objects.filter(pk=staff.pk).values_list("roles", flat=True)[0])
    return (set(roles) - before) & SENSITIVE_ROLES


def _record(detail: dict[str, Any]) -> None:
    record(
        actor=Actor.from_user(acting_user()),
        action=Action.RIGHTS,
        purpose=Purpose.ADMINISTRATION,
        detail=detail,
    )


# Staff members: roles and agency on save, skills on change of the list, and removal.


def _staff_before(sender: Any, instance: StaffMember, **kwargs: Any) -> None:
    old = StaffMember.objects.filter(pk=instance.pk).values("roles", "agency_id").first()
    instance._rights_before = old  # type: ignore[attr-defined]
    granted = (set(instance.roles) - set(old["roles"] if old else [])) & SENSITIVE_ROLES
    user = acting_user()
    if granted and user is not None and user.pk == instance.user_id:
        raise SelfGrantRefused(_("No one can give themselves these roles alone."))


def _staff_after(sender: Any, instance: StaffMember, created: bool, **kwargs: Any) -> None:
    old = getattr(instance, "_rights_before", None) or {"roles": [], "agency_id": None}
    changes: dict[str, Any] = {}
    if sorted(old["roles"]) != sorted(instance.roles) or created:
        changes["roles"] = [sorted(old["roles"]), sorted(instance.roles)]
    if old["agency_id"] != instance.agency_id or created:
        changes["agency"] = [old["agency_id"], instance.agency_id]
    if changes:
        _record(_staff_detail(instance, "created" if created else "changed", changes))


def _staff_skills(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(
        instance, StaffMember
    ):
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _record(_staff_detail(instance, "changed", {f"skills {verb}": sorted(pk_set or [])}))


def _staff_removed(sender: Any, instance: StaffMember, **kwargs: Any) -> None:
    _record(_staff_detail(instance, "removed", {"roles": [sorted(instance.roles), []]}))


def _staff_detail(staff: StaffMember, what: str, changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "account": staff.user_id,
        "username": staff.user.get_username(),
        "what": f"staff member {what}",
        "changes": changes,
    }


# User accounts: the flags that open the admin or everything, groups and permissions.


def _user_before(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and not set(update_fields) & set(USER_FLAGS):
        return  # e.g. the last sign-in time: nothing about rights, and no extra query
    old = sender.objects.filter(pk=instance.pk).values(*USER_FLAGS).first()
    instance._rights_before = old
    user = acting_user()
    if old and user is not None and user.pk == instance.pk:
        for flag in ("is_staff", "is_superuser"):
            if getattr(instance, flag) and not old[flag]:
                raise SelfGrantRefused(_("No one can give themselves these rights alone."))


def _user_after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not hasattr(instance, "_rights_before"):
        return
    old = instance._rights_before or dict.fromkeys(USER_FLAGS, None)
    del instance._rights_before
    changes = {
        flag: [old[flag], getattr(instance, flag)]
        for flag in USER_FLAGS
        if created or old[flag] != getattr(instance, flag)
    }
    if changes:
        _record(_user_detail(instance, "created" if created else "changed", changes))


def _user_lists(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, model: Any, **kwargs: Any
) -> None:
    if action not in {"pre_add", "post_add", "post_remove", "post_clear"}:
        return
    if not isinstance(instance, get_user_model()):
        return  # a group's side of the same relation: its members are recorded per user
    name = model._meta.model_name  # group, permission
    user = acting_user()
    if action == "pre_add":
        if user is not None and user.pk == instance.pk and pk_set:
            raise SelfGrantRefused(_("No one can give themselves these rights alone."))
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _record(_user_detail(instance, "changed", {f"{name}s {verb}": sorted(pk_set or [])}))


def _user_removed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _record(_user_detail(instance, "removed", {}))


def _user_detail(user: Any, what: str, changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "account": user.pk,
        "username": user.get_username(),
        "what": f"account {what}",
        "changes": changes,
    }


def record_account_change(user: Any, what: str) -> None:
    """A change to how an account signs in (its second factor), as a change of rights."""
    _record({"account": user.pk, "username": user.get_username(), "what": what, "changes": {}})


def connect() -> None:
    User = get_user_model()
    uid = "anlaufstelle.organisation.rights."
    pre_save.connect(_staff_before, sender=StaffMember, dispatch_uid=uid + "staff_before")
    post_save.connect(_staff_after, sender=StaffMember, dispatch_uid=uid + "staff_after")
    post_delete.connect(_staff_removed, sender=StaffMember, dispatch_uid=uid + "staff_removed")
    m2m_changed.connect(
        _staff_skills, sender=StaffMember.skills.through, dispatch_uid=uid + "skills"
    )
    pre_save.connect(_user_before, sender=User, dispatch_uid=uid + "user_before")
    post_save.connect(_user_after, sender=User, dispatch_uid=uid + "user_after")
    post_delete.connect(_user_removed, sender=User, dispatch_uid=uid + "user_removed")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(_user_lists, sender=through, dispatch_uid=uid + through.__name__)


# Requests for one's own sensitive roles.


@transaction.atomic
def ask(staff: StaffMember, roles: list[str], by: Any) -> RightsRequest:
    request = RightsRequest.objects.create(staff=staff, roles=sorted(roles), requested_by=by)
    _record(_request_detail(request, "asked"))
    return request


@transaction.atomic
def decide(request_id: int, by: Any, *, confirm: bool) -> RightsRequest:
    request = (
        RightsRequest.objects.select_for_update()
        .select_related("staff__user")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.status != RightsRequest.Status.PENDING:
        raise RequestRefused(_("This request has been decided already."))
    if request.requested_by_id == by.pk or request.staff.user_id == by.pk:
        raise RequestRefused(_("A second administrator must decide on this request, not you."))
    request.status = RightsRequest.Status.CONFIRMED if confirm else RightsRequest.Status.REJECTED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    _record(_request_detail(request, "confirmed" if confirm else "rejected"))
    if confirm:
        staff = request.staff
        staff.roles = sorted(set(staff.roles) | set(request.roles))
        staff.save(update_fields=["roles"])  # by the decider: not a self-grant
    return request


def _request_detail(request: RightsRequest, what: str) -> dict[str, Any]:
    return {
        "account": request.staff.user_id,
        "username": request.staff.user.get_username(),
        "what": f"request for roles {what}",
        "request": request.pk,
        "roles": request.roles,
        "asked by": request.requested_by_id,
    }
