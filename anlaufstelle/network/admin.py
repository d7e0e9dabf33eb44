from django.contrib import admin

from anlaufstelle.network.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "kind", "active")
    list_filter = ("kind", "active", "agency")
