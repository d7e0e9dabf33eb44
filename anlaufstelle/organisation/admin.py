"""Administrators set up the organisation in the Django admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from anlaufstelle.core.roles import Role
from anlaufstelle.organisation import rights, twofactor, twofactor_views
from anlaufstelle.organisation.forms import (
    InterpreterAdminForm,
    ServiceAdminForm,
    StaffMemberAdminForm,
)
from anlaufstelle.organisation.models import (
    Agency,
    Desk,
    Interpreter,
    RightsRequest,
    Service,
    Site,
    StaffMember,
)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "is_popup", "open_from", "open_until", "desk_count"]
    list_filter = ["is_popup"]
    search_fields = ["name", "address"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Site]:
        return super().get_queryset(request).annotate(desk_count=Count("desks"))

    @admin.display(description=_("desks"), ordering="desk_count")
    def desk_count(self, obj: Any) -> int:
        return obj.desk_count


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "controller_name"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "controller_name"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceAdminForm
    list_display = [
        "code",
        "service_name",
        "leika_key",
        "agency",
        "typical_minutes",
        "per_person_factor",
        "active",
    ]
    list_filter = ["active", "agency"]
    list_select_related = ["agency"]
    search_fields = ["code", "leika_key", "names"]
    filter_horizontal = ["prerequisites"]

    @admin.display(description=_("name"))
    def service_name(self, obj: Service) -> str:
        return obj.name


class AnyonesDeskFilter(admin.SimpleListFilter):
    title = _("anyone's desk")
    parameter_name = "anyone"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Desk]) -> QuerySet[Desk]:
        if self.value() == "yes":
            return queryset.filter(agencies__isnull=True)
        if self.value() == "no":
            return queryset.filter(agencies__isnull=False).distinct()
        return queryset


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["number", "site", "room", "agency_names"]
    list_filter = ["site", AnyonesDeskFilter, "agencies"]
    list_select_related = ["site"]
    search_fields = ["number", "room", "site__name"]
    filter_horizontal = ["agencies"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Desk]:
        return super().get_queryset(request).prefetch_related("agencies")

    @admin.display(description=_("agencies"))
    def agency_names(self, obj: Desk) -> str:
        return ", ".join(a.name for a in obj.agencies.all()) or str(_("anyone's desk"))


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Role.choices)

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[StaffMember]
    ) -> QuerySet[StaffMember]:
        if self.value() in Role.values:
            # The roles are a JSON list; matching the quoted code works on SQLite and PostgreSQL.
            return queryset.filter(roles__icontains=f'"{self.value()}"')
        return queryset


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    form = StaffMemberAdminForm
    list_display = ["__str__", "username", "agency", "role_list", "language_list"]
    list_filter = ["agency", RoleFilter]
    list_select_related = ["user", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    filter_horizontal = ["skills"]
    raw_id_fields = ["user"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)

        class OwnRolesForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                staff = self.instance
                user = data.get("user") or getattr(staff, "user", None)
                if user is not None and user.pk == request.user.pk and not staff.pk:
                    granted = set(data.get("roles") or []) & rights.SENSITIVE_ROLES
                    if granted and not set(data.get("roles") or []) - granted:
                        raise forms.ValidationError(
                            gettext(
                                "No one can give themselves these roles alone: ask a second"
                                " administrator to create your staff record."
                            )
                        )
                return data

        return OwnRolesForm

    def save_model(self, request: Any, obj: StaffMember, form: Any, change: bool) -> None:
        # One's own sensitive roles wait for a second administrator; the rest applies now.
        wanted = list(obj.roles)
        granted = rights.self_granted(obj, wanted, request.user)
        if not granted:
            super().save_model(request, obj, form, change)
            return
        obj.roles = [role for role in wanted if role not in granted]
        super().save_model(request, obj, form, change)
        rights.ask(obj, wanted, request.user)
        messages.warning(
            request,
            gettext(
                "The roles you gave yourself (%(roles)s) wait for a second administrator"
                " under “Requests for roles”; until then you keep your other roles."
            )
            % {"roles": ", ".join(str(dict(Role.choices)[role]) for role in sorted(granted))},
        )

    @admin.display(description=_("user name"), ordering="user__username")
    def username(self, obj: StaffMember) -> str:
        return obj.user.get_username()

    @admin.display(description=_("roles"))
    def role_list(self, obj: StaffMember) -> str:
        return obj.get_roles_display()

    @admin.display(description=_("languages"))
    def language_list(self, obj: StaffMember) -> str:
        return obj.language_names


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    form = InterpreterAdminForm
    list_display = ["name", "kind", "language_list", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "phone"]
    raw_id_fields = ["user"]

    @admin.display(description=_("languages"))
    def language_list(self, obj: Interpreter) -> str:
        return obj.language_names


@admin.register(RightsRequest)
class RightsRequestAdmin(admin.ModelAdmin):
    """Read only: requests are decided on the staff page “Requests for roles”, by another
    administrator than the one who asked."""

    list_display = ["staff", "roles", "requested_by", "requested_at", "status", "decided_by"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


User = get_user_model()


class AccountAdmin(UserAdmin):
    """Django's user admin, refusing to raise one's own rights (flags, groups, permissions)
    with a message at the field instead of a refused save; and the way another administrator
    helps someone who lost the phone with their second factor."""

    actions = ["remove_second_factor"]

    @admin.action(description=_("Remove the second factor (set up again at the next sign-in)"))
    def remove_second_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        own = queryset.filter(pk=request.user.pk).exists()
        if own:
            # With one's own phone lost, one cannot be here; a thief with the password could.
            self.message_user(
                request,
                gettext("No one removes their own second factor here; ask another administrator."),
                messages.ERROR,
            )
        removed = [user for user in queryset.exclude(pk=request.user.pk) if twofactor.remove(user)]
        if removed:
            names = ", ".join(user.get_username() for user in removed)
            self.message_user(
                request,
                gettext("Second factor removed for: %(names)s") % {"names": names},
                messages.SUCCESS,
            )

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk != request.user.pk:
            return form

        class OwnAccountForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                message = gettext("No one can give themselves these rights alone.")
                for flag in ("is_staff", "is_superuser"):
                    if data.get(flag) and not getattr(obj, flag):
                        self.add_error(flag, message)
                for name in ("groups", "user_permissions"):
                    if name in data and set(data[name]) - set(getattr(obj, name).all()):
                        self.add_error(name, message)
                return data

        return OwnAccountForm


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AccountAdmin)

# The key of a second factor is nobody's to read, not even an administrator's.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
# The admin signs in through the same two-step login as every other page.
admin.site.login = twofactor_views.admin_login  # type: ignore[method-assign]
