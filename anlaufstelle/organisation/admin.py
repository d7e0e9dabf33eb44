"""Administrators set up the organisation in the Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.forms import (
    InterpreterAdminForm,
    ServiceAdminForm,
    StaffMemberAdminForm,
)
from anlaufstelle.organisation.models import Agency, Desk, Interpreter, Service, Site, StaffMember


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
