"""Administrators set up accommodations, rooms and beds in the Django admin. Placements and
waiting entries are a person's data: they are not here, only on the housing desk's pages, which
ask the access decision and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from anlaufstelle.housing.models import Accommodation, Bed, Room


class RoomInline(admin.TabularInline):
    model = Room
    extra = 1


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "site", "accessible", "cost", "cost_period"]
    list_filter = ["kind", "accessible", "takes_families", "takes_single_women"]
    search_fields = ["name", "address"]
    inlines = [RoomInline]


class BedInline(admin.TabularInline):
    model = Bed
    extra = 2


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["label", "accommodation", "floor", "accessible"]
    list_filter = ["accommodation"]
    inlines = [BedInline]
